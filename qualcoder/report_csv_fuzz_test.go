package qualcoder_test

import (
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/qdabridge/qdabridge/qualcoder"
)

// FuzzReadCodingReport reads arbitrary bytes as a coding report: no panic,
// and an error or a report.
func FuzzReadCodingReport(f *testing.F) {
	f.Add([]byte(codingReportCSV))
	f.Add([]byte("File,Coded,Codename\n,text,A\nDoc,,A\n"))
	f.Add([]byte("File;Coded;Codename;Category\nD;\"a\nb\";c;d\n"))
	dir := f.TempDir()
	f.Fuzz(func(t *testing.T, data []byte) {
		fuzzCount.Add()
		path := filepath.Join(dir, "in.csv")
		if err := os.WriteFile(path, data, 0o644); err != nil {
			t.Fatal(err)
		}
		res, err := (&qualcoder.CodingReportReader{PassageSources: true, MaxRows: 1000, MaxCellBytes: 1 << 12, MaxBytes: 1 << 16}).ReadFile(path)
		if err != nil {
			var e *qualcoder.CodingReportError
			if !errors.As(err, &e) {
				t.Fatalf("error is not a *CodingReportError: %v", err)
			}
			return
		}
		if res.Report.Codings > res.Report.Rows {
			t.Fatalf("%d codings from %d rows", res.Report.Codings, res.Report.Rows)
		}
	})
}
