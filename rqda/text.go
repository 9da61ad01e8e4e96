package rqda

import (
	"sort"
	"unicode/utf8"

	"github.com/qdabridge/qdabridge/internal/place"
)

// text is a source's text with what placing passages in it needs. RQDA
// counts positions in R characters (nchar, Unicode code points) of the
// text as stored, whose lines R joined with LF; so do REFI-QDA's
// positions, which are therefore the same numbers.
type text struct {
	s      string
	runes  int64 // length in code points
	finder *place.Finder
	// marks[i] is the byte offset of code point i*markStep, for turning
	// byte offsets into code points and back.
	marks []int
}

const markStep = 512

func newText(s string) *text {
	t := &text{s: s}
	var n int64
	for i := range s { // ranges over code points; invalid bytes count one each
		if n%markStep == 0 {
			t.marks = append(t.marks, i)
		}
		n++
	}
	t.runes = n
	return t
}

func (t *text) find() *place.Finder {
	if t.finder == nil {
		t.finder = place.NewFinder(t.s)
	}
	return t.finder
}

// chars returns the code point offset of byte offset b (a rune boundary).
func (t *text) chars(b int) int64 {
	k := sort.Search(len(t.marks), func(i int) bool { return t.marks[i] > b }) - 1
	if k < 0 {
		return 0
	}
	return int64(k)*markStep + int64(utf8.RuneCountInString(t.s[t.marks[k]:b]))
}

// slice returns the text of code points [start, end), which must be in
// range.
func (t *text) slice(start, end int64) string {
	return t.s[t.byteAt(start):t.byteAt(end)]
}

// byteAt returns the byte offset of code point n (0 <= n <= runes).
func (t *text) byteAt(n int64) int {
	if n >= t.runes {
		return len(t.s)
	}
	k := int(n / markStep)
	i := t.marks[k]
	for c := int64(k) * markStep; c < n; c++ {
		_, w := utf8.DecodeRuneInString(t.s[i:])
		i += w
	}
	return i
}
