package main

import (
	"bytes"
	"os/exec"
	"path/filepath"
	"syscall"
	"testing"

	"github.com/qdabridge/qdabridge/internal/cmdtest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestRunLeavesNoTemporaryFile runs the conversion with outputs whose
// workbooks spill to temporary files: nothing is left in $TMPDIR.
func TestRunLeavesNoTemporaryFile(t *testing.T) {
	tmp, dir := t.TempDir(), t.TempDir()
	t.Setenv("TMPDIR", tmp)
	in := filepath.Join(dir, "codebook.csv")
	cmdtest.BigCodebook(t, in, 30_000)
	var stdout, stderr bytes.Buffer
	code := run([]string{"-o", filepath.Join(dir, "out.qdpx"), "--codebook", filepath.Join(dir, "out.xlsx"), in}, &stdout, &stderr)
	require.Equal(t, 0, code, stderr.String())
	assert.Empty(t, cmdtest.ListFiles(t, tmp))
	assert.ElementsMatch(t, []string{"codebook.csv", "out.qdpx", "out.xlsx"}, cmdtest.ListFiles(t, dir))
}

// TestInterrupted builds the command, runs it on a codebook whose workbook
// output spills to temporary files, and sends it SIGINT (then, in another
// run, SIGTERM) while it writes that workbook, with a temporary file in its
// directory: it exits with 130 (143), says it was interrupted, and leaves
// nothing in $TMPDIR, nor a partial or temporary output; the project
// written before is complete.
func TestInterrupted(t *testing.T) {
	bin := cmdtest.Build(t, "nvivo2qdpx")
	data := t.TempDir()
	in := filepath.Join(data, "codebook.csv")
	cmdtest.BigCodebook(t, in, 120_000)

	for _, tt := range []struct {
		sig  syscall.Signal
		code int
	}{
		{syscall.SIGINT, 130},
		{syscall.SIGTERM, 143},
	} {
		t.Run(tt.sig.String(), func(t *testing.T) {
			tmp, dir := t.TempDir(), t.TempDir()
			cmd := exec.Command(bin, "-o", filepath.Join(dir, "out.qdpx"), "--codebook", filepath.Join(dir, "out.xlsx"), in)
			code, stdout, stderr := cmdtest.Interrupt(t, cmd, tmp, tt.sig)
			assert.Equal(t, tt.code, code, stderr)
			assert.Contains(t, stderr, "nvivo2qdpx: interrupted")
			assert.Empty(t, cmdtest.ListFiles(t, tmp), "files left in $TMPDIR")
			assert.Equal(t, []string{"out.qdpx"}, cmdtest.ListFiles(t, dir), "only the complete project, written before the workbook")
			assert.Empty(t, stdout, "no report of a run that did not finish")
		})
	}
}
