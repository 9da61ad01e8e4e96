package cmdutil

import (
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Printable returns s as it may be printed on a terminal: characters that a
// terminal acts on rather than shows — control characters (C0 and C1,
// carriage return and tab included), bidirectional overrides and isolates
// that reorder what is shown around them, and invalid UTF-8 — are written
// as Go escapes (\r, \x1b, \u202e). Names in a project come from its file,
// which can be hostile; a line printed from them cannot rewrite the
// terminal, hide itself or pretend to be another.
func Printable(s string) string {
	safe := true
	for _, r := range s {
		if !printableRune(r) {
			safe = false
			break
		}
	}
	if safe {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && n == 1:
			b.WriteString(`\x`)
			b.WriteString(strconv.FormatUint(uint64(s[i]), 16))
		case printableRune(r):
			b.WriteRune(r)
		default:
			q := strconv.QuoteRuneToASCII(r)
			b.WriteString(q[1 : len(q)-1])
		}
		i += n
	}
	return b.String()
}

func printableRune(r rune) bool {
	switch {
	case r == utf8.RuneError:
		return false
	case r == ' ':
		return true
	case unicode.IsControl(r):
		return false
	case r >= 0x202A && r <= 0x202E, r >= 0x2066 && r <= 0x2069, r == 0x200E, r == 0x200F, r == 0x061C:
		return false
	}
	return unicode.IsGraphic(r)
}
