// Package cmdtest holds what the tests of the commands share: listing
// what a run left in a folder, an NVivo codebook export large enough for
// its workbook to spill to temporary files, and building a command and
// interrupting it while it writes.
package cmdtest

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// ListFiles lists what is in dir, recursively, relative to it (dir itself
// left out).
func ListFiles(t testing.TB, dir string) []string {
	t.Helper()
	var out []string
	require.NoError(t, filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err == nil && p != dir {
			rel, _ := filepath.Rel(dir, p)
			out = append(out, rel)
		}
		return err
	}))
	return out
}

// BigCodebook writes NVivo's codebook export in CSV at path with n codes
// with long descriptions: with 120,000, a workbook made of it holds more
// than 16 MiB of sheet XML, which excelize keeps in a temporary file while
// writing it.
func BigCodebook(t testing.TB, path string, n int) {
	t.Helper()
	var b bytes.Buffer
	b.WriteString("Folder,Name,Description\r\n")
	desc := strings.Repeat("what the code is about, at some length ", 16)
	for i := range n {
		fmt.Fprintf(&b, "Codes,Theme %d\\Code %d,%s%d\r\n", i/100, i, desc, i)
	}
	require.NoError(t, os.WriteFile(path, b.Bytes(), 0o644))
}

// Build builds the command in the current folder into a temporary folder
// and returns its path; it skips the test when there is no go command, or
// with -short.
func Build(t *testing.T, name string) string {
	t.Helper()
	if testing.Short() {
		t.Skip("builds the command")
	}
	goCmd, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go command to build " + name + " with")
	}
	bin := filepath.Join(t.TempDir(), name)
	out, err := exec.Command(goCmd, "build", "-o", bin, ".").CombinedOutput()
	require.NoError(t, err, "go build: %s", out)
	return bin
}

// Interrupt runs cmd with $TMPDIR at tmp, sends it sig once a workbook
// writer has spilled a temporary file (excelize-*, in the run's own
// directory under tmp or in tmp itself), and returns its exit status and
// what it printed. The test fails when the command ends before spilling or
// does not end after the signal.
func Interrupt(t *testing.T, cmd *exec.Cmd, tmp string, sig os.Signal) (code int, stdout, stderr string) {
	t.Helper()
	cmd.Env = append(os.Environ(), "TMPDIR="+tmp)
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	require.NoError(t, cmd.Start())
	waited := make(chan error, 1)
	go func() { waited <- cmd.Wait() }()
	deadline := time.After(5 * time.Minute)
	for spilled := false; !spilled; {
		select {
		case err := <-waited:
			t.Fatalf("the command ended before writing the workbook: %v\n%s", err, errOut.String())
		case <-deadline:
			_ = cmd.Process.Kill()
			t.Fatal("no temporary file appeared")
		case <-time.After(5 * time.Millisecond):
		}
		mine, _ := filepath.Glob(filepath.Join(tmp, "*", "excelize-*"))
		top, _ := filepath.Glob(filepath.Join(tmp, "excelize-*"))
		spilled = len(mine)+len(top) > 0
	}
	require.NoError(t, cmd.Process.Signal(sig))
	var err error
	select {
	case err = <-waited:
	case <-time.After(time.Minute):
		_ = cmd.Process.Kill()
		t.Fatal("the command did not exit")
	}
	var ee *exec.ExitError
	require.True(t, errors.As(err, &ee), "exit: %v", err)
	return ee.ExitCode(), out.String(), errOut.String()
}
