package segments_test

import (
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/qdabridge/qdabridge/internal/segments"
	"github.com/qdabridge/qdabridge/internal/segments/segtest"
	"github.com/qdabridge/qdabridge/refi"
)

const grandmother = "I started gardening because of my grandmother."

func row(n int, doc, code, text string) segments.Row {
	return segments.Row{Row: n, Document: doc, Codes: [][]string{strings.Split(code, `\`)}, Text: text, CharStart: -1}
}

func TestBuildGrouping(t *testing.T) {
	withID := func(r segments.Row, id string) segments.Row { r.SegmentID = id; return r }
	withPara := func(r segments.Row, p int) segments.Row { r.ParaStart, r.ParaEnd = p, p; return r }
	tests := []struct {
		name     string
		rows     []segments.Row
		segments int
		codings  int
		warn     string
	}{
		{"one row per code", []segments.Row{row(2, "D", "A", "t"), row(3, "D", "B", "t")}, 1, 2, ""},
		{"other paragraph, other segment", []segments.Row{withPara(row(2, "D", "A", "t"), 1), withPara(row(3, "D", "B", "t"), 2)}, 2, 2, ""},
		{"a code twice starts another segment", []segments.Row{row(2, "D", "A", "t"), row(3, "D", "A", "t")}, 2, 2, ""},
		{"ids group rows", []segments.Row{withID(row(2, "D", "A", "t"), "1"), withID(row(3, "D", "B", "t"), "1"), withID(row(4, "D", "A", "t"), "2")}, 2, 3, ""},
		{"a code twice in one id", []segments.Row{withID(row(2, "D", "A", "t"), "1"), withID(row(3, "D", "A", "t"), "1")}, 2, 2, "has this code already"},
		{"an id with another text", []segments.Row{withID(row(2, "D", "A", "t"), "1"), withID(row(3, "D", "B", "u"), "1")}, 1, 2, "has another text in row 2"},
		{"documents apart", []segments.Row{row(2, "D", "A", "t"), row(3, "E", "B", "t")}, 2, 2, ""},
		{"extension ignored", []segments.Row{row(2, "D.docx", "A", "t"), row(3, "d", "B", "t")}, 1, 2, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := segments.Build(&segments.Input{Tool: "x", File: "f.csv", Rows: tt.rows}, segments.Options{PassageSources: true})
			require.NoError(t, err)
			assert.Equal(t, tt.segments, res.Report.Selections)
			assert.Equal(t, tt.codings, res.Report.Codings)
			if tt.warn != "" {
				require.NotEmpty(t, res.Report.Warnings)
				assert.Contains(t, res.Report.Warnings[0].String(), tt.warn)
			}
			segtest.RoundTrip(t, res.Project, res.Files)
		})
	}
}

func TestBuildDocuments(t *testing.T) {
	docs := fstest.MapFS{
		"a/Interview 1.txt":  {Data: []byte("x\n" + grandmother + "\ny\n" + grandmother + "\n")},
		"b/interview 1.docx": {Data: segtest.Docx(t, "other")},
		"Latin.txt":          {Data: []byte("caf\xe9 au lait\n")},
		"Big.txt":            {Data: []byte(strings.Repeat("x", 200))},
		"Broken.docx":        {Data: []byte("not a zip")},
		"Spaces.txt":         {Data: []byte("one  two\r\nthree\n")},
		"Chars.txt":          {Data: []byte("é " + grandmother + " é " + grandmother)},
	}
	hint := func(r segments.Row, para, char int) segments.Row { r.ParaStart, r.CharStart = para, char; return r }
	in := &segments.Input{Tool: "x", File: "f.csv", Rows: []segments.Row{
		hint(row(2, "Interview 1", "A", grandmother), 4, -1),
		row(3, "Interview 1", "B", grandmother),
		row(4, "Latin", "A", "au lait"),
		row(5, "Big", "A", "xx"),
		row(6, "Broken", "A", "x"),
		row(7, "Spaces", "A", "one two three"),
		hint(row(8, "Chars", "A", grandmother), 0, 52),
	}}
	res, err := segments.Build(in, segments.Options{Documents: docs, MaxDocumentBytes: 100})
	require.NoError(t, err)
	rep := res.Report
	docsUsed := map[string]string{}
	for _, d := range rep.Documents {
		docsUsed[d.Name] = d.File + " " + d.Format
	}
	assert.Equal(t, map[string]string{"Interview 1": "a/Interview 1.txt txt", "Latin": "Latin.txt txt", "Big": " ", "Broken": " ",
		"Spaces": "Spaces.txt txt", "Chars": "Chars.txt txt"}, docsUsed)
	var all []string
	for _, w := range rep.Warnings {
		all = append(all, w.String())
	}
	s := strings.Join(all, "\n")
	assert.Contains(t, s, `several documents could be "Interview 1"`)
	assert.Contains(t, s, "Latin.txt: document is not valid UTF-8")
	assert.Contains(t, s, "Big.txt is larger than 100 bytes")
	assert.Contains(t, s, "Broken.docx: not a .docx (zip) file")
	assert.Contains(t, s, `f.csv row 3: ambiguous: "`+grandmother+`" in "Interview 1" not placed`)
	assert.Equal(t, 3, rep.Exact, "the hinted grandmother, au lait, the one after character 52")
	assert.Equal(t, 1, rep.Tolerant, "one two three across a line break")
	assert.Equal(t, 1, rep.Ambiguous)
	assert.Equal(t, 2, rep.Missing)
	assert.Equal(t, 2, rep.Hinted)
	require.Len(t, rep.NotPlaced, 3)
	assert.Equal(t, "the document Big.txt could not be read (see the warnings)", rep.NotPlaced[1].Reason)
	src := res.Project.Sources[0].(*refi.TextSource)
	require.Len(t, src.Selections, 1)
	assert.Equal(t, int64(len("x\n"+grandmother+"\ny\n")), src.Selections[0].Start)
	chars := res.Project.Sources[len(res.Project.Sources)-1].(*refi.TextSource)
	require.Len(t, chars.Selections, 1)
	assert.Equal(t, int64(len([]rune("é "+grandmother+" é "))), chars.Selections[0].Start, "positions count code points")
	segtest.RoundTrip(t, res.Project, res.Files)
}

func TestBuildDates(t *testing.T) {
	r := row(2, "D", "A", "t")
	r.Created = time.Date(2025, 3, 25, 10, 0, 0, 0, time.UTC)
	r.Coder = "ann"
	in := &segments.Input{Tool: "x", File: "f.csv", Rows: []segments.Row{r}}
	res, err := segments.Build(in, segments.Options{PassageSources: true})
	require.NoError(t, err)
	sel := res.Project.Sources[0].(*refi.TextSource).Selections[0]
	assert.Equal(t, refi.NoTimeZone(), sel.Created.Location())
	require.Len(t, res.Report.Warnings, 1)
	assert.Contains(t, res.Report.Warnings[0].Message, "1 dates of the export have no time zone")
	paris, err := time.LoadLocation("Europe/Paris")
	if err != nil {
		t.Skip("no time zone database")
	}
	res, err = segments.Build(in, segments.Options{PassageSources: true, Location: paris})
	require.NoError(t, err)
	sel = res.Project.Sources[0].(*refi.TextSource).Selections[0]
	assert.Equal(t, "2025-03-25T10:00:00+01:00", sel.Created.Format(time.RFC3339))
	assert.Equal(t, res.Project.Users[0].GUID, sel.Codings[0].CreatingUser)
	assert.Empty(t, res.Report.Warnings)
}

func TestBuildNothing(t *testing.T) {
	_, err := segments.Build(&segments.Input{Tool: "x", File: "f.csv", Rows: []segments.Row{row(2, "", "", "t")}}, segments.Options{})
	assert.ErrorIs(t, err, segments.ErrNoRows)
	assert.Equal(t, "x: f.csv: no rows: no row names a document, a code and a passage", err.Error())
}

func TestBuildDeterministic(t *testing.T) {
	in := &segments.Input{Tool: "x", File: "f.csv", Rows: []segments.Row{row(2, "D", `A\B`, "t"), row(3, "D", "C", "u")}}
	a, err := segments.Build(in, segments.Options{PassageSources: true})
	require.NoError(t, err)
	b, err := segments.Build(in, segments.Options{PassageSources: true})
	require.NoError(t, err)
	assert.Equal(t, a.Project, b.Project)
	assert.Equal(t, strings.ToLower(string(a.Project.Codes[0].GUID)), string(a.Project.Codes[0].GUID))
}
