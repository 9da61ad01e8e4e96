package xsd

import (
	"regexp"
	"regexp/syntax"
)

// matcher matches a whole value against a pattern facet.
type matcher interface {
	MatchString(s string) bool
}

// fixedMatcher matches values that are one of a few sequences of ASCII
// character sets, each set matching one byte: such patterns as those of
// GUIDs and colours, checked for every identifier of a project, are
// matched byte by byte instead of by the regexp engine.
type fixedMatcher struct {
	alts [][]asciiSet
}

type asciiSet [2]uint64

func (s *asciiSet) add(lo, hi rune) {
	for c := lo; c <= hi; c++ {
		s[c>>6] |= 1 << (c & 63)
	}
}

func (s *asciiSet) has(c byte) bool { return c < 128 && s[c>>6]&(1<<(c&63)) != 0 }

func (m *fixedMatcher) MatchString(v string) bool {
	for _, alt := range m.alts {
		if len(alt) != len(v) {
			continue
		}
		ok := true
		for i := range alt {
			if !alt[i].has(v[i]) {
				ok = false
				break
			}
		}
		if ok {
			return true
		}
	}
	return false
}

// Limits of the expansion into fixed sequences; beyond them the regexp
// engine matches.
const (
	maxFixedAlts = 64
	maxFixedLen  = 256
)

// fastMatcher returns a fixedMatcher for the anchored Go regexp re when
// it matches only fixed-length sequences of ASCII characters, else re.
func fastMatcher(re *regexp.Regexp) matcher {
	tree, err := syntax.Parse(re.String(), syntax.Perl)
	if err != nil {
		return re
	}
	alts, ok := fixedSeqs(tree.Simplify())
	if !ok || len(alts) == 0 {
		return re
	}
	return &fixedMatcher{alts: alts}
}

// fixedSeqs expands r into the sequences of byte sets it matches, or
// reports that it cannot.
func fixedSeqs(r *syntax.Regexp) ([][]asciiSet, bool) {
	switch r.Op {
	case syntax.OpBeginText, syntax.OpEndText, syntax.OpEmptyMatch:
		return [][]asciiSet{{}}, true
	case syntax.OpCapture:
		return fixedSeqs(r.Sub[0])
	case syntax.OpLiteral:
		if r.Flags&syntax.FoldCase != 0 {
			return nil, false
		}
		seq := make([]asciiSet, 0, len(r.Rune))
		for _, c := range r.Rune {
			if c >= 128 {
				return nil, false
			}
			var s asciiSet
			s.add(c, c)
			seq = append(seq, s)
		}
		return [][]asciiSet{seq}, true
	case syntax.OpCharClass:
		var s asciiSet
		for i := 0; i+1 < len(r.Rune); i += 2 {
			if r.Rune[i+1] >= 128 {
				return nil, false
			}
			s.add(r.Rune[i], r.Rune[i+1])
		}
		return [][]asciiSet{{s}}, true
	case syntax.OpRepeat:
		if r.Min != r.Max || r.Min > maxFixedLen {
			return nil, false
		}
		sub := &syntax.Regexp{Op: syntax.OpConcat}
		for range r.Min {
			sub.Sub = append(sub.Sub, r.Sub[0])
		}
		return fixedSeqs(sub)
	case syntax.OpConcat:
		out := [][]asciiSet{{}}
		for _, s := range r.Sub {
			parts, ok := fixedSeqs(s)
			if !ok || len(out)*len(parts) > maxFixedAlts {
				return nil, false
			}
			var next [][]asciiSet
			for _, a := range out {
				for _, b := range parts {
					if len(a)+len(b) > maxFixedLen {
						return nil, false
					}
					next = append(next, append(append([]asciiSet(nil), a...), b...))
				}
			}
			out = next
		}
		return out, true
	case syntax.OpAlternate:
		var out [][]asciiSet
		for _, s := range r.Sub {
			parts, ok := fixedSeqs(s)
			if !ok || len(out)+len(parts) > maxFixedAlts {
				return nil, false
			}
			out = append(out, parts...)
		}
		return out, true
	}
	return nil, false
}
