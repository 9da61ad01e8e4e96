package rqda_test

import (
	"bytes"
	"io"
	"path/filepath"
	"testing"
	"time"

	"github.com/qdabridge/qdabridge/internal/synth"
	"github.com/qdabridge/qdabridge/internal/synth/toolgen"
	"github.com/qdabridge/qdabridge/refi"
	"github.com/qdabridge/qdabridge/rqda"
)

// benchCodings is the size of the benchmark's project: that of synth's
// medium preset (200 texts of about 5,000 characters).
const benchCodings = 20_000

// BenchmarkRead reads a generated RQDA project of 20,000 codings and
// writes it as a .qdpx. The baseline, measured in the same run, reads and
// writes a REFI-QDA project of the same size (synth's medium preset:
// 200 texts of about 5,000 characters, 20,000 codings); x-refi is the
// ratio of the two times.
func BenchmarkRead(b *testing.B) {
	// texts with accents and an emoji, some lines ended by CR LF, one
	// coding in ten recorded one character early (as real files have them)
	path := filepath.Join(b.TempDir(), "bench.rqda")
	if err := toolgen.WriteRQDA(path, toolgen.ForCodings(benchCodings)); err != nil {
		b.Fatal(err)
	}
	opt := synth.Medium()
	opt.Positions, opt.Origin, opt.CRLF, opt.BOM = refi.Positions{}, "", false, false
	opt.Participants, opt.Notes = 1, 0
	var qdpx bytes.Buffer
	if err := synth.Write(&qdpx, opt); err != nil {
		b.Fatal(err)
	}
	baseline := func() {
		doc, err := refi.ReadQDPX(bytes.NewReader(qdpx.Bytes()), int64(qdpx.Len()))
		if err != nil {
			b.Fatal(err)
		}
		if _, err := (&refi.Writer{}).Write(io.Discard, doc, refi.FormatQDPX); err != nil {
			b.Fatal(err)
		}
		doc.Close()
	}
	baseline() // warm up

	// The baseline runs after each read, outside the timer, so that both
	// see the same machine load; x-refi is the ratio of their sums.
	var base, read time.Duration
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		start := time.Now()
		res, err := (&rqda.Reader{}).ReadFile(path)
		if err != nil {
			b.Fatal(err)
		}
		if res.Report.Codings != benchCodings {
			b.Fatalf("%d codings, want %d", res.Report.Codings, benchCodings)
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
