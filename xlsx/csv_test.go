package xlsx

import (
	"encoding/csv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestReadCSV(t *testing.T) {
	// NVivo's matrix export: a BOM, and a first header cell that is a newline.
	in := "\ufeff\"\n\",A : Academic Success,B : Access,H : Academic Success\r\n" +
		"1 : File one,1,0,2\r\n" +
		",,,\r\n" + // blank record: left out
		"\"2 : File, \"\"two\"\"\",\"multi\r\nline\",3\r\n" + // short row, quoted comma, quotes, CRLF inside
		"3 : three,4,5,6,extra\r\n"
	s, err := (&Reader{}).ReadCSV(strings.NewReader(in))
	require.NoError(t, err)
	assert.Equal(t, "", s.Name)
	assert.Equal(t, "\n", s.Header[0].Name)
	assert.Equal(t, []string{"col1", "A : Academic Success", "B : Access", "H : Academic Success"}, keys(s))
	require.Len(t, s.Rows, 3)
	assert.Equal(t, 2, s.Rows[0].Num)
	assert.Equal(t, []string{"1 : File one", "1", "0", "2"}, values(s.Rows[0]))
	assert.Equal(t, 4, s.Rows[1].Num, "record numbers count the blank record")
	assert.Equal(t, []string{`2 : File, "two"`, "multi\nline", "3", ""}, values(s.Rows[1]))
	assert.Equal(t, TypeEmpty, s.Rows[1].Cells[3].Type, "padding is empty")
	assert.Equal(t, []string{"3 : three", "4", "5", "6", "extra"}, values(s.Rows[2]))
	assert.Equal(t, "extra", s.Rows[2].Get("col5").Value)
	for _, c := range s.Rows[0].Cells {
		assert.Equal(t, TypeString, c.Type)
		assert.Equal(t, c.Value, c.Raw)
	}
	n, err := s.Rows[2].Get("h : academic success").Int()
	require.NoError(t, err)
	assert.Equal(t, 6, n)
}

func TestReadCSVConversions(t *testing.T) {
	in := ",Name,In Folder,References,Coverage,Modified On\n" +
		",BWOH_Height_Dorothy,Files,1,0.05%,3/2/2021 1:00 AM\n"
	s, err := (&Reader{}).ReadCSV(strings.NewReader(in))
	require.NoError(t, err)
	r := s.Rows[0]
	cov, err := r.Get("Coverage").Float()
	require.NoError(t, err)
	assert.InDelta(t, 0.0005, cov, 1e-15)
	tm, err := r.Get("Modified On").Time()
	require.NoError(t, err)
	assert.Equal(t, time.Date(2021, 3, 2, 1, 0, 0, 0, time.UTC), tm)

	// Reader.DateLayouts apply to CSV too.
	s, err = (&Reader{DateLayouts: []string{"2.1.2006"}}).ReadCSV(strings.NewReader("When\n30.11.2020\n"))
	require.NoError(t, err)
	tm, err = s.Rows[0].Get("When").Time()
	require.NoError(t, err)
	assert.Equal(t, time.Date(2020, 11, 30, 0, 0, 0, 0, time.UTC), tm)
}

func TestReadCSVErrors(t *testing.T) {
	tests := []struct {
		name    string
		rd      Reader
		in      string
		wantErr error
		row     int
	}{
		{name: "bare quote", in: "a,b\nx\"y,z\n", wantErr: ErrMalformed},
		{name: "unterminated quote", in: "a,b\n\"x,z\n", wantErr: ErrMalformed},
		{name: "invalid utf-8", in: "a,b\nx,\xff\n", wantErr: ErrMalformed, row: 2},
		{name: "too many bytes", rd: Reader{MaxBytes: 10}, in: "a,b\n1234,5678\n", wantErr: ErrTooLarge},
		{name: "too many records", rd: Reader{MaxRows: 2}, in: "a\n1\n2\n", wantErr: ErrTooLarge, row: 3},
		{name: "too many fields", rd: Reader{MaxColumns: 2}, in: "a,b,c\n", wantErr: ErrTooLarge, row: 1},
		{name: "field too long", rd: Reader{MaxCellBytes: 3}, in: "a\nabcd\n", wantErr: ErrTooLarge, row: 2},
		{name: "too many cells", rd: Reader{MaxCells: 5}, in: "a,b,c\n1\n2\n", wantErr: ErrTooLarge, row: 3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := tt.rd.ReadCSV(strings.NewReader(tt.in))
			require.Error(t, err)
			assert.Nil(t, s)
			assert.ErrorIs(t, err, tt.wantErr)
			assert.True(t, strings.HasPrefix(err.Error(), "xlsx: "), err.Error())
			if tt.row != 0 {
				var ce *CellError
				require.ErrorAs(t, err, &ce)
				assert.Equal(t, tt.row, ce.Row)
			}
		})
	}
	_, err := (&Reader{}).ReadCSV(strings.NewReader("a\n\"x"))
	var pe *csv.ParseError
	assert.ErrorAs(t, err, &pe, "the csv.ParseError with its line is kept")

	// Exactly at the byte limit is fine.
	s, err := (&Reader{MaxBytes: 6}).ReadCSV(strings.NewReader("a\nbcd\n"))
	require.NoError(t, err)
	assert.Equal(t, "bcd", s.Rows[0].Cells[0].Value)
}

func TestReadCSVEmpty(t *testing.T) {
	s, err := (&Reader{}).ReadCSV(strings.NewReader(""))
	require.NoError(t, err)
	assert.Empty(t, s.Header)
	assert.Empty(t, s.Rows)
	s, err = (&Reader{}).ReadCSV(strings.NewReader("\ufeff"))
	require.NoError(t, err)
	assert.Empty(t, s.Header)
}

// TestReadCSVLineEnds reads records ending in LF, CR LF and a lone CR (old
// Mac line ends), alone and mixed: each ends a record, except inside
// quotes, where a lone CR stays in the field.
func TestReadCSVLineEnds(t *testing.T) {
	long := strings.Repeat("x", 4095) // puts a CR at the end of bufio's 4096-byte buffer
	tests := []struct {
		name   string
		in     string
		header []string
		rows   [][]string
		nums   []int
	}{
		{"LF", "Folder,Name\nCodes,A\nCodes,B\n", []string{"Folder", "Name"}, [][]string{{"Codes", "A"}, {"Codes", "B"}}, []int{2, 3}},
		{"CR LF", "Folder,Name\r\nCodes,A\r\nCodes,B\r\n", []string{"Folder", "Name"}, [][]string{{"Codes", "A"}, {"Codes", "B"}}, []int{2, 3}},
		{"lone CR", "Folder,Name\rCodes,A\rCodes,B\r", []string{"Folder", "Name"}, [][]string{{"Codes", "A"}, {"Codes", "B"}}, []int{2, 3}},
		{"lone CR, no final line end", "Folder,Name\rCodes,A\rCodes,B", []string{"Folder", "Name"}, [][]string{{"Codes", "A"}, {"Codes", "B"}}, []int{2, 3}},
		{"mixed", "Folder,Name\r\nCodes,A\rCodes,B\nCodes,C\r\n", []string{"Folder", "Name"}, [][]string{{"Codes", "A"}, {"Codes", "B"}, {"Codes", "C"}}, []int{2, 3, 4}},
		{"one lone CR in a CR LF file", "Folder,Name,Description\r\nCodes,A,one\rCodes,B,two\r\nCodes,C,three\r\n",
			[]string{"Folder", "Name", "Description"}, [][]string{{"Codes", "A", "one"}, {"Codes", "B", "two"}, {"Codes", "C", "three"}}, []int{2, 3, 4}},
		{"empty lines of every kind", "h\r\r\n\n\ra\r\r", []string{"h"}, [][]string{{"a"}}, []int{2}},
		{"lone CR in a quoted field stays", "h1,h2\r\"x\ry\",z\r", []string{"h1", "h2"}, [][]string{{"x\ry", "z"}}, []int{2}},
		{"LF in a quoted field stays", "h1,h2\r\"x\ny\",z\r", []string{"h1", "h2"}, [][]string{{"x\ny", "z"}}, []int{2}},
		{"CR LF in a quoted field is LF", "h1,h2\r\"x\r\ny\",z\r", []string{"h1", "h2"}, [][]string{{"x\ny", "z"}}, []int{2}},
		{"CR at the end of a quoted field", "h1,h2\r\"x\r\",z\r", []string{"h1", "h2"}, [][]string{{"x\r", "z"}}, []int{2}},
		{"CR at a buffer boundary", "h\r" + long[:4093] + "\r" + "a\r", []string{"h"}, [][]string{{long[:4093]}, {"a"}}, []int{2, 3}},
		{"CR LF at a buffer boundary", "h\r\n" + long[:4092] + "\r\n" + "a\r\n", []string{"h"}, [][]string{{long[:4092]}, {"a"}}, []int{2, 3}},
		{"BOM and lone CR", "\ufeffName\rA\r", []string{"Name"}, [][]string{{"A"}}, []int{2}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := (&Reader{}).ReadCSV(strings.NewReader(tt.in))
			require.NoError(t, err)
			var header []string
			for _, c := range s.Header {
				header = append(header, c.Name)
			}
			assert.Equal(t, tt.header, header)
			var rows [][]string
			var nums []int
			for _, r := range s.Rows {
				rows = append(rows, values(r))
				nums = append(nums, r.Num)
			}
			assert.Equal(t, tt.rows, rows)
			assert.Equal(t, tt.nums, nums)
		})
	}
}

// TestReadCSVErrorPositions checks that the line and column of a quoting
// error count every line end, a lone CR too, inside quotes as well.
func TestReadCSVErrorPositions(t *testing.T) {
	tests := []struct {
		name            string
		in              string
		startLine, line int
		column          int
		err             error
	}{
		{"bare quote, LF", "a,b\nc,d\nx\"y,z\n", 3, 3, 2, csv.ErrBareQuote},
		{"bare quote, lone CR", "a,b\rc,d\rx\"y,z\r", 3, 3, 2, csv.ErrBareQuote},
		{"stray quote, mixed", "a,b\r\nc,d\rx,\"y\"z\n", 3, 3, 5, csv.ErrQuote},
		{"after a quoted field with lone CRs", "a\r\"multi\rline\"\rx\"y\r", 4, 4, 2, csv.ErrBareQuote},
		{"in a quoted field across lone CRs", "a\r\"multi\rline\"x\r", 2, 3, 5, csv.ErrQuote},
		{"unterminated quote, lone CR", "a\r\"x\ry", 2, 3, 2, csv.ErrQuote},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := (&Reader{}).ReadCSV(strings.NewReader(tt.in))
			require.Error(t, err)
			assert.ErrorIs(t, err, ErrMalformed)
			var pe *csv.ParseError
			require.ErrorAs(t, err, &pe)
			assert.Equal(t, tt.startLine, pe.StartLine, "start line")
			assert.Equal(t, tt.line, pe.Line, "line")
			assert.Equal(t, tt.column, pe.Column, "column")
			assert.ErrorIs(t, pe.Err, tt.err)
		})
	}
}
