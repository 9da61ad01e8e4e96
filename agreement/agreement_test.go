package agreement

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/qdabridge/qdabridge/refi"
)

const eps = 1e-9

func TestCounts(t *testing.T) {
	tests := []struct {
		name      string
		c         Counts
		agreement float64
		kappa     float64
	}{
		// 100 characters, A codes [0,40), B codes [20,60): both 20, A only
		// 20, B only 20, neither 40. po = 60/100 = 0.6;
		// pe = 0.4·0.4 + 0.6·0.6 = 0.16 + 0.36 = 0.52;
		// kappa = (0.6 - 0.52) / (1 - 0.52) = 0.08 / 0.48 = 1/6.
		{"overlap", Counts{Both: 20, OnlyA: 20, OnlyB: 20, Neither: 40}, 60, 1.0 / 6},
		// NVivo's documented example: 1000 characters, 50 coded by both,
		// 150 by one only, 800 by neither: agreement (800 + 50) / 1000 = 85%.
		// With the 150 split as A only 100, B only 50: a = 150, b = 100,
		// ΣEF = 150·100/1000 + 850·900/1000 = 15 + 765 = 780, TA = 850,
		// kappa = (850 - 780) / (1000 - 780) = 70/220 = 0.318181...
		{"nvivo 85%", Counts{Both: 50, OnlyA: 100, OnlyB: 50, Neither: 800}, 85, 70.0 / 220},
		// Neither coded: complete agreement, kappa 1 as NVivo reports.
		{"neither coded", Counts{Neither: 100}, 100, 1},
		// Both coded everything: chance agreement 1 as well.
		{"both all", Counts{Both: 100}, 100, 1},
		// Only A coded 30 of 100: po = 0.7, pe = 0.3·0 + 0.7·1 = 0.7, kappa 0.
		{"one coder only", Counts{OnlyA: 30, Neither: 70}, 70, 0},
		// A codes the first half, B the second: po = 0, pe = 0.5, kappa -1.
		{"opposite", Counts{OnlyA: 50, OnlyB: 50}, 0, -1},
		{"empty", Counts{}, 100, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.InDelta(t, tt.agreement, tt.c.Agreement(), eps)
			assert.InDelta(t, tt.kappa, tt.c.Kappa(), eps)
		})
	}
}

func TestCompare(t *testing.T) {
	ab := []string{"A", "B"}
	tests := []struct {
		name    string
		coders  []string
		codes   []string
		sizes   []int
		codings []coding
		opt     Options
		want    []Counts  // per comparison, in order
		kappa   []float64 // per code summary
		agree   []float64 // per code summary
		alpha   []float64 // per code summary; NaN for undefined
		wantErr string
		is      error
	}{
		{
			name: "hand-computed overlap", coders: ab, codes: []string{"c"}, sizes: []int{100},
			codings: []coding{{"A", "c", 0, 0, 40}, {"B", "c", 0, 20, 60}},
			want:    []Counts{{Both: 20, OnlyA: 20, OnlyB: 20, Neither: 40}},
			kappa:   []float64{1.0 / 6}, agree: []float64{60},
			// Alpha: 100 units with two values each, n = 200.
			// n1 = 2·20 (both) + 20 + 20 = 80, n0 = 2·40 (neither) + 20 + 20 = 120;
			// o(0,1) = 40 disagreeing units × 1·1/(2-1) = 40;
			// alpha = 1 - 199·40 / (120·80) = 1 - 7960/9600 = 0.1708333...
			alpha: []float64{1 - 7960.0/9600},
		},
		{
			name: "overlapping selections of one coder count once", coders: ab, codes: []string{"c"}, sizes: []int{100},
			codings: []coding{{"A", "c", 0, 0, 30}, {"A", "c", 0, 10, 40}, {"B", "c", 0, 20, 60}, {"B", "c", 0, 20, 60}},
			want:    []Counts{{Both: 20, OnlyA: 20, OnlyB: 20, Neither: 40}},
			kappa:   []float64{1.0 / 6}, agree: []float64{60}, alpha: []float64{1 - 7960.0/9600},
		},
		{
			// Code d: neither coded it in the text both worked on:
			// agreement 100%, kappa 1 (NVivo); alpha undefined (no 1s).
			name: "neither coded a code", coders: ab, codes: []string{"c", "d"}, sizes: []int{100},
			codings: []coding{{"A", "c", 0, 0, 40}, {"B", "c", 0, 20, 60}},
			opt:     Options{Codes: []string{"c", "d"}},
			want:    []Counts{{Both: 20, OnlyA: 20, OnlyB: 20, Neither: 40}, {Neither: 100}},
			kappa:   []float64{1.0 / 6, 1}, agree: []float64{60, 100}, alpha: []float64{1 - 7960.0/9600, nan},
		},
		{
			// Weighted as NVivo suggests: text1 (100 chars) kappa 1/6 and
			// 60%; text2 (300 chars), A and B both code [0,300): kappa 1,
			// 100%. Summary kappa = (100·1/6 + 300·1)/400 = 0.7916666...;
			// agreement = (100·60 + 300·100)/400 = 90.
			name: "summary weighted by size", coders: ab, codes: []string{"c"}, sizes: []int{100, 300},
			codings: []coding{{"A", "c", 0, 0, 40}, {"B", "c", 0, 20, 60}, {"A", "c", 1, 0, -1}, {"B", "c", 1, 0, 300}},
			want:    []Counts{{Both: 20, OnlyA: 20, OnlyB: 20, Neither: 40}, {Both: 300}},
			kappa:   []float64{(100.0/6 + 300) / 400}, agree: []float64{90},
			// Alpha over 400 units, n = 800: n1 = 80 + 600 = 680, n0 = 120;
			// o(0,1) = 40; alpha = 1 - 799·40/(120·680) = 1 - 31960/81600.
			alpha: []float64{1 - 31960.0/81600},
		},
		{
			// Three coders on 10 characters: A [0,4), B [0,4), C [2,6).
			// Kappa between A and B (most codings tie; A, B first): equal.
			// Alpha: chars 0-1 values 1,1,0: o(0,1) += 2·(1·2/2) = 2;
			// chars 2-3 all 1; chars 4-5 values 0,0,1: o(0,1) += 2·(2·1/2) = 2;
			// chars 6-9 all 0. n1 = 2·2 + 2·3 + 2·1 = 12, n0 = 2·1 + 2·2 + 4·3 = 18,
			// n = 30; alpha = 1 - 29·4/(18·12) = 1 - 116/216 = 0.462962...
			name: "three coders", coders: []string{"A", "B", "C"}, codes: []string{"c"}, sizes: []int{10},
			codings: []coding{{"A", "c", 0, 0, 4}, {"B", "c", 0, 0, 4}, {"C", "c", 0, 2, 6}},
			opt:     Options{Coders: []string{"A", "B", "C"}},
			want:    []Counts{{Both: 4, Neither: 6}},
			kappa:   []float64{1}, agree: []float64{100}, alpha: []float64{1 - 116.0/216},
		},
		{
			// C coded nothing in text2: C's values are missing there, so text2
			// counts as A and B alone. text1 as "three coders" (o=4, n1=12,
			// n0=18); text2 (10 chars): A [0,5), B [0,5): n1 += 10, n0 += 10.
			// n = 50, n1 = 22, n0 = 28: alpha = 1 - 49·4/(22·28) = 1 - 196/616.
			name: "missing coder", coders: []string{"A", "B", "C"}, codes: []string{"c"}, sizes: []int{10, 10},
			codings: []coding{{"A", "c", 0, 0, 4}, {"B", "c", 0, 0, 4}, {"C", "c", 0, 2, 6}, {"A", "c", 1, 0, 5}, {"B", "c", 1, 0, 5}},
			opt:     Options{Coders: []string{"A", "B", "C"}},
			want:    []Counts{{Both: 4, Neither: 6}, {Both: 5, Neither: 5}},
			kappa:   []float64{1}, agree: []float64{100}, alpha: []float64{1 - 196.0/616},
		},
		{
			name: "one coder only", coders: ab, codes: []string{"c"}, sizes: []int{100},
			codings: []coding{{"A", "c", 0, 0, 40}},
			wantErr: "agreement: not enough coders: the texts have codings by one coder only, A; agreement needs two coders",
			is:      ErrCoders,
		},
		{
			name: "unknown coder", coders: ab, codes: []string{"c"}, sizes: []int{100},
			codings: []coding{{"A", "c", 0, 0, 40}, {"B", "c", 0, 0, 40}},
			opt:     Options{Coders: []string{"A", "Z"}},
			wantErr: `agreement: not found: coder "Z" (the coders with codings in the texts: A, B)`,
			is:      ErrNotFound,
		},
		{
			name: "unknown code", coders: ab, codes: []string{"c"}, sizes: []int{100},
			codings: []coding{{"A", "c", 0, 0, 40}, {"B", "c", 0, 0, 40}},
			opt:     Options{Codes: []string{"nope"}},
			wantErr: `agreement: not found: code "nope" in the code book`,
			is:      ErrNotFound,
		},
		{
			name: "one coder asked for", coders: ab, codes: []string{"c"}, sizes: []int{100},
			codings: []coding{{"A", "c", 0, 0, 40}, {"B", "c", 0, 0, 40}},
			opt:     Options{Coders: []string{"A", "a"}},
			wantErr: `agreement: not enough coders: "a" is given twice`,
			is:      ErrCoders,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc := fixture(t, tt.coders, tt.codes, tt.sizes, tt.codings)
			rep, err := Compare(doc, tt.opt)
			if tt.wantErr != "" {
				require.EqualError(t, err, tt.wantErr)
				assert.ErrorIs(t, err, tt.is)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, "A", rep.A.Name)
			assert.Equal(t, "B", rep.B.Name)
			var got []Counts
			for _, c := range rep.Comparisons {
				got = append(got, c.Counts)
				assert.InDelta(t, c.Counts.Kappa(), c.Kappa, eps)
				assert.InDelta(t, c.Counts.Agreement(), c.Agreement, eps)
			}
			assert.Equal(t, tt.want, got)
			require.Len(t, rep.Codes, len(tt.kappa))
			for i, s := range rep.Codes {
				assert.InDelta(t, tt.kappa[i], s.Kappa, eps, "kappa of %s", s.CodePath)
				assert.InDelta(t, tt.agree[i], s.Agreement, eps, "agreement of %s", s.CodePath)
				if tt.alpha[i] != tt.alpha[i] {
					assert.Nil(t, s.Alpha, "alpha of %s", s.CodePath)
					continue
				}
				require.NotNil(t, s.Alpha, "alpha of %s", s.CodePath)
				assert.InDelta(t, tt.alpha[i], *s.Alpha, eps, "alpha of %s", s.CodePath)
			}
		})
	}
}

var nan = func() float64 { var z float64; return z / z }()

func TestCompareSkipsSourcesWithoutText(t *testing.T) {
	doc := fixture(t, []string{"A", "B"}, []string{"c"}, []int{100},
		[]coding{{"A", "c", 0, 0, 40}, {"B", "c", 0, 20, 60}})
	rec := &refi.AudioSource{SourceBase: refi.SourceBase{GUID: refi.NewGUID(), Name: "recording"}}
	doc.Project.Sources = append(doc.Project.Sources, rec)
	rep, err := Compare(doc, Options{})
	require.NoError(t, err)
	require.Len(t, rep.Skipped, 1)
	assert.Equal(t, "recording", rep.Skipped[0].Source.Name)
	assert.Equal(t, "no text (AudioSource)", rep.Skipped[0].Reason)
	require.Len(t, rep.Comparisons, 1)
}

func TestCompareChoosesCodersWithMostCodings(t *testing.T) {
	doc := fixture(t, []string{"A", "B", "C"}, []string{"c"}, []int{100}, []coding{
		{"A", "c", 0, 0, 10}, {"B", "c", 0, 0, 10}, {"B", "c", 0, 20, 30},
		{"C", "c", 0, 0, 10}, {"C", "c", 0, 20, 30}, {"C", "c", 0, 40, 50},
	})
	rep, err := Compare(doc, Options{})
	require.NoError(t, err)
	assert.Equal(t, "C", rep.A.Name)
	assert.Equal(t, "B", rep.B.Name)
	require.Len(t, rep.AlphaCoders, 3, "alpha compares every coder by default")
	rep, err = Compare(doc, Options{Coders: []string{"a", "b"}, Codes: []string{"C"}})
	require.NoError(t, err, "names are matched ignoring case")
	assert.Equal(t, "A", rep.A.Name)
	assert.Len(t, rep.AlphaCoders, 2)
}
