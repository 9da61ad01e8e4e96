package workbook

import (
	"bytes"
	"encoding/csv"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/qdabridge/qdabridge/internal/sample"
	"github.com/qdabridge/qdabridge/refi"
	"github.com/qdabridge/qdabridge/xlsx"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/xuri/excelize/v2"
)

func sampleDoc(t testing.TB) *refi.Document {
	t.Helper()
	doc, err := refi.ReadQDPX(bytes.NewReader(sample.QDPX), int64(len(sample.QDPX)))
	require.NoError(t, err)
	return doc
}

func writeWorkbook(t testing.TB, doc *refi.Document) []byte {
	t.Helper()
	var buf bytes.Buffer
	_, err := Write(&buf, doc)
	require.NoError(t, err)
	return buf.Bytes()
}

// TestLossless: project → workbook → project finds no difference, for the
// sample and for the fixture holding every element of the schema.
func TestLossless(t *testing.T) {
	full, err := refi.Open("../../refi/testdata/qde/full.qde")
	require.NoError(t, err)
	ext, err := refi.Open("../../refi/testdata/qde/extensions.qde")
	require.NoError(t, err)
	for name, doc := range map[string]*refi.Document{"sample": sampleDoc(t), "full": full, "extensions": ext} {
		t.Run(name, func(t *testing.T) {
			res, err := Read(bytes.NewReader(writeWorkbook(t, doc)))
			require.NoError(t, err)
			assert.Empty(t, res.Edits)
			assert.Empty(t, res.Problems)
			assert.Empty(t, refi.Diff(doc.Project, res.Document.Project))
			// the texts travel too: the excerpts read from the workbook are the same
			var a, b []string
			for e := range doc.Excerpts(refi.ExcerptOptions{}) {
				a = append(a, e.Text)
			}
			for e := range res.Document.Excerpts(refi.ExcerptOptions{}) {
				b = append(b, e.Text)
			}
			assert.Equal(t, a, b)
		})
	}
}

func TestSheets(t *testing.T) {
	data := writeWorkbook(t, sampleDoc(t))
	wb, err := (&xlsx.Reader{}).Read(bytes.NewReader(data))
	require.NoError(t, err)
	var names []string
	for _, s := range wb.Sheets {
		names = append(names, s.Name)
	}
	assert.Equal(t, []string{SheetExcerpts, SheetCodes, SheetParticipants, SheetSources, sheetData}, names)
	ex := wb.Sheet(SheetExcerpts)
	assert.Equal(t, "Source", ex.Header[0].Name)
	first := ex.Rows[0]
	assert.Equal(t, "Interview P01 - patient", first.Get("Source").Value)
	assert.Equal(t, "P01 Zoë (patient)", first.Get("Participants").Value)
	assert.Equal(t, "I didn't know it was called that, to be honest.", first.Get("Text").Value)
	assert.Equal(t, "Understandings of social prescribing > Awareness among patients", first.Get("Codes").Value)
	pt := wb.Sheet(SheetParticipants)
	assert.Equal(t, []string{"Name", "Description", "Cases:Role", "Cases:Practice", "Cases:Age band", "Cases:Years in role", "Cases:Consented to follow-up", "Sources", "GUID"}, headerNames(pt))
	gp := findRow(t, pt, "Name", "P03 Siobhán (GP)")
	assert.Equal(t, xlsx.TypeNumber, gp.Get("Cases:Years in role").Type)
	assert.Equal(t, xlsx.TypeBool, gp.Get("Cases:Consented to follow-up").Type)

	f, err := excelize.OpenReader(bytes.NewReader(data))
	require.NoError(t, err)
	defer f.Close()
	visible, err := f.GetSheetVisible(sheetData)
	require.NoError(t, err)
	assert.False(t, visible, "the data sheet is hidden")
}

func headerNames(s *xlsx.Sheet) []string {
	var out []string
	for _, c := range s.Header {
		out = append(out, c.Name)
	}
	return out
}

func findRow(t testing.TB, s *xlsx.Sheet, col, value string) xlsx.Row {
	t.Helper()
	for _, r := range s.Rows {
		if r.Get(col).Value == value {
			return r
		}
	}
	t.Fatalf("no row with %s = %q in %s", col, value, s.Name)
	return xlsx.Row{}
}

// edit opens a written workbook as a spreadsheet application would and
// lets fn change it.
func edit(t testing.TB, data []byte, fn func(f *excelize.File)) []byte {
	t.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(data))
	require.NoError(t, err)
	fn(f)
	var buf bytes.Buffer
	require.NoError(t, f.Write(&buf))
	require.NoError(t, f.Close())
	return buf.Bytes()
}

// rowOf finds the row number of the first row whose column holds value.
func rowOf(t testing.TB, f *excelize.File, sheet, col, value string) int {
	t.Helper()
	rows, err := f.GetRows(sheet)
	require.NoError(t, err)
	ci := -1
	for i, h := range rows[0] {
		if h == col {
			ci = i
		}
	}
	require.GreaterOrEqual(t, ci, 0, "column %s", col)
	for i, r := range rows {
		if ci < len(r) && r[ci] == value {
			return i + 1
		}
	}
	t.Fatalf("no %q in %s!%s", value, sheet, col)
	return 0
}

func cellRef(t testing.TB, f *excelize.File, sheet, col string, row int) string {
	t.Helper()
	rows, err := f.GetRows(sheet)
	require.NoError(t, err)
	for i, h := range rows[0] {
		if h == col {
			name, err := excelize.CoordinatesToCellName(i+1, row)
			require.NoError(t, err)
			return name
		}
	}
	t.Fatalf("no column %s in %s", col, sheet)
	return ""
}

// TestResearcherEdits edits a workbook the way a researcher would and
// checks the project read back.
func TestResearcherEdits(t *testing.T) {
	doc := sampleDoc(t)
	data := writeWorkbook(t, doc)
	const (
		boundary = "Not cured, different."
		kitchen  = "He stayed nearly an hour. Nobody had sat in my kitchen for an hour since the funeral."
	)
	edited := edit(t, data, func(f *excelize.File) {
		set := func(sheet, col string, row int, v any) {
			require.NoError(t, f.SetCellValue(sheet, cellRef(t, f, sheet, col, row), v))
		}
		// rename a code and move another under a new parent
		r := rowOf(t, f, SheetCodes, "Code", "Unrealistic expectations")
		set(SheetCodes, "Code", r, "Unrealistic expectations of the service")
		r = rowOf(t, f, SheetCodes, "Code", "Capacity and waiting lists")
		set(SheetCodes, "Code", r, "Service pressures > Capacity and waiting lists")
		// add a code
		rows, _ := f.GetRows(SheetCodes)
		set(SheetCodes, "Code", len(rows)+1, "Perceived value > Financial help")
		set(SheetCodes, "Description", len(rows)+1, "Help with benefits and debts")
		// change an attribute
		r = rowOf(t, f, SheetParticipants, "Name", "P03 Siobhán (GP)")
		set(SheetParticipants, "Cases:Years in role", r, 15)
		set(SheetParticipants, "Cases:Practice", r, "Riverside Surgery (Bridge St)")
		// a participant typed twice
		rows, _ = f.GetRows(SheetParticipants)
		set(SheetParticipants, "Name", len(rows)+1, "P01 Zoë (patient)")
		// recode an excerpt: drop one code, add another
		r = rowOf(t, f, SheetExcerpts, "Text", kitchen)
		set(SheetExcerpts, "Codes", r, "Loneliness and isolation\nPerceived value > Wellbeing outcomes > Social connection\nNo such > code")
		set(SheetExcerpts, "Memo", r, "The key moment of the interview.")
		// change a text (cannot be applied)
		r = rowOf(t, f, SheetExcerpts, "Text", "I didn't know it was called that, to be honest.")
		set(SheetExcerpts, "Text", r, "I didn't know it was called that.")
		// delete an excerpt
		r = rowOf(t, f, SheetExcerpts, "Text", boundary)
		require.NoError(t, f.RemoveRow(SheetExcerpts, r))
		// add an excerpt by its text
		rows, _ = f.GetRows(SheetExcerpts)
		n := len(rows) + 1
		set(SheetExcerpts, "Source", n, "Interview P01 - patient")
		set(SheetExcerpts, "Text", n, "I got as far as the gate and went home again.")
		set(SheetExcerpts, "Codes", n, "Perceived value > Financial help")
	})
	res, err := Read(bytes.NewReader(edited))
	require.NoError(t, err)
	p := res.Document.Project
	for _, e := range res.Edits {
		t.Log("edit:", e)
	}
	for _, e := range res.Problems {
		t.Log("problem:", e)
	}

	codes := map[string]refi.CodeInfo{}
	for _, c := range p.CodeInfos() {
		codes[refi.JoinPath(c.Path)] = c
	}
	assert.Contains(t, codes, "Unrealistic expectations of the service")
	assert.NotContains(t, codes, "Unrealistic expectations")
	assert.Contains(t, codes, "Service pressures > Capacity and waiting lists")
	assert.Contains(t, codes, "Service pressures", "the new parent was created")
	assert.Equal(t, "Help with benefits and debts", codes["Perceived value > Financial help"].Description)
	assert.Equal(t, 1, codes["Perceived value > Financial help"].Excerpts, "coded once, on the added excerpt")
	assert.Equal(t, 8, codes["Service pressures > Capacity and waiting lists"].Excerpts+2, "moved with its codings")

	var gp refi.Participant
	for _, pt := range p.Participants() {
		if pt.Name == "P03 Siobhán (GP)" {
			gp = pt
		}
	}
	years, _ := gp.Attribute("Cases:Years in role")
	practice, _ := gp.Attribute("Cases:Practice")
	assert.Equal(t, int64(15), years.Int)
	assert.Equal(t, "Riverside Surgery (Bridge St)", practice.Text)
	assert.Len(t, p.Participants(), 7, "the duplicate row was not added")

	var kitchenExcerpt, added *refi.Excerpt
	deletedFound := false
	for e := range res.Document.Excerpts(refi.ExcerptOptions{}) {
		switch e.Text {
		case kitchen:
			kitchenExcerpt = e
		case "I got as far as the gate and went home again.":
			added = e
		case boundary:
			deletedFound = true
		}
	}
	require.NotNil(t, kitchenExcerpt)
	assert.ElementsMatch(t, []string{"Loneliness and isolation", "Perceived value > Wellbeing outcomes > Social connection"}, kitchenExcerpt.CodePaths())
	assert.Equal(t, "The key moment of the interview.", kitchenExcerpt.Memo)
	require.NotNil(t, added)
	assert.Equal(t, []string{"Perceived value > Financial help"}, added.CodePaths())
	assert.Equal(t, []refi.Ref{{GUID: added.Participants[0].GUID, Name: "P01 Zoë (patient)"}}, added.Participants)
	assert.False(t, deletedFound, "the deleted excerpt is gone")

	var problems []string
	for _, pr := range res.Problems {
		problems = append(problems, pr.Error())
	}
	joined := strings.Join(problems, "\n")
	assert.Contains(t, joined, `sheet "Excerpts" row`)
	assert.Contains(t, joined, `(Codes): code "No such > code" does not exist`)
	assert.Contains(t, joined, `(Text): the text no longer matches its source`)
	assert.Contains(t, joined, `sheet "Participants" row 9 column A (Name): participant "P01 Zoë (patient)" is typed twice`)
	assert.Len(t, res.Problems, 3, joined)
	assert.NotEmpty(t, res.Edits)

	// the edited project is still a valid, complete project
	var out bytes.Buffer
	_, err = (&refi.Writer{}).Write(&out, res.Document, refi.FormatQDPX)
	require.NoError(t, err)
	again, err := refi.ReadQDPX(bytes.NewReader(out.Bytes()), int64(out.Len()))
	require.NoError(t, err)
	qde, err := again.Open("project.qde")
	require.NoError(t, err)
	assert.NoError(t, refi.ValidateProjectXML(qde))
	qde.Close()
	assert.Equal(t, "utf16", again.Project.Positions.String())
}

func TestFormulasStayText(t *testing.T) {
	p := &refi.Project{Name: "x", Codes: []*refi.Code{{GUID: "0a0a0a0a-0000-4000-8000-000000000001", Name: "=HYPERLINK(\"http://evil\")", IsCodable: true}},
		Cases: []*refi.Case{{GUID: "0a0a0a0a-0000-4000-8000-000000000002", Name: "+44 7700 900000"}}}
	data := writeWorkbook(t, refi.NewDocument(p, nil))
	f, err := excelize.OpenReader(bytes.NewReader(data))
	require.NoError(t, err)
	defer f.Close()
	formula, err := f.GetCellFormula(SheetCodes, "A2")
	require.NoError(t, err)
	assert.Empty(t, formula)
	v, err := f.GetCellValue(SheetCodes, "A2")
	require.NoError(t, err)
	assert.Equal(t, "=HYPERLINK(\"http://evil\")", v)
	res, err := Read(bytes.NewReader(data))
	require.NoError(t, err)
	assert.Empty(t, res.Edits)
	assert.Empty(t, refi.Diff(p, res.Document.Project))
}

func TestNotAWorkbook(t *testing.T) {
	var buf bytes.Buffer
	w := xlsx.NewWriter(&buf)
	s, err := w.AddSheet("Sheet1", []string{"a"})
	require.NoError(t, err)
	require.NoError(t, s.WriteRow("x"))
	require.NoError(t, w.Close())
	_, err = Read(bytes.NewReader(buf.Bytes()))
	assert.ErrorIs(t, err, ErrNotWorkbook)
	_, err = Read(strings.NewReader("not a spreadsheet"))
	assert.ErrorIs(t, err, xlsx.ErrNotXLSX)
}

// TestLibreOffice opens the workbook in LibreOffice (headless) and checks
// the sheets and a few cells of what it reads. .ci/run installs
// libreoffice-calc-nogui; without it the test skips.
func TestLibreOffice(t *testing.T) {
	soffice, err := exec.LookPath("soffice")
	if err != nil {
		t.Skip("LibreOffice (soffice) is not installed: the workbook was not opened in a spreadsheet application")
	}
	dir := t.TempDir()
	path := filepath.Join(dir, "sample.xlsx")
	require.NoError(t, os.WriteFile(path, writeWorkbook(t, sampleDoc(t)), 0o644))
	cmd := exec.Command(soffice, "--headless", "--norestore", "-env:UserInstallation=file://"+filepath.Join(dir, "profile"),
		"--convert-to", "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1", "--outdir", dir, path)
	out, err := cmd.CombinedOutput()
	require.NoError(t, err, "%s", out)
	read := func(sheet string) [][]string {
		f, err := os.Open(filepath.Join(dir, "sample-"+sheet+".csv"))
		require.NoError(t, err, "LibreOffice wrote no %s sheet: %s", sheet, out)
		defer f.Close()
		recs, err := csv.NewReader(f).ReadAll()
		require.NoError(t, err)
		return recs
	}
	codes := read(SheetCodes)
	assert.Equal(t, "Code", codes[0][0])
	assert.Equal(t, "Understandings of social prescribing", codes[1][0])
	assert.Equal(t, "TRUE", codes[1][3])
	assert.Len(t, codes, 22)
	ex := read(SheetExcerpts)
	assert.Equal(t, "I didn't know it was called that, to be honest.", ex[1][4])
	assert.Equal(t, "285", ex[1][2])
	pt := read(SheetParticipants)
	assert.Equal(t, "P01 Zoë (patient)", pt[1][0])
	read(SheetSources)
}

// TestWriteReport: the report of a write accounts for the project and its
// source files, and lists what writing the hidden project changed.
func TestWriteReport(t *testing.T) {
	doc := sampleDoc(t)
	files := len(doc.SourceFiles())
	require.Positive(t, files)
	tests := []struct {
		name    string
		w       Writer
		kept    int // source files carried in the hidden sheet
		dropped int
	}{
		{"with texts", Writer{}, len(doc.Project.PlainTextPaths()), files - len(doc.Project.PlainTextPaths())},
		{"NoTexts", Writer{NoTexts: true}, 0, files},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var buf bytes.Buffer
			rep, err := tt.w.Write(&buf, doc)
			require.NoError(t, err)
			require.NotNil(t, rep)
			require.NotNil(t, rep.Ledger)
			require.NoError(t, rep.Ledger.Check())
			row := rep.Ledger.Row(refi.ItemSourceFiles)
			assert.Equal(t, tt.kept, row.Counts[refi.Kept])
			assert.Equal(t, tt.dropped, row.Counts[refi.Dropped])
			assert.Nil(t, rep.Changes, "the sample is written as held")

			path := filepath.Join(t.TempDir(), "out.xlsx")
			frep, err := tt.w.WriteFile(path, doc)
			require.NoError(t, err)
			assert.Equal(t, rep, frep, "WriteFile reports what Write reports")
		})
	}

	// A project built in Go without GUIDs is given them in the hidden
	// sheet: the report says so.
	p := &refi.Project{Name: "built", Codes: []*refi.Code{{Name: "A code", IsCodable: true}}}
	rep, err := Write(io.Discard, refi.NewDocument(p, nil))
	require.NoError(t, err)
	require.NotEmpty(t, rep.Changes)
	assert.Equal(t, refi.ChangeEmptyGUID, rep.Changes[0].Code)

	// Nothing written, nothing to report.
	rep, err = Write(io.Discard, &refi.Document{})
	require.Error(t, err)
	assert.Nil(t, rep)
}

// TestWriterConcurrent writes two documents at once, twice each, with one
// Writer (run it with -race): every write gives the sheets and the report
// it gives alone.
func TestWriterConcurrent(t *testing.T) {
	full, err := refi.Open("../../refi/testdata/qde/full.qde")
	require.NoError(t, err)
	docs := []*refi.Document{sampleDoc(t), full}
	w := &Writer{TempDir: t.TempDir()}
	type outcome struct {
		data []byte
		rep  *refi.Report
		err  error
	}
	write := func(doc *refi.Document) outcome {
		var buf bytes.Buffer
		rep, err := w.Write(&buf, doc)
		return outcome{buf.Bytes(), rep, err}
	}
	alone := make([]outcome, len(docs))
	for i, doc := range docs {
		alone[i] = write(doc)
		require.NoError(t, alone[i].err)
	}
	const rounds = 2
	got := make([]outcome, rounds*len(docs))
	start := make(chan struct{})
	var wg sync.WaitGroup
	for i := range got {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			got[i] = write(docs[i%len(docs)])
		}()
	}
	close(start)
	wg.Wait()
	for i, g := range got {
		want := alone[i%len(docs)]
		require.NoError(t, g.err)
		assert.Equal(t, want.rep, g.rep, "write %d: report", i)
		res, err := Read(bytes.NewReader(g.data))
		require.NoError(t, err)
		assert.Empty(t, res.Edits)
		assert.Empty(t, refi.Diff(docs[i%len(docs)].Project, res.Document.Project), "write %d: project", i)
		// the same sheets, row for row (the files differ in their time stamps)
		rd := xlsx.Reader{Raw: true}
		wantBook, err := rd.Read(bytes.NewReader(want.data))
		require.NoError(t, err)
		gotBook, err := rd.Read(bytes.NewReader(g.data))
		require.NoError(t, err)
		assert.Equal(t, wantBook, gotBook, "write %d: sheets", i)
	}
}
