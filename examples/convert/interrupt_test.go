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

// TestInterrupted builds the command, converts a codebook to a project
// workbook that spills to temporary files, and interrupts it (Ctrl-C)
// while it writes: it exits with 130, says so, and leaves nothing behind,
// neither in $TMPDIR nor beside the output.
func TestInterrupted(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the command and converts a large codebook")
	}
	goCmd, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go command to build convert with")
	}
	bin := filepath.Join(t.TempDir(), "convert")
	out, err := exec.Command(goCmd, "build", "-o", bin, ".").CombinedOutput()
	require.NoError(t, err, "go build: %s", out)
	data := t.TempDir()
	in := filepath.Join(data, "codebook.csv")
	cmdtest.BigCodebook(t, in, 120_000)

	tmp, dir := t.TempDir(), t.TempDir()
	cmd := exec.Command(bin, "-o", filepath.Join(dir, "out.xlsx"), in)
	cmd.Env = append(os.Environ(), "TMPDIR="+tmp)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	require.NoError(t, cmd.Start())
	waited := make(chan error, 1)
	go func() { waited <- cmd.Wait() }()
	deadline := time.After(5 * time.Minute)
	for spilled := false; !spilled; {
		select {
		case err := <-waited:
			t.Fatalf("the command ended before writing the workbook: %v\n%s", err, stderr.String())
		case <-deadline:
			_ = cmd.Process.Kill()
			t.Fatal("no temporary file appeared")
		case <-time.After(5 * time.Millisecond):
		}
		mine, _ := filepath.Glob(filepath.Join(tmp, "*", "excelize-*"))
		spilled = len(mine) > 0
	}
	require.NoError(t, cmd.Process.Signal(syscall.SIGINT))
	select {
	case err = <-waited:
	case <-time.After(time.Minute):
		_ = cmd.Process.Kill()
		t.Fatal("the command did not exit")
	}
	var ee *exec.ExitError
	require.True(t, errors.As(err, &ee), "exit: %v", err)
	assert.Equal(t, 130, ee.ExitCode(), stderr.String())
	assert.Contains(t, stderr.String(), "convert: interrupted")
	assert.Empty(t, cmdtest.ListFiles(t, tmp), "files left in $TMPDIR")
	assert.Empty(t, cmdtest.ListFiles(t, dir), "no partial or temporary output")
}
