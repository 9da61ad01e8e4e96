// Package docx extracts the plain text of a Word document (.docx): the
// text coded passages are looked for in, and the plain text stored for a
// source, by the readers of nvivo and of the coded-segment exports. It
// reads word/document.xml only, bounded against zip bombs (see [Text]).
package docx

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/qdabridge/qdabridge/internal/zipcheck"
)

// MaxDocumentSize bounds the uncompressed size of the word/document.xml
// part of a .docx. The readers use it too as the default bound of a source
// document file (.txt or .docx).
const MaxDocumentSize = 256 << 20

// Bounds of what a .docx can make docxText do, checked from the zip
// directory before anything is inflated. Word's own files stay far inside
// them: a few dozen parts, text that compresses five to twenty times,
// paragraphs nested a few levels (tables, text boxes).
const (
	// maxDocxCompression is the largest ratio of uncompressed to compressed
	// size accepted for a word/document.xml larger than 1 MiB (zip bombs
	// compress a thousand to one), as for the parts of a workbook
	// (xlsx.DefaultMaxCompression) and of a .qdpx.
	maxDocxCompression = 100
	// maxDocxParts is the largest number of parts (zip entries) accepted.
	maxDocxParts = 10_000
	// maxDocxDepth bounds the nesting of elements in word/document.xml.
	maxDocxDepth = 512
)

// Text returns the plain text of a Word document (.docx): the text of
// the paragraphs of word/document.xml in document order, joined by "\n". A
// tab is "\t", a line break inside a paragraph "\n". Deleted text (tracked
// changes), field codes and the fallback copies of text boxes are left
// out; headers, footers, footnotes and comments (other parts) are not
// read. This is the text coded passages are looked for in, and the plain
// text stored for the source.
//
// A .docx can be built to exhaust a reader (a zip bomb): before anything is
// inflated, Text refuses one whose directory lists more than
// maxDocxParts parts, whose word/document.xml, larger than 1 MiB, would
// inflate more than maxDocxCompression times its compressed size, or whose
// word/document.xml declares more than MaxDocumentSize bytes.
// While inflating, it stops at the size the part declares and at elements
// nested deeper than 512 levels. Its memory is then bounded by the
// declared size.
//
// Text returns an [*Error] for input that is not a .docx, whose document
// part is broken, or that exceeds one of these bounds; the message says
// which, in terms of the document. Callers wrap it in their own sentinel.
func Text(data []byte) (string, error) {
	if n, ok := zipcheck.DirectoryRecords(bytes.NewReader(data), int64(len(data))); ok && n > maxDocxParts {
		return "", errorf("the .docx says it holds %d parts, more than the %d read: a zip bomb or a damaged file", n, maxDocxParts)
	}
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return "", errorf("not a .docx (zip) file: %w", err)
	}
	var part *zip.File
	for _, f := range zr.File {
		if strings.EqualFold(f.Name, "word/document.xml") {
			part = f
			break
		}
	}
	if part == nil {
		return "", errorf("no word/document.xml in the .docx")
	}
	if zipcheck.TooCompressed(part, maxDocxCompression) {
		return "", errorf("the document's text (word/document.xml) would inflate from %s to %s, %d times its compressed size (at most %d is accepted): a zip bomb or a damaged file; save the transcript again, or as .txt",
			ByteSize(part.CompressedSize64), ByteSize(part.UncompressedSize64), part.UncompressedSize64/max(part.CompressedSize64, 1), maxDocxCompression)
	}
	if part.UncompressedSize64 > MaxDocumentSize {
		return "", errorf("the document's text (word/document.xml) is %s uncompressed, more than the %s read: a zip bomb or a damaged file; save the transcript as .txt",
			ByteSize(part.UncompressedSize64), ByteSize(MaxDocumentSize))
	}
	rc, err := part.Open()
	if err != nil {
		return "", errorf("%w", err)
	}
	defer rc.Close()
	pr := &partReader{r: rc, left: int64(part.UncompressedSize64)}
	d := xml.NewDecoder(pr)
	var (
		out     strings.Builder    // the paragraphs ended so far, joined by "\n"
		paras   int                // paragraphs in out
		stack   []*strings.Builder // open paragraphs
		depth   int
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
			if pr.past {
				return "", errorf("the document's text (word/document.xml) inflates past the size its header declares (%s): a zip bomb or a damaged file", ByteSize(part.UncompressedSize64))
			}
			return "", errorf("word/document.xml: %w", err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			started = true
			if depth++; depth > maxDocxDepth {
				return "", errorf("word/document.xml has elements nested deeper than %d levels: a damaged file or one built to exhaust a reader", maxDocxDepth)
			}
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
			depth--
			if skip > 0 {
				skip--
				continue
			}
			switch t.Name.Local {
			case "p":
				if len(stack) > 0 {
					if paras > 0 {
						out.WriteByte('\n')
					}
					out.WriteString(stack[len(stack)-1].String())
					paras++
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
		return "", errorf("word/document.xml is empty")
	}
	return out.String(), nil
}

// partReader reads a zip entry and tells when it inflates past the size
// its header declares: archive/zip then drops the read and says
// zip.ErrFormat, which nothing else makes it say before that size.
type partReader struct {
	r    io.Reader
	left int64 // declared bytes not read yet
	past bool
}

func (p *partReader) Read(b []byte) (int, error) {
	n, err := p.r.Read(b)
	p.left -= int64(n)
	if errors.Is(err, zip.ErrFormat) && p.left > 0 {
		p.past = true
	}
	return n, err
}

// ByteSize writes a size for people: "1.0 GiB", "730 KiB", "12 bytes".
func ByteSize(n uint64) string {
	const unit = 1024
	if n < unit {
		return fmt.Sprintf("%d bytes", n)
	}
	v, i := float64(n), -1
	for v >= unit && i < 3 {
		v /= unit
		i++
	}
	if v >= 100 {
		return fmt.Sprintf("%.0f %ciB", v, "KMGT"[i])
	}
	return fmt.Sprintf("%.1f %ciB", v, "KMGT"[i])
}

// Error is why a .docx could not be read. Its message says it in terms of
// the document, with no prefix; Err is the underlying cause, if any.
type Error struct {
	Msg string
	Err error
}

func (e *Error) Error() string { return e.Msg }

// Unwrap returns the underlying cause.
func (e *Error) Unwrap() error { return e.Err }

// errorf makes an *Error; a %w verb's error becomes Err.
func errorf(format string, args ...any) error {
	err := fmt.Errorf(format, args...)
	return &Error{Msg: err.Error(), Err: errors.Unwrap(err)}
}
