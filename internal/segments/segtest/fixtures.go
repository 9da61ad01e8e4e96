package segtest

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"testing"

	"github.com/stretchr/testify/require"
	"github.com/xuri/excelize/v2"
)

// WriteXLSX writes a workbook of one sheet (header first) in dir and
// returns its path.
func WriteXLSX(t testing.TB, dir, name, sheet string, rows [][]any) string {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	require.NoError(t, f.SetSheetName("Sheet1", sheet))
	for i, r := range rows {
		cell, err := excelize.CoordinatesToCellName(1, i+1)
		require.NoError(t, err)
		require.NoError(t, f.SetSheetRow(sheet, cell, &r))
	}
	p := filepath.Join(dir, name)
	require.NoError(t, f.SaveAs(p))
	return p
}

// WriteFile writes data in dir and returns its path.
func WriteFile(t testing.TB, dir, name string, data []byte) string {
	t.Helper()
	p := filepath.Join(dir, name)
	require.NoError(t, os.WriteFile(p, data, 0o644))
	return p
}

// Docx makes a minimal .docx with one paragraph per argument.
func Docx(t testing.TB, paras ...string) []byte {
	t.Helper()
	var body bytes.Buffer
	for _, p := range paras {
		body.WriteString(`<w:p><w:r><w:t xml:space="preserve">`)
		require.NoError(t, xml.EscapeText(&body, []byte(p)))
		body.WriteString(`</w:t></w:r></w:p>`)
	}
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	w, err := zw.Create("word/document.xml")
	require.NoError(t, err)
	_, err = w.Write([]byte(`<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>` + body.String() + `</w:body></w:document>`))
	require.NoError(t, err)
	require.NoError(t, zw.Close())
	return buf.Bytes()
}

// Docs returns the folder of the test transcripts, internal/segments/testdata/docs:
// "Interview 1.txt" (UTF-8 with a byte-order mark; the passage "I started
// gardening because of my grandmother." in paragraphs 2 and 4) and
// "Interview 2.docx" (four paragraphs, one split over two runs).
func Docs(t testing.TB) fs.FS {
	t.Helper()
	_, file, _, ok := runtime.Caller(0)
	require.True(t, ok)
	return os.DirFS(filepath.Join(filepath.Dir(file), "..", "testdata", "docs"))
}
