package convert

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/qdabridge/qdabridge/refi"
	"github.com/qdabridge/qdabridge/xlsx/workbook"
)

// TestWorkbookTexts: a workbook says that it holds the interviews' texts,
// and --no-texts leaves them out (and says what that means).
func TestWorkbookTexts(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(dir, "in.qdpx")
	require.NoError(t, os.WriteFile(in, sampleQDPX(), 0o644))
	tests := []struct {
		name      string
		flags     []string
		note      string
		withTexts bool
	}{
		{"with texts", nil, "holds the full text of every source in a hidden sheet", true},
		{"--no-texts", []string{"--no-texts"}, "holds no texts of the sources (--no-texts)", false},
	}
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out := filepath.Join(dir, string(rune('a'+i))+".xlsx")
			var stdout, stderr bytes.Buffer
			require.Equal(t, 0, execute(append([]string{in, "-o", out}, tt.flags...), &stdout, &stderr), stderr.String())
			assert.Contains(t, stderr.String(), "note:      "+out+" "+tt.note)
			res, err := workbook.ReadFile(out)
			require.NoError(t, err)
			src := res.Document.Project.Sources[0].(*refi.TextSource)
			_, err = res.Document.Text(src)
			if tt.withTexts {
				assert.NoError(t, err)
			} else {
				assert.ErrorIs(t, err, refi.ErrNotFound)
			}
		})
	}
}

// TestPositionsInWords: the report says in words what the positions
// count; --verbose adds the technical form.
func TestPositionsInWords(t *testing.T) {
	dir := t.TempDir()
	for _, verbose := range []bool{false, true} {
		args := []string{"-o", filepath.Join(dir, "x.qde"), "--force", filepath.Join(dir, "in.qdpx")}
		require.NoError(t, os.WriteFile(args[3], sampleQDPX(), 0o644))
		if verbose {
			args = append(args, "--verbose")
		}
		var stdout, stderr bytes.Buffer
		require.Equal(t, 0, execute(args, &stdout, &stderr), stderr.String())
		assert.Contains(t, stderr.String(), "           text positions counted as NVivo counts them (UTF-16 code units), from the producing software, confirmed by the texts\n")
		if verbose {
			assert.Contains(t, stderr.String(), "positions: utf16 (producer+text; 86/86 selections on word boundaries)")
		} else {
			assert.NotContains(t, stderr.String(), "86/86")
		}
	}
}
