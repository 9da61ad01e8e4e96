package refi

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// ReplaceText replaces the plain text of src (a text source, note or PDF
// representation of the document's project) with text, which is kept with
// the document and written in its place. A text held inline
// (PlainTextContent) is replaced there; a text in the archive keeps its
// internal:// path; a text outside it (relative://, absolute://) becomes
// internal://<GUID>.txt. Selections and the rich text are left as they
// are: remapping them is the caller's work (package remap does it). The
// rich text still holds the old text: when the caller lets it go (clears
// RichTextPath, as package remap does), a Writer leaves its file out of
// the archive it writes, counted dropped, rather than copy it as a file
// nothing names. It fails when text is not valid UTF-8 or is larger than
// the document's text size limit, and then changes nothing.
func (d *Document) ReplaceText(src *TextSource, text string) error {
	if !utf8.ValidString(text) {
		return fmt.Errorf("refi: the new text of %q is not valid UTF-8", src.Name)
	}
	if max := d.limits().MaxTextSize; int64(len(text)) > max {
		return fmt.Errorf("%w: the new text of %q has %d bytes (limit %d)", ErrLimit, src.Name, len(text), max)
	}
	if src.PlainTextPath == "" {
		src.PlainTextContent = text
		return nil
	}
	if d.a == nil {
		d.a = &archive{limits: Limits{}.WithDefaults()}
	}
	if d.a.added == nil {
		d.a.added = map[string][]byte{}
	}
	res := d.a.resolve(src.PlainTextPath)
	file := res.internal
	if file == "" || res.why != "" || res.external != "" {
		file = string(NewGUID()) + ".txt"
		src.PlainTextPath = "internal://" + file
	}
	d.a.added[file] = withBOM(strings.TrimPrefix(text, "\uFEFF"), false)
	if rich := d.a.resolve(src.RichTextPath); rich.internal != "" {
		if d.a.superseded == nil {
			d.a.superseded = map[string]bool{}
		}
		d.a.superseded[strings.ToLower(rich.internal)] = true
	}
	return nil
}
