package refi

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"unicode/utf8"
)

// This file, xmlscan_tags.go (start and end tags, names, attribute values)
// and xmlscan_markup.go (the XML declaration and the encoding, processing
// instructions, comments, CDATA and DOCTYPE) are a streaming XML 1.0
// tokenizer written for speed on large project.qde files: it reads through
// a sliding buffer, hands out tokens as slices of that buffer (valid until
// the next call), and allocates nothing per token in the common case. It
// checks well-formedness (names, matching tags, one root, attribute
// uniqueness, character validity, UTF-8), applies the XML end-of-line and
// attribute-value normalisation rules, resolves the predefined entities and
// character references, and never expands entities declared in a DOCTYPE
// (it skips the DOCTYPE and reports it). Namespace prefixes are resolved
// one layer up (xmlinput.go).

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
	pc     lineCache // posLine's
	maxBuf int       // largest token allowed (bytes)

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

// posLine is line, counting the newlines since its last call only, as
// markLine does.
func (s *scanner) posLine() int {
	p := min(s.pos, s.end)
	if s.pc.shifts != s.shifts || p < s.pc.pos {
		s.pc = lineCache{shifts: s.shifts}
	}
	s.pc.n += bytes.Count(s.buf[s.pc.pos:p], []byte{'\n'})
	s.pc.pos = p
	return s.lines + s.pc.n + 1
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
