package main

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
	"testing"
	"time"

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
	if testing.Short() {
		t.Skip("builds the command and converts a large codebook")
	}
	goCmd, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go command to build nvivo2qdpx with")
	}
	bin := filepath.Join(t.TempDir(), "nvivo2qdpx")
	build := exec.Command(goCmd, "build", "-o", bin, ".")
	out, err := build.CombinedOutput()
	require.NoError(t, err, "go build: %s", out)
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
			cmd.Env = append(os.Environ(), "TMPDIR="+tmp)
			var stdout, stderr bytes.Buffer
			cmd.Stdout, cmd.Stderr = &stdout, &stderr
			require.NoError(t, cmd.Start())
			waited := make(chan error, 1)
			go func() { waited <- cmd.Wait() }()

			// wait for excelize's temporary file (in the run's directory, or
			// in $TMPDIR itself for a command that has none)
			deadline := time.After(5 * time.Minute)
			spilled := false
			for !spilled {
				select {
				case err := <-waited:
					t.Fatalf("the command ended before writing the workbook: %v\n%s", err, stderr.String())
				case <-deadline:
					_ = cmd.Process.Kill()
					t.Fatal("no temporary file appeared")
				case <-time.After(5 * time.Millisecond):
				}
				mine, _ := filepath.Glob(filepath.Join(tmp, "*", "excelize-*"))
				top, _ := filepath.Glob(filepath.Join(tmp, "excelize-*"))
				spilled = len(mine)+len(top) > 0
			}
			require.NoError(t, cmd.Process.Signal(tt.sig))
			select {
			case err = <-waited:
			case <-time.After(time.Minute):
				_ = cmd.Process.Kill()
				t.Fatal("the command did not exit")
			}
			var ee *exec.ExitError
			require.True(t, errors.As(err, &ee), "exit: %v", err)
			assert.Equal(t, tt.code, ee.ExitCode(), stderr.String())
			assert.Contains(t, stderr.String(), "nvivo2qdpx: interrupted")
			assert.Empty(t, cmdtest.ListFiles(t, tmp), "files left in $TMPDIR")
			assert.Equal(t, []string{"out.qdpx"}, cmdtest.ListFiles(t, dir), "only the complete project, written before the workbook")
			assert.Empty(t, stdout.String(), "no report of a run that did not finish")
		})
	}
}
