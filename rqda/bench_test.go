package rqda_test

import (
	"bytes"
	"fmt"
	"io"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/qdabridge/qdabridge/internal/sqlitedb/sqlitetest"
	"github.com/qdabridge/qdabridge/internal/synth"
	"github.com/qdabridge/qdabridge/refi"
	"github.com/qdabridge/qdabridge/rqda"
)

// The size of the benchmark's project: that of synth's medium preset.
const (
	benchSources = 200
	benchLength  = 5000 // characters per text, about
	benchCodings = 20_000
	benchCodes   = 80
)

// benchWords are the words of the generated texts, some with accents and
// one an emoji, so that code points and bytes differ.
var benchWords = strings.Fields("the interview water service customer price bill complaint said yes no because " +
	"perhaps année über señor niño café 😀 we they think know about would could really very")

// benchScript returns the SQL of an RQDA project of benchSources texts and
// benchCodings codings, each coding's seltext taken from its text at its
// recorded offsets, one in ten recorded one character early (as real files
// have them).
func benchScript() string {
	r := rand.New(rand.NewPCG(1, 2))
	var b strings.Builder
	b.WriteString("BEGIN;\n")
	b.WriteString(schema)
	b.WriteString("INSERT INTO project VALUES ('0.2.2', 'Sun Jul 12 20:00:21 2020', NULL, NULL, NULL, NULL);\n")
	q := func(s string) string { return "'" + strings.ReplaceAll(s, "'", "''") + "'" }
	for c := 1; c <= benchCodes; c++ {
		fmt.Fprintf(&b, "INSERT INTO freecode VALUES ('code %d', NULL, 'coder', 'Sun Jul 12 20:00:21 2020', NULL, %d, 1, NULL);\n", c, c)
	}
	texts := make([][]rune, benchSources)
	for s := range texts {
		var t strings.Builder
		for t.Len() < benchLength {
			t.WriteString(benchWords[r.IntN(len(benchWords))])
			if r.IntN(12) == 0 {
				t.WriteString(".\n")
			} else {
				t.WriteString(" ")
			}
		}
		texts[s] = []rune(t.String())
		fmt.Fprintf(&b, "INSERT INTO source VALUES ('interview %d', %d, %s, NULL, 'coder', 'Sun Jul 12 20:00:21 2020', NULL, 1);\n", s+1, s+1, q(t.String()))
	}
	for i := 0; i < benchCodings; i++ {
		s := r.IntN(benchSources)
		t := texts[s]
		n := 40 + r.IntN(300)
		first := r.IntN(len(t) - n)
		recorded := first
		if i%10 == 0 && first > 0 {
			recorded--
		}
		fmt.Fprintf(&b, "INSERT INTO coding VALUES (%d, %d, %s, %d, %d, 1, 'coder', 'Sun Jul 12 20:00:21 2020', NULL);\n",
			1+r.IntN(benchCodes), s+1, q(string(t[first:first+n])), recorded, recorded+n)
	}
	b.WriteString("COMMIT;\n")
	return b.String()
}

// BenchmarkRead reads a generated RQDA project of 20,000 codings and
// writes it as a .qdpx. The baseline, measured in the same run, reads and
// writes a REFI-QDA project of the same size (synth's medium preset:
// 200 texts of about 5,000 characters, 20,000 codings); x-refi is the
// ratio of the two times.
func BenchmarkRead(b *testing.B) {
	path := sqlitetest.Create(b, "bench.rqda", benchScript())
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
