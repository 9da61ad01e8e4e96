package cli_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/qdabridge/qdabridge/internal/cli"
	"github.com/qdabridge/qdabridge/internal/cmdtest"
)

func TestNotRegular(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "a.qde")
	if err := os.WriteFile(file, []byte("<Project/>"), 0o644); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(dir, "link.qde")
	if os.Symlink(file, link) != nil {
		link = file
	}
	tests := []struct {
		name string
		path func(t *testing.T) string
		want string // "" for none
	}{
		{"regular file", func(*testing.T) string { return file }, ""},
		{"link to a regular file", func(*testing.T) string { return link }, ""},
		{"missing", func(*testing.T) string { return filepath.Join(dir, "missing.qdpx") }, "no such file"},
		{"folder", func(*testing.T) string { return dir }, "a folder, not a file"},
		{"named pipe", func(t *testing.T) string {
			p := filepath.Join(t.TempDir(), "pipe.qdpx")
			cmdtest.Mkfifo(t, p)
			return p
		}, "a named pipe, not a file"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := cli.NotRegular(tt.path(t))
			if tt.want == "" {
				assert.NoError(t, err)
				return
			}
			if assert.Error(t, err) {
				assert.Contains(t, err.Error(), tt.want)
				assert.NotContains(t, err.Error(), dir, "the message does not repeat the path")
			}
		})
	}
}
