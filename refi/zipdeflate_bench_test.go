package refi_test

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/qdabridge/qdabridge/internal/synth"
	"github.com/qdabridge/qdabridge/refi"
)

// BenchmarkWriteQDPX times writing a .qdpx archive read from memory (a
// convert), against reading it, in the same loop: x-read is the parallel
// write's time over the read's, serial-x-read the serial compression's,
// convert-x-read (read + parallel write) over the read, and x-encode the
// parallel write's over writing project.qde alone, uncompressed. It runs on the
// medium preset, and on the .qdpx files QDA_BENCH_QDPX lists (separated
// by commas), e.g. the large and huge presets.
func BenchmarkWriteQDPX(b *testing.B) {
	inputs := map[string]func() []byte{"medium": func() []byte {
		var buf bytes.Buffer
		require.NoError(b, synth.Write(&buf, synth.Medium()))
		return buf.Bytes()
	}}
	for _, p := range strings.Split(os.Getenv("QDA_BENCH_QDPX"), ",") {
		if p != "" {
			inputs[filepath.Base(p)] = func() []byte {
				data, err := os.ReadFile(p)
				require.NoError(b, err)
				return data
			}
		}
	}
	for name, input := range inputs {
		b.Run(name, func(b *testing.B) {
			data := input()
			var read, par, ser, enc time.Duration
			var out discard
			b.ResetTimer()
			for b.Loop() {
				t0 := time.Now()
				doc, err := (&refi.Reader{}).ReadQDPX(bytes.NewReader(data), int64(len(data)))
				require.NoError(b, err)
				t1 := time.Now()
				out = 0
				_, err = (&refi.Writer{}).Write(&out, doc, refi.FormatQDPX)
				require.NoError(b, err)
				t2 := time.Now()
				_, err = refi.WriteSerial(&refi.Writer{}, new(discard), doc, refi.FormatQDPX)
				require.NoError(b, err)
				t3 := time.Now()
				_, err = (&refi.Writer{}).Write(new(discard), doc, refi.FormatQDE)
				require.NoError(b, err)
				t4 := time.Now()
				require.NoError(b, doc.Close())
				read += t1.Sub(t0)
				par += t2.Sub(t1)
				ser += t3.Sub(t2)
				enc += t4.Sub(t3)
			}
			b.ReportMetric(float64(par)/float64(read), "x-read")
			b.ReportMetric(float64(ser)/float64(read), "serial-x-read")
			b.ReportMetric(float64(read+par)/float64(read), "convert-x-read")
			b.ReportMetric(float64(par)/float64(enc), "x-encode")
			b.ReportMetric(float64(par)/float64(b.N)/1e6, "write-ms/op")
			b.ReportMetric(float64(ser)/float64(b.N)/1e6, "serial-write-ms/op")
			b.ReportMetric(float64(read)/float64(b.N)/1e6, "read-ms/op")
			b.ReportMetric(float64(out)/1e6, "out-MB")
		})
	}
}

// discard counts the bytes written to it. It is io.Discard without its
// io.ReaderFrom, so that every write goes through Write as to a file.
type discard int64

func (d *discard) Write(p []byte) (int, error) {
	*d += discard(len(p))
	return len(p), nil
}
