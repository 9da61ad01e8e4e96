package bench

import (
	"os"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// The fixtures of the benchmarks, made once per preset and removed by
// TestMain.
var (
	mu       sync.Mutex
	fixtures = map[string]*Fixture{}
	tools    = map[string]*ToolFixture{}
)

// fixture returns the preset's fixture: QDA_BENCH_PRESET (default
// medium) when name is "".
func fixture(b *testing.B, name string) *Fixture {
	if name == "" {
		name = os.Getenv("QDA_BENCH_PRESET")
		if name == "" {
			name = "medium"
		}
	}
	mu.Lock()
	defer mu.Unlock()
	if f := fixtures[name]; f != nil {
		return f
	}
	f, err := NewFixture(name)
	if err != nil {
		b.Fatal(err)
	}
	fixtures[name] = f
	return f
}

func toolFixture(b *testing.B, t Tool, codings int) *ToolFixture {
	ref := fixture(b, RefPreset(codings))
	key := t.Name + strconv.Itoa(codings)
	mu.Lock()
	defer mu.Unlock()
	if tf := tools[key]; tf != nil {
		return tf
	}
	tf, err := NewToolFixture(t, codings, ref)
	if err != nil {
		b.Fatal(err)
	}
	tools[key] = tf
	return tf
}

func TestMain(m *testing.M) {
	code := m.Run()
	for _, tf := range tools {
		tf.Close()
	}
	for _, f := range fixtures {
		f.Close()
	}
	os.Exit(code)
}

// clock makes timedWith drive b's timer.
func clock(b *testing.B) func(bool) {
	return func(running bool) {
		if running {
			b.StartTimer()
		} else {
			b.StopTimer()
		}
	}
}

// benchCase times the case on the preset's fixture, with a token pass and
// an xmllint run before each run, untimed: x-tokens and x-xmllint are the
// ratios of the sums.
func benchCase(b *testing.B, name string) {
	f := fixture(b, "")
	c, err := CaseNamed(name)
	if err != nil {
		b.Fatal(err)
	}
	op, done, err := c.Prepare(f)
	if err != nil {
		b.Fatal(err)
	}
	defer done()
	var tokens, lint Result
	var run time.Duration
	var peak float64
	b.StopTimer()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, _, err := baselines(f, &tokens, &lint); err != nil {
			b.Fatal(err)
		}
		s, err := timedWith(op, clock(b))
		if err != nil {
			b.Fatal(err)
		}
		run += s.d
		peak = max(peak, mb(s.heap))
	}
	b.SetBytes(f.QDEsize)
	b.ReportMetric(float64(f.Codings)*float64(b.N)/run.Seconds(), "codings/s")
	b.ReportMetric(peak, "peak-heap-MB")
	b.ReportMetric(run.Seconds()/tokens.Seconds, "x-tokens")
	if f.XMLLint != "" {
		b.ReportMetric(run.Seconds()/lint.Seconds, "x-xmllint")
	}
}

// BenchmarkTokens is the token pass alone.
func BenchmarkTokens(b *testing.B) {
	f := fixture(b, "")
	var peak float64
	b.StopTimer()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		s, err := timedWith(func() error { return TokenPass(f.Path) }, clock(b))
		if err != nil {
			b.Fatal(err)
		}
		peak = max(peak, mb(s.heap))
	}
	b.SetBytes(f.QDEsize)
	b.ReportMetric(peak, "peak-heap-MB")
}

// BenchmarkXMLLint is xmllint --stream --noout alone, with its max RSS.
func BenchmarkXMLLint(b *testing.B) {
	f := fixture(b, "")
	if f.XMLLint == "" {
		b.Skip("xmllint is not installed")
	}
	var rss int64
	b.StopTimer()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		b.StartTimer()
		l, err := XMLLintStream(f.XMLLint, f.QDE)
		b.StopTimer()
		if err != nil {
			b.Fatal(err)
		}
		rss = max(rss, l.MaxRSS)
	}
	b.SetBytes(f.QDEsize)
	b.ReportMetric(mb(uint64(rss)), "max-rss-MB")
}

func BenchmarkRead(b *testing.B)        { benchCase(b, "read") }
func BenchmarkConvert(b *testing.B)     { benchCase(b, "convert") }
func BenchmarkConvertSpec(b *testing.B) { benchCase(b, "convert-spec") }
func BenchmarkCheck(b *testing.B)       { benchCase(b, "check") }
func BenchmarkCheckGo(b *testing.B)     { benchCase(b, "check-go") }
func BenchmarkWrite(b *testing.B)       { benchCase(b, "write") }
func BenchmarkRoundTrip(b *testing.B)   { benchCase(b, "roundtrip") }
func BenchmarkExcerpts(b *testing.B)    { benchCase(b, "excerpts") }
func BenchmarkWorkbook(b *testing.B)    { benchCase(b, "workbook") }

// toolCodings are the sizes of the tool readers' inputs:
// QDA_BENCH_TOOL_CODINGS, comma-separated (default 20000; 200000 makes
// the large inputs, which take a minute to generate).
func toolCodings(b *testing.B) []int {
	v := os.Getenv("QDA_BENCH_TOOL_CODINGS")
	if v == "" {
		return []int{20_000}
	}
	var out []int
	for _, s := range strings.Split(v, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(s))
		if err != nil || n < 1 {
			b.Fatalf("QDA_BENCH_TOOL_CODINGS: %q is not a number of codings", s)
		}
		out = append(out, n)
	}
	return out
}

// BenchmarkReaders reads each tool's generated input and writes a .qdpx,
// as convert does, with a REFI read of the same-size project and a token
// pass over it before each run, untimed: x-refi-read and x-tokens.
func BenchmarkReaders(b *testing.B) {
	for _, n := range toolCodings(b) {
		for _, t := range Tools {
			b.Run(t.Name+"-"+strconv.Itoa(n), func(b *testing.B) {
				tf := toolFixture(b, t, n)
				var tok, refi, run time.Duration
				var peak float64
				b.StopTimer()
				b.ResetTimer()
				for i := 0; i < b.N; i++ {
					s, err := timed(func() error { return TokenPass(tf.Ref.Path) })
					if err != nil {
						b.Fatal(err)
					}
					tok += s.d
					if s, err = timed(func() error { return opened(read)(tf.Ref) }); err != nil {
						b.Fatal(err)
					}
					refi += s.d
					if s, err = timedWith(func() error { _, err := tf.ReadWrite(); return err }, clock(b)); err != nil {
						b.Fatal(err)
					}
					run += s.d
					peak = max(peak, mb(s.heap))
				}
				b.ReportMetric(float64(n)*float64(b.N)/run.Seconds(), "codings/s")
				b.ReportMetric(peak, "peak-heap-MB")
				b.ReportMetric(float64(run)/float64(refi), "x-refi-read")
				b.ReportMetric(float64(run)/float64(tok), "x-tokens")
			})
		}
	}
}
