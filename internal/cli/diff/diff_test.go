package diff

import (
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
	"github.com/qdabridge/qdabridge/internal/cmdtest"
	"github.com/qdabridge/qdabridge/internal/sample"
	"github.com/qdabridge/qdabridge/refi"
)

// fixtures writes the sample project, a copy of it as this package writes
// it, and a copy whose first code is renamed (with a right-to-left override, which
// must not reach the terminal); it returns their paths and
// the first code's name.
func fixtures(t *testing.T) (orig, copied, renamed, code string) {
	t.Helper()
	dir := t.TempDir()
	orig = filepath.Join(dir, "sample.qdpx")
	require.NoError(t, os.WriteFile(orig, sample.QDPX, 0o644))
	doc, err := refi.Open(orig)
	require.NoError(t, err)
	defer doc.Close()
	copied = filepath.Join(dir, "copy.qdpx")
	_, err = (&refi.Writer{}).WriteFile(copied, doc)
	require.NoError(t, err)
	require.NotEmpty(t, doc.Project.Codes)
	code = doc.Project.Codes[0].Name
	doc.Project.Codes[0].Name = "Renamed \u202ecode"
	renamed = filepath.Join(dir, "renamed.qdpx")
	_, err = (&refi.Writer{}).WriteFile(renamed, doc)
	require.NoError(t, err)
	return orig, copied, renamed, code
}

func TestDiff(t *testing.T) {
	orig, copied, renamed, code := fixtures(t)
	dir := t.TempDir()
	missing := filepath.Join(dir, "missing.qdpx")
	garbage := filepath.Join(dir, "garbage.qde")
	require.NoError(t, os.WriteFile(garbage, []byte("<html/>"), 0o644))
	tests := []struct {
		name   string
		args   []string
		code   int
		stdout []string // lines, in order; nil for none
		stderr string   // part of it; "" for none
	}{
		{"same file twice", []string{orig, orig}, 0,
			[]string{"no differences between " + orig + " and " + orig}, ""},
		{"a copy written by qdabridge", []string{orig, copied}, 0,
			[]string{"no differences between " + orig + " and " + copied}, ""},
		{"a code renamed", []string{orig, renamed}, 1,
			[]string{`Project.Codes[1].Name: "` + code + `" ≠ "Renamed \u202ecode"`}, ""},
		{"the other way round", []string{renamed, orig}, 1,
			[]string{`Project.Codes[1].Name: "Renamed \u202ecode" ≠ "` + code + `"`}, ""},
		{"flag after the files", []string{orig, renamed, "--json"}, 1, nil, ""},
		{"A missing", []string{missing, orig}, 2, nil, "diff: " + missing + ": no such file or directory\n"},
		{"B missing", []string{orig, missing}, 2, nil, "diff: " + missing + ": no such file or directory\n"},
		{"B not a project", []string{orig, garbage}, 2, nil, "diff: "},
		{"a folder", []string{orig, dir}, 2, nil, "diff: " + dir + ": a folder, not a file\n"},
		{"one file", []string{orig}, 2, nil, "two files are needed, A and B (got 1)"},
		{"three files", []string{orig, orig, orig}, 2, nil, "two files are needed, A and B (got 3)"},
		{"unknown flag", []string{orig, orig, "--brief"}, 2, nil, "unknown flag: --brief"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var out, errOut bytes.Buffer
			assert.Equal(t, tt.code, execute(tt.args, &out, &errOut), errOut.String())
			if tt.stdout != nil {
				assert.Equal(t, strings.Join(tt.stdout, "\n")+"\n", out.String())
			}
			if tt.code == 2 {
				assert.Empty(t, out.String())
			}
			if tt.stderr == "" {
				assert.Empty(t, errOut.String())
			} else {
				assert.Contains(t, errOut.String(), tt.stderr)
				assert.NotContains(t, errOut.String(), "refi:")
			}
			if !strings.HasPrefix(out.String(), "{") {
				assert.NotContains(t, out.String(), "\u202e", "names are printed with what acts on the terminal escaped")
			}
		})
	}
}

// TestDiffJSON checks the shape of --json: the two files, whether they are
// the same, and every difference with its path and both values;
// differences is an empty list, never null, when there are none.
func TestDiffJSON(t *testing.T) {
	orig, _, renamed, code := fixtures(t)
	type diffJSON struct {
		A           string              `json:"a"`
		B           string              `json:"b"`
		Same        bool                `json:"same"`
		Differences []map[string]string `json:"differences"`
	}
	tests := []struct {
		name string
		args []string
		code int
		want diffJSON
	}{
		{"same", []string{"--json", orig, orig}, 0, diffJSON{orig, orig, true, []map[string]string{}}},
		{"different", []string{orig, renamed, "--json"}, 1, diffJSON{orig, renamed, false,
			[]map[string]string{{"path": "Project.Codes[1].Name", "a": code, "b": "Renamed \u202ecode"}}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var out, errOut bytes.Buffer
			require.Equal(t, tt.code, execute(tt.args, &out, &errOut), errOut.String())
			var raw map[string]json.RawMessage
			require.NoError(t, json.Unmarshal(out.Bytes(), &raw))
			assert.ElementsMatch(t, []string{"a", "b", "same", "differences"}, keys(raw))
			assert.NotEqual(t, "null", string(raw["differences"]))
			var got diffJSON
			dec := json.NewDecoder(bytes.NewReader(out.Bytes()))
			dec.DisallowUnknownFields()
			require.NoError(t, dec.Decode(&got))
			assert.Equal(t, tt.want, got)
		})
	}
}

// TestDiffUnreadable: a named pipe is refused before it is opened, never
// waited on, and a full disk is trouble: both exit 2.
func TestDiffUnreadable(t *testing.T) {
	orig, _, renamed, _ := fixtures(t)
	t.Run("named pipe", func(t *testing.T) {
		pipe := filepath.Join(t.TempDir(), "pipe.qdpx")
		cmdtest.Mkfifo(t, pipe)
		var out, errOut bytes.Buffer
		assert.Equal(t, 2, execute([]string{orig, pipe}, &out, &errOut))
		assert.Equal(t, "diff: "+pipe+": a named pipe, not a file\n", errOut.String())
	})
	for _, tt := range []struct {
		name string
		args []string
	}{
		{"full disk, different", []string{orig, renamed}},
		{"full disk, same", []string{orig, orig}},
		{"full disk, json", []string{orig, renamed, "--json"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			full := cmdtest.DevFull(t)
			var errOut bytes.Buffer
			assert.Equal(t, 2, cli.Execute(Command(), tt.args, full, &errOut))
			assert.Contains(t, errOut.String(), "diff: cannot write the output: ")
			assert.Contains(t, errOut.String(), "no space left on device")
		})
	}
}

func keys(m map[string]json.RawMessage) []string {
	var k []string
	for s := range m {
		k = append(k, s)
	}
	return k
}

func execute(args []string, stdout, stderr io.Writer) int {
	return cli.Execute(Command(), args, stdout, stderr)
}
