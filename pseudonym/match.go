package pseudonym

import (
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"
)

// match is an occurrence of entry at the bytes [start, end) of a string.
type match struct {
	start, end, entry int
}

// matcher finds the originals of a key in a string.
type matcher struct {
	entries       []Entry
	caseSensitive bool
	// byFirst lists the entries by the (folded) first rune of their
	// original, longest first.
	byFirst map[rune][]int
}

func newMatcher(entries []Entry, caseSensitive bool) *matcher {
	m := &matcher{entries: entries, caseSensitive: caseSensitive, byFirst: map[rune][]int{}}
	for i, e := range entries {
		r, _ := utf8.DecodeRuneInString(e.Original)
		m.byFirst[m.fold(r)] = append(m.byFirst[m.fold(r)], i)
	}
	for _, list := range m.byFirst {
		sort.SliceStable(list, func(a, b int) bool {
			return utf8.RuneCountInString(entries[list[a]].Original) > utf8.RuneCountInString(entries[list[b]].Original)
		})
	}
	return m
}

func (m *matcher) fold(r rune) rune {
	if m.caseSensitive {
		return r
	}
	return foldRune(r)
}

// foldRune is the smallest rune of r's simple case-folding orbit.
func foldRune(r rune) rune {
	min := r
	for f := unicode.SimpleFold(r); f != r; f = unicode.SimpleFold(f) {
		if f < min {
			min = f
		}
	}
	return min
}

// foldString is s with every rune folded by foldRune.
func foldString(s string) string {
	return strings.Map(foldRune, s)
}

// isWord reports whether r is part of a word: a letter, digit or mark.
func isWord(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r)
}

// find returns the occurrences of the originals in s, in order, not
// overlapping: at each place the longest original that occurs there as a
// whole word.
func (m *matcher) find(s string) []match {
	var out []match
	prev := rune(-1)
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if prev < 0 || !isWord(prev) {
			if e, end := m.at(s, i, r); e >= 0 {
				out = append(out, match{i, end, e})
				last, _ := utf8.DecodeLastRuneInString(s[:end])
				prev, i = last, end
				continue
			}
		}
		prev, i = r, i+size
	}
	return out
}

// at returns the longest entry whose original occurs as a whole word at
// byte i of s, whose rune is r, and the end of the occurrence; -1 when
// there is none.
func (m *matcher) at(s string, i int, r rune) (int, int) {
	for _, e := range m.byFirst[m.fold(r)] {
		o := m.entries[e].Original
		end, ok := m.prefix(s[i:], o)
		if !ok {
			continue
		}
		end += i
		if next, _ := utf8.DecodeRuneInString(s[end:]); end < len(s) && isWord(next) {
			continue
		}
		return e, end
	}
	return -1, 0
}

// prefix reports whether s begins with o (folded unless case-sensitive)
// and the length in bytes of that beginning of s.
func (m *matcher) prefix(s, o string) (int, bool) {
	if m.caseSensitive {
		return len(o), strings.HasPrefix(s, o)
	}
	n := 0
	for _, want := range o {
		if n >= len(s) {
			return 0, false
		}
		got, size := utf8.DecodeRuneInString(s[n:])
		if foldRune(got) != foldRune(want) {
			return 0, false
		}
		n += size
	}
	return n, true
}

// replaceString is s with every original replaced.
func (k *Key) replaceString(s string) string {
	a := &applier{k: k, res: &Result{}}
	a.replace(&s, "", "")
	return s
}
