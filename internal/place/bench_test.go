package place_test

import (
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/qdabridge/qdabridge/internal/place"
)

// benchInput is a text of 1 MB (words, spaces, CR LF line ends, some
// non-ASCII) and 1,000 passages taken from it: most as they are, one in
// five with its line ends and spaces changed (found tolerantly), one in
// twenty changed so as not to occur. It is the same for every run.
func benchInput() (text string, passages []string) {
	r := rand.New(rand.NewPCG(1, 2))
	words := strings.Fields("the interview participant said that it was not the first week but " +
		"later on and we were different not cured één café naïve über 👍🏽 — yes no maybe")
	var b strings.Builder
	for b.Len() < 1<<20 {
		b.WriteString(words[r.IntN(len(words))])
		switch r.IntN(14) {
		case 0:
			b.WriteString("\r\n")
		case 1:
			b.WriteString("  ")
		default:
			b.WriteByte(' ')
		}
	}
	text = b.String()
	for len(passages) < 1000 {
		i := r.IntN(len(text) - 400)
		for i < len(text) && text[i] != ' ' {
			i++
		}
		i++
		j := i + 20 + r.IntN(180)
		for j < len(text) && text[j] != ' ' {
			j++
		}
		p := text[i:j]
		switch k := r.IntN(20); {
		case k < 4:
			p = strings.ReplaceAll(strings.ReplaceAll(p, "\r\n", "\n"), " ", "\t")
		case k < 5:
			p += " zzz"
		}
		passages = append(passages, p)
	}
	return text, passages
}

// BenchmarkFind looks for 1,000 passages in a 1 MB text with one Finder,
// as a reader does for the passages of one document, and, in the same
// run, with one that never indexes the text but scans it for each passage
// (x-scan: the first's time over the second's).
func BenchmarkFind(b *testing.B) {
	text, passages := benchInput()
	var one, scans time.Duration
	for b.Loop() {
		start := time.Now()
		f := place.NewFinder(text)
		for _, p := range passages {
			f.Find(p)
		}
		one += time.Since(start)
		start = time.Now()
		f = place.NewScanningFinder(text)
		for _, p := range passages {
			f.Find(p)
		}
		scans += time.Since(start)
	}
	b.ReportMetric(float64(one.Nanoseconds())/float64(b.N*len(passages)), "ns/passage")
	b.ReportMetric(float64(one)/float64(scans), "x-scan")
}
