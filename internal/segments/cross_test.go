package segments_test

import (
	"errors"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/qdabridge/qdabridge/atlasti"
	"github.com/qdabridge/qdabridge/internal/corpus"
	"github.com/qdabridge/qdabridge/maxqda"
	"github.com/qdabridge/qdabridge/qualcoder"
	"github.com/qdabridge/qdabridge/taguette"
)

// TestCorpusReadersTellApart reads each corpus export with each reader of
// coded-segment exports: only its own reader accepts it; the others fail
// with their ErrNotXxx, so that convert can try them in turn.
func TestCorpusReadersTellApart(t *testing.T) {
	root := filepath.Dir(corpus.Dir(t, "maxqda"))
	readers := map[string]func(string) error{
		"maxqda":    func(p string) error { _, err := (&maxqda.Reader{}).ReadFile(p); return err },
		"atlasti":   func(p string) error { _, err := (&atlasti.Reader{}).ReadFile(p); return err },
		"taguette":  func(p string) error { _, err := (&taguette.HighlightsReader{}).ReadFile(p); return err },
		"qualcoder": func(p string) error { _, err := (&qualcoder.CodingReportReader{}).ReadFile(p); return err },
	}
	notMine := map[string]error{"maxqda": maxqda.ErrNotMAXQDA, "atlasti": atlasti.ErrNotATLAS,
		"taguette": taguette.ErrNotHighlights, "qualcoder": qualcoder.ErrNotCodingReport}
	files := map[string]string{
		"maxqda/coded-segments-maxqda2022.xlsx":    "maxqda",
		"atlasti/quotation-manager-export.csv":     "atlasti",
		"atlasti/codebook-export.csv":              "atlasti",
		"taguette/hoctor-highlights.xlsx":          "taguette",
		"taguette/aadorian-codebook.csv":           "taguette",
		"qualcoder/olgabvo-coding-report.csv":      "qualcoder",
		"nvivo/codebook-export.xlsx":               "",
		"nvivo/matrix-coding-query-export.csv":     "",
		"nvivo/coding-summary-by-code-extract.txt": "",
	}
	for file, owner := range files {
		for name, read := range readers {
			err := read(filepath.Join(root, file))
			if name == owner {
				assert.NoError(t, err, "%s by %s", file, name)
			} else {
				assert.True(t, errors.Is(err, notMine[name]), "%s by %s: %v", file, name, err)
			}
		}
	}
}
