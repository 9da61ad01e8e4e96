package xsd

import (
	"bufio"
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// Validate reads an XML document from r and validates it against the
// schema. It returns nil when the document is well-formed and valid.
// Otherwise it returns an error that joins (see [errors.Join]) one *Error
// per problem, in document order; after [MaxErrors] problems a final *Error
// counts the rest. A document that is not well-formed is invalid: the
// well-formedness error, which ends parsing, is reported as an *Error that
// wraps the underlying error (usually an *xml.SyntaxError). Errors reading
// from r are reported the same way.
//
// The document is streamed: memory use depends on the nesting depth, not on
// the size of the document (see the package documentation).
func (s *Schema) Validate(r io.Reader) error {
	br := bufio.NewReaderSize(r, 64<<10)
	v := &validator{s: s}
	if err := skipBOM(br); err != nil {
		v.report(&Error{Line: 1, Msg: err.Error(), Err: err})
		return v.result()
	}
	dec := xml.NewDecoder(br)
	dec.CharsetReader = charsetReader
	v.dec = dec
	v.run()
	return v.result()
}

// TokenReader gives the tokens of a document as [xml.Decoder.RawToken]
// does (names with their prefixes, not resolved; the XML declaration as a
// ProcInst, if given at all), with InputPos giving the line of the next
// token. The validator does not keep a token, or any slice in it, after
// the next call; of its strings it keeps only the names of start
// elements and the names and values of namespace declarations, so the
// others may be views of the reader's buffer, valid until the next call.
type TokenReader interface {
	RawToken() (xml.Token, error)
	InputPos() (line, column int)
}

// A TokenFiller is a TokenReader that can also give a token by filling a
// Token in place, which saves boxing every token in an xml.Token:
// [Schema.ValidateTokens] then calls FillToken instead of RawToken. At the
// end of the document FillToken returns io.EOF.
type TokenFiller interface {
	TokenReader
	FillToken(t *Token) error
}

// Token is a token given in place: Kind says which of its fields holds it
// (none for a comment).
type Token struct {
	Kind      TokenKind
	Start     xml.StartElement
	End       xml.EndElement
	Text      xml.CharData
	PI        xml.ProcInst
	Directive xml.Directive
}

// TokenKind says what a Token holds.
type TokenKind uint8

// The kinds of Token.
const (
	StartToken TokenKind = iota + 1
	EndToken
	TextToken
	PIToken
	DirectiveToken
	CommentToken
)

// fill sets t to the token tok of a TokenReader's RawToken (Kind 0 for a
// kind of token there is none of).
func (t *Token) fill(tok xml.Token) {
	switch tok := tok.(type) {
	case xml.StartElement:
		t.Kind, t.Start = StartToken, tok
	case xml.EndElement:
		t.Kind, t.End = EndToken, tok
	case xml.CharData:
		t.Kind, t.Text = TextToken, tok
	case xml.ProcInst:
		t.Kind, t.PI = PIToken, tok
	case xml.Directive:
		t.Kind, t.Directive = DirectiveToken, tok
	case xml.Comment:
		t.Kind = CommentToken
	default:
		t.Kind = 0
	}
}

// ValidateTokens validates the document tr gives, as [Schema.Validate]
// does for a document it tokenizes with encoding/xml: for a caller with a
// faster tokenizer. An error from tr is reported as an *Error wrapping it.
func (s *Schema) ValidateTokens(tr TokenReader) error {
	v := &validator{s: s, dec: tr}
	v.run()
	return v.result()
}

// frame modes
const (
	modeSkip    uint8 = iota // not validated (undeclared or after an error)
	modeComplex              // element-only or empty content
	modeSimple               // text-only content
)

// frame is an open element.
type frame struct {
	prefix, local string // raw name, for matching the end tag
	index         int    // 1-based among same-named siblings
	nsMark        int    // len(validator.ns) before this element's declarations
	line          int
	mode          uint8
	ct            *complexType
	st            *simpleType
	state         int
	buffer        bool // keep text to check it at the end
	buf           []byte
	textReported  bool
	counts        []nameCount // children seen so far, by name
}

type nameCount struct {
	name string
	n    int
}

// nsBinding is an in-scope namespace declaration.
type nsBinding struct {
	prefix, uri string
}

type validator struct {
	s        *Schema
	dec      TokenReader
	stack    []frame
	ns       []nsBinding
	errs     []*Error
	nerr     int
	tokens   int  // tokens read so far
	rootSeen bool // the root element has started
	rootDone bool // the root element has ended
	doctype  bool
	attrSeen []bool
	attrs    []resolvedAttr
}

type resolvedAttr struct {
	ns, local string
}

func (v *validator) report(e *Error) {
	v.nerr++
	if len(v.errs) < MaxErrors {
		v.errs = append(v.errs, e)
	}
}

// fail reports an error at the current element.
func (v *validator) fail(line int, attr, format string, args ...any) {
	v.report(&Error{Line: line, Path: v.path(), Attr: strings.Clone(attr), Msg: fmt.Sprintf(format, args...)})
}

func (v *validator) result() error {
	if v.nerr == 0 {
		return nil
	}
	errs := make([]error, 0, len(v.errs)+1)
	for _, e := range v.errs {
		errs = append(errs, e)
	}
	if v.nerr > len(v.errs) {
		errs = append(errs, &Error{Msg: fmt.Sprintf("...and %d more", v.nerr-len(v.errs))})
	}
	return errors.Join(errs...)
}

// path renders the indexed path of the open elements.
func (v *validator) path() string {
	var b strings.Builder
	for i := range v.stack {
		f := &v.stack[i]
		b.WriteByte('/')
		b.WriteString(f.local)
		if f.index > 1 {
			b.WriteByte('[')
			b.WriteString(strconv.Itoa(f.index))
			b.WriteByte(']')
		}
	}
	return b.String()
}

func (v *validator) run() {
	filler, _ := v.dec.(TokenFiller)
	var t Token
	for {
		line, _ := v.dec.InputPos()
		var err error
		if filler != nil {
			err = filler.FillToken(&t)
		} else {
			var tok xml.Token
			if tok, err = v.dec.RawToken(); err == nil {
				t.fill(tok)
			}
		}
		if err == io.EOF {
			v.eof(line)
			return
		}
		if err != nil {
			e := &Error{Line: line, Path: v.path(), Err: err}
			var se *xml.SyntaxError
			if errors.As(err, &se) {
				e.Line = se.Line
				e.Msg = "not well-formed: " + se.Msg
			} else {
				e.Msg = "reading document: " + err.Error()
			}
			v.report(e)
			return
		}
		v.tokens++
		var ok bool
		switch t.Kind {
		case StartToken:
			ok = v.start(t.Start, line)
		case EndToken:
			ok = v.end(t.End, line)
		case TextToken:
			ok = v.text(t.Text, line)
		case PIToken:
			ok = v.procInst(t.PI, line)
		case DirectiveToken:
			ok = v.directive(t.Directive, line)
		case CommentToken:
			ok = true
		}
		if !ok {
			return
		}
	}
}

// procInst checks a processing instruction: only the XML declaration has a
// place, at the start.
func (v *validator) procInst(t xml.ProcInst, line int) bool {
	if strings.EqualFold(t.Target, "xml") && v.tokens != 1 {
		v.fatal(line, "the XML declaration is only allowed at the start of the document")
		return false
	}
	return true
}

// fatal reports a well-formedness error that stops parsing.
func (v *validator) fatal(line int, format string, args ...any) {
	v.report(&Error{Line: line, Path: v.path(), Msg: "not well-formed: " + fmt.Sprintf(format, args...)})
}

func (v *validator) eof(line int) {
	switch {
	case len(v.stack) > 0:
		v.fatal(line, "unexpected end of document: element %s is not closed", v.stack[len(v.stack)-1].local)
	case !v.rootSeen:
		v.fatal(line, "no root element")
	}
}

func (v *validator) directive(d xml.Directive, line int) bool {
	if v.rootSeen || v.doctype || !bytes.HasPrefix(d, []byte("DOCTYPE")) {
		v.fatal(line, "unexpected <!%s", firstWord(d))
		return false
	}
	v.doctype = true // the internal subset is ignored; entities fail later
	return true
}

func firstWord(b []byte) string {
	if i := bytes.IndexAny(b, " \t\r\n["); i >= 0 {
		b = b[:i]
	}
	return string(b)
}

// lookupNS resolves a prefix ("" for the default namespace).
func (v *validator) lookupNS(prefix string) (string, bool) {
	switch prefix {
	case "xml":
		return nsXML, true
	case "xmlns":
		return "", false
	}
	for i := len(v.ns) - 1; i >= 0; i-- {
		if v.ns[i].prefix == prefix {
			return v.ns[i].uri, true
		}
	}
	return "", prefix == ""
}

func (v *validator) start(t xml.StartElement, line int) bool {
	if v.rootDone {
		v.fatal(line, "extra content after the root element: <%s>", rawName(t.Name))
		return false
	}
	// Namespace declarations first: they apply to this element's own name
	// and attributes.
	nsMark := len(v.ns)
	for _, a := range t.Attr {
		switch {
		case a.Name.Space == "xmlns":
			if a.Name.Local == "xmlns" || (a.Name.Local == "xml") != (a.Value == nsXML) || a.Value == "" {
				v.fatal(line, "invalid namespace declaration %s=%q", rawName(a.Name), a.Value)
				return false
			}
			v.ns = append(v.ns, nsBinding{a.Name.Local, a.Value})
		case a.Name.Space == "" && a.Name.Local == "xmlns":
			if a.Value == nsXML {
				v.fatal(line, "invalid namespace declaration xmlns=%q", a.Value)
				return false
			}
			v.ns = append(v.ns, nsBinding{"", a.Value})
		}
	}
	ns, bound := v.lookupNS(t.Name.Space)

	// Push the frame, counting it among its siblings.
	var parent *frame
	index := 1
	if n := len(v.stack); n > 0 {
		parent = &v.stack[n-1]
		index = parent.count(t.Name.Local)
	}
	if len(v.stack) < cap(v.stack) {
		v.stack = v.stack[:len(v.stack)+1]
	} else {
		v.stack = append(v.stack, frame{})
	}
	f := &v.stack[len(v.stack)-1]
	*f = frame{
		prefix: t.Name.Space, local: t.Name.Local, index: index, nsMark: nsMark, line: line,
		buf: f.buf[:0], counts: f.counts[:0],
	}
	if parent != nil {
		parent = &v.stack[len(v.stack)-2] // the stack may have moved
	}
	v.rootSeen = true

	if !bound {
		v.fatal(line, "namespace prefix %q of element %s is not declared", t.Name.Space, rawName(t.Name))
		return false
	}

	// Find the declaration that applies.
	var decl *elemDecl
	switch {
	case parent == nil:
		if d := v.s.elements[t.Name.Local]; d != nil && ns == v.s.targetNS {
			decl = d
		} else {
			v.fail(line, "", "root element %s is not declared; expected %s in namespace %q", nsName(ns, t.Name.Local), v.s.roots, v.s.targetNS)
		}
	case parent.mode == modeSkip:
	case parent.mode == modeSimple:
		if !parent.textReported {
			parent.textReported = true
			v.fail(line, "", "element %s is not allowed: the content of %s is text only (%s)", t.Name.Local, parent.local, parent.st.name)
		}
	case ns != v.s.targetNS:
		v.fail(line, "", "unexpected element %s in namespace %q; expected %s in namespace %q", t.Name.Local, ns, parent.ct.dfa[parent.state].want, v.s.targetNS)
	default:
		if e, ok := parent.ct.dfa[parent.state].next[t.Name.Local]; ok {
			parent.state = e.to
			decl = e.decl
		} else {
			v.fail(line, "", "unexpected element %s; expected %s", t.Name.Local, parent.ct.dfa[parent.state].want)
			// Check the misplaced element by its declaration anyway, if
			// the model has one; the parent stays in the same state.
			decl = parent.ct.decls[t.Name.Local]
		}
	}
	if decl != nil {
		if decl.complex != nil {
			f.mode, f.ct = modeComplex, decl.complex
		} else {
			f.mode, f.st, f.buffer = modeSimple, decl.simple, !decl.simple.trivial()
		}
	}
	return v.attributes(t, f, decl, line)
}

// count records a child named name and returns its 1-based index.
func (f *frame) count(name string) int {
	for i := range f.counts {
		if f.counts[i].name == name {
			f.counts[i].n++
			return f.counts[i].n
		}
	}
	f.counts = append(f.counts, nameCount{name, 1})
	return 1
}

// attributes checks the attributes of the element in frame f.
func (v *validator) attributes(t xml.StartElement, f *frame, decl *elemDecl, line int) bool {
	var ct *complexType
	if f.mode == modeComplex {
		ct = f.ct
		if cap(v.attrSeen) < len(ct.attrs) {
			v.attrSeen = make([]bool, len(ct.attrs))
		}
		v.attrSeen = v.attrSeen[:len(ct.attrs)]
		clear(v.attrSeen)
	}
	v.attrs = v.attrs[:0]
	for _, a := range t.Attr {
		if a.Name.Space == "xmlns" || (a.Name.Space == "" && a.Name.Local == "xmlns") {
			continue
		}
		raw := rawName(a.Name)
		ns := ""
		if a.Name.Space != "" {
			var ok bool
			if ns, ok = v.lookupNS(a.Name.Space); !ok {
				v.fatal(line, "namespace prefix %q of attribute %s is not declared", a.Name.Space, raw)
				return false
			}
		}
		for _, p := range v.attrs {
			if p.ns == ns && p.local == a.Name.Local {
				v.fatal(line, "attribute %s appears twice", raw)
				return false
			}
		}
		v.attrs = append(v.attrs, resolvedAttr{ns, a.Name.Local})
		if f.mode == modeSkip {
			continue
		}
		switch ns {
		case "":
			if ct == nil {
				v.fail(line, raw, "attribute not allowed: %s has a simple type (%s)", f.local, f.st.name)
				continue
			}
			i, ok := ct.attrIndex[a.Name.Local]
			if !ok {
				v.fail(line, raw, "attribute not allowed on %s", f.local)
				continue
			}
			v.attrSeen[i] = true
			if msg := ct.attrs[i].typ.check(a.Value); msg != "" {
				v.fail(line, raw, "%s", msg)
			}
		case nsXSI:
			v.xsiAttr(a, raw, decl, line)
		default:
			v.fail(line, raw, "attribute %s not allowed: the schema declares no attributes in namespace %q", a.Name.Local, ns)
		}
	}
	if ct != nil {
		for i, seen := range v.attrSeen {
			if !seen && ct.attrs[i].required {
				v.fail(line, ct.attrs[i].name, "required attribute is missing")
			}
		}
	}
	return true
}

// xsiAttr checks an attribute in the XML Schema instance namespace.
func (v *validator) xsiAttr(a xml.Attr, raw string, decl *elemDecl, line int) {
	switch a.Name.Local {
	case "schemaLocation", "noNamespaceSchemaLocation":
	case "nil":
		v.fail(line, raw, "element is not nillable")
	case "type":
		q := collapseWS(a.Value)
		prefix, local, found := strings.Cut(q, ":")
		if !found {
			prefix, local = "", q
		}
		ns, ok := v.lookupNS(prefix)
		wantNS, wantLocal := decl.typeName()
		if !ok || ns != wantNS || local != wantLocal {
			v.fail(line, raw, "xsi:type %s is not supported: only the declared type %s is allowed", quote(a.Value), nsName(wantNS, wantLocal))
		}
	default:
		v.fail(line, raw, "attribute not allowed: %s is not an XML Schema instance attribute", raw)
	}
}

func (v *validator) end(t xml.EndElement, line int) bool {
	n := len(v.stack)
	if n == 0 {
		v.fatal(line, "unexpected end tag </%s>", rawName(t.Name))
		return false
	}
	f := &v.stack[n-1]
	if f.prefix != t.Name.Space || f.local != t.Name.Local {
		v.fatal(line, "element <%s> is closed by </%s>", rawName(xml.Name{Space: f.prefix, Local: f.local}), rawName(t.Name))
		return false
	}
	switch f.mode {
	case modeComplex:
		if st := &f.ct.dfa[f.state]; !st.final {
			v.fail(f.line, "", "incomplete content: expected %s", st.want)
		}
	case modeSimple:
		if f.buffer {
			if msg := f.st.check(string(f.buf)); msg != "" {
				v.fail(f.line, "", "%s", msg)
			}
		}
	}
	v.ns = v.ns[:f.nsMark]
	v.stack = v.stack[:n-1]
	if n == 1 {
		v.rootDone = true
	}
	return true
}

func (v *validator) text(t xml.CharData, line int) bool {
	n := len(v.stack)
	if n == 0 {
		if !allXMLSpace(t) {
			if v.rootDone {
				v.fatal(line, "extra content after the root element")
			} else {
				v.fatal(line, "text before the root element")
			}
			return false
		}
		return true
	}
	f := &v.stack[n-1]
	switch f.mode {
	case modeComplex:
		if !f.textReported && !allXMLSpace(t) {
			f.textReported = true
			v.fail(line+bytes.Count(t[:len(t)-len(bytes.TrimLeft(t, " \t\r\n"))], []byte{'\n'}), "",
				"unexpected text %s: the content of %s is element-only", quote(strings.TrimSpace(string(t))), f.local)
		}
	case modeSimple:
		if f.buffer {
			f.buf = append(f.buf, t...)
		}
	}
	return true
}

func rawName(n xml.Name) string {
	if n.Space == "" {
		return n.Local
	}
	return n.Space + ":" + n.Local
}

func nsName(ns, local string) string {
	if ns == "" {
		return local + " (no namespace)"
	}
	if q := strconv.Quote(ns); q[1:len(q)-1] != ns {
		ns = q // keep messages on one line
	}
	return "{" + ns + "}" + local
}
