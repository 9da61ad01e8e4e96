package memfs_test

import (
	"testing"
	"testing/fstest"

	"github.com/stretchr/testify/require"

	"github.com/qdabridge/qdabridge/internal/memfs"
)

func TestFS(t *testing.T) {
	fsys := memfs.FS{"a.txt": []byte("hello"), "b.docx": nil}
	require.NoError(t, fstest.TestFS(fsys, "a.txt", "b.docx"))
	_, err := fsys.Open("../x")
	require.Error(t, err)
}
