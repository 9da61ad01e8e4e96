package nvivo_test

import (
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/qdabridge/qdabridge/internal/cmdtest"
	"github.com/qdabridge/qdabridge/nvivo"
	"github.com/qdabridge/qdabridge/xlsx/workbook"
)

// TestReadFileNotRegular: the readers of NVivo's exports and of project
// workbooks refuse a named pipe or a folder before opening it.
func TestReadFileNotRegular(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "pipe.xlsx")
	cmdtest.Mkfifo(t, fifo)
	for path, want := range map[string]string{fifo: "a named pipe, not a file", dir: "a folder, not a file"} {
		_, err := (&nvivo.Reader{}).ReadFile(path)
		require.Error(t, err)
		assert.Contains(t, err.Error(), want)
		_, err = workbook.ReadFile(path)
		require.Error(t, err)
		assert.Contains(t, err.Error(), want)
	}
}
