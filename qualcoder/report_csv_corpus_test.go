package qualcoder_test

import (
	"encoding/csv"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/qdabridge/qdabridge/internal/corpus"
	"github.com/qdabridge/qdabridge/internal/segments/segtest"
	"github.com/qdabridge/qdabridge/qualcoder"
)

// TestCodingReportCorpus reads the corpus's code text report (235 rows,
// one per coding) with PassageSources and checks it against the rows read
// with encoding/csv.
func TestCodingReportCorpus(t *testing.T) {
	path := filepath.Join(corpus.Dir(t, "qualcoder"), "olgabvo-coding-report.csv")
	data, err := os.ReadFile(path)
	require.NoError(t, err)
	recs, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(string(data), "\uFEFF"))).ReadAll()
	require.NoError(t, err)
	require.Len(t, recs, 236)
	passages, codes, cats := map[string]bool{}, map[string]bool{}, map[string]bool{}
	var want []string
	for _, r := range recs[1:] {
		passages[r[0]+"\x00"+r[2]] = true
		codes[r[6]+"\x00"+r[4]] = true
		cats[r[6]] = true
		want = append(want, r[0]+"\x00"+r[2])
	}
	require.Len(t, passages, 189)
	require.Len(t, codes, 11)
	require.Len(t, cats, 2)

	res, err := (&qualcoder.CodingReportReader{PassageSources: true}).ReadFile(path)
	require.NoError(t, err)
	rep := res.Report
	assert.Equal(t, map[string]int{"olgabvo-coding-report.csv": 235}, rep.RowsRead)
	assert.Equal(t, 235, rep.Codings, "one coding per row")
	assert.Equal(t, 189, rep.Selections, "one selection per distinct coded text of a file")
	assert.Equal(t, 13, rep.Codes, "11 codes under their 2 categories")
	assert.Equal(t, 2, rep.Sources)
	assert.Equal(t, 1, rep.Users)
	assert.Empty(t, rep.NotPlaced)
	got := segtest.CodingTexts(t, res.Project, res.Files)
	sort.Strings(got)
	sort.Strings(want)
	assert.Equal(t, want, got, "every coding's text is its row's Coded text")
	texts := segtest.RoundTrip(t, res.Project, res.Files)
	assert.Equal(t, 189, len(texts["Grupo 11 - Pobres - Misto - DIreita - 25-11-2024.docx"])+len(texts["Grupo 6 - Classe Média - Misto - 05-11-2024.docx"]))
}
