package qualcoder_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/qdabridge/qdabridge/internal/segments"
	"github.com/qdabridge/qdabridge/internal/segments/segtest"
	"github.com/qdabridge/qdabridge/qualcoder"
	"github.com/qdabridge/qdabridge/refi"
)

// codingReportCSV is a code text report of our own, with QualCoder's quirks: a
// byte-order mark, every field quoted, file names with their extension,
// a memo over several lines.
const codingReportCSV = "\uFEFF\"File\",\"Coder\",\"Coded\",\"Id\",\"Codename\",\"Coded_Memo\",\"Category\"\n" +
	"\"Interview 2.docx\",\"ana\",\"In a small flat near the river.\",\"ctid:1\",\"River\",\"ana 19/01\n\nnot sure\",\"Place\"\n" +
	"\"Interview 2.docx\",\"ana\",\"In a small flat near the river.\",\"ctid:2\",\"Home\",\"\",\"Place\"\n" +
	"\"Interview 2.docx\",\"rui\",\"the river is calm\",\"ctid:3\",\"Calm\",\"\",\"\"\n" +
	"\"Interview 1.txt\",\"rui\",\"I started gardening because of my grandmother.\",\"ctid:4\",\"Family\",\"\",\"Motives\"\n" +
	"\"Interview 1.txt\",\"rui\",\"Tomatoes, beans\",\"ctid:5\",\"Crops\",\"\",\"\"\n" +
	"\"Interview 1.txt\",\"rui\",\"Cabbages.\",\"ctid:6\",\"Crops\",\"\",\"\"\n"

func TestCodingReportWithDocuments(t *testing.T) {
	path := segtest.WriteFile(t, t.TempDir(), "report.csv", []byte(codingReportCSV))
	res, err := (&qualcoder.CodingReportReader{Documents: segtest.Docs(t)}).ReadFile(path)
	require.NoError(t, err)
	rep := res.Report
	assert.Equal(t, 6, rep.Rows)
	assert.Equal(t, 5, rep.Segments, "the two codings of the river passage are one selection")
	assert.Equal(t, 3, rep.Exact)
	assert.Equal(t, 1, rep.Ambiguous, "the grandmother passage is in paragraphs 2 and 4 and the report has no position")
	assert.Equal(t, 1, rep.Missing)
	rows := map[int]string{}
	for _, p := range rep.NotPlaced {
		rows[p.Row] = p.Status
	}
	assert.Equal(t, map[int]string{5: "ambiguous", 7: "missing"}, rows)

	p := res.Project
	assert.Equal(t, "Interview 2.docx", p.Sources[0].Base().Name)
	src := p.Sources[0].(*refi.TextSource)
	require.Len(t, src.Selections, 2)
	assert.Len(t, src.Selections[0].Codings, 2)
	assert.Equal(t, "ana 19/01\n\nnot sure", src.Selections[0].Description)
	assert.Len(t, p.Users, 2)
	var cats []string
	for _, c := range p.Codes {
		if !c.IsCodable {
			cats = append(cats, c.Name)
		}
	}
	assert.Equal(t, []string{"Place", "Motives"}, cats, "categories cannot be applied")
	texts := segtest.RoundTrip(t, p, res.Files)
	assert.Equal(t, []string{"In a small flat near the river.", "the river is calm"}, texts["Interview 2.docx"])
	assert.Equal(t, []string{"Tomatoes, beans"}, texts["Interview 1.txt"])
}

func TestCodingReportPassages(t *testing.T) {
	path := segtest.WriteFile(t, t.TempDir(), "report.csv", []byte(codingReportCSV))
	res, err := (&qualcoder.CodingReportReader{PassageSources: true}).ReadFile(path)
	require.NoError(t, err)
	assert.Equal(t, 5, res.Report.Selections)
	assert.Equal(t, 6, res.Report.Codings)
	assert.Empty(t, res.Report.NotPlaced)
	segtest.RoundTrip(t, res.Project, res.Files)
	assert.Same(t, res.Project, res.Document().Project)
}

func TestCodingReportErrors(t *testing.T) {
	dir := t.TempDir()
	tests := []struct {
		name string
		data string
		is   error
		want []string
	}{
		{"wrong header", "id,document,tag,content\n1,a,b,c\n", qualcoder.ErrNotCodingReport, []string{"r.csv", "File, Coded and Codename"}},
		{"mismatched quotes", "\"File\",\"Coded\",\"Codename\"\n\"a\",\"open,\"b\"\n\"a\",\"x\",\"c\"\n", segments.ErrMalformed, []string{"r.csv", "row 2"}},
		{"huge cell", "File,Coded,Codename\na," + strings.Repeat("x", 5000) + ",c\n", segments.ErrTooLarge, []string{"r.csv", "row 2", `"Coded"`}},
		{"not text", "\x00\x01\x02binary", qualcoder.ErrNotCodingReport, []string{"r.csv", "binary"}},
		{"header only", "File,Coded,Codename\n", segments.ErrNoRows, []string{"r.csv"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := (&qualcoder.CodingReportReader{MaxCellBytes: 4096}).ReadFile(segtest.WriteFile(t, dir, "r.csv", []byte(tt.data)))
			require.Error(t, err)
			assert.ErrorIs(t, err, tt.is)
			var e *qualcoder.CodingReportError
			assert.ErrorAs(t, err, &e)
			assert.True(t, strings.HasPrefix(err.Error(), "qualcoder: r.csv"), err.Error())
			for _, w := range tt.want {
				assert.Contains(t, err.Error(), w)
			}
		})
	}
}

func TestCodingReportRowWithoutFile(t *testing.T) {
	path := segtest.WriteFile(t, t.TempDir(), "r.csv", []byte("File,Coded,Codename\n,text,A\nDoc,,A\nDoc,x,\nDoc,y,B\n"))
	res, err := (&qualcoder.CodingReportReader{PassageSources: true}).ReadFile(path)
	require.NoError(t, err)
	var msgs []string
	for _, w := range res.Report.Warnings {
		msgs = append(msgs, w.String())
	}
	all := strings.Join(msgs, "\n")
	assert.Contains(t, all, "r.csv row 2: row not used: no document name")
	assert.Contains(t, all, "r.csv row 3: row not used: no coded text")
	assert.Contains(t, all, "r.csv row 4: row not used: no code")
	assert.Equal(t, 1, res.Report.Codings)
	assert.Equal(t, 2, res.Report.Ledger().Row(refi.ItemCodings).Counts[refi.Dropped], "the row without a code held no coding")
}
