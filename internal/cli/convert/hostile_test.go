package convert

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/qdabridge/qdabridge/refi"
)

// TestFlagsAnywhere: flags may come before or after the inputs, and -o is
// --out.
func TestFlagsAnywhere(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(dir, "in.qdpx")
	require.NoError(t, os.WriteFile(in, sampleQDPX(), 0o644))
	tests := []struct {
		name string
		args func(out string) []string
	}{
		{"flags first", func(out string) []string { return []string{"--to", "nvivo", "-o", out, in} }},
		{"flags after the input", func(out string) []string { return []string{in, "-o", out, "--to", "nvivo"} }},
		{"flags around the input", func(out string) []string { return []string{"--to", "nvivo", in, "--out", out} }},
		{"--out=", func(out string) []string { return []string{in, "--out=" + out, "--to=nvivo"} }},
	}
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out := filepath.Join(dir, string(rune('a'+i))+".qdpx")
			var stdout, stderr bytes.Buffer
			require.Equal(t, 0, execute(tt.args(out), &stdout, &stderr), stderr.String())
			doc, err := refi.Open(out)
			require.NoError(t, err)
			defer doc.Close()
			p, _ := refi.LookupProfile("nvivo")
			assert.Equal(t, p.Positions, doc.Project.Positions)
		})
	}
}

// TestRefusedInputs: what is not a file the readers take is refused before
// it is read, quickly, saying why in plain words, and nothing is written.
func TestRefusedInputs(t *testing.T) {
	dir := t.TempDir()
	write := func(name string, b []byte) string {
		p := filepath.Join(dir, name)
		require.NoError(t, os.WriteFile(p, b, 0o644))
		return p
	}
	// sparse: as large as they say, in no time and no space
	sparse := func(name string, head []byte, size int64) string {
		p := write(name, head)
		require.NoError(t, os.Truncate(p, size))
		return p
	}
	type refused struct {
		name   string
		input  func(t *testing.T) string
		code   int
		stderr string
	}
	tests := []refused{
		{"a folder", func(*testing.T) string { return dir }, 2, "is a folder (give the files"},
		{"an empty .qdpx", func(*testing.T) string { return write("empty.qdpx", nil) }, 1, "not a zip archive (it is empty)"},
		{"a .qdpx that is text", func(*testing.T) string { return write("text.qdpx", []byte("Name,Description\nA,b\n")) }, 1, "not a zip archive (a .qdpx project is a zip archive)"},
		{"a .qde that is not XML", func(*testing.T) string { return write("x.qde", []byte("hello")) }, 1, "not an XML document"},
		{"an empty file", func(*testing.T) string { return write("empty.csv", nil) }, 1, "the file is empty"},
		{"a binary file of 1.5 GB", func(*testing.T) string { return sparse("big.bin", []byte("\x00\x01binary"), 1500<<20) }, 1, "it is not a project, a workbook or one of NVivo's exports"},
		{"a text file larger than the limit", func(*testing.T) string {
			return sparse("big.csv", []byte("Name,Description\nA,"+strings.Repeat("b", 600)), 3<<30)
		}, 1, "it is too large (3.0 GiB; a workbook or export is read up to 2.0 GiB)"},
		{"/dev/zero", func(t *testing.T) string {
			if _, err := os.Stat("/dev/zero"); err != nil {
				t.Skip("no /dev/zero")
			}
			return "/dev/zero"
		}, 1, "cannot read /dev/zero: it is a device, not a file"},
		{"a named pipe", func(t *testing.T) string {
			if runtime.GOOS == "windows" {
				t.Skip("no named pipes")
			}
			p := filepath.Join(dir, "fifo")
			require.NoError(t, syscall.Mkfifo(p, 0o644))
			return p
		}, 1, "it is a named pipe, not a file"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := tt.input(t)
			out := filepath.Join(dir, "out.qdpx")
			var stdout, stderr bytes.Buffer
			start := time.Now()
			assert.Equal(t, tt.code, execute([]string{"-o", out, in}, &stdout, &stderr), stderr.String())
			assert.Less(t, time.Since(start), 2*time.Second, "refused without reading")
			assert.Contains(t, stderr.String(), tt.stderr)
			for _, hidden := range []string{"nvivo", "refi:", "xlsx:", "safefile"} {
				assert.NotContains(t, stderr.String(), hidden)
			}
			assert.NoFileExists(t, out)
		})
	}
}

// TestOutputFolder: an output in a folder that does not exist, or where a
// folder is, is refused before anything is read, naming the output, never
// a temporary file.
func TestOutputFolder(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(dir, "in.qdpx")
	require.NoError(t, os.WriteFile(in, sampleQDPX(), 0o644))
	require.NoError(t, os.Mkdir(filepath.Join(dir, "sub"), 0o755))
	t.Chdir(dir)
	tests := []struct {
		name, out, stderr string
	}{
		{"missing folder", "nodir/x.qdpx", "cannot write nodir/x.qdpx: the folder nodir does not exist"},
		{"a file as the folder", "in.qdpx/x.qdpx", "cannot write in.qdpx/x.qdpx: in.qdpx is not a folder"},
		{"a folder as the output", "sub", "cannot tell what to write"},
		{"a folder named like an output", "sub.qdpx", ""},
	}
	require.NoError(t, os.Mkdir("sub.qdpx", 0o755))
	tests[3].stderr = "cannot write sub.qdpx: it is a folder"
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			assert.NotEqual(t, 0, execute([]string{"in.qdpx", "-o", tt.out}, &stdout, &stderr))
			assert.Contains(t, stderr.String(), tt.stderr)
			assert.NotContains(t, stderr.String(), ".tmp-")
			assert.NotContains(t, stderr.String(), "safefile")
		})
	}
}

// TestWriteErrorNamesOutput: an error of the temporary file an output is
// written through is reported as the output's.
func TestWriteErrorNamesOutput(t *testing.T) {
	err := writeError("d/x.qdpx", &os.PathError{Op: "open", Path: "d/.x.qdpx.tmp-123", Err: syscall.ENOENT})
	assert.EqualError(t, err, "cannot write d/x.qdpx: the folder d does not exist")
	err = writeError("d/x.qdpx", &os.PathError{Op: "write", Path: "d/.x.qdpx.tmp-9", Err: syscall.ENOSPC})
	assert.EqualError(t, err, "cannot write d/x.qdpx: no space left on device")
	other := &os.PathError{Op: "open", Path: "texts/a.txt", Err: syscall.ENOENT}
	assert.Equal(t, error(other), writeError("d/x.qdpx", other), "an error of another file is left as it is")
}

// TestStdoutFull: a report that cannot be written to standard output (a
// full disk) ends with status 1, saying so.
func TestStdoutFull(t *testing.T) {
	full, err := os.OpenFile("/dev/full", os.O_WRONLY, 0)
	if err != nil {
		t.Skip("no /dev/full")
	}
	defer full.Close()
	dir := t.TempDir()
	in := filepath.Join(dir, "in.qdpx")
	require.NoError(t, os.WriteFile(in, sampleQDPX(), 0o644))
	var stderr bytes.Buffer
	assert.Equal(t, 1, execute([]string{"--json", "-o", filepath.Join(dir, "out.qdpx"), in}, full, &stderr))
	assert.Contains(t, stderr.String(), "cannot write the output")
	assert.Contains(t, stderr.String(), "no space left on device")
}

// TestControlCharacters: names from the files and the command line are
// printed with control characters and bidirectional overrides escaped.
func TestControlCharacters(t *testing.T) {
	dir := t.TempDir()
	qde := filepath.Join(dir, "evil\x1b[2J.qde")
	require.NoError(t, os.WriteFile(qde, []byte(`<?xml version="1.0" encoding="utf-8"?>
<Project xmlns="urn:QDA-XML:project:1.0" name="p&#xD;&#x9;x" origin="Tool&#xD;`+"\u202e"+`gnp.exe">
<CodeBook><Codes><Code guid="00000000-0000-4000-8000-0000000000c1" name="a`+"\u202e"+`b" isCodable="true"/></Codes></CodeBook>
</Project>`), 0o644))
	var stdout, stderr bytes.Buffer
	out := filepath.Join(dir, "out\r.qdc")
	require.Equal(t, 0, execute([]string{"-o", out, qde}, &stdout, &stderr), stderr.String())
	s := stderr.String()
	assert.Contains(t, s, `evil\x1b[2J.qde (qde, Tool\r\u202egnp.exe)`)
	assert.Contains(t, s, `out\r.qdc`)
	assert.NotContains(t, s, "\x1b")
	assert.NotContains(t, s, "\r")
	assert.NotContains(t, s, "\u202e")

	// the JSON report carries them as they are, escaped by JSON
	stdout.Reset()
	require.Equal(t, 0, execute([]string{"--json", "--force", "-o", out, qde}, &stdout, &stderr), stderr.String())
	var rep map[string]any
	require.NoError(t, json.Unmarshal(stdout.Bytes(), &rep))
	assert.Equal(t, "Tool\r\u202egnp.exe", rep["inputs"].([]any)[0].(map[string]any)["origin"])
}
