package nvivo

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"strings"
)

// MaxDocumentSize bounds the uncompressed size of the word/document.xml
// part of a .docx, and is the default bound of a source document file
// (.txt or .docx) read by the [Builder] (see Builder.MaxDocumentBytes).
const MaxDocumentSize = 256 << 20

// DocxText returns the plain text of a Word document (.docx): the text of
// the paragraphs of word/document.xml in document order, joined by "\n". A
// tab is "\t", a line break inside a paragraph "\n". Deleted text (tracked
// changes), field codes and the fallback copies of text boxes are left
// out; headers, footers, footnotes and comments (other parts) are not
// read. This is the text coded passages are looked for in, and the plain
// text stored for the source.
//
// DocxText returns an error wrapping [ErrBadDocument] for input that is not
// a .docx or whose document part is broken or larger than MaxDocumentSize.
func DocxText(data []byte) (string, error) {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return "", fmt.Errorf("%w: not a .docx (zip) file: %w", ErrBadDocument, err)
	}
	var part *zip.File
	for _, f := range zr.File {
		if strings.EqualFold(f.Name, "word/document.xml") {
			part = f
			break
		}
	}
	if part == nil {
		return "", fmt.Errorf("%w: no word/document.xml in the .docx", ErrBadDocument)
	}
	rc, err := part.Open()
	if err != nil {
		return "", fmt.Errorf("%w: %w", ErrBadDocument, err)
	}
	defer rc.Close()
	lr := &io.LimitedReader{R: rc, N: MaxDocumentSize + 1}
	d := xml.NewDecoder(lr)
	var (
		paras   []string
		stack   []*strings.Builder // open paragraphs
		inText  int
		skip    int // depth inside an element whose text is not wanted
		started bool
	)
	for {
		tok, err := d.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			if lr.N <= 0 {
				return "", fmt.Errorf("%w: word/document.xml is larger than %d bytes", ErrBadDocument, MaxDocumentSize)
			}
			return "", fmt.Errorf("%w: word/document.xml: %w", ErrBadDocument, err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			started = true
			if skip > 0 {
				skip++
				continue
			}
			switch t.Name.Local {
			case "Fallback", "delText", "instrText", "del":
				skip = 1
			case "p":
				stack = append(stack, &strings.Builder{})
			case "t":
				inText++
			case "tab":
				if len(stack) > 0 {
					stack[len(stack)-1].WriteByte('\t')
				}
			case "br", "cr":
				if len(stack) > 0 {
					stack[len(stack)-1].WriteByte('\n')
				}
			case "noBreakHyphen":
				if len(stack) > 0 {
					stack[len(stack)-1].WriteByte('-')
				}
			}
		case xml.EndElement:
			if skip > 0 {
				skip--
				continue
			}
			switch t.Name.Local {
			case "p":
				if len(stack) > 0 {
					paras = append(paras, stack[len(stack)-1].String())
					stack = stack[:len(stack)-1]
				}
			case "t":
				if inText > 0 {
					inText--
				}
			}
		case xml.CharData:
			if skip == 0 && inText > 0 && len(stack) > 0 {
				stack[len(stack)-1].Write(t)
			}
		}
	}
	if !started {
		return "", fmt.Errorf("%w: word/document.xml is empty", ErrBadDocument)
	}
	return strings.Join(paras, "\n"), nil
}
