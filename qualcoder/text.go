package qualcoder

import (
	"sort"
	"unicode/utf8"

	"github.com/qdabridge/qdabridge/internal/place"
)

// runeText converts between the code point positions QualCoder stores
// (Python string indexes of source.fulltext) and byte offsets in the Go
// string.
type runeText struct {
	s      string
	n      int     // code points
	ascii  bool    // every byte a code point
	offs   []int32 // byte offset of every block-th code point
	finder *place.Finder
}

const block = 64

func newRuneText(s string) *runeText {
	t := &runeText{s: s, n: utf8.RuneCountInString(s)}
	t.ascii = t.n == len(s)
	if !t.ascii {
		t.offs = make([]int32, 0, t.n/block+1)
		i := 0
		for b := range s {
			if i%block == 0 {
				t.offs = append(t.offs, int32(b))
			}
			i++
		}
	}
	return t
}

// byteAt returns the byte offset of code point cp (0 <= cp <= n).
func (t *runeText) byteAt(cp int) int {
	if t.ascii || cp <= 0 {
		return cp
	}
	if cp >= t.n {
		return len(t.s)
	}
	b := int(t.offs[cp/block])
	for k := cp % block; k > 0; k-- {
		_, size := utf8.DecodeRuneInString(t.s[b:])
		b += size
	}
	return b
}

// cpAt returns the code point index of byte offset b (on a rune boundary).
func (t *runeText) cpAt(b int) int {
	if t.ascii {
		return b
	}
	i := sort.Search(len(t.offs), func(i int) bool { return int(t.offs[i]) > b }) - 1
	if i < 0 {
		return 0
	}
	return i*block + utf8.RuneCountInString(t.s[t.offs[i]:b])
}

// slice returns the text of code points [p0, p1), and false when the range
// is not within the text.
func (t *runeText) slice(p0, p1 int64) (string, bool) {
	if p0 < 0 || p1 < p0 || p1 > int64(t.n) {
		return "", false
	}
	return t.s[t.byteAt(int(p0)):t.byteAt(int(p1))], true
}

// find places passage near code point hint; the result is in code points.
func (t *runeText) find(passage string, hint int64) (place.Placement, int64, int64) {
	if t.finder == nil {
		t.finder = place.NewFinder(t.s)
	}
	h := int(min(max(hint, 0), int64(t.n)))
	p := t.finder.Place(passage, t.finder.AtChar(h))
	if !p.Placed() {
		return p, 0, 0
	}
	return p, int64(t.cpAt(p.Span.Start)), int64(t.cpAt(p.Span.End))
}
