package xlsx

import (
	"bytes"
	"errors"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/xuri/excelize/v2"
)

func TestReadHeaderKeys(t *testing.T) {
	data := buildXLSX(t, func(f *excelize.File) {
		require.NoError(t, f.SetSheetRow("Sheet1", "A1", &[]any{
			"Hierarchical Name", "Code Type", "", "Hierarchical Name", " Name ", "name", "col3", "Hierarchical Name",
		}))
		require.NoError(t, f.SetSheetRow("Sheet1", "A2", &[]any{"Nodes\\\\Errors", "Node", nil, "Files\\\\BWOH\\\\x", "n1", "n2", "c3", "third"}))
		// A row longer than the header, and one shorter.
		require.NoError(t, f.SetCellValue("Sheet1", "J3", "extra"))
		require.NoError(t, f.SetCellValue("Sheet1", "A4", "short"))
	})
	wb := readBytes(t, nil, data)
	require.Len(t, wb.Sheets, 1)
	s := wb.Sheets[0]
	assert.Equal(t, []string{
		"Hierarchical Name", "Code Type", "col3", "Hierarchical Name (2)", "Name", "name (2)", "col3 (2)", "Hierarchical Name (3)",
	}, keys(s))
	assert.Equal(t, " Name ", s.Header[4].Name, "Name is the header text as read")
	assert.Equal(t, "", s.Header[2].Name)
	for i, c := range s.Header {
		assert.Equal(t, i, c.Index)
	}

	require.Len(t, s.Rows, 3)
	r := s.Rows[0]
	assert.Equal(t, 2, r.Num)
	assert.Equal(t, "Nodes\\\\Errors", r.Get("Hierarchical Name").Value)
	assert.Equal(t, "Files\\\\BWOH\\\\x", r.Get("hierarchical name (2)").Value, "keys match case-insensitively")
	assert.Equal(t, "third", r.Get("Hierarchical Name (3)").Value)
	assert.Equal(t, "n2", r.Get("name (2)").Value)
	assert.True(t, r.Get("col3").IsEmpty())
	_, ok := r.Lookup("no such column")
	assert.False(t, ok)
	assert.Equal(t, Cell{}, r.Get("no such column"))
	assert.Equal(t, Cell{}, r.Cell(99))

	// Rows are padded to the header; longer rows keep their extra cells.
	assert.Len(t, s.Rows[1].Cells, 10)
	assert.Equal(t, "extra", s.Rows[1].Get("col10").Value)
	assert.Equal(t, "col9", s.ColumnAt(8).Key)
	assert.Equal(t, "col10", s.ColumnAt(9).Key)
	assert.Equal(t, "col12", s.ColumnAt(11).Key)
	assert.Len(t, s.Rows[2].Cells, 8)
	assert.Equal(t, "short", s.Rows[2].Cell(0).Value)

	col, ok := s.Column("Sources", "hierarchical name")
	require.True(t, ok)
	assert.Equal(t, 0, col.Index)
	col, ok = s.Column("Hierarchical Name (2)")
	require.True(t, ok)
	assert.Equal(t, 3, col.Index)
	_, ok = s.Column("", "col10") // extra columns are not header columns
	assert.False(t, ok)

	_, err := s.RequireColumn("Coded Text", "Text")
	require.ErrorIs(t, err, ErrMissingColumn)
	var ce *CellError
	require.ErrorAs(t, err, &ce)
	assert.Equal(t, `xlsx: sheet "Sheet1" row 1: missing column (one of "Coded Text", "Text")`, err.Error())
}

// TestReadDisplayedVersusRaw pins the default: Value is as displayed; Raw
// is as stored; Reader.Raw switches Value to the stored value.
func TestReadDisplayedVersusRaw(t *testing.T) {
	tenth, fifth := 0.1, 0.2
	data := buildXLSX(t, func(f *excelize.File) {
		dateFmt := "m/d/yyyy h:mm AM/PM"
		dateStyle, err := f.NewStyle(&excelize.Style{CustomNumFmt: &dateFmt})
		require.NoError(t, err)
		pctStyle, err := f.NewStyle(&excelize.Style{NumFmt: 10}) // 0.00%
		require.NoError(t, err)
		require.NoError(t, f.SetSheetRow("Sheet1", "A1", &[]any{"Name", "Modified On", "Coverage", "Aggregate", "Count"}))
		require.NoError(t, f.SetSheetRow("Sheet1", "A2", &[]any{"BWOH_Craft_Juanita", 44257.0421805556, 0.00269137802381423, true, tenth + fifth}))
		require.NoError(t, f.SetCellStyle("Sheet1", "B2", "B2", dateStyle))
		require.NoError(t, f.SetCellStyle("Sheet1", "C2", "C2", pctStyle))
	})
	tests := []struct {
		name   string
		raw    bool
		values []string
	}{
		{"default is displayed", false, []string{"BWOH_Craft_Juanita", "3/2/2021 1:00 AM", "0.27%", "TRUE", "0.3"}},
		{"raw", true, []string{"BWOH_Craft_Juanita", "44257.0421805556", "0.00269137802381423", "1", "0.30000000000000004"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			wb := readBytes(t, &Reader{Raw: tt.raw}, data)
			row := wb.Sheets[0].Rows[0]
			assert.Equal(t, tt.values, values(row))

			// Raw, types and conversions do not depend on the option.
			date := row.Get("Modified On")
			assert.Equal(t, "44257.0421805556", date.Raw)
			assert.Equal(t, TypeDate, date.Type)
			tm, err := date.Time()
			require.NoError(t, err)
			assert.Equal(t, time.Date(2021, 3, 2, 1, 0, 44, 400_000_000, time.UTC), tm)

			cov := row.Get("Coverage")
			assert.Equal(t, "0.00269137802381423", cov.Raw)
			assert.Equal(t, TypeNumber, cov.Type)
			f, err := cov.Float()
			require.NoError(t, err)
			assert.InDelta(t, 0.00269137802381423, f, 1e-18)

			agg := row.Get("Aggregate")
			assert.Equal(t, TypeBool, agg.Type)
			b, err := agg.Bool()
			require.NoError(t, err)
			assert.True(t, b)
		})
	}
}

func TestReadMerged(t *testing.T) {
	data := buildXLSX(t, func(f *excelize.File) {
		require.NoError(t, f.SetSheetRow("Sheet1", "A1", &[]any{"Group", nil, "Other"}))
		require.NoError(t, f.MergeCell("Sheet1", "A1", "B1"))
		require.NoError(t, f.SetCellValue("Sheet1", "A2", "M"))
		require.NoError(t, f.SetCellValue("Sheet1", "C2", "c2"))
		require.NoError(t, f.MergeCell("Sheet1", "B3", "A2")) // given reversed
		require.NoError(t, f.SetCellValue("Sheet1", "C4", "c4"))
	})
	t.Run("as stored", func(t *testing.T) {
		s := readBytes(t, nil, data).Sheets[0]
		assert.ElementsMatch(t, []string{"A1:B1", "A2:B3"}, s.Merged)
		assert.Equal(t, []string{"Group", "col2", "Other"}, keys(s))
		require.Len(t, s.Rows, 2)
		assert.Equal(t, []string{"M", "", "c2"}, values(s.Rows[0]))
		assert.Equal(t, 4, s.Rows[1].Num, "row 3 holds nothing and is left out")
	})
	t.Run("filled", func(t *testing.T) {
		s := readBytes(t, &Reader{FillMerged: true}, data).Sheets[0]
		assert.ElementsMatch(t, []string{"A1:B1", "A2:B3"}, s.Merged)
		assert.Equal(t, []string{"Group", "Group (2)", "Other"}, keys(s))
		require.Len(t, s.Rows, 3)
		assert.Equal(t, []string{"M", "M", "c2"}, values(s.Rows[0]))
		assert.Equal(t, 3, s.Rows[1].Num)
		assert.Equal(t, []string{"M", "M", ""}, values(s.Rows[1]))
		assert.Equal(t, []string{"", "", "c4"}, values(s.Rows[2]))
	})
	t.Run("fill within MaxCells", func(t *testing.T) {
		big := handXLSX(t, nil, "", rawSheet{"S", `<row r="1"><c r="A1" t="inlineStr"><is><t>x</t></is></c></row>`, `<mergeCells><mergeCell ref="A1:XFD1048576"/></mergeCells>`})
		_, err := (&Reader{FillMerged: true}).Read(bytes.NewReader(big))
		require.ErrorIs(t, err, ErrTooLarge)
		wb := readBytes(t, nil, big) // not filled: fine
		assert.Equal(t, []string{"A1:XFD1048576"}, wb.Sheets[0].Merged)
	})
}

func TestReadCellKinds(t *testing.T) {
	styles := `<numFmts count="1"><numFmt numFmtId="164" formatCode="yyyy-mm-dd"/></numFmts>` +
		`<cellXfs count="3"><xf numFmtId="0"/><xf numFmtId="164"/><xf numFmtId="10"/></cellXfs>`
	sst := []string{"Name", "shared", `<si><r><t>rich </t></r><r><t>text</t></r><rPh><t>phonetic</t></rPh></si>`, "lit_x005F_x0001_eral", "ctl_x0001_char"}
	data := handXLSX(t, sst, styles, rawSheet{name: "Kinds", data: `<row r="1"><c r="A1" t="s"><v>0</v></c></row>` +
		`<row r="2">` +
		`<c r="A2" t="s"><v>1</v></c>` +
		`<c r="B2" t="s"><v>2</v></c>` +
		`<c r="C2" t="inlineStr"><is><t>inline &amp; &lt;b&gt;</t></is></c>` +
		`<c r="D2"><f>1+2</f><v>3</v></c>` +
		`<c r="E2" t="str"><f>"x"&amp;"y"</f><v>xy</v></c>` +
		`<c r="F2" t="e"><f>1/0</f><v>#DIV/0!</v></c>` +
		`<c r="G2" t="b"><v>0</v></c>` +
		`<c r="H2" s="1"><v>43663</v></c>` +
		`<c r="I2" s="2"><v>0.5</v></c>` +
		`<c r="J2" t="d"><v>2019-07-17T19:55:35Z</v></c>` +
		`<c r="K2"><f>NOW()</f></c>` +
		`<c r="L2" t="s"><v>3</v></c>` +
		`<c r="M2" t="s"><v>4</v></c>` +
		`<c r="N2"><v>not a number</v></c>` +
		`<c r="O2" s="1"/>` +
		`</row>` +
		`<row r="3"><c r="A3"><f t="shared" ref="A3:A5" si="0">D2*2</f><v>6</v></c></row>` +
		`<row r="4"><c r="A4"><f t="shared" si="0"/><v>0</v></c></row>` +
		`<row r="5"><c r="A5"><f t="shared" si="0"/></c></row>`})
	s := readBytes(t, nil, data).Sheet("kinds")
	require.NotNil(t, s)
	require.Len(t, s.Rows, 4)
	r := s.Rows[0]
	want := []struct {
		value, raw, formula string
		typ                 CellType
	}{
		{"shared", "shared", "", TypeString},
		{"rich text", "rich text", "", TypeString},
		{"inline & <b>", "inline & <b>", "", TypeString},
		{"3", "3", "1+2", TypeNumber},
		{"xy", "xy", `"x"&"y"`, TypeString},
		{"#DIV/0!", "#DIV/0!", "1/0", TypeError},
		{"FALSE", "0", "", TypeBool},
		{"2019-07-17", "43663", "", TypeDate},
		{"50.00%", "0.5", "", TypeNumber},
		{"", "2019-07-17T19:55:35Z", "", TypeDate}, // see below
		{"", "", "NOW()", TypeEmpty},
		{"lit_x0001_eral", "lit_x0001_eral", "", TypeString},
		{"ctl\x01char", "ctl\x01char", "", TypeString},
		{"not a number", "not a number", "", TypeString},
	}
	require.Len(t, r.Cells, len(want), "the styled empty O2 is not a cell")
	for i, w := range want {
		c := r.Cells[i]
		name := s.ColumnAt(i).Key + " " + columnName(i+1)
		if i != 9 {
			assert.Equal(t, w.value, c.Value, name)
		}
		assert.Equal(t, w.raw, c.Raw, name)
		assert.Equal(t, w.formula, c.Formula, name)
		assert.Equal(t, w.typ, c.Type, name)
	}
	// An ISO date cell without a date format: excelize displays its serial.
	// Time works on the stored ISO text either way.
	tm, err := r.Cells[9].Time()
	require.NoError(t, err)
	assert.Equal(t, time.Date(2019, 7, 17, 19, 55, 35, 0, time.UTC), tm)

	// Shared formulas: the master has the text, the others get it from
	// excelize, translated to their row.
	assert.Equal(t, "D2*2", s.Rows[1].Cells[0].Formula)
	assert.Equal(t, "6", s.Rows[1].Cells[0].Value)
	assert.Equal(t, "D3*2", s.Rows[2].Cells[0].Formula)
	assert.Equal(t, 5, s.Rows[3].Num, "a formula without a cached value keeps its row")
	assert.Equal(t, "D4*2", s.Rows[3].Cells[0].Formula)
	assert.True(t, s.Rows[3].Cells[0].IsEmpty())
}

func TestReadBlankRowsAndCellsWithoutRefs(t *testing.T) {
	data := handXLSX(t, []string{"", "x"}, "", rawSheet{name: "S", data: `<row><c t="inlineStr"><is><t>A</t></is></c><c/><c t="inlineStr"><is><t>C</t></is></c></row>` +
		`<row><c><v>1</v></c><c><v>2</v></c></row>` + // row 2, cells A and B
		`<row r="5"><c r="B5" s="3"/></row>` + // styled only: blank
		`<row r="6"><c r="A6" t="s"><v>0</v></c></row>` + // empty string: blank
		`<row r="7"><c r="C7" t="s"><v>1</v></c></row>`})
	s := readBytes(t, nil, data).Sheets[0]
	assert.Equal(t, []string{"A", "col2", "C"}, keys(s))
	require.Len(t, s.Rows, 2)
	assert.Equal(t, 2, s.Rows[0].Num)
	assert.Equal(t, []string{"1", "2", ""}, values(s.Rows[0]))
	assert.Equal(t, 7, s.Rows[1].Num)
	assert.Equal(t, []string{"", "", "x"}, values(s.Rows[1]))
}

func TestReadNVivoStyleParts(t *testing.T) {
	// The quirks of NVivo's codebook export, reproduced: x: prefixes, byte
	// order marks, a stale dimension, a shared strings target given as an
	// absolute path, docProps/app.xml naming a different sheet, and a
	// blank last header cell written as an empty shared string.
	const x = `xmlns:x="` + nsMain + `" xmlns:r="` + nsRel + `"`
	var rows strings.Builder
	rows.WriteString(`<x:row r="1"><x:c r="A1" s="1" t="s"><x:v>0</x:v></x:c><x:c r="B1" s="1" t="s"><x:v>1</x:v></x:c><x:c r="C1" s="1" t="s"><x:v>2</x:v></x:c><x:c r="D1" s="1" t="s"><x:v>3</x:v></x:c></x:row>`)
	for i := 2; i <= 25; i++ {
		n := strconv.Itoa(i)
		rows.WriteString(`<x:row r="` + n + `"><x:c r="A` + n + `" t="s"><x:v>4</x:v></x:c><x:c r="B` + n + `" t="inlineStr"><x:is><x:t>Code ` + n + `</x:t></x:is></x:c><x:c r="D` + n + `" s="0"/></x:row>`)
	}
	data := zipParts(t,
		part{"[Content_Types].xml", `<?xml version="1.0" encoding="utf-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>`},
		part{"_rels/.rels", `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`},
		part{"xl/_rels/workbook.xml.rels", bom + `<?xml version="1.0" encoding="utf-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Type="` + relWS + `" Target="worksheets/sheet1.xml" Id="rId1" /><Relationship Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="/xl/sharedStrings.xml" Id="R577f" /></Relationships>`},
		part{"xl/workbook.xml", bom + `<?xml version="1.0" encoding="utf-8" standalone="yes"?><x:workbook ` + x + `><x:sheets><x:sheet name="Codebook" sheetId="1" r:id="rId1" /></x:sheets></x:workbook>`},
		part{"xl/worksheets/sheet1.xml", bom + `<?xml version="1.0" encoding="utf-8" standalone="yes"?><x:worksheet ` + x + `><x:dimension ref="A1" /><x:sheetData>` + rows.String() + `</x:sheetData></x:worksheet>`},
		part{"docProps/app.xml", `<?xml version="1.0" encoding="UTF-8"?><Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"><TitlesOfParts><vt:vector xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes" size="1" baseType="lpstr"><vt:lpstr>Sheet1</vt:lpstr></vt:vector></TitlesOfParts></Properties>`},
		part{"xl/sharedStrings.xml", bom + `<?xml version="1.0" encoding="utf-8"?><x:sst ` + x + `><x:si><x:t>Folder</x:t></x:si><x:si><x:t>Name</x:t></x:si><x:si><x:t>Description</x:t></x:si><x:si><x:t></x:t></x:si><x:si><x:t>Codes</x:t></x:si></x:sst>`},
	)
	wb := readBytes(t, nil, data)
	require.Len(t, wb.Sheets, 1)
	s := wb.Sheets[0]
	assert.Equal(t, "Codebook", s.Name)
	assert.Equal(t, []string{"Folder", "Name", "Description", "col4"}, keys(s))
	require.Len(t, s.Rows, 24, "all rows, whatever the dimension says")
	last := s.Rows[23]
	assert.Equal(t, 25, last.Num)
	assert.Equal(t, []string{"Codes", "Code 25", "", ""}, values(last))
}

func TestReadWideSheet(t *testing.T) {
	const width = 3000
	header := make([]any, width)
	row := make([]any, width)
	for i := range header {
		header[i] = "H" + strconv.Itoa(i+1)
		row[i] = i + 1
	}
	data := buildXLSX(t, func(f *excelize.File) {
		require.NoError(t, f.SetSheetRow("Sheet1", "A1", &header))
		for r := 2; r <= 4; r++ {
			require.NoError(t, f.SetSheetRow("Sheet1", "A"+strconv.Itoa(r), &row))
		}
	})
	s := readBytes(t, nil, data).Sheets[0]
	require.Len(t, s.Header, width)
	assert.Equal(t, "H3000", s.Header[width-1].Key)
	require.Len(t, s.Rows, 3)
	for _, r := range s.Rows {
		require.Len(t, r.Cells, width)
		assert.Equal(t, "3000", r.Get("H3000").Value)
		assert.Equal(t, "1", r.Cells[0].Value)
	}
	_, err := (&Reader{MaxColumns: 2999}).Read(bytes.NewReader(data))
	require.ErrorIs(t, err, ErrTooLarge)
}

func TestRead1904(t *testing.T) {
	data := buildXLSX(t, func(f *excelize.File) {
		yes := true
		require.NoError(t, f.SetWorkbookProps(&excelize.WorkbookPropsOptions{Date1904: &yes}))
		style, err := f.NewStyle(&excelize.Style{NumFmt: 22}) // m/d/yy h:mm
		require.NoError(t, err)
		require.NoError(t, f.SetSheetRow("Sheet1", "A1", &[]any{"When"}))
		require.NoError(t, f.SetCellFloat("Sheet1", "A2", 42201.8302662037, -1, 64))
		require.NoError(t, f.SetCellStyle("Sheet1", "A2", "A2", style))
	})
	wb := readBytes(t, nil, data)
	assert.True(t, wb.Date1904)
	c := wb.Sheets[0].Rows[0].Get("When")
	assert.Equal(t, TypeDate, c.Type)
	tm, err := c.Time()
	require.NoError(t, err)
	assert.Equal(t, time.Date(2019, 7, 17, 19, 55, 35, 0, time.UTC), tm)
	assert.Equal(t, "7/17/19 19:55", c.Value, "excelize displays with the 1904 system too")
}

func TestReadSheetsInWorkbookOrder(t *testing.T) {
	data := buildXLSX(t, func(f *excelize.File) {
		require.NoError(t, f.SetSheetName("Sheet1", "Zeta"))
		for _, n := range []string{"Alpha", "Mu"} {
			_, err := f.NewSheet(n)
			require.NoError(t, err)
			require.NoError(t, f.SetCellValue(n, "A1", n+" header"))
		}
		require.NoError(t, f.SetCellValue("Zeta", "A1", "Zeta header"))
	})
	wb := readBytes(t, nil, data)
	var names []string
	for _, s := range wb.Sheets {
		names = append(names, s.Name)
		assert.Equal(t, s.Name+" header", s.Header[0].Name)
		assert.Empty(t, s.Rows)
	}
	assert.Equal(t, []string{"Zeta", "Alpha", "Mu"}, names)
	assert.Same(t, wb.Sheets[2], wb.Sheet("mu"))
	assert.Nil(t, wb.Sheet("Nu"))
	s, err := wb.RequireSheet("Nu", "ALPHA")
	require.NoError(t, err)
	assert.Equal(t, "Alpha", s.Name)
	_, err = wb.RequireSheet("Codebook")
	require.ErrorIs(t, err, ErrNoSheet)
	assert.Equal(t, `xlsx: no such sheet: want "Codebook"; the workbook has "Zeta", "Alpha", "Mu"`, err.Error())
}

func TestReadErrors(t *testing.T) {
	good := handXLSX(t, []string{"a"}, "", rawSheet{name: "S", data: `<row r="1"><c r="A1" t="s"><v>0</v></c></row>`})
	ole := append([]byte(oleSignature), make([]byte, 504)...)
	encrypted := append(append([]byte(oleSignature), make([]byte, 100)...), utf16le("EncryptedPackage")...)
	longText := strings.Repeat("x", 100)
	tests := []struct {
		name    string
		rd      Reader
		input   []byte
		wantErr error
		wantMsg string // substring of the message
		wantAt  *CellError
	}{
		{name: "empty", input: nil, wantErr: ErrNotXLSX, wantMsg: "empty input"},
		{name: "csv", input: []byte("Name,Files\nA,1\n"), wantErr: ErrNotXLSX, wantMsg: "use ReadCSV"},
		{name: "garbage", input: []byte{0, 1, 2, 3, 0xff, 0xfe}, wantErr: ErrNotXLSX, wantMsg: "not a zip"},
		{name: "legacy xls", input: ole, wantErr: ErrLegacyXLS, wantMsg: "re-save it as .xlsx"},
		{name: "encrypted", input: encrypted, wantErr: ErrEncrypted},
		{name: "truncated", input: good[:len(good)/2], wantErr: ErrNotXLSX},
		{name: "zip without workbook", input: zipParts(t, part{"hello.txt", "hi"}), wantErr: ErrNotXLSX},
		{name: "input too large", rd: Reader{MaxBytes: 100}, input: good, wantErr: ErrTooLarge, wantMsg: "MaxBytes"},
		{name: "unzipped too large", rd: Reader{MaxBytes: int64(len(good)) + 10}, input: good, wantErr: ErrTooLarge},
		{name: "too many sheets", rd: Reader{MaxSheets: 1}, input: handXLSX(t, nil, "", rawSheet{name: "A"}, rawSheet{name: "B"}), wantErr: ErrTooLarge, wantMsg: "MaxSheets"},
		{
			name: "row beyond MaxRows", rd: Reader{MaxRows: 10},
			input:   handXLSX(t, nil, "", rawSheet{name: "S", data: `<row r="11"><c r="A11"><v>1</v></c></row>`}),
			wantErr: ErrTooLarge, wantAt: &CellError{Sheet: "S", Row: 11},
		},
		{
			name: "column beyond MaxColumns", rd: Reader{MaxColumns: 3},
			input:   handXLSX(t, nil, "", rawSheet{name: "S", data: `<row r="1"><c r="D1"><v>1</v></c></row>`}),
			wantErr: ErrTooLarge, wantAt: &CellError{Sheet: "S", Row: 1},
		},
		{
			name: "cells beyond MaxCells", rd: Reader{MaxCells: 100},
			input:   handXLSX(t, nil, "", rawSheet{name: "S", data: `<row r="1"><c r="CW1"><v>1</v></c></row>`}),
			wantErr: ErrTooLarge, wantMsg: "MaxCells",
		},
		{
			name: "padding beyond MaxCells", rd: Reader{MaxCells: 25},
			input:   handXLSX(t, nil, "", rawSheet{name: "S", data: `<row r="1"><c r="J1"><v>1</v></c></row><row r="2"><c r="A2"><v>1</v></c></row><row r="3"><c r="A3"><v>1</v></c></row><row r="4"><c r="A4"><v>1</v></c></row>`}),
			wantErr: ErrTooLarge, wantMsg: "MaxCells",
		},
		{
			name: "merged ranges count as cells", rd: Reader{MaxCells: 3},
			input: handXLSX(t, nil, "", rawSheet{name: "S", data: `<row r="1"><c r="A1"><v>1</v></c></row>`,
				tail: `<mergeCells><mergeCell ref="B1:C1"/><mergeCell ref="B2:C2"/><mergeCell ref="B3:C3"/></mergeCells>`}),
			wantErr: ErrTooLarge, wantMsg: "merged ranges",
		},
		{
			name: "shared strings beyond MaxCells", rd: Reader{MaxCells: 2},
			input:   handXLSX(t, []string{"a", "b", "c"}, "", rawSheet{name: "S", data: `<row r="1"><c r="A1" t="s"><v>0</v></c></row>`}),
			wantErr: ErrTooLarge, wantMsg: "shared strings",
		},
		{
			name: "shared string too long", rd: Reader{MaxCellBytes: 50},
			input:   handXLSX(t, []string{longText}, "", rawSheet{name: "S", data: `<row r="1"><c r="A1" t="s"><v>0</v></c></row>`}),
			wantErr: ErrTooLarge, wantMsg: "MaxCellBytes",
		},
		{
			name: "inline string too long", rd: Reader{MaxCellBytes: 50},
			input:   handXLSX(t, nil, "", rawSheet{name: "S", data: `<row r="1"><c r="B1" t="inlineStr"><is><t>` + longText + `</t></is></c></row>`}),
			wantErr: ErrTooLarge, wantAt: &CellError{Sheet: "S", Row: 1, Col: 2},
		},
		{
			name:    "rows out of order",
			input:   handXLSX(t, nil, "", rawSheet{name: "S", data: `<row r="3"><c r="A3"><v>1</v></c></row><row r="2"><c r="A2"><v>1</v></c></row>`}),
			wantErr: ErrMalformed, wantAt: &CellError{Sheet: "S", Row: 2},
		},
		{
			name:    "cells out of order",
			input:   handXLSX(t, nil, "", rawSheet{name: "S", data: `<row r="1"><c r="C1"><v>1</v></c><c r="B1"><v>1</v></c></row>`}),
			wantErr: ErrMalformed, wantAt: &CellError{Sheet: "S", Row: 1, Col: 2},
		},
		{
			name:    "cell in the wrong row",
			input:   handXLSX(t, nil, "", rawSheet{name: "S", data: `<row r="1"><c r="A2"><v>1</v></c></row>`}),
			wantErr: ErrMalformed,
		},
		{
			name:    "bad cell reference",
			input:   handXLSX(t, nil, "", rawSheet{name: "S", data: `<row r="1"><c r="1A"><v>1</v></c></row>`}),
			wantErr: ErrMalformed,
		},
		{
			name:    "shared string index out of range",
			input:   handXLSX(t, []string{"a"}, "", rawSheet{name: "S", data: `<row r="1"><c r="A1" t="s"><v>0</v></c></row><row r="2"><c r="C2" t="s"><v>7</v></c></row>`}),
			wantErr: ErrMalformed, wantAt: &CellError{Sheet: "S", Row: 2, Col: 3, Header: ""},
			wantMsg: `xlsx: sheet "S" row 2 column C: malformed file: shared string index "7" out of range`,
		},
		{
			name:    "broken sheet XML",
			input:   handXLSX(t, nil, "", rawSheet{name: "S", data: `<row r="1"><c r="A1"><v>1</v></c></row><row r="2"><c r="A2"><v>1`}),
			wantErr: ErrMalformed,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			wb, err := tt.rd.Read(bytes.NewReader(tt.input))
			require.Error(t, err)
			assert.Nil(t, wb)
			assert.ErrorIs(t, err, tt.wantErr)
			assert.True(t, strings.HasPrefix(err.Error(), "xlsx: "), err.Error())
			assert.NotContains(t, err.Error(), "\n")
			if tt.wantMsg != "" {
				assert.Contains(t, err.Error(), tt.wantMsg)
			}
			if tt.wantAt != nil {
				var ce *CellError
				require.ErrorAs(t, err, &ce)
				assert.Equal(t, tt.wantAt.Sheet, ce.Sheet)
				assert.Equal(t, tt.wantAt.Row, ce.Row)
				if tt.wantAt.Col != 0 {
					assert.Equal(t, tt.wantAt.Col, ce.Col)
				}
			}
		})
	}
}

func TestReadFile(t *testing.T) {
	dir := t.TempDir()
	name := filepath.Join(dir, "book.xlsx")
	require.NoError(t, os.WriteFile(name, buildXLSX(t, func(f *excelize.File) {
		require.NoError(t, f.SetCellValue("Sheet1", "A1", "Name"))
		require.NoError(t, f.SetCellValue("Sheet1", "A2", "x"))
	}), 0o644))
	var rd Reader
	wb, err := rd.ReadFile(name)
	require.NoError(t, err)
	assert.Equal(t, "x", wb.Sheets[0].Rows[0].Get("Name").Value)

	_, err = rd.ReadFile(filepath.Join(dir, "missing.xlsx"))
	require.ErrorIs(t, err, fs.ErrNotExist)
	assert.True(t, strings.HasPrefix(err.Error(), "xlsx: "))

	xls := filepath.Join(dir, "old.xls")
	require.NoError(t, os.WriteFile(xls, append([]byte(oleSignature), make([]byte, 504)...), 0o644))
	_, err = rd.ReadFile(xls)
	require.ErrorIs(t, err, ErrLegacyXLS)
}

func TestReaderDoesNotLeaveTempFiles(t *testing.T) {
	dir := t.TempDir()
	// A worksheet above memoryPartSize goes to a temporary file.
	var rows strings.Builder
	for i := 1; i <= 2000; i++ {
		n := strconv.Itoa(i)
		rows.WriteString(`<row r="` + n + `"><c r="A` + n + `"><v>` + n + `</v></c></row>`)
	}
	data := handXLSX(t, nil, "", rawSheet{name: "S", data: rows.String()})
	rd := Reader{memoryPartSize: 1024, TempDir: dir}
	wb, err := rd.Read(bytes.NewReader(data))
	require.NoError(t, err)
	assert.Len(t, wb.Sheets[0].Rows, 1999)
	// And on error too.
	_, err = (&Reader{memoryPartSize: 1024, TempDir: dir, MaxRows: 1000}).Read(bytes.NewReader(data))
	require.ErrorIs(t, err, ErrTooLarge)
	left, err := os.ReadDir(dir)
	require.NoError(t, err)
	assert.Empty(t, left)
}

func TestCellErrorMessage(t *testing.T) {
	cause := errors.New("boom")
	tests := []struct {
		err  *CellError
		want string
		ref  string
	}{
		{&CellError{Sheet: "Codebook", Row: 7, Col: 3, Header: "Description", Err: ErrEmpty}, `xlsx: sheet "Codebook" row 7 column C (Description): empty cell`, "C7"},
		{&CellError{Sheet: "S", Row: 7, Col: 28, Err: cause}, `xlsx: sheet "S" row 7 column AB: boom`, "AB7"},
		{&CellError{Row: 3, Col: 1, Header: "line\nbreak", Err: cause}, `xlsx: row 3 column A (line break): boom`, "A3"},
		{&CellError{Sheet: "S", Col: 2, Err: cause}, `xlsx: sheet "S" column B: boom`, "B"},
		{&CellError{Sheet: "S", Row: 4, Err: cause}, `xlsx: sheet "S" row 4: boom`, "4"},
		{&CellError{Sheet: "S"}, `xlsx: sheet "S": unknown error`, ""},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, tt.err.Error())
		assert.Equal(t, tt.ref, tt.err.Ref())
	}
	err := error(&CellError{Sheet: "S", Err: ErrEmpty})
	assert.ErrorIs(t, err, ErrEmpty)

	s := &Sheet{Name: "Codebook", Header: []Column{{Index: 0, Name: "Folder", Key: "Folder"}}}
	err = s.ErrorAt(Row{Num: 9}, s.Header[0], ErrEmpty)
	assert.Equal(t, `xlsx: sheet "Codebook" row 9 column A (Folder): empty cell`, err.Error())
}

// TestDisplayMatchesExcelize compares the displayed values with what
// excelize itself returns, for cells that skip excelize's formatting pass
// (General format) and cells that go through it.
func TestDisplayMatchesExcelize(t *testing.T) {
	numbers := []any{0, math.Copysign(0, -1), 1, -1, 0.1, 1.0 / 3, 2.0 / 3 * 1e10, 123456789012345678, 1e20, 1e-7, 12345.678901234567, math.MaxInt64, math.Pi, 44257.0421805556, 0.00269137802381423}
	formats := []*excelize.Style{
		nil,                                // no style
		{Font: &excelize.Font{Bold: true}}, // General with a style
		{NumFmt: 10},                       // 0.00%
		{NumFmt: 22},                       // m/d/yy h:mm
		{NumFmt: 49},                       // @
		{NumFmt: 4},                        // #,##0.00
	}
	data := buildXLSX(t, func(f *excelize.File) {
		for r, st := range formats {
			row := make([]any, 0, len(numbers)+3)
			row = append(row, numbers...)
			row = append(row, "text", true, "007")
			cell := "A" + strconv.Itoa(r+1)
			require.NoError(t, f.SetSheetRow("Sheet1", cell, &row))
			if st != nil {
				id, err := f.NewStyle(st)
				require.NoError(t, err)
				end, _ := excelize.CoordinatesToCellName(len(row), r+1)
				require.NoError(t, f.SetCellStyle("Sheet1", cell, end, id))
			}
		}
	})
	f, err := excelize.OpenReader(bytes.NewReader(data))
	require.NoError(t, err)
	want, err := f.GetRows("Sheet1")
	require.NoError(t, err)
	require.NoError(t, f.Close())

	// Row by row, so that each row is read once without other formats
	// (skipping excelize) and once with them.
	s := readBytes(t, nil, data).Sheets[0]
	got := [][]string{keysAsValues(s)}
	for _, r := range s.Rows {
		got = append(got, values(r))
	}
	require.Len(t, got, len(want))
	for i := range want {
		assert.Equal(t, want[i], got[i][:len(want[i])], "row %d", i+1)
	}
	for i := range formats {
		// The same row alone in a sheet: no excelize pass when it is General.
		one := buildXLSX(t, func(f *excelize.File) {
			row := make([]any, 0, len(numbers))
			row = append(row, numbers...)
			require.NoError(t, f.SetSheetRow("Sheet1", "A2", &row))
			if formats[i] != nil {
				id, err := f.NewStyle(formats[i])
				require.NoError(t, err)
				end, _ := excelize.CoordinatesToCellName(len(row), 2)
				require.NoError(t, f.SetCellStyle("Sheet1", "A2", end, id))
			}
		})
		assert.Equal(t, want[i][:len(numbers)], values(readBytes(t, nil, one).Sheets[0].Rows[0]), "format %d", i)
	}
}

func keysAsValues(s *Sheet) []string {
	v := make([]string, len(s.Header))
	for i, c := range s.Header {
		v[i] = c.Name
	}
	return v
}

func TestReaderConcurrentUse(t *testing.T) {
	data := writeBook(t, nil, func(w *Writer) {
		s, err := w.AddSheet("S", []string{"N", "When"})
		require.NoError(t, err)
		for i := 0; i < 200; i++ {
			require.NoError(t, s.WriteRow(i, time.Date(2020, 1, 1, 0, 0, i, 0, time.UTC)))
		}
	})
	rd := Reader{MaxCells: 10_000}
	errs := make(chan error, 4)
	for range 4 {
		go func() {
			wb, err := rd.Read(bytes.NewReader(data))
			if err == nil && len(wb.Sheets[0].Rows) != 200 {
				err = errors.New("wrong row count")
			}
			errs <- err
		}()
	}
	for range 4 {
		require.NoError(t, <-errs)
	}
}
