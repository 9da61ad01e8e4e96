package refi

import (
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/qdabridge/qdabridge/internal/cmdtest"
)

// TestOpenNotRegular: a named pipe, a device and a folder are refused
// before they are opened, at once.
func TestOpenNotRegular(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "pipe.qdpx")
	cmdtest.Mkfifo(t, fifo)
	tests := []struct{ name, path, want string }{
		{"named pipe", fifo, "a named pipe, not a file"},
		{"device", "/dev/zero", "a device, not a file"},
		{"folder", dir, "a folder, not a file"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			start := time.Now()
			_, err := Open(tt.path)
			require.Error(t, err)
			assert.Contains(t, err.Error(), tt.want)
			assert.Less(t, time.Since(start), 5*time.Second)
		})
	}
}
