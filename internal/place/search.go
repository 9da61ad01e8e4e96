package place

import (
	"index/suffixarray"
	"slices"
	"strings"
	"unicode/utf8"
)

// Indexing a text pays once it is searched for many passages: building
// its suffix array costs about 36 scans of it (3.2 ms against 89 µs on a
// 70 KB transcript), and then each lookup costs the passage's length times
// the logarithm of the text's. A text is indexed after as many scans as
// the index costs, so that a text searched for few passages is never
// indexed, and one searched for many costs at most about twice what
// indexing it at once would have.
const (
	scansBeforeIndex = 32       // passages looked for by scanning a text first
	minIndexed       = 4 << 10  // texts shorter than this are always scanned
	maxIndexed       = 64 << 20 // nor longer: the index takes 5 bytes a byte of text
)

// searcher finds every occurrence of passages in one text: by scanning it
// for the first scansBeforeIndex, and then through a suffix array of it.
type searcher struct {
	scans int
	index *suffixarray.Index
}

// find returns the byte offsets at which p occurs in text, in order: every
// occurrence, overlapping ones too.
func (s *searcher) find(text, p string) []int {
	if len(p) == 0 || len(p) > len(text) {
		return nil
	}
	if s.index == nil && s.scans >= scansBeforeIndex && len(text) >= minIndexed && len(text) <= maxIndexed {
		s.index = suffixarray.New([]byte(text))
	}
	if s.index == nil {
		s.scans++
		return scan(text, p)
	}
	offs := s.index.Lookup([]byte(p), -1)
	slices.Sort(offs)
	return offs
}

// scan finds p in text by looking for it again after each occurrence's
// first character. That skips no occurrence: one that started inside that
// character would start with a continuation byte, and so would the
// character, which is then one byte long.
func scan(text, p string) []int {
	var out []int
	for i := 0; i <= len(text)-len(p); {
		j := strings.Index(text[i:], p)
		if j < 0 {
			break
		}
		s := i + j
		out = append(out, s)
		_, n := utf8.DecodeRuneInString(text[s:])
		i = s + n
	}
	return out
}
