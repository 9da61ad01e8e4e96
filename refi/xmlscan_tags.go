package refi

import (
	"bytes"
	"fmt"
	"unicode/utf8"
)

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

// tagSpecial marks the bytes findTagEnd stops at.
var tagSpecial = [256]bool{'"': true, '\'': true, '>': true, '<': true}

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
		b := s.buf[i:s.end]
		j := 0
		for j < len(b) && !tagSpecial[b[j]] {
			j++
		}
		if j == len(b) {
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
