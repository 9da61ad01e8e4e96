package maxqda_test

import (
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/qdabridge/qdabridge/internal/fuzzstat"
	"github.com/qdabridge/qdabridge/maxqda"
)

// fuzzCount counts the inputs the fuzz target runs (see .ci/fuzz).
var fuzzCount fuzzstat.Counter

// FuzzReadCSV reads arbitrary bytes as a Coded Segments CSV file: no panic,
// and an error or a report.
func FuzzReadCSV(f *testing.F) {
	f.Add([]byte("Document name;Code;Segment;Beginning;End\nInterview 1;A\\B;text;2;2\n"))
	f.Add([]byte("\xEF\xBB\xBFDocument name,Code,Segment\n\"a\",\"b\",\"c \"\"q\"\"\"\n,,\n"))
	f.Add([]byte("Document name;Code;Segment\nx;y;\"open\n"))
	f.Add([]byte("PK\x03\x04junk"))
	dir := f.TempDir()
	f.Fuzz(func(t *testing.T, data []byte) {
		fuzzCount.Add()
		path := filepath.Join(dir, "in.csv")
		if err := os.WriteFile(path, data, 0o644); err != nil {
			t.Fatal(err)
		}
		res, err := (&maxqda.Reader{PassageSources: true, MaxRows: 1000, MaxCellBytes: 1 << 12, MaxBytes: 1 << 16}).ReadFile(path)
		if err != nil {
			var e *maxqda.Error
			if !errors.As(err, &e) {
				t.Fatalf("error is not a *maxqda.Error: %v", err)
			}
			_ = err.Error()
			return
		}
		if res.Report.Codings > res.Report.Rows {
			t.Fatalf("%d codings from %d rows", res.Report.Codings, res.Report.Rows)
		}
		_ = res.Report.Ledger()
	})
}
