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
			writes := []struct {
				took  *time.Duration
				write func(*refi.Document) error
			}{
				{&par, func(doc *refi.Document) error {
					out = 0
					_, err := (&refi.Writer{}).Write(&out, doc, refi.FormatQDPX)
					return err
				}},
				{&ser, func(doc *refi.Document) error {
					_, err := refi.WriteSerial(&refi.Writer{}, new(discard), doc, refi.FormatQDPX)
					return err
				}},
				{&enc, func(doc *refi.Document) error {
					_, err := (&refi.Writer{}).Write(new(discard), doc, refi.FormatQDE)
					return err
				}},
			}
			b.ResetTimer()
			for i := 0; b.Loop(); i++ {
				t0 := time.Now()
				doc, err := (&refi.Reader{}).ReadQDPX(bytes.NewReader(data), int64(len(data)))
				require.NoError(b, err)
				read += time.Since(t0)
				// each write comes first in turn: the first pays for the
				// garbage the read left
				for k := range writes {
					w := writes[(i+k)%len(writes)]
					t := time.Now()
					require.NoError(b, w.write(doc))
					*w.took += time.Since(t)
				}
				require.NoError(b, doc.Close())
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
