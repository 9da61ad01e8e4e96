package bench

import (
	"bytes"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestTableLayout(t *testing.T) {
	tb := &table{head: []string{"case", "time", "target"}}
	tb.add("read", "1.500s", "ok")
	tb.add("roundtrip", "12.000s", "")
	var b bytes.Buffer
	tb.write(&b)
	assert.Equal(t, ""+
		"| case      |    time | target |\n"+
		"|:----------|--------:|:-------|\n"+
		"| read      |  1.500s | ok     |\n"+
		"| roundtrip | 12.000s |        |\n", b.String())
}

// report is a large-preset report with round figures: project.qde 100 MB,
// a token pass of 2 s and xmllint of 1 s between every case's runs.
func report(lint bool, cases ...Result) *Report {
	r := &Report{Preset: "large", QDEsize: 100e6, Codings: 200_000, Selections: 100_000, Procs: 2, CPUs: 2, XMLLint: lint, Runs: 3,
		TokensRow: Result{Case: "tokens", Runs: 21, Seconds: 2, PeakHeap: 3, Tokens: 2, Lint: 1},
		LintRow:   Result{Case: "xmllint", Runs: 21, Seconds: 1, MaxRSS: 5, Tokens: 2, Lint: 1}}
	for _, c := range cases {
		c.Tokens = 2
		if lint {
			c.Lint = 1
		}
		r.Cases = append(r.Cases, c)
	}
	return r
}

func TestTarget(t *testing.T) {
	tests := []struct {
		name   string
		lint   bool
		cases  []Result
		row    string
		target string
	}{
		{"read within", true, []Result{{Case: "read", Seconds: 1.5}}, "read", "≤1.5× xmllint ok"},
		{"read beyond", true, []Result{{Case: "read", Seconds: 1.6}}, "read", "≤1.5× xmllint NO"},
		{"read without xmllint", false, []Result{{Case: "read", Seconds: 1.6}}, "read", ""},
		{"convert within", true, []Result{{Case: "read", Seconds: 2}, {Case: "convert", Seconds: 3}}, "convert", "≤1.5× read: 1.50 ok"},
		{"convert beyond", true, []Result{{Case: "read", Seconds: 2}, {Case: "convert", Seconds: 3.2}}, "convert", "≤1.5× read: 1.60 NO"},
		{"convert without read", true, []Result{{Case: "convert", Seconds: 3}}, "convert", ""},
		{"check time and memory", true, []Result{{Case: "read", Seconds: 2}, {Case: "check", Seconds: 4, PeakHeap: 264}}, "check",
			"≤2.5× read: 2.00 ok; peak ≤2×qde+64 ok"},
		{"check peak beyond", true, []Result{{Case: "read", Seconds: 2}, {Case: "check", Seconds: 6, PeakHeap: 265}}, "check",
			"≤2.5× read: 3.00 NO; peak ≤2×qde+64 NO"},
		{"convert-spec beyond", true, []Result{{Case: "read", Seconds: 2}, {Case: "convert-spec", Seconds: 4.4}}, "convert-spec", "≤1.5× read: 2.20 NO"},
		{"check-go within", false, []Result{{Case: "read", Seconds: 2}, {Case: "check-go", Seconds: 5, PeakHeap: 200}}, "check-go",
			"≤2.5× read: 2.50 ok; peak ≤2×qde+64 ok"},
		{"no target", true, []Result{{Case: "write", Seconds: 6}}, "write", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := report(tt.lint, tt.cases...)
			assert.Equal(t, tt.target, target(r, *r.Case(tt.row)))
		})
	}
}

func TestTable(t *testing.T) {
	tests := []struct {
		name string
		lint bool
		want []string
		not  []string
	}{
		{"with xmllint", true, []string{
			"preset large: project.qde 100.0 MB, 200000 codings, 100000 excerpts; GOMAXPROCS 2 (2 CPUs); 3 run(s)",
			"| tokens  | 2.000s |  50.0 |    100000 |     3.0 |       -97.0 |     1.00 |      2.00 |                  |",
			"| xmllint | 1.000s | 100.0 |    200000 | 5.0 rss |       -95.0 |     0.50 |      1.00 |                  |",
			"| read    | 3.000s |  33.3 |     66667 |   150.0 |       +50.0 |     1.50 |      3.00 | ≤1.5× xmllint NO |",
		}, []string{"not installed"}},
		{"without xmllint", false, []string{
			"| read   | 3.000s | 33.3 |     66667 |   150.0 |       +50.0 |     1.50 |         – |        |",
			"xmllint is not installed",
		}, []string{"| xmllint"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var b bytes.Buffer
			Table(&b, report(tt.lint, Result{Case: "read", Seconds: 3, PeakHeap: 150}))
			out := b.String()
			for _, w := range tt.want {
				assert.Contains(t, out, w)
			}
			for _, n := range tt.not {
				assert.NotContains(t, out, n)
			}
		})
	}
}

// TestTableRSSNotMeasured: an xmllint whose memory was not measured (a
// run too short to sample) shows n/a, not 0 MB.
func TestTableRSSNotMeasured(t *testing.T) {
	r := report(true, Result{Case: "read", Seconds: 3, PeakHeap: 150})
	r.LintRow.MaxRSS = 0
	var b bytes.Buffer
	Table(&b, r)
	assert.Contains(t, b.String(), "| xmllint | 1.000s | 100.0 |    200000 |     n/a |           – |     0.50 |      1.00 |                  |")
	b.Reset()
	Scaling(&b, []*Report{r, r})
	assert.Contains(t, b.String(), "n/a")
	assert.NotContains(t, b.String(), "0.0 rss")
}

func TestScaling(t *testing.T) {
	medium := report(true, Result{Case: "read", Seconds: 0.5, PeakHeap: 20})
	medium.Preset, medium.QDEsize, medium.Codings = "medium", 10e6, 20_000
	large := report(true, Result{Case: "read", Seconds: 6, PeakHeap: 200})
	var b bytes.Buffer
	Scaling(&b, []*Report{medium, large})
	out := b.String()
	assert.Contains(t, out, "scaling: codings medium 20000 ×1.0, large 200000 ×10.0; project.qde medium 10.0 MB ×1.0, large 100.0 MB ×10.0")
	lines := strings.Split(strings.TrimSpace(out), "\n")
	require.Len(t, lines, 7) // title, blank, head, rule, tokens, xmllint, read
	assert.Equal(t, "| read    | 0.500s ×1.0 | 6.000s ×12.0 |           20.0 |         200.0 |                     1.20 |", lines[6])

	b.Reset()
	Scaling(&b, []*Report{large})
	assert.Empty(t, b.String(), "one report has no scaling")
}

func TestToolTable(t *testing.T) {
	var b bytes.Buffer
	ToolTable(&b, []*ToolResult{
		{Tool: "rqda", Codings: 20_000, Placed: 20_000, Input: 12.5, Runs: 3, Seconds: 1, PeakHeap: 30, REFIRead: 0.5, Tokens: 0.25},
		{Tool: "rqda", Codings: 200_000, Placed: 199_999, Input: 125, Runs: 3, Seconds: 12, PeakHeap: 300, REFIRead: 6, Tokens: 3},
	})
	assert.Contains(t, b.String(), ""+
		"| rqda   |   20000 |  20000 |     12.5 |  1.000s |     20000 |    30.0 |    0.500s |        2.00 |     4.00 |                              |\n"+
		"| rqda   |  200000 | 199999 |    125.0 | 12.000s |     16667 |   300.0 |    6.000s |        2.00 |     4.00 | time ×12.0 for codings ×10.0 |\n")
}
