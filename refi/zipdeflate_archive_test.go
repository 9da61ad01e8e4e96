package refi_test

import (
	"archive/zip"
	"bytes"
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/qdabridge/qdabridge/internal/synth"
	"github.com/qdabridge/qdabridge/refi"
)

// writeBoth writes doc as a .qdpx archive with w, compressing in parallel
// and serially, requires the same bytes from both and returns them.
func writeBoth(t *testing.T, w *refi.Writer, doc *refi.Document) []byte {
	t.Helper()
	var par, ser bytes.Buffer
	_, perr := w.Write(&par, doc, refi.FormatQDPX)
	_, serr := refi.WriteSerial(w, &ser, doc, refi.FormatQDPX)
	require.Equal(t, serr, perr, "both writes fail alike")
	require.NoError(t, perr)
	require.True(t, bytes.Equal(ser.Bytes(), par.Bytes()),
		"parallel and serial compression give the same archive (%d and %d bytes)", par.Len(), ser.Len())
	return par.Bytes()
}

// readAllEntries reads every entry of the archive b fully through
// archive/zip, which checks each entry's CRC-32 and size at its end, and
// returns the entries' contents by name.
func readAllEntries(t *testing.T, b []byte) map[string][]byte {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	require.NoError(t, err)
	out := map[string][]byte{}
	for _, f := range zr.File {
		rc, err := f.Open()
		require.NoError(t, err, f.Name)
		data, err := io.ReadAll(rc)
		require.NoError(t, err, "%s reads back with its checksum", f.Name)
		require.NoError(t, rc.Close())
		require.Equal(t, f.UncompressedSize64, uint64(len(data)), f.Name)
		out[f.Name] = data
	}
	return out
}

// corpusREFIFiles returns the .qdpx, .qde and .qdc files under QDA_CORPUS.
func corpusREFIFiles(t *testing.T) []string {
	dir := os.Getenv("QDA_CORPUS")
	if dir == "" {
		t.Skip("QDA_CORPUS is not set: no corpus files to compare")
	}
	var files []string
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		switch strings.ToLower(filepath.Ext(p)) {
		case ".qdpx", ".qde", ".qdc":
			if !d.IsDir() {
				files = append(files, p)
			}
		}
		return nil
	})
	require.NoError(t, err)
	require.NotEmpty(t, files, "the corpus holds REFI files")
	return files
}

// TestParallelWriteMatchesSerialOnCorpus writes every REFI file of the
// corpus as a .qdpx archive, as it is and converted for QualCoder (which
// rewrites the texts), and requires the same bytes from the parallel and
// the serial compression, and an archive archive/zip reads.
func TestParallelWriteMatchesSerialOnCorpus(t *testing.T) {
	prof, err := refi.LookupProfile("qualcoder")
	require.NoError(t, err)
	for _, f := range corpusREFIFiles(t) {
		t.Run(filepath.Base(f), func(t *testing.T) {
			doc, err := refi.Open(f)
			require.NoError(t, err)
			defer doc.Close()
			for _, w := range []*refi.Writer{{}, {Profile: prof}} {
				b := writeBoth(t, w, doc)
				entries := readAllEntries(t, b)
				assert.Contains(t, entries, "project.qde")
			}
		})
	}
}

// TestParallelWriteMatchesSerialOnGenerated does the same on generated
// projects: small, medium and (not in -short mode nor under the race
// detector) large, whose project.qde is some 70 MB; and small and medium,
// read back from the archive, converted for the standard, which rewrites
// every text.
func TestParallelWriteMatchesSerialOnGenerated(t *testing.T) {
	for _, name := range []string{"small", "medium", "large"} {
		t.Run(name, func(t *testing.T) {
			if name == "large" && (testing.Short() || refi.RaceEnabled) {
				t.Skip("large preset skipped in -short mode and under the race detector (minutes)")
			}
			opt, err := synth.Preset(name)
			require.NoError(t, err)
			p, fsys, err := synth.Project(opt)
			require.NoError(t, err)
			b := writeBoth(t, &refi.Writer{}, refi.NewDocument(p, fsys))
			entries := readAllEntries(t, b)
			doc, err := (&refi.Reader{}).ReadQDPX(bytes.NewReader(b), int64(len(b)))
			require.NoError(t, err)
			assert.Empty(t, refi.Diff(p, doc.Project), "the project reads back as written")
			assert.NotEmpty(t, entries["project.qde"])
			assert.Greater(t, len(entries), len(p.Sources)/2, "the texts are in the archive")

			if name == "large" {
				return // converted: small and medium suffice, large would double the test's time
			}
			prof, err := refi.LookupProfile("spec")
			require.NoError(t, err)
			converted := writeBoth(t, &refi.Writer{Profile: prof}, doc)
			all := readAllEntries(t, converted)
			assert.Len(t, all, len(entries))

			// with room for only some converted texts kept packed, the rest
			// read again: the same entries, and again the same bytes
			// serial or not
			var par, ser bytes.Buffer
			require.NoError(t, refi.WriteKeeping(&refi.Writer{Profile: prof}, &par, doc, 4<<10, false))
			require.NoError(t, refi.WriteKeeping(&refi.Writer{Profile: prof}, &ser, doc, 4<<10, true))
			assert.True(t, bytes.Equal(par.Bytes(), ser.Bytes()))
			assert.Equal(t, all, readAllEntries(t, par.Bytes()))
		})
	}
}

// TestWriteQDPXEntrySizes writes archives whose entries are empty, shorter
// than one piece, exactly a multiple of the piece size, or one byte over,
// and reads every entry back through archive/zip.
func TestWriteQDPXEntrySizes(t *testing.T) {
	text := func(n int) []byte {
		b := bytes.Repeat([]byte("The participant said the interview went well.\n"), n/46+1)
		b[len(b)/2] = 'X' // not quite periodic
		return b[:n]
	}
	source := func(name string) refi.Source {
		return &refi.TextSource{SourceBase: refi.SourceBase{Name: name}, PlainTextPath: "internal://" + name + ".txt"}
	}
	cases := []struct {
		name  string
		texts map[string][]byte
	}{
		{"empty project", nil},
		{"empty text", map[string][]byte{"a": {}}},
		{"one small text", map[string][]byte{"a": text(1000)}},
		{"text of exactly one piece", map[string][]byte{"a": text(refi.DeflateChunk)}},
		{"text of exactly three pieces", map[string][]byte{"a": text(3 * refi.DeflateChunk)}},
		{"texts one byte under and over", map[string][]byte{"a": text(2*refi.DeflateChunk - 1), "b": text(2*refi.DeflateChunk + 1)}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p := &refi.Project{Name: "p"}
			files := fstest.MapFS{}
			for _, n := range []string{"a", "b"} {
				if b, ok := c.texts[n]; ok {
					p.Sources = append(p.Sources, source(n))
					files["sources/"+n+".txt"] = &fstest.MapFile{Data: b}
				}
			}
			b := writeBoth(t, &refi.Writer{}, refi.NewDocument(p, files))
			entries := readAllEntries(t, b)
			require.Equal(t, 1+len(c.texts), len(entries), "project.qde and the texts")
			assert.Less(t, len(entries["project.qde"]), refi.DeflateChunk, "project.qde is smaller than one piece")
			for n, want := range c.texts {
				assert.True(t, bytes.Equal(want, entries["sources/"+n+".txt"]), "sources/%s.txt reads back as written", n)
			}
		})
	}
}

// failAfter fails once more than n bytes were written to it.
type failAfter struct{ n int }

var errFull = errors.New("disk full")

func (f *failAfter) Write(p []byte) (int, error) {
	if len(p) > f.n {
		return 0, errFull
	}
	f.n -= len(p)
	return len(p), nil
}

// TestWriteQDPXFailingOutput: when the output fails partway through
// project.qde or the texts, the write returns the output's error and
// leaves no goroutine compressing behind it.
func TestWriteQDPXFailingOutput(t *testing.T) {
	p, fsys, err := synth.Project(synth.Medium())
	require.NoError(t, err)
	doc := refi.NewDocument(p, fsys)
	var full bytes.Buffer
	_, err = (&refi.Writer{}).Write(&full, doc, refi.FormatQDPX)
	require.NoError(t, err)
	points := []int{0, 100_000, full.Len() / 2, full.Len() - 100}
	if refi.RaceEnabled {
		points = points[1:3] // in project.qde and in the texts; each takes seconds
	}
	for _, n := range points {
		t.Run(strconv.Itoa(n), func(t *testing.T) {
			before := runtime.NumGoroutine()
			_, err := (&refi.Writer{}).Write(&failAfter{n: n}, doc, refi.FormatQDPX)
			require.ErrorIs(t, err, errFull)
			assert.LessOrEqual(t, runtime.NumGoroutine(), before, "Write returned with goroutines still running")
		})
	}
}
