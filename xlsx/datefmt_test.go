package xlsx

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"fmt"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// dateFormats are date and time formats displayDate displays: those of
// NVivo's, MAXQDA's and this package's exports, and every field and quirk
// it handles (minutes or months, AM/PM before and after hours, hours
// after AM/PM, literal text, capitals).
var dateFormats = []string{
	"m/d/yyyy h:mm AM/PM", "m/d/yyyy h:mm:ss AM/PM", "yyyy-mm-dd hh:mm:ss", "yyyy-mm-dd", "dd/mm/yyyy hh:mm",
	"dd/mm/yyyy HH:MM", "DD.MM.YYYY", "d mmm yyyy", "dddd, mmmm d, yyyy", "ddd d mmmmm yy", "mmmmmm yyy",
	"h:mm:ss A/P", "hh:mm AM/PM", "h AM/PM", "AM/PM h:mm", "A/P hh", "h:mm AM/PM h", "hh:mm AM/PM AM/PM",
	"m:ss", "mm:ss", "h:m", "m", "mm", "mmm", "yy", "ss", "s", "h", `hh"h"mm`, `yyyy\-mm\-dd`, `"on" d-m-yy`,
	"d/m/yyyy;@", "mm/yy", "yyyymmdd hhmmss", "yyyy-mm-dd h:mm;[Red]-0", "hh:mm:ss AM/PM yyyy",
	// excelize's codes of the built-in formats 14 to 22 and 45
	"mm-dd-yy", "d-mmm-yy", "d-mmm", "mmm-yy", "h:mm AM/PM", "h:mm:ss AM/PM", "hh:mm", "hh:mm:ss", "m/d/yy hh:mm",
}

// dateValues are serial numbers as cells store them: every hour of a day,
// midnight and noon, fractions that round to the next second, minute or
// day, more digits than a double holds, and random ones.
func dateValues() []string {
	vals := []string{"62", "100", "366", "43831", "2958465", "45000.5", "45000.25", "45000.75",
		"45000.999994213", "45000.99999999", "45000.0000057870", "45000.0000057871", "45000.000005787",
		"45123.456712962964", "45123.4567129629641234", "44196.99999", "1462.5", "2958465.9999"}
	for h := 0; h < 24; h++ {
		vals = append(vals, strconv.FormatFloat(44000+float64(h)/24+float64(h)/1440, 'f', -1, 64))
	}
	r := rand.New(rand.NewPCG(1, 2))
	for range 100 {
		vals = append(vals, strconv.FormatFloat(62+r.Float64()*80000, 'f', -1, 64))
	}
	return vals
}

// attrEscape escapes s for an attribute value.
func attrEscape(s string) string {
	var b strings.Builder
	_ = xml.EscapeText(&b, []byte(s))
	return b.String()
}

// xmlChars reports whether s is text an XML document can hold.
func xmlChars(s string) bool {
	for _, r := range s {
		if r == utf8.RuneError || r < 0x20 && r != '\t' && r != '\n' && r != '\r' || r >= 0xFFFE && r <= 0xFFFF {
			return false
		}
	}
	return true
}

// excelizeDisplay displays raw with format code as excelize does.
func excelizeDisplay(t testing.TB, code string, date1904 bool, raws ...string) ([]string, error) {
	t.Helper()
	data := zipParts(t, part{"xl/styles.xml", `<?xml version="1.0" encoding="UTF-8"?><styleSheet xmlns="` + nsMain + `">` +
		`<numFmts><numFmt numFmtId="164" formatCode="` + attrEscape(code) + `"/></numFmts><cellXfs><xf numFmtId="0"/><xf numFmtId="164"/></cellXfs></styleSheet>`})
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	require.NoError(t, err)
	keys := make([]displayKey, len(raws))
	for i, r := range raws {
		keys[i] = displayKey{style: 1, v: r}
	}
	return displayScratch(keys, zr.File[0], date1904)
}

func TestDisplayDateMatchesExcelize(t *testing.T) {
	vals := dateValues()
	for _, code := range dateFormats {
		for _, date1904 := range []bool{false, true} {
			t.Run(code+"/1904="+strconv.FormatBool(date1904), func(t *testing.T) {
				l := parseDateLayout(code)
				require.NotNil(t, l, "displayed without excelize")
				want, err := excelizeDisplay(t, code, date1904, vals...)
				require.NoError(t, err)
				for i, v := range vals {
					got, ok := l.displayDate(v, date1904)
					require.True(t, ok, v)
					assert.Equal(t, want[i], got, "%s displayed with %q", v, code)
				}
			})
		}
	}
}

func TestParseDateLayout(t *testing.T) {
	tests := []struct {
		code string
		ok   bool
	}{
		{"m/d/yyyy h:mm AM/PM", true},
		{"yyyy-mm-dd", true},
		{"d/m/yyyy;@", true},
		{"[$-409]m/d/yy h:mm AM/PM;@", false}, // a language: its own month names and AM/PM
		{"[h]:mm:ss", false},                  // elapsed time
		{"mm:ss.0", false},                    // tenths of a second
		{"h:mm am/pm", false},                 // excelize reads lower-case am/pm otherwise
		{"yyyy e", false},                     // an era year
		{"aaa", false},                        // a weekday in some languages
		{"0.00", false},                       // a number
		{"@", false},                          // text
		{"General", false},
		{`"date"`, false}, // no field
		{"[Red]yyyy", false},
		{"0;yyyy", false}, // numbers shown with the first section
		{"", false},
	}
	for _, tt := range tests {
		t.Run(tt.code, func(t *testing.T) {
			assert.Equal(t, tt.ok, parseDateLayout(tt.code) != nil)
		})
	}
}

func TestDisplayDateValues(t *testing.T) {
	l := parseDateLayout("yyyy-mm-dd hh:mm:ss")
	require.NotNil(t, l)
	tests := []struct {
		raw  string
		want string
		ok   bool
	}{
		{"45000.5", "2023-03-15 12:00:00", true},
		{"45000", "2023-03-15 00:00:00", true},
		{"62", "1900-03-02 00:00:00", true},
		{"61", "", false},        // Lotus 1-2-3's leap day and before: excelize's own reckoning
		{"2958466", "", false},   // after 9999
		{"-45000", "", false},    // negative
		{"4.5E4", "", false},     // an exponent
		{" 45000", "", false},    // a space
		{"45000.", "", false},    // a bare point
		{".5", "", false},        // no integer part
		{"0x1p10", "", false},    // hexadecimal
		{"45000.5.5", "", false}, // two points
		{"", "", false},          // nothing
		{"45000.25", "2023-03-15 06:00:00", true},
	}
	for _, tt := range tests {
		t.Run(tt.raw, func(t *testing.T) {
			got, ok := l.displayDate(tt.raw, false)
			assert.Equal(t, tt.ok, ok)
			assert.Equal(t, tt.want, got)
		})
	}
}

// FuzzDisplayDate: whatever format and value displayDate displays, it
// displays as excelize does.
func FuzzDisplayDate(f *testing.F) {
	for i, code := range dateFormats {
		f.Add(code, dateValues()[i], i%2 == 0)
	}
	f.Add("h:mm AM/PM", "45000.5", false)
	f.Fuzz(func(t *testing.T, code, raw string, date1904 bool) {
		l := parseDateLayout(code)
		if l == nil || !xmlChars(code) {
			return // a styles part cannot hold the code as it is
		}
		got, ok := l.displayDate(raw, date1904)
		if !ok {
			return
		}
		want, err := excelizeDisplay(t, code, date1904, raw)
		require.NoError(t, err)
		assert.Equal(t, want[0], got, "%s displayed with %q", raw, code)
	})
}

// BenchmarkDisplayDates displays 20,000 distinct date-times of NVivo's
// "Modified On" format, here and through excelize, in the same run:
// x-excelize is this package's time over excelize's.
func BenchmarkDisplayDates(b *testing.B) {
	const code = "m/d/yyyy h:mm AM/PM"
	raws := make([]string, 20_000)
	for i := range raws {
		raws[i] = strconv.FormatFloat(44000+float64(i)*0.0137, 'f', -1, 64)
	}
	l := parseDateLayout(code)
	require.NotNil(b, l)
	var own, lib time.Duration
	for b.Loop() {
		start := time.Now()
		for _, r := range raws {
			if _, ok := l.displayDate(r, false); !ok {
				b.Fatal(r)
			}
		}
		own += time.Since(start)
		start = time.Now()
		if _, err := excelizeDisplay(b, code, false, raws...); err != nil {
			b.Fatal(err)
		}
		lib += time.Since(start)
	}
	b.ReportMetric(float64(len(raws))*float64(b.N)/own.Seconds(), "values/s")
	b.ReportMetric(float64(own)/float64(lib), "x-excelize")
}

// TestDateFormatsMatchFormerRead reads a workbook of every date format
// and value above, and of formats left to excelize (a format given twice,
// one with formatCode16, a differential format's), and wants every cell
// as the former reading, which took every displayed value from excelize.
func TestDateFormatsMatchFormerRead(t *testing.T) {
	var styles, cellXfs, rows strings.Builder
	styles.WriteString(`<numFmts>`)
	cellXfs.WriteString(`<cellXfs><xf numFmtId="0"/>`)
	codes := append(slices.Clone(dateFormats), "yyyy-mm-dd", "dd/mm/yyyy", "yyyy")
	for i, code := range codes {
		id := 164 + i
		extra := ""
		if i == len(dateFormats)+1 {
			extra = ` xmlns:x16r2="http://schemas.microsoft.com/office/spreadsheetml/2015/02/main" x16r2:formatCode16="d-m-yy"`
		}
		fmt.Fprintf(&styles, `<numFmt numFmtId="%d" formatCode="%s"%s/>`, id, attrEscape(code), extra)
		fmt.Fprintf(&cellXfs, `<xf numFmtId="%d"/>`, id)
	}
	// the built-in date formats, and one a custom format replaces
	builtIn := []int{14, 15, 16, 17, 18, 19, 20, 21, 22, 45, 47}
	for _, id := range builtIn {
		fmt.Fprintf(&cellXfs, `<xf numFmtId="%d"/>`, id)
	}
	// the first of two formats with one id is excelize's
	fmt.Fprintf(&styles, `<numFmt numFmtId="%d" formatCode="h:mm"/>`, 164+len(dateFormats))
	styles.WriteString(`<numFmt numFmtId="20" formatCode="0.00"/>`)
	styles.WriteString(`</numFmts>`)
	cellXfs.WriteString(`</cellXfs>`)
	styles.WriteString(cellXfs.String())
	// a conditional format's number format, which excelize does not read
	fmt.Fprintf(&styles, `<dxfs count="1"><dxf><numFmt numFmtId="%d" formatCode="0.00"/></dxf></dxfs>`, 164+len(codes)-1)
	vals := dateValues()[:60]
	for r, v := range vals {
		fmt.Fprintf(&rows, `<row r="%d">`, r+1)
		for c := range len(codes) + len(builtIn) {
			ref := cellName(c+1, r+1)
			fmt.Fprintf(&rows, `<c r="%s" s="%d"><v>%s</v></c>`, ref, c+1, v)
		}
		rows.WriteString(`</row>`)
	}
	data := handXLSX(t, nil, styles.String(), rawSheet{name: "S", data: rows.String()})
	rd := Reader{TempDir: t.TempDir()}
	want, err := rd.readOld(data)
	require.NoError(t, err)
	got, err := rd.Read(bytes.NewReader(data))
	require.NoError(t, err)
	sameWorkbook(t, want, got)
	assert.Equal(t, "4/9/1900 12:00 AM", got.Sheets[0].Rows[0].Cells[0].Value, "100 (the first row is the header)")

	// displayed here: the date formats; by excelize: the others
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	require.NoError(t, err)
	formats, err := newPkg(zr, 1<<30).cellFormats("xl/styles.xml")
	require.NoError(t, err)
	require.Len(t, formats, len(codes)+len(builtIn)+1)
	for i, f := range formats[1 : len(codes)+1] {
		assert.Equal(t, i < len(dateFormats) || i == len(codes)-1, f.layout != nil, codes[i])
	}
	for i, f := range formats[len(codes)+1:] {
		// 20 is a custom format here, 47 (mm:ss.0) is not displayed here
		assert.Equal(t, builtIn[i] != 20 && builtIn[i] != 47, f.layout != nil, builtIn[i])
	}
}
