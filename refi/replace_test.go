package refi

import (
	"archive/zip"
	"bytes"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
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

// TestReplaceTextRichText: the rich text of a source whose plain text was
// replaced holds the old text; once the caller lets it go, it is not
// copied into the archive written (counted dropped, with why), and while
// the source still names it, it is.
func TestReplaceTextRichText(t *testing.T) {
	const guid = "a1b2c3d4-0000-4000-8000-000000000001"
	qde := `<?xml version="1.0" encoding="utf-8"?>
<Project xmlns="urn:QDA-XML:project:1.0" name="p"><Sources>
<TextSource guid="` + guid + `" name="Interview" plainTextPath="internal://` + guid + `.txt" richTextPath="internal://` + guid + `.docx"/>
</Sources></Project>`
	in := zipEntries(t, []string{"project.qde", "sources/" + guid + ".txt", "sources/" + guid + ".docx"}, map[string][]byte{
		"project.qde": []byte(qde), "sources/" + guid + ".txt": []byte("Anna said yes."), "sources/" + guid + ".docx": []byte("PK old text: Anna"),
	})
	for _, letGo := range []bool{true, false} {
		doc := readQDPXBytes(t, in)
		src := doc.Project.Sources[0].(*TextSource)
		require.NoError(t, doc.ReplaceText(src, "[P1] said yes."))
		if letGo {
			src.RichTextPath = ""
		}
		var buf bytes.Buffer
		rep, err := (&Writer{}).Write(&buf, doc, FormatQDPX)
		require.NoError(t, err)
		zr, err := zip.NewReader(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
		require.NoError(t, err)
		var names []string
		for _, f := range zr.File {
			names = append(names, f.Name)
		}
		if !letGo {
			assert.Contains(t, names, "sources/"+guid+".docx", "still named: copied")
			continue
		}
		assert.NotContains(t, names, "sources/"+guid+".docx")
		var why []string
		for _, r := range rep.Ledger.Rows {
			for _, it := range r.Items {
				if it.Column == Dropped {
					why = append(why, it.Why)
				}
			}
		}
		assert.Equal(t, []string{"a rich text whose plain text was replaced: it holds the old text"}, why)
		require.NoError(t, rep.Ledger.Check())
	}
}

// TestMeasuredLengthReplaced: the lengths measured when a project is read
// stand for its text files when it is written, until a text is put in a
// file's place.
func TestMeasuredLengthReplaced(t *testing.T) {
	doc := New("p")
	src, err := doc.AddText("one", "Zoë said yes.")
	require.NoError(t, err)
	src.Selections = []TextSelection{{SelectionBase: SelectionBase{GUID: "a1b2c3d4-0000-4000-8000-000000000002"}, Start: 0, End: 3}}
	var buf bytes.Buffer
	_, err = (&Writer{}).Write(&buf, doc, FormatQDPX)
	require.NoError(t, err)
	read, err := (&Reader{}).ReadQDPX(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
	require.NoError(t, err)
	src = read.Project.Sources[0].(*TextSource)
	n, ok := read.a.measuredLength(src.PlainTextPath, Positions{})
	require.True(t, ok)
	assert.Equal(t, int64(13), n)
	n, ok = read.a.measuredLength(src.PlainTextPath, Positions{Unit: Bytes})
	require.True(t, ok)
	assert.Equal(t, int64(14), n)
	require.NoError(t, read.ReplaceText(src, "Zoë"))
	_, ok = read.a.measuredLength(src.PlainTextPath, Positions{})
	assert.False(t, ok)
}
