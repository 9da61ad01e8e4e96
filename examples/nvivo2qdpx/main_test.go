package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/qdabridge/qdabridge/refi"
)

var set = filepath.Join("..", "..", "internal", "sample", "nvivoexports", "exports")

func exports() []string {
	var out []string
	for _, n := range []string{"codebook.xlsx", "classification.xlsx", "coding-summary-by-code.txt", "files-list.xlsx"} {
		out = append(out, filepath.Join(set, n))
	}
	return out
}

func TestConvertSampleExports(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "sample.qdpx")
	var stdout, stderr bytes.Buffer
	args := append([]string{"--sources", filepath.Join(set, "transcripts"), "-o", out,
		"--qdc", filepath.Join(dir, "codes.qdc"), "--codebook", filepath.Join(dir, "codebook.xlsx"),
		"--classification", filepath.Join(dir, "cases.xlsx")}, exports()...)
	require.Equal(t, 0, run(args, &stdout, &stderr), stderr.String())
	s := stdout.String()
	assert.Contains(t, s, "coding-summary  text    106 rows")
	assert.Contains(t, s, "project:      codes 21, participants 7, sources 7, users 2, variables 5, excerpts 67, codings 86")
	assert.Contains(t, s, "references:   86: matched 86 (exact 83, tolerant 3), ambiguous 0, missing 0")
	assert.Contains(t, s, "Cases:Years in role")
	assert.Contains(t, s, "the reference order chose one")
	assert.Empty(t, stderr.String())
	doc, err := refi.Open(out)
	require.NoError(t, err)
	defer doc.Close()
	assert.Equal(t, 86, doc.Project.Counts().Codings)
	for _, f := range []string{"codes.qdc", "codebook.xlsx", "cases.xlsx"} {
		st, err := os.Stat(filepath.Join(dir, f))
		require.NoError(t, err, f)
		assert.NotZero(t, st.Size())
	}
}

func TestConvertJSON(t *testing.T) {
	dir := t.TempDir()
	var stdout, stderr bytes.Buffer
	args := append([]string{"--json", "-o", filepath.Join(dir, "x.qdpx")}, exports()...)
	require.Equal(t, 0, run(args, &stdout, &stderr), stderr.String())
	var rep map[string]any
	require.NoError(t, json.Unmarshal(stdout.Bytes(), &rep))
	for _, k := range []string{"inputs", "codes", "participants", "sources", "excerpts", "matched", "ambiguous", "missing"} {
		assert.Contains(t, rep, k)
	}
	inputs := rep["inputs"].([]any)
	require.Len(t, inputs, 4)
	kinds := []string{}
	for _, in := range inputs {
		m := in.(map[string]any)
		assert.NotEmpty(t, m["path"])
		kinds = append(kinds, m["kind"].(string))
	}
	assert.Equal(t, []string{"codebook", "classification", "coding-summary", "list"}, kinds)
	assert.Equal(t, 86.0, rep["missing"], "no --sources: no coding can be placed")
	assert.Equal(t, 0.0, rep["matched"])
}

func TestConvertErrors(t *testing.T) {
	dir := t.TempDir()
	matrix := filepath.Join(dir, "m.csv")
	require.NoError(t, os.WriteFile(matrix, []byte(",A : x,B : y\n1 : f,1,0\n"), 0o644))
	xls := filepath.Join(dir, "old.xls")
	require.NoError(t, os.WriteFile(xls, []byte("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1 ole"), 0o644))
	out := filepath.Join(dir, "o.qdpx")
	tests := []struct {
		name   string
		args   []string
		code   int
		stderr string
	}{
		{"no exports", nil, 2, "no exports given"},
		{"bad flag", []string{"--nope"}, 2, "usage: nvivo2qdpx"},
		{"sources not a folder", []string{"--sources", matrix, "-o", out, matrix}, 2, "not a folder"},
		{"matrix alone", []string{"-o", out, matrix}, 1, "m.csv is a matrix export"},
		{"legacy xls", []string{"-o", out, xls}, 1, "save it as .xlsx"},
		{"missing file", []string{"-o", out, filepath.Join(dir, "nope.xlsx")}, 1, "no such file"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			assert.Equal(t, tt.code, run(tt.args, &stdout, &stderr), stderr.String())
			assert.Contains(t, stderr.String(), tt.stderr)
			assert.Empty(t, stdout.String(), "nothing on stdout on failure")
			_, err := os.Stat(out)
			assert.True(t, os.IsNotExist(err), "no output written")
		})
	}
}

func TestDefaultOutput(t *testing.T) {
	abs, err := filepath.Abs(set)
	require.NoError(t, err)
	t.Chdir(t.TempDir())
	args := []string{filepath.Join(abs, "codebook.xlsx")}
	var stdout, stderr bytes.Buffer
	require.Equal(t, 0, run(args, &stdout, &stderr), stderr.String())
	assert.Contains(t, stdout.String(), "output:       nvivo.qdpx")
	_, err = os.Stat("nvivo.qdpx")
	require.NoError(t, err)
	stdout.Reset()
	assert.Equal(t, 1, run(args, &stdout, &stderr), "never replaced without -o")
	assert.Contains(t, stderr.String(), "nvivo.qdpx exists; give -o")
}
