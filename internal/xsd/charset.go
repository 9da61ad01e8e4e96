package xsd

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"
)

// skipBOM drops a UTF-8 byte order mark, which encoding/xml would return as
// text, and rejects UTF-16 and UTF-32, which it cannot read.
func skipBOM(br *bufio.Reader) error {
	b, _ := br.Peek(4)
	switch {
	case bytes.HasPrefix(b, []byte{0xEF, 0xBB, 0xBF}):
		_, err := br.Discard(3)
		return err
	case bytes.HasPrefix(b, []byte{0, 0, 0xFE, 0xFF}), bytes.HasPrefix(b, []byte{0xFF, 0xFE, 0, 0}):
		return errors.New("unsupported encoding: UTF-32")
	case bytes.HasPrefix(b, []byte{0xFE, 0xFF}), bytes.HasPrefix(b, []byte{0xFF, 0xFE}),
		bytes.HasPrefix(b, []byte{0, '<'}), bytes.HasPrefix(b, []byte{'<', 0}):
		return errors.New("unsupported encoding: UTF-16 (REFI-QDA requires UTF-8)")
	}
	return nil
}

// charsetReader lets encoding/xml read documents that declare an encoding
// other than UTF-8: US-ASCII, ISO-8859-1 and windows-1252 are supported.
func charsetReader(charset string, input io.Reader) (io.Reader, error) {
	switch strings.ToLower(charset) {
	case "utf-8", "utf8":
		return input, nil
	case "us-ascii", "ascii":
		return &byteCharset{r: input, name: charset, ascii: true}, nil
	case "iso-8859-1", "iso_8859-1", "latin1", "l1", "iso-ir-100", "cp819":
		return &byteCharset{r: input, name: charset}, nil
	case "windows-1252", "cp1252":
		return &byteCharset{r: input, name: charset, table: &cp1252}, nil
	}
	return nil, fmt.Errorf("unsupported encoding %q", charset)
}

// byteCharset converts a single-byte encoding to UTF-8.
type byteCharset struct {
	r     io.Reader
	name  string
	ascii bool      // reject bytes >= 0x80
	table *[32]rune // mapping of 0x80..0x9F, or nil for ISO-8859-1
	buf   []byte    // read buffer
	out   []byte    // converted bytes not yet returned
	err   error     // sticky read error
}

func (c *byteCharset) Read(p []byte) (int, error) {
	for len(c.out) == 0 {
		if c.err != nil {
			return 0, c.err
		}
		if c.buf == nil {
			c.buf = make([]byte, 4096)
		}
		n, err := c.r.Read(c.buf)
		c.err = err
		for _, b := range c.buf[:n] {
			switch {
			case b < 0x80:
				c.out = append(c.out, b)
			case c.ascii:
				c.err = fmt.Errorf("byte 0x%02X is not %s", b, c.name)
				return 0, c.err
			case c.table != nil && b < 0xA0:
				r := c.table[b-0x80]
				if r == 0 {
					c.err = fmt.Errorf("byte 0x%02X is undefined in %s", b, c.name)
					return 0, c.err
				}
				c.out = utf8.AppendRune(c.out, r)
			default:
				c.out = utf8.AppendRune(c.out, rune(b))
			}
		}
	}
	n := copy(p, c.out)
	c.out = c.out[n:]
	return n, nil
}

// cp1252 maps the bytes 0x80..0x9F of windows-1252 (0: undefined).
var cp1252 = [32]rune{
	0x20AC, 0, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
	0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0, 0x017D, 0,
	0, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
	0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0, 0x017E, 0x0178,
}
