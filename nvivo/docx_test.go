package nvivo_test

import (
	"archive/zip"
	"bytes"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/qdabridge/qdabridge/nvivo"
)

// docxOf makes a .docx with one paragraph per argument.
func docxOf(paras ...string) []byte { return makeDocx(paras) }

func docxWith(t testing.TB, body string) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	w, err := zw.Create("word/document.xml")
	require.NoError(t, err)
	_, err = w.Write([]byte(`<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"><w:body>` + body + `</w:body></w:document>`))
	require.NoError(t, err)
	require.NoError(t, zw.Close())
	return buf.Bytes()
}

func TestDocxText(t *testing.T) {
	tests := []struct {
		name string
		body string
		want string
	}{
		{"paragraphs and runs", `<w:p><w:r><w:t>Hello</w:t></w:r><w:r><w:t xml:space="preserve"> world</w:t></w:r></w:p><w:p/><w:p><w:r><w:t>Bye</w:t></w:r></w:p>`, "Hello world\n\nBye"},
		{"tab and break", `<w:p><w:r><w:t>a</w:t><w:tab/><w:t>b</w:t><w:br/><w:t>c</w:t></w:r></w:p>`, "a\tb\nc"},
		{"deleted text and field codes", `<w:p><w:del><w:r><w:delText>gone</w:delText></w:r></w:del><w:r><w:instrText>PAGE</w:instrText><w:t>kept</w:t></w:r></w:p>`, "kept"},
		{"text box fallback", `<w:p><w:r><mc:AlternateContent><mc:Choice><w:t>box</w:t></mc:Choice><mc:Fallback><w:t>box</w:t></mc:Fallback></mc:AlternateContent></w:r></w:p>`, "box"},
		{"table cells", `<w:tbl><w:tr><w:tc><w:p><w:r><w:t>c1</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>c2</w:t></w:r></w:p></w:tc></w:tr></w:tbl>`, "c1\nc2"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := nvivo.DocxText(docxWith(t, tt.body))
			require.NoError(t, err)
			assert.Equal(t, tt.want, got)
		})
	}
	got, err := nvivo.DocxText(docxOf("Para one.", "", "Ünïcode & <stuff>"))
	require.NoError(t, err)
	assert.Equal(t, "Para one.\n\nÜnïcode & <stuff>", got)
}

func TestDocxTextErrors(t *testing.T) {
	for name, data := range map[string][]byte{
		"not a zip":   []byte("plain text"),
		"no document": func() []byte { var b bytes.Buffer; zw := zip.NewWriter(&b); zw.Close(); return b.Bytes() }(),
		"broken xml":  docxWith(t, `<w:p><w:r><w:t>open`),
	} {
		_, err := nvivo.DocxText(data)
		require.Error(t, err, name)
		assert.ErrorIs(t, err, nvivo.ErrBadDocument, name)
		assert.True(t, strings.HasPrefix(err.Error(), "nvivo: "), err.Error())
	}
}
