package refi

import "unicode/utf8"

// textSpecial and attrSpecial mark the bytes the escapers must look at.
var textSpecial, attrSpecial [256]bool

func init() {
	for c := 0; c < 0x20; c++ {
		textSpecial[c] = true
		attrSpecial[c] = true
	}
	for c := 0x80; c < 0x100; c++ {
		textSpecial[c] = true
		attrSpecial[c] = true
	}
	textSpecial['\n'], textSpecial['\t'] = false, false
	for _, c := range "&<>" {
		textSpecial[c] = true
		attrSpecial[c] = true
	}
	attrSpecial['"'] = true
}

// appendEscapedText appends s escaped as XML character data: &, < and >
// become references and CR becomes &#xD; so that it survives end-of-line
// normalisation. Characters XML cannot carry (control characters, U+FFFE,
// U+FFFF, invalid UTF-8) become U+FFFD; bad counts them.
func appendEscapedText[S ~string | ~[]byte](dst []byte, s S) []byte {
	dst, _ = escape(dst, s, &textSpecial)
	return dst
}

// appendEscapedAttr appends s escaped for a double-quoted attribute value:
// as appendEscapedText, and also ", tab, LF and CR as references, since a
// conforming parser turns literal ones into spaces.
func appendEscapedAttr[S ~string | ~[]byte](dst []byte, s S) []byte {
	dst, _ = escape(dst, s, &attrSpecial)
	return dst
}

func escape[S ~string | ~[]byte](dst []byte, s S, special *[256]bool) ([]byte, int) {
	bad := 0
	last := 0
	for i := 0; i < len(s); {
		c := s[i]
		if !special[c] {
			i++
			continue
		}
		dst = append(dst, s[last:i]...)
		var esc string
		width := 1
		switch c {
		case '&':
			esc = "&amp;"
		case '<':
			esc = "&lt;"
		case '>':
			esc = "&gt;"
		case '"':
			esc = "&quot;"
		case '\t':
			esc = "&#x9;"
		case '\n':
			esc = "&#xA;"
		case '\r':
			esc = "&#xD;"
		default:
			if c < 0x80 {
				esc = "\uFFFD"
				bad++
				break
			}
			var r rune
			var n int
			if str, ok := any(s).(string); ok {
				r, n = utf8.DecodeRuneInString(str[i:])
			} else {
				r, n = utf8.DecodeRune([]byte(s[i:]))
			}
			width = n
			if (r == utf8.RuneError && n <= 1) || r == 0xFFFE || r == 0xFFFF {
				esc = "\uFFFD"
				bad++
				break
			}
			dst = append(dst, s[i:i+n]...)
			i += n
			last = i
			continue
		}
		dst = append(dst, esc...)
		i += width
		last = i
	}
	return append(dst, s[last:]...), bad
}
