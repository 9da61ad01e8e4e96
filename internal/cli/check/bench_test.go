package check

import (
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/qdabridge/qdabridge/internal/memtest"
	"github.com/qdabridge/qdabridge/internal/synth"
	"github.com/qdabridge/qdabridge/internal/xmllint"
	"github.com/qdabridge/qdabridge/refi"
)

// benchProject is the project the benchmark checks: the file
// QDA_BENCH_FILE names, or else one generated from synth's preset
// QDA_BENCH_PRESET (medium by default).
func benchProject(b *testing.B) string {
	if path := os.Getenv("QDA_BENCH_FILE"); path != "" {
		return path
	}
	preset := os.Getenv("QDA_BENCH_PRESET")
	if preset == "" {
		preset = "medium"
	}
	opt, err := synth.Preset(preset)
	if err != nil {
		b.Fatal(err)
	}
	path := filepath.Join(b.TempDir(), preset+".qdpx")
	if err := synth.WriteFile(path, opt); err != nil {
		b.Fatal(err)
	}
	return path
}

// heapPeak samples the heap while fn runs and returns the highest
// heap-object bytes seen above those live before.
func heapPeak(fn func()) uint64 {
	before, peak := memtest.PeakEvery(250*time.Microsecond, fn)
	return peak - min(peak, before)
}

// BenchmarkRoundTripCheck times the round-trip check as the command makes
// it (write, read back, compare, validate in Go and, when installed, with
// xmllint) against a read of the same project in the same loop. It
// reports check/read, the time ratio (target at most 2.5), cpu-check/read,
// the ratio of processor time, xmllint's included (steadier on a shared
// machine; the check uses two processors where it can), and the peak
// memory of the check: the Go heap above the project read plus xmllint's
// peak resident memory, alone and as a share of the budget of twice the
// project document plus 64 MB (target at most 1).
func BenchmarkRoundTripCheck(b *testing.B) {
	path := benchProject(b)
	var opt options
	opt.tempDir = b.TempDir()
	if lint, err := exec.LookPath("xmllint"); err == nil {
		schema, err := xmllint.WriteSchemas(b.TempDir())
		if err != nil {
			b.Fatal(err)
		}
		opt.lint = &xmllint.Validator{Path: lint, Schema: schema}
	}
	qde := projectSize(b, path)
	// the schema is compiled once per process, not by every check
	_ = refi.ValidateProjectXML(strings.NewReader(`<Project xmlns="urn:QDA-XML:project:1.0" name="p"/>`))
	var read, check, readCPU, checkCPU time.Duration
	var heap uint64
	var lintRSS atomic.Int64
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		start, cpu := time.Now(), cpuTime()
		doc, err := refi.Open(path)
		if err != nil {
			b.Fatal(err)
		}
		read += time.Since(start)
		readCPU += cpuTime() - cpu
		c := &refi.RoundTripChecker{TempDir: opt.tempDir}
		if opt.lint != nil {
			c.Validate = func(kind refi.Format, written io.Reader) error {
				rss, err := opt.lint.ValidateMeasured(kind, written)
				lintRSS.Store(max(lintRSS.Load(), rss))
				return err
			}
		}
		start, cpu = time.Now(), cpuTime()
		heap = max(heap, heapPeak(func() {
			rt, err := c.Check(doc)
			if err != nil {
				b.Fatal(err)
			}
			if !rt.OK() {
				b.Fatalf("round trip changed the project: %v", rt.Differences[:min(3, len(rt.Differences))])
			}
		}))
		check += time.Since(start)
		checkCPU += cpuTime() - cpu
		doc.Close()
	}
	b.ReportMetric(check.Seconds()/read.Seconds(), "check/read")
	if readCPU > 0 {
		b.ReportMetric(checkCPU.Seconds()/readCPU.Seconds(), "cpu-check/read")
	}
	peak := float64(heap) + float64(lintRSS.Load())
	b.ReportMetric(float64(heap)/1e6, "heap-MB")
	b.ReportMetric(float64(lintRSS.Load())/1e6, "xmllint-MB")
	b.ReportMetric(peak/float64(2*qde+64<<20), "peak/budget")
	b.SetBytes(qde)
}

// projectSize is the size of the project document of the archive at path.
func projectSize(b *testing.B, path string) int64 {
	doc, err := refi.Open(path)
	if err != nil {
		b.Fatal(err)
	}
	defer doc.Close()
	f, err := doc.Open(doc.File)
	if err != nil {
		b.Fatal(err)
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		b.Fatal(err)
	}
	return st.Size()
}
