package refi

import (
	"bytes"
	"fmt"
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

// pipelineProject writes a project large enough to be read in a pipeline
// (its project.qde inflated ahead, tokenized in a goroutine, its texts
// measured as its sources are read), with CR LF and characters beyond
// ASCII so that detection has evidence, and a selection past its text's end.
func pipelineProject(t *testing.T) []byte {
	t.Helper()
	doc := New("pipeline")
	code := &Code{GUID: "c0000000-0000-4000-8000-000000000001", Name: "code", IsCodable: true}
	doc.Project.Codes = []*Code{code}
	n := 0
	guid := func() GUID { n++; return GUID(fmt.Sprintf("a0000000-0000-4000-8000-%012d", n)) }
	for s := 0; s < 300; s++ {
		src, err := doc.AddText(fmt.Sprint("interview ", s), strings.Repeat("Zoë said 😀 yes.\r\nWe went. ", 40))
		require.NoError(t, err)
		for i := 0; i < 30; i++ {
			sel := TextSelection{SelectionBase: SelectionBase{GUID: guid(), Name: "s"}, Start: int64(i * 25), End: int64(i*25 + 9)}
			if s == 7 && i == 0 {
				sel.End = 5000
			}
			sel.Codings = []Coding{{GUID: guid(), Code: code.GUID}, {GUID: guid(), Code: code.GUID}}
			src.Selections = append(src.Selections, sel)
		}
	}
	var buf bytes.Buffer
	_, err := (&Writer{}).Write(&buf, doc, FormatQDPX)
	require.NoError(t, err)
	return buf.Bytes()
}

// TestPipelinedRead reads a large project in a pipeline and without one
// and checks both give the same project, warnings and detection.
func TestPipelinedRead(t *testing.T) {
	b := pipelineProject(t)
	seq, err := (&Reader{pipe: -1}).ReadQDPX(bytes.NewReader(b), int64(len(b)))
	require.NoError(t, err)
	par, err := (&Reader{}).ReadQDPX(bytes.NewReader(b), int64(len(b)))
	require.NoError(t, err)
	require.Greater(t, par.a.qde.UncompressedSize64, uint64(pipeMinSize), "read in a pipeline")
	assert.Empty(t, Diff(seq.Project, par.Project))
	assert.Equal(t, seq.Warnings, par.Warnings)
	assert.Equal(t, seq.Detection, par.Detection)
	assert.Equal(t, 9000, par.Project.Counts().Selections)
	var past int
	for _, w := range par.Warnings {
		if w.Code == WarnSelectionRange {
			past++
		}
	}
	assert.Equal(t, 1, past)
	assert.Empty(t, readGoroutines())
}
