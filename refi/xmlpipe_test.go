package refi

import (
	"bytes"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestPipeSourceSame reads every document with the tokenizer in the
// decoder's goroutine and in one of its own, and checks that the project,
// the warnings (with their lines) and the errors are the same.
func TestPipeSourceSame(t *testing.T) {
	for name, b := range tokenizerInputs(t) {
		t.Run(filepath.Base(name), func(t *testing.T) {
			d1, err1 := (&Reader{pipe: -1, MaxWarnings: 1000}).ReadQDE(bytes.NewReader(b))
			d2, err2 := (&Reader{pipe: 1, MaxWarnings: 1000}).ReadQDE(bytes.NewReader(b))
			if err1 != nil {
				require.Error(t, err2)
				assert.Equal(t, err1.Error(), err2.Error())
				return
			}
			require.NoError(t, err2)
			assert.Empty(t, Diff(d1.Project, d2.Project))
			assert.Equal(t, d1.Warnings, d2.Warnings)
			assert.Equal(t, d1.Detection, d2.Detection)
		})
	}
}

// TestPipeSourceStops checks that a read that fails early (strict, at the
// first warning) leaves no goroutine behind.
func TestPipeSourceStops(t *testing.T) {
	var doc bytes.Buffer
	doc.WriteString(`<?xml version="1.0"?><Project xmlns="urn:QDA-XML:project:1.0" name="p" origin="x"><Sources>`)
	for i := 0; i < 20000; i++ {
		doc.WriteString(`<TextSource guid="BAD" name="s"/>`)
	}
	doc.WriteString(`</Sources></Project>`)
	for i := 0; i < 5; i++ {
		_, err := (&Reader{pipe: 1, Strict: true}).ReadQDE(bytes.NewReader(doc.Bytes()))
		require.ErrorIs(t, err, ErrStrict)
	}
	assert.Empty(t, readGoroutines())
}

// readGoroutines returns the stacks of the goroutines a read starts that
// are still running.
func readGoroutines() []string {
	buf := make([]byte, 1<<20)
	buf = buf[:runtime.Stack(buf, true)]
	var out []string
	for _, g := range strings.Split(string(buf), "\n\n") {
		if strings.Contains(g, "refi.(*pipeSource).scan") || strings.Contains(g, "refi.(*readAhead).fill") || strings.Contains(g, "refi.(*measuring).work") {
			out = append(out, g)
		}
	}
	return out
}
