package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/qdabridge/qdabridge/internal/schematest"

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
	// the ledger counts the 86 codings the exports held, all dropped
	ledger := rep["ledger"].(map[string]any)
	codings := ledger["codings"].(map[string]any)
	assert.Equal(t, 86.0, codings["input"])
	assert.Equal(t, 86.0, codings["dropped"])
	items := codings["items"].([]any)
	require.Len(t, items, 86)
	assert.Contains(t, items[0].(map[string]any)["why"], "not placed in its document (no documents were given to place it in)")
	for kind, row := range ledger {
		m := row.(map[string]any)
		sum := 0.0
		for _, c := range []string{"kept", "converted", "repaired", "moved", "renamed", "dropped", "invisible"} {
			sum += m[c].(float64)
		}
		assert.Equal(t, m["input"], sum, kind)
	}
	assert.Equal(t, 1, countCode(rep, "time-zone"), "no --tz: one warning that the times were taken as UTC")

	// with --tz the times are converted from that zone, with no warning
	stdout.Reset()
	args = append([]string{"--json", "--tz", "Europe/London", "-o", filepath.Join(dir, "y.qdpx")}, exports()...)
	require.Equal(t, 0, run(args, &stdout, &stderr), stderr.String())
	rep = nil
	require.NoError(t, json.Unmarshal(stdout.Bytes(), &rep))
	assert.Equal(t, 0, countCode(rep, "time-zone"))
}

// countCode counts the warnings with a code in a JSON report.
func countCode(rep map[string]any, code string) int {
	n := 0
	for _, w := range rep["warnings"].([]any) {
		if w.(map[string]any)["code"] == code {
			n++
		}
	}
	return n
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
		{"bad flag", []string{"--nope"}, 2, "usage: nvivo2qdpx"},
		{"sources without exports", []string{"--sources", dir, "-o", out}, 2, "--sources needs exports"},
		{"empty output name", []string{"-o", "", matrix}, 2, "-o needs a file name"},
		{"output named twice", []string{"-o", out, "--qdc", out, matrix}, 2, "named twice"},
		{"sources not a folder", []string{"--sources", matrix, "-o", out, matrix}, 2, "not a folder"},
		{"unknown zone", []string{"--tz", "Mars/Olympus", "-o", out, matrix}, 2, `--tz: unknown time zone "Mars/Olympus"`},
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
	before, err := os.ReadFile("nvivo.qdpx")
	require.NoError(t, err)

	tests := []struct {
		name   string
		args   []string
		code   int
		stderr string
	}{
		{"never replaced without --force", args, 1, "nvivo.qdpx: the output file exists (use --force to replace it)"},
		{"-o neither", append([]string{"-o", "nvivo.qdpx"}, args...), 1, "the output file exists"},
		{"nor an extra output", append([]string{"-o", "other.qdpx", "--qdc", "nvivo.qdpx"}, args...), 1, "the output file exists"},
		{"an export is never written to", append([]string{"--force", "-o", args[0]}, args...), 1, "is also an input: it is never written to"},
		{"replaced with --force", append([]string{"--force"}, args...), 0, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			assert.Equal(t, tt.code, run(tt.args, &stdout, &stderr), stderr.String())
			if tt.code != 0 {
				assert.Contains(t, stderr.String(), tt.stderr)
				after, err := os.ReadFile("nvivo.qdpx")
				require.NoError(t, err)
				assert.Equal(t, before, after, "the existing file is kept")
				_, err = os.Stat("other.qdpx")
				assert.True(t, os.IsNotExist(err), "nothing written when an output exists")
			}
		})
	}
	st, err := os.Stat(args[0])
	require.NoError(t, err)
	assert.NotZero(t, st.Size(), "the export is intact")
}

// TestNoArguments: without exports the embedded sample set is converted to
// nvivo.qdpx in the current directory, which is never replaced without
// --force.
func TestNoArguments(t *testing.T) {
	t.Chdir(t.TempDir())
	var stdout, stderr bytes.Buffer
	require.Equal(t, 0, run(nil, &stdout, &stderr), stderr.String())
	s := stdout.String()
	assert.Empty(t, stderr.String())
	for _, want := range []string{
		"inputs:       the embedded sample export set",
		"codebook        xlsx     20 rows  codebook.xlsx",
		"coding-summary  text    106 rows  coding-summary-by-code.txt",
		"output:       nvivo.qdpx",
		"project:      codes 21, participants 7, sources 7, users 2, variables 5, excerpts 67, codings 86",
		"references:   86: matched 86 (exact 83, tolerant 3), ambiguous 0, missing 0",
		"Interview P07 - voluntary sector  Interview P07 - voluntary sector.docx: 11 placed, 0 not placed",
	} {
		assert.Contains(t, s, want)
	}
	schematest.RequireValidQDPX(t, "nvivo.qdpx")
	doc, err := refi.Open("nvivo.qdpx")
	require.NoError(t, err)
	defer doc.Close()
	c := doc.Project.Counts()
	assert.Equal(t, 67, c.Selections)
	assert.Equal(t, 86, c.Codings)
	n := 0
	for e, err := range doc.Excerpts(refi.ExcerptOptions{}) {
		require.NoError(t, err)
		assert.NotEmpty(t, e.Text)
		n++
	}
	assert.Positive(t, n)

	before, err := os.ReadFile("nvivo.qdpx")
	require.NoError(t, err)
	stdout.Reset()
	stderr.Reset()
	assert.Equal(t, 1, run(nil, &stdout, &stderr))
	assert.Contains(t, stderr.String(), "nvivo.qdpx: the output file exists (use --force to replace it)")
	after, err := os.ReadFile("nvivo.qdpx")
	require.NoError(t, err)
	assert.Equal(t, before, after)

	stdout.Reset()
	stderr.Reset()
	require.Equal(t, 0, run([]string{"--force", "--json"}, &stdout, &stderr), stderr.String())
	var rep map[string]any
	require.NoError(t, json.Unmarshal(stdout.Bytes(), &rep))
	assert.Equal(t, 86.0, rep["matched"])
	after, err = os.ReadFile("nvivo.qdpx")
	require.NoError(t, err)
	assert.Equal(t, before, after, "the same exports give the same bytes")
}

// TestClassificationLabelWarning: a Not Applicable kept as text and written
// to a classification sheet reads back as Not Applicable; the report says
// so.
func TestClassificationLabelWarning(t *testing.T) {
	dir := t.TempDir()
	sheet := filepath.Join(dir, "people.txt")
	require.NoError(t, os.WriteFile(sheet, []byte("People\tRole\nP1\tNurse\nP2\tNot Applicable\n"), 0o644))
	var stdout, stderr bytes.Buffer
	args := []string{"--keep-not-applicable", "-o", filepath.Join(dir, "p.qdpx"), "--classification", filepath.Join(dir, "cases.xlsx"), sheet}
	require.Equal(t, 0, run(args, &stdout, &stderr), stderr.String())
	assert.Contains(t, stdout.String(), `[label-value] `+filepath.Join(dir, "cases.xlsx")+`: sheet "People" row 3 column B (Role): the text value "Not Applicable" of "P2" is the label of Not Applicable`)
}
