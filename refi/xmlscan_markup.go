package refi

import (
	"bytes"
	"fmt"
	"io"
	"unicode/utf8"
)

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
