package xlsx

import (
	"archive/zip"
	"bytes"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/qdabridge/qdabridge/internal/memtest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var update = flag.Bool("update", false, "rewrite testdata/hostile")

const hostileDir = "testdata/hostile"

// hostileCase is one case of the suite: a file of testdata/hostile read
// with ReadFile, and what it must give: an error wrapping is (with msg in
// its message and, when sheet is set, a *CellError at that place), or a
// workbook that passes check.
type hostileCase struct {
	name     string // the case; the file unless file is set
	file     string
	reader   Reader
	is       error
	msg      string
	sheet    string
	row, col int
	check    func(t *testing.T, wb *Workbook)
}

func hostileCases() []hostileCase {
	return []hostileCase{
		// not xlsx
		{name: "csv-text.xlsx", is: ErrNotXLSX, msg: "input is text (CSV, HTML or similar), not a zip package"},
		{name: "html.xlsx", is: ErrNotXLSX, msg: "input is text"},
		{name: "pdf.xlsx", is: ErrNotXLSX, msg: "not a zip package"},
		{name: "empty.xlsx", is: ErrNotXLSX, msg: "empty input"},
		{name: "legacy.xls", is: ErrLegacyXLS, msg: "re-save it as .xlsx"},
		{name: "encrypted.xlsx", is: ErrEncrypted, msg: "remove the password"},
		{name: "qdpx.xlsx", is: ErrNotXLSX, msg: "no workbook part"},
		{name: "truncated.xlsx", is: ErrNotXLSX, msg: "zip: not a valid zip file"},
		{name: "corrupt-crc.xlsx", is: ErrMalformed, msg: "zip: checksum error", sheet: "S", row: 1},
		// zip bombs
		{name: "bomb-ratio.xlsx", is: ErrTooLarge, msg: "part xl/worksheets/sheet1.xml would inflate from"},
		{name: "bomb-lying-size.xlsx", is: ErrTooLarge, msg: "the part inflates past the size its header declares", sheet: "S"},
		{name: "bomb-overlap.xlsx", is: ErrTooLarge, msg: "parts overlap"},
		{name: "bomb-part-count.xlsx", is: ErrTooLarge, msg: "the package has 10000000 parts, more than Reader.MaxParts (10000)"},
		{name: "nested.xlsx", check: func(t *testing.T, wb *Workbook) {
			require.Len(t, wb.Sheets, 1)
			assert.Equal(t, "outer", wb.Sheets[0].Header[0].Name)
		}},
		// sheet XML bombs
		{name: "sheet-billion-laughs.xlsx", is: ErrMalformed, msg: "invalid character entity &lol9;", sheet: "S", row: 1, col: 1},
		{name: "sst-billion-laughs.xlsx", is: ErrMalformed, msg: "xl/sharedStrings.xml: XML syntax error on line 14: invalid character entity &lol9;"},
		{name: "sheet-external-entity.xlsx", is: ErrMalformed, msg: "invalid character entity &xxe;", sheet: "S", row: 1, col: 1},
		{name: "sheet-deep-nesting.xlsx", is: ErrTooLarge, msg: "elements nested deeper than 512", sheet: "S", row: 1, col: 1},
		{name: "huge-cell.xlsx", reader: Reader{MaxCellBytes: 64 << 10}, is: ErrTooLarge, msg: "cell text longer than Reader.MaxCellBytes (65536 bytes)", sheet: "S", row: 1, col: 1},
		{name: "huge-cell.xlsx with the default limits", file: "huge-cell.xlsx", check: func(t *testing.T, wb *Workbook) {
			assert.Len(t, wb.Sheets[0].Header[0].Name, 100_000)
		}},
		{name: "invalid-utf8.xlsx", is: ErrMalformed, msg: "invalid UTF-8", sheet: "S", row: 1, col: 1},
		// cells and structure
		{name: "formulas.xlsx", check: checkFormulas},
		{name: "merged.xlsx", check: func(t *testing.T, wb *Workbook) {
			s := wb.Sheets[0]
			assert.Equal(t, []string{"A1:C1", "B2:B4"}, s.Merged)
			assert.Equal(t, []string{"Group", "", "", "Other"}, names(s.Header))
			require.Len(t, s.Rows, 1)
			assert.Equal(t, []string{"a", "tall", "", ""}, values(s.Rows[0]))
		}},
		{name: "merged.xlsx filled", file: "merged.xlsx", reader: Reader{FillMerged: true}, check: func(t *testing.T, wb *Workbook) {
			s := wb.Sheets[0]
			assert.Equal(t, []string{"Group", "Group", "Group", "Other"}, names(s.Header))
			require.Len(t, s.Rows, 3)
			for _, r := range s.Rows {
				assert.Equal(t, "tall", r.Cells[1].Value, "row %d", r.Num)
			}
		}},
		{name: "merge-without-ref.xlsx", is: ErrMalformed, msg: `merged range with an invalid reference ""`, sheet: "S"},
		{name: "merged-whole-sheet.xlsx", check: func(t *testing.T, wb *Workbook) {
			assert.Equal(t, []string{"A1:XFD1048576"}, wb.Sheets[0].Merged)
		}},
		{name: "merged-whole-sheet.xlsx filled", file: "merged-whole-sheet.xlsx", reader: Reader{FillMerged: true}, is: ErrTooLarge,
			msg: "filling merged range A1:XFD1048576 would exceed Reader.MaxCells", sheet: "S", row: 1, col: 1},
		{name: "wide.xlsx", check: func(t *testing.T, wb *Workbook) {
			s := wb.Sheets[0]
			require.Len(t, s.Header, 16_384)
			assert.Equal(t, "h (16384)", s.Header[16_383].Key)
			require.Len(t, s.Rows, 1)
			assert.Equal(t, "1", s.Rows[0].Cells[16_383].Value)
		}},
		{name: "wide.xlsx with 100 columns at most", file: "wide.xlsx", reader: Reader{MaxColumns: 100}, is: ErrTooLarge,
			msg: "column number 101 beyond Reader.MaxColumns (100)", sheet: "S", row: 1},
		{name: "too-wide.xlsx", is: ErrMalformed, msg: `invalid cell reference "XFE1"`, sheet: "S", row: 1},
		{name: "row-beyond-excel.xlsx", is: ErrTooLarge, msg: "row number beyond Reader.MaxRows (1048576)", sheet: "S", row: 1_048_577},
		{name: "rows-out-of-order.xlsx", is: ErrMalformed, msg: "row 2 comes after row 5", sheet: "S", row: 2},
		{name: "shared-string-out-of-range.xlsx", is: ErrMalformed, msg: `shared string index "99999999" out of range`, sheet: "S", row: 2, col: 2},
		{name: "slip-part-names.xlsx", check: func(t *testing.T, wb *Workbook) {
			assert.Equal(t, "safe", wb.Sheets[0].Header[0].Name)
		}},
		{name: "slip-sheet-target.xlsx", is: ErrMalformed, msg: "missing part etc/passwd", sheet: "S"},
		{name: "many-sheets.xlsx", check: func(t *testing.T, wb *Workbook) { assert.Len(t, wb.Sheets, 40) }},
		{name: "many-sheets.xlsx with 16 sheets at most", file: "many-sheets.xlsx", reader: Reader{MaxSheets: 16}, is: ErrTooLarge, msg: "40 sheets, more than Reader.MaxSheets (16)"},
	}
}

// TestHostile reads every file of testdata/hostile and checks its outcome
// exactly. A workbook that reads is used as a caller would, and written
// again and read back unchanged, with no formula in the output.
func TestHostile(t *testing.T) {
	if *update {
		require.NoError(t, os.MkdirAll(hostileDir, 0o755))
		for name, gen := range hostileFiles {
			require.NoError(t, os.WriteFile(filepath.Join(hostileDir, name), gen(t), 0o644))
		}
	}
	covered := map[string]bool{}
	for _, tt := range hostileCases() {
		file := tt.file
		if file == "" {
			file = tt.name
		}
		covered[file] = true
		t.Run(tt.name, func(t *testing.T) {
			tmp := t.TempDir()
			rd := tt.reader
			rd.TempDir = tmp
			wb, err := rd.ReadFile(filepath.Join(hostileDir, file))
			entries, derr := os.ReadDir(tmp)
			require.NoError(t, derr)
			assert.Empty(t, entries, "temporary files left behind")
			if tt.is != nil {
				require.Error(t, err)
				assert.Nil(t, wb)
				assert.ErrorIs(t, err, tt.is)
				assert.Contains(t, err.Error(), tt.msg)
				assert.NotContains(t, err.Error(), "\n")
				assert.NotContains(t, err.Error(), panicMarker)
				assert.True(t, strings.HasPrefix(err.Error(), "xlsx: "), err.Error())
				var ce *CellError
				if tt.sheet != "" {
					require.ErrorAs(t, err, &ce)
					assert.Equal(t, tt.sheet, ce.Sheet)
					assert.Equal(t, tt.row, ce.Row)
					assert.Equal(t, tt.col, ce.Col)
				} else {
					assert.False(t, errors.As(err, &ce), "no place in a sheet: %v", err)
				}
				return
			}
			require.NoError(t, err)
			exercise(t, wb, nil)
			if tt.check != nil {
				tt.check(t, wb)
			}
			assertRewrites(t, wb)
		})
	}
	files, err := filepath.Glob(filepath.Join(hostileDir, "*"))
	require.NoError(t, err)
	for _, f := range files {
		if base := filepath.Base(f); base != "README.md" {
			assert.True(t, covered[base], "%s has no case", base)
			assert.Contains(t, hostileFiles, base, "%s has no generator", base)
		}
	}
	for name := range hostileFiles {
		assert.FileExists(t, filepath.Join(hostileDir, name), "run go test ./xlsx -run TestHostile -update")
	}
}

func names(cols []Column) []string {
	out := make([]string, len(cols))
	for i, c := range cols {
		out[i] = c.Name
	}
	return out
}

// checkFormulas: formulas are read as text with their cached values, never
// evaluated; a string that looks like a formula is a string.
func checkFormulas(t *testing.T, wb *Workbook) {
	s := wb.Sheets[0]
	want := []struct{ value, formula string }{
		{"click", `HYPERLINK("http://evil.example/","click")`},
		{"0", `cmd|' /C calc'!A0`},
		{"3", "SUM(1,2)"},
		{"6", "B4*2"},
		{"12", "B5*2"},
		{"=SUM(1,2)", ""},
	}
	require.Len(t, s.Rows, len(want))
	for i, w := range want {
		c := s.Rows[i].Cells[1]
		assert.Equal(t, w.value, c.Value, "row %d", s.Rows[i].Num)
		assert.Equal(t, w.formula, c.Formula, "row %d", s.Rows[i].Num)
	}
}

// assertRewrites writes the workbook's values with the Writer, atomically
// to a file, and reads them back: every value is unchanged, no cell holds
// a formula, and the sheet XML has no <f> element.
func assertRewrites(t *testing.T, wb *Workbook) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "out.xlsx")
	err := WriteFile(path, func(w *Writer) error {
		for _, s := range wb.Sheets {
			sw, err := w.AddSheet(s.Name, names(s.Header))
			if err != nil {
				return err
			}
			for _, r := range s.Rows {
				row := make([]any, len(r.Cells))
				for i, c := range r.Cells {
					row[i] = c.Value
				}
				if err := sw.WriteRow(row...); err != nil {
					return err
				}
			}
		}
		return nil
	})
	if tooLongForExcel(wb) {
		// the writer refuses what Excel cannot hold, and leaves no file
		require.ErrorIs(t, err, ErrTooLarge)
		assert.NoFileExists(t, path)
		entries, err := os.ReadDir(filepath.Dir(path))
		require.NoError(t, err)
		assert.Empty(t, entries, "no temporary file left behind")
		return
	}
	require.NoError(t, err)
	again, err := (&Reader{}).ReadFile(path)
	require.NoError(t, err)
	require.Len(t, again.Sheets, len(wb.Sheets))
	for i, s := range wb.Sheets {
		a := again.Sheets[i]
		assert.Equal(t, names(s.Header), names(a.Header))
		require.Len(t, a.Rows, len(s.Rows))
		for j, r := range s.Rows {
			assert.Equal(t, values(r), values(a.Rows[j]))
			for _, c := range a.Rows[j].Cells {
				assert.Empty(t, c.Formula)
			}
		}
	}
	zr, err := zip.OpenReader(path)
	require.NoError(t, err)
	defer zr.Close()
	for _, f := range zr.File {
		if strings.HasPrefix(f.Name, "xl/worksheets/") {
			rc, err := f.Open()
			require.NoError(t, err)
			var b bytes.Buffer
			_, err = b.ReadFrom(rc)
			rc.Close()
			require.NoError(t, err)
			assert.NotContains(t, b.String(), "<f>", f.Name)
			assert.NotContains(t, b.String(), "<f ", f.Name)
		}
	}
}

// tooLongForExcel reports whether a value is longer than an Excel cell.
func tooLongForExcel(wb *Workbook) bool {
	for _, s := range wb.Sheets {
		for _, c := range s.Header {
			if utf8.RuneCountInString(c.Name) > maxCellChars {
				return true
			}
		}
		for _, r := range s.Rows {
			for _, c := range r.Cells {
				if utf8.RuneCountInString(c.Value) > maxCellChars {
					return true
				}
			}
		}
	}
	return false
}

// TestHostileMemory reads the zip bombs and the sheet XML bombs with the
// default limits and checks the peak heap stays under 100 MB (the input,
// in memory before, is not counted). Run with -v to see the figures.
func TestHostileMemory(t *testing.T) {
	if raceEnabled {
		t.Skip("the race detector's instrumentation makes heap figures meaningless")
	}
	// too large to commit: a package of 20,000 parts
	var parts []part
	for i := 0; i < 20_000; i++ {
		parts = append(parts, part{fmt.Sprintf("xl/media/p%d", i), ""})
	}
	manyParts := zipParts(t, append([]part{{"xl/workbook.xml", "<workbook/>"}}, parts...)...)
	inputs := map[string][]byte{"20,000 parts": manyParts}
	for _, name := range []string{"bomb-ratio.xlsx", "bomb-lying-size.xlsx", "bomb-overlap.xlsx", "bomb-part-count.xlsx",
		"nested.xlsx", "sheet-billion-laughs.xlsx", "sst-billion-laughs.xlsx", "sheet-deep-nesting.xlsx", "merged-whole-sheet.xlsx", "wide.xlsx"} {
		b, err := os.ReadFile(filepath.Join(hostileDir, name))
		require.NoError(t, err)
		inputs[name] = b
	}
	for name, data := range inputs {
		t.Run(name, func(t *testing.T) {
			var err error
			before, peak := memtest.Peak(func() { _, err = (&Reader{TempDir: t.TempDir()}).Read(bytes.NewReader(data)) })
			used := peak - before
			t.Logf("peak heap %.1f MB (%v)", float64(used)/1e6, err)
			assert.Less(t, used, uint64(100<<20))
		})
	}
}

// TestHostileConcurrent reads every hostile file from many goroutines at
// once, one Reader each and one shared, and writes workbooks at the same
// time: under -race, reading and writing share no mutable state, and every
// goroutine gets the outcome a lone reader gets.
func TestHostileConcurrent(t *testing.T) {
	files, err := filepath.Glob(filepath.Join(hostileDir, "*.xls*"))
	require.NoError(t, err)
	want := map[string]string{}
	data := map[string][]byte{}
	for _, f := range files {
		b, err := os.ReadFile(f)
		require.NoError(t, err)
		data[f] = b
		want[f] = outcome((&Reader{}).Read(bytes.NewReader(b)))
	}
	shared := &Reader{}
	const workers = 8
	errs := make(chan error, workers*len(files))
	done := make(chan struct{})
	for g := 0; g < workers; g++ {
		go func(g int) {
			defer func() { done <- struct{}{} }()
			own := &Reader{}
			for _, f := range files {
				rd := own
				if g%2 == 1 {
					rd = shared
				}
				if got := outcome(rd.Read(bytes.NewReader(data[f]))); got != want[f] {
					errs <- fmt.Errorf("goroutine %d, %s: %s, alone: %s", g, f, got, want[f])
				}
			}
			var buf bytes.Buffer
			w := NewWriter(&buf)
			s, err := w.AddSheet("S", []string{"=A1", "+1"})
			if err == nil {
				err = s.WriteRow("@SUM(1)", "-1")
			}
			if err == nil {
				err = w.Close()
			}
			if err != nil {
				errs <- err
			}
		}(g)
	}
	for g := 0; g < workers; g++ {
		<-done
	}
	close(errs)
	for err := range errs {
		t.Error(err)
	}
}

// outcome summarises a read: its error, or its sheets and rows.
func outcome(wb *Workbook, err error) string {
	if err != nil {
		return err.Error()
	}
	var b strings.Builder
	for _, s := range wb.Sheets {
		fmt.Fprintf(&b, "%s:%d:%d;", s.Name, len(s.Header), len(s.Rows))
	}
	return b.String()
}
