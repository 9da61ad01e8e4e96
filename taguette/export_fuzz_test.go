package taguette_test

import (
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/qdabridge/qdabridge/taguette"
)

// FuzzReadHighlights reads arbitrary bytes as a highlights export: no
// panic, and an error or a report.
func FuzzReadHighlights(f *testing.F) {
	f.Add([]byte("id,document,tag,content\n1,Doc,a,text\n1,Doc,b,text\n2,,c,x\n"))
	f.Add([]byte(exportCodebook))
	f.Add([]byte("\xEF\xBB\xBFid;document;tag;content\n\"1\";\"D\";\"t\";\"a \"\"b\"\"\"\n"))
	dir := f.TempDir()
	f.Fuzz(func(t *testing.T, data []byte) {
		fuzzCount.Add()
		path := filepath.Join(dir, "in.csv")
		if err := os.WriteFile(path, data, 0o644); err != nil {
			t.Fatal(err)
		}
		res, err := (&taguette.HighlightsReader{PassageSources: true, MaxRows: 1000, MaxCellBytes: 1 << 12, MaxBytes: 1 << 16}).ReadFile(path)
		if err != nil {
			var e *taguette.HighlightsError
			if !errors.As(err, &e) {
				t.Fatalf("error is not a *HighlightsError: %v", err)
			}
			return
		}
		if res.Report.Codings > res.Report.Rows {
			t.Fatalf("%d codings from %d rows", res.Report.Codings, res.Report.Rows)
		}
	})
}
