package refi

import (
	"encoding/xml"
	"fmt"
	"io"
	"unsafe"

	"github.com/qdabridge/qdabridge/internal/xsd"
)

// scanTokens gives the validator (internal/xsd) the tokens of this
// package's scanner, which is several times faster than encoding/xml's
// Decoder, read directly or from the batches a read's scanner fills
// (batchReader). Comments are left out, and the line a token starts on is
// given. What the validator keeps (the names of start elements, namespace
// declarations) is interned: a document repeats a few dozen names, and a
// start element is most often named as the last one at its depth, whose
// names it then reuses without a lookup. The rest (attributes' names and
// values, end elements' names, character data) are views of the source's
// buffer, valid until the next token, which the validator allows.
type scanTokens struct {
	s     validatedSource
	names map[string]string
	open  [][2]string // the names (prefix, local) of the last start element at each depth
	depth int
	attrs []xml.Attr
	// the next token, scanned ahead by InputPos to give its line
	ahead bool
	kind  tokKind
	err   error
}

// validatedSource is the tokenizer scanTokens reads: a scanner or a
// batchReader.
type validatedSource interface {
	tokenSource
	markLine() int // the line on which the current token starts
}

func newScanTokens(s validatedSource) *scanTokens {
	return &scanTokens{s: s, names: map[string]string{}}
}

func (t *scanTokens) name(b []byte) string {
	if n, ok := t.names[string(b)]; ok {
		return n
	}
	n := string(b)
	t.names[n] = n
	return n
}

// next scans the next token that is not a comment (comments carry nothing
// the schema checks).
func (t *scanTokens) next() (tokKind, error) {
	for {
		k, err := t.s.next()
		if err != nil || k != tokComment {
			return k, err
		}
	}
}

// scan returns the next token, scanned now or by InputPos.
func (t *scanTokens) scan() (tokKind, error) {
	if t.ahead {
		t.ahead = false
		return t.kind, t.err
	}
	return t.next()
}

// InputPos returns the line on which the next token starts (it scans the
// token, which RawToken or FillToken then returns).
func (t *scanTokens) InputPos() (line, column int) {
	if !t.ahead {
		t.kind, t.err = t.next()
		t.ahead = true
	}
	return t.s.markLine(), 0
}

// RawToken returns the next token; io.EOF after the root element ends.
func (t *scanTokens) RawToken() (xml.Token, error) {
	var tok xsd.Token
	if err := t.FillToken(&tok); err != nil {
		return nil, err
	}
	switch tok.Kind {
	case xsd.StartToken:
		return tok.Start, nil
	case xsd.EndToken:
		return tok.End, nil
	case xsd.TextToken:
		return tok.Text, nil
	}
	return tok.PI, nil
}

// FillToken gives the next token in place; io.EOF after the root element
// ends.
func (t *scanTokens) FillToken(out *xsd.Token) error {
	k, err := t.scan()
	if err != nil {
		return err
	}
	switch k {
	case tokEOF:
		return io.EOF
	case tokStart:
		t.attrs = t.attrs[:0]
		for _, a := range t.s.attrs() {
			var at xml.Attr
			if string(a.prefix) == "xmlns" || len(a.prefix) == 0 && string(a.local) == "xmlns" {
				at = xml.Attr{Name: xml.Name{Space: t.name(a.prefix), Local: t.name(a.local)}, Value: t.name(a.value)}
			} else {
				at = xml.Attr{Name: xml.Name{Space: view(a.prefix), Local: view(a.local)}, Value: view(a.value)}
			}
			t.attrs = append(t.attrs, at)
		}
		if t.depth == len(t.open) {
			t.open = append(t.open, [2]string{})
		}
		names := &t.open[t.depth]
		t.depth++
		prefix, local := t.s.name()
		if string(prefix) != names[0] {
			names[0] = t.name(prefix)
		}
		if string(local) != names[1] {
			names[1] = t.name(local)
		}
		out.Kind = xsd.StartToken
		out.Start = xml.StartElement{Name: xml.Name{Space: names[0], Local: names[1]}, Attr: t.attrs}
	case tokEnd:
		t.depth = max(t.depth-1, 0)
		prefix, local := t.s.name()
		out.Kind = xsd.EndToken
		out.End = xml.EndElement{Name: xml.Name{Space: view(prefix), Local: view(local)}}
	case tokText:
		out.Kind = xsd.TextToken
		out.Text = t.s.text()
	case tokPI:
		target, data := t.s.pi()
		out.Kind = xsd.PIToken
		out.PI = xml.ProcInst{Target: t.name(target), Inst: data}
	default:
		return fmt.Errorf("refi: unexpected token kind %d", k)
	}
	return nil
}

// view is b as a string, without copying it: valid while b is.
func view(b []byte) string { return unsafe.String(unsafe.SliceData(b), len(b)) }

// validateWrittenProject validates a project document this package wrote
// (so well-formed) against the project schema, tokenized by the scanner.
// [ValidateProjectXML], for documents from anywhere, keeps encoding/xml,
// whose well-formedness messages it reports.
func validateWrittenProject(r io.Reader, l Limits) error {
	p, _, err := schemas()
	if err != nil {
		return err
	}
	l = l.WithDefaults()
	return p.ValidateTokens(newScanTokens(newScanner(r, l.MaxTextSize, l.MaxDepth+1)))
}
