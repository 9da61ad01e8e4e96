package excerpts

import (
	"bytes"
	"encoding/csv"
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
)

func TestExcerptsJSONL(t *testing.T) {
	var out, errOut bytes.Buffer
	require.Equal(t, 0, execute([]string{"--unit", "utf16"}, &out, &errOut), errOut.String())
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	require.Greater(t, len(lines), 50)
	var first map[string]any
	require.NoError(t, json.Unmarshal([]byte(lines[0]), &first))
	for _, k := range []string{"source", "sourceGUID", "start", "end", "text", "codes", "participants", "coder", "created"} {
		assert.Contains(t, first, k)
	}
	assert.Equal(t, "Interview P01 - patient", first["source"])
	assert.Equal(t, 285.0, first["start"])
	assert.Equal(t, "I didn't know it was called that, to be honest.", first["text"])
	assert.Equal(t, []any{"Understandings of social prescribing > Awareness among patients"}, first["codes"])
	assert.Equal(t, []any{"P01 Zoë (patient)"}, first["participants"])
	assert.Equal(t, "Priya Natarajan", first["coder"])
	assert.Equal(t, "2024-01-22T10:05:00Z", first["created"])
	assert.Empty(t, errOut.String())
}

func TestExcerptsCSV(t *testing.T) {
	dir := t.TempDir()
	qde := filepath.Join(dir, "formula.qde")
	require.NoError(t, os.WriteFile(qde, []byte(`<Project xmlns="urn:QDA-XML:project:1.0" name="x"><CodeBook><Codes>
<Code guid="0a0a0a0a-0000-4000-8000-000000000001" name="=HYPERLINK(&quot;http://x&quot;)" isCodable="true"/></Codes></CodeBook>
<Sources><TextSource guid="0a0a0a0a-0000-4000-8000-000000000002" name="@doc"><PlainTextContent>=1+1 is text</PlainTextContent>
<PlainTextSelection guid="0a0a0a0a-0000-4000-8000-000000000003" startPosition="0" endPosition="4"><Coding guid="0a0a0a0a-0000-4000-8000-000000000004"><CodeRef targetGUID="0a0a0a0a-0000-4000-8000-000000000001"/></Coding></PlainTextSelection>
</TextSource></Sources></Project>`), 0o644))
	var out, errOut bytes.Buffer
	require.Equal(t, 0, execute([]string{"--format", "csv", qde}, &out, &errOut), errOut.String())
	recs, err := csv.NewReader(&out).ReadAll()
	require.NoError(t, err)
	require.Len(t, recs, 2)
	assert.Equal(t, "kind", recs[0][0])
	row := map[string]string{}
	for i, h := range recs[0] {
		row[h] = recs[1][i]
	}
	assert.Equal(t, "'=1+1", row["text"], "no formula reaches a spreadsheet")
	assert.Equal(t, "'@doc", row["source"])
	assert.Equal(t, `'=HYPERLINK("http://x")`, row["codes"])
}

func TestExcerptsErrors(t *testing.T) {
	dir := t.TempDir()
	qdc := filepath.Join(dir, "c.qdc")
	require.NoError(t, os.WriteFile(qdc, []byte(`<CodeBook xmlns="urn:QDA-XML:codebook:1.0"><Codes><Code guid="0a0a0a0a-0000-4000-8000-000000000001" name="a" isCodable="true"/></Codes></CodeBook>`), 0o644))
	tests := []struct {
		name   string
		args   func(t *testing.T) []string
		code   int
		stderr string
	}{
		{"unknown format", args("--format", "xml"), 2, "unknown format"},
		{"unknown unit", args("--unit", "inches"), 2, "unknown position unit"},
		{"two files", args("a", "b"), 2, "one file at a time"},
		{"unknown flag", args("--nope"), 2, "unknown flag"},
		{"missing file", args(filepath.Join(dir, "missing.qdpx")), 1, "missing.qdpx: no such file"},
		{"codebook", args(qdc), 1, "is a codebook"},
		{"folder", args(dir), 1, "a folder, not a file"},
		{"named pipe", func(t *testing.T) []string {
			p := filepath.Join(t.TempDir(), "pipe.qdpx")
			cmdtest.Mkfifo(t, p)
			return []string{p}
		}, 1, "pipe.qdpx: a named pipe, not a file"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var out, errOut bytes.Buffer
			assert.Equal(t, tt.code, execute(tt.args(t), &out, &errOut))
			assert.Contains(t, errOut.String(), tt.stderr)
			assert.NotContains(t, errOut.String(), "refi:", "no package names")
			assert.Empty(t, out.String())
			if tt.code == 2 {
				assert.Contains(t, errOut.String(), "excerpts --help")
			}
		})
	}
}

// TestExcerptsFlagsAfterFile: flags mean the same before and after the
// file.
func TestExcerptsFlagsAfterFile(t *testing.T) {
	file := filepath.Join(t.TempDir(), sample.FileName)
	require.NoError(t, os.WriteFile(file, sample.QDPX, 0o644))
	tests := []struct {
		name   string
		before []string
		after  []string
	}{
		{"format", []string{"--format", "csv", file}, []string{file, "--format", "csv"}},
		{"format with =", []string{"--format=csv", file}, []string{file, "--format=csv"}},
		{"unit", []string{"--unit", "utf16", file}, []string{file, "--unit", "utf16"}},
		{"separate", []string{"--separate", file}, []string{file, "--separate"}},
		{"all three", []string{"--format", "csv", "--unit", "byte", "--separate", file}, []string{file, "--separate", "--unit", "byte", "--format", "csv"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var want, got, errOut bytes.Buffer
			require.Equal(t, 0, execute(tt.before, &want, &errOut), errOut.String())
			require.Equal(t, 0, execute(tt.after, &got, &errOut), errOut.String())
			assert.NotEmpty(t, want.String())
			assert.Equal(t, want.String(), got.String())
		})
	}
	var jsonl, csvOut, errOut bytes.Buffer
	require.Equal(t, 0, execute([]string{file}, &jsonl, &errOut))
	require.Equal(t, 0, execute([]string{file, "--format", "csv"}, &csvOut, &errOut))
	assert.NotEqual(t, jsonl.String(), csvOut.String(), "the flag after the file is used")
}

// TestExcerptsFullDisk: when standard output cannot be written, the
// command says so and exits 1.
func TestExcerptsFullDisk(t *testing.T) {
	for _, format := range []string{"jsonl", "csv"} {
		t.Run(format, func(t *testing.T) {
			full := cmdtest.DevFull(t)
			var errOut bytes.Buffer
			assert.Equal(t, 1, cli.Execute(Command(), []string{"--format", format}, full, &errOut))
			assert.Contains(t, errOut.String(), "excerpts: cannot write the output: ")
			assert.Contains(t, errOut.String(), "no space left on device")
		})
	}
}

func args(a ...string) func(*testing.T) []string { return func(*testing.T) []string { return a } }

func execute(args []string, stdout, stderr io.Writer) int {
	return cli.Execute(Command(), args, stdout, stderr)
}
