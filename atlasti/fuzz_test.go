package atlasti_test

import (
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/qdabridge/qdabridge/atlasti"
	"github.com/qdabridge/qdabridge/internal/fuzzstat"
)

// fuzzCount counts the inputs the fuzz target runs (see .ci/fuzz).
var fuzzCount fuzzstat.Counter

// FuzzReadCSV reads arbitrary bytes as a quotation export, with a codebook
// export: no panic, and an error or a report.
func FuzzReadCSV(f *testing.F) {
	f.Add([]byte(quotations))
	f.Add([]byte("Number;Text Content;Document;Codes;Number of Codes\n1:1;a;D;\"x, y, z: w, v\";2\n"))
	f.Add([]byte(codebookCSV))
	dir := f.TempDir()
	cb := filepath.Join(dir, "codebook.csv")
	if err := os.WriteFile(cb, []byte(codebookCSV), 0o644); err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		fuzzCount.Add()
		path := filepath.Join(dir, "in.csv")
		if err := os.WriteFile(path, data, 0o644); err != nil {
			t.Fatal(err)
		}
		res, err := (&atlasti.Reader{Codebook: cb, PassageSources: true, MaxRows: 1000, MaxCellBytes: 1 << 12, MaxBytes: 1 << 16}).ReadFile(path)
		if err != nil {
			var e *atlasti.Error
			if !errors.As(err, &e) {
				t.Fatalf("error is not an *atlasti.Error: %v", err)
			}
			return
		}
		_ = res.Report.Ledger()
	})
}
