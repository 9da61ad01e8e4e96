package refi

import (
	"archive/zip"
	"bytes"
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"testing/iotest"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const hostileDir = "testdata/hostile"

// smallText is the reader of the size cases: a 64 KiB text limit, so that
// the committed files stay small.
var smallText = Reader{Limits: Limits{MaxTextSize: 64 << 10}}

// hostileCase is one case of the suite: a file of testdata/hostile read
// with Open, and what it must give. A case either fails with an error
// wrapping every error of is (with msg in its message and, for a
// *FormatError, the path and line), or reads with exactly the warnings of
// warn and passes check.
type hostileCase struct {
	name   string // the case; the file unless file is set
	file   string
	reader Reader
	is     []error
	msg    string
	path   string
	line   int
	warn   map[WarningCode]int
	check  func(t *testing.T, doc *Document)
}

var errorsOnly = []error{ErrNotFound, ErrInsecurePath, ErrLimit, ErrNotZip, ErrPosition}

func hostileCases() []hostileCase {
	return []hostileCase{
		// zip slip
		{name: "slip-entry-names.qdpx", warn: map[WarningCode]int{WarnInsecurePath: 8}, check: checkSlipEntries},
		{name: "slip-source-paths.qdpx", warn: map[WarningCode]int{WarnInsecurePath: 11, WarnSourcePath: 1}, check: checkSlipPaths},
		// zip bombs
		{name: "bomb-lying-size.qdpx", is: []error{ErrLimit, ErrNotZip}, msg: "project.qde inflates past the 1000 bytes its header declares"},
		{name: "bomb-lying-source.qdpx", warn: map[WarningCode]int{WarnMissingSource: 1}, check: textFails(0, ErrLimit, ErrNotZip)},
		{name: "bomb-ratio.qdpx", is: []error{ErrLimit}, msg: "project.qde would inflate from"},
		{name: "bomb-ratio-source.qdpx", warn: map[WarningCode]int{WarnMissingSource: 1}, check: textFails(0, ErrLimit)},
		{name: "bomb-overlap.qdpx", is: []error{ErrLimit, ErrNotZip}, msg: "archive entries overlap"},
		{name: "bomb-entry-count.qdpx", is: []error{ErrLimit}, msg: "archive has 10000000 entries (limit 200000)"},
		{name: "nested-archives.qdpx", warn: map[WarningCode]int{}, check: checkNested},
		{name: "project-is-a-zip.qdpx", is: []error{ErrFormat}, msg: "project.qde:1: not a REFI-QDA document"},
		{name: "deep-nesting.qdpx", is: []error{ErrLimit}, msg: "more than 100 times"},
		{name: "deep-nesting.qdpx without the ratio limit", file: "deep-nesting.qdpx", reader: Reader{Limits: Limits{MaxCompressionRatio: 1 << 20}},
			is: []error{ErrLimit}, msg: "elements nested deeper than 257", line: 4,
			path: "/Project/CodeBook/Codes/Code[1]/Code[1]/Code[1]/Code[1]/Code[1]/Code[1]/Code[1]/Code[1]/Code[1]/…233 levels…/Code[1]/Code[1]/Code[1]/Code[1]/Code[1]/Code[1]/Code[1]/Code[1]/Code[1]/Code[1]/Code[1]/Code[1]"},
		// broken archives
		{name: "truncated.qdpx", is: []error{ErrNotZip}, msg: "truncated.qdpx: zip: not a valid zip file"},
		{name: "truncated-entry.qdpx", is: []error{ErrNotZip}, msg: "project.qde is corrupt or truncated"},
		{name: "corrupt-crc.qdpx", is: []error{ErrNotZip}, msg: "checksum error"},
		{name: "empty.qdpx", is: []error{ErrNotZip}, msg: "empty.qdpx is an empty file"},
		{name: "not-a-zip.qdpx", is: []error{ErrNotZip}, msg: `not-a-zip.qdpx is a file starting "%PDF-1.7`},
		{name: "pk-garbage.qdpx", is: []error{ErrNotZip}, msg: "zip: not a valid zip file"},
		{name: "no-project.qdpx", is: []error{ErrNoProject}, msg: "no *.qde file at the root"},
		{name: "codebook-in.qdpx", is: []error{ErrFormat}, msg: "the archive holds a codebook"},
		// XML that is not well-formed
		{name: "mismatched-tag.qde", is: []error{ErrSyntax}, msg: "end tag </Userz> does not match <Users>", path: "/Project/Users", line: 5},
		{name: "unclosed.qde", is: []error{ErrSyntax}, msg: "unexpected end of input inside element <Users>", path: "/Project/Users", line: 3},
		{name: "unquoted-attribute.qde", is: []error{ErrSyntax}, msg: "attribute value not quoted", line: 2},
		{name: "lt-in-attribute.qde", is: []error{ErrSyntax}, msg: "'<' in attribute value", line: 2},
		{name: "two-roots.qde", is: []error{ErrSyntax}, msg: "a second root element", line: 4},
		{name: "text-after-root.qde", is: []error{ErrSyntax}, msg: "text outside the root element", line: 5},
		{name: "not-xml.qde", is: []error{ErrFormat}, msg: "neither a zip archive nor an XML document"},
		{name: "not-well-formed.qdc", is: []error{ErrSyntax}, msg: "end tag </Codes> does not match <Code>", path: "/CodeBook/Codes/Code[1]", line: 2},
		{name: "deep-nesting-codebook.qdc", is: []error{ErrLimit}, msg: "elements nested deeper than 257", line: 2,
			path: "/CodeBook/Codes/Code[1]/Code[1]/Code[1]/Code[1]/Code[1]/Code[1]/Code[1]/Code[1]/Code[1]/Code[1]/…233 levels…/Code[1]/Code[1]/Code[1]/Code[1]/Code[1]/Code[1]/Code[1]/Code[1]/Code[1]/Code[1]/Code[1]/Code[1]"},
		// entity tricks
		{name: "billion-laughs.qde", is: []error{ErrSyntax}, msg: "entity &lol9; is not expanded", line: 14},
		{name: "billion-laughs.qdc", is: []error{ErrSyntax}, msg: "entity &lol9; is not expanded", path: "/CodeBook/Codes", line: 14},
		{name: "billion-laughs-unused.qde", warn: map[WarningCode]int{WarnDoctype: 1}},
		{name: "external-entity.qde", is: []error{ErrSyntax}, msg: "entity &xxe; is not expanded", path: "/Project/Description", line: 5},
		{name: "external-dtd.qde", warn: map[WarningCode]int{WarnDoctype: 1}},
		{name: "parameter-entity.qde", warn: map[WarningCode]int{WarnDoctype: 1}},
		{name: "doctype-after-root.qde", is: []error{ErrSyntax}, msg: "DOCTYPE not allowed here", path: "/Project", line: 2},
		// encodings
		{name: "invalid-utf8.qde", is: []error{ErrEncoding}, msg: "invalid UTF-8", path: "/Project/Description", line: 3},
		{name: "invalid-utf8-attribute.qde", is: []error{ErrEncoding}, msg: "invalid UTF-8", line: 2},
		{name: "utf16.qde", warn: map[WarningCode]int{WarnXMLEncoding: 1}, check: func(t *testing.T, doc *Document) {
			assert.Equal(t, "UTF-16 😀", doc.Project.Name)
		}},
		{name: "utf16-unpaired-surrogate.qde", is: []error{ErrEncoding}, msg: "unpaired UTF-16 surrogate", line: 2},
		{name: "utf16-odd-length.qde", is: []error{ErrEncoding}, msg: "truncated UTF-16", line: 3},
		{name: "utf16-declared-utf8-bytes.qde", is: []error{ErrEncoding}, msg: "declared UTF-16 but the bytes are not UTF-16", line: 1},
		{name: "unsupported-encoding.qde", is: []error{ErrEncoding}, msg: `unsupported encoding "IBM037"`, line: 1},
		{name: "control-character.qde", is: []error{ErrSyntax}, msg: "character U+0007 not allowed in XML", path: "/Project/Description", line: 3},
		// sizes
		{name: "huge-attribute.qdpx", reader: smallText, is: []error{ErrLimit}, msg: "a single XML token is larger than the text size limit (65536 bytes)", line: 2},
		{name: "huge-attribute.qdpx with the default limits", file: "huge-attribute.qdpx", warn: map[WarningCode]int{}, check: func(t *testing.T, doc *Document) {
			assert.Len(t, doc.Project.Name, 100_000)
		}},
		{name: "huge-text.qdpx", reader: smallText, is: []error{ErrLimit}, msg: "a single XML token is larger than the text size limit", path: "/Project/Description", line: 3},
		{name: "huge-text-in-pieces.qdpx", reader: smallText, is: []error{ErrLimit}, msg: "text larger than the text size limit (65536 bytes)", path: "/Project/Description", line: 3},
		{name: "huge-extension.qdpx", reader: smallText, is: []error{ErrLimit}, msg: "extension element larger than the text size limit (65536 bytes)"},
		{name: "huge-whitespace.qdpx", reader: smallText, is: []error{ErrLimit}, msg: "a single XML token is larger than the text size limit", path: "/Project", line: 3},
		{name: "many-attributes.qdpx", is: []error{ErrLimit}, msg: "more than 4096 attributes on one element", line: 2},
		{name: "many-namespaces.qde", is: []error{ErrLimit}, msg: "more than 256 namespace declarations in scope", line: 2},
		{name: "many-element-names.qdpx", warn: map[WarningCode]int{WarnUnknown: 1}},
		// GUIDs, references, positions
		{name: "duplicate-guids.qde", warn: map[WarningCode]int{WarnGUIDForm: 1, WarnDuplicateGUID: 2}},
		{name: "malformed-guids.qde", warn: map[WarningCode]int{WarnInvalidGUID: 5, WarnMissingAttr: 1}},
		{name: "dangling-references.qde", warn: map[WarningCode]int{WarnDanglingRef: 7}},
		{name: "bad-positions.qde", warn: map[WarningCode]int{WarnSelectionRange: 4, WarnInvalidValue: 2, WarnMissingAttr: 2}, check: checkBadPositions},
		{name: "positions-past-end.qdpx", warn: map[WarningCode]int{WarnSelectionRange: 2}, check: checkPastEnd},
	}
}

// TestHostile reads every case of testdata/hostile and checks its outcome
// exactly. A file read without error must also survive everything a caller
// does with it: texts, views, writing and reading back.
func TestHostile(t *testing.T) {
	if *update {
		writeHostileFiles(t)
	}
	covered := map[string]bool{}
	for _, tt := range hostileCases() {
		file := tt.file
		if file == "" {
			file = tt.name
		}
		covered[file] = true
		t.Run(tt.name, func(t *testing.T) {
			doc, err := tt.reader.Open(filepath.Join(hostileDir, file))
			if len(tt.is) > 0 {
				require.Error(t, err)
				for _, want := range tt.is {
					assert.ErrorIs(t, err, want)
				}
				assertHostileMessage(t, err.Error())
				assert.Contains(t, err.Error(), tt.msg)
				var fe *FormatError
				if tt.path != "" || tt.line != 0 {
					require.ErrorAs(t, err, &fe)
					assert.Equal(t, tt.path, fe.Path)
					assert.Equal(t, tt.line, fe.Line)
				}
				return
			}
			require.NoError(t, err)
			defer doc.Close()
			got := map[WarningCode]int{}
			for _, w := range doc.Warnings {
				got[w.Code]++
				assertHostileMessage(t, w.String())
			}
			assert.Equal(t, tt.warn, got, "%v", doc.Warnings)
			if tt.check != nil {
				tt.check(t, doc)
			}
			exerciseDocument(t, doc)
			strict := tt.reader
			strict.Strict = true
			_, err = strict.Open(filepath.Join(hostileDir, file))
			levelWarnings := 0
			for _, w := range doc.Warnings {
				if w.Code.Level() == LevelWarning {
					levelWarnings++
				}
			}
			if levelWarnings > 0 {
				assert.ErrorIs(t, err, ErrStrict)
			} else {
				assert.NoError(t, err)
			}
		})
	}
	// every committed file is a case
	files, err := filepath.Glob(filepath.Join(hostileDir, "*"))
	require.NoError(t, err)
	for _, f := range files {
		if base := filepath.Base(f); base != "README.md" {
			assert.True(t, covered[base], "%s has no case", base)
			assert.Contains(t, hostileFiles, base, "%s has no generator", base)
		}
	}
	for name := range hostileFiles {
		assert.FileExists(t, filepath.Join(hostileDir, name), "run go test ./refi -run TestHostile -update")
	}
}

// TestHostileQDE reads the 100,000 levels of deep-nesting.qdpx as a plain
// project document, and the XML cases through one-byte reads: every token
// straddles a buffer refill and the outcome is the same.
func TestHostileQDE(t *testing.T) {
	deep := hostileEntryBytes(t, "deep-nesting.qdpx", "project.qde")
	_, err := (&Reader{}).ReadQDE(bytes.NewReader(deep))
	require.Error(t, err)
	assert.ErrorIs(t, err, ErrLimit)
	assert.Contains(t, err.Error(), "elements nested deeper than 257")
	assertHostileMessage(t, err.Error())

	for name, b := range hostileXMLInputs(t) {
		t.Run(name, func(t *testing.T) {
			r := &Reader{Name: name}
			whole, errWhole := r.ReadQDE(bytes.NewReader(b))
			bytewise, errBytes := r.ReadQDE(iotest.OneByteReader(bytes.NewReader(b)))
			if errWhole != nil {
				require.Error(t, errBytes)
				assert.Equal(t, errWhole.Error(), errBytes.Error())
				return
			}
			require.NoError(t, errBytes)
			assert.Empty(t, Diff(whole.Project, bytewise.Project))
		})
	}
}

// hostileXMLInputs returns the XML documents of the suite.
func hostileXMLInputs(t testing.TB) map[string][]byte {
	out := map[string][]byte{}
	for _, pat := range []string{"*.qde", "*.qdc"} {
		files, err := filepath.Glob(filepath.Join(hostileDir, pat))
		require.NoError(t, err)
		for _, f := range files {
			b, err := os.ReadFile(f)
			require.NoError(t, err)
			out[filepath.Base(f)] = b
		}
	}
	return out
}

func hostileEntryBytes(t testing.TB, file, entry string) []byte {
	zr, err := zip.OpenReader(filepath.Join(hostileDir, file))
	require.NoError(t, err)
	defer zr.Close()
	b, err := fs.ReadFile(zr, entry)
	require.NoError(t, err)
	return b
}

func writeHostileFiles(t *testing.T) {
	require.NoError(t, os.MkdirAll(hostileDir, 0o755))
	for name, gen := range hostileFiles {
		require.NoError(t, os.WriteFile(filepath.Join(hostileDir, name), gen(), 0o644))
	}
}

// assertHostileMessage checks that a message is one line, prefixed, and
// not flooded by the hostile input it reports on.
func assertHostileMessage(t *testing.T, msg string) {
	t.Helper()
	assert.NotContains(t, msg, "\n")
	assert.Less(t, len(msg), 1000, "message too long: %.200s…", msg)
	if strings.HasPrefix(msg, "refi") {
		assert.True(t, strings.HasPrefix(msg, "refi: "), msg)
	}
}

// exerciseDocument does with a document what callers do, and checks
// nothing fails untyped: texts and passages, the views, the fs.FS, writing
// a .qdpx and reading it back equal.
func exerciseDocument(t *testing.T, doc *Document) {
	t.Helper()
	p := doc.Project
	if doc.Format == FormatQDC {
		var out bytes.Buffer
		writeDoc(t, &Writer{}, &out, doc, FormatQDC)
		return
	}
	typed := func(err error) {
		if err == nil {
			return
		}
		for _, e := range errorsOnly {
			if errors.Is(err, e) {
				return
			}
		}
		t.Errorf("untyped error: %v", err)
	}
	for _, s := range p.Sources {
		if ts, ok := s.(*TextSource); ok {
			txt, err := doc.Text(ts)
			typed(err)
			if err == nil {
				for _, sel := range ts.Selections {
					_, err := txt.Slice(sel.Start, sel.End, p.Positions)
					typed(err)
				}
			}
		}
	}
	for _, eErr := range doc.Excerpts(ExcerptOptions{All: true}) {
		typed(eErr)
	}
	_ = p.Participants()
	_ = p.SourceInfos()
	_ = p.CodeInfos()
	require.NoError(t, fs.WalkDir(doc, ".", func(name string, d fs.DirEntry, err error) error {
		require.NoError(t, err)
		if !d.IsDir() {
			_, err := fs.ReadFile(doc, name)
			typed(err)
		}
		return nil
	}))

	var out bytes.Buffer
	w := &Writer{}
	rep := writeDoc(t, w, &out, doc, FormatQDPX)
	zr, err := zip.NewReader(bytes.NewReader(out.Bytes()), int64(out.Len()))
	require.NoError(t, err)
	for _, f := range zr.File {
		assert.True(t, safeEntryName(f.Name), "unsafe entry %q written", f.Name)
	}
	again, err := (&Reader{Limits: Limits{MaxCompressionRatio: 1 << 20}}).ReadQDPX(bytes.NewReader(out.Bytes()), int64(out.Len()))
	require.NoError(t, err)
	assert.Empty(t, unexplainedDiffs(t, rep, p, again.Project))
	for _, wn := range again.Warnings {
		assert.NotEqual(t, WarnInsecurePath, wn.Code, "the written archive is safe: %v", wn)
	}
}

func textFails(source int, want ...error) func(t *testing.T, doc *Document) {
	return func(t *testing.T, doc *Document) {
		_, err := doc.Text(doc.Project.Sources[source].(*TextSource))
		require.Error(t, err)
		for _, w := range want {
			assert.ErrorIs(t, err, w)
		}
		assertHostileMessage(t, err.Error())
	}
}

func checkSlipEntries(t *testing.T, doc *Document) {
	b, err := fs.ReadFile(doc, "sources/ok.txt")
	require.NoError(t, err)
	assert.Equal(t, "ok", string(b), "the first of two names differing in case is kept")
	for _, name := range []string{"../evil.txt", "etc/evil.txt", `sources\..\..\evil.txt`, "C:/evil.txt", "evil.txt", "sources/evil\x00.txt"} {
		_, err := fs.ReadFile(doc, name)
		assert.Error(t, err, name)
	}
	var names []string
	require.NoError(t, fs.WalkDir(doc, ".", func(name string, d fs.DirEntry, err error) error {
		if !d.IsDir() {
			names = append(names, name)
		}
		return err
	}))
	assert.Equal(t, []string{"project.qde", "sources/ok.txt"}, names, "unsafe entries are never listed")
	txt, err := doc.Text(doc.Project.Sources[0].(*TextSource))
	require.NoError(t, err)
	assert.Equal(t, "ok", txt.String())

	var out bytes.Buffer
	writeDoc(t, &Writer{}, &out, doc, FormatQDPX)
	assert.Equal(t, []string{"project.qde", "sources/ok.txt"}, zipNames(t, out.Bytes()), "unsafe entries are never copied")
}

func checkSlipPaths(t *testing.T, doc *Document) {
	srcs := doc.Project.Sources
	for _, s := range srcs[:11] {
		_, err := doc.Text(s.(*TextSource))
		assert.ErrorIs(t, err, ErrInsecurePath, s.Base().Name)
	}
	txt, err := doc.Text(srcs[11].(*TextSource))
	require.NoError(t, err)
	assert.Equal(t, "ok", txt.String())
	_, err = doc.OpenSource(srcs[12].(*PictureSource).Path)
	assert.ErrorIs(t, err, ErrInsecurePath)

	var out bytes.Buffer
	w := &Writer{}
	rep := writeDoc(t, w, &out, doc, FormatQDPX)
	changed := 0
	for _, c := range rep.Changes {
		if c.Code == ChangeUnsafePath {
			changed += c.Count
			assert.Equal(t, "repaired", c.Code.Effect())
		}
	}
	assert.Equal(t, 11, changed, "%v", rep.Changes)
	assert.Equal(t, []string{"project.qde", "sources/ok.txt"}, zipNames(t, out.Bytes()))
	again, err := ReadQDPX(bytes.NewReader(out.Bytes()), int64(out.Len()))
	require.NoError(t, err)
	eachTextPath(again.Project, func(_ string, _ GUID, _ string, pth string) {
		if pth != "" && !strings.HasPrefix(pth, "absolute://") {
			safe, why := safeSourcePath(pth)
			assert.Empty(t, why, pth)
			assert.Equal(t, pth, safe)
		}
	})
	assert.Equal(t, "internal://ok.txt", again.Project.Sources[11].(*TextSource).PlainTextPath)
	assert.Equal(t, "absolute:///etc/passwd", again.Project.Sources[10].(*TextSource).PlainTextPath, "absolute paths point outside by design and are kept")
}

func checkNested(t *testing.T, doc *Document) {
	var out bytes.Buffer
	writeDoc(t, &Writer{}, &out, doc, FormatQDPX)
	again := readQDPXBytes(t, out.Bytes())
	for _, name := range []string{"sources/inner.pdf", "sources/outer.png"} {
		a, err := fs.ReadFile(doc, name)
		require.NoError(t, err)
		b, err := fs.ReadFile(again, name)
		require.NoError(t, err)
		assert.Equal(t, a, b, "%s is copied byte for byte, never opened", name)
		assert.True(t, bytes.HasPrefix(a, []byte("PK")), name)
	}
}

func checkBadPositions(t *testing.T, doc *Document) {
	ts := doc.Project.Sources[0].(*TextSource)
	txt, err := doc.Text(ts)
	require.NoError(t, err)
	for i, sel := range ts.Selections {
		s, err := txt.Slice(sel.Start, sel.End, doc.Project.Positions)
		if i == 4 {
			require.NoError(t, err)
			assert.Equal(t, "Short", s)
			continue
		}
		assert.ErrorIs(t, err, ErrPosition, "selection %d: %d-%d", i+1, sel.Start, sel.End)
	}
}

func checkPastEnd(t *testing.T, doc *Document) {
	ts := doc.Project.Sources[0].(*TextSource)
	txt, err := doc.Text(ts)
	require.NoError(t, err)
	s, err := txt.Slice(ts.Selections[0].Start, ts.Selections[0].End, doc.Project.Positions)
	require.NoError(t, err)
	assert.Equal(t, "short", s)
	for _, sel := range ts.Selections[1:] {
		_, err := txt.Slice(sel.Start, sel.End, doc.Project.Positions)
		assert.ErrorIs(t, err, ErrPosition)
	}
	n := 0
	for e, eErr := range doc.Excerpts(ExcerptOptions{All: true, Separate: true}) {
		n++
		if e.Start != 0 {
			assert.ErrorIs(t, eErr, ErrPosition, "the excerpt is listed, with its error")
		}
	}
	assert.Equal(t, 3, n, "no selection is dropped")
}

func zipNames(t *testing.T, b []byte) []string {
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	require.NoError(t, err)
	var names []string
	for _, f := range zr.File {
		names = append(names, f.Name)
	}
	sort.Strings(names)
	return names
}

var _ = io.EOF
