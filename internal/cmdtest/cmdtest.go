// Package cmdtest holds what the tests of the commands share: listing
// what a run left in a folder, and an NVivo codebook export large enough
// for its workbook to spill to temporary files.
package cmdtest

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

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
