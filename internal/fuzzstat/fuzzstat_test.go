package fuzzstat

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestCounter(t *testing.T) {
	tests := []struct {
		name string
		dir  bool
		adds int
	}{
		{name: "without QDA_FUZZ_STATS nothing is written", dir: false, adds: 3},
		{name: "the count is written", dir: true, adds: 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			if tt.dir {
				t.Setenv("QDA_FUZZ_STATS", dir)
			} else {
				t.Setenv("QDA_FUZZ_STATS", "")
			}
			var c Counter
			for i := 0; i < tt.adds; i++ {
				c.Add()
			}
			files, err := filepath.Glob(filepath.Join(dir, "execs-*"))
			require.NoError(t, err)
			if !tt.dir {
				assert.Empty(t, files)
				assert.Empty(t, c.Dir())
				return
			}
			require.Len(t, files, 1)
			b, err := os.ReadFile(files[0])
			require.NoError(t, err)
			assert.Equal(t, "1", string(b))
		})
	}
}
