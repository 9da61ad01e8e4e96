package xlsx

import (
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/qdabridge/qdabridge/internal/cmdtest"
)

// TestReadFileNotRegular: a named pipe or a folder is refused before it is
// opened (opening a pipe would wait for a writer).
func TestReadFileNotRegular(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "pipe.xlsx")
	cmdtest.Mkfifo(t, fifo)
	for path, want := range map[string]string{fifo: "a named pipe, not a file", dir: "a folder, not a file"} {
		_, err := (&Reader{}).ReadFile(path)
		require.Error(t, err)
		assert.Contains(t, err.Error(), want)
	}
}
