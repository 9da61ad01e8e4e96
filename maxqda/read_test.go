package maxqda_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/qdabridge/qdabridge/internal/segments"
	"github.com/qdabridge/qdabridge/internal/segments/segtest"
	"github.com/qdabridge/qdabridge/maxqda"
	"github.com/qdabridge/qdabridge/refi"
)

var header = []any{"Color", "Document group", "Document name", "Code", "Beginning", "End", "Weight score", "Segment",
	"Modified by", "Modified", "Created by", "Created", "Area", "Coverage %", "Comment"}

const grandmother = "I started gardening because of my grandmother."

// fixture writes a Coded Segments workbook of our own rows.
func fixture(t *testing.T) string {
	rows := [][]any{header,
		{"●", "Gardeners", "Interview 1", `Motives\Family`, 2, 2, 0, grandmother, "ann", "26.06.2022 13:40:33", "ann", "26.06.2022 13:40:33", 46, 10.5, "first mention"},
		{"●", "Gardeners", "Interview 1", `Motives\Family`, 4, 4, 0, grandmother, "", "", "bob", "27.06.2022 09:00:00", 46, 10.5, ""},
		{"●", "Gardeners", "Interview 1", `Crops`, 6, 6, 0, "Tomatoes, beans", "", "", "ann", "26.06.2022 13:41:00", 15, 3, ""},
		{"●", "Gardeners", "Interview 1", `Motives`, 6, 6, 0, "This sentence is not in the transcript.", "", "", "ann", "", 0, 0, ""},
		{"●", "", "Interview 2", `Place\River`, 2, 2, 0, "In a small flat near the river.", "", "", "ann", "", 0, 0, ""},
		{"●", "", "Interview 2", `Motives\Family`, 2, 2, 0, "In a small flat near the river.", "", "", "ann", "", 0, 0, ""},
		{"●", "", "Interview 3", `Crops`, 1, 1, 0, "Only potatoes.", "", "", "ann", "", 0, 0, ""},
	}
	return segtest.WriteXLSX(t, t.TempDir(), "Coded Segments.xlsx", "Coded segments", rows)
}

func TestReadWithDocuments(t *testing.T) {
	res, err := (&maxqda.Reader{Documents: segtest.Docs(t)}).ReadFile(fixture(t))
	require.NoError(t, err)
	rep := res.Report
	assert.Equal(t, 7, rep.Rows)
	assert.Equal(t, 6, rep.Segments, "the two rows of Interview 2's river passage are one segment")
	assert.Equal(t, 4, rep.Exact)
	assert.Equal(t, 2, rep.Missing)
	assert.Equal(t, 2, rep.Hinted, "the Beginning paragraph chose among the two occurrences, for each of the two rows")
	require.Len(t, rep.NotPlaced, 2)
	assert.Equal(t, "Coded segments", rep.NotPlaced[0].Sheet)
	assert.Equal(t, 5, rep.NotPlaced[0].Row)
	assert.Contains(t, rep.NotPlaced[0].Reason, "not in the document")
	assert.Equal(t, 8, rep.NotPlaced[1].Row)
	assert.Contains(t, rep.NotPlaced[1].Reason, "no document of this name")
	assert.Equal(t, 2, rep.Ledger().Row(refi.ItemCodings).Counts[refi.Dropped], "the codings of the two segments not placed are lost")

	p := res.Project
	src := p.Sources[0].(*refi.TextSource)
	require.Equal(t, "Interview 1", src.Name)
	require.Len(t, src.Selections, 3)
	text := "Interviewer: How did you start?\n" + grandmother + "\nInterviewer: And later?\nLater, with the children, " + grandmother + "\n"
	// selections in document order: paragraph 2, paragraph 4, tomatoes
	assert.Equal(t, int64(len("Interviewer: How did you start?\n")), src.Selections[0].Start)
	assert.Equal(t, int64(len(text)-len(grandmother)-1), src.Selections[1].Start)
	assert.Equal(t, "first mention", src.Selections[0].Description)
	docx := p.Sources[1].(*refi.TextSource)
	require.Len(t, docx.Selections, 1)
	assert.Len(t, docx.Selections[0].Codings, 2)
	assert.NotEmpty(t, docx.RichTextPath)
	require.Len(t, p.Sets, 1)
	assert.Equal(t, "Gardeners", p.Sets[0].Name)
	assert.Len(t, p.Users, 2)
	// Motives is applied itself: codable; Place is only a parent
	for _, c := range p.Codes {
		assert.Equal(t, c.Name != "Place", c.IsCodable, c.Name)
	}
	texts := segtest.RoundTrip(t, p, res.Files)
	assert.Equal(t, []string{grandmother, grandmother, "Tomatoes, beans"}, texts["Interview 1"])
	assert.Equal(t, []string{"In a small flat near the river."}, texts["Interview 2"])
}

func TestReadPassageSources(t *testing.T) {
	res, err := (&maxqda.Reader{PassageSources: true}).ReadFile(fixture(t))
	require.NoError(t, err)
	assert.Equal(t, 6, res.Report.Selections)
	assert.Equal(t, 7, res.Report.Codings)
	assert.Empty(t, res.Report.NotPlaced)
	texts := segtest.RoundTrip(t, res.Project, res.Files)
	assert.Equal(t, []string{"Only potatoes."}, texts["Interview 3"])
	assert.Same(t, res.Project, res.Document().Project)
}

func TestReadErrors(t *testing.T) {
	dir := t.TempDir()
	good := fixture(t)
	data, err := os.ReadFile(good)
	require.NoError(t, err)
	tests := []struct {
		name   string
		path   string
		reader maxqda.Reader
		is     error
		want   []string
	}{
		{"wrong header", segtest.WriteXLSX(t, dir, "other.xlsx", "Codes", [][]any{{"Name", "Description"}, {"a", "b"}}), maxqda.Reader{},
			maxqda.ErrNotMAXQDA, []string{"other.xlsx", "Document name, Code and Segment", `"Codes" (Name, Description)`}},
		{"csv of another tool", segtest.WriteFile(t, dir, "other.csv", []byte("id,document,tag,content\n1,a,b,c\n")), maxqda.Reader{},
			maxqda.ErrNotMAXQDA, []string{"other.csv", "row 1"}},
		{"truncated xlsx", segtest.WriteFile(t, dir, "cut.xlsx", data[:len(data)/2]), maxqda.Reader{},
			segments.ErrMalformed, []string{"maxqda: cut.xlsx"}},
		{"huge cell", good, maxqda.Reader{MaxCellBytes: 20}, segments.ErrTooLarge, []string{"Coded Segments.xlsx"}},
		{"mismatched quotes", segtest.WriteFile(t, dir, "quotes.csv", []byte("Document name;Code;Segment\nInterview 1;A;\"open\nInterview 1;B;x\n")),
			maxqda.Reader{}, segments.ErrMalformed, []string{"quotes.csv", "row 2"}},
		{"binary", segtest.WriteFile(t, dir, "old.xls", []byte("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1rest")), maxqda.Reader{}, maxqda.ErrNotMAXQDA, []string{"old.xls", ".xls"}},
		{"missing file", filepath.Join(dir, "none.xlsx"), maxqda.Reader{}, os.ErrNotExist, []string{"none.xlsx"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := tt.reader.ReadFile(tt.path)
			require.Error(t, err)
			assert.ErrorIs(t, err, tt.is)
			assert.True(t, strings.HasPrefix(err.Error(), "maxqda: "), err.Error())
			assert.NotContains(t, err.Error(), "maxqda: maxqda:")
			for _, w := range tt.want {
				assert.Contains(t, err.Error(), w)
			}
		})
	}
}

func TestReadRowWithoutDocument(t *testing.T) {
	path := segtest.WriteXLSX(t, t.TempDir(), "x.xlsx", "Sheet1", [][]any{header,
		{"●", "", "", `A`, 1, 1, 0, "text", "", "", "ann", "not a date", 0, 0, ""},
		{"●", "", "Doc", `A`, "two", 1, 0, "text", "", "", "ann", "", 0, 0, ""},
	})
	res, err := (&maxqda.Reader{PassageSources: true}).ReadFile(path)
	require.NoError(t, err)
	require.Len(t, res.Report.NotPlaced, 1)
	assert.Equal(t, "skipped", res.Report.NotPlaced[0].Status)
	var msgs []string
	for _, w := range res.Report.Warnings {
		msgs = append(msgs, w.String())
	}
	all := strings.Join(msgs, "\n")
	assert.Contains(t, all, `x.xlsx sheet "Sheet1" row 2: row not used: no document name`)
	assert.Contains(t, all, `row 2: Created "not a date" is not a date`)
	assert.Contains(t, all, `row 3: Beginning "two" is not a paragraph number`)
}

// TestReadGermanCSV reads the same export saved as CSV by a German MAXQDA:
// other headers, other order, ";" and a byte-order mark.
func TestReadGermanCSV(t *testing.T) {
	data := "\uFEFFKommentar;Segment;Code;Dokumentname;Anfang;Ende;Erstellt von;Erstellt\n" +
		";\"" + grandmother + "\";Motive\\Familie;Interview 1;4;4;ann;27.06.2022 09:00:00\n"
	path := segtest.WriteFile(t, t.TempDir(), "segmente.csv", []byte(data))
	res, err := (&maxqda.Reader{Documents: segtest.Docs(t)}).ReadFile(path)
	require.NoError(t, err)
	assert.Equal(t, map[string]int{"segmente.csv": 1}, res.Report.RowsRead)
	require.Equal(t, 1, res.Report.Exact)
	sel := res.Project.Sources[0].(*refi.TextSource).Selections[0]
	text := "Interviewer: How did you start?\n" + grandmother + "\nInterviewer: And later?\nLater, with the children, "
	assert.Equal(t, int64(len(text)), sel.Start, "paragraph 4")
	assert.Equal(t, 2022, sel.Created.Year())
	assert.Equal(t, "Familie", res.Project.Codes[0].Children[0].Name)
}
