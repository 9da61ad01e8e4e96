package inspect

import (
	"bytes"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/qdabridge/qdabridge/internal/cli"
)

func TestInspectSample(t *testing.T) {
	var out, errOut bytes.Buffer
	code := runCmd(nil, &out, &errOut)
	require.Equal(t, 0, code, errOut.String())
	s := out.String()
	assert.Contains(t, s, "origin:     NVivo for Windows 12.6")
	assert.Contains(t, s, "positions:  text positions counted as NVivo counts them (UTF-16 code units), from the producing software, confirmed by the texts\n")
	assert.NotContains(t, s, "86/86", "the technical form only with --verbose")
	var verbose bytes.Buffer
	require.Equal(t, 0, runCmd([]string{"--verbose"}, &verbose, &errOut))
	assert.Contains(t, verbose.String(), "utf16 (producer+text; 86/86 selections on word boundaries)")
	assert.Contains(t, s, "users 2, codes 21, cases 7, variables 5, sources 7")
	assert.Contains(t, s, "selections 86, codings 86, notes 2, links 1, sets 1, graphs 0")
	assert.Contains(t, s, "[sources-folder]")
	assert.Empty(t, errOut.String())
}

func TestInspectJSON(t *testing.T) {
	var out, errOut bytes.Buffer
	require.Equal(t, 0, runCmd([]string{"--json"}, &out, &errOut), errOut.String())
	var rep map[string]any
	require.NoError(t, json.Unmarshal(out.Bytes(), &rep))
	assert.Equal(t, "NVivo for Windows 12.6", rep["origin"])
	assert.Equal(t, "utf16", rep["positionUnit"])
	counts := rep["counts"].(map[string]any)
	for _, k := range []string{"users", "codes", "cases", "variables", "sources", "selections", "codings", "notes", "links", "sets", "graphs"} {
		assert.Contains(t, counts, k)
	}
	assert.Equal(t, 86.0, counts["codings"])
	ws := rep["warnings"].([]any)
	require.Len(t, ws, 2)
	w := ws[1].(map[string]any)
	assert.Equal(t, "sources-folder", w["code"])
	assert.NotEmpty(t, w["message"])
}

func TestInspectFiles(t *testing.T) {
	dir := t.TempDir()
	qdc := filepath.Join(dir, "codes.qdc")
	require.NoError(t, os.WriteFile(qdc, []byte(`<CodeBook xmlns="urn:QDA-XML:codebook:1.0" origin="Taguette 1.4.1"><Codes><Code guid="098AC082-A9C7-50F4-9728-48730081A95E" name="a" isCodable="true"/></Codes><Sets/></CodeBook>`), 0o644))
	bad := filepath.Join(dir, "broken.qde")
	require.NoError(t, os.WriteFile(bad, []byte(`<Project xmlns="urn:QDA-XML:project:1.0" name="x"><Users>`), 0o644))
	tests := []struct {
		name   string
		args   []string
		code   int
		stdout string
		stderr string
	}{
		{name: "codebook", args: []string{qdc}, code: 0, stdout: "counts:     codes 1, sets 0"},
		{name: "codebook json", args: []string{"--json", qdc}, code: 0, stdout: `"code": "empty-container"`},
		{name: "unreadable", args: []string{bad}, code: 1, stderr: "inspect: broken.qde:1"},
		{name: "missing", args: []string{filepath.Join(dir, "nope.qdpx")}, code: 1, stderr: "no such file"},
		{name: "strict", args: []string{"--strict", qdc}, code: 1, stderr: "warning in strict mode"},
		{name: "two files", args: []string{qdc, qdc}, code: 2, stderr: "one file at a time"},
		{name: "bad flag", args: []string{"--nope"}, code: 2, stderr: "unknown flag: --nope"},
		// a code tree in a codebook namespace inside the project is the
		// project's code tree, not an unknown element
		{name: "codebook namespace in a project", args: []string{"../../../refi/testdata/qde/maxqda24-codebook-namespace.qde"}, code: 0,
			stdout: "counts:     users 1, codes 3, cases 0"},
		// a bare .qde whose files are missing says so, as its .qdpx would
		{name: "bare qde without its files", args: []string{"../../../refi/testdata/qdpx/qualcoder-quirks/project.qde"}, code: 0,
			stdout: `source file "internal://missing.txt" is not in the project's folder`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var out, errOut bytes.Buffer
			assert.Equal(t, tt.code, runCmd(tt.args, &out, &errOut), errOut.String())
			assert.Contains(t, out.String(), tt.stdout)
			assert.Contains(t, errOut.String(), tt.stderr)
			if tt.code != 0 {
				assert.Empty(t, out.String(), "nothing on stdout on failure")
			}
		})
	}
}

// runCmd runs the inspect command with args, as qdabridge does.
func runCmd(args []string, stdout, stderr io.Writer) int {
	return cli.Execute(Command(), args, stdout, stderr)
}

// TestInspectFlagsAfterInput: flags may come before or after the file.
func TestInspectFlagsAfterInput(t *testing.T) {
	for _, args := range [][]string{
		{"--json", "../../../refi/testdata/qde/full.qde"},
		{"../../../refi/testdata/qde/full.qde", "--json"},
	} {
		var out, errOut bytes.Buffer
		require.Equal(t, 0, runCmd(args, &out, &errOut), errOut.String())
		assert.True(t, json.Valid(out.Bytes()), "%v", args)
	}
}

// TestInspectFullDisk: a write to standard output that fails ends with
// status 1 and says so.
func TestInspectFullDisk(t *testing.T) {
	full, err := os.OpenFile("/dev/full", os.O_WRONLY, 0)
	if err != nil {
		t.Skip("no /dev/full here")
	}
	defer full.Close()
	var errOut bytes.Buffer
	assert.Equal(t, 1, runCmd(nil, full, &errOut))
	assert.Contains(t, errOut.String(), "cannot write the output")
}
