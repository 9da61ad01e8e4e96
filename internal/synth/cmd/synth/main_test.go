package main

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/qdabridge/qdabridge/refi"
)

func TestRun(t *testing.T) {
	dir := t.TempDir()
	tests := []struct {
		name    string
		args    []string
		code    int
		stderr  string
		files   []string
		codings int
	}{
		{"one file", []string{"-o", filepath.Join(dir, "one.qdpx")}, 0, "1 file(s)", []string{"one.qdpx"}, 200},
		{"standard", []string{"-lf", "-seed", "3", "-stats", "-o", filepath.Join(dir, "lf.qdpx")}, 0, "codepoint positions", []string{"lf.qdpx"}, 200},
		{"folder", []string{"-n", "3", "-seed", "10", "-o", filepath.Join(dir, "many")}, 0, "3 file(s)",
			[]string{"many/project-0001.qdpx", "many/project-0002.qdpx", "many/project-0003.qdpx"}, 200},
		{"no output", []string{"-preset", "small"}, 2, "-o is required", nil, 0},
		{"bad preset", []string{"-preset", "enormous", "-o", "x"}, 2, "unknown preset", nil, 0},
		{"bad flag", []string{"-bogus", "-o", "x"}, 2, "flag provided but not defined", nil, 0},
		{"extra argument", []string{"-o", "x", "y"}, 2, "unexpected argument", nil, 0},
		{"negative count", []string{"-n", "-1", "-o", "x"}, 2, "must not be negative", nil, 0},
		{"unwritable", []string{"-o", filepath.Join(dir, "missing", "x.qdpx")}, 1, "synth:", nil, 0},
		{"help", []string{"-h"}, 0, "usage:", nil, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var stderr bytes.Buffer
			code := run(tt.args, &stderr)
			assert.Equal(t, tt.code, code, stderr.String())
			assert.Contains(t, stderr.String(), tt.stderr)
			for _, f := range tt.files {
				doc, err := refi.Open(filepath.Join(dir, f))
				require.NoError(t, err)
				assert.Equal(t, tt.codings, doc.Project.Counts().Codings)
				require.NoError(t, doc.Close())
			}
		})
	}
	// different seeds give different projects
	a, err := os.ReadFile(filepath.Join(dir, "many", "project-0001.qdpx"))
	require.NoError(t, err)
	b, err := os.ReadFile(filepath.Join(dir, "many", "project-0002.qdpx"))
	require.NoError(t, err)
	assert.NotEqual(t, a, b)
}
