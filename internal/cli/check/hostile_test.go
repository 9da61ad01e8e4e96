package check

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestCheckHostileBatch checks the hostile-input suite as one batch: no
// bad file stops the others, every file gets one line (or one JSON object),
// and nothing is written beside the inputs.
func TestCheckHostileBatch(t *testing.T) {
	src, err := filepath.Glob("../../../refi/testdata/hostile/*.q*")
	require.NoError(t, err)
	require.NotEmpty(t, src)
	dir := t.TempDir()
	for _, f := range src {
		b, err := os.ReadFile(f)
		require.NoError(t, err)
		require.NoError(t, os.WriteFile(filepath.Join(dir, filepath.Base(f)), b, 0o644))
	}
	before, err := os.ReadDir(dir)
	require.NoError(t, err)

	var out, errOut bytes.Buffer
	assert.Equal(t, 1, execute([]string{"--jobs", "2", dir}, &out, &errOut), "some files are unreadable")
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	require.Len(t, lines, len(src)+1, "one line per file and a summary")
	statuses := map[string]int{}
	for _, l := range lines[:len(src)] {
		statuses[strings.TrimSuffix(strings.Fields(l)[0], ":")]++
		assert.NotContains(t, l, "\r")
	}
	assert.Positive(t, statuses["ok"])
	assert.Positive(t, statuses["unreadable"])
	assert.Equal(t, len(src), statuses["ok"]+statuses["changed"]+statuses["lost"]+statuses["unreadable"])
	assert.Contains(t, lines[len(src)], itoaFiles(len(src)))
	assert.Contains(t, out.String(), "changed:    "+filepath.Join(dir, "slip-source-paths.qdpx")+`: Project.Sources[1](TextSource).PlainTextPath: "internal://../../etc/passwd" ≠ "internal://`,
		"the unsafe path replaced in the written archive is reported")

	out.Reset()
	execute([]string{"--json", dir}, &out, &errOut)
	dec := json.NewDecoder(&out)
	objects := 0
	for dec.More() {
		var obj map[string]any
		require.NoError(t, dec.Decode(&obj))
		objects++
	}
	assert.Equal(t, len(src)+1, objects)

	after, err := os.ReadDir(dir)
	require.NoError(t, err)
	assert.Equal(t, len(before), len(after), "nothing written beside the inputs")
}

func itoaFiles(n int) string {
	b, _ := json.Marshal(n)
	return string(b) + " files: "
}
