package xsd

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// compilePattern translates an XSD regular expression (XML Schema Part 2,
// appendix F) into an anchored Go regexp. XSD patterns always match the
// whole value, have no anchors ('^' and '$' are ordinary characters), and
// '.' excludes both \n and \r. Supported: ordinary characters, '.', groups,
// '|', the quantifiers ? * + {n} {n,} {n,m}, single-character escapes,
// \s \S \d \D \w \W, \p{Category} \P{Category} and character classes with
// ranges, negation and escapes. Character class subtraction, \i \c \I \C and
// Unicode block escapes (\p{IsBasicLatin}) are rejected.
func compilePattern(p string) (*regexp.Regexp, error) {
	t := &reTranslator{src: p}
	var b strings.Builder
	b.WriteString(`^(?:`)
	if err := t.translate(&b); err != nil {
		return nil, fmt.Errorf("pattern %s: %w", quote(p), err)
	}
	b.WriteString(`)$`)
	re, err := regexp.Compile(b.String())
	if err != nil {
		return nil, fmt.Errorf("pattern %s: %w", quote(p), err)
	}
	return re, nil
}

type reTranslator struct {
	src string
	pos int
}

func (t *reTranslator) next() (rune, bool) {
	if t.pos >= len(t.src) {
		return 0, false
	}
	r, n := utf8.DecodeRuneInString(t.src[t.pos:])
	t.pos += n
	return r, true
}

func (t *reTranslator) peek() (rune, bool) {
	if t.pos >= len(t.src) {
		return 0, false
	}
	r, _ := utf8.DecodeRuneInString(t.src[t.pos:])
	return r, true
}

func (t *reTranslator) translate(b *strings.Builder) error {
	depth := 0
	atom := false // the last thing written can take a quantifier
	for {
		r, ok := t.next()
		if !ok {
			break
		}
		switch r {
		case '\\':
			s, _, _, err := t.escape(false)
			if err != nil {
				return err
			}
			b.WriteString(s)
			atom = true
		case '[':
			s, err := t.class()
			if err != nil {
				return err
			}
			b.WriteString(s)
			atom = true
		case '.':
			b.WriteString(`[^\n\r]`)
			atom = true
		case '(':
			if q, _ := t.peek(); q == '?' {
				return fmt.Errorf("'(?' is not XSD regex syntax")
			}
			b.WriteString(`(?:`)
			depth++
			atom = false
		case ')':
			if depth == 0 {
				return fmt.Errorf("unbalanced ')'")
			}
			b.WriteString(`)`)
			depth--
			atom = true
		case '|':
			b.WriteString(`|`)
			atom = false
		case '?', '*', '+':
			if !atom {
				return fmt.Errorf("quantifier %q without an atom", r)
			}
			b.WriteRune(r)
			atom = false
		case '{':
			if !atom {
				return fmt.Errorf("quantifier '{' without an atom")
			}
			s, err := t.quantity()
			if err != nil {
				return err
			}
			b.WriteString(s)
			atom = false
		case ']', '}':
			return fmt.Errorf("unescaped %q", r)
		default:
			b.WriteString(regexp.QuoteMeta(string(r)))
			atom = true
		}
	}
	if depth != 0 {
		return fmt.Errorf("unbalanced '('")
	}
	return nil
}

// quantity parses the rest of {n}, {n,} or {n,m} after '{'.
func (t *reTranslator) quantity() (string, error) {
	end := strings.IndexByte(t.src[t.pos:], '}')
	if end < 0 {
		return "", fmt.Errorf("unterminated quantifier '{'")
	}
	body := t.src[t.pos : t.pos+end]
	t.pos += end + 1
	lo, hi, comma := body, "", false
	if i := strings.IndexByte(body, ','); i >= 0 {
		lo, hi, comma = body[:i], body[i+1:], true
	}
	n, err := strconv.Atoi(lo)
	if err != nil || digits(lo) != len(lo) {
		return "", fmt.Errorf("invalid quantifier {%s}", body)
	}
	if comma && hi != "" {
		m, err := strconv.Atoi(hi)
		if err != nil || digits(hi) != len(hi) || m < n {
			return "", fmt.Errorf("invalid quantifier {%s}", body)
		}
	}
	return "{" + body + "}", nil
}

// escape translates the escape after '\'. Inside a character class the
// result must be usable between brackets. For a single-character escape it
// also returns the character, which may then start or end a range.
func (t *reTranslator) escape(inClass bool) (text string, ch rune, single bool, err error) {
	r, ok := t.next()
	if !ok {
		return "", 0, false, fmt.Errorf("trailing '\\'")
	}
	switch r {
	case 'n':
		return `\n`, '\n', true, nil
	case 'r':
		return `\r`, '\r', true, nil
	case 't':
		return `\t`, '\t', true, nil
	case '\\', '|', '.', '?', '*', '+', '(', ')', '{', '}', '-', '[', ']', '^':
		return `\` + string(r), r, true, nil
	case 's':
		if inClass {
			return `\t\n\r\x20`, 0, false, nil
		}
		return `[\t\n\r\x20]`, 0, false, nil
	case 'S':
		if !inClass {
			return `[^\t\n\r\x20]`, 0, false, nil
		}
	case 'd':
		return `\p{Nd}`, 0, false, nil
	case 'D':
		return `\P{Nd}`, 0, false, nil
	case 'w':
		if !inClass {
			return `[^\p{P}\p{Z}\p{C}]`, 0, false, nil
		}
	case 'W':
		if inClass {
			return `\p{P}\p{Z}\p{C}`, 0, false, nil
		}
		return `[\p{P}\p{Z}\p{C}]`, 0, false, nil
	case 'p', 'P':
		if c, _ := t.next(); c != '{' {
			return "", 0, false, fmt.Errorf(`\%c must be followed by {`, r)
		}
		end := strings.IndexByte(t.src[t.pos:], '}')
		if end < 0 {
			return "", 0, false, fmt.Errorf(`unterminated \%c{`, r)
		}
		name := t.src[t.pos : t.pos+end]
		t.pos += end + 1
		if _, ok := unicode.Categories[name]; !ok {
			return "", 0, false, fmt.Errorf(`unsupported character property \%c{%s}`, r, name)
		}
		return `\` + string(r) + `{` + name + `}`, 0, false, nil
	default:
		return "", 0, false, fmt.Errorf(`unsupported escape \%c`, r)
	}
	return "", 0, false, fmt.Errorf(`escape \%c inside a character class is not supported`, r)
}

// class translates a character class after '['.
func (t *reTranslator) class() (string, error) {
	var b strings.Builder
	b.WriteByte('[')
	if r, _ := t.peek(); r == '^' {
		t.pos++
		b.WriteByte('^')
	}
	for first := true; ; first = false {
		r, ok := t.next()
		if !ok {
			return "", fmt.Errorf("unterminated character class")
		}
		if r == ']' && !first {
			b.WriteByte(']')
			return b.String(), nil
		}
		if r == '-' && !first {
			switch n, _ := t.peek(); n {
			case ']':
			case '[':
				return "", fmt.Errorf("character class subtraction is not supported")
			default:
				return "", fmt.Errorf("unescaped '-' in a character class")
			}
		}
		text, lo, single, err := t.classAtom(r)
		if err != nil {
			return "", err
		}
		if single && t.pos+1 < len(t.src) && t.src[t.pos] == '-' && t.src[t.pos+1] != ']' && t.src[t.pos+1] != '[' {
			t.pos++ // '-'
			r2, _ := t.next()
			_, hi, single2, err := t.classAtom(r2)
			if err != nil {
				return "", err
			}
			if !single2 || hi < lo {
				return "", fmt.Errorf("invalid character range")
			}
			text = classChar(lo) + "-" + classChar(hi)
		}
		b.WriteString(text)
	}
}

// classAtom translates one character or escape inside a class.
func (t *reTranslator) classAtom(r rune) (text string, ch rune, single bool, err error) {
	switch r {
	case '\\':
		return t.escape(true)
	case '[', ']':
		return "", 0, false, fmt.Errorf("unescaped %q in a character class", r)
	}
	return classChar(r), r, true, nil
}

// classChar writes one literal character for use inside a Go class.
func classChar(r rune) string {
	switch r {
	case '\\', ']', '[', '^', '-':
		return `\` + string(r)
	case '\n':
		return `\n`
	case '\r':
		return `\r`
	case '\t':
		return `\t`
	}
	return string(r)
}
