package refi

import (
	"bytes"
	"strings"
	"testing"

	"github.com/qdabridge/qdabridge/internal/sample"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestSample reads the embedded NVivo-style sample and checks every
// selection against the independently computed expected passages.
func TestSample(t *testing.T) {
	doc, err := (&Reader{Name: sample.FileName}).ReadQDPX(bytes.NewReader(sample.QDPX), int64(len(sample.QDPX)))
	require.NoError(t, err)
	assert.Equal(t, Positions{Unit: UTF16}, doc.Project.Positions)
	assert.Equal(t, "producer+text", doc.Detection.Basis)
	assert.Equal(t, []WarningCode{WarnCaseCode, WarnSourcesFolder}, warningCodes(doc.Warnings), "%v", doc.Warnings)

	texts := selectionTexts(t, doc)
	unescape := strings.NewReplacer(`\r`, "\r", `\n`, "\n", `\t`, "\t")
	lines := strings.Split(strings.TrimSpace(string(sample.ExpectedExcerpts)), "\n")
	require.Len(t, texts, len(lines))
	for _, line := range lines {
		f := strings.Split(line, "\t")
		require.Len(t, f, 6, line)
		want := unescape.Replace(f[5])
		assert.Equal(t, want, texts[GUID(f[0])], "selection %s in %s", f[0], f[1])
	}
	// the round trip keeps everything
	var out bytes.Buffer
	writeDoc(t, &Writer{}, &out, doc, FormatQDPX)
	again := readQDPXBytes(t, out.Bytes())
	assert.Empty(t, Diff(doc.Project, again.Project))
	assertSameFiles(t, doc, again)
	assert.Equal(t, texts, selectionTexts(t, again))
}
