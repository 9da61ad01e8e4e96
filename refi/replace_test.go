package refi

import (
	"archive/zip"
	"bytes"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestReplaceText(t *testing.T) {
	tests := []struct {
		name  string
		setup func(d *Document, src *TextSource)
		text  string
		err   error
	}{
		{"added text", func(*Document, *TextSource) {}, "Zoë: the 🚌 comes.", nil},
		{"inline text", func(_ *Document, src *TextSource) {
			src.PlainTextPath, src.PlainTextContent = "", "old"
		}, "new 😀", nil},
		{"text outside the archive", func(_ *Document, src *TextSource) {
			src.PlainTextPath = "relative://elsewhere/x.txt"
		}, "taken in", nil},
		{"not UTF-8", func(*Document, *TextSource) {}, "a\xffb", ErrFormat},
		{"too large", func(d *Document, _ *TextSource) { d.a.limits.MaxTextSize = 4 }, "12345", ErrLimit},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc := New("p")
			src, err := doc.AddText("one", buildText)
			require.NoError(t, err)
			tt.setup(doc, src)
			err = doc.ReplaceText(src, tt.text)
			if tt.err != nil {
				require.Error(t, err)
				if tt.err == ErrLimit {
					require.ErrorIs(t, err, ErrLimit)
				}
				return
			}
			require.NoError(t, err)
			txt, err := doc.Text(src)
			require.NoError(t, err)
			require.Equal(t, tt.text, txt.String())
		})
	}
}

// TestReplaceTextWritten checks that a replaced text of a project read
// from a .qdpx is written in place of the archive's file.
func TestReplaceTextWritten(t *testing.T) {
	doc := New("p")
	_, err := doc.AddText("one", buildText)
	require.NoError(t, err)
	var buf bytes.Buffer
	_, err = (&Writer{}).Write(&buf, doc, FormatQDPX)
	require.NoError(t, err)
	read, err := (&Reader{}).ReadQDPX(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
	require.NoError(t, err)
	src := read.Project.Sources[0].(*TextSource)
	path := src.PlainTextPath
	require.NoError(t, read.ReplaceText(src, "revised 😀"))
	require.Equal(t, path, src.PlainTextPath)
	buf.Reset()
	_, err = (&Writer{}).Write(&buf, read, FormatQDPX)
	require.NoError(t, err)
	zr, err := zip.NewReader(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
	require.NoError(t, err)
	texts := 0
	for _, f := range zr.File {
		if strings.HasSuffix(f.Name, ".txt") {
			texts++
		}
	}
	require.Equal(t, 1, texts, "the old text is not written beside the new one")
	back, err := (&Reader{}).ReadQDPX(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
	require.NoError(t, err)
	txt, err := back.Text(back.Project.Sources[0].(*TextSource))
	require.NoError(t, err)
	require.Equal(t, "revised 😀", txt.String())
}
