package merge

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/qdabridge/qdabridge/internal/cli"
	"github.com/qdabridge/qdabridge/internal/sample"
	"github.com/qdabridge/qdabridge/internal/schematest"
	"github.com/qdabridge/qdabridge/refi"
)

// inputs writes the sample twice and a small project to dir.
func inputs(t *testing.T, dir string) (a, b, c string) {
	t.Helper()
	a, b = filepath.Join(dir, "a.qdpx"), filepath.Join(dir, "b.qdpx")
	require.NoError(t, os.WriteFile(a, sample.QDPX, 0o644))
	require.NoError(t, os.WriteFile(b, sample.QDPX, 0o644))
	doc := refi.New("small")
	code := doc.Project.AddCode("Greeting")
	coder := doc.Project.AddUser("Ana")
	src, err := doc.AddText("Letter", "Hello world, and good morning.")
	require.NoError(t, err)
	sel, err := doc.SelectText(src, "good morning")
	require.NoError(t, err)
	sel.AddCoding(code, coder)
	c = filepath.Join(dir, "c.qdpx")
	_, err = (&refi.Writer{}).WriteFile(c, doc)
	require.NoError(t, err)
	return a, b, c
}

func execute(args ...string) (int, string, string) {
	var out, errb bytes.Buffer
	st := cli.Execute(Command(), args, &out, &errb)
	return st, out.String(), errb.String()
}

func TestMerge(t *testing.T) {
	dir := t.TempDir()
	a, b, c := inputs(t, dir)
	out := filepath.Join(dir, "out.qdpx")
	st, _, stderr := execute(a, b, c, "-o", out)
	require.Equal(t, 0, st, stderr)
	t.Log("\n" + stderr)
	for _, want := range []string{"input 1:", "input 2:", "  matched: 7 sources", "input 3:", `codes only here: "Greeting"`, "ledger:", "codings", "wrote:"} {
		assert.Contains(t, stderr, want)
	}
	schematest.RequireValidQDPX(t, out)
	orig, err := refi.ReadQDPX(bytes.NewReader(sample.QDPX), int64(len(sample.QDPX)))
	require.NoError(t, err)
	back, err := refi.Open(out)
	require.NoError(t, err)
	defer back.Close()
	assert.Len(t, back.Project.Sources, len(orig.Project.Sources)+1)

	st, _, stderr = execute(a, b, "-o", out)
	assert.Equal(t, 1, st)
	assert.Contains(t, stderr, "--force")
	st, stdout, stderr := execute(a, b, "-o", out, "--force", "--json")
	require.Equal(t, 0, st, stderr)
	var rep struct {
		Inputs []struct {
			File    string
			Matched struct{ Sources, Codings int }
		}
		Ledger map[string]map[string]any
	}
	require.NoError(t, json.Unmarshal([]byte(stdout), &rep))
	require.Len(t, rep.Inputs, 2)
	assert.Equal(t, b, rep.Inputs[1].File)
	assert.Equal(t, len(orig.Project.Sources), rep.Inputs[1].Matched.Sources)
	assert.Contains(t, rep.Ledger, "codings")
}

func TestMergeRefuses(t *testing.T) {
	dir := t.TempDir()
	a, b, _ := inputs(t, dir)
	tests := []struct {
		name   string
		args   []string
		status int
		msg    string
	}{
		{"one input", []string{a, "-o", filepath.Join(dir, "x.qdpx")}, 2, "two projects or more"},
		{"no output", []string{a, b}, 2, "-o OUT"},
		{"bad extension", []string{a, b, "-o", filepath.Join(dir, "x.txt")}, 2, ".qdpx or .qde"},
		{"over an input", []string{a, b, "-o", a, "--force"}, 1, ""},
		{"missing input", []string{a, filepath.Join(dir, "none.qdpx"), "-o", filepath.Join(dir, "y.qdpx")}, 1, "none.qdpx"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			st, _, stderr := execute(tt.args...)
			assert.Equal(t, tt.status, st, stderr)
			assert.Contains(t, stderr, tt.msg)
			assert.NotContains(t, stderr, "merge: merge:")
		})
	}
	got, err := os.ReadFile(a)
	require.NoError(t, err)
	assert.Equal(t, sample.QDPX, got, "an input is never written to")
}
