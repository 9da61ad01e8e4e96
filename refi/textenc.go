package refi

import (
	"fmt"
	"io"
	"unicode/utf16"
	"unicode/utf8"
)

// utf16Reader transcodes UTF-16 (of the given byte order) to UTF-8. An
// unpaired surrogate is an error: such a document is not well-formed.
type utf16Reader struct {
	r         io.Reader
	bigEndian bool
	in        []byte
	out       []byte
	pendHigh  rune
	err       error
}

func newUTF16Reader(bigEndian bool) func(io.Reader) io.Reader {
	return func(r io.Reader) io.Reader {
		return &utf16Reader{r: r, bigEndian: bigEndian, in: make([]byte, 0, 8192)}
	}
}

func (u *utf16Reader) Read(p []byte) (int, error) {
	for len(u.out) == 0 {
		if u.err != nil {
			return 0, u.err
		}
		if cap(u.in)-len(u.in) < 2 {
			u.in = u.in[:len(u.in)&1]
		}
		n, err := u.r.Read(u.in[len(u.in):cap(u.in)])
		u.in = u.in[:len(u.in)+n]
		i := 0
		for ; i+1 < len(u.in); i += 2 {
			var c rune
			if u.bigEndian {
				c = rune(u.in[i])<<8 | rune(u.in[i+1])
			} else {
				c = rune(u.in[i+1])<<8 | rune(u.in[i])
			}
			switch {
			case u.pendHigh != 0:
				if !utf16.IsSurrogate(c) || c < 0xDC00 {
					u.err = fmt.Errorf("%w: unpaired UTF-16 surrogate", ErrEncoding)
					break
				}
				u.out = utf8.AppendRune(u.out, utf16.DecodeRune(u.pendHigh, c))
				u.pendHigh = 0
			case c >= 0xD800 && c < 0xDC00:
				u.pendHigh = c
			case c >= 0xDC00 && c < 0xE000:
				u.err = fmt.Errorf("%w: unpaired UTF-16 surrogate", ErrEncoding)
			default:
				u.out = utf8.AppendRune(u.out, c)
			}
			if u.err != nil {
				break
			}
		}
		rest := copy(u.in, u.in[i:])
		u.in = u.in[:rest]
		if err != nil && u.err == nil {
			if err == io.EOF && (len(u.in) > 0 || u.pendHigh != 0) {
				err = fmt.Errorf("%w: truncated UTF-16", ErrEncoding)
			}
			u.err = err
		}
	}
	n := copy(p, u.out)
	u.out = u.out[n:]
	if len(u.out) == 0 {
		u.out = u.out[:0:cap(u.out)]
	}
	return n, nil
}

// cp1252 maps the bytes 0x80-0x9F of Windows-1252 to Unicode; 0 marks the
// five undefined ones, which are kept as the C1 control of the same number.
var cp1252 = [32]rune{
	0x20AC, 0, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0, 0x017D, 0,
	0, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0, 0x017E, 0x0178,
}

// latin1Reader transcodes ISO-8859-1 (or Windows-1252) to UTF-8.
type latin1Reader struct {
	r       io.Reader
	windows bool
	in      []byte
	out     []byte
}

func newLatin1Reader(windows bool) func(io.Reader) io.Reader {
	return func(r io.Reader) io.Reader {
		return &latin1Reader{r: r, windows: windows, in: make([]byte, 4096)}
	}
}

func (l *latin1Reader) Read(p []byte) (int, error) {
	if len(l.out) == 0 {
		n, err := l.r.Read(l.in)
		l.out = l.out[:0]
		for _, c := range l.in[:n] {
			r := rune(c)
			if l.windows && c >= 0x80 && c < 0xA0 && cp1252[c-0x80] != 0 {
				r = cp1252[c-0x80]
			}
			l.out = utf8.AppendRune(l.out, r)
		}
		if len(l.out) == 0 {
			return 0, err
		}
	}
	n := copy(p, l.out)
	l.out = l.out[n:]
	return n, nil
}
