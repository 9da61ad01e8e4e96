package pseudonymise

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/qdabridge/qdabridge/internal/cli"
	"github.com/qdabridge/qdabridge/internal/sample"
	"github.com/qdabridge/qdabridge/internal/schematest"
	"github.com/qdabridge/qdabridge/refi"
)

const key = `original,replacement,category
Zoë,P01,participant
Łukasz,P02,participant
Siobhán,P03,participant
Bronwen,P04,participant
José,P05,participant
Chidi,P06,participant
Renée,P07,participant
Riverside,Northside,place
`

var names = []string{"Zoë", "Łukasz", "Siobhán", "Bronwen", "José", "Chidi", "Renée", "Riverside"}

func write(t *testing.T, dir, name string, b []byte) string {
	t.Helper()
	p := filepath.Join(dir, name)
	require.NoError(t, os.WriteFile(p, b, 0o644))
	return p
}

// entries returns every entry of the zip archive at path, by name.
func entries(t *testing.T, path string) map[string]string {
	t.Helper()
	zr, err := zip.OpenReader(path)
	require.NoError(t, err)
	defer zr.Close()
	out := map[string]string{}
	for _, f := range zr.File {
		rc, err := f.Open()
		require.NoError(t, err)
		b, err := io.ReadAll(rc)
		require.NoError(t, err)
		rc.Close()
		out[f.Name] = string(b)
	}
	return out
}

func TestPseudonymiseSample(t *testing.T) {
	dir := t.TempDir()
	in := write(t, dir, sample.FileName, sample.QDPX)
	k := write(t, dir, "key.csv", []byte(key))
	out, log := filepath.Join(dir, "out.qdpx"), filepath.Join(dir, "log.csv")
	var stdout, stderr bytes.Buffer
	require.Equal(t, 0, cli.Execute(Command(), []string{"--key", k, "--log", log, "-o", out, in}, &stdout, &stderr), stderr.String())
	for _, s := range []string{
		"replaced:  42 occurrences in 8 texts",
		"category:  participant 35, place 7",
		"place:     text 32, name 7, value 3",
		"passages:  82 exact, 4 widened to cover a replacement, 0 deleted",
		"warning:   " + log + " holds the identifiers",
	} {
		assert.Contains(t, stderr.String(), s)
	}
	schematest.RequireValidQDPX(t, out)
	for name, data := range entries(t, out) {
		for _, n := range names {
			assert.NotContains(t, strings.ToLower(name+data), strings.ToLower(n), "in %s", name)
		}
		assert.NotContains(t, name, "log")
	}
	b, err := os.ReadFile(log)
	require.NoError(t, err)
	lines := strings.Split(strings.TrimSpace(string(b)), "\n")
	assert.Len(t, lines, 43)
	assert.Equal(t, "where,place,position,category,original,replacement", lines[0])
	assert.Contains(t, string(b), ",text,192,participant,Zoë,[P01]")

	doc, err := refi.Open(out)
	require.NoError(t, err)
	defer doc.Close()
	src := doc.Project.Sources[0].(*refi.TextSource)
	text, err := doc.Text(src)
	require.NoError(t, err)
	got, err := text.Slice(192, 197, doc.Project.Positions)
	require.NoError(t, err)
	assert.Equal(t, "[P01]", got, "the log's position is in the new text")
}

func TestPseudonymiseJSONUnmarked(t *testing.T) {
	dir := t.TempDir()
	in := write(t, dir, sample.FileName, sample.QDPX)
	k := write(t, dir, "key.csv", []byte(key))
	out := filepath.Join(dir, "out.qde")
	var stdout, stderr bytes.Buffer
	require.Equal(t, 0, cli.Execute(Command(), []string{"--json", "--unmarked", "--key", k, "-o", out, in}, &stdout, &stderr), stderr.String())
	var rep report
	require.NoError(t, json.Unmarshal(stdout.Bytes(), &rep), stdout.String())
	assert.Equal(t, 42, rep.Replacements)
	assert.Equal(t, 4, rep.Selections.Covered)
	for _, n := range names {
		assert.NotContains(t, stdout.String(), n, "the report holds no original")
	}
	b, err := os.ReadFile(out)
	require.NoError(t, err)
	assert.Contains(t, string(b), `name="P01 P01 (patient)"`)
}

func TestSuggest(t *testing.T) {
	dir := t.TempDir()
	in := write(t, dir, sample.FileName, sample.QDPX)
	k := filepath.Join(dir, "key.csv")
	var stdout, stderr bytes.Buffer
	require.Equal(t, 0, cli.Execute(Command(), []string{"--suggest", k, in}, &stdout, &stderr), stderr.String())
	assert.Contains(t, stderr.String(), "suggested: 33 originals (case 7, user 6, value 12, nearby 8)")
	b, err := os.ReadFile(k)
	require.NoError(t, err)
	assert.True(t, strings.HasPrefix(string(b), "original,replacement,category,count\nJosé,,case,10\n"), string(b))
	// The template, unfilled, is refused as a key.
	require.Equal(t, 1, cli.Execute(Command(), []string{"--key", k, "-o", filepath.Join(dir, "o.qdpx"), in}, &stdout, &stderr))
	assert.Contains(t, stderr.String(), `key.csv:2: "José" has no replacement`)
}

func TestPseudonymiseUsage(t *testing.T) {
	dir := t.TempDir()
	in := write(t, dir, sample.FileName, sample.QDPX)
	k := write(t, dir, "key.csv", []byte(key))
	bad := write(t, dir, "bad.csv", []byte("Zoë,P1\nzoë,P2\nAnna,Zoë\n"))
	exists := write(t, dir, "exists.qdpx", []byte("keep me"))
	o := filepath.Join(dir, "o.qdpx")
	tests := []struct {
		name   string
		args   []string
		status int
		msg    string
	}{
		{"no input", []string{"--key", k, "-o", o}, 2, "one project is needed"},
		{"no key", []string{"-o", o, in}, 2, "--key KEY.csv is needed"},
		{"no output", []string{"--key", k, in}, 2, "-o OUT is needed"},
		{"output of another format", []string{"--key", k, "-o", filepath.Join(dir, "o.xlsx"), in}, 2, "name the output .qdpx or .qde"},
		{"log is the output", []string{"--key", k, "--log", o, "-o", o, in}, 2, "write it apart from the output"},
		{"suggest with key", []string{"--suggest", k, "--key", k, in}, 2, "--suggest writes a key"},
		{"bad key", []string{"--key", bad, "-o", o, in}, 1, `bad.csv:2: "zoë" is given twice (first on line 1)`},
		{"bad key, second problem", []string{"--key", bad, "-o", o, in}, 1, `bad.csv:3: the replacement "Zoë" of "Anna" contains the original "Zoë"`},
		{"missing key", []string{"--key", filepath.Join(dir, "none.csv"), "-o", o, in}, 1, "none.csv"},
		{"output is the input", []string{"--force", "--key", k, "-o", in, in}, 1, "never written to"},
		{"output exists", []string{"--key", k, "-o", exists, in}, 1, "exists"},
		{"suggest over the input", []string{"--force", "--suggest", in, in}, 1, "never written to"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			assert.Equal(t, tt.status, cli.Execute(Command(), tt.args, &stdout, &stderr))
			assert.Contains(t, stderr.String(), tt.msg)
			assert.NotContains(t, stderr.String(), "pseudonym:")
		})
	}
	assert.NoFileExists(t, o)
	b, err := os.ReadFile(exists)
	require.NoError(t, err)
	assert.Equal(t, "keep me", string(b), "an existing output is not replaced")
	b, err = os.ReadFile(in)
	require.NoError(t, err)
	assert.Equal(t, sample.QDPX, b, "the input is not written to")
}
