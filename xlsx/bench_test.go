package xlsx

import (
	"bytes"
	"io"
	"runtime"
	"strconv"
	"sync"
	"testing"
	"time"
)

const benchRows = 200_000

var benchHeader = []string{"Hierarchical Name", "Code Type", "Aggregate", "List Order", "File", "Coverage", "References", "Modified On", "Coded Text"}

// writeBench writes benchRows rows of 9 columns, like a coding summary.
func writeBench(w io.Writer) error {
	xw := NewWriter(w)
	s, err := xw.AddSheet("Coding Summary", benchHeader)
	if err != nil {
		return err
	}
	when := time.Date(2020, 11, 30, 9, 28, 57, 0, time.UTC)
	for i := 0; i < benchRows; i++ {
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
