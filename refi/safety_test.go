package refi

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestSafeSourcePath(t *testing.T) {
	tests := []struct {
		path    string
		safe    bool
		scheme  string
		ext     string
		because string
	}{
		{path: "internal://a.txt", safe: true},
		{path: "internal://sources/a.txt", safe: true},
		{path: "relative://audio/P01.m4a", safe: true},
		{path: "absolute:///etc/passwd", safe: true}, // outside by design; never read
		{path: "a.txt", safe: true},
		{path: "", safe: true},
		{path: "internal://../../etc/passwd", scheme: "internal://", because: "parent directory (..)"},
		{path: "internal:///etc/passwd", scheme: "internal://", because: "absolute path"},
		{path: "internal://C:/Windows/win.ini", scheme: "internal://", ext: ".ini", because: "drive letter"},
		{path: `internal://..\..\secret.txt`, scheme: "internal://", ext: ".txt", because: "backslash"},
		{path: "internal://a\x00.txt", scheme: "internal://", ext: ".txt", because: "NUL character"},
		{path: "RELATIVE://../x.mp3", scheme: "relative://", ext: ".mp3", because: "parent directory (..)"},
		{path: "../x.txt", scheme: "internal://", ext: ".txt", because: "parent directory (..)"},
		{path: "internal://../x.t/x", scheme: "internal://", because: "parent directory (..)"},
		{path: "internal://../x.<script>", scheme: "internal://", because: "parent directory (..)"},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			got, why := safeSourcePath(tt.path)
			if tt.safe {
				assert.Empty(t, why)
				assert.Equal(t, tt.path, got)
				return
			}
			assert.Equal(t, tt.because, why)
			assert.True(t, strings.HasPrefix(got, tt.scheme), got)
			assert.Equal(t, tt.ext, filepath.Ext(got))
			again, why := safeSourcePath(got)
			assert.Empty(t, why, "the replacement is safe")
			assert.Equal(t, got, again)
			assert.True(t, safeEntryName("sources/"+strings.TrimPrefix(strings.TrimPrefix(got, "internal://"), "relative://")))
		})
	}
}

// TestWriteEntryNames writes projects whose files have odd names, from a
// folder and from an archive, and checks that every entry written is a
// clean relative path.
func TestWriteEntryNames(t *testing.T) {
	p := &Project{Name: "odd names"}
	for i, path := range []string{"internal://./dot.txt", "internal://a//double.txt", "internal://fine.txt", "internal://../up.txt"} {
		p.Sources = append(p.Sources, &TextSource{SourceBase: SourceBase{GUID: GUID(hg(i + 1)), Name: path}, PlainTextPath: path})
	}
	fsys := fstest.MapFS{
		"sources/fine.txt": {Data: []byte("fine")},
		"sources/dot.txt":  {Data: []byte("dot")},
		"up.txt":           {Data: []byte("up")},
	}
	var out bytes.Buffer
	w := &Writer{}
	rep := writeDoc(t, w, &out, NewDocument(p, fsys), FormatQDPX)
	names := zipNames(t, out.Bytes())
	assert.Equal(t, []string{"project.qde", "sources/fine.txt"}, names)
	for _, n := range names {
		assert.True(t, safeEntryName(n), n)
	}
	assert.Contains(t, changeCodes(rep.Changes), ChangeUnsafePath)

	// and from the archive just written, as a Document
	doc := readQDPXBytes(t, out.Bytes())
	var again bytes.Buffer
	writeDoc(t, &Writer{}, &again, doc, FormatQDPX)
	assert.Equal(t, names, zipNames(t, again.Bytes()))

	// a .qde is written as held: its paths are data, resolved by whoever
	// reads it (this package never resolves an unsafe one)
	var qde bytes.Buffer
	writeDoc(t, &Writer{}, &qde, NewDocument(p, nil), FormatQDE)
	assert.Contains(t, qde.String(), `plainTextPath="internal://../up.txt"`)
}

// TestWriterNeverTruncates converts a text larger than the writer's text
// size limit: the write fails and leaves nothing, instead of writing a cut
// text.
func TestWriterNeverTruncates(t *testing.T) {
	text := strings.Repeat("word ", 1000) + "\r\n"
	p := &Project{Name: "big text", Sources: []Source{&TextSource{SourceBase: SourceBase{GUID: GUID(hg(1)), Name: "t"},
		PlainTextPath: "internal://t.txt", Selections: []TextSelection{{SelectionBase: SelectionBase{GUID: GUID(hg(2))}, Start: 0, End: 4}}}}}
	fsys := fstest.MapFS{"sources/t.txt": {Data: []byte(text)}}
	prof, err := LookupProfile("atlasti")
	require.NoError(t, err)
	tests := []struct {
		name  string
		limit int64
		fails bool
	}{
		{name: "within the limit", limit: 1 << 20},
		{name: "over the limit", limit: 1000, fails: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			path := filepath.Join(dir, "out.qdpx")
			w := &Writer{Profile: prof, Limits: Limits{MaxTextSize: tt.limit}}
			_, err := w.WriteFile(path, NewDocument(p, fsys))
			if !tt.fails {
				require.NoError(t, err)
				doc, err := Open(path)
				require.NoError(t, err)
				defer doc.Close()
				txt, err := doc.Text(doc.Project.Sources[0].(*TextSource))
				require.NoError(t, err)
				assert.Equal(t, strings.ReplaceAll(text, "\r\n", "\n"), txt.String())
				return
			}
			require.Error(t, err)
			assert.ErrorIs(t, err, ErrLimit)
			assert.NoFileExists(t, path)
			entries, err := os.ReadDir(dir)
			require.NoError(t, err)
			assert.Empty(t, entries, "no temporary file left behind")
		})
	}
}

// TestLineBreakSplit converts a selection that ends between the CR and the
// LF of a line break to a profile that writes one-character line breaks:
// the loss is reported.
func TestLineBreakSplit(t *testing.T) {
	qde, err := os.ReadFile("testdata/qde/full.qde")
	require.NoError(t, err)
	data := packProject(t, qde, []byte("Short text.\r\nA second line.\n"))
	doc := readQDPXBytes(t, data)
	prof, err := LookupProfile("atlasti")
	require.NoError(t, err)
	w := &Writer{Profile: prof}
	rt, err := (&RoundTripChecker{Writer: w}).Check(doc)
	require.NoError(t, err)
	var split *Change
	for i, c := range rt.Changes {
		if c.Code == ChangeLineBreakSplit {
			split = &rt.Changes[i]
		}
	}
	require.NotNil(t, split, "%v", rt.Changes)
	assert.Equal(t, 1, split.Count)
	assert.Equal(t, "lost", split.Code.Effect())
	assert.Equal(t, []string{`selection 00000000-0000-4000-8000-00000000d101: passage "t text.\n" became "t text."`}, rt.Differences)
}

// TestWriteThroughSymlink writes to an output path that is a symbolic link
// to a file elsewhere: the link is replaced by the new file and the file it
// pointed to is left alone, so nothing is written outside the chosen path.
func TestWriteThroughSymlink(t *testing.T) {
	dir := t.TempDir()
	outside := filepath.Join(t.TempDir(), "precious.txt")
	require.NoError(t, os.WriteFile(outside, []byte("precious"), 0o644))
	link := filepath.Join(dir, "out.qdpx")
	if err := os.Symlink(outside, link); err != nil {
		t.Skipf("symbolic links not supported: %v", err)
	}
	doc := readQDPXBytes(t, zipDir(t, "testdata/qdpx/nvivo-windows"))
	_, err := (&Writer{}).WriteFile(link, doc)
	require.NoError(t, err)
	b, err := os.ReadFile(outside)
	require.NoError(t, err)
	assert.Equal(t, "precious", string(b))
	st, err := os.Lstat(link)
	require.NoError(t, err)
	assert.True(t, st.Mode().IsRegular())
}

// TestYearZero: XSD 1.0 has no year 0000, so a date or date-time in year 0
// is not a valid value: the reader keeps it as an extension with a warning,
// the writer leaves it out of a value element (and says so), and what it
// writes validates. Found by nvivo's FuzzReadClassification, through a
// classification sheet date of 1/1/0000.
func TestYearZero(t *testing.T) {
	const variable = GUID("0a0a0a0a-0000-4000-8000-000000000001")
	tests := []struct {
		typ   VariableType
		value string
	}{
		{VarDate, "0000-01-01"},
		{VarDate, "-0000-01-01"},
		{VarDateTime, "0000-01-01T00:00:00Z"},
		{VarDateTime, "-0000-12-31T23:59:59"},
	}
	for _, tt := range tests {
		t.Run(tt.value, func(t *testing.T) {
			p := &Project{Name: "x", Variables: []*Variable{{GUID: variable, Name: "d", Type: tt.typ}},
				Cases: []*Case{{GUID: GUID(hg(2)), Name: "c", Values: []VariableValue{{Variable: variable, Type: tt.typ, Value: tt.value}}}}}
			var out bytes.Buffer
			w := &Writer{}
			rep := writeDoc(t, w, &out, NewDocument(p, nil), FormatQDE)
			assert.NoError(t, ValidateProjectXML(bytes.NewReader(out.Bytes())))
			assert.Contains(t, changeCodes(rep.Changes), ChangeValueDropped)

			qde := `<Project xmlns="urn:QDA-XML:project:1.0" name="x"><Variables><Variable guid="` + string(variable) + `" name="d" typeOfVariable="` + string(tt.typ) +
				`"/></Variables><Cases><Case guid="` + hg(2) + `" name="c"><VariableValue><VariableRef targetGUID="` + string(variable) + `"/><` +
				string(tt.typ) + `Value>` + tt.value + `</` + string(tt.typ) + `Value></VariableValue></Case></Cases></Project>`
			doc, err := ReadQDE(strings.NewReader(qde))
			require.NoError(t, err)
			assert.Contains(t, warningCodes(doc.Warnings), WarnInvalidValue)
			out.Reset()
			writeDoc(t, &Writer{}, &out, NewDocument(doc.Project, nil), FormatQDE)
			assert.NoError(t, ValidateProjectXML(bytes.NewReader(out.Bytes())))
			again, err := ReadQDE(bytes.NewReader(out.Bytes()))
			require.NoError(t, err)
			assert.Empty(t, Diff(doc.Project, again.Project))
		})
	}
}

// TestOpenQDESymlinkOut opens a .qde in an unpacked project folder whose
// sources/ holds a symbolic link to a file outside the folder: the file is
// not read, and a .qdpx written from the project does not carry it away.
func TestOpenQDESymlinkOut(t *testing.T) {
	secret := filepath.Join(t.TempDir(), "id_rsa")
	require.NoError(t, os.WriteFile(secret, []byte("PRIVATE KEY"), 0o600))
	dir := t.TempDir()
	require.NoError(t, os.MkdirAll(filepath.Join(dir, "sources"), 0o755))
	if err := os.Symlink(secret, filepath.Join(dir, "sources", "interview.txt")); err != nil {
		t.Skipf("symbolic links not supported: %v", err)
	}
	require.NoError(t, os.WriteFile(filepath.Join(dir, "sources", "fine.txt"), []byte("fine"), 0o644))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "project.qde"), []byte(hostileProject("<Sources>\n"+
		textSource(1, "internal://interview.txt", "", [2]int64{0, 3})+textSource(2, "internal://fine.txt", "", [2]int64{0, 4})+"</Sources>\n")), 0o644))
	doc, err := Open(filepath.Join(dir, "project.qde"))
	require.NoError(t, err)
	defer doc.Close()
	_, err = doc.Text(doc.Project.Sources[0].(*TextSource))
	assert.ErrorIs(t, err, ErrNotFound)
	txt, err := doc.Text(doc.Project.Sources[1].(*TextSource))
	require.NoError(t, err)
	assert.Equal(t, "fine", txt.String())
	var out bytes.Buffer
	writeDoc(t, &Writer{}, &out, doc, FormatQDPX)
	assert.NotContains(t, out.String(), "PRIVATE KEY")
	assert.Equal(t, []string{"project.qde", "sources/fine.txt"}, zipNames(t, out.Bytes()))
	require.NoError(t, doc.Close())
}

// TestAuditTimeOutOfRange: an audit time outside the years 1 to 9999 (a
// year-0 date from a spreadsheet export, say) is left out of what is
// written, and said, so that the file validates. Found by nvivo's
// FuzzReadTable.
func TestAuditTimeOutOfRange(t *testing.T) {
	for _, when := range []time.Time{
		time.Date(0, 1, 1, 0, 0, 0, 0, time.UTC),
		time.Date(-5, 6, 1, 0, 0, 0, 0, time.UTC),
		time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC),
	} {
		t.Run(when.String(), func(t *testing.T) {
			p := &Project{Name: "x", Sources: []Source{&TextSource{SourceBase: SourceBase{GUID: GUID(hg(3)), Name: "s",
				Audit: Audit{Modified: when, Created: time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC)}}, PlainTextContent: "t"}}}
			var out bytes.Buffer
			w := &Writer{}
			rep := writeDoc(t, w, &out, NewDocument(p, nil), FormatQDE)
			assert.NoError(t, ValidateProjectXML(bytes.NewReader(out.Bytes())))
			assert.NotContains(t, out.String(), "modifiedDateTime")
			assert.Contains(t, out.String(), `creationDateTime="2024-01-02T03:04:05Z"`)
			assert.Contains(t, changeCodes(rep.Changes), ChangeValueDropped)
		})
	}
}
