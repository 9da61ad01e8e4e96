package xlsx

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"errors"
	"io"
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

// formulaLike are strings that a careless writer would turn into formulas
// or numbers.
var formulaLike = []string{
	"=SUM(A1:A3)",
	`=HYPERLINK("http://example.com","click")`,
	"+1",
	"-12",
	"-",
	"=",
	"@SUM(1)",
	"\tTabbed",
	"\rCarriage",
	"=cmd|' /C calc'!A0",
	"0012",
	"1e5",
	"TRUE",
}

// writeBook writes sheets with the Writer and returns the bytes.
func writeBook(t testing.TB, configure func(w *Writer), fill func(w *Writer)) []byte {
	t.Helper()
	var buf bytes.Buffer
	w := NewWriter(&buf)
	if configure != nil {
		configure(w)
	}
	fill(w)
	require.NoError(t, w.Close())
	return buf.Bytes()
}

func TestWriteReadRoundTrip(t *testing.T) {
	when := time.Date(2019, 7, 17, 19, 55, 35, 0, time.UTC)
	day := time.Date(2021, 3, 2, 0, 0, 0, 0, time.UTC)
	header := []string{"Text", "Int", "Int64", "Float", "Bool", "Date", "DateTime", "Empty", "Unicode", "Multiline", "Uint8", "Hierarchical Name", "", "Hierarchical Name"}
	rows := [][]any{
		{"plain", 42, int64(-7), 3.25, true, day, when, nil, "naïve café 😀 中文 עברית", "line 1\nline 2", uint8(255), "Nodes\\\\Errors\\False Hit", nil, "Files\\\\BWOH\\\\x"},
		{"second", 0, int64(math.MaxInt32), -0.5, false, day.AddDate(0, 0, 1), when.Add(time.Hour), "", "👩‍👩‍👧‍👦", "crlf\r\nline", uint8(0), "a", "blank header", "b"},
	}
	for _, s := range formulaLike {
		rows = append(rows, []any{s, nil, nil, nil, nil, nil, nil, nil, s, s, nil, s, s, s})
	}
	data := writeBook(t, nil, func(w *Writer) {
		s, err := w.AddSheet("Everything", header)
		require.NoError(t, err)
		for _, r := range rows {
			require.NoError(t, s.WriteRow(r...))
		}
		big, err := w.AddSheet("Big", []string{"N", "Label", "When"})
		require.NoError(t, err)
		for i := 1; i <= 2000; i++ {
			require.NoError(t, big.WriteRow(i, "row "+strconv.Itoa(i), when.AddDate(0, 0, i)))
		}
	})

	wb := readBytes(t, nil, data)
	require.Len(t, wb.Sheets, 2)
	s := wb.Sheets[0]
	assert.Equal(t, "Everything", s.Name)
	assert.Equal(t, []string{"Text", "Int", "Int64", "Float", "Bool", "Date", "DateTime", "Empty", "Unicode", "Multiline", "Uint8", "Hierarchical Name", "col13", "Hierarchical Name (2)"}, keys(s))
	require.Len(t, s.Rows, len(rows))

	r := s.Rows[0]
	assert.Equal(t, 2, r.Num)
	want := []struct {
		value string
		typ   CellType
	}{
		{"plain", TypeString}, {"42", TypeNumber}, {"-7", TypeNumber}, {"3.25", TypeNumber}, {"TRUE", TypeBool},
		{"2021-03-02", TypeDate}, {"2019-07-17 19:55:35", TypeDate}, {"", TypeEmpty},
		{"naïve café 😀 中文 עברית", TypeString}, {"line 1\nline 2", TypeString}, {"255", TypeNumber},
		{"Nodes\\\\Errors\\False Hit", TypeString}, {"", TypeEmpty}, {"Files\\\\BWOH\\\\x", TypeString},
	}
	require.Len(t, r.Cells, len(want))
	for i, w := range want {
		assert.Equal(t, w.value, r.Cells[i].Value, header[i])
		assert.Equal(t, w.typ, r.Cells[i].Type, header[i])
		assert.Empty(t, r.Cells[i].Formula)
	}
	tm, err := r.Get("DateTime").Time()
	require.NoError(t, err)
	assert.Equal(t, when, tm)
	tm, err = r.Get("Date").Time()
	require.NoError(t, err)
	assert.Equal(t, day, tm)
	n, err := r.Get("Int").Int()
	require.NoError(t, err)
	assert.Equal(t, 42, n)

	r = s.Rows[1]
	assert.Equal(t, "👩‍👩‍👧‍👦", r.Get("Unicode").Value)
	assert.Equal(t, "crlf\r\nline", r.Get("Multiline").Value, "CR is kept")
	assert.Equal(t, TypeEmpty, r.Get("Empty").Type, `"" is an empty cell`)
	assert.Equal(t, "FALSE", r.Get("Bool").Value)
	assert.Equal(t, "2147483647", r.Get("Int64").Value)

	for i, str := range formulaLike {
		r := s.Rows[2+i]
		for _, key := range []string{"Text", "Unicode", "Multiline", "Hierarchical Name", "col13", "Hierarchical Name (2)"} {
			c := r.Get(key)
			assert.Equal(t, str, c.Value, "%q in %s", str, key)
			assert.Equal(t, str, c.Raw)
			assert.Equal(t, TypeString, c.Type, "%q stays a string", str)
			assert.Empty(t, c.Formula)
		}
	}

	big := wb.Sheet("Big")
	require.NotNil(t, big)
	require.Len(t, big.Rows, 2000)
	for i, r := range big.Rows {
		assert.Equal(t, i+2, r.Num)
		assert.Equal(t, strconv.Itoa(i+1), r.Get("N").Value)
		assert.Equal(t, "row "+strconv.Itoa(i+1), r.Get("Label").Value)
		tm, err := r.Get("When").Time()
		require.NoError(t, err)
		require.Equal(t, when.AddDate(0, 0, i+1), tm)
	}
}

// sheetCells parses a worksheet part into its cells.
type xmlCell struct {
	Ref  string  `xml:"r,attr"`
	Type string  `xml:"t,attr"`
	F    *string `xml:"f"`
	V    *string `xml:"v"`
	IS   *struct {
		T string `xml:"t"`
	} `xml:"is"`
}

func sheetCells(t *testing.T, data []byte, part string) map[string]xmlCell {
	t.Helper()
	var ws struct {
		Rows []struct {
			Cells []xmlCell `xml:"c"`
		} `xml:"sheetData>row"`
	}
	require.NoError(t, xml.Unmarshal(unzipPart(t, data, part), &ws))
	cells := map[string]xmlCell{}
	for _, r := range ws.Rows {
		for _, c := range r.Cells {
			cells[c.Ref] = c
		}
	}
	return cells
}

func unzipPart(t *testing.T, data []byte, name string) []byte {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	require.NoError(t, err)
	rc, err := zr.Open(name)
	require.NoError(t, err)
	defer rc.Close()
	b, err := io.ReadAll(rc)
	require.NoError(t, err)
	return b
}

// TestWriteFormulaInjectionXML checks the written XML itself: no formula
// element, a string cell type, the text unchanged.
func TestWriteFormulaInjectionXML(t *testing.T) {
	data := writeBook(t, nil, func(w *Writer) {
		s, err := w.AddSheet("Sheet1", []string{"=Value"})
		require.NoError(t, err)
		for _, str := range formulaLike {
			require.NoError(t, s.WriteRow(str))
		}
	})
	assert.NotContains(t, string(unzipPart(t, data, "xl/worksheets/sheet1.xml")), "<f>")
	assert.NotContains(t, string(unzipPart(t, data, "xl/worksheets/sheet1.xml")), "<f ")
	cells := sheetCells(t, data, "xl/worksheets/sheet1.xml")
	require.NotNil(t, cells["A1"].IS, "the header is text too")
	assert.Nil(t, cells["A1"].F)
	assert.Equal(t, "=Value", cells["A1"].IS.T)
	for i, str := range formulaLike {
		ref := "A" + strconv.Itoa(i+2)
		c, ok := cells[ref]
		require.True(t, ok, ref)
		assert.Nil(t, c.F, "%s %q has a formula", ref, str)
		assert.Contains(t, []string{"inlineStr", "s"}, c.Type, "%s %q is not a string cell", ref, str)
		require.NotNil(t, c.IS, ref)
		assert.Equal(t, str, c.IS.T, "%s: stored text must be unchanged", ref)
	}
	// And through the Reader.
	s := readBytes(t, nil, data).Sheets[0]
	assert.Equal(t, "=Value", s.Header[0].Name)
	for i, str := range formulaLike {
		c := s.Rows[i].Cells[0]
		assert.Equal(t, str, c.Value)
		assert.Equal(t, TypeString, c.Type)
		assert.Empty(t, c.Formula)
	}
}

func TestWriteControlCharacters(t *testing.T) {
	in := []string{
		"a\x01b\x00c\x1Fd\uFFFEe\uFFFFf",
		"bad utf-8 \xff\xfe end",
		"\x0bvertical tab",
		"keep\ttab\nnewline\rcr",
		"literal _x0001_ escape",
		"literal _x005F_ underscore",
	}
	want := []string{
		"a\uFFFDb\uFFFDc\uFFFDd\uFFFDe\uFFFDf",
		"bad utf-8 \uFFFD\uFFFD end",
		"\uFFFDvertical tab",
		"keep\ttab\nnewline\rcr",
		"literal _x0001_ escape",
		"literal _x005F_ underscore",
	}
	data := writeBook(t, nil, func(w *Writer) {
		s, err := w.AddSheet("Sheet1", []string{"Text\x02"})
		require.NoError(t, err)
		for _, str := range in {
			require.NoError(t, s.WriteRow(str))
		}
	})
	// Every XML part must be well-formed.
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	require.NoError(t, err)
	for _, f := range zr.File {
		if !strings.HasSuffix(f.Name, ".xml") && !strings.HasSuffix(f.Name, ".rels") {
			continue
		}
		d := xml.NewDecoder(bytes.NewReader(unzipPart(t, data, f.Name)))
		for {
			_, err := d.Token()
			if err == io.EOF {
				break
			}
			require.NoError(t, err, f.Name)
		}
	}
	s := readBytes(t, nil, data).Sheets[0]
	assert.Equal(t, "Text\uFFFD", s.Header[0].Name)
	require.Len(t, s.Rows, len(want))
	for i, w := range want {
		assert.Equal(t, w, s.Rows[i].Cells[0].Value)
	}
}

func TestWriteSheetLayout(t *testing.T) {
	long := strings.Repeat("word ", 30) // 150 characters
	data := writeBook(t, func(w *Writer) { w.sampleRows = 3 }, func(w *Writer) {
		s, err := w.AddSheet("Codes", []string{"Name", "Description", "Files", "A rather long header text, longer than sixty characters, for a column", "Notes"})
		require.NoError(t, err)
		require.NoError(t, s.WriteRow("Issues", "short", 1, nil, "two\nlines"))
		require.NoError(t, s.WriteRow("Issues\\Heavy", long, 2, nil, nil))
		for i := 0; i < 20; i++ {
			require.NoError(t, s.WriteRow("x", "y", i, nil, nil, "beyond the header"))
		}
	})
	f, err := excelize.OpenReader(bytes.NewReader(data))
	require.NoError(t, err)
	defer f.Close()

	// Header bold.
	for _, ref := range []string{"A1", "B1", "E1"} {
		id, err := f.GetCellStyle("Codes", ref)
		require.NoError(t, err)
		st, err := f.GetStyle(id)
		require.NoError(t, err)
		require.NotNil(t, st.Font, ref)
		assert.True(t, st.Font.Bold, ref)
	}
	id, err := f.GetCellStyle("Codes", "A2")
	require.NoError(t, err)
	st, err := f.GetStyle(id)
	require.NoError(t, err)
	assert.True(t, st.Font == nil || !st.Font.Bold, "data is not bold")

	// Frozen below row 1.
	panes, err := f.GetPanes("Codes")
	require.NoError(t, err)
	assert.True(t, panes.Freeze)
	assert.Equal(t, 1, panes.YSplit)
	assert.Equal(t, 0, panes.XSplit)
	assert.Equal(t, "A2", panes.TopLeftCell)

	// Autofilter over the header and all rows, including the column beyond
	// the header.
	var ws struct {
		AutoFilter *struct {
			Ref string `xml:"ref,attr"`
		} `xml:"autoFilter"`
	}
	require.NoError(t, xml.Unmarshal(unzipPart(t, data, "xl/worksheets/sheet1.xml"), &ws))
	require.NotNil(t, ws.AutoFilter)
	assert.Equal(t, "A1:F23", strings.ReplaceAll(ws.AutoFilter.Ref, "$", ""))
	var found bool
	for _, dn := range f.GetDefinedName() {
		if dn.Name == "_xlnm._FilterDatabase" {
			found = true
			assert.Equal(t, "Codes", dn.Scope)
			assert.Equal(t, "'Codes'!$A$1:$F$23", dn.RefersTo)
		}
	}
	assert.True(t, found, "the autofilter's defined name")

	// Widths from the content, clamped; wrapping where text is long.
	width := func(col string) float64 {
		w, err := f.GetColWidth("Codes", col)
		require.NoError(t, err)
		return w
	}
	assert.Equal(t, 14.0, width("A"), "len(Issues\\Heavy)+2")
	assert.Equal(t, defaultMaxColumnWidth, width("B"), "long text is clamped")
	assert.Equal(t, defaultMinColumnWidth, width("C"), "short numbers get the minimum")
	assert.Equal(t, defaultMaxColumnWidth, width("D"), "a long header is clamped too")
	wraps := func(col string) bool {
		id, err := f.GetColStyle("Codes", col)
		require.NoError(t, err)
		st, err := f.GetStyle(id)
		require.NoError(t, err)
		return st.Alignment != nil && st.Alignment.WrapText
	}
	assert.False(t, wraps("A"))
	assert.True(t, wraps("B"), "long text wraps")
	assert.False(t, wraps("C"))
	assert.True(t, wraps("D"), "a long header wraps")
	assert.True(t, wraps("E"), "multi-line text wraps")
	id, err = f.GetCellStyle("Codes", "B3")
	require.NoError(t, err)
	st, err = f.GetStyle(id)
	require.NoError(t, err)
	require.NotNil(t, st.Alignment)
	assert.True(t, st.Alignment.WrapText, "cells of a wrapping column wrap")

	// The columns are written in ascending order, as Excel expects.
	var cols struct {
		Col []struct {
			Min int `xml:"min,attr"`
		} `xml:"cols>col"`
	}
	require.NoError(t, xml.Unmarshal(unzipPart(t, data, "xl/worksheets/sheet1.xml"), &cols))
	require.NotEmpty(t, cols.Col)
	for i := 1; i < len(cols.Col); i++ {
		assert.Less(t, cols.Col[i-1].Min, cols.Col[i].Min)
	}
}

func TestWriteWithoutHeader(t *testing.T) {
	data := writeBook(t, nil, func(w *Writer) {
		s, err := w.AddSheet("Data", nil)
		require.NoError(t, err)
		require.NoError(t, s.WriteRow("a", 1))
		require.NoError(t, s.WriteRow("b", 2))
	})
	f, err := excelize.OpenReader(bytes.NewReader(data))
	require.NoError(t, err)
	defer f.Close()
	rows, err := f.GetRows("Data")
	require.NoError(t, err)
	assert.Equal(t, [][]string{{"a", "1"}, {"b", "2"}}, rows)
	panes, err := f.GetPanes("Data")
	require.NoError(t, err)
	assert.False(t, panes.Freeze)
	assert.NotContains(t, string(unzipPart(t, data, "xl/worksheets/sheet1.xml")), "autoFilter")
}

func TestWriteWideSheet(t *testing.T) {
	const width = 3000
	header := make([]string, width)
	row := make([]any, width)
	for i := range header {
		header[i] = "Column " + strconv.Itoa(i+1)
		row[i] = i
	}
	start := time.Now()
	data := writeBook(t, nil, func(w *Writer) {
		s, err := w.AddSheet("Wide", header)
		require.NoError(t, err)
		for i := 0; i < 10; i++ {
			require.NoError(t, s.WriteRow(row...))
		}
	})
	assert.Less(t, time.Since(start), 20*time.Second)
	s := readBytes(t, nil, data).Sheets[0]
	require.Len(t, s.Header, width)
	require.Len(t, s.Rows, 10)
	assert.Equal(t, "2999", s.Rows[9].Get("Column 3000").Value)
}

func TestValidSheetName(t *testing.T) {
	tests := []struct {
		name string
		ok   bool
	}{
		{"Codebook", true},
		{"Coding Summary By Code Extrac-0", true}, // 31 characters
		{"Coding Summary By Code Extract-0", false},
		{strings.Repeat("é", 31), true},
		{strings.Repeat("😀", 16), false}, // 32 UTF-16 units
		{"", false},
		{"a/b", false},
		{`a\b`, false},
		{"a:b", false},
		{"a?b", false},
		{"a*b", false},
		{"[a]", false},
		{"'quoted'", false},
		{"O'Brien", false},
		{"history", false},
		{"History 2", true},
		{"tab\there", false},
		{"bad \xff", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := ValidSheetName(tt.name)
			if tt.ok {
				assert.NoError(t, err)
				return
			}
			require.ErrorIs(t, err, ErrSheetName)
			assert.True(t, strings.HasPrefix(err.Error(), "xlsx: invalid sheet name"), err.Error())
		})
	}
}

func TestWriterErrors(t *testing.T) {
	t.Run("bad values", func(t *testing.T) {
		var buf bytes.Buffer
		w := NewWriter(&buf)
		s, err := w.AddSheet("S", []string{"A", "B"})
		require.NoError(t, err)
		tests := []struct {
			row     []any
			wantErr error
			col     int
		}{
			{[]any{"ok", struct{}{}}, ErrValue, 2},
			{[]any{math.NaN()}, ErrValue, 1},
			{[]any{math.Inf(-1)}, ErrValue, 1},
			{[]any{time.Second}, ErrValue, 1},
			{[]any{"x", strings.Repeat("y", maxCellChars+1)}, ErrTooLarge, 2},
			{[]any{strings.Repeat("😀", maxCellChars/2+1)}, ErrTooLarge, 1}, // counted in UTF-16 units
		}
		for _, tt := range tests {
			err := s.WriteRow(tt.row...)
			require.ErrorIs(t, err, tt.wantErr)
			var ce *CellError
			require.ErrorAs(t, err, &ce)
			assert.Equal(t, "S", ce.Sheet)
			assert.Equal(t, 2, ce.Row, "the row that was not written")
			assert.Equal(t, tt.col, ce.Col)
		}
		assert.Contains(t, s.WriteRow("ok", struct{}{}).Error(), `xlsx: sheet "S" row 2 column B (B): unsupported value: type struct {}`)
		// The sheet is still usable.
		require.NoError(t, s.WriteRow("fine", strings.Repeat("y", maxCellChars)))
		require.NoError(t, w.Close())
		wb := readBytes(t, nil, buf.Bytes())
		require.Len(t, wb.Sheets[0].Rows, 1)
		assert.Equal(t, 2, wb.Sheets[0].Rows[0].Num)
		assert.Len(t, wb.Sheets[0].Rows[0].Get("B").Value, maxCellChars)
	})
	t.Run("lifecycle", func(t *testing.T) {
		var buf bytes.Buffer
		w := NewWriter(&buf)
		first, err := w.AddSheet("One", []string{"A"})
		require.NoError(t, err)
		_, err = w.AddSheet("ONE", []string{"A"})
		require.ErrorIs(t, err, ErrSheetName)
		_, err = w.AddSheet("Two", []string{"A"})
		require.NoError(t, err)
		require.ErrorIs(t, first.WriteRow("late"), ErrClosed)
		require.NoError(t, w.Close())
		require.ErrorIs(t, w.Close(), ErrClosed)
		_, err = w.AddSheet("Three", nil)
		require.ErrorIs(t, err, ErrClosed)
		wb := readBytes(t, nil, buf.Bytes())
		assert.Len(t, wb.Sheets, 2)
	})
	t.Run("no sheet", func(t *testing.T) {
		var buf bytes.Buffer
		require.ErrorIs(t, NewWriter(&buf).Close(), ErrNoSheet)
		assert.Zero(t, buf.Len())
	})
	t.Run("failing io.Writer", func(t *testing.T) {
		w := NewWriter(failWriter{})
		s, err := w.AddSheet("S", []string{"A"})
		require.NoError(t, err)
		require.NoError(t, s.WriteRow("x"))
		err = w.Close()
		require.Error(t, err)
		assert.ErrorIs(t, err, errDiskFull)
		assert.True(t, strings.HasPrefix(err.Error(), "xlsx: "))
	})
	t.Run("times excel cannot store", func(t *testing.T) {
		data := writeBook(t, nil, func(w *Writer) {
			s, err := w.AddSheet("S", []string{"When"})
			require.NoError(t, err)
			require.NoError(t, s.WriteRow(time.Date(1850, 5, 1, 12, 0, 0, 0, time.UTC)))
			require.NoError(t, s.WriteRow(time.Time{}))
			require.NoError(t, s.WriteRow(time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)))
		})
		s := readBytes(t, nil, data).Sheets[0]
		require.Len(t, s.Rows, 2, "the zero time is an empty cell")
		c := s.Rows[0].Get("When")
		assert.Equal(t, "1850-05-01T12:00:00", c.Value)
		assert.Equal(t, TypeString, c.Type)
		tm, err := c.Time()
		require.NoError(t, err)
		assert.Equal(t, time.Date(1850, 5, 1, 12, 0, 0, 0, time.UTC), tm)
		assert.Equal(t, 4, s.Rows[1].Num)
	})
	t.Run("custom formats", func(t *testing.T) {
		data := writeBook(t, func(w *Writer) { w.DateFormat, w.DateTimeFormat = "d mmm yyyy", "m/d/yyyy h:mm AM/PM" }, func(w *Writer) {
			s, err := w.AddSheet("S", []string{"When"})
			require.NoError(t, err)
			require.NoError(t, s.WriteRow(time.Date(2021, 3, 2, 0, 0, 0, 0, time.UTC)))
			require.NoError(t, s.WriteRow(time.Date(2021, 3, 2, 13, 5, 0, 0, time.UTC)))
		})
		s := readBytes(t, nil, data).Sheets[0]
		assert.Equal(t, "2 Mar 2021", s.Rows[0].Cells[0].Value)
		assert.Equal(t, "3/2/2021 1:05 PM", s.Rows[1].Cells[0].Value)
	})
}

var errDiskFull = errors.New("disk full")

type failWriter struct{}

func (failWriter) Write([]byte) (int, error) { return 0, errDiskFull }

func TestWriteFile(t *testing.T) {
	fill := func(w *Writer) error {
		s, err := w.AddSheet("Codes", []string{"Name"})
		if err != nil {
			return err
		}
		return s.WriteRow("Issues")
	}
	t.Run("writes", func(t *testing.T) {
		dir := t.TempDir()
		name := filepath.Join(dir, "out.xlsx")
		require.NoError(t, WriteFile(name, fill))
		wb, err := (&Reader{}).ReadFile(name)
		require.NoError(t, err)
		assert.Equal(t, "Issues", wb.Sheets[0].Rows[0].Get("Name").Value)
		fi, err := os.Stat(name)
		require.NoError(t, err)
		assert.Equal(t, os.FileMode(0o644), fi.Mode().Perm())
		assertOnlyFiles(t, dir, "out.xlsx")
		// Replacing an existing file.
		require.NoError(t, WriteFile(name, fill))
		assertOnlyFiles(t, dir, "out.xlsx")
	})
	t.Run("fill fails", func(t *testing.T) {
		dir := t.TempDir()
		name := filepath.Join(dir, "out.xlsx")
		require.NoError(t, os.WriteFile(name, []byte("old"), 0o600))
		boom := errors.New("boom")
		err := WriteFile(name, func(w *Writer) error {
			if err := fill(w); err != nil {
				return err
			}
			return boom
		})
		require.ErrorIs(t, err, boom)
		got, err := os.ReadFile(name)
		require.NoError(t, err)
		assert.Equal(t, "old", string(got), "the old file is untouched")
		assertOnlyFiles(t, dir, "out.xlsx")
	})
	t.Run("close fails", func(t *testing.T) {
		dir := t.TempDir()
		err := WriteFile(filepath.Join(dir, "out.xlsx"), func(w *Writer) error { return nil }) // no sheet
		require.ErrorIs(t, err, ErrNoSheet)
		assertOnlyFiles(t, dir)
	})
	t.Run("fill panics", func(t *testing.T) {
		dir := t.TempDir()
		assert.Panics(t, func() {
			_ = WriteFile(filepath.Join(dir, "out.xlsx"), func(w *Writer) error {
				_ = fill(w)
				panic("bug")
			})
		})
		assertOnlyFiles(t, dir)
	})
	t.Run("missing directory", func(t *testing.T) {
		err := WriteFile(filepath.Join(t.TempDir(), "no", "such", "dir", "out.xlsx"), fill)
		require.ErrorIs(t, err, os.ErrNotExist)
	})
}

func assertOnlyFiles(t *testing.T, dir string, names ...string) {
	t.Helper()
	entries, err := os.ReadDir(dir)
	require.NoError(t, err)
	var got []string
	for _, e := range entries {
		got = append(got, e.Name())
	}
	assert.ElementsMatch(t, names, got)
}

func TestHiddenSheet(t *testing.T) {
	var buf bytes.Buffer
	w := NewWriter(&buf)
	s, err := w.AddSheet("Visible", []string{"a"})
	require.NoError(t, err)
	require.NoError(t, s.WriteRow("x"))
	h, err := w.AddSheet("Hidden", []string{"data"})
	require.NoError(t, err)
	h.Hide()
	require.NoError(t, h.WriteRow("secret"))
	require.NoError(t, w.Close())
	f, err := excelize.OpenReader(bytes.NewReader(buf.Bytes()))
	require.NoError(t, err)
	defer f.Close()
	visible, err := f.GetSheetVisible("Hidden")
	require.NoError(t, err)
	assert.False(t, visible)
	visible, err = f.GetSheetVisible("Visible")
	require.NoError(t, err)
	assert.True(t, visible)
	wb, err := (&Reader{}).Read(bytes.NewReader(buf.Bytes()))
	require.NoError(t, err)
	require.NotNil(t, wb.Sheet("Hidden"), "hidden sheets are read")
	assert.Equal(t, "secret", wb.Sheet("Hidden").Rows[0].Cells[0].Value)
}

// writeSizes records the size of every Write call.
type writeSizes struct {
	buf     bytes.Buffer
	largest int
}

func (w *writeSizes) Write(p []byte) (int, error) {
	w.largest = max(w.largest, len(p))
	return w.buf.Write(p)
}

// TestWriterStreams: the workbook goes to the io.Writer as it is zipped,
// not assembled in memory first, and the bytes are those of excelize's own
// buffered path (which the Writer takes only when a part could reach
// 4 GiB).
func TestWriterStreams(t *testing.T) {
	write := func(streamLimit int64) *writeSizes {
		out := &writeSizes{}
		w := NewWriter(out)
		w.streamLimit = streamLimit
		s, err := w.AddSheet("Rows", []string{"N", "Text", "When"})
		require.NoError(t, err)
		for i := range 20_000 {
			// text that deflate cannot shrink much, so the file is large
			text := strconv.FormatUint(uint64(i)*2654435761%1_000_000_007, 36) + " " + strings.Repeat(strconv.Itoa(i*7919), 8)
			require.NoError(t, s.WriteRow(i, text, time.Date(2024, 1, 1+i%28, 0, 0, 0, 0, time.UTC)))
		}
		require.NoError(t, w.Close())
		return out
	}
	streamed := write(0)
	buffered := write(1)
	require.Greater(t, buffered.buf.Len(), 256<<10, "a workbook of some size")
	assert.Equal(t, buffered.buf.Len(), buffered.largest, "excelize's path writes the whole file at once")
	assert.Less(t, streamed.largest, 64<<10, "streamed: no write holds more than a few buffers")
	assert.True(t, bytes.Equal(buffered.buf.Bytes(), streamed.buf.Bytes()), "the same bytes either way")
	f, err := excelize.OpenReader(bytes.NewReader(streamed.buf.Bytes()))
	require.NoError(t, err)
	defer f.Close()
	v, err := f.GetCellValue("Rows", "A20001")
	require.NoError(t, err)
	assert.Equal(t, "19999", v)
}
