package nvivo_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io/fs"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/qdabridge/qdabridge/internal/sample/nvivoexports"
	"github.com/qdabridge/qdabridge/nvivo"
	"github.com/qdabridge/qdabridge/refi"
)

// convertSampleSet reads the embedded export set with r, builds the
// project with a Builder of its own and writes it, with the report and a
// classification sheet written by w: everything a conversion makes. r and
// w may be shared with other calls (the package documentation says they
// keep no state between calls); nothing else is.
func convertSampleSet(r *nvivo.Reader, w *nvivo.Writer, summary string) (qdpx, report, sheet []byte, err error) {
	fsys := nvivoexports.FS()
	docs, err := fs.Sub(fsys, nvivoexports.Transcripts)
	if err != nil {
		return nil, nil, nil, err
	}
	b := &nvivo.Builder{Name: "Social prescribing (from NVivo exports)", Documents: docs}
	for _, n := range []string{"codebook.xlsx", "classification.xlsx", summary, "files-list.xlsx"} {
		data, err := fs.ReadFile(fsys, n)
		if err != nil {
			return nil, nil, nil, err
		}
		ex, err := r.Read(bytes.NewReader(data))
		if err != nil {
			return nil, nil, nil, err
		}
		b.Add(ex)
	}
	res, err := b.Build()
	if err != nil {
		return nil, nil, nil, err
	}
	var out bytes.Buffer
	if _, err := (&refi.Writer{}).Write(&out, refi.NewDocument(res.Project, res.Files), refi.FormatQDPX); err != nil {
		return nil, nil, nil, err
	}
	rep, err := json.Marshal(res.Report)
	if err != nil {
		return nil, nil, nil, err
	}
	var cl bytes.Buffer
	if _, err := w.WriteClassification(&cl, nvivo.ClassificationFromProject(res.Project, "")); err != nil {
		return nil, nil, nil, err
	}
	return out.Bytes(), rep, cl.Bytes(), nil
}

// TestConcurrentConversions runs many conversions of the sample export set
// at once, each with its own Builder, all with one Reader and one Writer
// (run it with -race): every one gives the same project and report as one
// run alone.
func TestConcurrentConversions(t *testing.T) {
	summaries := []string{"coding-summary-by-code.txt", "coding-summary-by-code.xlsx"}
	want := map[string][2][]byte{}
	for _, s := range summaries {
		qdpx, rep, _, err := convertSampleSet(&nvivo.Reader{Name: "sample"}, &nvivo.Writer{}, s)
		require.NoError(t, err)
		want[s] = [2][]byte{qdpx, rep}
	}
	const n = 24
	type result struct {
		summary          string
		qdpx, rep, sheet []byte
		err              error
	}
	results := make([]result, n)
	r, w := &nvivo.Reader{Name: "sample"}, &nvivo.Writer{TempDir: t.TempDir()}
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			s := summaries[i%len(summaries)]
			qdpx, rep, sheet, err := convertSampleSet(r, w, s)
			results[i] = result{s, qdpx, rep, sheet, err}
		}()
	}
	wg.Wait()
	for i, r := range results {
		require.NoError(t, r.err, "conversion %d", i)
		assert.True(t, bytes.Equal(want[r.summary][0], r.qdpx), "conversion %d (%s): the same .qdpx as alone", i, r.summary)
		assert.JSONEq(t, string(want[r.summary][1]), string(r.rep), "conversion %d (%s): the same report", i, r.summary)
		ex, err := (&nvivo.Reader{Name: fmt.Sprint("sheet ", i)}).Read(bytes.NewReader(r.sheet))
		require.NoError(t, err)
		assert.Len(t, ex.Classification.Rows, 7)
	}
}
