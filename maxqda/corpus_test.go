package maxqda_test

import (
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/qdabridge/qdabridge/internal/corpus"
	"github.com/qdabridge/qdabridge/internal/segments/segtest"
	"github.com/qdabridge/qdabridge/maxqda"
	"github.com/qdabridge/qdabridge/refi"
	"github.com/qdabridge/qdabridge/xlsx"
)

// TestCorpus reads MAXQDA 2022's Coded Segments export of the corpus
// (630 rows: one per segment and code) with PassageSources, and checks the
// project against the rows read independently with the xlsx package.
func TestCorpus(t *testing.T) {
	path := filepath.Join(corpus.Dir(t, "maxqda"), "coded-segments-maxqda2022.xlsx")
	wb, err := (&xlsx.Reader{}).ReadFile(path)
	require.NoError(t, err)
	sheet := wb.Sheets[0]
	require.Len(t, sheet.Rows, 630)
	codes := map[string]bool{}
	var want []string // document and segment of every row
	for _, r := range sheet.Rows {
		codes[r.Get("Code").Value] = true
		want = append(want, r.Get("Document name").Value+"\x00"+r.Get("Segment").Value)
	}
	require.Len(t, codes, 52)

	res, err := (&maxqda.Reader{PassageSources: true}).ReadFile(path)
	require.NoError(t, err)
	rep := res.Report
	assert.Equal(t, map[string]int{"coded-segments-maxqda2022.xlsx:Sheet1": 630}, rep.RowsRead)
	assert.Equal(t, 630, rep.Rows)
	assert.Equal(t, 630, rep.Codings, "630 rows: one coding each")
	assert.Equal(t, 369, rep.Selections, "rows of one document with the same text and paragraphs are one segment at several codes")
	assert.Equal(t, rep.Selections, rep.Passages)
	assert.Equal(t, 18, rep.Sources)
	assert.Equal(t, 1, rep.Users, `"Levelized" (Modified by is blank)`)
	assert.Empty(t, rep.NotPlaced)
	codable := 0
	var walk func(cs []*refi.Code)
	walk = func(cs []*refi.Code) {
		for _, c := range cs {
			if c.IsCodable {
				codable++
			}
			walk(c.Children)
		}
	}
	walk(res.Project.Codes)
	assert.Equal(t, 52, codable, "the 52 code paths are the codable codes")
	assert.Equal(t, 73, rep.Codes, "with their 21 parents that are only categories")

	got := segtest.CodingTexts(t, res.Project, res.Files)
	sort.Strings(got)
	sort.Strings(want)
	assert.Equal(t, want, got, "every coding's text is its row's Segment")

	texts := segtest.RoundTrip(t, res.Project, res.Files)
	n := 0
	for _, ts := range texts {
		n += len(ts)
	}
	assert.Equal(t, 369, n)
	for _, ts := range texts {
		for _, s := range ts {
			assert.NotEqual(t, "", strings.TrimSpace(s))
		}
	}
}
