package main

import (
	"os/exec"
	"path/filepath"
	"syscall"
	"testing"

	"github.com/qdabridge/qdabridge/internal/cmdtest"
	"github.com/stretchr/testify/assert"
)

// TestInterrupted builds the command, converts a codebook to a project
// workbook that spills to temporary files, and interrupts it (Ctrl-C)
// while it writes: it exits with 130, says so, and leaves nothing behind,
// neither in $TMPDIR nor beside the output.
func TestInterrupted(t *testing.T) {
	bin := cmdtest.Build(t, "convert")
	data := t.TempDir()
	in := filepath.Join(data, "codebook.csv")
	cmdtest.BigCodebook(t, in, 120_000)

	tmp, dir := t.TempDir(), t.TempDir()
	code, _, stderr := cmdtest.Interrupt(t, exec.Command(bin, "-o", filepath.Join(dir, "out.xlsx"), in), tmp, syscall.SIGINT)
	assert.Equal(t, 130, code, stderr)
	assert.Contains(t, stderr, "convert: interrupted")
	assert.Empty(t, cmdtest.ListFiles(t, tmp), "files left in $TMPDIR")
	assert.Empty(t, cmdtest.ListFiles(t, dir), "no partial or temporary output")
}
