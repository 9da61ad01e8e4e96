package inspect

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestInspectHostile inspects every file of the hostile-input suite: each
// is reported (exit status 0) or refused with one line on standard error
// (exit status 1), and nothing printed can act on a terminal.
func TestInspectHostile(t *testing.T) {
	files, err := filepath.Glob("../../../refi/testdata/hostile/*.q*")
	require.NoError(t, err)
	require.NotEmpty(t, files)
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			var out, errOut bytes.Buffer
			code := runCmd([]string{f}, &out, &errOut)
			switch code {
			case 0:
				assert.Contains(t, out.String(), "counts:")
				assert.Empty(t, errOut.String())
				var jout, jerr bytes.Buffer
				require.Equal(t, 0, runCmd([]string{"--json", f}, &jout, &jerr))
				assert.True(t, json.Valid(jout.Bytes()))
			case 1:
				assert.Empty(t, out.String())
				assert.True(t, strings.HasPrefix(errOut.String(), "inspect: "), errOut.String())
				assert.Equal(t, 1, strings.Count(errOut.String(), "\n"), "one line")
			default:
				t.Fatalf("exit status %d", code)
			}
			assertTerminalSafe(t, out.String()+errOut.String())
		})
	}
}

// TestInspectTerminalSafe inspects a project whose name, origin, GUIDs and
// paths hold characters a terminal acts on: carriage returns, C1 control
// characters, bidirectional overrides. They are printed escaped.
func TestInspectTerminalSafe(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "evil.qde")
	require.NoError(t, os.WriteFile(path, []byte(`<Project xmlns="urn:QDA-XML:project:1.0" name="ok&#13;file:       fake.qdpx&#x9b;2J" origin="NVivo&#x202e;txt.exe"><Sources>`+
		`<TextSource guid="&#x202e;0b0b0b0b" name="s" plainTextPath="internal://../&#13;&#x85;.txt"/></Sources></Project>`), 0o644))
	var out, errOut bytes.Buffer
	require.Equal(t, 0, runCmd([]string{path}, &out, &errOut), errOut.String())
	s := out.String()
	assertTerminalSafe(t, s)
	assert.Contains(t, s, `project:    ok\rfile:       fake.qdpx\u009b2J`)
	assert.Contains(t, s, `origin:     NVivo\u202etxt.exe`)
	assert.Contains(t, s, `\u202e0b0b0b0b`)
}

func assertTerminalSafe(t *testing.T, s string) {
	t.Helper()
	for _, r := range s {
		if r == '\n' {
			continue
		}
		assert.False(t, unicode.IsControl(r) || r >= 0x202A && r <= 0x202E || r >= 0x2066 && r <= 0x2069, "%U printed", r)
	}
}
