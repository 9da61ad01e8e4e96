package remap

import (
	"testing"

	"github.com/qdabridge/qdabridge/internal/fuzzstat"
	"github.com/qdabridge/qdabridge/refi"
)

// fuzzCount counts the inputs the fuzz targets run (see .ci/fuzz).
var fuzzCount fuzzstat.Counter

// FuzzDiff diffs two texts and checks that the Map adds up: the kept runs
// match, every range maps without error, exact ranges keep their text and
// touched ones stay inside the new text, and Cover covers Range.
func FuzzDiff(f *testing.F) {
	f.Add("The 🚌 comes twice a day.", "The bus comes three times a day!", 4, 20)
	f.Add("a\r\nb\r\nc", "a\nb\r\nc d", 1, 6)
	f.Add("", "new", 0, 0)
	f.Fuzz(func(t *testing.T, old, new string, s, e int) {
		fuzzCount.Add()
		m, err := Diff(old, new)
		if err != nil {
			return // not UTF-8
		}
		if m.New() != new {
			t.Fatalf("new text %q, want %q", m.New(), new)
		}
		segOracle(t, m)
		if s < 0 || e < s || e > len(old) {
			if _, err := m.Range(s, e); err == nil {
				t.Fatalf("no error for [%d, %d) of %d bytes", s, e, len(old))
			}
			return
		}
		r, err := m.Range(s, e)
		if err != nil {
			t.Fatal(err)
		}
		if r.Start < 0 || r.End < r.Start || r.End > int64(len(new)) {
			t.Fatalf("[%d, %d) maps outside the new text: %+v", s, e, r)
		}
		if r.Status == Exact && old[s:e] != new[r.Start:r.End] {
			t.Fatalf("exact [%d, %d) %q maps to %q", s, e, old[s:e], new[r.Start:r.End])
		}
		c, err := m.Cover(s, e)
		if err != nil {
			t.Fatal(err)
		}
		if r.Status != Deleted && (c.Start > r.Start || c.End < r.End) || c.End > int64(len(new)) {
			t.Fatalf("cover %+v of [%d, %d) does not cover its range %+v", c, s, e, r)
		}
		for _, p := range []refi.Positions{{}, {Unit: refi.UTF16, CRLFAsOne: true}} {
			m.RangeIn(p, int64(s), int64(e)) // must not panic
			m.CoverIn(p, int64(s), int64(e))
			m.PositionIn(p, int64(s))
		}
	})
}
