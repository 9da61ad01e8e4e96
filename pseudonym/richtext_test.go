package pseudonym

import (
	"archive/zip"
	"bytes"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/qdabridge/qdabridge/internal/schematest"

	"github.com/qdabridge/qdabridge/refi"
)

// withRichText returns a copy of the archive b in which every text source
// names a rich-text file (and, if stray, an unnamed file lies beside
// them), each holding text.
func withRichText(t *testing.T, b []byte, text string, stray bool) []byte {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	require.NoError(t, err)
	var out bytes.Buffer
	zw := zip.NewWriter(&out)
	plain := regexp.MustCompile(`plainTextPath="internal://([^"]+)\.txt"`)
	for _, f := range zr.File {
		rc, err := f.Open()
		require.NoError(t, err)
		var data bytes.Buffer
		_, err = data.ReadFrom(rc)
		require.NoError(t, err)
		rc.Close()
		if f.Name == "project.qde" {
			s := plain.ReplaceAllString(data.String(), `richTextPath="internal://$1.docx" plainTextPath="internal://$1.txt"`)
			for _, m := range plain.FindAllStringSubmatch(data.String(), -1) {
				w, err := zw.Create("sources/" + m[1] + ".docx")
				require.NoError(t, err)
				w.Write([]byte(text))
			}
			data.Reset()
			data.WriteString(s)
		}
		w, err := zw.Create(f.Name)
		require.NoError(t, err)
		w.Write(data.Bytes())
	}
	if stray {
		w, err := zw.Create("sources/stray.txt")
		require.NoError(t, err)
		w.Write([]byte(text))
	}
	require.NoError(t, zw.Close())
	return out.Bytes()
}

func TestWriteLeavesOutOldRichText(t *testing.T) {
	doc := refi.New("rich")
	_, err := doc.AddText("one", "Zorqua said hello.")
	require.NoError(t, err)
	var buf bytes.Buffer
	_, err = (&refi.Writer{}).Write(&buf, doc, refi.FormatQDPX)
	require.NoError(t, err)
	k, err := ReadKey(strings.NewReader("Zorqua,P1\n"), "key.csv", Options{})
	require.NoError(t, err)
	for _, stray := range []bool{false, true} {
		dir := t.TempDir()
		in := filepath.Join(dir, "in.qdpx")
		require.NoError(t, os.WriteFile(in, withRichText(t, buf.Bytes(), "Zorqua in rich text", stray), 0o644))
		d, err := refi.Open(in)
		require.NoError(t, err)
		defer d.Close()
		res, err := k.Apply(d)
		require.NoError(t, err)
		require.Len(t, res.Revisions, 1)
		require.NotEmpty(t, res.Revisions[0].RichText)
		var out bytes.Buffer
		_, err = res.Write(&out, nil, d, refi.FormatQDPX)
		if stray {
			require.ErrorIs(t, err, ErrLeft)
			assert.Contains(t, err.Error(), `pseudonym: an original is still in the output: sources/stray.txt holds "Zorqua"`)
			assert.Zero(t, out.Len(), "nothing written")
			continue
		}
		require.NoError(t, err)
		path := filepath.Join(dir, "out.qdpx")
		require.NoError(t, os.WriteFile(path, out.Bytes(), 0o644))
		es := entries(t, out.Bytes())
		assert.Len(t, es, 2, "project.qde and the new text")
		requireNoOriginal(t, path, []string{"Zorqua"})
		schematest.RequireValidQDPX(t, path)
	}
}
