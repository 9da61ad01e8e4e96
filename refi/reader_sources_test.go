package refi

import (
	"bytes"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"testing"
	"testing/fstest"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// externalTexts are the texts of testdata/bare/external/project.qde when
// its sources are read from testdata/bare/external/docs, by source name;
// nil errors mean the text is read, otherwise the error it wraps.
var externalTexts = []struct {
	source string
	text   string
	err    error
}{
	{source: "relative", text: "one text\n"},
	{source: "relative, triple slash and folder", text: "six text\n"},
	{source: "absolute under basePath", text: "three text\n"},
	{source: "absolute, spec form, other case", text: "two text\n"},
	{source: "absolute elsewhere", text: "four text\n"},
	{source: "absolute, backslashes", text: "three text\n"},
	{source: "absolute under basePath, flat folder", text: "five text\n"},
	{source: "relative up", err: ErrInsecurePath},
	{source: "absolute host file", err: ErrNotFound}, // looked for as "passwd" in the folder only
	{source: "absolute climbing", text: "hosts in the folder\n"},
	{source: "internal", text: "seven text\n"},
	{source: "relative, other case", text: "one text\n"},
}

// sourceText returns the text of the source called name.
func sourceText(t *testing.T, doc *Document, name string) (string, error) {
	t.Helper()
	for _, s := range doc.Project.Sources {
		if ts, ok := s.(*TextSource); ok && ts.Name == name {
			txt, err := doc.Text(ts)
			if err != nil {
				return "", err
			}
			return txt.String(), nil
		}
	}
	t.Fatalf("no source %q", name)
	return "", nil
}

// TestSourcesFolder reads a bare .qde whose sources are relative:// and
// absolute:// paths (and one internal:// file), and gives it the folder
// of its source documents after reading (WithSources, as convert
// --sources does) or while reading (Reader.External): every text is read
// from that folder, and nothing from outside it.
func TestSourcesFolder(t *testing.T) {
	qde := filepath.Join("testdata", "bare", "external", "project.qde")
	docs := os.DirFS(filepath.Join("testdata", "bare", "external", "docs"))
	open := func(t *testing.T) *Document {
		doc, err := Open(qde)
		require.NoError(t, err)
		t.Cleanup(func() { doc.Close() })
		return doc
	}
	ways := []struct {
		name     string
		doc      func(t *testing.T) *Document
		internal bool // internal:// files are read from the folder too
	}{
		{name: "Open, then WithSources", doc: func(t *testing.T) *Document { return open(t).WithSources(docs) }, internal: true},
		{name: "ReadQDE, then WithSources", doc: func(t *testing.T) *Document {
			b, err := os.ReadFile(qde)
			require.NoError(t, err)
			doc, err := ReadQDE(bytes.NewReader(b))
			require.NoError(t, err)
			return doc.WithSources(docs)
		}, internal: true},
		{name: "Reader.External", doc: func(t *testing.T) *Document {
			doc, err := (&Reader{External: docs}).Open(qde)
			require.NoError(t, err)
			t.Cleanup(func() { doc.Close() })
			return doc
		}},
		{name: "NewDocument", doc: func(t *testing.T) *Document { return NewDocument(open(t).Project, docs) }, internal: true},
	}
	for _, way := range ways {
		for _, tt := range externalTexts {
			t.Run(way.name+"/"+tt.source, func(t *testing.T) {
				doc := way.doc(t)
				got, err := sourceText(t, doc, tt.source)
				want, wantErr := tt.text, tt.err
				if tt.source == "internal" && !way.internal {
					want, wantErr = "", ErrNotFound // internal files are looked for beside the .qde
				}
				if wantErr != nil {
					require.ErrorIs(t, err, wantErr)
					return
				}
				require.NoError(t, err)
				assert.Equal(t, want, got)
			})
		}
	}

	// the selection's passage, as excerpts give it
	doc := open(t).WithSources(docs)
	ts := doc.Project.Sources[0].(*TextSource)
	passage, err := doc.SelectionText(ts, &ts.Selections[0])
	require.NoError(t, err)
	assert.Equal(t, "one", passage)

	// without the folder, nothing outside the archive is read
	bare := open(t)
	for _, name := range []string{"relative", "absolute elsewhere"} {
		_, err := sourceText(t, bare, name)
		assert.Error(t, err, name)
	}
}

// TestConfineAbsolute: an absolute:// path is mapped to a name inside the
// folder of the sources, never above it.
func TestConfineAbsolute(t *testing.T) {
	tests := []struct {
		abs, base      string
		name, fallback string
	}{
		{abs: "/C:/PROJECT/Sources/Group Interview.mp4", base: "C:/PROJECT/Sources", name: "Group Interview.mp4"},
		{abs: "/C:/PROJECT/Sources/AR/John.mp4", base: "C:/PROJECT/Sources/", name: "AR/John.mp4", fallback: "John.mp4"},
		{abs: "C:/Users/x/Documents/one.txt", base: "", name: "one.txt"},
		{abs: `C:\Users\x\Documents\sub\one.txt`, base: `C:\Users\x\Documents`, name: "sub/one.txt", fallback: "one.txt"},
		{abs: "/home/u/p/a//b/one.txt", base: "/home/u/p", name: "a/b/one.txt", fallback: "one.txt"},
		{abs: "//server/share/p/one.txt", base: "//SERVER/share/p", name: "one.txt"},
		{abs: "/C:/PROJECT/SourcesX/one.txt", base: "C:/PROJECT/Sources", name: "one.txt"},
		{abs: "/C:/PROJECT/Sources/../../etc/passwd", base: "C:/PROJECT/Sources", name: "passwd"},
		{abs: "/etc/..", base: "", name: ""},
		{abs: "/", base: "", name: ""},
		{abs: "", base: "", name: ""},
		{abs: "C:", base: "", name: ""},
	}
	for _, tt := range tests {
		t.Run(tt.abs, func(t *testing.T) {
			name, fallback := confineAbsolute(tt.abs, tt.base)
			assert.Equal(t, tt.name, name)
			assert.Equal(t, tt.fallback, fallback)
			for _, n := range []string{name, fallback} {
				if n != "" {
					assert.True(t, fs.ValidPath(n) && insecureName(n) == "", "%q stays in the folder", n)
				}
			}
		})
	}
}

// missingPaths returns "path@attr" of every missing-source-file warning
// that names a file, sorted.
func missingPaths(ws []Warning) []string {
	var out []string
	for _, w := range ws {
		if w.Code == WarnMissingSource && w.Attr != "" {
			out = append(out, w.Path+"@"+w.Attr)
		}
	}
	sort.Strings(out)
	return out
}

// TestBareQDEMissingFiles: a .qde read from disk looks for its internal://
// files in its folder as an archive holds them (sources/, the folder
// itself, names in another case) and warns about those that are missing,
// as the same project zipped into a .qdpx does; a .qde read from an
// io.Reader has no folder and does not warn, but MissingSources says what
// it cannot read.
func TestBareQDEMissingFiles(t *testing.T) {
	dir := filepath.Join("testdata", "bare", "internal")
	want := []string{
		"/Project/Sources/PictureSource[5]@path",
		"/Project/Sources/TextSource[2]@plainTextPath",
		"/Project/Sources/TextSource[2]@richTextPath",
	}
	opened, err := Open(filepath.Join(dir, "project.qde"))
	require.NoError(t, err)
	defer opened.Close()
	zipped := readQDPXBytes(t, zipDir(t, dir))
	b, err := os.ReadFile(filepath.Join(dir, "project.qde"))
	require.NoError(t, err)
	streamed, err := ReadQDE(bytes.NewReader(b))
	require.NoError(t, err)

	tests := []struct {
		name         string
		doc          *Document
		warned       []string
		missing      []string
		readable     []string
		notReadable  []string
		warningsFile string
	}{
		{name: "Open", doc: opened, warned: want, missing: want, readable: []string{"in sources", "beside the document", "other case"}, notReadable: []string{"missing"}},
		{name: "zipped", doc: zipped, warned: want, missing: want, readable: []string{"in sources", "beside the document", "other case"}, notReadable: []string{"missing"}},
		{name: "ReadQDE", doc: streamed, warned: nil, missing: []string{
			"/Project/Sources/PictureSource[5]@path",
			"/Project/Sources/TextSource[1]@plainTextPath",
			"/Project/Sources/TextSource[2]@plainTextPath",
			"/Project/Sources/TextSource[2]@richTextPath",
			"/Project/Sources/TextSource[3]@plainTextPath",
			"/Project/Sources/TextSource[4]@plainTextPath",
		}, notReadable: []string{"in sources", "missing"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.warned, missingPaths(tt.doc.Warnings), "%v", tt.doc.Warnings)
			missing := tt.doc.MissingSources()
			assert.Equal(t, tt.missing, missingPaths(missing))
			for _, w := range missing {
				assert.NotEmpty(t, w.GUID)
				assert.Equal(t, "project.qde", w.File)
			}
			for _, name := range tt.readable {
				_, err := sourceText(t, tt.doc, name)
				assert.NoError(t, err, name)
			}
			for _, name := range tt.notReadable {
				_, err := sourceText(t, tt.doc, name)
				assert.ErrorIs(t, err, ErrNotFound, name)
			}
		})
	}
}

// TestWithSourcesChecksFiles: WithSources checks the project's files
// against the folder it is given, replacing what the first read said about
// them: a file the folder lacks is a missing-source-file warning (with its
// element path, GUID and attribute), one it has is not, and the other
// warnings stay.
func TestWithSourcesChecksFiles(t *testing.T) {
	doc, err := Open(filepath.Join("testdata", "bare", "internal", "project.qde"))
	require.NoError(t, err)
	defer doc.Close()
	require.Len(t, missingPaths(doc.Warnings), 3)

	full := fstest.MapFS{
		"sources/a.txt": {Data: []byte("a")}, "sources/b.txt": {Data: []byte("b")}, "B.DOCX": {Data: []byte("docx")},
		"c.txt": {Data: []byte("c")}, "sources/d.txt": {Data: []byte("d")}, "sources/e.png": {Data: []byte("png")},
	}
	lacking := fstest.MapFS{"sources/a.txt": {Data: []byte("a")}}
	tests := []struct {
		name    string
		fsys    fs.FS
		missing []string
	}{
		{name: "every file", fsys: full},
		{name: "one file", fsys: lacking, missing: []string{
			"/Project/Sources/PictureSource[5]@path",
			"/Project/Sources/TextSource[2]@plainTextPath",
			"/Project/Sources/TextSource[2]@richTextPath",
			"/Project/Sources/TextSource[3]@plainTextPath",
			"/Project/Sources/TextSource[4]@plainTextPath",
		}},
		{name: "no folder", fsys: fstest.MapFS{}, missing: []string{
			"/Project/Sources/PictureSource[5]@path",
			"/Project/Sources/TextSource[1]@plainTextPath",
			"/Project/Sources/TextSource[2]@plainTextPath",
			"/Project/Sources/TextSource[2]@richTextPath",
			"/Project/Sources/TextSource[3]@plainTextPath",
			"/Project/Sources/TextSource[4]@plainTextPath",
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := doc.WithSources(tt.fsys)
			assert.Equal(t, tt.missing, missingPaths(c.Warnings), "%v", c.Warnings)
			assert.Equal(t, tt.missing, missingPaths(c.MissingSources()))
			for _, w := range c.Warnings {
				if w.Code == WarnMissingSource {
					assert.Contains(t, w.Message, "the folder")
					assert.NotEmpty(t, w.GUID)
				}
			}
			assert.Len(t, missingPaths(doc.Warnings), 3, "the document WithSources was called on is unchanged")
			rc, err := c.OpenSource("internal://a.txt")
			if tt.name == "no folder" {
				assert.ErrorIs(t, err, ErrNotFound)
				return
			}
			require.NoError(t, err)
			data, _ := io.ReadAll(rc)
			rc.Close()
			assert.Equal(t, "a", string(data))
		})
	}

	// warnings about something else than the files stay
	ext, err := Open(filepath.Join("testdata", "bare", "external", "project.qde"))
	require.NoError(t, err)
	defer ext.Close()
	c := ext.WithSources(os.DirFS(filepath.Join("testdata", "bare", "external", "docs")))
	assert.Equal(t, []string{"/Project/Sources/TextSource[9]@plainTextPath"}, missingPaths(c.Warnings),
		"absolute:///etc/passwd is looked for as passwd in the folder, which has none")
	var insecure int
	for _, w := range c.Warnings {
		if w.Code == WarnInsecurePath {
			insecure++
			assert.Equal(t, "/Project/Sources/TextSource[8]", w.Path)
		}
	}
	assert.Equal(t, 1, insecure, "relative://../secret.txt")
	assert.Contains(t, warningCodes(c.Warnings), WarnSourcePath, "how absolute:// paths were looked up is said")
}
