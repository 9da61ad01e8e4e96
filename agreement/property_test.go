package agreement

import (
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// bruteAlpha computes Krippendorff's nominal alpha character by character
// from the coincidence matrix, as Krippendorff (2011) lays it out: values[u]
// holds the values (0 or 1) of the coders of unit u, missing ones left out.
func bruteAlpha(values [][]int) (float64, bool) {
	var o [2][2]float64
	for _, vs := range values {
		m := len(vs)
		if m < 2 {
			continue
		}
		for i := range vs {
			for j := range vs {
				if i != j {
					o[vs[i]][vs[j]] += 1 / float64(m-1)
				}
			}
		}
	}
	n0, n1 := o[0][0]+o[0][1], o[1][0]+o[1][1]
	n := n0 + n1
	if n0 == 0 || n1 == 0 {
		return 0, false
	}
	do := o[0][1] + o[1][0]
	de := 2 * n0 * n1 / (n - 1)
	return 1 - do/de, true
}

// TestProperties compares random projects with a character-by-character
// computation and checks the bounds and symmetry of the statistics.
func TestProperties(t *testing.T) {
	r := rand.New(rand.NewPCG(14, 2026))
	coders := []string{"A", "B", "C"}
	for iter := range 200 {
		sizes := []int{3 + r.IntN(60), 3 + r.IntN(60)}
		var cs []coding
		for range r.IntN(8) {
			src := r.IntN(2)
			s := r.Int64N(int64(sizes[src]))
			e := s + 1 + r.Int64N(int64(sizes[src])-s)
			cs = append(cs, coding{coders[r.IntN(3)], "c", src, s, e})
		}
		// every coder codes something, so that all three are coders
		for i, c := range coders {
			cs = append(cs, coding{c, "c", i % 2, int64(i), int64(i) + 1})
		}
		doc := fixture(t, coders, []string{"c"}, sizes, cs)
		ab, err := Compare(doc, Options{Coders: []string{"A", "B", "C"}})
		require.NoError(t, err)
		ba, err := Compare(doc, Options{Coders: []string{"B", "A", "C"}})
		require.NoError(t, err)
		require.Len(t, ab.Comparisons, len(ba.Comparisons))
		for i, c := range ab.Comparisons {
			assert.GreaterOrEqual(t, c.Agreement, 0.0)
			assert.LessOrEqual(t, c.Agreement, 100.0)
			assert.GreaterOrEqual(t, c.Kappa, -1.0-eps)
			assert.LessOrEqual(t, c.Kappa, 1.0+eps)
			assert.InDelta(t, c.Kappa, ba.Comparisons[i].Kappa, eps, "kappa symmetric (case %d)", iter)
			assert.InDelta(t, c.Agreement, ba.Comparisons[i].Agreement, eps)
			assert.Equal(t, c.Counts.OnlyA, ba.Comparisons[i].Counts.OnlyB)
		}

		// the same by brute force, character by character
		var values [][]int
		var counts []Counts
		for src, n := range sizes {
			coded := map[string][]bool{}
			for _, c := range coders {
				coded[c] = make([]bool, n)
			}
			for _, c := range cs {
				if c.src == src {
					for i := c.start; i < c.end; i++ {
						coded[c.coder][i] = true
					}
				}
			}
			present := map[string]bool{}
			for _, c := range cs {
				if c.src == src {
					present[c.coder] = true
				}
			}
			var cnt Counts
			for i := range n {
				a, b := coded["A"][i], coded["B"][i]
				switch {
				case a && b:
					cnt.Both++
				case a:
					cnt.OnlyA++
				case b:
					cnt.OnlyB++
				default:
					cnt.Neither++
				}
				var vs []int
				for _, c := range coders {
					if present[c] {
						v := 0
						if coded[c][i] {
							v = 1
						}
						vs = append(vs, v)
					}
				}
				values = append(values, vs)
			}
			if present["A"] || present["B"] {
				counts = append(counts, cnt)
			}
		}
		var got []Counts
		for _, c := range ab.Comparisons {
			got = append(got, c.Counts)
		}
		assert.Equal(t, counts, got, "case %d", iter)
		want, ok := bruteAlpha(values)
		require.Len(t, ab.Codes, 1)
		if !ok {
			assert.Nil(t, ab.Codes[0].Alpha)
			continue
		}
		require.NotNil(t, ab.Codes[0].Alpha, "case %d", iter)
		assert.InDelta(t, want, *ab.Codes[0].Alpha, 1e-9, "case %d", iter)
		assert.InDelta(t, *ab.Codes[0].Alpha, *ba.Codes[0].Alpha, 1e-9, "alpha symmetric")
		assert.GreaterOrEqual(t, *ab.Codes[0].Alpha, -1.0-eps)
		assert.LessOrEqual(t, *ab.Codes[0].Alpha, 1.0+eps)
	}
}
