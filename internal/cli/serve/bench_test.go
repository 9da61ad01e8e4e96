package serve

import (
	"bytes"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/qdabridge/qdabridge/internal/bench"
	"github.com/qdabridge/qdabridge/internal/cli/convert"
)

// BenchmarkServeConvert converts the medium preset (QDA_BENCH_PRESET
// names another) for NVivo through the page's handler (upload, convert,
// report) and through convert.Convert, the convert command's function, in
// the same run, and reports the ratio of their times (serve/convert).
func BenchmarkServeConvert(b *testing.B) {
	name := os.Getenv("QDA_BENCH_PRESET")
	if name == "" {
		name = "medium"
	}
	f, err := bench.NewFixture(name)
	require.NoError(b, err)
	defer f.Close()
	data, err := os.ReadFile(f.Path)
	require.NoError(b, err)
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	w, err := mw.CreateFormFile("file", filepath.Base(f.Path))
	require.NoError(b, err)
	w.Write(data)
	require.NoError(b, mw.Close())

	s, _ := newTestServer(b, 0)
	out := filepath.Join(b.TempDir(), "out.qdpx")
	var serveTime, convertTime time.Duration
	b.ResetTimer()
	for b.Loop() {
		start := time.Now()
		req := httptest.NewRequest(http.MethodPost, "/convert?target=nvivo", bytes.NewReader(body.Bytes()))
		req.Host = "127.0.0.1:" + strconv.Itoa(s.Port)
		req.Header.Set(TokenHeader, s.Token)
		req.Header.Set("Content-Type", mw.FormDataContentType())
		rec := httptest.NewRecorder()
		s.ServeHTTP(rec, req)
		if rec.Code != http.StatusOK {
			b.Fatalf("status %d: %s", rec.Code, rec.Body)
		}
		io.Copy(io.Discard, rec.Body)
		serveTime += time.Since(start)

		start = time.Now()
		if _, err := convert.Convert(s.Cleanup, []string{f.Path}, "", "nvivo", out); err != nil {
			b.Fatal(err)
		}
		convertTime += time.Since(start)
	}
	n := float64(b.N)
	b.ReportMetric(float64(serveTime.Milliseconds())/n, "serve-ms/op")
	b.ReportMetric(float64(convertTime.Milliseconds())/n, "convert-ms/op")
	b.ReportMetric(float64(serveTime)/float64(convertTime), "serve/convert")
}
