package refi

import (
	"errors"
	"fmt"
	"strings"
	"unsafe"
)

// detect decides the position convention and checks selection ranges.
func (r *Reader) detect(doc *Document, ws *warnings) (Detection, error) {
	p := doc.Project
	det := newDetector()
	type lens struct {
		owner string
		guid  GUID
		n     [nCandidates]int64
		sels  []TextSelection
	}
	var measured []lens
	// one buffer and one index serve every text in turn
	var buf []byte
	txt := &Text{}
	visit := func(owner string, t *TextSource) {
		if len(t.Selections) == 0 {
			return
		}
		if t.PlainTextPath == "" {
			if t.PlainTextContent == "" {
				// no text at all: one warning for the source, not one
				// "past the end" per selection
				var past int
				for _, s := range t.Selections {
					if s.End > 0 && s.Start >= 0 && s.Start <= s.End {
						past++
					}
				}
				if past > 0 {
					ws.add(Warning{Code: WarnMissingSource, File: doc.File, Path: owner, GUID: t.GUID,
						Message: fmt.Sprintf("the text has neither plainTextPath nor PlainTextContent, so %d of its %d selections have no text", past, len(t.Selections))})
				}
				return
			}
			txt.reset(t.PlainTextContent)
		} else {
			b, wasUTF16, err := doc.a.readText(buf, t.PlainTextPath)
			if err != nil {
				// missing and unsafe paths were reported by checkSources;
				// a file too large, corrupt or badly encoded is reported here
				if !errors.Is(err, ErrNotFound) && !errors.Is(err, ErrInsecurePath) {
					ws.add(Warning{Code: WarnMissingSource, File: doc.File, Path: owner, GUID: t.GUID,
						Message: fmt.Sprintf("the text cannot be read: %s", strings.TrimPrefix(err.Error(), "refi: "))})
				}
				return
			}
			if !wasUTF16 {
				buf = b
			}
			// the index refers to buf only until the next text is read
			txt.reset(unsafe.String(unsafe.SliceData(b), len(b)))
			txt.utf16 = wasUTF16
		}
		if !txt.ValidUTF8() {
			ws.add(Warning{Code: WarnTextEncoding, File: doc.File, Path: owner, GUID: t.GUID,
				Message: fmt.Sprintf("text %s is not valid UTF-8; invalid bytes count as one character each", t.PlainTextPath)})
		}
		if txt.utf16 {
			ws.add(Warning{Code: WarnTextEncoding, File: doc.File, Path: owner, GUID: t.GUID,
				Message: fmt.Sprintf("text %s is UTF-16, not UTF-8 as the standard requires; read as UTF-16", t.PlainTextPath)})
		}
		spans := make([][2]int64, len(t.Selections))
		for i, s := range t.Selections {
			spans[i] = [2]int64{s.Start, s.End}
		}
		det.add(txt, spans)
		var l lens
		l.owner, l.guid, l.sels = owner, t.GUID, t.Selections
		for i, c := range candidates {
			l.n[i] = txt.Len(c)
		}
		measured = append(measured, l)
	}
	for i, s := range p.Sources {
		owner := fmt.Sprintf("/Project/Sources/%s[%d]", s.Element(), i+1)
		switch s := s.(type) {
		case *TextSource:
			visit(owner, s)
		case *PDFSource:
			if s.Representation != nil {
				visit(owner+"/Representation", s.Representation)
			}
		case *PictureSource:
			if s.TextDescription != nil {
				visit(owner+"/TextDescription", s.TextDescription)
			}
		}
	}
	for i, n := range p.Notes {
		visit(fmt.Sprintf("/Project/Notes/Note[%d]", i+1), n)
	}
	result, msg := det.decide(p.Origin, r.Positions)
	if msg != "" {
		ws.add(Warning{Code: WarnPositionUnit, File: doc.File, Message: msg})
	}
	ci := 0
	for i, c := range candidates {
		if c == result.Positions {
			ci = i
		}
	}
	for _, l := range measured {
		n := l.n[ci]
		for i, s := range l.sels {
			if s.End > n && s.Start <= s.End && s.Start >= 0 {
				ws.add(Warning{Code: WarnSelectionRange, File: doc.File, Path: fmt.Sprintf("%s/PlainTextSelection[%d]", l.owner, i+1), GUID: s.GUID,
					Message: fmt.Sprintf("selection ends at %d, past the end of its text (length %d in %s)", s.End, n, result.Positions)})
			}
		}
	}
	return result, nil
}
