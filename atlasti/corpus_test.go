package atlasti_test

import (
	"encoding/csv"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/qdabridge/qdabridge/atlasti"
	"github.com/qdabridge/qdabridge/internal/corpus"
	"github.com/qdabridge/qdabridge/internal/segments/segtest"
)

// readCSV reads a corpus file with encoding/csv, independently of the
// package.
func readCSV(t *testing.T, path string) [][]string {
	data, err := os.ReadFile(path)
	require.NoError(t, err)
	r := csv.NewReader(strings.NewReader(strings.TrimPrefix(string(data), "\uFEFF")))
	r.Comma = ';'
	recs, err := r.ReadAll()
	require.NoError(t, err)
	return recs
}

// TestCorpusQuotations reads the corpus's Quotation Manager export (394
// quotations on one document, "[ATLAS] - Codifying Fragments") with
// PassageSources, alone and with its codebook export.
func TestCorpusQuotations(t *testing.T) {
	dir := corpus.Dir(t, "atlasti")
	q, cb := filepath.Join(dir, "quotation-manager-export.csv"), filepath.Join(dir, "codebook-export.csv")
	recs := readCSV(t, q)
	require.Len(t, recs, 395)
	codings := 0
	var want []string
	for _, r := range recs[1:] {
		n, err := strconv.Atoi(r[6]) // Number of Codes
		require.NoError(t, err)
		codings += n
		for range n {
			want = append(want, r[4]+"\x00"+r[3])
		}
	}
	require.Equal(t, 1465, codings)
	sort.Strings(want)

	for _, tt := range []struct {
		name     string
		codebook string
		codes    int
		sets     map[string]int
	}{
		{"alone", "", 436, map[string]int{}},
		// the 465 codes of the codebook and the quotations' one not in it (an
		// in-vivo code named by its quoted text); "Tn. Theme: child" nested
		// under the 18 themes
		{"with codebook", cb, 466, map[string]int{"Themes": 18, "ATLAS": 436, "Research 1": 8, "Research 2": 3}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			res, err := (&atlasti.Reader{PassageSources: true, Codebook: tt.codebook}).ReadFile(q)
			require.NoError(t, err)
			rep := res.Report
			assert.Equal(t, 394, rep.Rows)
			assert.Equal(t, 394, rep.Selections, "one selection per quotation")
			assert.Equal(t, 1465, rep.Codings, "one coding per code: the sum of Number of Codes")
			assert.Equal(t, tt.codes, rep.Codes)
			assert.Equal(t, 1, rep.Sources)
			assert.Empty(t, rep.NotPlaced)
			for _, w := range rep.Warnings {
				assert.Equal(t, "timezone", string(w.Code), w.String())
			}
			sets := map[string]int{}
			for _, s := range res.Project.Sets {
				sets[s.Name] = len(s.MemberCodes)
			}
			assert.Equal(t, tt.sets, sets)
			got := segtest.CodingTexts(t, res.Project, res.Files)
			sort.Strings(got)
			assert.Equal(t, want, got, "every coding's text is its quotation's Text Content")
			texts := segtest.RoundTrip(t, res.Project, res.Files)
			assert.Len(t, texts["[ATLAS] - Codifying Fragments"], 394)
			if tt.codebook == "" {
				// split without the codebook, the Codes cells still give the
				// codebook's names, but for the in-vivo code not in it
				names := map[string]bool{}
				for _, r := range readCSV(t, cb)[1:] {
					names[r[0]] = true
				}
				var unknown []string
				for _, c := range res.Project.Codes {
					assert.Empty(t, c.Children)
					if !names[c.Name] {
						unknown = append(unknown, c.Name)
					}
				}
				assert.Equal(t, []string{`"Check the publishing and receiving messages via MQTTBox."`}, unknown)
			}
		})
	}
}

// TestCorpusCodebook reads the codebook export alone: 465 codes, 18 of
// them themes holding the other 447, and the four code groups.
func TestCorpusCodebook(t *testing.T) {
	path := filepath.Join(corpus.Dir(t, "atlasti"), "codebook-export.csv")
	require.Len(t, readCSV(t, path), 466)
	res, err := (&atlasti.Reader{}).ReadFile(path)
	require.NoError(t, err)
	assert.Equal(t, 465, res.Report.Codes)
	assert.Len(t, res.Project.Codes, 18, "every code is one of the 18 themes or a \"Theme: child\" under one")
	assert.Equal(t, 4, res.Report.Sets)
	segtest.RoundTrip(t, res.Project, res.Files)
}
