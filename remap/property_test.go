package remap

import (
	"math/rand/v2"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/stretchr/testify/require"

	"github.com/qdabridge/qdabridge/refi"
)

// pieces are what random texts are made of: ASCII, line ends, two- and
// three-byte characters, an emoji outside the BMP and one with a modifier.
var pieces = []string{"a", "b", "c", " ", "the ", "\n", "\r\n", "é", "中", "😀", "👍🏽", "ß"}

func randomText(r *rand.Rand, n int) string {
	var b strings.Builder
	for range n {
		b.WriteString(pieces[r.IntN(len(pieces))])
	}
	return b.String()
}

// boundaries returns the byte offsets of s between characters, 0 and
// len(s) included.
func boundaries(s string) []int {
	out := []int{}
	for i := range s {
		out = append(out, i)
	}
	return append(out, len(s))
}

func randomEdits(r *rand.Rand, old string) []Edit {
	bs := boundaries(old)
	k := r.IntN(6)
	cuts := make([]int, 2*k)
	for i := range cuts {
		cuts[i] = bs[r.IntN(len(bs))]
	}
	sortInts(cuts)
	edits := make([]Edit, 0, k)
	for i := 0; i < len(cuts); i += 2 {
		text := ""
		if r.IntN(3) > 0 {
			text = randomText(r, r.IntN(4))
		}
		edits = append(edits, Edit{cuts[i], cuts[i+1], text})
	}
	return edits
}

func sortInts(a []int) {
	for i := 1; i < len(a); i++ {
		for j := i; j > 0 && a[j-1] > a[j]; j-- {
			a[j-1], a[j] = a[j], a[j-1]
		}
	}
}

// oracle is, for each byte of the old text, whether it is kept and where
// it is in the new text (-1 when not kept).
type oracle []int

// editOracle applies edits itself, independently of FromEdits.
func editOracle(old string, edits []Edit) (string, oracle) {
	o := make(oracle, len(old))
	var nb strings.Builder
	at := 0
	keep := func(to int) {
		for ; at < to; at++ {
			o[at] = nb.Len()
			nb.WriteByte(old[at])
		}
	}
	for _, e := range edits {
		keep(e.Start)
		for ; at < e.End; at++ {
			o[at] = -1
		}
		nb.WriteString(e.Text)
	}
	keep(len(old))
	return nb.String(), o
}

// segOracle checks the kept runs of a Map made by Diff and returns the
// oracle they describe.
func segOracle(t *testing.T, m *Map) oracle {
	o := make(oracle, len(m.old))
	for i := range o {
		o[i] = -1
	}
	prevOld, prevNew := 0, 0
	for _, s := range m.segs {
		require.GreaterOrEqual(t, s.old, prevOld)
		require.GreaterOrEqual(t, s.new, prevNew)
		require.Equal(t, m.old[s.old:s.old+s.n], m.new[s.new:s.new+s.n], "a kept run differs")
		for i := range s.n {
			o[s.old+i] = s.new + i
		}
		prevOld, prevNew = s.old+s.n, s.new+s.n
	}
	return o
}

// checkRanges checks every mapping of ranges and positions of m against o.
func checkRanges(t *testing.T, r *rand.Rand, m *Map, o oracle) {
	t.Helper()
	bs := boundaries(m.old)
	for range 40 {
		s, e := bs[r.IntN(len(bs))], bs[r.IntN(len(bs))]
		if s > e {
			s, e = e, s
		}
		res, err := m.Range(s, e)
		require.NoError(t, err)
		first, last, all, contiguous := -1, -1, true, true
		for i := s; i < e; i++ {
			if o[i] < 0 {
				all = false
				continue
			}
			if last >= 0 && o[i] != o[last]+1 {
				contiguous = false
			}
			if first < 0 {
				first = i
			}
			last = i
		}
		switch {
		case s == e:
			continue
		case first < 0:
			require.Equal(t, Deleted, res.Status, "old %q [%d,%d) new %q", m.old, s, e, m.new)
			require.Equal(t, res.Start, res.End)
		case all && contiguous:
			require.Equal(t, Exact, res.Status, "old %q [%d,%d) new %q", m.old, s, e, m.new)
			require.Equal(t, m.old[s:e], m.new[res.Start:res.End])
		default:
			require.Equal(t, Touched, res.Status, "old %q [%d,%d) new %q", m.old, s, e, m.new)
			require.Equal(t, int64(o[first]), res.Start, "touched range starts at the first survivor")
			require.Equal(t, int64(o[last]+1), res.End, "touched range ends after the last survivor")
		}
	}
	for _, off := range bs {
		pos, exact, err := m.Position(off)
		require.NoError(t, err)
		switch {
		case off == 0:
			require.Equal(t, 0, pos)
		case off == len(m.old):
			require.Equal(t, len(m.new), pos)
		case o[off] >= 0:
			require.True(t, exact)
			require.Equal(t, o[off], pos)
		case o[off-1] >= 0:
			require.True(t, exact)
			require.Equal(t, o[off-1]+1, pos)
		default:
			require.False(t, exact)
		}
	}
}

func TestPropertyEdits(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 14))
	for range 2000 {
		old := randomText(r, r.IntN(30))
		edits := randomEdits(r, old)
		want, o := editOracle(old, edits)
		m, err := FromEdits(old, edits)
		require.NoError(t, err)
		require.Equal(t, want, m.New())
		checkRanges(t, r, m, o)
	}
}

func TestPropertyDiff(t *testing.T) {
	r := rand.New(rand.NewPCG(2, 14))
	for range 2000 {
		old := randomText(r, r.IntN(60))
		edited, _ := editOracle(old, randomEdits(r, old))
		m, err := Diff(old, edited)
		require.NoError(t, err)
		require.Equal(t, edited, m.New())
		checkRanges(t, r, m, segOracle(t, m))
	}
}

// TestPropertyPositions checks that RangeIn is Range in each convention.
func TestPropertyPositions(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 14))
	conventions := []refi.Positions{{}, {Unit: refi.UTF16}, {CRLFAsOne: true}, {Unit: refi.UTF16, CRLFAsOne: true}}
	for range 1000 {
		old := randomText(r, r.IntN(30))
		m, err := FromEdits(old, randomEdits(r, old))
		require.NoError(t, err)
		p := conventions[r.IntN(len(conventions))]
		ot, nt := refi.NewTextString(old), refi.NewTextString(m.New())
		offs := boundaries(old)
		s, err1 := ot.Position(offs[r.IntN(len(offs))], p)
		e, err2 := ot.Position(offs[r.IntN(len(offs))], p)
		if err1 != nil || err2 != nil {
			continue
		}
		if s > e {
			s, e = e, s
		}
		got, err := m.RangeIn(p, s, e)
		require.NoError(t, err)
		bs, _ := ot.Offset(s, p)
		be, _ := ot.Offset(e, p)
		want, err := m.Range(bs, be)
		require.NoError(t, err)
		require.Equal(t, want.Status, got.Status)
		ws, err1 := nt.Position(int(want.Start), p)
		we, err2 := nt.Position(int(want.End), p)
		if err1 == nil && err2 == nil {
			require.Equal(t, Result{ws, we, want.Status}, got)
		}
		if got.Status == Exact {
			a, _ := ot.Slice(s, e, p)
			b, _ := nt.Slice(got.Start, got.End, p)
			require.Equal(t, a, b)
		}
	}
}

func TestSimilarity(t *testing.T) {
	tests := []struct {
		name     string
		old, new string
		min, max float64
	}{
		{"same", "abc def", "abc def", 1, 1},
		{"both empty", "", "", 1, 1},
		{"nothing in common", "aaaa", "zzzz", 0, 0},
		{"one word changed", "the cat sat on the mat", "the dog sat on the mat", 0.8, 0.95},
		{"emoji count as one", "😀😀😀😀", "😀😀😀😀xxxx", 0.66, 0.67},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m, err := Diff(tt.old, tt.new)
			require.NoError(t, err)
			require.InDelta(t, (tt.min+tt.max)/2, m.Similarity(), (tt.max-tt.min)/2+1e-9)
		})
	}
}

func TestErrors(t *testing.T) {
	_, err := FromEdits("abc", []Edit{{2, 3, ""}, {0, 1, ""}})
	require.ErrorIs(t, err, ErrRange)
	_, err = FromEdits("é", []Edit{{1, 2, ""}})
	require.ErrorIs(t, err, ErrRange)
	_, err = FromEdits("abc", []Edit{{2, 4, ""}})
	require.ErrorIs(t, err, ErrRange)
	_, err = Diff("a\xff", "a")
	require.Error(t, err)
	m, err := FromEdits("abc", nil)
	require.NoError(t, err)
	_, err = m.Range(2, 1)
	require.ErrorIs(t, err, ErrRange)
	_, _, err = m.Position(4)
	require.ErrorIs(t, err, ErrRange)
	_, err = m.RangeIn(refi.Positions{}, 0, 9)
	require.ErrorIs(t, err, refi.ErrPosition)
	require.True(t, utf8.ValidString(m.New()))
}

// TestPropertyDiffLong checks diffs of texts long enough for the line
// mode: transcripts of a few thousand characters with turns edited.
func TestPropertyDiffLong(t *testing.T) {
	r := rand.New(rand.NewPCG(4, 14))
	for range 100 {
		old := transcript(r, 500+r.IntN(3000))
		edited := corrected(r, old, 1+r.IntN(20))
		m, err := Diff(old, edited)
		require.NoError(t, err)
		require.Equal(t, edited, m.New())
		checkRanges(t, r, m, segOracle(t, m))
	}
}
