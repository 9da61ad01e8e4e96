package refi

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"unicode/utf8"
)

// This file is a streaming XML 1.0 tokenizer written for speed on large
// project.qde files: it reads through a sliding buffer, hands out tokens as
// slices of that buffer (valid until the next call), and allocates nothing
// per token in the common case. It checks well-formedness (names, matching
// tags, one root, attribute uniqueness, character validity, UTF-8), applies
// the XML end-of-line and attribute-value normalisation rules, resolves the
// predefined entities and character references, and never expands entities
// declared in a DOCTYPE (it skips the DOCTYPE and reports it). Namespace
// prefixes are resolved one layer up (xmlinput.go).

type tokKind uint8

const (
	tokEOF tokKind = iota
	tokStart
	tokEnd
	tokText
	tokPI
	tokComment
)

// rawAttr is an attribute of the current start tag. Slices are valid until
// the next token.
type rawAttr struct {
	prefix, local, value []byte
	space                string // namespace URI, set by the namespace layer
}

// tokenSource is what the decoder reads: this file's scanner, or an
// encoding/xml based reference implementation used to check it.
type tokenSource interface {
	next() (tokKind, error)
	name() (prefix, local []byte)
	attrs() []rawAttr
	text() []byte
	pi() (target, data []byte)
	line() int
	doctype() bool
	declaredEncoding() string
}

type scanner struct {
	r      io.Reader
	buf    []byte
	pos    int // next unread byte
	end    int // end of valid data
	mark   int // bytes before mark may be discarded by fill
	eof    bool
	rerr   error
	lines  int // newlines in bytes discarded so far
	shifts int // times fill discarded bytes (buffer offsets changed)
	lc     lineCache
	maxBuf int // largest token allowed (bytes)

	maxDepth int

	// current token
	kind      tokKind
	tprefix   []byte
	tlocal    []byte
	tattrs    []rawAttr
	ttext     []byte
	tpiTarget []byte
	tpiData   []byte

	scratch  []byte // decoded text or attribute values
	attrVals []int  // offsets into scratch for decoded attribute values, -1 when direct
	pendEnd  bool   // a self-closing tag's end is due
	stack    []byte // open element qnames, concatenated
	stackOff []int
	sawRoot  bool
	rootDone bool
	sawDecl  bool
	sawDTD   bool
	encoding string
	started  bool
	attrSeen map[string]struct{}
}

const minScanBuf = 64 << 10

func newScanner(r io.Reader, maxToken int64, maxDepth int) *scanner {
	if maxToken <= 0 || maxToken > 1<<40 {
		maxToken = 1 << 40
	}
	return &scanner{r: r, buf: make([]byte, minScanBuf), maxBuf: int(maxToken) + 64, maxDepth: maxDepth}
}

type scanError struct {
	line int
	err  error
}

func (e *scanError) Error() string { return e.err.Error() }
func (e *scanError) Unwrap() error { return e.err }

func (s *scanner) syntax(format string, args ...any) error {
	return &scanError{line: s.lineAt(s.pos), err: fmt.Errorf("%w: "+format, append([]any{ErrSyntax}, args...)...)}
}

func (s *scanner) lineAt(p int) int {
	if p > s.end {
		p = s.end
	}
	return s.lines + bytes.Count(s.buf[:p], []byte{'\n'}) + 1
}

func (s *scanner) line() int { return s.lineAt(s.pos) }

// markLine returns the line of s.mark (where the current token starts),
// counting the newlines since its last call only: a caller that asks for
// every token's line does not count the buffer again each time.
func (s *scanner) markLine() int {
	p := min(s.mark, s.end)
	if s.lc.shifts != s.shifts || p < s.lc.pos {
		s.lc = lineCache{shifts: s.shifts}
	}
	s.lc.n += bytes.Count(s.buf[s.lc.pos:p], []byte{'\n'})
	s.lc.pos = p
	return s.lines + s.lc.n + 1
}

// lineCache is what markLine counted: n newlines in buf[:pos], as long as
// the buffer has not been shifted since.
type lineCache struct {
	shifts, pos, n int
}

// fill reads more input while keeping s.buf[s.mark:]. It returns false when
// no more input can be had (end of input or a read error, kept in s.rerr).
func (s *scanner) fill() bool {
	if s.eof || s.rerr != nil {
		return false
	}
	if s.mark > 0 {
		s.shifts++
		s.lines += bytes.Count(s.buf[:s.mark], []byte{'\n'})
		n := copy(s.buf, s.buf[s.mark:s.end])
		s.pos -= s.mark
		s.end = n
		s.mark = 0
	}
	if s.end == len(s.buf) {
		if len(s.buf) >= s.maxBuf {
			s.rerr = &scanError{line: s.lineAt(s.end), err: fmt.Errorf("%w: a single XML token is larger than the text size limit (%d bytes)", ErrLimit, s.maxBuf-64)}
			return false
		}
		n := 2 * len(s.buf)
		if n > s.maxBuf {
			n = s.maxBuf
		}
		nb := make([]byte, n)
		copy(nb, s.buf[:s.end])
		s.buf = nb
	}
	for tries := 0; tries < 100; tries++ {
		n, err := s.r.Read(s.buf[s.end:])
		s.end += n
		if err != nil {
			if err == io.EOF {
				s.eof = true
			} else {
				s.rerr = err
			}
			return n > 0
		}
		if n > 0 {
			return true
		}
	}
	s.rerr = io.ErrNoProgress
	return false
}

// need makes sure n bytes from s.pos are in the buffer; false at end of input.
func (s *scanner) need(n int) bool {
	for s.end-s.pos < n {
		if !s.fill() {
			return false
		}
	}
	return true
}

func (s *scanner) readErr() error {
	if s.rerr != nil {
		var se *scanError
		if errors.As(s.rerr, &se) {
			return s.rerr
		}
		return &scanError{line: s.lineAt(s.pos), err: s.rerr}
	}
	return nil
}

func (s *scanner) name() (prefix, local []byte) { return s.tprefix, s.tlocal }
func (s *scanner) attrs() []rawAttr             { return s.tattrs }
func (s *scanner) text() []byte                 { return s.ttext }
func (s *scanner) pi() (target, data []byte)    { return s.tpiTarget, s.tpiData }
func (s *scanner) doctype() bool                { return s.sawDTD }
func (s *scanner) declaredEncoding() string     { return s.encoding }

// next advances to the next token.
func (s *scanner) next() (tokKind, error) {
	if !s.started {
		s.started = true
		if err := s.start(); err != nil {
			return tokEOF, err
		}
	}
	if s.pendEnd {
		s.pendEnd = false
		s.kind = tokEnd
		return tokEnd, nil
	}
	for {
		s.mark = s.pos
		if s.pos >= s.end && !s.fill() {
			if err := s.readErr(); err != nil {
				return tokEOF, err
			}
			if !s.sawRoot {
				return tokEOF, s.syntax("no root element")
			}
			if !s.rootDone {
				return tokEOF, s.syntax("unexpected end of input inside element <%s>", s.top())
			}
			return tokEOF, nil
		}
		if s.buf[s.pos] != '<' {
			k, err := s.scanText()
			if err != nil || k != tokEOF {
				return k, err
			}
			continue // whitespace outside the root element
		}
		if !s.need(2) {
			return tokEOF, s.syntaxEOF("markup")
		}
		switch c := s.buf[s.pos+1]; c {
		case '/':
			return s.scanEndTag()
		case '?':
			return s.scanPI(false)
		case '!':
			k, err := s.scanBang()
			if err != nil || k != tokEOF {
				return k, err
			}
			continue
		default:
			return s.scanStartTag()
		}
	}
}

func (s *scanner) syntaxEOF(what string) error {
	if err := s.readErr(); err != nil {
		return err
	}
	return s.syntax("unexpected end of input in %s", what)
}

func (s *scanner) top() string {
	if len(s.stackOff) == 0 {
		return ""
	}
	return string(s.stack[s.stackOff[len(s.stackOff)-1]:])
}

// start handles a byte-order mark and the character encoding.
func (s *scanner) start() error {
	s.need(4)
	b := s.buf[s.pos:s.end]
	switch {
	case len(b) >= 3 && b[0] == 0xEF && b[1] == 0xBB && b[2] == 0xBF:
		s.pos += 3
	case hasUTF16BOM(b):
		s.switchReader(newUTF16Reader(b[0] == 0xFE), 2)
		s.encoding = "UTF-16"
	case len(b) >= 4 && b[0] == 0 && b[1] == '<' && b[2] == 0 && b[3] == '?':
		s.switchReader(newUTF16Reader(true), 0)
		s.encoding = "UTF-16"
	case len(b) >= 4 && b[0] == '<' && b[1] == 0 && b[2] == '?' && b[3] == 0:
		s.switchReader(newUTF16Reader(false), 0)
		s.encoding = "UTF-16"
	}
	s.mark = s.pos
	if s.need(5) && bytes.HasPrefix(s.buf[s.pos:s.end], []byte("<?xml")) && s.need(6) && isSpaceByte(s.buf[s.pos+5]) {
		return s.scanDecl()
	}
	return nil
}

// switchReader replaces the input from s.pos+skip on by a transcoding reader.
func (s *scanner) switchReader(wrap func(io.Reader) io.Reader, skip int) {
	rest := append([]byte(nil), s.buf[s.pos+skip:s.end]...)
	s.r = wrap(io.MultiReader(bytes.NewReader(rest), s.r))
	s.pos, s.end, s.mark = 0, 0, 0
	s.eof = false
}

func (s *scanner) scanDecl() error {
	if _, err := s.scanPI(true); err != nil {
		return err
	}
	data := s.tpiData
	enc := declAttr(data, "encoding")
	if declAttr(data, "version") == "" {
		return s.syntax("XML declaration without version")
	}
	switch normEncoding(enc) {
	case "", "utf8", "usascii", "ascii":
	case "utf16", "utf16le", "utf16be":
		if s.encoding != "UTF-16" {
			return &scanError{line: s.line(), err: fmt.Errorf("%w: declared %s but the bytes are not UTF-16", ErrEncoding, enc)}
		}
	case "iso88591", "latin1", "windows1252", "cp1252":
		if s.encoding == "UTF-16" {
			return &scanError{line: s.line(), err: fmt.Errorf("%w: declared %s but the bytes are UTF-16", ErrEncoding, enc)}
		}
		s.switchReader(newLatin1Reader(normEncoding(enc) == "windows1252" || normEncoding(enc) == "cp1252"), 0)
		s.encoding = enc
	default:
		return &scanError{line: s.line(), err: fmt.Errorf("%w: unsupported encoding %q (REFI-QDA files are UTF-8)", ErrEncoding, enc)}
	}
	if s.encoding == "" && enc != "" && normEncoding(enc) != "utf8" {
		s.encoding = enc
	}
	// The declaration is not reported as a token.
	s.kind = tokEOF
	return nil
}

func normEncoding(e string) string {
	var b []byte
	for i := 0; i < len(e); i++ {
		c := e[i]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		if c == '-' || c == '_' {
			continue
		}
		b = append(b, c)
	}
	return string(b)
}

// declAttr returns the value of a pseudo-attribute in an XML declaration.
func declAttr(data []byte, name string) string {
	i := bytes.Index(data, []byte(name))
	for i >= 0 {
		j := i + len(name)
		for j < len(data) && isSpaceByte(data[j]) {
			j++
		}
		if j < len(data) && data[j] == '=' && (i == 0 || isSpaceByte(data[i-1])) {
			j++
			for j < len(data) && isSpaceByte(data[j]) {
				j++
			}
			if j < len(data) && (data[j] == '"' || data[j] == '\'') {
				q := data[j]
				k := bytes.IndexByte(data[j+1:], q)
				if k >= 0 {
					return string(data[j+1 : j+1+k])
				}
			}
			return ""
		}
		n := bytes.Index(data[i+1:], []byte(name))
		if n < 0 {
			break
		}
		i += 1 + n
	}
	return ""
}

// Byte classes for the fast loops.
var (
	textPlain [256]bool // bytes that need no attention in character data
	attrPlain [256]bool // bytes that need no attention in attribute values
	nameByte  [256]bool // ASCII name characters (after the first)
	nameStart [256]bool // ASCII name start characters
)

func init() {
	for c := 0x20; c < 0x80; c++ {
		textPlain[c] = true
		attrPlain[c] = true
	}
	textPlain['\n'] = true
	textPlain['\t'] = true
	textPlain['<'] = false
	textPlain['&'] = false
	textPlain[']'] = false
	attrPlain['<'] = false
	attrPlain['&'] = false
	attrPlain['"'] = false
	attrPlain['\''] = false
	for c := 'a'; c <= 'z'; c++ {
		nameStart[c], nameByte[c] = true, true
		nameStart[c-32], nameByte[c-32] = true, true
	}
	for c := '0'; c <= '9'; c++ {
		nameByte[c] = true
	}
	nameStart['_'], nameByte['_'] = true, true
	nameByte['-'], nameByte['.'] = true, true
}

// scanText reads character data up to the next '<' or the end of input.
// Outside the root element only white space is allowed, and tokEOF is
// returned for it.
func (s *scanner) scanText() (tokKind, error) {
	start := s.pos
	direct := true // the text is s.buf[start:s.pos] unchanged
	s.scratch = s.scratch[:0]
	for {
		// fast path over plain bytes
		b := s.buf[s.pos:s.end]
		i := 0
		for i < len(b) && textPlain[b[i]] {
			i++
		}
		if !direct {
			s.scratch = append(s.scratch, b[:i]...)
		}
		s.pos += i
		if direct {
			s.mark = start
		} else {
			s.mark = s.pos
		}
		if s.pos >= s.end {
			ok := s.fill()
			if direct {
				start = s.mark // fill may have moved the buffer
			}
			if !ok {
				if err := s.readErr(); err != nil {
					return tokEOF, err
				}
				break
			}
			continue
		}
		c := s.buf[s.pos]
		if c == '<' {
			break
		}
		switch {
		case c >= 0x80:
			_, n, err := s.decodeRune()
			if err != nil {
				return tokEOF, err
			}
			if !direct {
				s.scratch = append(s.scratch, s.buf[s.pos:s.pos+n]...)
			}
			s.pos += n
		case c == ']':
			if s.need(3) && s.buf[s.pos+1] == ']' && s.buf[s.pos+2] == '>' {
				return tokEOF, s.syntax("]]> in character data")
			}
			if !direct {
				s.scratch = append(s.scratch, ']')
			}
			s.pos++
		case c == '&' || c == '\r':
			if direct {
				s.scratch = append(s.scratch[:0], s.buf[start:s.pos]...)
				direct = false
				s.mark = s.pos
			}
			if c == '&' {
				if err := s.appendRef(); err != nil {
					return tokEOF, err
				}
			} else {
				if !s.need(2) || s.buf[s.pos+1] != '\n' {
					s.pos++
				} else {
					s.pos += 2
				}
				s.scratch = append(s.scratch, '\n')
			}
		default:
			return tokEOF, s.syntax("character U+%04X not allowed in XML", c)
		}
		if direct {
			start = s.mark // need() may have moved the buffer
		}
		if len(s.scratch) > s.maxBuf {
			return tokEOF, &scanError{line: s.line(), err: fmt.Errorf("%w: text larger than the text size limit (%d bytes)", ErrLimit, s.maxBuf-64)}
		}
	}
	var t []byte
	if direct {
		t = s.buf[start:s.pos]
	} else {
		t = s.scratch
	}
	if !s.sawRoot || s.rootDone {
		for _, c := range t {
			if !isSpaceByte(c) {
				return tokEOF, s.syntax("text outside the root element")
			}
		}
		return tokEOF, nil
	}
	s.ttext = t
	s.kind = tokText
	return tokText, nil
}

// decodeRune checks the UTF-8 sequence at s.pos and that it is an XML
// character.
func (s *scanner) decodeRune() (rune, int, error) {
	s.need(utf8.UTFMax)
	r, n := utf8.DecodeRune(s.buf[s.pos:s.end])
	if r == utf8.RuneError && n <= 1 {
		return 0, 0, &scanError{line: s.line(), err: fmt.Errorf("%w: invalid UTF-8", ErrEncoding)}
	}
	if !isXMLChar(r) {
		return 0, 0, s.syntax("character U+%04X not allowed in XML", r)
	}
	return r, n, nil
}

func isXMLChar(r rune) bool {
	return r == 0x9 || r == 0xA || r == 0xD || r >= 0x20 && r <= 0xD7FF || r >= 0xE000 && r <= 0xFFFD || r >= 0x10000 && r <= 0x10FFFF
}

// appendRef decodes the entity or character reference at s.pos onto
// s.scratch.
func (s *scanner) appendRef() error {
	const maxRef = 64
	s.need(maxRef)
	b := s.buf[s.pos:s.end]
	semi := bytes.IndexByte(b[:min(len(b), maxRef)], ';')
	if semi < 0 {
		return s.syntax("unterminated reference")
	}
	ref := b[1:semi]
	s.pos += semi + 1
	if len(ref) > 1 && ref[0] == '#' {
		var r rune
		ok := len(ref) > 1
		if ref[1] == 'x' {
			ok = len(ref) > 2
			for _, c := range ref[2:] {
				var d byte
				switch {
				case '0' <= c && c <= '9':
					d = c - '0'
				case 'a' <= c && c <= 'f':
					d = c - 'a' + 10
				case 'A' <= c && c <= 'F':
					d = c - 'A' + 10
				default:
					ok = false
				}
				if r > 0x10FFFF {
					ok = false
				} else {
					r = r*16 + rune(d)
				}
			}
		} else {
			for _, c := range ref[1:] {
				if c < '0' || c > '9' {
					ok = false
				}
				if r > 0x10FFFF {
					ok = false
				} else {
					r = r*10 + rune(c-'0')
				}
			}
		}
		if !ok || !isXMLChar(r) {
			return s.syntax("invalid character reference &%s;", ref)
		}
		s.scratch = utf8.AppendRune(s.scratch, r)
		return nil
	}
	switch string(ref) {
	case "lt":
		s.scratch = append(s.scratch, '<')
	case "gt":
		s.scratch = append(s.scratch, '>')
	case "amp":
		s.scratch = append(s.scratch, '&')
	case "apos":
		s.scratch = append(s.scratch, '\'')
	case "quot":
		s.scratch = append(s.scratch, '"')
	default:
		if s.sawDTD {
			return s.syntax("entity &%s; is not expanded (entities declared in a DOCTYPE are not supported)", ref)
		}
		return s.syntax("undefined entity &%s;", ref)
	}
	return nil
}

// scanName reads a (possibly prefixed) XML name from b at i and returns the
// prefix, local part and the index after it.
func scanName(b []byte, i int) (prefix, local []byte, next int, ok bool) {
	start := i
	colon := -1
	if i >= len(b) {
		return nil, nil, i, false
	}
	if c := b[i]; c < 0x80 {
		if !nameStart[c] {
			return nil, nil, i, false
		}
		i++
	} else {
		r, n := utf8.DecodeRune(b[i:])
		if !isNameStartRune(r) || r == utf8.RuneError && n <= 1 {
			return nil, nil, i, false
		}
		i += n
	}
	for i < len(b) {
		c := b[i]
		if c < 0x80 {
			if nameByte[c] {
				i++
				continue
			}
			if c == ':' && colon < 0 {
				colon = i
				i++
				if i >= len(b) || (b[i] < 0x80 && !nameStart[b[i]]) {
					return nil, nil, i, false
				}
				continue
			}
			break
		}
		r, n := utf8.DecodeRune(b[i:])
		if !isNameRune(r) || r == utf8.RuneError && n <= 1 {
			break
		}
		i += n
	}
	if colon >= 0 {
		return b[start:colon], b[colon+1 : i], i, true
	}
	return nil, b[start:i], i, true
}

func isNameStartRune(r rune) bool {
	return r >= 'A' && r <= 'Z' || r >= 'a' && r <= 'z' || r == '_' ||
		r >= 0xC0 && r <= 0xD6 || r >= 0xD8 && r <= 0xF6 || r >= 0xF8 && r <= 0x2FF ||
		r >= 0x370 && r <= 0x37D || r >= 0x37F && r <= 0x1FFF || r >= 0x200C && r <= 0x200D ||
		r >= 0x2070 && r <= 0x218F || r >= 0x2C00 && r <= 0x2FEF || r >= 0x3001 && r <= 0xD7FF ||
		r >= 0xF900 && r <= 0xFDCF || r >= 0xFDF0 && r <= 0xFFFD || r >= 0x10000 && r <= 0xEFFFF
}

func isNameRune(r rune) bool {
	return isNameStartRune(r) || r == '-' || r == '.' || r >= '0' && r <= '9' || r == 0xB7 ||
		r >= 0x300 && r <= 0x36F || r >= 0x203F && r <= 0x2040
}

// findTagEnd makes sure the whole tag starting at s.pos is in the buffer and
// returns the index of its closing '>'.
func (s *scanner) findTagEnd() (int, error) {
	i := s.pos + 1
	var q byte
	for {
		if i >= s.end {
			off := i - s.pos
			if !s.fill() {
				return 0, s.syntaxEOF("tag")
			}
			i = s.pos + off
			continue
		}
		if q != 0 {
			j := bytes.IndexByte(s.buf[i:s.end], q)
			if j < 0 {
				i = s.end
				continue
			}
			i += j + 1
			q = 0
			continue
		}
		j := bytes.IndexAny(s.buf[i:s.end], "\"'><")
		if j < 0 {
			i = s.end
			continue
		}
		i += j
		switch s.buf[i] {
		case '"', '\'':
			q = s.buf[i]
			i++
		case '>':
			return i, nil
		case '<':
			s.pos = i
			return 0, s.syntax("'<' inside a tag")
		}
	}
}

func (s *scanner) scanStartTag() (tokKind, error) {
	if s.rootDone {
		return tokEOF, s.syntax("a second root element")
	}
	gt, err := s.findTagEnd()
	if err != nil {
		return tokEOF, err
	}
	b := s.buf[:gt]
	prefix, local, i, ok := scanName(b, s.pos+1)
	if !ok {
		return tokEOF, s.syntax("invalid element name")
	}
	s.tprefix, s.tlocal = prefix, local
	s.tattrs = s.tattrs[:0]
	s.attrVals = s.attrVals[:0]
	s.scratch = s.scratch[:0]
	self := false
	for {
		j := i
		for j < gt && isSpaceByte(b[j]) {
			j++
		}
		if j == gt {
			break
		}
		if b[j] == '/' {
			if j+1 != gt {
				s.pos = j
				return tokEOF, s.syntax("'/' inside a tag")
			}
			self = true
			break
		}
		if j == i {
			s.pos = j
			return tokEOF, s.syntax("missing white space between attributes")
		}
		ap, al, k, ok := scanName(b, j)
		if !ok {
			s.pos = j
			return tokEOF, s.syntax("invalid attribute name")
		}
		for k < gt && isSpaceByte(b[k]) {
			k++
		}
		if k >= gt || b[k] != '=' {
			s.pos = k
			return tokEOF, s.syntax("attribute %s without a value", al)
		}
		k++
		for k < gt && isSpaceByte(b[k]) {
			k++
		}
		if k >= gt || (b[k] != '"' && b[k] != '\'') {
			s.pos = k
			return tokEOF, s.syntax("attribute value not quoted")
		}
		q := b[k]
		e := bytes.IndexByte(b[k+1:gt], q)
		if e < 0 {
			s.pos = k
			return tokEOF, s.syntax("unterminated attribute value")
		}
		v := b[k+1 : k+1+e]
		// fast check
		plain := true
		for _, c := range v {
			if !attrPlain[c] {
				plain = false
				break
			}
		}
		if plain {
			s.tattrs = append(s.tattrs, rawAttr{prefix: ap, local: al, value: v})
			s.attrVals = append(s.attrVals, -1)
		} else {
			off := len(s.scratch)
			if err := s.decodeAttr(v, k+1); err != nil {
				return tokEOF, err
			}
			s.tattrs = append(s.tattrs, rawAttr{prefix: ap, local: al})
			s.attrVals = append(s.attrVals, off, len(s.scratch))
			_ = off
		}
		i = k + 1 + e + 1
		if len(s.tattrs) > maxAttrs {
			return tokEOF, &scanError{line: s.line(), err: fmt.Errorf("%w: more than %d attributes on one element", ErrLimit, maxAttrs)}
		}
	}
	// resolve decoded values (scratch may have moved while appending)
	vi := 0
	for a := range s.tattrs {
		if s.attrVals[vi] < 0 {
			vi++
			continue
		}
		s.tattrs[a].value = s.scratch[s.attrVals[vi]:s.attrVals[vi+1]]
		vi += 2
	}
	if err := s.checkDupAttrs(); err != nil {
		return tokEOF, err
	}
	s.pos = gt + 1
	s.sawRoot = true
	if self {
		s.pendEnd = true
		if len(s.stackOff) == 0 {
			s.rootDone = true
		}
	} else {
		if len(s.stackOff) >= s.maxDepth && s.maxDepth > 0 {
			return tokEOF, &scanError{line: s.line(), err: fmt.Errorf("%w: elements nested deeper than %d", ErrLimit, s.maxDepth)}
		}
		s.stackOff = append(s.stackOff, len(s.stack))
		if len(prefix) > 0 {
			s.stack = append(s.stack, prefix...)
			s.stack = append(s.stack, ':')
		}
		s.stack = append(s.stack, local...)
	}
	s.kind = tokStart
	return tokStart, nil
}

const maxAttrs = 4096

func (s *scanner) checkDupAttrs() error {
	n := len(s.tattrs)
	if n < 2 {
		return nil
	}
	if n <= 16 {
		for i := 1; i < n; i++ {
			for j := 0; j < i; j++ {
				if bytes.Equal(s.tattrs[i].local, s.tattrs[j].local) && bytes.Equal(s.tattrs[i].prefix, s.tattrs[j].prefix) {
					return s.syntax("attribute %s appears twice", s.tattrs[i].local)
				}
			}
		}
		return nil
	}
	if s.attrSeen == nil {
		s.attrSeen = make(map[string]struct{})
	}
	clear(s.attrSeen)
	for _, a := range s.tattrs {
		k := string(a.prefix) + ":" + string(a.local)
		if _, ok := s.attrSeen[k]; ok {
			return s.syntax("attribute %s appears twice", a.local)
		}
		s.attrSeen[k] = struct{}{}
	}
	return nil
}

// decodeAttr appends the normalised value of attribute text v (which starts
// at buffer index at) to s.scratch.
func (s *scanner) decodeAttr(v []byte, at int) error {
	for i := 0; i < len(v); {
		c := v[i]
		switch {
		case attrPlain[c]:
			j := i + 1
			for j < len(v) && attrPlain[v[j]] {
				j++
			}
			s.scratch = append(s.scratch, v[i:j]...)
			i = j
		case c == '&':
			semi := bytes.IndexByte(v[i:], ';')
			if semi < 0 {
				s.pos = at + i
				return s.syntax("unterminated reference in attribute value")
			}
			// reuse appendRef on a view of the value
			save, saveEnd, saveR := s.pos, s.end, s.eof
			s.pos = at + i
			s.end = at + i + semi + 1
			s.eof = true
			err := s.appendRef()
			s.pos, s.end, s.eof = save, saveEnd, saveR
			if err != nil {
				return err
			}
			i += semi + 1
		case c == '<':
			s.pos = at + i
			return s.syntax("'<' in attribute value")
		case c == '\r':
			s.scratch = append(s.scratch, ' ')
			if i+1 < len(v) && v[i+1] == '\n' {
				i++
			}
			i++
		case c == '\n' || c == '\t':
			s.scratch = append(s.scratch, ' ')
			i++
		case c >= 0x80:
			r, n := utf8.DecodeRune(v[i:])
			if r == utf8.RuneError && n <= 1 {
				s.pos = at + i
				return &scanError{line: s.line(), err: fmt.Errorf("%w: invalid UTF-8", ErrEncoding)}
			}
			if !isXMLChar(r) {
				s.pos = at + i
				return s.syntax("character U+%04X not allowed in XML", r)
			}
			s.scratch = append(s.scratch, v[i:i+n]...)
			i += n
		case c == '"' || c == '\'':
			s.scratch = append(s.scratch, c)
			i++
		default:
			s.pos = at + i
			return s.syntax("character U+%04X not allowed in XML", c)
		}
	}
	return nil
}

func (s *scanner) scanEndTag() (tokKind, error) {
	gt, err := s.findTagEnd()
	if err != nil {
		return tokEOF, err
	}
	b := s.buf[:gt]
	prefix, local, i, ok := scanName(b, s.pos+2)
	if !ok {
		return tokEOF, s.syntax("invalid end tag")
	}
	for i < gt && isSpaceByte(b[i]) {
		i++
	}
	if i != gt {
		return tokEOF, s.syntax("invalid end tag")
	}
	if len(s.stackOff) == 0 {
		return tokEOF, s.syntax("end tag </%s> without a start tag", local)
	}
	off := s.stackOff[len(s.stackOff)-1]
	open := s.stack[off:]
	var match bool
	if len(prefix) > 0 {
		match = len(open) == len(prefix)+1+len(local) && bytes.HasPrefix(open, prefix) && open[len(prefix)] == ':' && bytes.HasSuffix(open, local)
	} else {
		match = bytes.Equal(open, local)
	}
	if !match {
		return tokEOF, s.syntax("end tag </%s> does not match <%s>", b[s.pos+2:i], open)
	}
	s.tprefix, s.tlocal = prefix, local
	s.stack = s.stack[:off]
	s.stackOff = s.stackOff[:len(s.stackOff)-1]
	if len(s.stackOff) == 0 {
		s.rootDone = true
	}
	s.pos = gt + 1
	s.kind = tokEnd
	return tokEnd, nil
}

// scanPI reads <?target data?>; decl says it is the XML declaration at the
// start of the document.
func (s *scanner) scanPI(decl bool) (tokKind, error) {
	i := s.pos + 2
	for {
		j := bytes.Index(s.buf[i:s.end], []byte("?>"))
		if j >= 0 {
			i += j
			break
		}
		off := s.end - s.pos - 1
		if off < 2 {
			off = 2
		}
		if !s.fill() {
			return tokEOF, s.syntaxEOF("processing instruction")
		}
		i = s.pos + off
	}
	body := s.buf[s.pos+2 : i]
	_, target, k, ok := scanName(body, 0)
	if !ok || (len(body) > k && !isSpaceByte(body[k])) {
		return tokEOF, s.syntax("invalid processing instruction")
	}
	if !decl && bytes.EqualFold(target, []byte("xml")) {
		return tokEOF, s.syntax("XML declaration not at the start")
	}
	if err := s.checkChars(body); err != nil {
		return tokEOF, err
	}
	for k < len(body) && isSpaceByte(body[k]) {
		k++
	}
	s.tpiTarget = body[:len(target)]
	s.tpiData = body[k:]
	s.pos = i + 2
	s.kind = tokPI
	if decl {
		s.sawDecl = true
	}
	return tokPI, nil
}

// checkChars checks that b is valid UTF-8 made of XML characters.
func (s *scanner) checkChars(b []byte) error {
	for i := 0; i < len(b); {
		c := b[i]
		if c < 0x80 {
			if c < 0x20 && c != '\t' && c != '\n' && c != '\r' {
				return s.syntax("character U+%04X not allowed in XML", c)
			}
			i++
			continue
		}
		r, n := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && n <= 1 {
			return &scanError{line: s.line(), err: fmt.Errorf("%w: invalid UTF-8", ErrEncoding)}
		}
		if !isXMLChar(r) {
			return s.syntax("character U+%04X not allowed in XML", r)
		}
		i += n
	}
	return nil
}

// scanBang reads a comment, a CDATA section or a DOCTYPE.
func (s *scanner) scanBang() (tokKind, error) {
	s.need(9)
	b := s.buf[s.pos:s.end]
	switch {
	case bytes.HasPrefix(b, []byte("<!--")):
		i := s.pos + 4
		for {
			j := bytes.Index(s.buf[i:s.end], []byte("-->"))
			if j >= 0 {
				i += j
				break
			}
			off := max(s.end-s.pos-2, 4)
			if !s.fill() {
				return tokEOF, s.syntaxEOF("comment")
			}
			i = s.pos + off
		}
		if err := s.checkChars(s.buf[s.pos+4 : i]); err != nil {
			return tokEOF, err
		}
		s.ttext = s.buf[s.pos+4 : i]
		s.pos = i + 3
		s.kind = tokComment
		return tokComment, nil
	case bytes.HasPrefix(b, []byte("<![CDATA[")):
		if !s.sawRoot || s.rootDone {
			return tokEOF, s.syntax("CDATA outside the root element")
		}
		i := s.pos + 9
		for {
			j := bytes.Index(s.buf[i:s.end], []byte("]]>"))
			if j >= 0 {
				i += j
				break
			}
			off := max(s.end-s.pos-2, 9)
			if !s.fill() {
				return tokEOF, s.syntaxEOF("CDATA section")
			}
			i = s.pos + off
		}
		raw := s.buf[s.pos+9 : i]
		if err := s.checkChars(raw); err != nil {
			return tokEOF, err
		}
		if bytes.IndexByte(raw, '\r') >= 0 {
			s.scratch = s.scratch[:0]
			for k := 0; k < len(raw); k++ {
				if raw[k] == '\r' {
					s.scratch = append(s.scratch, '\n')
					if k+1 < len(raw) && raw[k+1] == '\n' {
						k++
					}
					continue
				}
				s.scratch = append(s.scratch, raw[k])
			}
			s.ttext = s.scratch
		} else {
			s.ttext = raw
		}
		s.pos = i + 3
		s.kind = tokText
		return tokText, nil
	case bytes.HasPrefix(b, []byte("<!DOCTYPE")):
		if s.sawRoot || s.sawDTD {
			return tokEOF, s.syntax("DOCTYPE not allowed here")
		}
		// Skip to the closing '>', honouring quotes and the internal subset.
		i := s.pos + 9
		depth := 0
		var q byte
		for {
			if i >= s.end {
				off := i - s.pos
				if !s.fill() {
					return tokEOF, s.syntaxEOF("DOCTYPE")
				}
				i = s.pos + off
				continue
			}
			c := s.buf[i]
			i++
			if q != 0 {
				if c == q {
					q = 0
				}
				continue
			}
			if c == '<' && depth > 0 {
				// a comment or processing instruction of the internal
				// subset may hold quotes, brackets and '>'
				off := i - s.pos
				ok := s.need(off + 3)
				i = s.pos + off // need may have moved the buffer
				if !ok {
					continue
				}
				var end []byte
				switch {
				case bytes.HasPrefix(s.buf[i:s.end], []byte("!--")):
					end = []byte("-->")
				case s.buf[i] == '?':
					end = []byte("?>")
				}
				if end != nil {
					for {
						j := bytes.Index(s.buf[i:s.end], end)
						if j >= 0 {
							i += j + len(end)
							break
						}
						off := max(s.end-len(end), i) - s.pos
						if !s.fill() {
							return tokEOF, s.syntaxEOF("DOCTYPE")
						}
						i = s.pos + off
					}
					continue
				}
			}
			switch c {
			case '"', '\'':
				q = c
			case '[':
				depth++
			case ']':
				depth--
			case '>':
				if depth <= 0 {
					s.sawDTD = true
					s.pos = i
					return tokEOF, nil
				}
			}
		}
	}
	return tokEOF, s.syntax("invalid markup")
}
