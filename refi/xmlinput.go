package refi

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

const (
	xmlnsURI = "http://www.w3.org/2000/xmlns/"
	xmlURI   = "http://www.w3.org/XML/1998/namespace"
	xsiURI   = "http://www.w3.org/2001/XMLSchema-instance"
)

type nsBinding struct {
	prefix string
	uri    string
}

type frame struct {
	name   string
	index  int
	guid   GUID
	counts []nameCount
	byName map[string]int // index into counts, once a parent has many kinds of child
}

// Limits of the namespace layer, far beyond what any real document uses,
// so that a hostile one cannot make every name lookup slow.
const (
	maxNamespaces  = 256 // namespace declarations in scope
	countsIndexMin = 32  // kinds of child element above which they are indexed
)

type nameCount struct {
	name string
	n    int
}

// singletonElement lists the elements that occur at most once in their
// parent; paths show an index for them only when they are repeated.
var singletonElement = map[string]bool{
	"Users": true, "CodeBook": true, "Codes": true, "Variables": true, "Cases": true, "Sources": true,
	"Notes": true, "Links": true, "Sets": true, "Graphs": true, "Description": true, "PlainTextContent": true,
	"TextDescription": true, "Representation": true, "VariableRef": true, "CodeRef": true,
	"TextValue": true, "BooleanValue": true, "IntegerValue": true, "FloatValue": true, "DateValue": true, "DateTimeValue": true,
}

// xmlIn adds namespace resolution and element paths to a tokenSource.
type xmlIn struct {
	src    tokenSource
	ns     []nsBinding
	nsMark []int
	frames []frame
	depth  int
	names  map[string]string // interned element names
	uris   map[string]string

	// current token
	kind  tokKind
	local []byte
	space string
	attrs []rawAttr
}

func newXMLIn(src tokenSource) *xmlIn {
	return &xmlIn{src: src, names: make(map[string]string), uris: make(map[string]string),
		ns: []nsBinding{{"xml", xmlURI}, {"xmlns", xmlnsURI}}}
}

func (x *xmlIn) intern(m map[string]string, b []byte) string {
	if s, ok := m[string(b)]; ok {
		return s
	}
	s := string(b)
	if len(m) < 10000 {
		m[s] = s
	}
	return s
}

func (x *xmlIn) lookup(prefix []byte) (string, bool) {
	for i := len(x.ns) - 1; i >= 0; i-- {
		if x.ns[i].prefix == string(prefix) {
			return x.ns[i].uri, true
		}
	}
	return "", len(prefix) == 0
}

// next returns the next token with names resolved. Start and end tokens
// maintain the element path.
func (x *xmlIn) next() (tokKind, error) {
	k, err := x.src.next()
	if err != nil {
		return k, err
	}
	x.kind = k
	switch k {
	case tokStart:
		prefix, local := x.src.name()
		attrs := x.src.attrs()
		x.nsMark = append(x.nsMark, len(x.ns))
		for i := range attrs {
			if len(x.ns) > maxNamespaces {
				return tokEOF, &scanError{line: x.src.line(), err: fmt.Errorf("%w: more than %d namespace declarations in scope", ErrLimit, maxNamespaces)}
			}
			a := &attrs[i]
			switch {
			case len(a.prefix) == 0 && string(a.local) == "xmlns":
				x.ns = append(x.ns, nsBinding{"", x.intern(x.uris, a.value)})
				a.space = xmlnsURI
			case string(a.prefix) == "xmlns":
				if len(a.value) == 0 {
					return tokEOF, fmt.Errorf("%w: namespace prefix %s bound to an empty name", ErrSyntax, a.local)
				}
				x.ns = append(x.ns, nsBinding{x.intern(x.names, a.local), x.intern(x.uris, a.value)})
				a.space = xmlnsURI
			}
		}
		for i := range attrs {
			a := &attrs[i]
			if a.space == xmlnsURI || len(a.prefix) == 0 {
				continue
			}
			uri, ok := x.lookup(a.prefix)
			if !ok {
				return tokEOF, fmt.Errorf("%w: undeclared namespace prefix %s", ErrSyntax, a.prefix)
			}
			a.space = uri
		}
		uri, ok := x.lookup(prefix)
		if !ok {
			return tokEOF, fmt.Errorf("%w: undeclared namespace prefix %s", ErrSyntax, prefix)
		}
		x.space = uri
		x.local = local
		x.attrs = attrs
		var name string
		if x.depth < len(x.frames) && x.frames[x.depth].name == string(local) {
			name = x.frames[x.depth].name // as the element before it at this depth, most often
		} else {
			name = x.intern(x.names, local)
		}
		// path frame
		var index int
		if x.depth > 0 {
			p := &x.frames[x.depth-1]
			index = p.count(name)
		} else {
			index = 1
		}
		if x.depth == len(x.frames) {
			x.frames = append(x.frames, frame{})
		}
		f := &x.frames[x.depth]
		f.name, f.index, f.guid = name, index, ""
		f.counts = f.counts[:0]
		f.byName = nil
		x.depth++
	case tokEnd:
		_, local := x.src.name()
		x.local = local
		if n := len(x.nsMark); n > 0 {
			x.ns = x.ns[:x.nsMark[n-1]]
			x.nsMark = x.nsMark[:n-1]
		}
		if x.depth > 0 {
			x.depth--
		}
	}
	return k, nil
}

// count counts one more child element called name and returns its index
// among the siblings of that name. A few kinds of child are searched; many
// (unknown elements with distinct names) are indexed, so that a parent with
// a million of them is not read in quadratic time.
func (f *frame) count(name string) int {
	if f.byName != nil {
		if j, ok := f.byName[name]; ok {
			f.counts[j].n++
			return f.counts[j].n
		}
	} else {
		for j := range f.counts {
			if f.counts[j].name == name {
				f.counts[j].n++
				return f.counts[j].n
			}
		}
	}
	f.counts = append(f.counts, nameCount{name, 1})
	if f.byName != nil {
		f.byName[name] = len(f.counts) - 1
	} else if len(f.counts) > countsIndexMin {
		f.byName = make(map[string]int, 2*len(f.counts))
		for j, c := range f.counts {
			f.byName[c.name] = j
		}
	}
	return 1
}

// path returns the indexed path of the current element (or of the element
// whose content is being read).
func (x *xmlIn) path() string {
	return x.pathTo(x.depth)
}

// pathElided is the depth above which paths leave out their middle, so that
// a message about an element nested hundreds of levels deep stays readable.
const pathElided = 24

func (x *xmlIn) pathTo(depth int) string {
	var b strings.Builder
	for i := 0; i < depth && i < len(x.frames); i++ {
		if depth > pathElided && i == pathElided/2 {
			skip := depth - pathElided
			fmt.Fprintf(&b, "/…%d levels…", skip)
			i += skip - 1
			continue
		}
		f := &x.frames[i]
		b.WriteByte('/')
		b.WriteString(f.name)
		if i > 0 && (f.index > 1 || !singletonElement[f.name]) {
			b.WriteByte('[')
			b.WriteString(strconv.Itoa(f.index))
			b.WriteByte(']')
		}
	}
	return b.String()
}

// guid returns the GUID of the innermost open element that has one.
func (x *xmlIn) guid() GUID {
	for i := x.depth - 1; i >= 0; i-- {
		if x.frames[i].guid != "" {
			return x.frames[i].guid
		}
	}
	return ""
}

func (x *xmlIn) setGUID(g GUID) {
	if x.depth > 0 {
		x.frames[x.depth-1].guid = g
	}
}

// stdSource is a tokenSource over encoding/xml, used as the reference the
// fast scanner is tested against.
type stdSource struct {
	d       *xml.Decoder
	stack   []xml.Name
	prefix  []byte
	local   []byte
	as      []rawAttr
	txt     []byte
	target  []byte
	data    []byte
	sawDTD  bool
	rootEnd bool
}

func newStdSource(r io.Reader) *stdSource {
	// encoding/xml reads only UTF-8: transcode UTF-16 (with a byte-order
	// mark) first, as the fast tokenizer does.
	br := bufio.NewReader(r)
	if b, _ := br.Peek(2); hasUTF16BOM(b) {
		br.Discard(2)
		r = newUTF16Reader(b[0] == 0xFE)(br)
	} else {
		r = br
	}
	d := xml.NewDecoder(r)
	d.Strict = true
	d.CharsetReader = func(label string, in io.Reader) (io.Reader, error) {
		switch normEncoding(label) {
		case "iso88591", "latin1":
			return newLatin1Reader(false)(in), nil
		case "windows1252", "cp1252":
			return newLatin1Reader(true)(in), nil
		case "usascii", "ascii", "utf16", "utf16le", "utf16be":
			return in, nil
		}
		return nil, fmt.Errorf("%w: unsupported encoding %q", ErrEncoding, label)
	}
	return &stdSource{d: d}
}

func (s *stdSource) name() (prefix, local []byte) { return s.prefix, s.local }
func (s *stdSource) attrs() []rawAttr             { return s.as }
func (s *stdSource) text() []byte                 { return s.txt }
func (s *stdSource) pi() (target, data []byte)    { return s.target, s.data }
func (s *stdSource) doctype() bool                { return s.sawDTD }
func (s *stdSource) declaredEncoding() string     { return "" }
func (s *stdSource) line() int {
	l, _ := s.d.InputPos()
	return l
}

func (s *stdSource) next() (tokKind, error) {
	for {
		t, err := s.d.RawToken()
		if err == io.EOF {
			if len(s.stack) > 0 || !s.rootEnd {
				return tokEOF, fmt.Errorf("%w: unexpected end of input", ErrSyntax)
			}
			return tokEOF, nil
		}
		if err != nil {
			var se *xml.SyntaxError
			if errors.As(err, &se) {
				return tokEOF, &scanError{line: se.Line, err: fmt.Errorf("%w: %s", ErrSyntax, se.Msg)}
			}
			return tokEOF, err
		}
		switch t := t.(type) {
		case xml.StartElement:
			if s.rootEnd {
				return tokEOF, fmt.Errorf("%w: a second root element", ErrSyntax)
			}
			s.stack = append(s.stack, t.Name)
			s.prefix, s.local = []byte(t.Name.Space), []byte(t.Name.Local)
			s.as = s.as[:0]
			seen := map[xml.Name]bool{}
			for _, a := range t.Attr {
				if seen[a.Name] {
					return tokEOF, fmt.Errorf("%w: attribute %s appears twice", ErrSyntax, a.Name.Local)
				}
				seen[a.Name] = true
				// encoding/xml does not normalise attribute values: literal
				// tab, line feed and carriage return become spaces (XML 1.0
				// §3.3.3), as the fast scanner does. encoding/xml has
				// already replaced character references to them (which
				// the standard keeps), so inputs with such references
				// cannot be compared through this source.
				v := []byte(a.Value)
				for i, c := range v {
					if c == '\t' || c == '\n' || c == '\r' {
						v[i] = ' '
					}
				}
				s.as = append(s.as, rawAttr{prefix: []byte(a.Name.Space), local: []byte(a.Name.Local), value: v})
			}
			return tokStart, nil
		case xml.EndElement:
			if len(s.stack) == 0 || s.stack[len(s.stack)-1] != t.Name {
				return tokEOF, fmt.Errorf("%w: unexpected end tag", ErrSyntax)
			}
			s.stack = s.stack[:len(s.stack)-1]
			if len(s.stack) == 0 {
				s.rootEnd = true
			}
			s.prefix, s.local = []byte(t.Name.Space), []byte(t.Name.Local)
			return tokEnd, nil
		case xml.CharData:
			if len(s.stack) == 0 {
				if len(bytes.TrimSpace(t)) > 0 {
					return tokEOF, fmt.Errorf("%w: text outside the root element", ErrSyntax)
				}
				continue
			}
			s.txt = append(s.txt[:0], t...)
			return tokText, nil
		case xml.ProcInst:
			if t.Target == "xml" {
				continue
			}
			s.target, s.data = []byte(t.Target), append(s.data[:0], t.Inst...)
			return tokPI, nil
		case xml.Comment:
			s.txt = append(s.txt[:0], t...)
			return tokComment, nil
		case xml.Directive:
			if bytes.HasPrefix(t, []byte("DOCTYPE")) {
				s.sawDTD = true
			}
		}
	}
}
