package remap

import (
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/qdabridge/qdabridge/refi"
)

// coverOracle applies edits itself and returns, for each byte of the old
// text, the range of the new text it became: itself when kept, the whole
// replacement of its group of adjacent edits when not.
func coverOracle(old string, edits []Edit) (string, [][2]int) {
	img := make([][2]int, len(old))
	var nb strings.Builder
	at := 0
	var group []int // old bytes of the current group of adjacent edits
	groupStart := -1
	flush := func() {
		for _, i := range group {
			img[i] = [2]int{groupStart, nb.Len()}
		}
		group, groupStart = nil, -1
	}
	for _, e := range edits {
		if e.Start > at {
			flush()
			for ; at < e.Start; at++ {
				img[at] = [2]int{nb.Len(), nb.Len() + 1}
				nb.WriteByte(old[at])
			}
		}
		if groupStart < 0 {
			groupStart = nb.Len()
		}
		for ; at < e.End; at++ {
			group = append(group, at)
		}
		nb.WriteString(e.Text)
	}
	if at < len(old) {
		flush()
	}
	for ; at < len(old); at++ {
		img[at] = [2]int{nb.Len(), nb.Len() + 1}
		nb.WriteByte(old[at])
	}
	flush()
	return nb.String(), img
}

func TestPropertyCover(t *testing.T) {
	r := rand.New(rand.NewPCG(6, 14))
	for range 3000 {
		old := randomText(r, r.IntN(30))
		edits := randomEdits(r, old)
		want, img := coverOracle(old, edits)
		m, err := FromEdits(old, edits)
		require.NoError(t, err)
		require.Equal(t, want, m.New())
		bs := boundaries(old)
		for range 20 {
			s, e := bs[r.IntN(len(bs))], bs[r.IntN(len(bs))]
			if s >= e {
				continue
			}
			got, err := m.Cover(s, e)
			require.NoError(t, err)
			lo, hi := img[s][0], img[s][1]
			for i := s; i < e; i++ {
				lo, hi = min(lo, img[i][0]), max(hi, img[i][1])
			}
			rng, _ := m.Range(s, e)
			require.Equal(t, int64(lo), got.Start, "old %q [%d,%d) edits %v new %q", old, s, e, edits, m.New())
			require.Equal(t, int64(hi), got.End, "old %q [%d,%d) edits %v new %q", old, s, e, edits, m.New())
			switch {
			case rng.Status == Exact:
				require.Equal(t, Exact, got.Status)
			case lo == hi:
				require.Equal(t, Deleted, got.Status)
			default:
				require.Equal(t, Touched, got.Status)
				require.LessOrEqual(t, got.Start, rng.Start, "covers what survived")
				require.GreaterOrEqual(t, got.End, rng.End, "covers what survived")
			}
		}
	}
}

func TestCover(t *testing.T) {
	old := "Anna said Anna and Ben met. Ben!"
	m, err := FromEdits(old, []Edit{{0, 4, "[P1]"}, {10, 14, "[P1]"}, {19, 22, "[P2]"}, {28, 31, ""}})
	require.NoError(t, err)
	tests := []struct {
		name         string
		passage      string
		from         int
		want         string
		status       Status
		rangeWouldBe string
	}{
		{"name at the start", "Anna said", 0, "[P1] said", Touched, " said"},
		{"only the name", "Anna", 0, "[P1]", Touched, ""},
		{"names inside", "said Anna and Ben met", 5, "said [P1] and [P2] met", Touched, "said [P1] and [P2] met"},
		{"untouched", "and", 15, "and", Exact, "and"},
		{"deleted", "Ben", 28, "", Deleted, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := strings.Index(old[tt.from:], tt.passage) + tt.from
			got, err := m.Cover(s, s+len(tt.passage))
			require.NoError(t, err)
			require.Equal(t, tt.status, got.Status)
			require.Equal(t, tt.want, m.New()[got.Start:got.End])
			r, err := m.Range(s, s+len(tt.passage))
			require.NoError(t, err)
			require.Equal(t, tt.rangeWouldBe, m.New()[r.Start:r.End])
		})
	}
	got, err := m.CoverIn(refi.Positions{Unit: refi.UTF16}, 0, 4)
	require.NoError(t, err)
	require.Equal(t, Result{0, 4, Touched}, got)
	_, err = m.Cover(3, 2)
	require.ErrorIs(t, err, ErrRange)
}
