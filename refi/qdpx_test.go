package refi

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestQDPXFixtures reads each archive of testdata/qdpx and checks the
// position convention found, the warnings, and the exact text of every
// selection.
func TestQDPXFixtures(t *testing.T) {
	expected := loadExpected(t)
	tests := []struct {
		dir   string
		file  string // the project file inside
		codes []WarningCode
		basis string
	}{
		{dir: "nvivo-windows", file: "project.qde", codes: []WarningCode{WarnSourcesFolder}, basis: "producer+text"},
		{dir: "nvivo-mac", file: "project.qde", basis: "producer+text"},
		{dir: "atlasti-named", file: "Breakfast study.qde", codes: []WarningCode{WarnQDEName, WarnGUIDForm}, basis: "producer+text"},
		{dir: "qc-style", file: "project.qde", codes: []WarningCode{WarnSourcePath}, basis: "default"},
		{dir: "openqda-style", file: "project.qde", codes: []WarningCode{WarnSourcePath}, basis: "default+text"},
		{dir: "positions-evidence", file: "project.qde", codes: []WarningCode{WarnPositionUnit}, basis: "text"},
		{dir: "wrapped", file: "My Study/project.qde", codes: []WarningCode{WarnQDEName}, basis: "default"},
	}
	for _, tt := range tests {
		t.Run(tt.dir, func(t *testing.T) {
			doc := readQDPXBytes(t, zipDir(t, filepath.Join("testdata/qdpx", tt.dir)))
			assert.Equal(t, FormatQDPX, doc.Format)
			assert.Equal(t, tt.file, doc.File)
			assert.Equal(t, tt.codes, warningCodes(doc.Warnings), "%v", doc.Warnings)
			exp := expected[tt.dir]
			assert.Equal(t, exp.Positions, doc.Project.Positions.String())
			assert.Equal(t, tt.basis, doc.Detection.Basis)
			texts := selectionTexts(t, doc)
			require.Len(t, texts, len(exp.Selections))
			for _, s := range exp.Selections {
				assert.Equal(t, s.Text, texts[GUID(s.GUID)], s.GUID)
			}
		})
	}
}

func TestQDPXPaths(t *testing.T) {
	doc := readQDPXBytes(t, zipDir(t, "testdata/qdpx/paths"))
	var insecure, missing int
	for _, w := range doc.Warnings {
		switch w.Code {
		case WarnInsecurePath:
			insecure++
			assert.Equal(t, "plainTextPath", w.Attr)
		case WarnMissingSource:
			missing++
			assert.Contains(t, w.Message, "8d8d8d8d-0000-4000-8000-000000000001.txt")
		}
	}
	assert.Equal(t, 5, insecure, "../, drive letter, backslash, relative ../ and internal:///: %v", doc.Warnings)
	assert.Equal(t, 1, missing)
	assert.Contains(t, warningCodes(doc.Warnings), WarnSourcePath, "absolute:// is reported and not read")
	for _, s := range doc.Project.Sources[1:7] {
		_, err := doc.Text(s.(*TextSource))
		require.Error(t, err, s.Base().Name)
		assert.False(t, errors.Is(err, fs.ErrNotExist) && !errors.Is(err, ErrNotFound), "typed error for %s", s.Base().Name)
	}
	txt, err := doc.Text(doc.Project.Sources[7].(*TextSource))
	require.NoError(t, err)
	assert.Equal(t, "fine\n", txt.String())
	_, err = doc.Text(doc.Project.Sources[0].(*TextSource))
	assert.ErrorIs(t, err, ErrNotFound)
}

func TestQDPXRange(t *testing.T) {
	doc := readQDPXBytes(t, zipDir(t, "testdata/qdpx/range"))
	require.Equal(t, []WarningCode{WarnSelectionRange}, warningCodes(doc.Warnings))
	w := doc.Warnings[0]
	assert.Equal(t, "/Project/Sources/TextSource[1]/PlainTextSelection[2]", w.Path)
	assert.Equal(t, GUID("3f3f3f3f-0000-4000-8000-000000000003"), w.GUID)
	assert.Contains(t, w.Message, "past the end of its text (length 11")
}

// hostile archives built byte by byte
func TestQDPXBadArchives(t *testing.T) {
	good := zipDir(t, "testdata/qdpx/nvivo-windows")
	minimal := `<Project xmlns="urn:QDA-XML:project:1.0" name="x"/>`

	// an entry whose data inflates past the size its header declares
	bomb := func(declared uint64, real int) []byte {
		var data bytes.Buffer
		fw, _ := flate.NewWriter(&data, flate.BestCompression)
		fw.Write(bytes.Repeat([]byte("<!-- aaaaaaaaaaaaaaaa -->"), real/25))
		fw.Close()
		var buf bytes.Buffer
		zw := zip.NewWriter(&buf)
		w, err := zw.CreateRaw(&zip.FileHeader{Name: "project.qde", Method: zip.Deflate,
			CRC32: 0, CompressedSize64: uint64(data.Len()), UncompressedSize64: declared})
		require.NoError(t, err)
		w.Write(data.Bytes())
		require.NoError(t, zw.Close())
		return buf.Bytes()
	}
	// a valid project whose declared size is honest but larger than a limit
	big := zipEntries(t, []string{"project.qde"}, map[string][]byte{"project.qde": []byte(minimal + strings.Repeat(" ", 5000))})

	slip := zipEntries(t, []string{"project.qde", "../evil.txt", "/abs.txt", `sources\win.txt`, "C:/drive.txt", "sources/ok.txt"},
		map[string][]byte{"project.qde": []byte(minimal), "../evil.txt": []byte("x"), "/abs.txt": []byte("x"),
			`sources\win.txt`: []byte("x"), "C:/drive.txt": []byte("x"), "sources/ok.txt": []byte("ok")})

	many := func(n int) []byte {
		names := []string{"project.qde"}
		entries := map[string][]byte{"project.qde": []byte(minimal)}
		for i := 0; i < n; i++ {
			name := "sources/" + strings.Repeat("a", 1+i%50) + string(rune('a'+i%26)) + "-" + itoa(i) + ".txt"
			names = append(names, name)
			entries[name] = nil
		}
		return zipEntries(t, names, entries)
	}

	corrupt := append([]byte(nil), good...)
	// flip bytes in the middle of the first entry's data
	for i := 200; i < 260; i++ {
		corrupt[i] ^= 0x5a
	}

	tests := []struct {
		name     string
		data     []byte
		reader   Reader
		is       error
		contains string
		warn     WarningCode
	}{
		{name: "not a zip", data: []byte("<Project/> is not a zip"), is: ErrNotZip},
		{name: "empty file", data: nil, is: ErrNotZip},
		{name: "truncated", data: good[:len(good)/2], is: ErrNotZip},
		{name: "corrupt data", data: corrupt, is: ErrNotZip, contains: "corrupt or truncated"},
		{name: "no project", data: zipDir(t, "testdata/qdpx/no-project"), is: ErrNoProject},
		{name: "inflates past declared size", data: bomb(100, 1<<20), is: ErrNotZip},
		{name: "declared size over the limit", data: bomb(1<<40, 1000), is: ErrLimit},
		{name: "project over the limit", data: big, reader: Reader{Limits: Limits{MaxProjectSize: 1000}}, is: ErrLimit, contains: "project.qde is"},
		{name: "too many entries", data: many(300), reader: Reader{Limits: Limits{MaxEntries: 100}}, is: ErrLimit, contains: "301 entries"},
		{name: "total size over the limit", data: many(10), reader: Reader{Limits: Limits{MaxTotalSize: 10}}, is: ErrLimit},
		{name: "zip slip names", data: slip, warn: WarnInsecurePath},
		{name: "deep nesting", data: zipEntries(t, []string{"project.qde"}, map[string][]byte{"project.qde": []byte(
			`<Project xmlns="urn:QDA-XML:project:1.0" name="x"><CodeBook><Codes>` + strings.Repeat(`<Code guid="0a0a0a0a-0000-4000-8000-000000000001" name="n" isCodable="true">`, 1000) + `</Codes></CodeBook></Project>`)}),
			is: ErrLimit, contains: "nested deeper than"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc, err := tt.reader.ReadQDPX(bytes.NewReader(tt.data), int64(len(tt.data)))
			if tt.is != nil {
				require.Error(t, err)
				assert.ErrorIs(t, err, tt.is)
				assert.Contains(t, err.Error(), tt.contains)
				assert.True(t, strings.HasPrefix(err.Error(), "refi: "), err.Error())
				return
			}
			require.NoError(t, err)
			assert.Contains(t, warningCodes(doc.Warnings), tt.warn)
		})
	}

	// the safe entry of the zip-slip archive is served, the others never
	doc, err := (&Reader{}).ReadQDPX(bytes.NewReader(slip), int64(len(slip)))
	require.NoError(t, err)
	var unsafe int
	for _, w := range doc.Warnings {
		if w.Code == WarnInsecurePath {
			unsafe++
		}
	}
	assert.Equal(t, 4, unsafe)
	_, err = fs.ReadFile(doc, "sources/ok.txt")
	assert.NoError(t, err)
	for _, name := range []string{"../evil.txt", "abs.txt", `sources\win.txt`} {
		_, err := fs.ReadFile(doc, name)
		assert.Error(t, err, name)
	}
	var out bytes.Buffer
	writeDoc(t, &Writer{}, &out, doc, FormatQDPX)
	zr, err := zip.NewReader(bytes.NewReader(out.Bytes()), int64(out.Len()))
	require.NoError(t, err)
	var names []string
	for _, f := range zr.File {
		names = append(names, f.Name)
	}
	assert.Equal(t, []string{"project.qde", "sources/ok.txt"}, names, "unsafe entries are never copied")
}

func itoa(i int) string { return strconv.Itoa(i) }

// TestDocumentFS checks the archive as an fs.FS: exact and case-folded
// names, and that it satisfies the fs.FS contract.
func TestDocumentFS(t *testing.T) {
	doc := readQDPXBytes(t, zipDir(t, "testdata/qdpx/nvivo-windows"))
	b, err := fs.ReadFile(doc, "Sources/6a1f0c2e-5b7d-4e21-9c3a-0d5e8f7a1b01.txt")
	require.NoError(t, err)
	b2, err := fs.ReadFile(doc, "sources/6a1f0c2e-5b7d-4e21-9c3a-0d5e8f7a1b01.txt")
	require.NoError(t, err, "case-insensitive fallback")
	assert.Equal(t, b, b2)
	assert.True(t, bytes.HasPrefix(b, []byte("\xef\xbb\xbf")))
	_, err = fs.ReadFile(doc, "../x")
	assert.Error(t, err)
	require.NoError(t, fstest.TestFS(doc, "project.qde", "Sources/6a1f0c2e-5b7d-4e21-9c3a-0d5e8f7a1b01.txt", "Sources/6a1f0c2e-5b7d-4e21-9c3a-0d5e8f7a1b01.docx"))
	rc, err := doc.OpenSource("internal://6a1f0c2e-5b7d-4e21-9c3a-0d5e8f7a1b01.docx")
	require.NoError(t, err)
	data, err := io.ReadAll(rc)
	require.NoError(t, err)
	rc.Close()
	assert.Contains(t, string(data), "kept byte for byte")
}

// TestOpen reads files of every kind from disk through Open.
func TestOpen(t *testing.T) {
	dir := t.TempDir()
	qdpx := filepath.Join(dir, "study.bin") // the kind comes from the content
	require.NoError(t, os.WriteFile(qdpx, zipDir(t, "testdata/qdpx/nvivo-windows"), 0o644))
	doc, err := Open(qdpx)
	require.NoError(t, err)
	assert.Equal(t, FormatQDPX, doc.Format)
	require.NoError(t, doc.Close())
	require.NoError(t, doc.Close(), "closing twice is fine")

	// a .qde in an unpacked archive folder finds its sources
	unpacked := filepath.Join(dir, "unpacked")
	require.NoError(t, os.CopyFS(unpacked, os.DirFS("testdata/qdpx/nvivo-mac")))
	doc, err = Open(filepath.Join(unpacked, "project.qde"))
	require.NoError(t, err)
	assert.Equal(t, FormatQDE, doc.Format)
	assert.Equal(t, "utf16", doc.Project.Positions.String())
	assert.Equal(t, "producer+text", doc.Detection.Basis)
	texts := selectionTexts(t, doc)
	assert.Equal(t, "Waiting lists.", texts["7b2f0c2e-5b7d-4e21-9c3a-0d5e8f7a1c00"])

	doc, err = Open("testdata/qdc/full.qdc")
	require.NoError(t, err)
	assert.Equal(t, FormatQDC, doc.Format)
	assert.NotEmpty(t, doc.Project.Codes)

	_, err = Open(filepath.Join(dir, "missing.qdpx"))
	assert.ErrorIs(t, err, fs.ErrNotExist)
	_, err = Open(dir)
	assert.Error(t, err)
}

func TestExternalSources(t *testing.T) {
	doc := readQDEFile(t, "testdata/qde/full.qde")
	audio := doc.Project.Sources[3].(*AudioSource)
	_, err := doc.OpenSource(audio.Path)
	assert.ErrorIs(t, err, ErrNotFound, "relative:// is not read unless Reader.External is set")

	ext := t.TempDir()
	require.NoError(t, os.MkdirAll(filepath.Join(ext, "audio"), 0o755))
	require.NoError(t, os.WriteFile(filepath.Join(ext, "audio", "P01.m4a"), []byte("m4a"), 0o644))
	b, err := os.ReadFile("testdata/qde/full.qde")
	require.NoError(t, err)
	doc, err = (&Reader{External: os.DirFS(ext)}).ReadQDE(bytes.NewReader(b))
	require.NoError(t, err)
	rc, err := doc.OpenSource(audio.Path)
	require.NoError(t, err)
	data, _ := io.ReadAll(rc)
	rc.Close()
	assert.Equal(t, "m4a", string(data))
}
