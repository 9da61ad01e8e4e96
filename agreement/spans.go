package agreement

import (
	"cmp"
	"slices"
)

// span is the characters [start, end) of a text.
type span struct{ start, end int64 }

// union returns the spans of ss, clipped to [0, n), sorted, with the
// overlapping and adjacent ones merged and the empty ones left out.
func union(ss []span, n int64) []span {
	var out []span
	for _, s := range ss {
		s.start, s.end = max(s.start, 0), min(s.end, n)
		if s.start < s.end {
			out = append(out, s)
		}
	}
	slices.SortFunc(out, func(x, y span) int { return cmp.Compare(x.start, y.start) })
	merged := out[:0]
	for _, s := range out {
		if k := len(merged) - 1; k >= 0 && s.start <= merged[k].end {
			merged[k].end = max(merged[k].end, s.end)
			continue
		}
		merged = append(merged, s)
	}
	return merged
}

// length returns the characters a union of spans covers.
func length(ss []span) int64 {
	var n int64
	for _, s := range ss {
		n += s.end - s.start
	}
	return n
}

// overlap returns the characters two unions of spans both cover.
func overlap(a, b []span) int64 {
	var n int64
	for i, j := 0, 0; i < len(a) && j < len(b); {
		lo, hi := max(a[i].start, b[j].start), min(a[i].end, b[j].end)
		if lo < hi {
			n += hi - lo
		}
		if a[i].end < b[j].end {
			i++
		} else {
			j++
		}
	}
	return n
}

// countPair returns the 2×2 table of a text of n characters whose coders
// coded the unions a and b.
func countPair(a, b []span, n int64) Counts {
	both := overlap(a, b)
	la, lb := length(a), length(b)
	return Counts{Both: both, OnlyA: la - both, OnlyB: lb - both, Neither: n - la - lb + both}
}

// addAlpha adds to s the characters of a text of n characters that coders
// coded (coded[i] the union of coder i's spans; present[i] false when coder
// i's values are missing in this text).
func addAlpha(s *alphaSums, coded [][]span, present []bool, n int64) {
	type edge struct {
		at    int64
		delta int
	}
	var edges []edge
	m := 0
	for i, ss := range coded {
		if !present[i] {
			continue
		}
		m++
		for _, sp := range ss {
			edges = append(edges, edge{sp.start, +1}, edge{sp.end, -1})
		}
	}
	slices.SortFunc(edges, func(x, y edge) int { return cmp.Compare(x.at, y.at) })
	var pos int64
	k1 := 0
	for _, e := range edges {
		s.add(e.at-pos, m-k1, k1)
		pos = e.at
		k1 += e.delta
	}
	s.add(n-pos, m-k1, k1)
}
