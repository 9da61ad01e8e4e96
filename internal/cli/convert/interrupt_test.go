package convert

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/qdabridge/qdabridge/internal/cli"
	"github.com/qdabridge/qdabridge/internal/cmdtest"
)

// asCommand is the environment variable that makes the test binary run as
// the convert command (see TestMain): the interrupt tests run it as a
// process of its own to send it signals, without building a command.
const asCommand = "QDABRIDGE_TEST_RUN_CONVERT"

func TestMain(m *testing.M) {
	if os.Getenv(asCommand) == "1" {
		os.Exit(cli.Execute(Command(), os.Args[1:], os.Stdout, os.Stderr))
	}
	os.Exit(m.Run())
}

// command returns the test binary run as the convert command with args.
func command(t *testing.T, args ...string) *exec.Cmd {
	t.Helper()
	if testing.Short() {
		t.Skip("runs the command as a process")
	}
	t.Setenv(asCommand, "1") // cmdtest.Interrupt passes on the environment
	exe, err := os.Executable()
	require.NoError(t, err)
	return exec.Command(exe, args...)
}

// TestRunLeavesNoTemporaryFile runs a conversion with outputs whose
// workbooks spill to temporary files: nothing is left in $TMPDIR.
func TestRunLeavesNoTemporaryFile(t *testing.T) {
	tmp, dir := t.TempDir(), t.TempDir()
	t.Setenv("TMPDIR", tmp)
	in := filepath.Join(dir, "codebook.csv")
	cmdtest.BigCodebook(t, in, 30_000)
	var stdout, stderr bytes.Buffer
	code := execute([]string{"-o", filepath.Join(dir, "out.qdpx"), "--nvivo-codebook", filepath.Join(dir, "out.xlsx"), in}, &stdout, &stderr)
	require.Equal(t, 0, code, stderr.String())
	assert.Empty(t, cmdtest.ListFiles(t, tmp))
	assert.ElementsMatch(t, []string{"codebook.csv", "out.qdpx", "out.xlsx"}, cmdtest.ListFiles(t, dir))
}

// TestInterrupted runs the command on a codebook whose workbook output
// spills to temporary files, and sends it SIGINT (then, in another run,
// SIGTERM) while it writes that workbook, with a temporary file in its
// directory: it exits with 130 (143), says it was interrupted, and leaves
// nothing in $TMPDIR, nor a partial or temporary output; the project
// written before is complete.
func TestInterrupted(t *testing.T) {
	data := t.TempDir()
	in := filepath.Join(data, "codebook.csv")
	cmdtest.BigCodebook(t, in, 120_000)

	for _, tt := range []struct {
		name string
		sig  syscall.Signal
		code int
		args []string
		left []string
	}{
		{"SIGINT, project workbook", syscall.SIGINT, 130, []string{"-o", "out.xlsx"}, nil},
		{"SIGINT, NVivo's codebook after the project", syscall.SIGINT, 130, []string{"-o", "out.qdpx", "--nvivo-codebook", "cb.xlsx"}, []string{"out.qdpx"}},
		{"SIGTERM, NVivo's codebook after the project", syscall.SIGTERM, 143, []string{"-o", "out.qdpx", "--nvivo-codebook", "cb.xlsx"}, []string{"out.qdpx"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			tmp, dir := t.TempDir(), t.TempDir()
			var args []string
			for i, a := range tt.args {
				if i%2 == 1 {
					a = filepath.Join(dir, a)
				}
				args = append(args, a)
			}
			code, stdout, stderr := cmdtest.Interrupt(t, command(t, append(args, in)...), tmp, tt.sig)
			assert.Equal(t, tt.code, code, stderr)
			assert.Contains(t, stderr, "convert: interrupted")
			assert.Empty(t, cmdtest.ListFiles(t, tmp), "files left in $TMPDIR")
			assert.Equal(t, tt.left, cmdtest.ListFiles(t, dir), "only the complete outputs written before")
			assert.Empty(t, stdout, "no report of a run that did not finish")
		})
	}
}
