package safefile

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestWrite(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "out.txt")
	require.NoError(t, Write(path, Options{}, func(w io.Writer) error {
		_, err := io.WriteString(w, "first")
		return err
	}))
	b, err := os.ReadFile(path)
	require.NoError(t, err)
	assert.Equal(t, "first", string(b))

	// a failing write keeps the old file and leaves nothing else behind
	boom := errors.New("boom")
	err = Write(path, Options{}, func(w io.Writer) error {
		io.WriteString(w, "partial")
		return boom
	})
	assert.ErrorIs(t, err, boom)
	b, _ = os.ReadFile(path)
	assert.Equal(t, "first", string(b))

	// so does a panic
	func() {
		defer func() { recover() }()
		Write(path, Options{}, func(w io.Writer) error { panic("bad") })
	}()
	entries, err := os.ReadDir(dir)
	require.NoError(t, err)
	assert.Len(t, entries, 1, "no temporary file left")

	// NoClobber refuses an existing file
	err = Write(path, Options{NoClobber: true}, func(w io.Writer) error { return nil })
	assert.ErrorIs(t, err, ErrExists)
	require.NoError(t, Write(filepath.Join(dir, "new.txt"), Options{NoClobber: true, Perm: 0o600}, func(w io.Writer) error {
		_, err := io.WriteString(w, "x")
		return err
	}))
	st, err := os.Stat(filepath.Join(dir, "new.txt"))
	require.NoError(t, err)
	assert.Equal(t, os.FileMode(0o600), st.Mode().Perm())

	// a directory is not replaced
	assert.Error(t, Write(dir, Options{}, func(w io.Writer) error { return nil }))
}
