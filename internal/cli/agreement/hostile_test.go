package agreement

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/qdabridge/qdabridge/refi"
)

// TestAgreementHostile runs the command on every file of the hostile-input
// suite: each gives a table (exit status 0) or one line on standard error
// (exit status 1), never a panic.
func TestAgreementHostile(t *testing.T) {
	files, err := filepath.Glob("../../../refi/testdata/hostile/*.q*")
	require.NoError(t, err)
	require.NotEmpty(t, files)
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			code, out, errOut := runCmd(f)
			if code == 1 {
				assert.Empty(t, out)
				assert.Equal(t, 1, strings.Count(errOut, "\n"), errOut)
				return
			}
			require.Equal(t, 0, code, errOut)
			assert.True(t, strings.HasPrefix(out, "coders: "), out)
		})
	}
}

// TestAgreementPrintableNames: names from the file cannot act on the
// terminal; their control characters are printed escaped.
func TestAgreementPrintableNames(t *testing.T) {
	doc := refi.New("hostile")
	a, b := doc.Project.AddUser("Ann\x1b[2J"), doc.Project.AddUser("Ben\u202e")
	c := doc.Project.AddCode("Tru\rst")
	src, err := doc.AddText("inter\x07view", strings.Repeat("x", 10))
	require.NoError(t, err)
	for _, u := range []*refi.User{a, b} {
		sel, err := doc.Select(src, 0, 5)
		require.NoError(t, err)
		sel.AddCoding(c, u)
	}
	path := filepath.Join(t.TempDir(), "hostile.qdpx")
	_, err = (&refi.Writer{}).WriteFile(path, doc)
	require.NoError(t, err)
	code, out, errOut := runCmd(path)
	require.Equal(t, 0, code, errOut)
	// the writer has already replaced ESC and BEL, which XML cannot hold,
	// by U+FFFD
	assert.Contains(t, out, `B = Ben\u202e`)
	assert.Contains(t, out, `Tru\rst`)
	assert.NotContains(t, out, "\u202e")
	assert.NotContains(t, out, "\x1b")
	assert.NotContains(t, out, "\r")
}
