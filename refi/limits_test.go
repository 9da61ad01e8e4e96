package refi

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// limitMargin is how many times over a default limit must be above what
// the largest real project needs.
const limitMargin = 10

// TestCorpusFitsLimits measures every real project of the corpus and checks
// that each fits the default limits at least ten times over (the ratio
// limit: the highest real ratio is 7.4 against 100), so that the limits
// never stop real work. Run with -v to see the measures.
func TestCorpusFitsLimits(t *testing.T) {
	dir := corpusDir(t, "refi")
	files, err := filepath.Glob(filepath.Join(dir, "*"))
	require.NoError(t, err)
	require.NotEmpty(t, files)
	var most corpusMeasure
	for _, f := range files {
		m := measureCorpusFile(t, f)
		t.Logf("%s: %+v", filepath.Base(f), m)
		most = most.max(m)
	}
	t.Logf("largest: %+v", most)
	l := Limits{}.WithDefaults()
	tests := []struct {
		name        string
		need, limit int64
	}{
		{"MaxEntries", most.entries, int64(l.MaxEntries)},
		{"MaxEntrySize", most.entrySize, l.MaxEntrySize},
		{"MaxTotalSize", most.totalSize, l.MaxTotalSize},
		{"MaxProjectSize", most.projectSize, l.MaxProjectSize},
		{"MaxDepth", most.depth, int64(l.MaxDepth)},
		{"MaxTextSize (XML token)", most.token, l.MaxTextSize},
		{"MaxTextSize (text file)", most.textFile, l.MaxTextSize},
		{"MaxCompressionRatio", most.ratio, l.MaxCompressionRatio},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Positive(t, tt.need)
			assert.LessOrEqual(t, tt.need*limitMargin, tt.limit, "the largest real value %d is not %d times under the limit %d", tt.need, limitMargin, tt.limit)
		})
	}
}

// corpusMeasure is what one file needs of each limit.
type corpusMeasure struct {
	entries, entrySize, totalSize, projectSize int64
	depth, token, textFile, ratio              int64 // ratio rounded up
}

func (a corpusMeasure) max(b corpusMeasure) corpusMeasure {
	return corpusMeasure{max(a.entries, b.entries), max(a.entrySize, b.entrySize), max(a.totalSize, b.totalSize),
		max(a.projectSize, b.projectSize), max(a.depth, b.depth), max(a.token, b.token), max(a.textFile, b.textFile), max(a.ratio, b.ratio)}
}

func measureCorpusFile(t *testing.T, path string) corpusMeasure {
	b, err := os.ReadFile(path)
	require.NoError(t, err)
	var m corpusMeasure
	if !bytes.HasPrefix(b, []byte("PK")) {
		m.projectSize = int64(len(b))
		m.depth, m.token = xmlMeasure(t, bytes.NewReader(b))
		return m
	}
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	require.NoError(t, err)
	m.entries = int64(len(zr.File))
	for _, f := range zr.File {
		size := int64(f.UncompressedSize64)
		m.entrySize = max(m.entrySize, size)
		m.totalSize += size
		if f.CompressedSize64 > 0 {
			m.ratio = max(m.ratio, (size+int64(f.CompressedSize64)-1)/int64(f.CompressedSize64))
		}
		name := strings.ToLower(f.Name)
		switch {
		case strings.HasSuffix(name, ".qde"):
			m.projectSize = size
			rc, err := f.Open()
			require.NoError(t, err)
			m.depth, m.token = xmlMeasure(t, rc)
			rc.Close()
		case strings.HasSuffix(name, ".txt"):
			m.textFile = max(m.textFile, size)
		}
	}
	return m
}

// xmlMeasure returns the deepest nesting and the longest attribute value or
// text node of an XML document.
func xmlMeasure(t *testing.T, r io.Reader) (depth, token int64) {
	d := xml.NewDecoder(r)
	d.Strict = false
	d.CharsetReader = func(_ string, in io.Reader) (io.Reader, error) { return in, nil }
	var cur int64
	for {
		tok, err := d.RawToken()
		if err == io.EOF {
			return depth, token
		}
		require.NoError(t, err)
		switch tok := tok.(type) {
		case xml.StartElement:
			cur++
			depth = max(depth, cur)
			for _, a := range tok.Attr {
				token = max(token, int64(len(a.Value)))
			}
		case xml.EndElement:
			cur--
		case xml.CharData:
			token = max(token, int64(len(tok)))
		}
	}
}
