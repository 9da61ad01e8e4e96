package xlsx

import (
	"archive/zip"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestCorpusFitsLimits measures every real NVivo export of the corpus and
// checks that each fits the default limits at least ten times over (the
// compression ratio: three times, 31 against 100), so that the limits never
// stop real work. Run with -v to see the measures.
func TestCorpusFitsLimits(t *testing.T) {
	dir := corpusDir(t)
	files := corpusFiles(t, dir, ".xlsx")
	require.NotEmpty(t, files)
	var need struct {
		parts, sheets, rows, cols, cells, cellBytes, ratio int64
		bytes                                              int64
	}
	for _, name := range files {
		zr, err := zip.OpenReader(name)
		require.NoError(t, err)
		need.parts = max(need.parts, int64(len(zr.File)))
		var total int64
		for _, f := range zr.File {
			total += int64(f.UncompressedSize64)
			if f.CompressedSize64 > 0 {
				need.ratio = max(need.ratio, int64((f.UncompressedSize64+f.CompressedSize64-1)/f.CompressedSize64))
			}
		}
		zr.Close()
		need.bytes = max(need.bytes, total)
		wb, err := (&Reader{}).ReadFile(name)
		require.NoError(t, err)
		need.sheets = max(need.sheets, int64(len(wb.Sheets)))
		var cells int64
		for _, s := range wb.Sheets {
			need.cols = max(need.cols, int64(len(s.Header)))
			for _, r := range s.Rows {
				need.rows = max(need.rows, int64(r.Num))
				need.cols = max(need.cols, int64(len(r.Cells)))
				cells += int64(len(r.Cells))
				for _, c := range r.Cells {
					need.cellBytes = max(need.cellBytes, int64(len(c.Raw)), int64(len(c.Value)))
				}
			}
		}
		need.cells = max(need.cells, cells)
		rel, _ := filepath.Rel(dir, name)
		t.Logf("%s: %d parts, %d bytes inflated", rel, len(zr.File), total)
	}
	t.Logf("largest: %+v", need)
	tests := []struct {
		name        string
		need, limit int64
		margin      int64
	}{
		{"MaxParts", need.parts, defaultMaxParts, 10},
		{"MaxSheets", need.sheets, defaultMaxSheets, 10},
		{"MaxRows", need.rows, DefaultMaxRows, 10},
		{"MaxColumns", need.cols, DefaultMaxColumns, 10},
		{"MaxCells", need.cells, defaultMaxCells, 10},
		{"MaxCellBytes", need.cellBytes, DefaultMaxCellBytes, 10},
		{"MaxBytes", need.bytes, DefaultMaxBytes, 10},
		{"MaxCompressionRatio", need.ratio, defaultMaxCompression, 3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Positive(t, tt.need)
			assert.LessOrEqual(t, tt.need*tt.margin, tt.limit, "the largest real value %d is not %d times under the limit %d", tt.need, tt.margin, tt.limit)
		})
	}
}
