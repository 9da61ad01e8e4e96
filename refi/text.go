package refi

import (
	"fmt"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Unit is what a text position counts.
type Unit uint8

const (
	// CodePoints counts Unicode code points, as the standard says (§10.2).
	CodePoints Unit = iota
	// UTF16 counts UTF-16 code units: characters outside the Basic
	// Multilingual Plane (most emoji) count two. NVivo counts this way.
	UTF16
	// Bytes counts the bytes of the UTF-8 text.
	Bytes
)

// String returns "codepoint", "utf16" or "byte".
func (u Unit) String() string {
	switch u {
	case UTF16:
		return "utf16"
	case Bytes:
		return "byte"
	}
	return "codepoint"
}

// ParseUnit parses the names String returns.
func ParseUnit(s string) (Unit, error) {
	switch strings.ToLower(s) {
	case "codepoint", "codepoints", "code-point", "rune":
		return CodePoints, nil
	case "utf16", "utf-16":
		return UTF16, nil
	case "byte", "bytes", "utf8", "utf-8":
		return Bytes, nil
	}
	return 0, fmt.Errorf("refi: unknown position unit %q (want codepoint, utf16 or byte)", s)
}

// Positions is a convention for counting text positions: the unit, and
// whether a CR LF pair counts as one character or as two. Positions always
// count from 0 at the first character after any byte-order mark, and a
// selection [start, end) excludes end. The zero value is the standard's
// convention: code points, every character of the text as stored counted.
type Positions struct {
	Unit      Unit
	CRLFAsOne bool // a CR LF pair counts as one character (ATLAS.ti, MAXQDA)
}

// String returns the unit's name, followed by "/crlf1" when a CR LF pair
// counts as one.
func (p Positions) String() string {
	if p.CRLFAsOne {
		return p.Unit.String() + "/crlf1"
	}
	return p.Unit.String()
}

// ParsePositions parses the form String returns.
func ParsePositions(s string) (Positions, error) {
	var p Positions
	if base, ok := strings.CutSuffix(strings.ToLower(s), "/crlf1"); ok {
		p.CRLFAsOne = true
		s = base
	}
	u, err := ParseUnit(s)
	p.Unit = u
	return p, err
}

// Text is the plain text of a source, note, transcript or PDF
// representation, indexed so that positions in any convention can be turned
// into Go strings and into each other. A Text never changes the text: the
// source bytes stay as they are (a UTF-8 byte-order mark is removed, and
// remembered in BOM).
type Text struct {
	s        string
	BOM      bool // the file started with a UTF-8 byte-order mark
	utf16    bool // the file was UTF-16 and has been transcoded
	valid    bool
	hasCR    bool
	nonASCII bool
	nonBMP   bool
	marks    []textMark
	every    int // bytes between marks; 0 means markEvery
}

// textMark holds, for the byte offset b, the counts of everything before it.
type textMark struct {
	b    int
	cp   int64
	u16  int64
	crlf int64
}

const markEvery = 128

// NewText indexes text b, the bytes of a plain-text file or the content of
// a PlainTextContent element. A leading UTF-8 byte-order mark is not part of
// the text. Invalid UTF-8 is kept; each invalid byte counts as one code point
// and one UTF-16 unit (as U+FFFD would).
func NewText(b []byte) *Text {
	return NewTextString(string(b))
}

// NewTextString is NewText for a string.
func NewTextString(s string) *Text {
	t := &Text{}
	t.reset(s)
	return t
}

// reset indexes s, reusing the Text's memory.
func (t *Text) reset(s string) {
	marks, every := t.marks[:0], t.every
	if every <= 0 {
		every = markEvery
	}
	*t = Text{every: t.every}
	if strings.HasPrefix(s, "\uFEFF") {
		s = s[3:]
		t.BOM = true
	}
	t.s = s
	t.valid = utf8.ValidString(s)
	if need := len(s)/every + 2; cap(marks) < need {
		marks = make([]textMark, 0, need)
	}
	t.marks = marks
	var cp, u16, crlf int64
	next := 0
	for i := 0; i < len(s); {
		c := s[i]
		if i >= next && !(c == '\n' && i > 0 && s[i-1] == '\r') {
			t.marks = append(t.marks, textMark{i, cp, u16, crlf})
			next = i + every
		}
		if c < 0x80 && c != '\r' {
			// a run of ASCII, up to the next mark
			j, lim := i+1, min(next, len(s))
			for j < lim && s[j] < 0x80 && s[j] != '\r' {
				j++
			}
			cp += int64(j - i)
			u16 += int64(j - i)
			i = j
			continue
		}
		if c < 0x80 {
			if c == '\r' {
				t.hasCR = true
				if i+1 < len(s) && s[i+1] == '\n' {
					crlf++
				}
			}
			cp++
			u16++
			i++
			continue
		}
		t.nonASCII = true
		r, n := utf8.DecodeRuneInString(s[i:])
		cp++
		if r >= 0x10000 {
			u16 += 2
			t.nonBMP = true
		} else {
			u16++
		}
		i += n
	}
	t.marks = append(t.marks, textMark{len(s), cp, u16, crlf})
}

// String returns the text (without a byte-order mark).
func (t *Text) String() string { return t.s }

// ValidUTF8 reports whether the text is valid UTF-8.
func (t *Text) ValidUTF8() bool { return t.valid }

// HasCRLF reports whether the text has carriage returns (CR LF line ends).
func (t *Text) HasCRLF() bool { return t.hasCR }

// Len returns the length of the text counted in convention p.
func (t *Text) Len(p Positions) int64 {
	return t.value(t.marks[len(t.marks)-1], p)
}

func (t *Text) value(m textMark, p Positions) int64 {
	var v int64
	switch p.Unit {
	case UTF16:
		v = m.u16
	case Bytes:
		v = int64(m.b)
	default:
		v = m.cp
	}
	if p.CRLFAsOne {
		v -= m.crlf
	}
	return v
}

// countsAlike reports whether conventions p and q count every position
// of this text alike: they differ only in how they count a CR LF pair
// and the text has no CR, or only in their unit and the text has no
// character whose length in the two units differs.
func (t *Text) countsAlike(p, q Positions) bool {
	if p.CRLFAsOne != q.CRLFAsOne && t.hasCR {
		return false
	}
	switch {
	case p.Unit == q.Unit:
		return true
	case p.Unit == Bytes || q.Unit == Bytes:
		return !t.nonASCII
	default: // code points and UTF-16 units
		return !t.nonBMP
	}
}

// step advances one unit of counting from byte offset b: a character, or a
// whole CR LF pair when it counts as one. It returns the new mark.
func (t *Text) step(m textMark, p Positions) textMark {
	s := t.s
	i := m.b
	c := s[i]
	if c < 0x80 {
		if c == '\r' && i+1 < len(s) && s[i+1] == '\n' {
			if p.CRLFAsOne {
				return textMark{i + 2, m.cp + 2, m.u16 + 2, m.crlf + 1}
			}
			return textMark{i + 1, m.cp + 1, m.u16 + 1, m.crlf + 1}
		}
		return textMark{i + 1, m.cp + 1, m.u16 + 1, m.crlf}
	}
	r, n := utf8.DecodeRuneInString(s[i:])
	u := int64(1)
	if r >= 0x10000 {
		u = 2
	}
	return textMark{i + n, m.cp + 1, m.u16 + u, m.crlf}
}

// Offset returns the byte offset in String() of position pos counted in
// convention p. It fails with an error wrapping [ErrPosition] when pos is
// negative, past the end, or inside a character (half of a UTF-16 surrogate
// pair, or the middle of a UTF-8 sequence for Bytes).
func (t *Text) Offset(pos int64, p Positions) (int, error) {
	if pos < 0 {
		return 0, fmt.Errorf("%w: position %d is negative", ErrPosition, pos)
	}
	if n := t.Len(p); pos > n {
		return 0, fmt.Errorf("%w: position %d is past the end of the text (length %d in %s)", ErrPosition, pos, n, p)
	}
	// last mark at or before pos
	k := sort.Search(len(t.marks), func(i int) bool { return t.value(t.marks[i], p) > pos }) - 1
	if k < 0 {
		k = 0
	}
	m := t.marks[k]
	for {
		v := t.value(m, p)
		if v == pos {
			return m.b, nil
		}
		if v > pos || m.b >= len(t.s) {
			return 0, fmt.Errorf("%w: position %d falls inside a character in %s", ErrPosition, pos, p)
		}
		m = t.step(m, p)
	}
}

// Position returns the position, counted in convention p, of byte offset b
// of String(). b must be at a character boundary.
func (t *Text) Position(b int, p Positions) (int64, error) {
	if b < 0 || b > len(t.s) {
		return 0, fmt.Errorf("%w: byte offset %d outside the text", ErrPosition, b)
	}
	k := sort.Search(len(t.marks), func(i int) bool { return t.marks[i].b > b }) - 1
	m := t.marks[k]
	for m.b < b {
		m = t.step(m, Positions{Unit: p.Unit})
	}
	if m.b != b {
		return 0, fmt.Errorf("%w: byte offset %d is inside a character", ErrPosition, b)
	}
	if p.CRLFAsOne && b > 0 && b < len(t.s) && t.s[b-1] == '\r' && t.s[b] == '\n' {
		return 0, fmt.Errorf("%w: byte offset %d is between CR and LF, which count as one character in %s", ErrPosition, b, p)
	}
	return t.value(m, p), nil
}

// Slice returns the text of the selection [start, end) counted in
// convention p.
func (t *Text) Slice(start, end int64, p Positions) (string, error) {
	if start > end {
		return "", fmt.Errorf("%w: start %d is after end %d", ErrPosition, start, end)
	}
	a, err := t.Offset(start, p)
	if err != nil {
		return "", err
	}
	b, err := t.Offset(end, p)
	if err != nil {
		return "", err
	}
	return t.s[a:b], nil
}

// Convert turns position pos counted in convention from into the same place
// counted in convention to.
func (t *Text) Convert(pos int64, from, to Positions) (int64, error) {
	if from == to {
		return pos, nil
	}
	b, err := t.Offset(pos, from)
	if err != nil {
		return 0, err
	}
	return t.Position(b, to)
}

// wordBoundary reports whether byte offset b lies between two characters
// that are not both letters or digits (or at either end of the text), and
// not between CR and LF.
func (t *Text) wordBoundary(b int) bool {
	if b <= 0 || b >= len(t.s) {
		return true
	}
	if t.s[b-1] == '\r' && t.s[b] == '\n' {
		return false
	}
	before, _ := utf8.DecodeLastRuneInString(t.s[:b])
	after, _ := utf8.DecodeRuneInString(t.s[b:])
	return !(isWordRune(before) && isWordRune(after))
}

func isWordRune(r rune) bool {
	return r == '_' || unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r)
}
