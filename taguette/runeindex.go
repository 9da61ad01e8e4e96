package taguette

import (
	"sort"
	"unicode/utf8"
)

// runeIndex turns byte offsets of one text into code-point offsets,
// counting from the nearest of checkpoints set about every runeStep bytes
// (at the start of a character), so that placing every highlight of a long
// document does not count its text from the start each time.
type runeIndex struct {
	s     string
	bytes []int // checkpoints' byte offsets, ascending, starting with 0
	runes []int // code points before each checkpoint
}

const runeStep = 1024

func newRuneIndex(s string) *runeIndex {
	x := &runeIndex{s: s, bytes: []int{0}, runes: []int{0}}
	n, next := 0, runeStep
	for i := range s { // i is at the start of each character
		if i >= next {
			x.bytes = append(x.bytes, i)
			x.runes = append(x.runes, n)
			next = i + runeStep
		}
		n++
	}
	return x
}

// at returns the number of code points in s[:b]; b is at the start of a
// character (or the end of s).
func (x *runeIndex) at(b int) int {
	k := sort.SearchInts(x.bytes, b+1) - 1
	return x.runes[k] + utf8.RuneCountInString(x.s[x.bytes[k]:b])
}
