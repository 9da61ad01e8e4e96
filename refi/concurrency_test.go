package refi

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"testing"

	"github.com/qdabridge/qdabridge/internal/sample"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestConcurrentUse shares one Reader, one Writer per profile and one
// Document and its Project between many goroutines at once:
// texts, passages, the views and the fs.FS are read, and the same project
// is written (as it is, and converted for every profile) by all of them at
// once. Run with -race (as .ci/run does for these packages) it checks that
// reading keeps no shared mutable state and that a project read is not
// changed by reading, viewing or writing it.
func TestConcurrentUse(t *testing.T) {
	shared, err := (&Reader{Name: sample.FileName}).ReadQDPX(bytes.NewReader(sample.QDPX), int64(len(sample.QDPX)))
	require.NoError(t, err)
	var want bytes.Buffer
	writeDoc(t, &Writer{}, &want, shared, FormatQDPX)
	wantExcerpts := sharedExcerptTexts(shared)
	hostile, err := filepath.Glob(filepath.Join(hostileDir, "*.q*"))
	require.NoError(t, err)
	// one Reader, one Writer and one Writer per profile, shared by every
	// goroutine: they keep nothing between calls
	r, plain := &Reader{Name: sample.FileName}, &Writer{}
	var profiled []*Writer
	for _, name := range ProfileNames() {
		prof, err := LookupProfile(name)
		require.NoError(t, err)
		profiled = append(profiled, &Writer{Profile: prof})
	}

	const workers = 8
	var wg sync.WaitGroup
	errs := make(chan error, workers*64)
	for g := 0; g < workers; g++ {
		wg.Add(1)
		go func(g int) {
			defer wg.Done()
			fail := func(format string, args ...any) {
				errs <- fmt.Errorf("goroutine %d: "+format, append([]any{g}, args...)...)
			}
			// reading: the sample, and the hostile files (errors expected)
			doc, err := r.ReadQDPX(bytes.NewReader(sample.QDPX), int64(len(sample.QDPX)))
			if err != nil {
				fail("%v", err)
				return
			}
			if d := Diff(doc.Project, shared.Project); len(d) > 0 {
				fail("the same file read differently: %v", d[0])
			}
			for _, f := range hostile {
				if doc, err := (&Reader{}).Open(f); err == nil {
					_ = doc.Project
					doc.Close()
				}
			}
			// the shared document: views and texts
			if got := sharedExcerptTexts(shared); !slices.Equal(got, wantExcerpts) {
				fail("excerpts differ")
			}
			_ = shared.Project.Participants()
			_ = shared.Project.SourceInfos()
			_ = shared.Project.CodeInfos()
			_ = shared.Project.Counts()
			for _, s := range shared.Project.Sources {
				if ts, ok := s.(*TextSource); ok {
					if _, err := shared.Text(ts); err != nil {
						fail("%v", err)
					}
				}
			}
			if _, err := readEntry(shared, shared.File); err != nil {
				fail("%v", err)
			}
			// writing the shared project, as it is and for a profile
			var out bytes.Buffer
			if _, err := plain.Write(&out, shared, FormatQDPX); err != nil {
				fail("%v", err)
			} else if !bytes.Equal(out.Bytes(), want.Bytes()) {
				fail("written differently")
			}
			pw := profiled[g%len(profiled)]
			if _, err := pw.Write(&bytes.Buffer{}, shared, FormatQDPX); err != nil {
				fail("%s: %v", pw.Profile.Name, err)
			}
			if _, err := (&RoundTripChecker{Writer: pw}).Check(shared); err != nil {
				fail("%s: %v", pw.Profile.Name, err)
			}
		}(g)
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	// nothing was changed by all that
	var after bytes.Buffer
	writeDoc(t, &Writer{}, &after, shared, FormatQDPX)
	assert.Equal(t, want.Bytes(), after.Bytes())
	_, err = os.Stat(hostileDir)
	assert.NoError(t, err)
}

func sharedExcerptTexts(doc *Document) []string {
	var out []string
	for e := range doc.Excerpts(ExcerptOptions{}) {
		out = append(out, e.Text)
	}
	return out
}
