package nvivo_test

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/qdabridge/qdabridge/nvivo"
	"github.com/qdabridge/qdabridge/xlsx"
)

func TestWriteCodebookRoundTrip(t *testing.T) {
	doc := readSample(t)
	defer doc.Close()
	cb := nvivo.CodebookFromProject(doc.Project, "")
	require.Len(t, cb.Codes, 20, "21 codes, one of them a folder")
	assert.Equal(t, []string{"Codes", "Emergent themes"}, cb.Codes[len(cb.Codes)-1].Folder)
	for _, counts := range []bool{true, false} {
		cb.Counts = counts
		var buf bytes.Buffer
		ws, err := (&nvivo.Writer{}).WriteCodebook(&buf, cb)
		require.NoError(t, err)
		assert.Empty(t, ws)
		wb, err := (&xlsx.Reader{}).Read(bytes.NewReader(buf.Bytes()))
		require.NoError(t, err)
		require.Len(t, wb.Sheets, 1)
		assert.Equal(t, "Codebook", wb.Sheets[0].Name)
		var header []string
		for _, c := range wb.Sheets[0].Header {
			header = append(header, c.Name)
		}
		want := []string{"Folder", "Name", "Description"}
		if counts {
			want = append(want, "Files", "References")
		}
		assert.Equal(t, want, header, "NVivo's codebook layout")

		ex, err := read(t, buf.Bytes())
		require.NoError(t, err)
		require.Equal(t, nvivo.KindCodebook, ex.Kind)
		got := ex.Codebook
		assert.Equal(t, counts, got.Counts)
		require.Len(t, got.Codes, len(cb.Codes))
		for i, c := range cb.Codes {
			g := got.Codes[i]
			assert.Equal(t, c.Folder, g.Folder)
			assert.Equal(t, c.Path, g.Path)
			assert.Equal(t, c.Description, g.Description)
			if counts {
				assert.Equal(t, c.Files, g.Files)
				assert.Equal(t, c.References, g.References)
			}
		}
		assert.Empty(t, ex.Warnings)
	}
}

func TestWriteClassificationRoundTrip(t *testing.T) {
	doc := readSample(t)
	defer doc.Close()
	sampleSheet := nvivo.ClassificationFromProject(doc.Project, "")
	assert.Equal(t, "Cases", sampleSheet.Name, "from the variables' Cases: prefix")
	handmade := &nvivo.Classification{Name: "Interviewees", Kind: nvivo.CaseClassification,
		Attributes: []nvivo.Attribute{
			{Name: "Age", Type: nvivo.AttrInteger}, {Name: "Score", Type: nvivo.AttrDecimal}, {Name: "Member", Type: nvivo.AttrBoolean},
			{Name: "Joined", Type: nvivo.AttrDate}, {Name: "Seen", Type: nvivo.AttrDateTime}, {Name: "Code", Type: nvivo.AttrText},
		},
		Rows: []nvivo.ClassificationRow{
			{Name: "P01", Folders: []string{"Cases"}, Path: []string{"Participants", "P01"}, Values: []nvivo.AttributeValue{
				{State: nvivo.Assigned, Lexical: "34"}, {State: nvivo.Assigned, Lexical: "1.5"}, {State: nvivo.Assigned, Lexical: "true"},
				{State: nvivo.Assigned, Lexical: "2020-01-02"}, {State: nvivo.Assigned, Lexical: "2020-01-02T10:30:00"},
				{State: nvivo.Assigned, Text: "007", Lexical: "007"}}},
			{Name: "P02", Folders: []string{"Cases"}, Path: []string{"Participants", "P02"}, Values: []nvivo.AttributeValue{
				{State: nvivo.NotApplicable}, {State: nvivo.Unassigned}, {State: nvivo.Assigned, Lexical: "false"},
				{}, {State: nvivo.Assigned, Lexical: "2021-05-06T00:00:00.5"}, {State: nvivo.Assigned, Text: "=1+1", Lexical: "=1+1"}}},
		}}
	for name, cl := range map[string]*nvivo.Classification{"sample": sampleSheet, "handmade": handmade} {
		t.Run(name, func(t *testing.T) {
			var buf bytes.Buffer
			w := &nvivo.Writer{UnassignedLabel: "Unassigned"}
			_, err := w.WriteClassification(&buf, cl)
			require.NoError(t, err)
			wb, err := (&xlsx.Reader{}).Read(bytes.NewReader(buf.Bytes()))
			require.NoError(t, err)
			s := wb.Sheets[0]
			assert.Equal(t, cl.Name, s.Name)
			assert.Equal(t, cl.Name, s.Header[0].Name, "the classification name in A1")
			assert.Equal(t, cl.Attributes[0].Name, s.Header[1].Name, "attribute names in row 1")

			ex, err := read(t, buf.Bytes())
			require.NoError(t, err)
			require.Equal(t, nvivo.KindClassification, ex.Kind)
			got := ex.Classification
			assert.Equal(t, cl.Name, got.Name)
			require.Len(t, got.Attributes, len(cl.Attributes))
			for j, a := range cl.Attributes {
				assert.Equal(t, a.Name, got.Attributes[j].Name)
				assert.Equal(t, a.Type, got.Attributes[j].Type, "%s: %s", a.Name, got.Attributes[j].Evidence)
			}
			require.Len(t, got.Rows, len(cl.Rows))
			for i, r := range cl.Rows {
				g := got.Rows[i]
				assert.Equal(t, r.Name, g.Name)
				assert.Equal(t, r.Folders, g.Folders)
				for j, v := range r.Values {
					want := v.State
					if want == nvivo.Empty {
						want = nvivo.Unassigned // written as the label
					}
					assert.Equal(t, want, g.Values[j].State, "%s %s", r.Name, cl.Attributes[j].Name)
					assert.Equal(t, v.Lexical, g.Values[j].Lexical, "%s %s", r.Name, cl.Attributes[j].Name)
				}
			}
		})
	}
}

func TestWriteFiles(t *testing.T) {
	doc := readSample(t)
	defer doc.Close()
	dir := t.TempDir()
	w := &nvivo.Writer{}
	ws, err := w.WriteCodebookFile(filepath.Join(dir, "codebook.xlsx"), nvivo.CodebookFromProject(doc.Project, "Nodes"))
	require.NoError(t, err)
	assert.Empty(t, ws)
	ws, err = w.WriteClassificationFile(filepath.Join(dir, "cases.xlsx"), nvivo.ClassificationFromProject(doc.Project, "Participants"))
	require.NoError(t, err)
	assert.Empty(t, ws, "the sample's values all read back as given")
	for _, name := range []string{"codebook.xlsx", "cases.xlsx"} {
		ex, err := (&nvivo.Reader{}).ReadFile(filepath.Join(dir, name))
		require.NoError(t, err)
		if ex.Codebook != nil {
			assert.Equal(t, []string{"Nodes"}, ex.Codebook.Codes[0].Folder)
		} else {
			assert.Equal(t, "Participants", ex.Classification.Name)
			assert.Equal(t, "Cases:Role", ex.Classification.Attributes[0].Name, "a name that is not the prefix keeps the variable names")
		}
	}
}

// TestSampleReportGolden pins the report of converting the sample export
// set (run with -update to rewrite it).
func TestSampleReportGolden(t *testing.T) {
	res := buildSample(t, "coding-summary-by-code.txt")
	got, err := json.MarshalIndent(res.Report, "", "  ")
	require.NoError(t, err)
	got = append(got, '\n')
	golden := filepath.Join("testdata", "sample-report.golden.json")
	if *update {
		require.NoError(t, os.WriteFile(golden, got, 0o644))
		return
	}
	want, err := os.ReadFile(golden)
	require.NoError(t, err, "run go test ./nvivo -run TestSampleReportGolden -update")
	assert.Equal(t, string(want), string(got))
}

// TestWriteClassificationLabelValues: a text value that is a label of
// Unassigned or Not Applicable cannot be told from the label in a sheet;
// the Writer says so, and the value reads back as the label's state.
func TestWriteClassificationLabelValues(t *testing.T) {
	text := func(s string) nvivo.AttributeValue {
		return nvivo.AttributeValue{State: nvivo.Assigned, Text: s, Lexical: s}
	}
	tests := []struct {
		name      string
		writer    nvivo.Writer
		value     nvivo.AttributeValue
		wantState nvivo.ValueState // read back
		wantWarn  string           // "" for no warning
	}{
		{"plain text", nvivo.Writer{}, text("Nurse"), nvivo.Assigned, ""},
		{"Unassigned", nvivo.Writer{}, text("Unassigned"), nvivo.Unassigned, `the text value "Unassigned" of "P1" is the label of Unassigned`},
		{"unassigned, other case", nvivo.Writer{}, text("unassigned"), nvivo.Unassigned, "is the label of Unassigned"},
		{"Not Applicable", nvivo.Writer{}, text("Not Applicable"), nvivo.NotApplicable, `the text value "Not Applicable" of "P1" is the label of Not Applicable`},
		{"the writer's own label", nvivo.Writer{NotApplicableLabel: "Entfällt"}, text("entfällt"), nvivo.Assigned, "is the label of Not Applicable"},
		{"empty text", nvivo.Writer{}, text(""), nvivo.Empty, "written as an empty cell"},
		{"a Not Applicable value is no warning", nvivo.Writer{}, nvivo.AttributeValue{State: nvivo.NotApplicable}, nvivo.NotApplicable, ""},
		{"no value is no warning", nvivo.Writer{}, nvivo.AttributeValue{}, nvivo.Empty, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cl := &nvivo.Classification{Name: "People", Attributes: []nvivo.Attribute{{Name: "Role", Type: nvivo.AttrText}},
				Rows: []nvivo.ClassificationRow{{Name: "P1", Path: []string{"P1"}, Values: []nvivo.AttributeValue{tt.value}}}}
			w := tt.writer
			var buf bytes.Buffer
			ws, err := w.WriteClassification(&buf, cl)
			require.NoError(t, err)
			if tt.wantWarn == "" {
				assert.Empty(t, ws)
			} else if assert.Len(t, ws, 1) {
				assert.Equal(t, nvivo.WarnLabelValue, ws[0].Code)
				assert.Contains(t, ws[0].Message, tt.wantWarn)
				assert.Equal(t, "People", ws[0].Sheet)
				assert.Equal(t, 2, ws[0].Row)
				assert.Equal(t, 2, ws[0].Col)
				assert.Equal(t, "Role", ws[0].Header)
			}
			// what the warning says: the value reads back in that state
			// (the Reader knows only its own labels: a Writer label that is
			// not one of them reads back as text)
			ex, err := read(t, buf.Bytes())
			require.NoError(t, err)
			require.Len(t, ex.Classification.Rows, 1)
			assert.Equal(t, tt.wantState, ex.Classification.Rows[0].Values[0].State)

			// to a file: the same warnings, naming the file
			path := filepath.Join(t.TempDir(), "people.xlsx")
			fws, err := w.WriteClassificationFile(path, cl)
			require.NoError(t, err)
			require.Len(t, fws, len(ws))
			for i := range fws {
				assert.Equal(t, path, fws[i].File)
				fws[i].File = ""
			}
			assert.Equal(t, ws, fws)
		})
	}
}
