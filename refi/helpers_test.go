package refi

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/stretchr/testify/require"
)

var update = flag.Bool("update", false, "rewrite golden files")

// zipDir builds a .qdpx in memory from a folder of testdata/qdpx: the *.qde
// first, then the other files in name order.
func zipDir(t testing.TB, dir string) []byte {
	t.Helper()
	var names []string
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() {
			rel, _ := filepath.Rel(dir, p)
			names = append(names, filepath.ToSlash(rel))
		}
		return nil
	})
	require.NoError(t, err)
	sort.SliceStable(names, func(i, j int) bool {
		qi, qj := strings.HasSuffix(names[i], ".qde"), strings.HasSuffix(names[j], ".qde")
		if qi != qj {
			return qi
		}
		return names[i] < names[j]
	})
	entries := map[string][]byte{}
	for _, n := range names {
		b, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(n)))
		require.NoError(t, err)
		entries[n] = b
	}
	return zipEntries(t, names, entries)
}

// zipEntries builds a zip of the given entries, in the given order.
func zipEntries(t testing.TB, names []string, entries map[string][]byte) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, n := range names {
		w, err := zw.CreateHeader(&zip.FileHeader{Name: n, Method: zip.Deflate, Modified: time.Date(2024, 3, 1, 0, 0, 0, 0, time.UTC)})
		require.NoError(t, err)
		_, err = w.Write(entries[n])
		require.NoError(t, err)
	}
	require.NoError(t, zw.Close())
	return buf.Bytes()
}

func readQDPXBytes(t testing.TB, b []byte) *Document {
	t.Helper()
	doc, err := (&Reader{}).ReadQDPX(bytes.NewReader(b), int64(len(b)))
	require.NoError(t, err)
	return doc
}

func readQDEFile(t testing.TB, path string) *Document {
	t.Helper()
	b, err := os.ReadFile(path)
	require.NoError(t, err)
	doc, err := (&Reader{Name: filepath.Base(path)}).ReadQDE(bytes.NewReader(b))
	require.NoError(t, err)
	return doc
}

// warningCodes returns the distinct warning codes in order of first
// appearance.
func warningCodes(ws []Warning) []WarningCode {
	var out []WarningCode
	seen := map[WarningCode]bool{}
	for _, w := range ws {
		if !seen[w.Code] {
			seen[w.Code] = true
			out = append(out, w.Code)
		}
	}
	return out
}

// expectedSelections is testdata/qdpx/expected.json: for each fixture, the
// position convention and the text every selection must give.
type expectedFixture struct {
	Positions  string `json:"positions"`
	Selections []struct {
		GUID string `json:"guid"`
		Text string `json:"text"`
	} `json:"selections"`
}

func loadExpected(t testing.TB) map[string]expectedFixture {
	t.Helper()
	b, err := os.ReadFile("testdata/qdpx/expected.json")
	require.NoError(t, err)
	var m map[string]expectedFixture
	require.NoError(t, json.Unmarshal(b, &m))
	return m
}

// assertValid checks doc against one of the package's schemas: always with
// the Go validator, and with xmllint too when it is installed (.ci/run
// installs it). It reports whether xmllint ran.
func assertValid(t testing.TB, doc []byte, schema string) bool {
	t.Helper()
	validate := ValidateProjectXML
	if schema == "Codebook.xsd" {
		validate = ValidateCodebookXML
	}
	require.NoError(t, validate(bytes.NewReader(doc)), "Go validation against %s", schema)
	path, err := exec.LookPath("xmllint")
	if err != nil {
		return false
	}
	f := filepath.Join(t.TempDir(), "doc.xml")
	require.NoError(t, os.WriteFile(f, doc, 0o644))
	xsd := filepath.Join("..", "internal", "refischema", "schema", schema) // the schemas refischema embeds
	out, err := exec.Command(path, "--noout", "--nonet", "--schema", xsd, f).CombinedOutput()
	require.NoError(t, err, "xmllint: %s", out)
	return true
}

// selectionTexts maps the GUID of every text selection of the project to
// its text.
func selectionTexts(t testing.TB, doc *Document) map[GUID]string {
	t.Helper()
	out := map[GUID]string{}
	visit := func(ts *TextSource) {
		if len(ts.Selections) == 0 {
			return
		}
		txt, err := doc.Text(ts)
		if errors.Is(err, ErrNotFound) {
			return // reported as a warning when read
		}
		require.NoError(t, err, "text of %s", ts.GUID)
		for _, s := range ts.Selections {
			str, err := txt.Slice(s.Start, s.End, doc.Project.Positions)
			if err == nil {
				out[s.GUID] = str
			}
		}
	}
	for _, s := range doc.Project.Sources {
		switch s := s.(type) {
		case *TextSource:
			visit(s)
		case *PDFSource:
			if s.Representation != nil {
				visit(s.Representation)
			}
		case *PictureSource:
			if s.TextDescription != nil {
				visit(s.TextDescription)
			}
		}
	}
	for _, n := range doc.Project.Notes {
		visit(n)
	}
	return out
}

// fstestMap is a folder of text files for tests.
type fstestMap map[string]string

func (m fstestMap) FS() fstest.MapFS {
	out := fstest.MapFS{}
	for k, v := range m {
		out[k] = &fstest.MapFile{Data: []byte(v), Mode: 0o644}
	}
	return out
}
