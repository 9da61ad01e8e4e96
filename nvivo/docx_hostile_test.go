package nvivo_test

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"errors"
	"hash/crc32"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/qdabridge/qdabridge/internal/corpus"
	"github.com/qdabridge/qdabridge/internal/memtest"
	"github.com/qdabridge/qdabridge/internal/ziptest"
	"github.com/qdabridge/qdabridge/nvivo"
)

const docxHead = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>`

// deflated compresses head, then chunk n times, then tail into one
// deflate stream without compressing n copies: each piece is a stream of
// its own, flushed to a byte boundary and not closed, so that the pieces
// can be put one after the other, and the stream ends with an empty final
// block. It returns the stream and the CRC-32 and size of what it inflates
// to.
func deflated(t testing.TB, head, chunk string, n int, tail string) (data []byte, crc uint32, size uint64) {
	t.Helper()
	piece := func(s string) []byte {
		var b bytes.Buffer
		fw, err := flate.NewWriter(&b, flate.BestCompression)
		require.NoError(t, err)
		_, err = fw.Write([]byte(s))
		require.NoError(t, err)
		require.NoError(t, fw.Flush())
		return b.Bytes()
	}
	var out bytes.Buffer
	out.Write(piece(head))
	crc = crc32.Update(crc, crc32.IEEETable, []byte(head))
	c := piece(chunk)
	for range n {
		out.Write(c)
		crc = crc32.Update(crc, crc32.IEEETable, []byte(chunk))
	}
	out.Write(piece(tail))
	crc = crc32.Update(crc, crc32.IEEETable, []byte(tail))
	var end bytes.Buffer
	fw, err := flate.NewWriter(&end, flate.BestCompression)
	require.NoError(t, err)
	require.NoError(t, fw.Close()) // an empty final block
	out.Write(end.Bytes())
	return out.Bytes(), crc, uint64(len(head)) + uint64(n)*uint64(len(chunk)) + uint64(len(tail))
}

// rawDocx makes a .docx whose word/document.xml is the given deflate
// stream, declared with the given CRC-32 and uncompressed size.
func rawDocx(t testing.TB, stream []byte, crc uint32, declared uint64) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	w, err := zw.Create("[Content_Types].xml")
	require.NoError(t, err)
	_, err = w.Write([]byte(`<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>`))
	require.NoError(t, err)
	w, err = zw.CreateRaw(&zip.FileHeader{Name: "word/document.xml", Method: zip.Deflate, CRC32: crc,
		CompressedSize64: uint64(len(stream)), UncompressedSize64: declared})
	require.NoError(t, err)
	_, err = w.Write(stream)
	require.NoError(t, err)
	require.NoError(t, zw.Close())
	return buf.Bytes()
}

// textBomb is a .docx of about 1 MB whose one paragraph inflates to size
// bytes of text.
func textBomb(t testing.TB, size int) (data []byte, inflated uint64) {
	const chunk = 1 << 20
	stream, crc, n := deflated(t, docxHead+`<w:p><w:r><w:t>`, strings.Repeat("a", chunk), size/chunk, `</w:t></w:r></w:p></w:body></w:document>`)
	return rawDocx(t, stream, crc, n), n
}

// TestDocxHostile reads .docx transcripts built to exhaust a reader, with
// DocxText and through a Builder from a folder: each is refused, with a
// warning naming the file and saying why, before it is inflated, and the
// peak heap stays far below what the text would take. Run with -v to see
// the figures.
func TestDocxHostile(t *testing.T) {
	bomb, inflated := textBomb(t, 1<<30)
	t.Logf("text bomb: %d bytes inflating to %d", len(bomb), inflated)
	require.Less(t, len(bomb), 2<<20, "the bomb is small")

	// a modest paragraph that declares a far smaller size than it inflates to
	lyingStream, _, _ := deflated(t, docxHead+`<w:p><w:r><w:t>`, strings.Repeat("b", 1<<20), 64, `</w:t></w:r></w:p></w:body></w:document>`)
	lying := rawDocx(t, lyingStream, 0, 1000)
	// a size beyond what is read, honestly compressed (as far as the
	// directory says)
	hugeStream, hugeCRC, _ := deflated(t, docxHead, "", 0, `<w:p/></w:body></w:document>`)
	huge := rawDocx(t, append(hugeStream, make([]byte, 3<<20)...), hugeCRC, 300<<20)
	// 100,000 nested elements, compressed 1000 to 1
	deepStream, deepCRC, deepSize := deflated(t, docxHead, strings.Repeat("<w:p><w:r>", 10_000), 10, `</w:body></w:document>`)
	deep := rawDocx(t, deepStream, deepCRC, deepSize)
	// a directory claiming 10,000,000 parts
	many := ziptest.ClaimEntries(docxOf("fine"), 10_000_000)

	tests := []struct {
		name string
		data []byte
		want string // in the message
	}{
		{"1 MB inflating to 1 GiB", bomb, "would inflate from"},
		{"inflating past its declared size", lying, "inflates past the size"},
		{"300 MiB of text", huge, "more than the"},
		{"100,000 nested elements", deep, "nested deeper than"},
		{"10,000,000 parts", many, "parts"},
	}
	summary := summaryHeader + "Nodes\\\\X, Node, False, Files\\\\bomb, Document, 0.1, 1, 1, AB, 1/2/2020 3:04:05 PM, aaaa\r\n"
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var err error
			before, peak := memtest.Peak(func() { _, err = nvivo.DocxText(tt.data) })
			used := peak - before
			t.Logf("DocxText: peak heap %.1f MB (%v)", float64(used)/1e6, err)
			require.Error(t, err)
			assert.ErrorIs(t, err, nvivo.ErrBadDocument)
			assert.Contains(t, err.Error(), tt.want)
			assert.True(t, strings.HasPrefix(err.Error(), "nvivo: "), err.Error())
			assert.NotContains(t, err.Error(), "\n")
			if !raceEnabled {
				assert.Less(t, used, uint64(16<<20), "peak heap of DocxText")
			}

			dir := t.TempDir()
			require.NoError(t, os.WriteFile(filepath.Join(dir, "bomb.docx"), tt.data, 0o644))
			b := &nvivo.Builder{Documents: os.DirFS(dir)}
			b.Add(readString(t, "summary.txt", summary))
			var res *nvivo.Result
			before, peak = memtest.Peak(func() { res, err = b.Build() })
			used = peak - before
			t.Logf("Builder: peak heap %.1f MB", float64(used)/1e6)
			require.NoError(t, err)
			if !raceEnabled {
				assert.Less(t, used, uint64(16<<20)+uint64(len(tt.data)), "peak heap of Build, the .docx itself not counted")
			}
			rep := res.Report
			assert.Equal(t, 1, rep.Missing, "the passage is missing")
			var found []string
			for _, w := range rep.Warnings {
				if w.Code == nvivo.WarnDocument && !w.NoDocument() {
					found = append(found, w.String())
				}
			}
			require.Len(t, found, 1, "%v", rep.Warnings)
			assert.Contains(t, found[0], "bomb.docx")
			assert.Contains(t, found[0], tt.want)
		})
	}
}

// TestCorpusDocx reads every .docx of the corpus (transcripts that real
// tools stored): real documents stay inside DocxText's bounds.
func TestCorpusDocx(t *testing.T) {
	root := corpus.Dir(t, ".")
	n := 0
	require.NoError(t, filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.EqualFold(filepath.Ext(p), ".docx") {
			return err
		}
		n++
		data, err := os.ReadFile(p)
		require.NoError(t, err)
		text, err := nvivo.DocxText(data)
		assert.NoError(t, err, p)
		assert.NotEmpty(t, strings.TrimSpace(text), p)
		return nil
	}))
	t.Logf("%d .docx files read", n)
	require.NotZero(t, n, "no .docx in the corpus")
}

// FuzzDocxText reads arbitrary bytes as a .docx: no panic, and an error
// is an ErrBadDocument with the package's prefix.
func FuzzDocxText(f *testing.F) {
	f.Add(docxOf("Para one.", "", "Ünïcode & <stuff>"))
	f.Add(docxWith(f, `<w:p><w:r><w:t>a</w:t><w:tab/><w:t>b</w:t><w:br/><w:t>c</w:t></w:r></w:p><w:tbl><w:tr><w:tc><w:p><w:r><w:t>c1</w:t></w:r></w:p></w:tc></w:tr></w:tbl>`))
	f.Add(docxWith(f, `<w:p><w:del><w:r><w:delText>gone</w:delText></w:r></w:del><w:r><w:instrText>PAGE</w:instrText><w:t>kept</w:t></w:r></w:p>`))
	stream, _, _ := deflated(f, docxHead+`<w:p><w:r><w:t>`, strings.Repeat("b", 4096), 4, `</w:t></w:r></w:p></w:body></w:document>`)
	f.Add(rawDocx(f, stream, 0, 100)) // inflates past its declared size
	f.Add(ziptest.ClaimEntries(docxOf("x"), 1<<40))
	f.Add([]byte("PK\x03\x04"))
	f.Fuzz(func(t *testing.T, data []byte) {
		fuzzCount.Add()
		_, err := nvivo.DocxText(data)
		if err != nil && (!errors.Is(err, nvivo.ErrBadDocument) || !strings.HasPrefix(err.Error(), "nvivo: ")) {
			t.Fatalf("bad error %v", err)
		}
	})
}
