package check

import (
	"bytes"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/qdabridge/qdabridge/internal/cli"
	"github.com/qdabridge/qdabridge/internal/cmdtest"
	"github.com/qdabridge/qdabridge/internal/corpus"
	"github.com/qdabridge/qdabridge/internal/sample"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func fixtureDir(t *testing.T) string {
	dir := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(dir, "sample.qdpx"), sample.QDPX, 0o644))
	for _, f := range []string{"full.qde", "nonguid-ids.qde", "colours.qde"} {
		b, err := os.ReadFile(filepath.Join("../../../refi/testdata/qde", f))
		require.NoError(t, err)
		require.NoError(t, os.WriteFile(filepath.Join(dir, f), b, 0o644))
	}
	b, err := os.ReadFile("../../../refi/testdata/qdc/taguette.qdc")
	require.NoError(t, err)
	require.NoError(t, os.MkdirAll(filepath.Join(dir, "sub"), 0o755))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "sub", "codes.qdc"), b, 0o644))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "sub", "notes.txt"), []byte("not a project"), 0o644))
	return dir
}

func TestCheckFolder(t *testing.T) {
	dir := fixtureDir(t)
	var out, errOut bytes.Buffer
	code := execute([]string{"--jobs", "3", dir}, &out, &errOut)
	s := out.String()
	// colours.qde has a colour with transparency: written as #RRGGBB, read back the same
	assert.Equal(t, 0, code, "%s\n%s", s, errOut.String())
	assert.Contains(t, s, "ok          "+filepath.Join(dir, "sample.qdpx"))
	assert.Contains(t, s, "ok          "+filepath.Join(dir, "sub", "codes.qdc"))
	assert.NotContains(t, s, "notes.txt", "only REFI-QDA files are checked")
	assert.Contains(t, s, "5 files: 5 ok, 0 changed, 0 lost, 0 unreadable")
	lines := strings.Split(strings.TrimSpace(s), "\n")
	require.Len(t, lines, 6)
	assert.True(t, sortedPaths(lines[:5]), "files in input order: %v", lines)
}

func sortedPaths(lines []string) bool {
	prev := ""
	for _, l := range lines {
		f := strings.Fields(l)
		p := f[len(f)-1]
		if p < prev {
			return false
		}
		prev = p
	}
	return true
}

func TestCheckJSONAndFailures(t *testing.T) {
	dir := fixtureDir(t)
	require.NoError(t, os.WriteFile(filepath.Join(dir, "broken.qdpx"), sample.QDPX[:len(sample.QDPX)/2], 0o644))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "garbage.qde"), []byte("<html/>"), 0o644))
	var out, errOut bytes.Buffer
	code := execute([]string{"--json", "--to", "nvivo", dir}, &out, &errOut)
	assert.Equal(t, 1, code)
	dec := json.NewDecoder(&out)
	statuses := map[string]string{}
	var sum map[string]any
	for dec.More() {
		var obj map[string]any
		require.NoError(t, dec.Decode(&obj))
		if obj["summary"] == true {
			sum = obj
			continue
		}
		for _, k := range []string{"path", "status", "differences", "warnings"} {
			assert.Contains(t, obj, k)
		}
		statuses[filepath.Base(obj["path"].(string))] = obj["status"].(string)
	}
	assert.Equal(t, "unreadable", statuses["broken.qdpx"])
	assert.Equal(t, "unreadable", statuses["garbage.qde"])
	assert.Equal(t, "ok", statuses["sample.qdpx"], "converted to NVivo's conventions, every passage is kept")
	require.NotNil(t, sum)
	assert.Equal(t, 7.0, sum["files"])
	assert.Equal(t, 2.0, sum["unreadable"])
}

func TestCheckUsage(t *testing.T) {
	tests := []struct {
		name   string
		args   []string
		stderr string
	}{
		{"no path", []string{}, "no file or folder given"},
		{"unknown tool", []string{"--to", "wordperfect", "."}, `unknown profile "wordperfect"`},
		{"no jobs", []string{"--jobs", "0", "."}, "--jobs must be at least 1"},
		{"unknown flag", []string{"--nope", "."}, "unknown flag: --nope"},
		{"unknown flag after the path", []string{".", "--nope"}, "unknown flag: --nope"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var out, errOut bytes.Buffer
			assert.Equal(t, 2, execute(tt.args, &out, &errOut))
			assert.Contains(t, errOut.String(), tt.stderr)
			assert.Contains(t, errOut.String(), "check --help")
			assert.NotContains(t, errOut.String(), "refi:")
			assert.Empty(t, out.String())
		})
	}
}

// TestCheckNothingFound: a folder (or folders) without a project file is
// a failure that says so, not an empty success.
func TestCheckNothingFound(t *testing.T) {
	empty := t.TempDir()
	other := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(other, "notes.txt"), []byte("not a project"), 0o644))
	tests := []struct {
		name   string
		args   []string
		stderr string
	}{
		{"empty folder", []string{empty}, "no .qdpx, .qde or .qdc file found in " + empty},
		{"folder of other files", []string{other}, "no .qdpx, .qde or .qdc file found in " + other},
		{"two folders", []string{empty, other, "--json"}, "no .qdpx, .qde or .qdc file found in " + empty + " or " + other},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var out, errOut bytes.Buffer
			assert.Equal(t, 1, execute(tt.args, &out, &errOut))
			assert.Equal(t, "check: "+tt.stderr+"\n", errOut.String())
			assert.Empty(t, out.String())
		})
	}
}

// TestCheckUnreadable: what cannot be read — a missing path, a named pipe
// given directly or met in a folder — is reported on its line, never
// waited on, and the other files are still checked.
func TestCheckUnreadable(t *testing.T) {
	tests := []struct {
		name string
		// setup makes the inputs in dir and returns the arguments and the
		// unreadable path
		setup func(t *testing.T, dir string) (args []string, bad string)
		why   string
	}{
		{"missing file", func(t *testing.T, dir string) ([]string, string) {
			bad := filepath.Join(dir, "missing.qdpx")
			return []string{bad, filepath.Join(dir, "sample.qdpx")}, bad
		}, "no such file or directory"},
		{"named pipe given", func(t *testing.T, dir string) ([]string, string) {
			bad := filepath.Join(t.TempDir(), "pipe.qdpx")
			cmdtest.Mkfifo(t, bad)
			return []string{bad, filepath.Join(dir, "sample.qdpx")}, bad
		}, "a named pipe, not a file"},
		{"named pipe in the folder", func(t *testing.T, dir string) ([]string, string) {
			bad := filepath.Join(dir, "pipe.qde")
			cmdtest.Mkfifo(t, bad)
			return []string{dir}, bad
		}, "a named pipe, not a file"},
		{"named pipe given without a project name", func(t *testing.T, dir string) ([]string, string) {
			bad := filepath.Join(t.TempDir(), "fifo")
			cmdtest.Mkfifo(t, bad)
			return []string{filepath.Join(dir, "sample.qdpx"), bad}, bad
		}, "a named pipe, not a file"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			require.NoError(t, os.WriteFile(filepath.Join(dir, "sample.qdpx"), sample.QDPX, 0o644))
			args, bad := tt.setup(t, dir)
			var out, errOut bytes.Buffer
			code := make(chan int, 1)
			go func() { code <- execute(args, &out, &errOut) }()
			select {
			case c := <-code:
				assert.Equal(t, 1, c)
			case <-time.After(30 * time.Second):
				t.Fatal("check waited on what it cannot read")
			}
			s := out.String()
			assert.Contains(t, s, "unreadable: "+bad+": "+tt.why+"\n")
			assert.Contains(t, s, "ok          "+filepath.Join(dir, "sample.qdpx")+"\n", "the other file is checked")
			assert.Contains(t, s, "2 files: 1 ok, 0 changed, 0 lost, 1 unreadable")
			assert.Empty(t, errOut.String())
		})
	}
}

// TestCheckFlagsAfterPaths: flags mean the same before and after the
// paths.
func TestCheckFlagsAfterPaths(t *testing.T) {
	dir := fixtureDir(t)
	tests := []struct {
		name   string
		before []string
		after  []string
	}{
		{"json", []string{"--json", dir}, []string{dir, "--json"}},
		{"to", []string{"--to", "maxqda", dir}, []string{dir, "--to", "maxqda"}},
		{"to with =", []string{"--to=qualcoder", dir}, []string{dir, "--to=qualcoder"}},
		{"jobs and no-xmllint", []string{"--jobs", "1", "--no-xmllint", dir}, []string{dir, "--no-xmllint", "--jobs", "1"}},
		{"between paths", []string{"--json", dir, filepath.Join(dir, "full.qde")}, []string{dir, "--json", filepath.Join(dir, "full.qde")}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var want, got, errOut bytes.Buffer
			wantCode := execute(tt.before, &want, &errOut)
			assert.Equal(t, wantCode, execute(tt.after, &got, &errOut), errOut.String())
			assert.Equal(t, stripTimes(want.String()), stripTimes(got.String()))
		})
	}
}

// stripTimes blanks what changes from one run to the next: seconds, in
// text and JSON.
var times = regexp.MustCompile(`\(\d+\.\ds|"seconds":[0-9.e-]+`)

func stripTimes(s string) string { return times.ReplaceAllString(s, "TIME") }

// TestCheckFullDisk: when standard output cannot be written, the command
// says so and exits 1.
func TestCheckFullDisk(t *testing.T) {
	dir := fixtureDir(t)
	for _, tt := range []struct {
		name string
		args []string
	}{
		{"text", []string{dir}},
		{"json", []string{dir, "--json"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			full := cmdtest.DevFull(t)
			var errOut bytes.Buffer
			assert.Equal(t, 1, cli.Execute(Command(), tt.args, full, &errOut))
			assert.Contains(t, errOut.String(), "check: cannot write the output: ")
			assert.Contains(t, errOut.String(), "no space left on device")
		})
	}
}

func execute(args []string, stdout, stderr io.Writer) int {
	return cli.Execute(Command(), args, stdout, stderr)
}

// TestCheckCorpus: every corpus file comes back unchanged; converted
// to a tool, nothing is lost but what the ledger says: the selections and
// sync points of ATLAS.ti's Annex project, whose texts are not in the
// archive, cannot be converted to another tool's positions, and QualCoder
// can neither read those sources nor show the links, graphs, sets of codes
// and users (but the first) that coded nothing.
func TestCheckCorpus(t *testing.T) {
	dir := corpus.Dir(t, "refi")
	annex := []string{"atlasti8.4-spec-annex-a2-zipped.qdpx", "atlasti8.4-spec-annex-a2.qde"}
	for _, to := range []string{"", "spec", "nvivo", "atlasti", "maxqda", "qualcoder"} {
		args := []string{dir}
		if to != "" {
			args = []string{"--to", to, dir}
		}
		var out, errOut bytes.Buffer
		execute(args, &out, &errOut)
		var lost []string
		for _, l := range strings.Split(out.String(), "\n") {
			assert.False(t, strings.HasPrefix(l, "changed") || strings.HasPrefix(l, "unreadable"), "--to %q: %s", to, l)
			if rest, ok := strings.CutPrefix(l, "lost:"); ok {
				lost = append(lost, filepath.Base(strings.TrimSpace(strings.SplitN(rest, ": ", 2)[0])))
			}
		}
		switch to {
		case "":
			assert.Contains(t, out.String(), "10 files: 10 ok", "--to %q", to)
		case "qualcoder":
			want := append(append([]string{"atlasti23-blank.qdpx", "atlasti23-codes.qdpx"}, annex...), "nvivo-mac15-codes-only.qdpx")
			assert.Equal(t, want, lost, "--to %q:\n%s", to, out.String())
		default:
			assert.Equal(t, annex, lost, "--to %q:\n%s", to, out.String())
		}
	}
}
