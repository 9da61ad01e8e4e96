// Package segtest holds what the tests of the coded-segment readers share:
// writing a project as .qdpx, validating it and reading it back.
package segtest

import (
	"archive/zip"
	"bytes"
	"io/fs"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/qdabridge/qdabridge/refi"
)

// RoundTrip writes the project as a .qdpx with refi.Writer, checks that its
// project.qde validates against the schema, reads it back and returns the
// text of every selection (by source name, in the source's order) as read
// back.
func RoundTrip(t testing.TB, p *refi.Project, files fs.FS) map[string][]string {
	t.Helper()
	var buf bytes.Buffer
	_, err := (&refi.Writer{}).Write(&buf, refi.NewDocument(p, files), refi.FormatQDPX)
	require.NoError(t, err)
	zr, err := zip.NewReader(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
	require.NoError(t, err)
	found := false
	for _, f := range zr.File {
		if strings.EqualFold(f.Name, "project.qde") {
			rc, err := f.Open()
			require.NoError(t, err)
			require.NoError(t, refi.ValidateProjectXML(rc), "the written project.qde validates")
			rc.Close()
			found = true
		}
	}
	require.True(t, found, "the .qdpx has a project.qde")
	doc, err := refi.ReadQDPX(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
	require.NoError(t, err)
	out := map[string][]string{}
	for _, s := range doc.Project.Sources {
		ts, ok := s.(*refi.TextSource)
		require.True(t, ok)
		for i := range ts.Selections {
			txt, err := doc.SelectionText(ts, &ts.Selections[i])
			require.NoError(t, err)
			out[ts.Name] = append(out[ts.Name], txt)
		}
	}
	return out
}

// CodingTexts returns, for every coding of a selection of p, its source's
// name and its selection's text, as "source\x00text".
func CodingTexts(t testing.TB, p *refi.Project, files fs.FS) []string {
	t.Helper()
	doc := refi.NewDocument(p, files)
	var out []string
	for _, s := range p.Sources {
		ts := s.(*refi.TextSource)
		for i := range ts.Selections {
			txt, err := doc.SelectionText(ts, &ts.Selections[i])
			require.NoError(t, err)
			for range ts.Selections[i].Codings {
				out = append(out, ts.Name+"\x00"+txt)
			}
		}
	}
	return out
}
