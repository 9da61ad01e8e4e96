package xlsx

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"io"
	"os"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/qdabridge/qdabridge/internal/fuzzstat"
	"github.com/xuri/excelize/v2"
)

// fuzzReader has limits small enough that one input is quick to read.
var fuzzReader = Reader{
	MaxBytes:     4 << 20,
	MaxRows:      5000,
	MaxColumns:   500,
	MaxCells:     200_000,
	MaxCellBytes: 64 << 10,
	MaxSheets:    16,
	FillMerged:   true,
}

// fuzzCount counts the inputs the fuzz targets run (see .ci/fuzz and
// internal/fuzzstat: "go test -fuzz" under-reports executions for targets
// that link excelize; its progress line can stay at the seed count for the
// whole run).
var fuzzCount fuzzstat.Counter

// record counts an input and, when QDA_FUZZ_STATS names a folder, keeps
// there the inputs that made excelize panic (the panic is recovered by
// Read, so the fuzzer does not report them).
func record(data []byte, err error) {
	fuzzCount.Add()
	if dir := fuzzCount.Dir(); dir != "" && err != nil && strings.Contains(err.Error(), panicMarker) {
		_ = os.WriteFile(fmt.Sprintf("%s/panic-%d-%d", dir, os.Getpid(), len(data)), append([]byte(err.Error()+"\n"), data...), 0o644)
	}
}

// exercise uses everything a caller might use on a result, so that a bad
// Workbook panics here rather than in the caller.
func exercise(t *testing.T, wb *Workbook, err error) {
	if err != nil {
		msg := err.Error()
		if !strings.HasPrefix(msg, "xlsx: ") || strings.Contains(msg, "\n") {
			t.Fatalf("bad error message %q", msg)
		}
		if strings.Contains(msg, panicMarker) {
			t.Logf("excelize panicked (recovered): %s", msg)
		}
		if wb != nil {
			t.Fatalf("workbook and error both returned")
		}
		return
	}
	if len(wb.Sheets) == 0 {
		t.Fatal("a workbook without sheets and without error")
	}
	for _, s := range wb.Sheets {
		exerciseSheet(t, s)
		if wb.Sheet(s.Name) == nil {
			t.Fatalf("sheet %q not found by name", s.Name)
		}
	}
}

func exerciseSheet(t *testing.T, s *Sheet) {
	for _, c := range s.Header {
		if _, ok := s.Column(c.Key); !ok {
			t.Fatalf("header key %q not found", c.Key)
		}
	}
	_, _ = s.RequireColumn("Name")
	prev := 0
	for _, r := range s.Rows {
		if r.Num <= prev {
			t.Fatalf("rows out of order: %d after %d", r.Num, prev)
		}
		prev = r.Num
		if len(r.Cells) < len(s.Header) {
			t.Fatalf("row %d has %d cells for %d header columns", r.Num, len(r.Cells), len(s.Header))
		}
		for i, c := range r.Cells {
			col := s.ColumnAt(i)
			if got := r.Get(col.Key); got.Value != c.Value || got.Raw != c.Raw || got.Type != c.Type || got.Formula != c.Formula {
				t.Fatalf("row %d: Get(%q) differs from Cells[%d]", r.Num, col.Key, i)
			}
			_, _ = c.Time()
			_, _ = c.Float()
			_, _ = c.Int()
			_, _ = c.Bool()
			_ = s.ErrorAt(r, col, ErrEmpty).Error()
		}
	}
}

// fuzzSeeds are small workbooks of every kind the tests build.
func fuzzSeeds(t testing.TB) [][]byte {
	var seeds [][]byte
	var buf bytes.Buffer
	w := NewWriter(&buf)
	s, _ := w.AddSheet("Codes", []string{"Name", "", "Name", "When", "N"})
	_ = s.WriteRow("=SUM(A1)", nil, "x\ny", time.Date(2019, 7, 17, 19, 55, 35, 0, time.UTC), 1.5)
	_ = s.WriteRow("b", true, "-12", time.Date(2019, 7, 17, 0, 0, 0, 0, time.UTC), 7)
	_, _ = w.AddSheet("Empty", nil)
	if err := w.Close(); err == nil {
		seeds = append(seeds, buf.Bytes())
	}
	seeds = append(seeds, buildXLSX(t, func(f *excelize.File) {
		yes := true
		_ = f.SetWorkbookProps(&excelize.WorkbookPropsOptions{Date1904: &yes})
		_ = f.SetSheetRow("Sheet1", "A1", &[]any{"Group", nil, "Coverage"})
		_ = f.MergeCell("Sheet1", "A1", "B1")
		_ = f.SetSheetRow("Sheet1", "A2", &[]any{"a", 1, 0.25})
		_ = f.SetCellFormula("Sheet1", "B3", "B2*2")
		st, _ := f.NewStyle(&excelize.Style{NumFmt: 10})
		_ = f.SetCellStyle("Sheet1", "C2", "C2", st)
	}))
	seeds = append(seeds, handXLSX(t, []string{"Name", "x_x0001_y", `<si><r><t>a</t></r><rPh><t>b</t></rPh></si>`},
		`<numFmts><numFmt numFmtId="164" formatCode="m/d/yyyy h:mm AM/PM"/></numFmts><cellXfs><xf numFmtId="0"/><xf numFmtId="164"/></cellXfs>`,
		rawSheet{name: "S", data: `<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>2</v></c></row>` +
			`<row r="2"><c r="A2" t="s"><v>1</v></c><c r="B2" s="1"><v>44257.04</v></c><c r="C2" t="b"><v>1</v></c><c r="D2"><f>1+1</f><v>2</v></c></row>` +
			`<row r="3"><c t="inlineStr"><is><t>i</t></is></c><c><f t="shared" ref="B3:B4" si="0">A1</f></c></row><row><c r="B4"><f t="shared" si="0"/></c></row>`,
			tail: `<mergeCells><mergeCell ref="A3:B4"/></mergeCells>`}))
	n := len(seeds)
	for _, s := range seeds[:n] {
		for _, cut := range []int{len(s) / 3, len(s) / 2, len(s) - 30} {
			if cut > 0 {
				seeds = append(seeds, s[:cut])
			}
		}
	}
	seeds = append(seeds, []byte(oleSignature+"\x00\x00"), []byte("a,b\n1,2\n"), []byte("PK\x03\x04"), nil)
	return seeds
}

// FuzzRead reads arbitrary bytes as a workbook. It must never panic, and
// what it returns must be usable.
func FuzzRead(f *testing.F) {
	for _, s := range fuzzSeeds(f) {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		wb, err := fuzzReader.Read(bytes.NewReader(data))
		record(data, err)
		exercise(t, wb, err)
		if err == nil {
			if old, oerr := readOldQuietly(data); oerr == nil {
				sameWorkbook(t, old, wb)
			}
		}
	})
}

// FuzzReadParts fuzzes the content of the parts rather than the zip
// archive around them (whose checksums stop most mutations of FuzzRead):
// the input is split into a sheet, shared strings and styles, and packed
// into a valid package.
func FuzzReadParts(f *testing.F) {
	f.Add(`<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="inlineStr"><is><t>B</t></is></c></row><row r="2"><c r="A2" s="1"><v>43663.5</v></c><c r="B2"><f>A2</f><v>1</v></c></row>`,
		`<si><t>Name</t></si><si><r><t>x</t></r></si>`,
		`<numFmts><numFmt numFmtId="164" formatCode="yyyy-mm-dd"/></numFmts><cellXfs><xf numFmtId="0"/><xf numFmtId="164"/></cellXfs>`)
	f.Add(`<row><c t="b"><v>1</v></c><c t="e"><v>#N/A</v></c><c t="d"><v>2019-07-17T19:55:35Z</v></c></row><row r="9"><c r="XFD9"><v>1</v></c></row>`, ``, ``)
	f.Add(`<row r="1"><c r="A1"><f t="shared" ref="A1:A3" si="0">B1+1</f><v>1</v></c></row><row r="2"><c r="A2"><f t="shared" si="0"/></c></row></sheetData><mergeCells><mergeCell ref="A1:C3"/></mergeCells><sheetData>`, `<si><t>_x0041_</t></si>`, `<cellXfs><xf numFmtId="14"/></cellXfs>`)
	f.Fuzz(func(t *testing.T, sheet, sst, styles string) {
		var parts []string
		if sst != "" {
			parts = strings.Split(sst, "\x00")
			for i, p := range parts {
				parts[i] = "<" + strings.TrimPrefix(p, "<") // raw <si> elements
			}
		}
		data := handXLSX(t, parts, styles, rawSheet{name: "S", data: sheet})
		wb, err := fuzzReader.Read(bytes.NewReader(data))
		record(data, err)
		exercise(t, wb, err)
		// what the former reading (excelize displaying whole sheets) read,
		// is read the same
		if old, oerr := readOldQuietly(data); oerr == nil {
			if err != nil {
				t.Fatalf("the former reading read it, Read says %v", err)
			}
			sameWorkbook(t, old, wb)
		}
	})
}

// FuzzReadCSV reads arbitrary bytes as CSV.
func FuzzReadCSV(f *testing.F) {
	f.Add([]byte("\ufeff\"\n\",A : x,B : y\r\n1 : a,1,2\r\n,,\r\n\"q\"\"uote\",\"multi\nline\"\n"))
	f.Add([]byte(",Name,,Codes\n,x,,3/2/2021 1:00 AM\n"))
	f.Add([]byte("Folder,Name,Description\rCodes,A,\"one\rtwo\"\rCodes,B,x\r\nCodes,C,y\n\r\r"))
	f.Fuzz(func(t *testing.T, data []byte) {
		fuzzCount.Add()
		s, err := fuzzReader.ReadCSV(bytes.NewReader(data))
		if err != nil {
			if !strings.HasPrefix(err.Error(), "xlsx: ") {
				t.Fatalf("bad error message %q", err.Error())
			}
			return
		}
		exerciseSheet(t, s)
	})
}

// FuzzCSVReader checks the CSV record reader against encoding/csv, which it
// follows except for lone CRs: on input without a lone CR both give the
// same records, errors and field positions; and the input with every LF
// turned into a lone CR reads the same, with CR for LF inside fields.
func FuzzCSVReader(f *testing.F) {
	f.Add("a,b\n\"c\nd\",e\n\n\"x\"\"y\",z", false, false)
	f.Add("a\tb\r\nc\"d\te\r\n\"f\"g\tq", true, true)
	f.Add("x,\"y\"z\n\"open", false, false)
	f.Add("h\r\n\"q\r\nr\",s\r\n", false, true)
	f.Fuzz(func(t *testing.T, in string, tab, lazy bool) {
		fuzzCount.Add()
		comma := ','
		if tab {
			comma = '\t'
		}
		type result struct {
			recs [][]string
			pos  [][2]int
			err  string
		}
		readAll := func(next func() ([]string, error), fieldPos func(int) (int, int)) result {
			var res result
			for {
				rec, err := next()
				if err == io.EOF {
					return res
				}
				if err != nil {
					res.err = err.Error()
					return res
				}
				res.recs = append(res.recs, append([]string(nil), rec...))
				for i := range rec {
					l, c := fieldPos(i)
					res.pos = append(res.pos, [2]int{l, c})
				}
			}
		}
		ours := func(s string) result {
			cr := NewCSVReader(strings.NewReader(s))
			cr.Comma, cr.LazyQuotes = comma, lazy
			return readAll(cr.Read, cr.FieldPos)
		}
		loneCR := false
		for i := 0; i < len(in); i++ {
			if in[i] == '\r' && (i+1 == len(in) || in[i+1] != '\n') {
				loneCR = true
				break
			}
		}
		if !loneCR {
			std := csv.NewReader(strings.NewReader(in))
			std.Comma, std.LazyQuotes, std.FieldsPerRecord = comma, lazy, -1
			want := readAll(std.Read, std.FieldPos)
			if got := ours(in); !reflect.DeepEqual(got, want) {
				t.Fatalf("%q:\n got %+v\nwant %+v", in, got, want)
			}
		}
		if !strings.Contains(in, "\r") {
			want := ours(in)
			for _, rec := range want.recs {
				for i := range rec {
					rec[i] = strings.ReplaceAll(rec[i], "\n", "\r")
				}
			}
			if got := ours(strings.ReplaceAll(in, "\n", "\r")); !reflect.DeepEqual(got, want) {
				t.Fatalf("%q with CR for LF:\n got %+v\nwant %+v", in, got, want)
			}
		}
	})
}

// readOldQuietly is fuzzReader.readOld, with a panic in excelize made an
// error.
func readOldQuietly(data []byte) (wb *Workbook, err error) {
	defer func() {
		if p := recover(); p != nil {
			wb, err = nil, fmt.Errorf("panic: %v", p)
		}
	}()
	return fuzzReader.readOld(data)
}
