package xlsx

import (
	"archive/zip"
	"bytes"
	"fmt"
	"math"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/stretchr/testify/require"
	"github.com/xuri/excelize/v2"
)

// readOld reads a workbook the way Read did before it displayed values
// through scratch workbooks: excelize opens the whole package, and a sheet
// with a formatted cell gets every value from excelize's Rows. It is the
// reference the display is checked against.
func (rd *Reader) readOld(data []byte) (*Workbook, error) {
	lim := rd.limits()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil, err
	}
	p := newPkg(zr, lim.bytes)
	parts, err := p.workbookParts()
	if err != nil {
		return nil, err
	}
	f, err := excelize.OpenReader(bytes.NewReader(data), excelize.Options{UnzipSizeLimit: lim.bytes, UnzipXMLSizeLimit: lim.memPart, TmpDir: rd.TempDir})
	if err != nil {
		return nil, openError(err)
	}
	defer f.Close()
	p.charset = f.CharsetReader
	props, err := f.GetWorkbookProps()
	if err != nil {
		return nil, err
	}
	wb := &Workbook{Date1904: props.Date1904 != nil && *props.Date1904}
	sst, err := p.sharedStrings(parts.sharedStrings, lim)
	if err != nil {
		return nil, err
	}
	formats, err := p.cellFormats(parts.styles)
	if err != nil {
		return nil, err
	}
	sc := &scanner{pkg: p, lim: lim, sst: sst, formats: formats, ctx: newCellContext(wb.Date1904, rd.DateLayouts), raw: rd.Raw, budget: lim.cells}
	for _, name := range f.GetSheetList() {
		part, ok := parts.sheets[strings.ToLower(name)]
		if !ok {
			return nil, fmt.Errorf("no part for %q", name)
		}
		scan, err := sc.scanSheet(name, part)
		if err != nil {
			return nil, err
		}
		if !rd.Raw && scan.formatted {
			if err := displayValuesOld(f, name, scan.rows); err != nil {
				return nil, err
			}
		}
		for _, pos := range scan.sharedFormulas {
			ref, _ := excelize.CoordinatesToCellName(pos.col+1, scan.rows[pos.row].Num)
			formula, err := f.GetCellFormula(name, ref)
			if err != nil {
				return nil, err
			}
			scan.rows[pos.row].Cells[pos.col].Formula = formula
		}
		rows := scan.rows
		if rd.FillMerged && len(scan.merged) > 0 {
			if rows, err = sc.fillMerged(name, rows, scan.merged); err != nil {
				return nil, err
			}
		}
		var header []string
		if len(rows) > 0 && rows[0].Num == 1 {
			for _, c := range rows[0].Cells {
				header = append(header, c.Value)
			}
			rows = rows[1:]
		}
		s, err := sc.finishSheet(name, header, rows, scan.mergedRefs())
		if err != nil {
			return nil, err
		}
		wb.Sheets = append(wb.Sheets, s)
	}
	return wb, nil
}

func displayValuesOld(f *excelize.File, sheet string, rows []Row) error {
	if len(rows) == 0 {
		return nil
	}
	it, err := f.Rows(sheet)
	if err != nil {
		return &CellError{Sheet: sheet, Err: fmt.Errorf("%w: %w", ErrMalformed, err)}
	}
	defer it.Close()
	num, i := 0, 0
	for i < len(rows) && it.Next() {
		num++
		for i < len(rows) && rows[i].Num < num {
			i++ // cannot happen with rows in order; be safe
		}
		if i == len(rows) || rows[i].Num != num {
			continue
		}
		cols, err := it.Columns()
		if err != nil {
			return &CellError{Sheet: sheet, Row: num, Err: fmt.Errorf("%w: %w", ErrMalformed, err)}
		}
		cells := rows[i].Cells
		for j := range cells {
			if cells[j].Type == TypeEmpty {
				continue
			}
			if j < len(cols) {
				cells[j].Value = cols[j]
			} else {
				cells[j].Value = "" // excelize leaves out cells that display as ""
			}
		}
		i++
	}
	if err := it.Error(); err != nil {
		return &CellError{Sheet: sheet, Err: fmt.Errorf("%w: %w", ErrMalformed, err)}
	}
	return nil
}

// sameWorkbook fails unless a and b hold the same sheets, cells and values.
func sameWorkbook(t *testing.T, want, got *Workbook) {
	t.Helper()
	require.Equal(t, want.Date1904, got.Date1904)
	require.Equal(t, len(want.Sheets), len(got.Sheets))
	for i, ws := range want.Sheets {
		gs := got.Sheets[i]
		require.Equal(t, ws.Name, gs.Name)
		require.Equal(t, ws.Header, gs.Header, "sheet %q header", ws.Name)
		require.Equal(t, ws.Merged, gs.Merged)
		require.Equal(t, len(ws.Rows), len(gs.Rows), "sheet %q rows", ws.Name)
		for j, wr := range ws.Rows {
			gr := gs.Rows[j]
			require.Equal(t, wr.Num, gr.Num)
			require.Equal(t, len(wr.Cells), len(gr.Cells), "row %d", wr.Num)
			for k, wc := range wr.Cells {
				gc := gr.Cells[k]
				require.Equal(t, wc, gc, "sheet %q row %d column %s", ws.Name, wr.Num, columnName(k+1))
			}
		}
	}
}

// formatWorkbook is a workbook with every built-in number format and some
// custom ones, applied to numbers, dates, text, booleans, errors and ISO
// dates, in styled and unstyled cells.
func formatWorkbook(t testing.TB, date1904 bool) []byte {
	return buildXLSX(t, func(f *excelize.File) {
		if date1904 {
			yes := true
			require.NoError(t, f.SetWorkbookProps(&excelize.WorkbookPropsOptions{Date1904: &yes}))
		}
		values := []any{0, 1, -1, 7, 42.5, -0.125, 0.0015, 1234567.891, 1e-7, 12345678901234567.0, 43663.830266, 0.75, math.Pi, "text", "00123", "=A1", true, false, ""}
		customs := []string{"m/d/yyyy h:mm AM/PM", "0.00%", `#,##0.00 "kr"`, "yyyy-mm-dd", "[h]:mm:ss", `0;-0;"zero";"text: "@`, "@", "0.0E+00", `# ?/?`, "dd/mm/yyyy hh:mm:ss", `"x"_x0041_0`}
		var styles []int
		for id := 0; id <= 58; id++ {
			st, err := f.NewStyle(&excelize.Style{NumFmt: id})
			if err == nil {
				styles = append(styles, st)
			}
		}
		for _, c := range customs {
			c := c
			st, err := f.NewStyle(&excelize.Style{CustomNumFmt: &c})
			require.NoError(t, err)
			styles = append(styles, st)
		}
		header := []any{"style"}
		for i := range values {
			header = append(header, "v"+strconv.Itoa(i))
		}
		require.NoError(t, f.SetSheetRow("Sheet1", "A1", &header))
		for r, st := range styles {
			row := []any{st}
			row = append(row, values...)
			cell, _ := excelize.CoordinatesToCellName(1, r+2)
			require.NoError(t, f.SetSheetRow("Sheet1", cell, &row))
			end, _ := excelize.CoordinatesToCellName(len(row), r+2)
			require.NoError(t, f.SetCellStyle("Sheet1", cell, end, st))
		}
		// a second sheet without any format: values as stored
		require.NoError(t, f.SetSheetRow("Sheet1", "A1", &header))
		_, err := f.NewSheet("Plain")
		require.NoError(t, err)
		require.NoError(t, f.SetSheetRow("Plain", "A1", &[]any{"a", "b"}))
		require.NoError(t, f.SetSheetRow("Plain", "A2", &[]any{1.5, true}))
	})
}

// TestDisplayMatchesFormerRead reads workbooks of many number formats and
// cell types and wants every cell exactly as the former reading, which
// took every displayed value of a formatted sheet from excelize's Rows.
func TestDisplayMatchesFormerRead(t *testing.T) {
	typed := handXLSX(t, []string{"Name", "shared _x0041_ and _x005F_x0041_", "5"},
		`<numFmts><numFmt numFmtId="164" formatCode="m/d/yyyy h:mm AM/PM"/><numFmt numFmtId="165" formatCode="0.00%;-0.00%;&quot;nil&quot;;&quot;[&quot;@&quot;]&quot;"/></numFmts>`+
			`<cellXfs><xf numFmtId="0"/><xf numFmtId="164"/><xf numFmtId="165"/><xf numFmtId="0" applyAlignment="1"/><xf numFmtId="49"/><xf numFmtId="300"/></cellXfs>`,
		rawSheet{name: "S", data: `<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s" s="2"><v>1</v></c><c r="C1" t="s" s="2"><v>2</v></c></row>` +
			`<row r="2"><c r="A2" t="d" s="1"><v>2019-07-17T19:55:35Z</v></c><c r="B2" t="d"><v>2019-07-17</v></c><c r="C2" t="e" s="2"><v>#N/A</v></c><c r="D2" t="b" s="2"><v>1</v></c></row>` +
			`<row r="3"><c r="A3" s="3"><v>0.1</v></c><c r="B3" s="3"><v>123456789012.5</v></c><c r="C3" s="2"><v>-0</v></c><c r="D3" s="5"><v>2.50</v></c><c r="E3" s="4"><v>7</v></c></row>` +
			`<row r="4"><c r="A4" t="inlineStr" s="2"><is><t>inline _x0001_ text</t></is></c><c r="B4" t="str" s="2"><v>formula text</v></c><c r="C4" s="2"><v>not a number</v></c><c r="D4" t="inlineStr" s="2"><v>12</v></c></row>` +
			`<row r="5"><c r="A5" s="1"><v>1</v></c><c r="B5" s="1"><v>60</v></c><c r="C5" s="1"><v>2958465.9999</v></c><c r="D5" s="2"><f>1/8</f><v>0.125</v></c></row>`})
	tests := []struct {
		name  string
		data  []byte
		rd    Reader
		plain bool // every value displays as stored
	}{
		{"built-in and custom formats", formatWorkbook(t, false), Reader{}, false},
		{"built-in and custom formats, 1904", formatWorkbook(t, true), Reader{}, false},
		{"built-in and custom formats, filled", formatWorkbook(t, false), Reader{FillMerged: true}, false},
		{"cell types", typed, Reader{}, false},
		{"written by the Writer", func() []byte {
			var buf bytes.Buffer
			require.NoError(t, writeBenchRows(&buf, 300))
			return buf.Bytes()
		}(), Reader{}, false},
		{"codebook with counts", func() []byte {
			var buf bytes.Buffer
			require.NoError(t, codebookWorkbook(&buf, 500, true))
			return buf.Bytes()
		}(), Reader{}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.rd.TempDir = t.TempDir()
			want, err := tt.rd.readOld(tt.data)
			require.NoError(t, err)
			got, err := tt.rd.Read(bytes.NewReader(tt.data))
			require.NoError(t, err)
			sameWorkbook(t, want, got)
			formatted := 0
			for _, s := range got.Sheets {
				for _, r := range s.Rows {
					for _, c := range r.Cells {
						if c.Value != c.Raw {
							formatted++
						}
					}
				}
			}
			t.Logf("%d cells displayed otherwise than stored", formatted)
			if !tt.plain {
				require.NotZero(t, formatted)
			}
		})
	}
}

func FuzzEscapeBstr(f *testing.F) {
	for _, s := range []string{"", "plain", "_x0041_", "_x005F_x0041_", "a\x01b", "\uFFFE", "_x0041_x0042_", "__x0041__", "_x00"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if !utf8.ValidString(s) {
			return
		}
		e := escapeBstr(s)
		for _, r := range e {
			if !validXMLChar(r) {
				t.Fatalf("escapeBstr(%q) = %q holds %U", s, e, r)
			}
		}
		if got := unescapeBstr(e); got != s {
			t.Fatalf("unescapeBstr(escapeBstr(%q)) = %q (escaped %q)", s, got, e)
		}
	})
}
