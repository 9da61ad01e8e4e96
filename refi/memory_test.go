package refi

import (
	"archive/zip"
	"bufio"
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/qdabridge/qdabridge/internal/memtest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// maxHostileHeap is the most a hostile file may make the reader allocate
// with the default limits.
const maxHostileHeap = 100 << 20

// TestHostileMemory reads the zip bombs and the deep nesting with the
// default limits and checks the peak heap stays under 100 MB (the input
// itself, when in memory, is not counted). Run with -v to see the figures.
func TestHostileMemory(t *testing.T) {
	if raceEnabled {
		t.Skip("the race detector's instrumentation makes heap figures meaningless")
	}
	dir := t.TempDir()
	// archives too large to commit, written to disk so that they are not
	// in the heap
	manyEntries := filepath.Join(dir, "many-entries.qdpx")
	writeManyEntries(t, manyEntries, 250_000)
	storedToken := filepath.Join(dir, "stored-token.qdpx")
	writeStoredToken(t, storedToken, 64<<20)
	deep := hostileEntryBytes(t, "deep-nesting.qdpx", "project.qde")

	open := func(file string, r Reader) func() error {
		return func() error {
			doc, err := r.Open(file)
			if err == nil {
				exerciseQuietly(doc)
				doc.Close()
			}
			return err
		}
	}
	hostile := func(name string) string { return filepath.Join(hostileDir, name) }
	stream := func(head string, fill byte, tail string) func() error {
		return func() error {
			in := io.MultiReader(strings.NewReader(head), &repeatReader{b: fill, n: 1 << 30}, strings.NewReader(tail))
			_, err := ReadQDE(in)
			return err
		}
	}
	const root = `<Project xmlns="urn:QDA-XML:project:1.0" name="x">`
	tests := []struct {
		name string
		read func() error
		is   error // nil: reads
	}{
		{"zip bomb: entry inflating past its declared size", open(hostile("bomb-lying-size.qdpx"), Reader{}), ErrLimit},
		{"zip bomb: source inflating past its declared size", open(hostile("bomb-lying-source.qdpx"), Reader{}), nil},
		{"zip bomb: 2 MiB of white space compressed 1000 to 1", open(hostile("bomb-ratio.qdpx"), Reader{}), ErrLimit},
		{"zip bomb: source compressed 1000 to 1", open(hostile("bomb-ratio-source.qdpx"), Reader{}), nil},
		{"zip bomb: 200 overlapping entries", open(hostile("bomb-overlap.qdpx"), Reader{}), ErrLimit},
		{"zip bomb: a directory claiming 10,000,000 entries", open(hostile("bomb-entry-count.qdpx"), Reader{}), ErrLimit},
		{"zip bomb: 250,000 real entries", open(manyEntries, Reader{}), ErrLimit},
		{"zip bomb: nested archives", open(hostile("nested-archives.qdpx"), Reader{}), nil},
		{"zip bomb: a stored 64 MiB text node", open(storedToken, Reader{}), ErrLimit},
		{"deep nesting: 100,000 levels in a .qdpx", open(hostile("deep-nesting.qdpx"), Reader{}), ErrLimit},
		{"deep nesting: 100,000 levels without the ratio limit", open(hostile("deep-nesting.qdpx"), Reader{Limits: Limits{MaxCompressionRatio: 1 << 20}}), ErrLimit},
		{"deep nesting: 100,000 levels in a .qde", func() error { _, err := ReadQDE(bytes.NewReader(deep)); return err }, ErrLimit},
		{"1 GiB attribute", stream(`<Project xmlns="urn:QDA-XML:project:1.0" name="`, 'a', `"/>`), ErrLimit},
		{"1 GiB text node", stream(root+"<Description>", 'a', "</Description></Project>"), ErrLimit},
		{"1 GiB text node of CR (normalised)", stream(root+"<Description>", '\r', "</Description></Project>"), ErrLimit},
		{"1 GiB of white space between elements", stream(root, ' ', "</Project>"), ErrLimit},
		{"1 GiB text node in 1 KiB pieces", func() error {
			piece := strings.Repeat("x", 1024) + "<!---->"
			_, err := ReadQDE(io.MultiReader(strings.NewReader(root+"<Description>"), &repeatReader{s: piece, n: 1 << 30}))
			return err
		}, ErrLimit},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var err error
			before, peak := memtest.Peak(func() { err = tt.read() })
			used := peak - before
			t.Logf("peak heap %.1f MB (%v)", float64(used)/1e6, err)
			if tt.is != nil {
				assert.ErrorIs(t, err, tt.is)
			} else {
				assert.NoError(t, err)
			}
			assert.Less(t, used, uint64(maxHostileHeap), "peak heap %d bytes", used)
		})
	}
}

// repeatReader reads n bytes of b, or of s repeated.
type repeatReader struct {
	b   byte
	s   string
	n   int64
	off int
}

func (r *repeatReader) Read(p []byte) (int, error) {
	if r.n <= 0 {
		return 0, io.EOF
	}
	p = p[:min(int64(len(p)), r.n)]
	if r.s == "" {
		for i := range p {
			p[i] = r.b
		}
	} else {
		for i := range p {
			p[i] = r.s[r.off]
			r.off = (r.off + 1) % len(r.s)
		}
	}
	r.n -= int64(len(p))
	return len(p), nil
}

// exerciseQuietly uses a document as a caller would, ignoring errors.
func exerciseQuietly(doc *Document) {
	if doc.Format == FormatQDC {
		return
	}
	for e := range doc.Excerpts(ExcerptOptions{All: true}) {
		_ = e
	}
	_, _ = (&Writer{}).Write(io.Discard, doc, FormatQDPX)
}

// writeManyEntries writes an archive of n empty entries.
func writeManyEntries(t *testing.T, path string, n int) {
	f, err := os.Create(path)
	require.NoError(t, err)
	defer f.Close()
	bw := bufio.NewWriter(f)
	zw := zip.NewWriter(bw)
	_, err = zw.CreateHeader(&zip.FileHeader{Name: "project.qde", Method: zip.Store})
	require.NoError(t, err)
	for i := 1; i < n; i++ {
		_, err := zw.CreateHeader(&zip.FileHeader{Name: fmt.Sprintf("s/%d", i), Method: zip.Store})
		require.NoError(t, err)
	}
	require.NoError(t, zw.Close())
	require.NoError(t, bw.Flush())
}

// writeStoredToken writes an archive whose project.qde, stored without
// compression, is one text node of size bytes.
func writeStoredToken(t *testing.T, path string, size int64) {
	f, err := os.Create(path)
	require.NoError(t, err)
	defer f.Close()
	zw := zip.NewWriter(f)
	w, err := zw.CreateHeader(&zip.FileHeader{Name: "project.qde", Method: zip.Store})
	require.NoError(t, err)
	_, err = io.Copy(w, io.MultiReader(strings.NewReader(`<Project xmlns="urn:QDA-XML:project:1.0" name="x"><Description>`),
		&repeatReader{b: 'a', n: size}, strings.NewReader("</Description></Project>")))
	require.NoError(t, err)
	require.NoError(t, zw.Close())
}
