package refi

import (
	"archive/zip"
	"bytes"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestWriteGolden writes every fixture and compares with its golden file
// (go test -update rewrites them). A valid, canonical input comes back
// byte for byte.
func TestWriteGolden(t *testing.T) {
	files, err := filepath.Glob("testdata/qde/*.qde")
	require.NoError(t, err)
	qdcs, err := filepath.Glob("testdata/qdc/*.qdc")
	require.NoError(t, err)
	files = append(files, qdcs...)
	require.NotEmpty(t, files)
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			b, err := os.ReadFile(f)
			require.NoError(t, err)
			var out bytes.Buffer
			var w Writer
			if strings.HasSuffix(f, ".qdc") {
				doc, err := ReadQDC(bytes.NewReader(b))
				require.NoError(t, err)
				writeDoc(t, &w, &out, doc, FormatQDC)
			} else {
				doc, err := ReadQDE(bytes.NewReader(b))
				require.NoError(t, err)
				writeDoc(t, &w, &out, NewDocument(doc.Project, nil), FormatQDE)
			}
			golden := filepath.Join("testdata/golden", filepath.Base(f))
			if *update {
				require.NoError(t, os.WriteFile(golden, out.Bytes(), 0o644))
			}
			want, err := os.ReadFile(golden)
			require.NoError(t, err, "run go test -update to create the golden file")
			assert.Equal(t, string(want), out.String())
		})
	}
	for _, canonical := range []string{"qde/full.qde", "qdc/full.qdc"} {
		in, err := os.ReadFile(filepath.Join("testdata", canonical))
		require.NoError(t, err)
		out, err := os.ReadFile(filepath.Join("testdata/golden", filepath.Base(canonical)))
		require.NoError(t, err)
		assert.Equal(t, string(in), string(out), "%s is valid and canonical: written unchanged", canonical)
	}
}

// dataWarning lists the warnings about the data itself, which writing
// cannot and must not repair.
var dataWarning = map[WarningCode]bool{
	WarnDanglingRef: true, WarnDuplicateGUID: true, WarnSelectionRange: true, WarnCaseCode: true,
	WarnDocumentVariables: true, WarnGUIDForm: true, WarnMissingSource: true, WarnPositionUnit: true,
	WarnInsecurePath: true, WarnSourcePath: true, WarnTextEncoding: true,
	// a date and time without a zone is valid, and kept as it was
	WarnTimezone: true,
}

// TestRoundTrip reads, writes and reads again every fixture, and checks the
// two projects are equal and the written file is valid against the schema.
func TestRoundTrip(t *testing.T) {
	files, err := filepath.Glob("testdata/qde/*.qde")
	require.NoError(t, err)
	lossy := map[string][]string{
		// transparency cannot be written; this package keeps the original
		// colour in an instruction, so there is no loss here
	}
	validated := 0
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			doc := readQDEFile(t, f)
			var out bytes.Buffer
			var w Writer
			writeDoc(t, &w, &out, NewDocument(doc.Project, nil), FormatQDE)
			again, err := ReadQDE(bytes.NewReader(out.Bytes()))
			require.NoError(t, err)
			assert.Empty(t, Diff(doc.Project, again.Project), lossy[filepath.Base(f)])
			// a written file has none of the format quirks of its input;
			// only what is wrong with the data itself remains
			before := map[WarningCode]bool{}
			for _, w := range doc.Warnings {
				before[w.Code] = true
			}
			for _, w := range again.Warnings {
				assert.True(t, dataWarning[w.Code], "format warning on the written file: %s", w)
				assert.True(t, before[w.Code], "new warning on the written file: %s", w)
			}
			if assertValid(t, out.Bytes(), "Project.xsd") {
				validated++
			}
			// writing again gives the same bytes
			var out2 bytes.Buffer
			writeDoc(t, &Writer{}, &out2, NewDocument(again.Project, nil), FormatQDE)
			assert.Equal(t, out.String(), out2.String(), "stable")
		})
	}
	if validated == 0 {
		t.Log("xmllint not installed: written files were not checked against the XSD here")
	}
}

func TestRoundTripQDPX(t *testing.T) {
	dirs, err := filepath.Glob("testdata/qdpx/*")
	require.NoError(t, err)
	for _, dir := range dirs {
		if st, _ := os.Stat(dir); !st.IsDir() || filepath.Base(dir) == "no-project" {
			continue
		}
		t.Run(filepath.Base(dir), func(t *testing.T) {
			in := zipDir(t, dir)
			doc := readQDPXBytes(t, in)
			var out bytes.Buffer
			w := &Writer{}
			writeDoc(t, w, &out, doc, FormatQDPX)
			again := readQDPXBytes(t, out.Bytes())
			assert.Empty(t, withoutSafePaths(Diff(doc.Project, again.Project)))
			assert.Equal(t, doc.Project.Positions, again.Project.Positions)
			assert.Equal(t, selectionTexts(t, doc), selectionTexts(t, again))
			// every source file byte for byte
			assertSameFiles(t, doc, again)
			// deterministic
			var out2 bytes.Buffer
			writeDoc(t, &Writer{}, &out2, doc, FormatQDPX)
			assert.Equal(t, out.Bytes(), out2.Bytes())
			// the project file is called project.qde and sources are in sources/
			zr, err := zip.NewReader(bytes.NewReader(out.Bytes()), int64(out.Len()))
			require.NoError(t, err)
			assert.Equal(t, "project.qde", zr.File[0].Name)
			for _, f := range zr.File[1:] {
				assert.True(t, strings.HasPrefix(f.Name, "sources/") || !strings.Contains(f.Name, "/"), f.Name)
				assert.True(t, f.Modified.Equal(zipTime) || f.Modified.IsZero() || f.ModTime().Equal(zipTime), f.Name)
			}
			qde, err := fs.ReadFile(again, "project.qde")
			require.NoError(t, err)
			assertValid(t, qde, "Project.xsd")
		})
	}
}

// withoutSafePaths leaves out the differences the writer makes on purpose
// in an archive: unsafe source paths replaced and empty GUIDs given one.
func withoutSafePaths(diffs []Difference) []Difference {
	var out []Difference
	for _, d := range diffs {
		if strings.HasSuffix(d.Path, "Path") {
			if safe, why := safeSourcePath(d.A); why != "" && safe == d.B {
				continue
			}
		}
		if strings.HasSuffix(d.Path, ".GUID") && strings.TrimSpace(d.A) == "" && GUID(d.B).Valid() {
			continue // an empty GUID given one by the writer
		}
		out = append(out, d)
	}
	return out
}

// assertSameFiles checks that every file a project names is byte-identical
// in both documents.
func assertSameFiles(t *testing.T, a, b *Document) {
	t.Helper()
	eachTextPath(a.Project, func(_ string, _ GUID, _ string, pth string) {
		if pth == "" {
			return
		}
		ra, errA := a.OpenSource(pth)
		rb, errB := b.OpenSource(pth)
		if errA != nil {
			assert.Error(t, errB, "%s missing in the input but present in the output", pth)
			return
		}
		require.NoError(t, errB, pth)
		x, err := io.ReadAll(ra)
		require.NoError(t, err)
		y, err := io.ReadAll(rb)
		require.NoError(t, err)
		ra.Close()
		rb.Close()
		assert.Equal(t, x, y, pth)
	})
}

func TestWriterChanges(t *testing.T) {
	doc := readQDEFile(t, "testdata/qde/colours.qde")
	var w Writer
	var out bytes.Buffer
	rep := writeDoc(t, &w, &out, NewDocument(doc.Project, nil), FormatQDE)
	var codes []ChangeCode
	for _, c := range rep.Changes {
		codes = append(codes, c.Code)
		assert.Equal(t, "Code", c.Element)
		assert.NotEmpty(t, c.GUID)
	}
	assert.Equal(t, []ChangeCode{ChangeColor, ChangeTransparency, ChangeTransparency, ChangeColorDropped}, codes)
	assert.Contains(t, out.String(), `color="#F00082"`)
	assert.NotContains(t, out.String(), `color="rgb`)
	assertValid(t, out.Bytes(), "Project.xsd")

	// identifiers that are not GUIDs
	doc = readQDEFile(t, "testdata/qde/nonguid-ids.qde")
	out.Reset()
	rep = writeDoc(t, &w, &out, NewDocument(doc.Project, nil), FormatQDE)
	assert.Len(t, rep.Changes, 6)
	assert.Contains(t, out.String(), `guid="`+string(guidFor("c001"))+`"`)
	assert.Contains(t, out.String(), `<CodeRef targetGUID="`+string(guidFor("c21"))+`"/>`, "references are replaced the same way")
	assert.Contains(t, out.String(), "<?qdabridge-ids ")
	assertValid(t, out.Bytes(), "Project.xsd")
	again, err := ReadQDE(bytes.NewReader(out.Bytes()))
	require.NoError(t, err)
	assert.Equal(t, GUID("c001"), again.Project.Codes[0].GUID, "restored by this package's reader")
	assert.Empty(t, warningCodes(again.Warnings))

	// a model built in Go with problems the writer must repair
	p := &Project{Name: "built", Codes: []*Code{{GUID: "not-a-guid", Name: "bell\x07", IsCodable: true}},
		Variables: []*Variable{{GUID: NewGUID(), Name: "v", Type: "Number"}},
		Cases: []*Case{{GUID: NewGUID(), Values: []VariableValue{
			{Variable: "x", Type: VarFloat, Value: "2.5e2"},
			{Variable: "x", Type: VarInteger, Value: "many"},
		}}},
		Links: []*Link{{GUID: NewGUID(), Direction: "Sideways"}},
	}
	out.Reset()
	rep = writeDoc(t, &w, &out, NewDocument(p, nil), FormatQDE)
	codes = nil
	for _, c := range rep.Changes {
		codes = append(codes, c.Code)
	}
	assert.ElementsMatch(t, []ChangeCode{ChangeGUID, ChangeGUID, ChangeValueConverted, ChangeValueConverted, ChangeValueDropped, ChangeEnumDropped, ChangeInvalidChar}, codes)
	assert.Contains(t, out.String(), "<FloatValue>250</FloatValue>")
	assert.Contains(t, out.String(), `name="bell`+"\uFFFD"+`"`)
	assertValid(t, out.Bytes(), "Project.xsd")
}

func TestWriteCodebookFromProject(t *testing.T) {
	doc := readQDEFile(t, "testdata/qde/full.qde")
	var w Writer
	var out bytes.Buffer
	rep := writeDoc(t, &w, &out, doc, FormatQDC)
	assertValid(t, out.Bytes(), "Codebook.xsd")
	cb, err := ReadQDC(bytes.NewReader(out.Bytes()))
	require.NoError(t, err)
	assert.Len(t, cb.Project.Codes, 2)
	require.Len(t, cb.Project.Sets, 1)
	assert.Equal(t, []GUID{"00000000-0000-4000-8000-00000000c001"}, cb.Project.Sets[0].MemberCodes)
	assert.Contains(t, out.String(), `<MemberCode guid="00000000-0000-4000-8000-00000000c001"/>`)
	var drops int
	for _, c := range rep.Changes {
		if c.Code == ChangeCodebookDrops {
			drops++
		}
	}
	assert.Equal(t, 1, drops, "the code's note is reported as left out: %v", rep.Changes)

	// an empty codebook still validates
	out.Reset()
	rep = writeDoc(t, &w, &out, &Document{Format: FormatQDC, Project: &Project{}}, FormatQDC)
	assertValid(t, out.Bytes(), "Codebook.xsd")
	assert.Equal(t, ChangeEmptyCodebook, rep.Changes[0].Code)
}

func TestInlineExtensions(t *testing.T) {
	doc := readQDEFile(t, "testdata/qde/extensions.qde")
	var out bytes.Buffer
	w := &Writer{InlineExtensions: true}
	rep := writeDoc(t, w, &out, NewDocument(doc.Project, nil), FormatQDE)
	s := out.String()
	assert.Contains(t, s, `xmlns:oq="https://openqda.org/ns/1" oq:projectId="42"`)
	assert.Contains(t, s, `email="alex@example.org"`)
	assert.Contains(t, s, `<oq:Meta kind="tag" xmlns:oq="https://openqda.org/ns/1">keep <oq:b>me</oq:b> &amp; this</oq:Meta>`)
	assert.Contains(t, s, `<NoteRef targetGUID="0f0f0f0f-0000-4000-8000-000000000005" xmlns:oq="https://openqda.org/ns/1" oq:weight="2"/>`)
	assert.NotContains(t, s, "qdabridge-ext")
	assert.Equal(t, ChangeExtensions, rep.Changes[0].Code)
	again, err := ReadQDE(bytes.NewReader(out.Bytes()))
	require.NoError(t, err)
	assert.Empty(t, Diff(doc.Project, again.Project), "inline extensions read back to the same project")
}

func TestWriteFileAtomic(t *testing.T) {
	dir := t.TempDir()
	doc := readQDPXBytes(t, zipDir(t, "testdata/qdpx/nvivo-windows"))
	path := filepath.Join(dir, "out.qdpx")
	require.NoError(t, os.WriteFile(path, []byte("previous"), 0o644))
	var w Writer
	_, err := w.WriteFile(path, doc)
	require.NoError(t, err)
	again, err := Open(path)
	require.NoError(t, err)
	defer again.Close()
	assert.Empty(t, Diff(doc.Project, again.Project))

	// a failing write leaves the previous file and no temporary file
	bad := filepath.Join(dir, "bad.qdpx")
	require.NoError(t, os.WriteFile(bad, []byte("previous"), 0o644))
	_, err = w.WriteFile(bad, NewDocument(doc.Project, failingFS{}))
	require.Error(t, err)
	b, err := os.ReadFile(bad)
	require.NoError(t, err)
	assert.Equal(t, "previous", string(b))
	entries, err := os.ReadDir(dir)
	require.NoError(t, err)
	assert.Len(t, entries, 2, "no temporary file left behind")
}

// failingFS fails every read.
type failingFS struct{}

func (failingFS) Open(name string) (fs.File, error) { return failingFile{}, nil }

type failingFile struct{}

func (failingFile) Stat() (fs.FileInfo, error) { return nil, io.ErrUnexpectedEOF }
func (failingFile) Read([]byte) (int, error)   { return 0, io.ErrUnexpectedEOF }
func (failingFile) Close() error               { return nil }

func TestWriteFromFS(t *testing.T) {
	// sources from a plain folder: files named by the project are looked for
	// in sources/ and at the root
	doc := readQDEFile(t, "testdata/qde/full.qde")
	src := fstestMap{
		"sources/00000000-0000-4000-8000-00000000d001.txt": "Why I go to the group.",
		"00000000-0000-4000-8000-00000000d006.txt":         "Ask your surgery about a link worker",
	}
	var out bytes.Buffer
	w := &Writer{}
	rep := writeDoc(t, w, &out, NewDocument(doc.Project, src.FS()), FormatQDPX)
	again := readQDPXBytes(t, out.Bytes())
	texts := selectionTexts(t, again)
	assert.Equal(t, "I go to ", texts["00000000-0000-4000-8000-00000000d101"])
	var missing int
	for _, c := range rep.Changes {
		if c.Code == ChangeMissingSource {
			missing = c.Count
		}
	}
	assert.Equal(t, 3, missing, "the picture, the PDF and the note file were not given")
}
