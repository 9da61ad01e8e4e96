package nvivo_test

import (
	"errors"
	"io"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/qdabridge/qdabridge/nvivo"
)

// failingWriter accepts n bytes, then fails.
type failingWriter struct{ n int }

func (w *failingWriter) Write(p []byte) (int, error) {
	if len(p) > w.n {
		return 0, errors.New("disk full")
	}
	w.n -= len(p)
	return len(p), nil
}

// TestWriterTempDir writes a codebook large enough for excelize to keep
// its rows in a temporary file: the file is made in Writer.TempDir (whose
// modification time changes) and removed, whether the write succeeds or
// fails.
func TestWriterTempDir(t *testing.T) {
	cb := &nvivo.CodebookSheet{Counts: true}
	desc := strings.Repeat("what the code is about, at length; ", 30)
	for i := range 20_000 {
		cb.Codes = append(cb.Codes, &nvivo.CodebookRow{Folder: []string{"Codes"}, Path: []string{"Theme " + strconv.Itoa(i/100), "Code " + strconv.Itoa(i)}, Description: desc})
	}
	past := time.Date(2001, 2, 3, 4, 5, 6, 0, time.UTC)
	for _, tt := range []struct {
		name string
		out  io.Writer
		fail bool
	}{
		{"written", io.Discard, false},
		{"output fails", &failingWriter{n: 1 << 10}, true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			require.NoError(t, os.Chtimes(dir, past, past))
			w := &nvivo.Writer{TempDir: dir}
			_, err := w.WriteCodebook(tt.out, cb)
			if tt.fail {
				require.Error(t, err)
			} else {
				require.NoError(t, err)
			}
			info, err := os.Stat(dir)
			require.NoError(t, err)
			assert.NotEqual(t, past, info.ModTime().UTC(), "the temporary file was made in TempDir")
			entries, err := os.ReadDir(dir)
			require.NoError(t, err)
			assert.Empty(t, entries, "temporary files left")
		})
	}
}
