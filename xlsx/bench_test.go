package xlsx

import (
	"archive/zip"
	"bufio"
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"runtime"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/qdabridge/qdabridge/internal/memtest"
)

const benchRows = 200_000

var benchHeader = []string{"Hierarchical Name", "Code Type", "Aggregate", "List Order", "File", "Coverage", "References", "Modified On", "Coded Text"}

// writeBench writes benchRows rows of 9 columns, like a coding summary.
func writeBench(w io.Writer) error { return writeBenchRows(w, benchRows) }

// writeBenchRows writes rows rows of 9 columns, like a coding summary.
func writeBenchRows(w io.Writer, rows int) error {
	xw := NewWriter(w)
	s, err := xw.AddSheet("Coding Summary", benchHeader)
	if err != nil {
		return err
	}
	when := time.Date(2020, 11, 30, 9, 28, 57, 0, time.UTC)
	for i := 0; i < rows; i++ {
		if err := s.WriteRow(
			"Nodes\\\\Errors\\Code "+strconv.Itoa(i%150),
			"Node",
			i%7 == 0,
			i%1000,
			"Files\\\\BWOH\\\\Interview "+strconv.Itoa(i%300),
			float64(i%10_000)/1e6,
			i%40+1,
			when.Add(time.Duration(i)*time.Minute),
			"and then she said that the work was hard but the people were kind, row "+strconv.Itoa(i),
		); err != nil {
			return err
		}
	}
	return xw.Close()
}

// peakHeap samples the heap in use while it runs, and returns the peak.
type peakHeap struct {
	stop chan struct{}
	wg   sync.WaitGroup
	peak uint64
}

func startPeakHeap() *peakHeap {
	runtime.GC()
	p := &peakHeap{stop: make(chan struct{})}
	p.wg.Add(1)
	go func() {
		defer p.wg.Done()
		var ms runtime.MemStats
		t := time.NewTicker(20 * time.Millisecond)
		defer t.Stop()
		for {
			runtime.ReadMemStats(&ms)
			p.peak = max(p.peak, ms.HeapInuse)
			select {
			case <-p.stop:
				return
			case <-t.C:
			}
		}
	}()
	return p
}

func (p *peakHeap) done() float64 {
	close(p.stop)
	p.wg.Wait()
	return float64(p.peak) / (1 << 20)
}

type countingWriter struct{ n int64 }

func (c *countingWriter) Write(p []byte) (int, error) { c.n += int64(len(p)); return len(p), nil }

// BenchmarkWrite writes 200,000 rows × 9 columns through the Writer.
func BenchmarkWrite(b *testing.B) {
	b.ReportAllocs()
	var size int64
	peak := startPeakHeap()
	for b.Loop() {
		var cw countingWriter
		if err := writeBench(&cw); err != nil {
			b.Fatal(err)
		}
		size = cw.n
	}
	b.ReportMetric(peak.done(), "peak-heap-MiB")
	b.ReportMetric(float64(benchRows)*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
	b.ReportMetric(float64(size)/(1<<20), "file-MiB")
}

// BenchmarkRead reads the workbook that BenchmarkWrite writes.
func BenchmarkRead(b *testing.B) {
	var buf bytes.Buffer
	if err := writeBench(&buf); err != nil {
		b.Fatal(err)
	}
	data := buf.Bytes()
	for _, raw := range []bool{false, true} {
		name := "displayed"
		if raw {
			name = "raw"
		}
		b.Run(name, func(b *testing.B) {
			b.ReportAllocs()
			rd := Reader{Raw: raw}
			peak := startPeakHeap()
			for b.Loop() {
				wb, err := rd.Read(bytes.NewReader(data))
				if err != nil {
					b.Fatal(err)
				}
				if n := len(wb.Sheets[0].Rows); n != benchRows {
					b.Fatalf("%d rows", n)
				}
			}
			b.ReportMetric(peak.done(), "peak-heap-MiB")
			b.ReportMetric(float64(benchRows)*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
		})
	}
}

// millionRows is Excel's largest sheet: 1,048,576 rows, the header
// included.
const millionRows = maxExcelRows

// codebookWorkbook writes a codebook export the way NVivo writes one (see
// $QDA_CORPUS/nvivo/codebook-export.xlsx): SpreadsheetML with the "x:"
// prefix, a stale dimension, shared strings, styled cells; header Folder,
// Name, Description (and with counts, Files and References, numbers in
// styled cells, as with NVivo's "Include number of files and references"),
// and rows-1 codes with distinct names. The sheet is streamed into the
// archive, so that a million rows do not need a million rows of memory to
// make.
func codebookWorkbook(w io.Writer, rows int, counts bool) error {
	zw := zip.NewWriter(w)
	add := func(name string, fill func(w *bufio.Writer) error) error {
		fw, err := zw.Create(name)
		if err != nil {
			return err
		}
		bw := bufio.NewWriterSize(fw, 64<<10)
		if err := fill(bw); err != nil {
			return err
		}
		return bw.Flush()
	}
	str := func(s string) func(w *bufio.Writer) error {
		return func(w *bufio.Writer) error { _, err := w.WriteString(s); return err }
	}
	const ns = `xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"`
	folders := []string{`Codes`, `Codes\\Hauck Pushchair Reviews`, `Codes\\Second Study`}
	descs := []string{"", "Reviews that mention the weight of the pushchair, lifting it into a car or up stairs", "", "Mentions of the rain cover"}
	// shared strings: the header, the folders, the descriptions, then one
	// name per row
	nFixed := 5 + len(folders) + len(descs)
	name := func(i int) string {
		return "Theme " + strconv.Itoa(i/1000) + `\Code ` + strconv.Itoa(i)
	}
	parts := []struct {
		name string
		fill func(w *bufio.Writer) error
	}{
		{"[Content_Types].xml", str(`<?xml version="1.0" encoding="utf-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/><Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/></Types>`)},
		{"_rels/.rels", str(`<?xml version="1.0" encoding="utf-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="/xl/workbook.xml" Id="R1"/></Relationships>`)},
		{"xl/workbook.xml", str(`<?xml version="1.0" encoding="utf-8"?><x:workbook xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" ` + ns + `><x:sheets><x:sheet name="Codebook" sheetId="1" r:id="R2"/></x:sheets></x:workbook>`)},
		{"xl/_rels/workbook.xml.rels", str(`<?xml version="1.0" encoding="utf-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="/xl/worksheets/sheet1.xml" Id="R2"/><Relationship Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="/xl/styles.xml" Id="R3"/><Relationship Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="/xl/sharedStrings.xml" Id="R4"/></Relationships>`)},
		{"xl/styles.xml", str(`<?xml version="1.0" encoding="utf-8"?><x:styleSheet ` + ns + `><x:fonts count="2"><x:font><x:sz val="11"/><x:name val="Calibri"/></x:font><x:font><x:b/><x:sz val="11"/><x:name val="Calibri"/></x:font></x:fonts><x:fills count="1"><x:fill><x:patternFill patternType="none"/></x:fill></x:fills><x:borders count="1"><x:border/></x:borders><x:cellStyleXfs count="1"><x:xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></x:cellStyleXfs><x:cellXfs count="4"><x:xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><x:xf fontId="0" applyAlignment="1"><x:alignment vertical="top"/></x:xf><x:xf fontId="0" applyAlignment="1"><x:alignment vertical="top" wrapText="1"/></x:xf><x:xf fontId="1" applyAlignment="1"><x:alignment vertical="top"/></x:xf></x:cellXfs></x:styleSheet>`)},
		{"xl/sharedStrings.xml", func(w *bufio.Writer) error {
			fmt.Fprintf(w, `<?xml version="1.0" encoding="utf-8"?><x:sst %s count="%d" uniqueCount="%d">`, ns, 3*rows, nFixed+rows-1)
			for _, s := range append(append([]string{"Folder", "Name", "Description", "Files", "References"}, folders...), descs...) {
				w.WriteString("<x:si><x:t>" + s + "</x:t></x:si>")
			}
			for i := 1; i < rows; i++ {
				w.WriteString("<x:si><x:t>" + name(i) + "</x:t></x:si>")
			}
			_, err := w.WriteString("</x:sst>")
			return err
		}},
		{"xl/worksheets/sheet1.xml", func(w *bufio.Writer) error {
			w.WriteString(`<?xml version="1.0" encoding="utf-8" standalone="yes"?><x:worksheet ` + ns + `><x:dimension ref="A1"/><x:sheetData>`)
			w.WriteString(`<x:row r="1"><x:c r="A1" s="3" t="s"><x:v>0</x:v></x:c><x:c r="B1" s="3" t="s"><x:v>1</x:v></x:c><x:c r="C1" s="3" t="s"><x:v>2</x:v></x:c>`)
			if counts {
				w.WriteString(`<x:c r="D1" s="3" t="s"><x:v>3</x:v></x:c><x:c r="E1" s="3" t="s"><x:v>4</x:v></x:c>`)
			}
			w.WriteString(`</x:row>`)
			for i := 1; i < rows; i++ {
				r := strconv.Itoa(i + 1)
				w.WriteString(`<x:row r="` + r + `"><x:c r="A` + r + `" s="2" t="s"><x:v>` + strconv.Itoa(5+i%len(folders)) +
					`</x:v></x:c><x:c r="B` + r + `" s="2" t="s"><x:v>` + strconv.Itoa(nFixed+i-1) +
					`</x:v></x:c><x:c r="C` + r + `" s="2" t="s"><x:v>` + strconv.Itoa(5+len(folders)+i%len(descs)) + `</x:v></x:c>`)
				if counts {
					w.WriteString(`<x:c r="D` + r + `" s="2"><x:v>` + strconv.Itoa(i%7) + `</x:v></x:c><x:c r="E` + r + `" s="2"><x:v>` + strconv.Itoa(i%31) + `</x:v></x:c>`)
				}
				w.WriteString(`</x:row>`)
			}
			_, err := w.WriteString(`</x:sheetData></x:worksheet>`)
			return err
		}},
	}
	for _, p := range parts {
		if err := add(p.name, p.fill); err != nil {
			return err
		}
	}
	return zw.Close()
}

// tokenPass is the baseline of BenchmarkReadMillionRows: what reading a
// workbook cannot do with less, a zip and encoding/xml Token pass over the
// shared strings and the sheet, counting the rows.
func tokenPass(data []byte) (int, error) {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return 0, err
	}
	rows := 0
	for _, f := range zr.File {
		if f.Name != "xl/sharedStrings.xml" && f.Name != "xl/worksheets/sheet1.xml" {
			continue
		}
		rc, err := f.Open()
		if err != nil {
			return 0, err
		}
		d := xml.NewDecoder(rc)
		for {
			tok, err := d.Token()
			if err == io.EOF {
				break
			}
			if err != nil {
				rc.Close()
				return 0, err
			}
			if se, ok := tok.(xml.StartElement); ok && se.Name.Local == "row" {
				rows++
			}
		}
		rc.Close()
	}
	return rows, nil
}

// millionRowWorkbook is the workbook of BenchmarkReadMillionRows, made once.
var millionRowWorkbook = sync.OnceValues(func() ([]byte, error) {
	var buf bytes.Buffer
	err := codebookWorkbook(&buf, millionRows, true)
	return buf.Bytes(), err
})

// baselineNs is the time of one token pass over the million-row workbook,
// measured by the "baseline" case of BenchmarkReadMillionRows (or by the
// first other case run without it).
var baselineNs float64

// BenchmarkReadMillionRows reads a codebook export of Excel's largest
// sheet, 1,048,576 rows (Folder, Name, Description, Files, References; as
// NVivo writes it, the counts being numbers in styled cells), against a
// baseline measured in the same run: a zip and encoding/xml Token pass over
// its shared strings and sheet, which is what reading it cannot do with
// less. Each case reports rows/s, the peak heap above what was live before
// (garbage not yet collected included, internal/memtest) and its time as a
// multiple of the baseline's:
//
//	go test -run '^$' -bench ReadMillionRows -benchtime 1x ./xlsx
func BenchmarkReadMillionRows(b *testing.B) {
	data, err := millionRowWorkbook()
	if err != nil {
		b.Fatal(err)
	}
	baseline := func() error {
		n, err := tokenPass(data)
		if err == nil && n != millionRows {
			err = fmt.Errorf("%d rows", n)
		}
		return err
	}
	cases := []struct {
		name string
		run  func() error
	}{
		{"baseline", baseline},
		{"displayed", func() error { return readRows(Reader{}, data) }},
		{"raw", func() error { return readRows(Reader{Raw: true}, data) }},
	}
	for _, c := range cases {
		b.Run(c.name, func(b *testing.B) {
			if c.name != "baseline" && baselineNs == 0 {
				b.StopTimer()
				start := time.Now()
				if err := baseline(); err != nil {
					b.Fatal(err)
				}
				baselineNs = float64(time.Since(start).Nanoseconds())
				b.StartTimer()
			}
			var peak uint64
			for b.Loop() {
				var err error
				before, high := memtest.Peak(func() { err = c.run() })
				if err != nil {
					b.Fatal(err)
				}
				peak = max(peak, high-before)
			}
			ns := float64(b.Elapsed().Nanoseconds()) / float64(b.N)
			if c.name == "baseline" {
				baselineNs = ns
			}
			b.ReportMetric(float64(millionRows)/(ns/1e9), "rows/s")
			b.ReportMetric(float64(peak)/(1<<20), "peak-heap-MiB")
			b.ReportMetric(ns/baselineNs, "x-baseline")
		})
	}
}

// readRows reads the million-row workbook and checks its rows.
func readRows(rd Reader, data []byte) error {
	wb, err := rd.Read(bytes.NewReader(data))
	if err != nil {
		return err
	}
	if n := len(wb.Sheets[0].Rows); n != millionRows-1 {
		return fmt.Errorf("%d rows", n)
	}
	return nil
}
