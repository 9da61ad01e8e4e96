package cmdutil

import (
	"io/fs"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestSourcesFS(t *testing.T) {
	outside := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(outside, "secret.txt"), []byte("secret"), 0o600))
	dir := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(dir, "a.txt"), []byte("hello"), 0o600))
	require.NoError(t, os.Symlink(filepath.Join(outside, "secret.txt"), filepath.Join(dir, "link.txt")))

	fsys, err := SourcesFS(dir)
	require.NoError(t, err)
	b, err := fs.ReadFile(fsys, "a.txt")
	require.NoError(t, err)
	assert.Equal(t, "hello", string(b))
	_, err = fs.ReadFile(fsys, "link.txt")
	assert.Error(t, err, "a symbolic link out of the folder is not followed")
	_, err = fs.ReadFile(fsys, "../"+filepath.Base(outside)+"/secret.txt")
	assert.Error(t, err)

	_, err = SourcesFS(filepath.Join(dir, "a.txt"))
	assert.ErrorContains(t, err, "not a folder")
	_, err = SourcesFS(filepath.Join(dir, "missing"))
	assert.ErrorIs(t, err, fs.ErrNotExist)
}
