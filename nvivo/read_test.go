package nvivo_test

import (
	"bytes"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/qdabridge/qdabridge/nvivo"
	"github.com/qdabridge/qdabridge/xlsx"
)

// book makes an .xlsx workbook in memory with one sheet.
func book(t testing.TB, sheet string, header []string, rows ...[]any) []byte {
	t.Helper()
	var buf bytes.Buffer
	w := xlsx.NewWriter(&buf)
	sw, err := w.AddSheet(sheet, header)
	require.NoError(t, err)
	for _, r := range rows {
		require.NoError(t, sw.WriteRow(r...))
	}
	require.NoError(t, w.Close())
	return buf.Bytes()
}

func read(t testing.TB, data []byte) (*nvivo.Export, error) {
	t.Helper()
	return (&nvivo.Reader{Name: "in"}).Read(bytes.NewReader(data))
}

func warningCodes(ws []nvivo.Warning) map[nvivo.WarningCode]int {
	out := map[nvivo.WarningCode]int{}
	for _, w := range ws {
		out[w.Code] += w.Count
	}
	return out
}

func TestDetect(t *testing.T) {
	tests := []struct {
		name string
		data []byte
		kind nvivo.ExportKind
		fmt  nvivo.Format
	}{
		{"codebook xlsx", book(t, "Codebook", []string{"Folder", "Name", "Description"}, []any{"Codes", "A", ""}), nvivo.KindCodebook, nvivo.FormatXLSX},
		{"codebook csv", []byte("Folder,Name,Description\nCodes,A,x\n"), nvivo.KindCodebook, nvivo.FormatCSV},
		{"coding summary text", []byte("Hierarchical Name, Code Type, Hierarchical Name, File Type, Coded Text\r\nNodes\\\\A, Node, Files\\\\f, Document, hello\r\n"), nvivo.KindCodingSummary, nvivo.FormatText},
		{"coding summary csv", []byte("Hierarchical Name,Code Type,Hierarchical Name,File Type,Coded Text\nNodes\\\\A,Node,Files\\\\f,Document,hello\n"), nvivo.KindCodingSummary, nvivo.FormatCSV},
		{"summary view", []byte(",Name,In Folder,References,Coverage\n,f1,Files,1,0.56%\n"), nvivo.KindSummaryView, nvivo.FormatCSV},
		{"files list", []byte(",Name,,Codes,References,Modified On,Modified By,Classification,\n,f1,,2,2,3/2/2021 1:00 AM,JZ,,\n"), nvivo.KindList, nvivo.FormatCSV},
		{"codes list", book(t, "Sheet1", []string{"Name", "Files", "References", "Created On", "Created By"}, []any{"A", 1, 2, time.Date(2020, 1, 2, 3, 4, 0, 0, time.UTC), "AB"}), nvivo.KindList, nvivo.FormatXLSX},
		{"matrix", []byte("\"\n\",A : x,B : y\n1 : f,1,0\n2 : g,0,3\n"), nvivo.KindMatrix, nvivo.FormatCSV},
		{"crosstab", []byte(",A : Gender = F,B : Gender = M,C : Total\n1 : code,1,2,3\n2 : Total,1,2,3\n"), nvivo.KindCrosstab, nvivo.FormatCSV},
		{"crosstab without indexes", []byte(",F,M,Total\ncode,1,2,3\nTotal,1,2,3\n"), nvivo.KindCrosstab, nvivo.FormatCSV},
		{"framework", book(t, "Sheet1", []string{"", "A : Issues", "B : Heavy"}, []any{"1 : 1", "\n", "so heavy\n"}, []any{"2 : 10", "text\n", "\n"}), nvivo.KindFramework, nvivo.FormatXLSX},
		{"classification xlsx", book(t, "Sheet1", []string{"Interviewees", "Age", "Gender"}, []any{"P01", 34, "F"}), nvivo.KindClassification, nvivo.FormatXLSX},
		{"classification tsv", []byte("Interviewees\tAge\nP01\t34\n"), nvivo.KindClassification, nvivo.FormatTSV},
		{"classification without A1", []byte(",Age\nP01,34\n"), nvivo.KindClassification, nvivo.FormatCSV},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ex, err := read(t, tt.data)
			require.NoError(t, err)
			assert.Equal(t, tt.kind, ex.Kind, ex.Detection)
			assert.Equal(t, tt.fmt, ex.Format)
			assert.NotEmpty(t, ex.Detection)
		})
	}
}

func TestReadErrors(t *testing.T) {
	tests := []struct {
		name    string
		data    []byte
		kind    nvivo.ExportKind
		is      error
		message string
	}{
		{name: "legacy xls", data: []byte("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1rest of an ole file"), is: xlsx.ErrLegacyXLS, message: "save it as .xlsx"},
		{name: "not utf-8", data: []byte("a,b\n\xff\xfe\xfd,x\n"), is: xlsx.ErrMalformed},
		{name: "empty", data: nil, is: nvivo.ErrEmpty},
		{name: "header only", data: []byte("Folder,Name,Description\n"), is: nvivo.ErrEmpty},
		{name: "word frequency", data: []byte("Word,Length,Count,Weighted Percentage (%),Similar Words\nthe,3,10,1.5,the\n"), is: nvivo.ErrUnknownExport, message: "Word Frequency"},
		{name: "forced kind, missing column", data: []byte("a,b\nc,d\n"), kind: nvivo.KindCodingSummary, is: xlsx.ErrMissingColumn, message: "Hierarchical Name"},
		{name: "broken zip", data: []byte("PK\x03\x04garbage"), is: xlsx.ErrNotXLSX},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := (&nvivo.Reader{Name: "in.x", Kind: tt.kind}).Read(bytes.NewReader(tt.data))
			require.Error(t, err)
			assert.ErrorIs(t, err, tt.is)
			var ne *nvivo.Error
			require.ErrorAs(t, err, &ne)
			assert.Equal(t, "in.x", ne.File)
			assert.True(t, strings.HasPrefix(err.Error(), "nvivo: in.x: "), err.Error())
			assert.NotContains(t, err.Error(), "\n")
			assert.Contains(t, err.Error(), tt.message)
		})
	}
}

func TestMissingColumnLocation(t *testing.T) {
	data := book(t, "Extract", []string{"Hierarchical Name", "Code Type", "Coded Text"}, []any{`Nodes\\A`, "Node", "x"})
	_, err := read(t, data)
	require.Error(t, err)
	var ce *xlsx.CellError
	require.ErrorAs(t, err, &ce)
	assert.Equal(t, "Extract", ce.Sheet)
	assert.Equal(t, 1, ce.Row)
	assert.ErrorIs(t, err, xlsx.ErrMissingColumn)
	assert.Equal(t, `nvivo: in: coding-summary: sheet "Extract" row 1: missing column "Hierarchical Name (of the file)"`, err.Error())
}

func TestReadCodebook(t *testing.T) {
	data := book(t, "Codebook", []string{"Folder", "Name", "Description", "Files", "References"},
		[]any{"Codes", "Issues", "", 2, 3},
		[]any{"Codes", `Issues\Heavy`, "Too heavy", 1, "many"},
		[]any{`Codes\\Reviews`, `Positive Views\Easy to use`, "", nil, nil},
		[]any{"Codes", "", "no name", nil, nil},
		[]any{"Codes", `Issues\Heavy`, "again", nil, nil},
	)
	ex, err := read(t, data)
	require.NoError(t, err)
	cb := ex.Codebook
	require.Len(t, cb.Codes, 3)
	assert.True(t, cb.Counts)
	assert.Equal(t, &nvivo.CodebookRow{Folder: []string{"Codes"}, Path: []string{"Issues"}, Files: 2, References: 3, Row: 2}, cb.Codes[0])
	assert.Equal(t, "Heavy", cb.Codes[1].Name())
	assert.Equal(t, 0, cb.Codes[1].References, "not a number")
	assert.Equal(t, []string{"Codes", "Reviews"}, cb.Codes[2].Folder)
	assert.Equal(t, []string{"Positive Views", "Easy to use"}, cb.Codes[2].Path)
	assert.Equal(t, 5, ex.Rows)
	w := warningCodes(ex.Warnings)
	assert.Equal(t, 2, w[nvivo.WarnRowSkipped], "%v", ex.Warnings)
	assert.Equal(t, 1, w[nvivo.WarnValue])
	for _, x := range ex.Warnings {
		assert.Equal(t, "Codebook", x.Sheet)
		assert.NotZero(t, x.Row)
		assert.Contains(t, x.String(), `sheet "Codebook" row `)
	}
}

func TestReadClassification(t *testing.T) {
	d := func(y, m, dd int) time.Time { return time.Date(y, time.Month(m), dd, 0, 0, 0, 0, time.UTC) }
	data := book(t, "Interviewees", []string{"Interviewees", "Age", "Score", "Member", "Joined", "Seen", "ID", "Band", "Empty", ""},
		[]any{`Cases\\Participants\P01`, 34, 1.5, true, d(2020, 1, 2), time.Date(2020, 1, 2, 10, 30, 0, 0, time.UTC), "007", "65-74", nil, nil},
		[]any{`Cases\\Participants\P02`, "Unassigned", 2, false, d(2021, 5, 6), d(2021, 5, 6), "012", "Not Applicable", nil, "stray"},
		[]any{`Cases\\Participants\P03`, "not applicable", "Nicht zugewiesen", "Yes", "3/4/2022", nil, "1", "18-24", nil, nil},
		[]any{"", 1, nil, nil, nil, nil, nil, nil, nil, nil},
	)
	r := &nvivo.Reader{Name: "in", UnassignedLabels: []string{"Unassigned", "Nicht zugewiesen"}}
	ex, err := r.Read(bytes.NewReader(data))
	require.NoError(t, err)
	cl := ex.Classification
	assert.Equal(t, "Interviewees", cl.Name)
	assert.Equal(t, nvivo.CaseClassification, cl.Kind)
	assert.Contains(t, cl.KindEvidence, `"cases"`)
	types := map[string]nvivo.AttributeType{}
	for _, a := range cl.Attributes {
		types[a.Name] = a.Type
	}
	assert.Equal(t, map[string]nvivo.AttributeType{"Age": nvivo.AttrInteger, "Score": nvivo.AttrDecimal, "Member": nvivo.AttrBoolean,
		"Joined": nvivo.AttrDate, "Seen": nvivo.AttrDateTime, "ID": nvivo.AttrText, "Band": nvivo.AttrText, "Empty": nvivo.AttrText}, types)
	require.Len(t, cl.Rows, 3)
	p1 := cl.Rows[0]
	assert.Equal(t, "P01", p1.Name)
	assert.Equal(t, []string{"Cases"}, p1.Folders)
	assert.Equal(t, []string{"Participants", "P01"}, p1.Path)
	lex := func(row nvivo.ClassificationRow) []string {
		var out []string
		for _, v := range row.Values {
			out = append(out, v.State.String()+":"+v.Lexical)
		}
		return out
	}
	assert.Equal(t, []string{"assigned:34", "assigned:1.5", "assigned:true", "assigned:2020-01-02", "assigned:2020-01-02T10:30:00",
		"assigned:007", "assigned:65-74", "empty:"}, lex(p1))
	assert.Equal(t, []string{"unassigned:", "assigned:2", "assigned:false", "assigned:2021-05-06", "assigned:2021-05-06T00:00:00",
		"assigned:012", "not-applicable:", "empty:"}, lex(cl.Rows[1]))
	assert.Equal(t, []string{"not-applicable:", "unassigned:", "assigned:true", "assigned:2022-03-04", "empty:",
		"assigned:1", "assigned:18-24", "empty:"}, lex(cl.Rows[2]))
	age := cl.Attributes[0].Evidence
	assert.Equal(t, nvivo.TypeEvidence{Values: 1, Integers: 1, Decimals: 1, Unassigned: 1, NotApplicable: 1, Examples: []string{"34"}}, age)
	assert.Equal(t, "1 values, all whole numbers (e.g. 34); 1 Unassigned, 1 Not Applicable", age.String())
	w := warningCodes(ex.Warnings)
	assert.Equal(t, 1, w[nvivo.WarnRowSkipped])
	assert.Equal(t, 1, w[nvivo.WarnColumnIgnored], "the stray value under a blank header")
}

func TestReadFileClassification(t *testing.T) {
	ex, err := read(t, []byte("Interview files\tLanguage\tPages\nFiles\\\\Interviews\\\\A\ten\t3\nFiles\\\\Interviews\\\\B\tfr\t4.0\n"))
	require.NoError(t, err)
	cl := ex.Classification
	assert.Equal(t, nvivo.FileClassification, cl.Kind)
	assert.Equal(t, "A", cl.Rows[0].Name)
	assert.Equal(t, []string{"Files", "Interviews"}, cl.Rows[0].Folders)
	assert.Equal(t, nvivo.AttrDecimal, cl.Attributes[1].Type, "4.0 is not written as an integer")
	assert.Equal(t, "4", cl.Rows[1].Values[1].Lexical)
}

// codingSummaryText is a Coding Summary in NVivo's text form, with the
// quirks of the real one: quoting only for commas, doubled quotes
// everywhere, line breaks inside quoted and unquoted fields.
const codingSummaryText = "\uFEFFHierarchical Name, Code Type, Description, Aggregate, List Order, Hierarchical Name, File Type, Classification, Folder Location, Coverage, Number Of Coding References, Reference Number, Coded By Initials, Modified On, Coded Text\r\n" +
	"Nodes\\\\Errors, Node, \"Use these, please\", True, 202, Files\\\\BWOH\\\\A, Document, , Files\\\\BWOH, 0.0015, 2, 1, NN, 7/17/2019 7:55:35 PM, \"But he was a very, very good scholar.\"\r\n" +
	"Nodes\\\\Errors, Node, \"Use these, please\", True, 202, Files\\\\BWOH\\\\A, Document, , Files\\\\BWOH, 0.0015, 2, 2, NN, 7/17/2019 7:55:35 PM, Harb\r\nr?\r\n" +
	"Nodes\\\\Errors\\False Hit, Node, , False, 203, Files\\\\BWOH\\\\A, Document, , Files\\\\BWOH, 0.0010, 2, 1, NN, 7/17/2019 7:55:35 PM, Harb\r\nr?\r\n" +
	"Nodes\\\\Errors\\False Hit, Node, , False, 203, Files\\\\BWOH\\\\A, Document, , Files\\\\BWOH, 0.0010, 2, 2, PJC, 11/30/2020 9:28:57 AM, \"\"\"You are, a proud people\"\r\n" +
	"Nodes\\\\Errors\\False Hit, Node, , False, 203, Files\\\\HM\\\\B, Document, , Files\\\\HM, 0.0036, 3, 1, AA, 11/30/2020 9:28:57 AM, \"\"This is Clarence Thomas.\r\n" +
	"Nodes\\\\Errors\\False Hit, Node, , False, 203, Files\\\\HM\\\\B, Document, , Files\\\\HM, 0.0036, 3, 2, AA, 11/30/2020 9:28:57 AM, \"George Bush, Sr had nominated\r\nClarence Thomas and I knew. \"\r\n" +
	"Nodes\\\\Errors\\False Hit, Node, , False, 203, Files\\\\HM\\\\B, Document, , Files\\\\HM, 0.0036, 3, 3, AA, 11/30/2020 9:28:57 AM, like that?\"\"\r\n" +
	"Nodes\\\\Errors\\False Hit, Node, , False, 203, Files\\\\HM\\\\B, Document, , Files\\\\HM, many, 3, 4, AA, yesterday, one, two, three\r\n" +
	", Node, , False, 203, Files\\\\HM\\\\B, Document, , Files\\\\HM, 0.1, 3, 5, AA, 11/30/2020 9:28:57 AM, no code\r\n"

func TestReadCodingSummaryText(t *testing.T) {
	ex, err := read(t, []byte(codingSummaryText))
	require.NoError(t, err)
	assert.Equal(t, nvivo.FormatText, ex.Format)
	cs := ex.CodingSummary
	require.Len(t, cs.References, 8)
	texts := make([]string, len(cs.References))
	for i, r := range cs.References {
		texts[i] = r.Text
	}
	assert.Equal(t, []string{
		"But he was a very, very good scholar.",
		"Harb\r\nr?",
		"Harb\r\nr?",
		`"You are, a proud people`,
		`"This is Clarence Thomas.`,
		"George Bush, Sr had nominated\r\nClarence Thomas and I knew. ",
		`like that?"`,
		"one, two, three",
	}, texts)
	r := cs.References[0]
	assert.Equal(t, "Use these, please", r.CodeDescription)
	assert.True(t, r.Aggregate)
	assert.Equal(t, 202, r.ListOrder)
	assert.Equal(t, 2, r.Line)
	assert.Equal(t, 2, r.Row)
	assert.Equal(t, time.Date(2019, 7, 17, 19, 55, 35, 0, time.UTC), r.Modified)
	assert.Equal(t, `Nodes\\Errors`, r.CodeName())
	assert.Equal(t, `Files\\BWOH\\A`, r.FileName())
	assert.Equal(t, 8, cs.References[4].Line, "line numbers count the continuation lines")
	// the aggregate's second reference repeats its child's
	assert.False(t, cs.References[0].Repeat)
	assert.True(t, cs.References[1].Repeat)
	assert.False(t, cs.References[2].Repeat)
	w := warningCodes(ex.Warnings)
	assert.Equal(t, 1, w[nvivo.WarnRowSkipped], "the row without a code")
	assert.Equal(t, 1, w[nvivo.WarnRecord], "the record with two surplus fields")
	assert.Equal(t, 2, w[nvivo.WarnValue], "coverage and date")
	assert.Equal(t, 1, w[nvivo.WarnAggregate])
	assert.Equal(t, 9, ex.Rows)
}

func TestReadCodingSummaryByFile(t *testing.T) {
	data := book(t, "Coding Summary By File Extra-0",
		[]string{"Hierarchical Name", "File Type", "Hierarchical Name", "Code Type", "Aggregate", "Reference Number", "Coded By Initials", "Modified On", "Coded Text"},
		[]any{`Internals\\A`, "Document", `Nodes\\X\Y`, "Node", "No", 1, "AB", time.Date(2021, 3, 2, 13, 0, 0, 0, time.UTC), "text"},
		[]any{`Internals\\A`, "Document", `Cases\\P1`, "Case", "No", 1, "AB", "3/2/2021 1:00 PM", "whole"},
	)
	ex, err := read(t, data)
	require.NoError(t, err)
	cs := ex.CodingSummary
	assert.Equal(t, "file", cs.By)
	require.Len(t, cs.References, 2)
	assert.Equal(t, []string{"X", "Y"}, cs.References[0].CodePath)
	assert.Equal(t, "A", cs.References[0].File)
	assert.False(t, cs.References[0].IsCase())
	assert.True(t, cs.References[1].IsCase())
	assert.Equal(t, cs.References[0].Modified, cs.References[1].Modified, "Excel date and text date")
}

func TestReadTables(t *testing.T) {
	t.Run("matrix", func(t *testing.T) {
		ex, err := read(t, []byte("\uFEFF\"\n\",A : Success,B : Access,C : Success\n1 : Paper one,1,0,2\n2 : Paper two,0,0,0\n,1,1,1\n"))
		require.NoError(t, err)
		tb := ex.Table
		assert.Equal(t, []nvivo.Label{
			{Text: "A : Success", Index: "A", Name: "Success", Key: "Success"},
			{Text: "B : Access", Index: "B", Name: "Access", Key: "Access"},
			{Text: "C : Success", Index: "C", Name: "Success", Key: "Success (C)"},
		}, tb.Columns)
		require.Len(t, tb.Rows, 2)
		assert.Equal(t, nvivo.Label{Text: "1 : Paper one", Index: "1", Name: "Paper one", Key: "Paper one"}, tb.Rows[0].Label)
		assert.Equal(t, nvivo.TableCell{Text: "2", Number: 2, IsNumber: true}, tb.Rows[0].Cells[2])
		assert.Equal(t, 2, tb.Column("Success (C)"))
		assert.Equal(t, 1, warningCodes(ex.Warnings)[nvivo.WarnRowSkipped], "the row without a label")
		assert.Nil(t, tb.Items())
	})
	t.Run("framework", func(t *testing.T) {
		ex, err := read(t, book(t, "Sheet1", []string{"", "A : Issues", "B : Heavy"}, []any{"1 : 1", "\n", "so heavy\n"}))
		require.NoError(t, err)
		assert.Equal(t, "", ex.Table.Rows[0].Cells[0].Text)
		assert.Equal(t, "so heavy", ex.Table.Rows[0].Cells[1].Text)
	})
	t.Run("list", func(t *testing.T) {
		ex, err := read(t, book(t, "Sheet1", []string{"", "Name", "Files", "References", "Created On", "Created By", "Modified On", "Modified By", "Classification", ""},
			[]any{nil, "P01", 3, 12, time.Date(2020, 1, 2, 3, 4, 0, 0, time.UTC), "AB", "1/5/2020 9:00 AM", "CD", "Person", nil},
			[]any{nil, "P01", 1, 1, nil, nil, nil, nil, "Person", nil}))
		require.NoError(t, err)
		tb := ex.Table
		assert.Equal(t, "cases", tb.ListOf)
		assert.Len(t, tb.Columns, 7, "blank icon columns without values are dropped")
		items := tb.Items()
		require.Len(t, items, 2)
		assert.Equal(t, nvivo.Item{Row: 2, Name: "P01", Key: "P01", Files: 3, References: 12,
			Created: time.Date(2020, 1, 2, 3, 4, 0, 0, time.UTC), CreatedBy: "AB",
			Modified: time.Date(2020, 1, 5, 9, 0, 0, 0, time.UTC), ModifiedBy: "CD", Classification: "Person"}, items[0])
		assert.Equal(t, "P01 (2)", items[1].Key, "duplicate names kept apart")
	})
}

func TestLegacyXLSMessage(t *testing.T) {
	_, err := read(t, []byte("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1"))
	require.Error(t, err)
	assert.True(t, errors.Is(err, xlsx.ErrLegacyXLS))
	assert.Contains(t, err.Error(), "open the file in Excel or LibreOffice and save it as .xlsx")
}

func TestSplitName(t *testing.T) {
	tests := []struct {
		in            string
		folders, path []string
	}{
		{`Nodes\\Errors\False Hit`, []string{"Nodes"}, []string{"Errors", "False Hit"}},
		{`Files\\BWOH\\BWOH_Craft`, []string{"Files", "BWOH"}, []string{"BWOH_Craft"}},
		{`Issues\Heavy`, nil, []string{"Issues", "Heavy"}},
		{`Plain`, nil, []string{"Plain"}},
		{` a \\ b \ c `, []string{"a"}, []string{"b", "c"}},
		{``, nil, nil},
	}
	for _, tt := range tests {
		f, p := nvivo.SplitName(tt.in)
		assert.Equal(t, tt.folders, f, tt.in)
		assert.Equal(t, tt.path, p, tt.in)
		if len(p) > 0 {
			f2, p2 := nvivo.SplitName(nvivo.JoinName(f, p))
			assert.Equal(t, f, f2)
			assert.Equal(t, p, p2)
		}
	}
}

// TestReadClassificationDuplicateColumns: columns of the same name stay
// apart, under distinct names, with a warning naming the sheet and the
// columns; the Builder makes a variable of each.
func TestReadClassificationDuplicateColumns(t *testing.T) {
	tests := []struct {
		name      string
		data      []byte
		wantAttrs []string
		wantTypes []nvivo.AttributeType
		wantP1    []string // lexical values of the first case
		wantWarn  []string // in the duplicate-column warnings, in order
	}{
		{
			name:      "two Age columns in a workbook",
			data:      book(t, "People", []string{"People", "Age", "Role", "Age"}, []any{"P1", 34, "Nurse", "thirty-four"}, []any{"P2", 51, "GP", "Unassigned"}),
			wantAttrs: []string{"Age", "Role", "Age (2)"},
			wantTypes: []nvivo.AttributeType{nvivo.AttrInteger, nvivo.AttrText, nvivo.AttrText},
			wantP1:    []string{"34", "Nurse", "thirty-four"},
			wantWarn:  []string{`sheet "People" has two attribute columns named "Age" (B and D): column D is read as the attribute "Age (2)"`},
		},
		{
			name:      "case-insensitive, and a name already taken, in CSV",
			data:      []byte("People,Age,age,Age (2),AGE\nP1,1,2,3,4\n"),
			wantAttrs: []string{"Age", "age (3)", "Age (2)", "AGE (4)"},
			wantTypes: []nvivo.AttributeType{nvivo.AttrInteger, nvivo.AttrInteger, nvivo.AttrInteger, nvivo.AttrInteger},
			wantP1:    []string{"1", "2", "3", "4"},
			wantWarn: []string{`the sheet has two attribute columns named "age" (B and C): column C is read as the attribute "age (3)"`,
				`the sheet has two attribute columns named "AGE" (B and E): column E is read as the attribute "AGE (4)"`},
		},
		{
			name:      "no duplicates",
			data:      []byte("People\tAge\tRole\nP1\t1\tx\n"),
			wantAttrs: []string{"Age", "Role"},
			wantTypes: []nvivo.AttributeType{nvivo.AttrInteger, nvivo.AttrText},
			wantP1:    []string{"1", "x"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ex, err := (&nvivo.Reader{Name: "people"}).Read(bytes.NewReader(tt.data))
			require.NoError(t, err)
			require.Equal(t, nvivo.KindClassification, ex.Kind)
			cl := ex.Classification
			var names, headers []string
			var types []nvivo.AttributeType
			for _, a := range cl.Attributes {
				names = append(names, a.Name)
				headers = append(headers, a.Header)
				types = append(types, a.Type)
			}
			assert.Equal(t, tt.wantAttrs, names)
			assert.Equal(t, tt.wantTypes, types)
			for i, h := range headers {
				assert.True(t, strings.HasPrefix(names[i], h), "header %q, name %q", h, names[i])
			}
			var p1 []string
			for _, v := range cl.Rows[0].Values {
				p1 = append(p1, v.Lexical)
			}
			assert.Equal(t, tt.wantP1, p1)
			var warns []string
			for _, w := range ex.Warnings {
				if w.Code == nvivo.WarnDuplicateColumn {
					warns = append(warns, w.Message)
				}
			}
			require.Len(t, warns, len(tt.wantWarn))
			for i, w := range tt.wantWarn {
				assert.Contains(t, warns[i], w)
			}

			// the Builder keeps the columns apart: one variable each, no
			// warning about types that differ
			b := &nvivo.Builder{}
			b.Add(ex)
			res, err := b.Build()
			require.NoError(t, err)
			require.Len(t, res.Project.Variables, len(tt.wantAttrs))
			for j, v := range res.Project.Variables {
				assert.Equal(t, "People:"+tt.wantAttrs[j], v.Name)
				assert.Equal(t, tt.wantTypes[j].VariableType(), v.Type, v.Name)
			}
			parts := res.Project.Participants()
			for j, a := range tt.wantAttrs {
				v, ok := parts[0].Attribute("People:" + a)
				require.True(t, ok, a)
				assert.Equal(t, tt.wantP1[j], v.Raw, a)
			}
			for _, w := range res.Report.Warnings {
				assert.NotContains(t, w.Message, "its values are kept as text", "no type clash between the columns")
			}
		})
	}
}
