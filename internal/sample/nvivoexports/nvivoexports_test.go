package nvivoexports_test

import (
	"io/fs"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/qdabridge/qdabridge/internal/sample/nvivoexports"
)

func TestFS(t *testing.T) {
	fsys := nvivoexports.FS()
	tests := []struct {
		name string
		min  int // bytes at least
	}{
		{"codebook.xlsx", 1000},
		{"classification.xlsx", 1000},
		{"coding-summary-by-code.txt", 10000},
		{"coding-summary-by-code.xlsx", 10000},
		{"files-list.xlsx", 1000},
		{"README.md", 100},
		{"transcripts/Interview P01 - patient.txt", 1000},
		{"transcripts/Interview P07 - voluntary sector.docx", 1000},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b, err := fs.ReadFile(fsys, tt.name)
			require.NoError(t, err)
			assert.GreaterOrEqual(t, len(b), tt.min)
		})
	}
	for _, n := range nvivoexports.Exports {
		_, err := fs.Stat(fsys, n)
		assert.NoError(t, err, n)
	}
	ts, err := fs.ReadDir(fsys, nvivoexports.Transcripts)
	require.NoError(t, err)
	assert.Len(t, ts, 7)
}
