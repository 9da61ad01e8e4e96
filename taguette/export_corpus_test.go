package taguette_test

import (
	"path/filepath"
	"sort"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/qdabridge/qdabridge/internal/corpus"
	"github.com/qdabridge/qdabridge/internal/segments/segtest"
	"github.com/qdabridge/qdabridge/taguette"
	"github.com/qdabridge/qdabridge/xlsx"
)

// TestExportCorpusHighlights reads the corpus's highlights export (sheet
// highlights, 701 rows: one per highlight and tag) with PassageSources and
// checks it against the rows read with the xlsx package.
func TestExportCorpusHighlights(t *testing.T) {
	path := filepath.Join(corpus.Dir(t, "taguette"), "hoctor-highlights.xlsx")
	wb, err := (&xlsx.Reader{}).ReadFile(path)
	require.NoError(t, err)
	sheet := wb.Sheet("highlights")
	require.NotNil(t, sheet)
	require.Len(t, sheet.Rows, 701)
	highlights, tags, docs := map[string]bool{}, map[string]bool{}, map[string]bool{}
	var want []string
	for _, r := range sheet.Rows {
		highlights[r.Get("document").Value+"\x00"+r.Get("id").Value] = true
		tags[r.Get("tag").Value] = true
		docs[r.Get("document").Value] = true
		want = append(want, r.Get("document").Value+"\x00"+r.Get("content").Value)
	}
	require.Len(t, highlights, 498)
	require.Len(t, tags, 13)
	require.Len(t, docs, 9)

	res, err := (&taguette.HighlightsReader{PassageSources: true}).ReadFile(path)
	require.NoError(t, err)
	rep := res.Report
	assert.Equal(t, map[string]int{"hoctor-highlights.xlsx:highlights": 701}, rep.RowsRead)
	assert.Equal(t, 701, rep.Codings, "one coding per row")
	assert.Equal(t, 498, rep.Selections, "one selection per highlight (document and id)")
	assert.Equal(t, 13, rep.Codes, "one code per tag")
	assert.Equal(t, 9, rep.Sources)
	assert.Empty(t, rep.NotPlaced)
	assert.Empty(t, rep.Warnings)
	got := segtest.CodingTexts(t, res.Project, res.Files)
	sort.Strings(got)
	sort.Strings(want)
	assert.Equal(t, want, got, "every coding's text is its row's content")
	texts := segtest.RoundTrip(t, res.Project, res.Files)
	n := 0
	for _, ts := range texts {
		n += len(ts)
	}
	assert.Equal(t, 498, n)
}

// TestExportCorpusCodebook reads the corpus's codebook CSV export (CR LF
// lines; 3 tags) alone.
func TestExportCorpusCodebook(t *testing.T) {
	path := filepath.Join(corpus.Dir(t, "taguette"), "aadorian-codebook.csv")
	res, err := (&taguette.HighlightsReader{}).ReadFile(path)
	require.NoError(t, err)
	assert.Equal(t, 3, res.Report.Codes)
	var names []string
	for _, c := range res.Project.Codes {
		names = append(names, c.Name+" = "+c.Description)
	}
	assert.Equal(t, []string{"xsd:element name = xsd:element name", "CodeBook = CodeBook", "Variables = Variables"}, names)
	segtest.RoundTrip(t, res.Project, res.Files)
}
