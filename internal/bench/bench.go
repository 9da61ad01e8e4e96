// Package bench measures reading, writing, round-tripping and viewing large
// projects, against a baseline measured in the same run: a plain
// encoding/xml Decoder.Token pass over the same project.qde (decompressed
// from the same archive). The projects come from internal/synth presets.
//
// go test -bench . ./internal/bench runs the benchmarks on the preset named
// by QDA_BENCH_PRESET (default medium); go run ./internal/bench/cmd/benchtable
// runs them and prints a table of times, throughput, peak heap and ratios to
// the baseline.
package bench

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"runtime/metrics"
	"sync/atomic"
	"testing"
	"time"

	"github.com/qdabridge/qdabridge/internal/synth"
	"github.com/qdabridge/qdabridge/refi"
	"github.com/qdabridge/qdabridge/xlsx/workbook"
)

// Fixture is a generated project on disk.
type Fixture struct {
	Preset     string
	Path       string
	QDEsize    int64 // uncompressed size of project.qde
	Codings    int
	Selections int // excerpts, one per selection
	dir        string
}

// Presets beyond synth's: excerpts200k is the large preset with twice the
// codings, about 200,000 coded passages, for the workbook benchmark.
func preset(name string) (synth.Options, error) {
	if name == "excerpts200k" {
		o := synth.Large()
		o.Codings = 400_000
		return o, nil
	}
	return synth.Preset(name)
}

// NewFixture generates the preset's project in a temporary folder: one of
// synth's presets (small, medium, large, huge) or excerpts200k.
func NewFixture(name string) (*Fixture, error) {
	opt, err := preset(name)
	if err != nil {
		return nil, err
	}
	dir, err := os.MkdirTemp("", "qdabridge-bench-")
	if err != nil {
		return nil, err
	}
	path := filepath.Join(dir, name+".qdpx")
	if err := synth.WriteFile(path, opt); err != nil {
		os.RemoveAll(dir)
		return nil, err
	}
	f := &Fixture{Preset: name, Path: path, Codings: opt.Codings, dir: dir}
	doc, err := refi.Open(path)
	if err != nil {
		os.RemoveAll(dir)
		return nil, err
	}
	defer doc.Close()
	f.Selections = doc.Project.Counts().Selections
	qde, err := doc.Open(doc.File)
	if err != nil {
		os.RemoveAll(dir)
		return nil, err
	}
	defer qde.Close()
	st, err := qde.Stat()
	if err != nil {
		os.RemoveAll(dir)
		return nil, err
	}
	f.QDEsize = st.Size()
	return f, nil
}

// Close removes the fixture's files.
func (f *Fixture) Close() error { return os.RemoveAll(f.dir) }

// Case is one benchmark.
type Case struct {
	Name string
	Run  func(b *testing.B, f *Fixture)
}

// Cases are the benchmarks, the baseline first.
var Cases = []Case{
	{"baseline", Baseline},
	{"read", Read},
	{"write", Write},
	{"roundtrip", RoundTrip},
	{"excerpts", Excerpts},
	{"workbook", Workbook},
}

// peak samples the heap while fn runs and returns the highest heap-object
// bytes seen, and the bytes live before fn.
func peak(fn func()) (before, high uint64) {
	runtime.GC()
	s := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	metrics.Read(s)
	before = s[0].Value.Uint64()
	high = before
	var stop atomic.Bool
	done := make(chan struct{})
	go func() {
		defer close(done)
		for !stop.Load() {
			metrics.Read(s)
			if v := s[0].Value.Uint64(); v > high {
				high = v
			}
			time.Sleep(250 * time.Microsecond)
		}
	}()
	fn()
	stop.Store(true)
	<-done
	return before, high
}

func report(b *testing.B, f *Fixture, high uint64) {
	b.SetBytes(f.QDEsize)
	secs := b.Elapsed().Seconds() / float64(b.N)
	if secs > 0 {
		b.ReportMetric(float64(f.Codings)/secs, "codings/s")
	}
	b.ReportMetric(float64(high)/1e6, "peak-heap-MB")
}

// Baseline decompresses project.qde from the archive and passes it through
// encoding/xml's tokenizer, building nothing.
func Baseline(b *testing.B, f *Fixture) {
	var high uint64
	for i := 0; i < b.N; i++ {
		_, h := peak(func() {
			zr, err := zip.OpenReader(f.Path)
			if err != nil {
				b.Fatal(err)
			}
			defer zr.Close()
			rc, err := zr.File[0].Open()
			if err != nil {
				b.Fatal(err)
			}
			defer rc.Close()
			d := xml.NewDecoder(rc)
			for {
				if _, err := d.Token(); err == io.EOF {
					break
				} else if err != nil {
					b.Fatal(err)
				}
			}
		})
		high = max(high, h)
	}
	report(b, f, high)
}

// Read reads the archive into the model, with everything inspect reports:
// warnings, checks and the position convention found from the texts.
func Read(b *testing.B, f *Fixture) {
	var high, model uint64
	for i := 0; i < b.N; i++ {
		var doc *refi.Document
		before, h := peak(func() {
			var err error
			if doc, err = refi.Open(f.Path); err != nil {
				b.Fatal(err)
			}
			_ = doc.Project.Counts()
		})
		high = max(high, h-before)
		b.StopTimer()
		runtime.GC()
		var ms runtime.MemStats
		runtime.ReadMemStats(&ms)
		model = ms.HeapAlloc - before
		doc.Close()
		b.StartTimer()
	}
	report(b, f, high)
	b.ReportMetric(float64(model)/1e6, "model-MB")
}

// onModel reads the fixture outside the timer, then times op on the model
// b.N times and reports the peak heap above the model.
func onModel(b *testing.B, f *Fixture, op func(doc *refi.Document)) {
	doc, err := refi.Open(f.Path)
	if err != nil {
		b.Fatal(err)
	}
	defer doc.Close()
	var high uint64
	b.ResetTimer() // the read is not timed
	for i := 0; i < b.N; i++ {
		before, h := peak(func() { op(doc) })
		high = max(high, h-before)
	}
	report(b, f, high)
}

// Write writes the model as a .qdpx to a file, copying the sources from
// the input archive as a stream.
func Write(b *testing.B, f *Fixture) {
	out := filepath.Join(f.dir, "written.qdpx")
	onModel(b, f, func(doc *refi.Document) {
		if _, err := (&refi.Writer{}).WriteFile(out, doc); err != nil {
			b.Fatal(err)
		}
	})
}

// RoundTrip checks the project for round-trip loss (write, read back,
// compare, validate).
func RoundTrip(b *testing.B, f *Fixture) {
	onModel(b, f, func(doc *refi.Document) {
		rt, err := (&refi.RoundTripChecker{}).Check(doc)
		if err != nil {
			b.Fatal(err)
		}
		if !rt.OK() {
			b.Fatalf("round trip changed the project: %v", rt.Differences[:min(3, len(rt.Differences))])
		}
	})
}

// Excerpts computes every excerpt with its text.
func Excerpts(b *testing.B, f *Fixture) {
	onModel(b, f, func(doc *refi.Document) {
		n := 0
		for _, err := range doc.Excerpts(refi.ExcerptOptions{}) {
			if err != nil {
				b.Fatal(err)
			}
			n++
		}
		if n == 0 {
			b.Fatal("no excerpts")
		}
	})
}

// Workbook writes the project workbook.
func Workbook(b *testing.B, f *Fixture) {
	onModel(b, f, func(doc *refi.Document) {
		if _, err := workbook.Write(io.Discard, doc); err != nil {
			b.Fatal(err)
		}
	})
}

// Result is one case measured on one fixture.
type Result struct {
	Case     string
	Seconds  float64 // per operation
	PeakHeap float64 // MB above what was live before
	Codings  float64 // per second
}

// Measure runs the named cases (all when names is empty) on f, each once
// or as often as the testing package's default benchmark time asks.
func Measure(f *Fixture, names ...string) ([]Result, error) {
	want := map[string]bool{}
	for _, n := range names {
		want[n] = true
	}
	var out []Result
	for _, c := range Cases {
		if len(want) > 0 && !want[c.Name] && c.Name != "baseline" {
			continue
		}
		c := c
		res := testing.Benchmark(func(b *testing.B) { c.Run(b, f) })
		if res.N == 0 {
			return out, fmt.Errorf("benchmark %s on %s failed", c.Name, f.Preset)
		}
		out = append(out, Result{
			Case:     c.Name,
			Seconds:  float64(res.T.Nanoseconds()) / float64(res.N) / 1e9,
			PeakHeap: res.Extra["peak-heap-MB"],
			Codings:  res.Extra["codings/s"],
		})
	}
	return out, nil
}

// Table formats one fixture's results with ratios to its baseline (the
// first result).
func Table(w io.Writer, f *Fixture, rs []Result) {
	fmt.Fprintf(w, "preset %s: project.qde %.1f MB, %d codings, %d excerpts, %d CPUs\n\n", f.Preset, float64(f.QDEsize)/1e6, f.Codings, f.Selections, runtime.NumCPU())
	fmt.Fprintf(w, "| %-10s | %9s | %8s | %11s | %12s | %10s |\n", "benchmark", "time", "MB/s", "codings/s", "peak heap MB", "× baseline")
	fmt.Fprintf(w, "|%s|%s|%s|%s|%s|%s|\n", dash(12), dash(11), dash(10), dash(13), dash(14), dash(12))
	base := rs[0].Seconds
	for _, r := range rs {
		fmt.Fprintf(w, "| %-10s | %8.3fs | %8.1f | %11.0f | %12.1f | %10.2f |\n", r.Case, r.Seconds,
			float64(f.QDEsize)/1e6/r.Seconds, r.Codings, r.PeakHeap, r.Seconds/base)
	}
}

// Scaling formats how each case's time grew from one fixture to a larger
// one, against how the data grew.
func Scaling(w io.Writer, small, large *Fixture, rs, rl []Result) {
	fmt.Fprintf(w, "%s → %s: project.qde ×%.2f, codings ×%.2f\n\n", small.Preset, large.Preset,
		float64(large.QDEsize)/float64(small.QDEsize), float64(large.Codings)/float64(small.Codings))
	fmt.Fprintf(w, "| %-10s | %12s | %12s | %7s |\n", "benchmark", small.Preset, large.Preset, "× time")
	fmt.Fprintf(w, "|%s|%s|%s|%s|\n", dash(12), dash(14), dash(14), dash(9))
	for _, a := range rs {
		for _, b := range rl {
			if a.Case == b.Case {
				fmt.Fprintf(w, "| %-10s | %11.3fs | %11.3fs | %7.2f |\n", a.Case, a.Seconds, b.Seconds, b.Seconds/a.Seconds)
			}
		}
	}
}

func dash(n int) string { return string(bytes.Repeat([]byte("-"), n)) }
