package refi

import (
	"encoding/xml"
	"fmt"
	"io"
)

// scanTokens gives the validator (internal/xsd) the tokens of this
// package's scanner, which is several times faster than encoding/xml's
// Decoder. Names are interned: a document repeats a few dozen element and
// attribute names. CharData and the attribute slice are reused from one
// token to the next, which the validator allows.
type scanTokens struct {
	s     *scanner
	names map[string]string
	attrs []xml.Attr
	// the next token, scanned ahead by InputPos to give its line
	ahead bool
	kind  tokKind
	err   error
}

func newScanTokens(r io.Reader, l Limits) *scanTokens {
	return &scanTokens{s: newScanner(r, l.MaxTextSize, l.MaxDepth+1), names: map[string]string{}}
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
// token, which RawToken then returns).
func (t *scanTokens) InputPos() (line, column int) {
	if !t.ahead {
		t.kind, t.err = t.next()
		t.ahead = true
	}
	return t.s.markLine(), 0
}

// RawToken returns the next token; io.EOF after the root element ends.
func (t *scanTokens) RawToken() (xml.Token, error) {
	k, err := t.scan()
	if err != nil {
		return nil, err
	}
	switch k {
	case tokEOF:
		return nil, io.EOF
	case tokStart:
		prefix, local := t.s.name()
		t.attrs = t.attrs[:0]
		for _, a := range t.s.attrs() {
			t.attrs = append(t.attrs, xml.Attr{Name: xml.Name{Space: t.name(a.prefix), Local: t.name(a.local)}, Value: string(a.value)})
		}
		return xml.StartElement{Name: xml.Name{Space: t.name(prefix), Local: t.name(local)}, Attr: t.attrs}, nil
	case tokEnd:
		prefix, local := t.s.name()
		return xml.EndElement{Name: xml.Name{Space: t.name(prefix), Local: t.name(local)}}, nil
	case tokText:
		return xml.CharData(t.s.text()), nil
	case tokPI:
		target, data := t.s.pi()
		return xml.ProcInst{Target: string(target), Inst: data}, nil
	}
	return nil, fmt.Errorf("refi: unexpected token kind %d", k)
}

// validateWrittenProject validates a project document this package wrote
// (so well-formed) against the project schema, tokenized by the scanner.
// [ValidateProjectXML], for documents from anywhere, keeps encoding/xml,
// whose well-formedness messages it reports.
func validateWrittenProject(r io.Reader, l Limits) error {
	p, _, err := schemas()
	if err != nil {
		return err
	}
	return p.ValidateTokens(newScanTokens(r, l.WithDefaults()))
}
