package remap

import (
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/qdabridge/qdabridge/refi"
)

var words = []string{"the", "bus", "only", "comes", "twice", "a", "day", "so", "I", "cycle", "winter", "walk", "Zoë", "🚌", "hour", "mm", "yeah", "really"}

// transcript returns a transcript of about n characters, speaker turns
// of a few random words each.
func transcript(r *rand.Rand, n int) string {
	var b strings.Builder
	for b.Len() < n {
		b.WriteString([]string{"I: ", "R: "}[r.IntN(2)])
		for k := 5 + r.IntN(15); k > 0; k-- {
			b.WriteString(words[r.IntN(len(words))])
			b.WriteByte(' ')
		}
		b.WriteString("\n")
	}
	return b.String()
}

// corrected makes k corrections of a transcriber: words replaced, turns
// deleted, words inserted.
func corrected(r *rand.Rand, old string, k int) string {
	bs := boundaries(old)
	cuts := make([]int, 2*k)
	for i := range cuts {
		cuts[i] = bs[r.IntN(len(bs))]
	}
	sortInts(cuts)
	var edits []Edit
	for i := 0; i < len(cuts); i += 2 {
		end := min(cuts[i+1], cuts[i]+r.IntN(40))
		for end < len(old) && !boundaryOf(old, end) {
			end++
		}
		edits = append(edits, Edit{cuts[i], end, words[r.IntN(len(words))]})
	}
	m, err := FromEdits(old, edits)
	if err != nil {
		panic(err)
	}
	return m.New()
}

func boundaryOf(s string, i int) bool { return i >= len(s) || (s[i]&0xC0) != 0x80 }

// BenchmarkDiffRemap diffs two 50,000-character transcripts differing in
// 100 places and remaps 1,000 selections.
func BenchmarkDiffRemap(b *testing.B) {
	r := rand.New(rand.NewPCG(5, 14))
	old := transcript(r, 50000)
	new := corrected(r, old, 100)
	n := refi.NewTextString(old).Len(refi.Positions{})
	type span struct{ s, e int64 }
	spans := make([]span, 1000)
	for i := range spans {
		s := r.Int64N(n - 200)
		spans[i] = span{s, s + 1 + r.Int64N(200)}
	}
	b.ResetTimer()
	for range b.N {
		m, err := Diff(old, new)
		if err != nil {
			b.Fatal(err)
		}
		for _, sp := range spans {
			if _, err := m.RangeIn(refi.Positions{}, sp.s, sp.e); err != nil {
				b.Fatal(err)
			}
		}
	}
}
