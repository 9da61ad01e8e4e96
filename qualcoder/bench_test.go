package qualcoder_test

import (
	"bytes"
	"io"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/qdabridge/qdabridge/internal/synth"
	"github.com/qdabridge/qdabridge/internal/synth/toolgen"
	"github.com/qdabridge/qdabridge/qualcoder"
	"github.com/qdabridge/qdabridge/refi"
)

// benchCodings is the size of the benchmark's projects.
const benchCodings = 20_000

var (
	baseOnce sync.Once
	baseQDPX []byte
)

// refiBaseline returns a function that reads and writes a REFI project of
// the same size (internal/synth: 200 transcripts of about 5,000
// characters, 20,000 codings).
func refiBaseline(b *testing.B) func() {
	baseOnce.Do(func() {
		opt := synth.Medium().Standard()
		opt.Codings = benchCodings
		var buf bytes.Buffer
		if err := synth.Write(&buf, opt); err != nil {
			b.Fatal(err)
		}
		baseQDPX = buf.Bytes()
	})
	return func() {
		doc, err := refi.ReadQDPX(bytes.NewReader(baseQDPX), int64(len(baseQDPX)))
		if err != nil {
			b.Fatal(err)
		}
		defer doc.Close()
		if _, err := (&refi.Writer{}).Write(io.Discard, doc, refi.FormatQDPX); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkRead reads a QualCoder database of 20,000 codings and writes it
// as a .qdpx; "x-refi" is its time over that of reading and writing a REFI
// project of the same size, run after each read, outside the timer, so
// that both see the same machine load.
func BenchmarkRead(b *testing.B) {
	// a project folder of 200 texts of about 5,000 characters (accents,
	// an emoji, some lines ended by CR LF), 80 codes in 8 categories
	path := filepath.Join(b.TempDir(), "bench.qda")
	if err := toolgen.WriteQualCoder(path, toolgen.ForCodings(benchCodings)); err != nil {
		b.Fatal(err)
	}
	baseline := refiBaseline(b)
	baseline() // warm up
	r := &qualcoder.Reader{}
	var base, read time.Duration
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		start := time.Now()
		res, err := r.ReadFile(path)
		if err != nil {
			b.Fatal(err)
		}
		if res.Report.Codings != benchCodings || res.Report.AtPosition != benchCodings {
			b.Fatalf("%d codings, %d at their positions", res.Report.Codings, res.Report.AtPosition)
		}
		if _, err := (&refi.Writer{}).Write(io.Discard, res.Document(), refi.FormatQDPX); err != nil {
			b.Fatal(err)
		}
		read += time.Since(start)
		b.StopTimer()
		start = time.Now()
		baseline()
		base += time.Since(start)
		b.StartTimer()
	}
	b.ReportMetric(float64(base.Nanoseconds())/float64(b.N), "refi-ns/op")
	b.ReportMetric(float64(read)/float64(base), "x-refi")
}
