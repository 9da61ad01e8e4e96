package cmdutil

import (
	"bufio"
	"bytes"
	"errors"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/qdabridge/qdabridge/internal/cmdtest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestCleanupClose(t *testing.T) {
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp)
	c, err := StartCleanup("cmd", io.Discard)
	require.NoError(t, err)
	assert.Equal(t, tmp, filepath.Dir(c.TempDir()))
	assert.True(t, strings.HasPrefix(filepath.Base(c.TempDir()), "cmd-"))
	require.NoError(t, os.WriteFile(filepath.Join(c.TempDir(), "excelize-1"), []byte("rows"), 0o600))
	require.NoError(t, os.Mkdir(filepath.Join(c.TempDir(), "sub"), 0o700))
	require.NoError(t, c.Close())
	assert.Empty(t, cmdtest.ListFiles(t, tmp))
	require.NoError(t, c.Close(), "a second Close does nothing")
}

// TestCleanupInterrupted delivers a signal to a Cleanup in the test
// process (its exit replaced) while an output is being written and the
// temporary directory holds files: both go, the exit status is 128 + the
// signal, and the message says so.
func TestCleanupInterrupted(t *testing.T) {
	for _, tt := range []struct {
		sig  syscall.Signal
		code int
	}{
		{syscall.SIGINT, 130},
		{syscall.SIGTERM, 143},
	} {
		t.Run(tt.sig.String(), func(t *testing.T) {
			tmp, outDir := t.TempDir(), t.TempDir()
			t.Setenv("TMPDIR", tmp)
			// a temporary file of another run, which must stay
			other := filepath.Join(outDir, ".out.bin.tmp-other")
			require.NoError(t, os.WriteFile(other, nil, 0o600))
			var stderr bytes.Buffer
			c, err := StartCleanup("cmd", &stderr)
			require.NoError(t, err)
			codes := make(chan int, 1)
			c.exit = func(code int) { codes <- code }
			require.NoError(t, os.WriteFile(filepath.Join(c.TempDir(), "excelize-1"), []byte("rows"), 0o600))

			writing, release := make(chan struct{}), make(chan struct{})
			done := make(chan error, 1)
			go func() {
				done <- c.WriteOutput(filepath.Join(outDir, "out.bin"), false, nil, func(w io.Writer) error {
					if _, err := io.WriteString(w, "partial"); err != nil {
						return err
					}
					close(writing)
					<-release
					return errors.New("stopped")
				})
			}()
			<-writing
			assert.Len(t, cmdtest.ListFiles(t, outDir), 2, "the output's temporary file is there")
			c.sigs <- tt.sig
			assert.Equal(t, tt.code, <-codes)
			assert.Empty(t, cmdtest.ListFiles(t, tmp), "the temporary directory is removed")
			assert.Equal(t, []string{filepath.Base(other)}, cmdtest.ListFiles(t, outDir), "the output's temporary file is removed, another's kept")
			assert.Contains(t, stderr.String(), "cmd: interrupted")
			close(release)
			require.Error(t, <-done)
			require.NoError(t, c.Close())
		})
	}
}

// TestCleanupSignal runs this test binary again as a command that starts a
// Cleanup, puts a file in its temporary directory and blocks while writing
// an output; it sends the process a real SIGINT or SIGTERM, and wants the
// exit status 128 + the signal, and no file left in $TMPDIR or beside the
// output.
func TestCleanupSignal(t *testing.T) {
	if os.Getenv("CMDUTIL_CLEANUP_CHILD") != "" {
		return // the child's own run of this test
	}
	for _, tt := range []struct {
		sig  syscall.Signal
		code int
	}{
		{syscall.SIGINT, 130},
		{syscall.SIGTERM, 143},
	} {
		t.Run(tt.sig.String(), func(t *testing.T) {
			tmp, outDir := t.TempDir(), t.TempDir()
			cmd := exec.Command(os.Args[0], "-test.run=^TestCleanupChild$")
			cmd.Env = append(os.Environ(), "CMDUTIL_CLEANUP_CHILD="+outDir, "TMPDIR="+tmp)
			var stderr bytes.Buffer
			cmd.Stderr = &stderr
			stdout, err := cmd.StdoutPipe()
			require.NoError(t, err)
			require.NoError(t, cmd.Start())
			line, err := bufio.NewReader(stdout).ReadString('\n')
			if err != nil || line != "writing\n" {
				werr := cmd.Wait()
				t.Fatalf("child: %q, %v, %v: %s", line, err, werr, stderr.String())
			}
			assert.NotEmpty(t, cmdtest.ListFiles(t, tmp), "the child's temporary directory")
			assert.NotEmpty(t, cmdtest.ListFiles(t, outDir), "the child's output being written")
			require.NoError(t, cmd.Process.Signal(tt.sig))
			waited := make(chan error, 1)
			go func() { waited <- cmd.Wait() }()
			select {
			case err = <-waited:
			case <-time.After(30 * time.Second):
				_ = cmd.Process.Kill()
				t.Fatal("the child did not exit")
			}
			var ee *exec.ExitError
			require.ErrorAs(t, err, &ee)
			assert.Equal(t, tt.code, ee.ExitCode())
			assert.Contains(t, stderr.String(), "child: interrupted")
			assert.Empty(t, cmdtest.ListFiles(t, tmp), "files left in $TMPDIR")
			assert.Empty(t, cmdtest.ListFiles(t, outDir), "files left beside the output")
		})
	}
}

// TestCleanupChild is the command TestCleanupSignal runs.
func TestCleanupChild(t *testing.T) {
	outDir := os.Getenv("CMDUTIL_CLEANUP_CHILD")
	if outDir == "" {
		t.Skip("run by TestCleanupSignal")
	}
	c, err := StartCleanup("child", os.Stderr)
	if err != nil {
		os.Exit(3)
	}
	defer c.Close()
	if err := os.WriteFile(filepath.Join(c.TempDir(), "excelize-1"), []byte("rows"), 0o600); err != nil {
		os.Exit(3)
	}
	_ = c.WriteOutput(filepath.Join(outDir, "out.bin"), false, nil, func(w io.Writer) error {
		if _, err := io.WriteString(w, "partial"); err != nil {
			return err
		}
		os.Stdout.WriteString("writing\n")
		select {} // until the signal
	})
	os.Exit(4) // not reached
}
