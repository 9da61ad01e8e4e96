package refi

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// checkWith runs the reference check on p with the given workers and
// warning limit and returns the warnings.
func checkWith(p *Project, workers, max int) []Warning {
	ws := &warnings{max: max}
	checkProjectWith(p, ws, "project.qde", workers)
	return ws.result()
}

// TestCheckPartsSame checks every document in parts and in one walk and
// compares the warnings, with a small limit per code and without one.
func TestCheckPartsSame(t *testing.T) {
	for name, b := range tokenizerInputs(t) {
		doc, err := (&Reader{}).ReadQDE(bytes.NewReader(b))
		if err != nil || doc.Format != FormatQDE {
			continue
		}
		t.Run(filepath.Base(name), func(t *testing.T) {
			for _, max := range []int{2, 1000} {
				assert.Equal(t, checkWith(doc.Project, 1, max), checkWith(doc.Project, 3, max))
			}
		})
	}
}

// danglingProject has sources whose codings name codes that are not
// there, spread over every part, and a duplicate GUID when dup is set.
func danglingProject(dup bool) *Project {
	p := &Project{Codes: []*Code{{GUID: "00000000-0000-4000-8000-000000000001", Name: "c"}}}
	n := 0
	guid := func() GUID { n++; return GUID(fmt.Sprintf("10000000-0000-4000-8000-%012d", n)) }
	for s := 0; s < 9; s++ {
		ts := &TextSource{SourceBase: SourceBase{GUID: guid(), Name: fmt.Sprint("s", s)}, PlainTextContent: "text"}
		for i := 0; i < 5; i++ {
			sel := TextSelection{SelectionBase: SelectionBase{GUID: guid()}, Start: 0, End: 1}
			code := p.Codes[0].GUID
			if (s+i)%3 == 0 {
				code = guid() // not a code
			}
			sel.Codings = []Coding{{GUID: guid(), Code: code}}
			ts.Selections = append(ts.Selections, sel)
		}
		p.Sources = append(p.Sources, ts)
	}
	if dup {
		p.Sources[7].(*TextSource).Selections[2].GUID = p.Sources[1].(*TextSource).GUID
	}
	return p
}

func TestCheckPartsDangling(t *testing.T) {
	for _, dup := range []bool{false, true} {
		p := danglingProject(dup)
		for _, max := range []int{1, 3, 1000} {
			one := checkWith(p, 1, max)
			require.NotEmpty(t, one)
			assert.Equal(t, one, checkWith(p, 4, max), "max %d, duplicate %v", max, dup)
		}
		all := checkWith(p, 4, 1000)
		dangling := 0
		for _, w := range all {
			if w.Code == WarnDanglingRef {
				dangling++
			}
		}
		assert.Equal(t, 15, dangling)
	}
}

// TestCheckerBuckets looks up every GUID of an index of random GUIDs and
// of GUIDs that differ only in their last digits (as some tools make
// them), through the buckets, and GUIDs that are not there.
func TestCheckerBuckets(t *testing.T) {
	c := &checker{}
	r := rand.New(rand.NewPCG(1, 2))
	var present []guidKey
	for i := 0; i < 5000; i++ {
		var k guidKey
		if i%2 == 0 {
			binary.BigEndian.PutUint64(k[:8], r.Uint64())
			binary.BigEndian.PutUint64(k[8:], r.Uint64())
		} else {
			binary.BigEndian.PutUint64(k[8:], uint64(i))
		}
		present = append(present, k)
		hi, lo := splitKey(k)
		c.ids = append(c.ids, keyKinds{hi, lo, objKinds{1 << kCode, 1}})
	}
	c.index()
	c.bucket()
	require.NotNil(t, c.buckets)
	for _, k := range present {
		assert.True(t, c.lookup(k).has(kCode))
	}
	for i := 0; i < 1000; i++ {
		var k guidKey
		binary.BigEndian.PutUint64(k[:8], r.Uint64())
		binary.BigEndian.PutUint64(k[8:], r.Uint64()|1<<63)
		assert.Zero(t, c.lookup(k).first())
	}
	var last guidKey
	for i := range last {
		last[i] = 0xFF
	}
	assert.Zero(t, c.lookup(last).first())
}

// TestMergeRuns: runs gathered from regions of one array (some short of
// their region, one that outgrew it) and from elsewhere are merged into one
// sorted index, repeats merged, as sorting them all together gives.
func TestMergeRuns(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	entry := func() keyKinds {
		return keyKinds{r.Uint64N(50), r.Uint64N(4), objKinds{1 << r.UintN(8), 1}}
	}
	for _, tt := range []struct {
		name    string
		regions []int // the regions' sizes
		fill    []int // how many each part records (more than its region: it outgrows it)
		outside []int // runs kept elsewhere (head, tail)
		room    int
	}{
		{"one region", []int{10}, []int{10}, nil, 0},
		{"regions filled", []int{5, 7, 3}, []int{5, 7, 3}, nil, 0},
		{"regions part filled, head and tail", []int{8, 8, 8}, []int{2, 8, 0}, []int{3, 4}, 16},
		{"a part outgrows its region", []int{4, 4, 4}, []int{4, 9, 1}, []int{2}, 20},
		{"no room for the head: a new array", []int{4, 4}, []int{4, 4}, []int{5}, 0},
		{"five runs", []int{3, 3, 3, 3}, []int{3, 1, 3, 2}, []int{4}, 8},
		{"a long run and a short one", []int{40}, []int{40}, []int{3}, 8},
		{"a short run and a long one", []int{2, 40}, []int{2, 40}, nil, 0},
	} {
		t.Run(tt.name, func(t *testing.T) {
			total := tt.room
			for _, n := range tt.regions {
				total += n
			}
			all := make([]keyKinds, total)
			var pcs []*checker
			var want []keyKinds
			off := 0
			for i, n := range tt.regions {
				pc := &checker{ids: all[off : off : off+n]}
				off += n
				for range tt.fill[i] {
					e := entry()
					pc.ids = append(pc.ids, e)
					want = append(want, e)
				}
				sortIDs(pc.ids)
				pcs = append(pcs, pc)
			}
			for _, n := range tt.outside {
				pc := &checker{}
				for range n {
					e := entry()
					pc.ids = append(pc.ids, e)
					want = append(want, e)
				}
				sortIDs(pc.ids)
				pcs = append(pcs, pc)
			}
			sortIDs(want)
			want = mergeRepeats(want)
			got := mergeRepeats(mergeRuns(gatherRuns(all, pcs)))
			assert.Equal(t, want, got)
		})
	}
}
