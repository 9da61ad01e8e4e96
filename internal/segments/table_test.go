package segments_test

import (
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/qdabridge/qdabridge/internal/segments"
	"github.com/qdabridge/qdabridge/internal/segments/segtest"
)

var errNotMine = segments.ErrNoRows // any sentinel stands for a reader's ErrNotXxx

func TestReadTableCSV(t *testing.T) {
	tests := []struct {
		name   string
		data   string
		comma  rune
		header []string
		rows   [][]string
		nums   []int
		warn   string
	}{
		{"semicolons and BOM", "\uFEFFNumber;Text\n1:1;\"a; b\"\n", ';', []string{"Number", "Text"}, [][]string{{"1:1", "a; b"}}, []int{2}, ""},
		{"commas, CR LF, quoted line breaks", "a,b\r\n1,\"x\r\ny\"\r\n\r\n2,z\r\n", ',', []string{"a", "b"}, [][]string{{"1", "x\ny"}, {"2", "z"}}, []int{2, 3}, ""},
		{"tabs", "a\tb\n1\t2\n", '\t', []string{"a", "b"}, [][]string{{"1", "2"}}, []int{2}, ""},
		{"bare quote read leniently", "a;b\n1;say \"hi\" now\n", ';', []string{"a", "b"}, [][]string{{"1", `say "hi" now`}}, []int{2}, "quotes read leniently"},
		{"blank rows left out", "a,b\n,\n1,2\n", ',', []string{"a", "b"}, [][]string{{"1", "2"}}, []int{3}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := segtest.WriteFile(t, t.TempDir(), "t.csv", []byte(tt.data))
			tab, err := segments.ReadTable("x", p, nil, errNotMine, segments.Limits{})
			require.NoError(t, err)
			assert.Equal(t, tt.comma, tab.Comma)
			assert.Equal(t, tt.header, tab.Header)
			var rows [][]string
			var nums []int
			for _, r := range tab.Rows {
				rows = append(rows, r.Cells)
				nums = append(nums, r.Num)
			}
			assert.Equal(t, tt.rows, rows)
			assert.Equal(t, tt.nums, nums)
			if tt.warn != "" {
				require.Len(t, tab.Warnings, 1)
				assert.Contains(t, tab.Warnings[0].String(), tt.warn)
			}
		})
	}
}

func TestReadTableErrors(t *testing.T) {
	tests := []struct {
		name string
		data string
		lim  segments.Limits
		is   error
		want string
	}{
		{"quote not closed", "a,b\n1,\"open\n2,3\n", segments.Limits{}, segments.ErrMalformed, "x: t.csv row 2: malformed table"},
		{"too many rows", "a\n1\n2\n3\n", segments.Limits{MaxRows: 2}, segments.ErrTooLarge, "row 4"},
		{"too many columns", "a,b,c\n", segments.Limits{MaxColumns: 2}, segments.ErrTooLarge, "row 1"},
		{"cell too large", "a,b\n1,12345\n", segments.Limits{MaxCellBytes: 4}, segments.ErrTooLarge, `row 2 column "b"`},
		{"file too large", "a,b\n1,2\n", segments.Limits{MaxBytes: 4}, segments.ErrTooLarge, "t.csv"},
		{"not UTF-8", "a,b\n1,\xff\n", segments.Limits{}, segments.ErrMalformed, `row 2 column "b": malformed table: not UTF-8`},
		{"binary", "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", segments.Limits{}, errNotMine, "old .xls"},
		{"damaged workbook", "PK\x03\x04 truncated", segments.Limits{}, segments.ErrMalformed, "damaged workbook"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := segtest.WriteFile(t, t.TempDir(), "t.csv", []byte(tt.data))
			_, err := segments.ReadTable("x", p, nil, errNotMine, tt.lim)
			require.Error(t, err)
			assert.ErrorIs(t, err, tt.is)
			assert.Contains(t, err.Error(), tt.want)
			assert.NotContains(t, err.Error(), "\n")
		})
	}
}

// TestReadTableHeaderFirst: a file whose header is not the tool's is
// refused as notMine whatever its other rows hold, so that a caller trying
// readers in turn goes on to the next one (which may read it).
func TestReadTableHeaderFirst(t *testing.T) {
	tests := []struct {
		name string
		data string
	}{
		{"quote not closed after the header", "Folder,Name\nCodes,\"open\nx,y\n"},
		{"not UTF-8 after the header", "Folder,Name\nCodes,\xff\n"},
		{"larger than the limit", "Folder,Name\n" + strings.Repeat("a,b\n", 100)},
		{"damaged workbook", "PK\x03\x04 truncated"},
	}
	wantHeader := func(h []string) bool { return len(h) > 0 && h[0] == "Code" }
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := segtest.WriteFile(t, t.TempDir(), "t.csv", []byte(tt.data))
			_, err := segments.ReadTable("x", p, wantHeader, errNotMine, segments.Limits{MaxBytes: 64})
			require.Error(t, err)
			assert.ErrorIs(t, err, errNotMine)
		})
	}
}

func TestReadTableWorkbook(t *testing.T) {
	dir := t.TempDir()
	p := segtest.WriteXLSX(t, dir, "w.xlsx", "Data", [][]any{{"Created", "Text"}, {time.Date(2022, 6, 26, 13, 40, 33, 0, time.UTC), "a"}, {"26.06.2022 13:40:33", "b"}})
	tab, err := segments.ReadTable("x", p, func(h []string) bool { return len(h) == 2 }, errNotMine, segments.Limits{})
	require.NoError(t, err)
	assert.Equal(t, "Data", tab.Sheet)
	assert.Equal(t, "w.xlsx:Data", tab.Key())
	require.Len(t, tab.Rows, 2)
	for _, r := range tab.Rows {
		tm, ok := segments.ParseTime(r.Cell(0))
		require.True(t, ok, r.Cell(0))
		assert.Equal(t, time.Date(2022, 6, 26, 13, 40, 33, 0, time.UTC), tm)
	}
	_, err = segments.ReadTable("x", p, func(h []string) bool { return false }, errNotMine, segments.Limits{})
	assert.ErrorIs(t, err, errNotMine)
	assert.Contains(t, err.Error(), `"Data" (Created, Text)`)
}

func TestCol(t *testing.T) {
	tab := &segments.Table{Header: []string{"\uFEFFNumber", "Creation Date ", "Coverage %", "Text  Content"}}
	assert.Equal(t, 0, tab.Col("number"))
	assert.Equal(t, 1, tab.Col("Creation Date"))
	assert.Equal(t, 2, tab.Col("Coverage"))
	assert.Equal(t, 3, tab.Col("Other", "Text Content"))
	assert.Equal(t, -1, tab.Col("Codes"))
	assert.Equal(t, "", segments.TableRow{}.Cell(-1))
}

func TestParseTime(t *testing.T) {
	for in, want := range map[string]string{
		"26.06.2022 13:40:33":  "2022-06-26 13:40:33",
		"3/25/25":              "2025-03-25 00:00:00",
		"9/14/2025 4:05:06 PM": "2025-09-14 16:05:06",
		"2025-09-14 16:05:06":  "2025-09-14 16:05:06",
		"2025-09-14T16:05:06Z": "2025-09-14 16:05:06",
		" 2025-09-14 ":         "2025-09-14 00:00:00",
	} {
		tm, ok := segments.ParseTime(in)
		require.True(t, ok, in)
		assert.Equal(t, want, tm.Format("2006-01-02 15:04:05"), in)
	}
	for _, in := range []string{"", "yesterday", "32.13.2022", strings.Repeat("1", 100)} {
		_, ok := segments.ParseTime(in)
		assert.False(t, ok, in)
	}
}
