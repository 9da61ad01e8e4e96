package taguette_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/qdabridge/qdabridge/internal/segments"
	"github.com/qdabridge/qdabridge/internal/segments/segtest"
	"github.com/qdabridge/qdabridge/refi"
	"github.com/qdabridge/qdabridge/taguette"
)

const exportGrandmother = "I started gardening because of my grandmother."

// exportHighlights writes a highlights export of our own: one row per
// highlight and tag, as Taguette writes it.
func exportHighlights(t *testing.T) string {
	return segtest.WriteXLSX(t, t.TempDir(), "highlights.xlsx", "highlights", [][]any{
		{"id", "document", "tag", "content"},
		{10, "Interview 1", "family", "Later, with the children, " + exportGrandmother},
		{10, "Interview 1", "children", "Later, with the children, " + exportGrandmother},
		{11, "Interview 1", "family", exportGrandmother},
		{12, "Interview 1", "crops", "Tomatoes, beans and a few ugly squashes."},
		{13, "Interview 1", "crops", "Potatoes everywhere."},
		{20, "Interview 2", "place", "In a small flat near the river."},
		{21, "", "place", "Nowhere."},
	})
}

const exportCodebook = "tag,description,number of highlights\r\nfamily,Family members,2\r\ncrops,What they grow,2\r\nunused,A tag no highlight has,0\r\n"

func TestHighlightsWithDocuments(t *testing.T) {
	cb := segtest.WriteFile(t, t.TempDir(), "codebook.csv", []byte(exportCodebook))
	res, err := (&taguette.HighlightsReader{Documents: segtest.Docs(t), Codebook: cb}).ReadFile(exportHighlights(t))
	require.NoError(t, err)
	rep := res.Report
	assert.Equal(t, 6, rep.Rows)
	assert.Equal(t, 5, rep.Segments, "highlight 10 has two tags")
	assert.Equal(t, 3, rep.Exact)
	assert.Equal(t, 1, rep.Ambiguous, "highlight 11's text is in paragraphs 2 and 4, and the export has no position")
	assert.Equal(t, 1, rep.Missing)
	require.Len(t, rep.NotPlaced, 3)
	byRow := map[int]string{}
	for _, p := range rep.NotPlaced {
		byRow[p.Row] = p.Status + ": " + p.Reason
		assert.Equal(t, "highlights", p.Sheet)
	}
	assert.Contains(t, byRow[4], "ambiguous: the passage occurs 2 times")
	assert.Contains(t, byRow[6], "missing: the passage is not in the document")
	assert.Contains(t, byRow[8], "skipped: no document name")
	assert.Equal(t, 3, rep.Ledger().Row(refi.ItemCodings).Counts[refi.Dropped])

	p := res.Project
	assert.Equal(t, 5, rep.Codes, "the 3 codebook tags (unused kept), children and place")
	assert.Equal(t, "Family members", p.Codes[0].Description)
	texts := segtest.RoundTrip(t, p, res.Files)
	assert.Equal(t, []string{"Later, with the children, " + exportGrandmother, "Tomatoes, beans and a few ugly squashes."}, texts["Interview 1"])
	assert.Equal(t, []string{"In a small flat near the river."}, texts["Interview 2"])
	src := p.Sources[0].(*refi.TextSource)
	assert.Len(t, src.Selections[0].Codings, 2)
}

func TestHighlightsPassages(t *testing.T) {
	res, err := (&taguette.HighlightsReader{PassageSources: true}).ReadFile(exportHighlights(t))
	require.NoError(t, err)
	assert.Equal(t, 5, res.Report.Selections)
	assert.Equal(t, 6, res.Report.Codings)
	texts := segtest.RoundTrip(t, res.Project, res.Files)
	assert.Len(t, texts["Interview 1"], 4)
	assert.Same(t, res.Project, res.Document().Project)
}

func TestHighlightsCodebookAlone(t *testing.T) {
	cb := segtest.WriteFile(t, t.TempDir(), "codebook.csv", []byte(exportCodebook))
	res, err := (&taguette.HighlightsReader{}).ReadFile(cb)
	require.NoError(t, err)
	assert.Equal(t, 3, res.Report.Codes)
	assert.Equal(t, 0, res.Report.Sources)
	segtest.RoundTrip(t, res.Project, res.Files)
}

func TestHighlightsErrors(t *testing.T) {
	dir := t.TempDir()
	tests := []struct {
		name string
		file string
		data string
		is   error
		want []string
	}{
		{"wrong header", "a.csv", "Number;Text Content;Document;Codes\n1;a;b;c\n", taguette.ErrNotHighlights, []string{"a.csv", "id, document, tag and content"}},
		{"mismatched quotes", "b.csv", "id,document,tag,content\n1,Doc,a,\"open\n2,Doc,b,x\n", segments.ErrMalformed, []string{"b.csv", "row 2"}},
		{"huge cell", "c.csv", "id,document,tag,content\n1,Doc,a," + strings.Repeat("x", 5000) + "\n", segments.ErrTooLarge, []string{"c.csv", "row 2", `"content"`}},
		{"truncated xlsx", "d.xlsx", "PK\x03\x04\x14\x00", segments.ErrMalformed, []string{"d.xlsx"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := (&taguette.HighlightsReader{MaxCellBytes: 4096}).ReadFile(segtest.WriteFile(t, dir, tt.file, []byte(tt.data)))
			require.Error(t, err)
			assert.ErrorIs(t, err, tt.is)
			var e *taguette.HighlightsError
			assert.ErrorAs(t, err, &e)
			assert.True(t, strings.HasPrefix(err.Error(), "taguette: "+tt.file), err.Error())
			for _, w := range tt.want {
				assert.Contains(t, err.Error(), w)
			}
		})
	}
}
