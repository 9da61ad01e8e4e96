package revise

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf16"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/qdabridge/qdabridge/internal/cli"
	"github.com/qdabridge/qdabridge/internal/schematest"
	"github.com/qdabridge/qdabridge/refi"
)

const interview = "I: How do you get to work?\nR: The 🚌 only comes twice a day, so I cycle.\nR: In winter I walk, it takes an hour."

var passages = []string{"The 🚌 only comes twice a day", "so I cycle", "In winter I walk"}

// project writes a project with one coded interview (and another source)
// to dir and returns its path.
func project(t *testing.T, dir string) string {
	t.Helper()
	doc := refi.New("revise")
	code := doc.Project.AddCode("transport")
	coder := doc.Project.AddUser("ana")
	src, err := doc.AddText("interview", interview)
	require.NoError(t, err)
	_, err = doc.AddText("other", "Something else entirely.")
	require.NoError(t, err)
	for _, p := range passages {
		sel, err := doc.SelectText(src, p)
		require.NoError(t, err)
		sel.AddCoding(code, coder)
	}
	path := filepath.Join(dir, "in.qdpx")
	_, err = (&refi.Writer{}).WriteFile(path, doc)
	require.NoError(t, err)
	return path
}

func write(t *testing.T, dir, name string, b []byte) string {
	t.Helper()
	p := filepath.Join(dir, name)
	require.NoError(t, os.WriteFile(p, b, 0o644))
	return p
}

func utf16LE(s string) []byte {
	b := []byte{0xFF, 0xFE}
	for _, u := range utf16.Encode([]rune(s)) {
		b = append(b, byte(u), byte(u>>8))
	}
	return b
}

func TestRevise(t *testing.T) {
	revised := "I: How do you get to work?\nR: The 🚌 only comes three times a day.\nR: In winter I walk, it takes an hour."
	tests := []struct {
		name   string
		text   []byte
		file   string
		extra  []string
		status int
		codes  []string // the coded passages of the output
		stderr []string
	}{
		{"utf-8 text", []byte(revised), "new.txt", nil, 0,
			[]string{"The 🚌 only comes three times a day", "In winter I walk"},
			[]string{"passages:  1 exact, 1 touched, 1 deleted", `touched:   "The 🚌 only comes twice a day" → "The 🚌 only comes three times a day"`, `deleted:   "so I cycle" (1 coding dropped)`, "wrote:"}},
		{"utf-16 text with a mark", utf16LE(revised), "new.txt", nil, 0,
			[]string{"The 🚌 only comes three times a day", "In winter I walk"}, []string{"1 touched"}},
		{"utf-8 with a mark, nothing changed", append([]byte("\uFEFF"), interview...), "new.txt", nil, 0,
			passages, []string{"3 exact, 0 touched, 0 deleted"}},
		{"another text refused", []byte("Nothing in common at all, not one word."), "new.txt", nil, 1,
			nil, []string{"is not a revision", "--force-low-similarity"}},
		{"another text forced", []byte("Nothing in common at all, not one word."), "new.txt", []string{"--force-low-similarity"}, 0,
			nil, []string{"wrote:"}},
		{"not UTF-8", []byte("caf\xe9"), "new.txt", nil, 1, nil, []string{"neither UTF-8 nor UTF-16"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			in := project(t, dir)
			txt := write(t, dir, tt.file, tt.text)
			out := filepath.Join(dir, "out.qdpx")
			var stdout, stderr bytes.Buffer
			args := append([]string{"--source", "interview", "--text", txt, "-o", out, in}, tt.extra...)
			status := cli.Execute(Command(), args, &stdout, &stderr)
			require.Equal(t, tt.status, status, stderr.String())
			for _, s := range tt.stderr {
				assert.Contains(t, stderr.String(), s)
			}
			if status != 0 {
				assert.NoFileExists(t, out)
				return
			}
			schematest.RequireValidQDPX(t, out)
			doc, err := refi.Open(out)
			require.NoError(t, err)
			defer doc.Close()
			src := doc.Project.Sources[0].(*refi.TextSource)
			var got []string
			for i := range src.Selections {
				s, err := doc.SelectionText(src, &src.Selections[i])
				require.NoError(t, err)
				require.Len(t, src.Selections[i].Codings, 1)
				got = append(got, s)
			}
			if tt.codes != nil {
				assert.Equal(t, tt.codes, got)
			}
			other, err := doc.Text(doc.Project.Sources[1].(*refi.TextSource))
			require.NoError(t, err)
			assert.Equal(t, "Something else entirely.", other.String())
		})
	}
}

func TestReviseJSON(t *testing.T) {
	dir := t.TempDir()
	in := project(t, dir)
	txt := write(t, dir, "new.txt", []byte("I: How do you get to work?\nR: The 🚌 only comes twice a day, so I cycle.\nR: In winter I walk, it takes an hour or so."))
	out := filepath.Join(dir, "out.qde")
	var stdout, stderr bytes.Buffer
	require.Equal(t, 0, cli.Execute(Command(), []string{"--json", "--source", "interview", "--text", txt, "-o", out, in}, &stdout, &stderr), stderr.String())
	var rep struct {
		Output   string `json:"output"`
		Revision struct {
			Exact, Touched, Deleted int
			Similarity              float64
			Changes                 []any
		} `json:"revision"`
	}
	require.NoError(t, json.Unmarshal(stdout.Bytes(), &rep), stdout.String())
	assert.Equal(t, out, rep.Output)
	assert.Equal(t, 3, rep.Revision.Exact)
	assert.Empty(t, rep.Revision.Changes)
	assert.Greater(t, rep.Revision.Similarity, 0.9)
}

func TestReviseUsage(t *testing.T) {
	dir := t.TempDir()
	in := project(t, dir)
	txt := write(t, dir, "new.txt", []byte(interview))
	exists := write(t, dir, "exists.qdpx", []byte("keep me"))
	tests := []struct {
		name   string
		args   []string
		status int
		msg    string
	}{
		{"no input", []string{"--source", "interview", "--text", txt, "-o", filepath.Join(dir, "o.qdpx")}, 2, "one project is needed"},
		{"no source", []string{"--text", txt, "-o", filepath.Join(dir, "o.qdpx"), in}, 2, "--source NAME is needed"},
		{"no text", []string{"--source", "interview", "-o", filepath.Join(dir, "o.qdpx"), in}, 2, "--text"},
		{"no output", []string{"--source", "interview", "--text", txt, in}, 2, "-o OUT is needed"},
		{"output of another format", []string{"--source", "interview", "--text", txt, "-o", filepath.Join(dir, "o.xlsx"), in}, 2, "name the output .qdpx or .qde"},
		{"unknown source", []string{"--source", "nobody", "--text", txt, "-o", filepath.Join(dir, "o.qdpx"), in}, 1, `no text source called "nobody"`},
		{"output is the input", []string{"--force", "--source", "interview", "--text", txt, "-o", in, in}, 1, "never written to"},
		{"output exists", []string{"--source", "interview", "--text", txt, "-o", exists, in}, 1, "exists"},
		{"missing text", []string{"--source", "interview", "--text", filepath.Join(dir, "none.txt"), "-o", filepath.Join(dir, "o.qdpx"), in}, 1, "none.txt"},
		{"missing input", []string{"--source", "interview", "--text", txt, "-o", filepath.Join(dir, "o.qdpx"), filepath.Join(dir, "none.qdpx")}, 1, "none.qdpx"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			assert.Equal(t, tt.status, cli.Execute(Command(), tt.args, &stdout, &stderr))
			assert.Contains(t, stderr.String(), tt.msg)
		})
	}
	b, err := os.ReadFile(exists)
	require.NoError(t, err)
	assert.Equal(t, "keep me", string(b), "an existing output is not replaced")
}

// TestReviseDocx revises a CR LF text with the text of a .docx, whose
// paragraphs end in LF.
func TestReviseDocx(t *testing.T) {
	dir := t.TempDir()
	doc := refi.New("docx")
	code := doc.Project.AddCode("c")
	src, err := doc.AddText("interview", "I: Hello?\r\nR: Hi there, I am well.\r\n")
	require.NoError(t, err)
	sel, err := doc.SelectText(src, "Hi there")
	require.NoError(t, err)
	sel.AddCoding(code, nil)
	in := filepath.Join(dir, "in.qdpx")
	_, err = (&refi.Writer{}).WriteFile(in, doc)
	require.NoError(t, err)
	docx := write(t, dir, "new.docx", docxOf(t, "I: Hello?", "R: Hi there, I am very well."))
	out := filepath.Join(dir, "out.qdpx")
	var stdout, stderr bytes.Buffer
	require.Equal(t, 0, cli.Execute(Command(), []string{"--source", "interview", "--text", docx, "-o", out, in}, &stdout, &stderr), stderr.String())
	assert.Contains(t, stderr.String(), "1 exact, 0 touched, 0 deleted")
	assert.Contains(t, stderr.String(), "made CR LF")
	schematest.RequireValidQDPX(t, out)
	back, err := refi.Open(out)
	require.NoError(t, err)
	defer back.Close()
	bsrc := back.Project.Sources[0].(*refi.TextSource)
	got, err := back.SelectionText(bsrc, &bsrc.Selections[0])
	require.NoError(t, err)
	assert.Equal(t, "Hi there", got)
	txt, err := back.Text(bsrc)
	require.NoError(t, err)
	assert.Contains(t, txt.String(), "I am very well.")
}

// docxOf returns a minimal .docx with one paragraph per string.
func docxOf(t *testing.T, paras ...string) []byte {
	t.Helper()
	var body strings.Builder
	for _, p := range paras {
		body.WriteString("<w:p><w:r><w:t>" + p + "</w:t></w:r></w:p>")
	}
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	files := map[string]string{
		"[Content_Types].xml": `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>`,
		"_rels/.rels":         `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>`,
		"word/document.xml":   `<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>` + body.String() + `</w:body></w:document>`,
	}
	for name, content := range files {
		f, err := zw.Create(name)
		require.NoError(t, err)
		_, err = f.Write([]byte(content))
		require.NoError(t, err)
	}
	require.NoError(t, zw.Close())
	return buf.Bytes()
}
