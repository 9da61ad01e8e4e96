package serve

import (
	"bytes"
	"encoding/json"
	"io"
	"mime/multipart"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/qdabridge/qdabridge/internal/cmdutil"
	"github.com/qdabridge/qdabridge/internal/sample"
	"github.com/qdabridge/qdabridge/refi"
)

// newTestServer starts a Server on a loopback port of its own, its
// folder removed at the end of the test.
func newTestServer(t testing.TB, maxUpload int64) (*Server, *httptest.Server) {
	t.Helper()
	cl, err := cmdutil.StartCleanup("qdabridge-serve-test", io.Discard)
	require.NoError(t, err)
	t.Cleanup(func() { cl.Close() })
	s := &Server{Token: NewToken(), Cleanup: cl, MaxUpload: maxUpload}
	ts := httptest.NewUnstartedServer(s)
	s.Port = ts.Listener.Addr().(*net.TCPAddr).Port
	ts.Start()
	t.Cleanup(ts.Close)
	return s, ts
}

// upload is a multipart body of files: field, name, content.
func upload(t testing.TB, files ...[3]string) (io.Reader, string) {
	t.Helper()
	var b bytes.Buffer
	mw := multipart.NewWriter(&b)
	for _, f := range files {
		w, err := mw.CreateFormFile(f[0], f[1])
		require.NoError(t, err)
		w.Write([]byte(f[2]))
	}
	require.NoError(t, mw.Close())
	return &b, mw.FormDataContentType()
}

func do(t testing.TB, s *Server, ts *httptest.Server, method, path, host string, withToken bool, body io.Reader, ctype string) *http.Response {
	t.Helper()
	req, err := http.NewRequest(method, ts.URL+path, body)
	require.NoError(t, err)
	if host != "" {
		req.Host = host
	}
	if withToken {
		req.Header.Set(TokenHeader, s.Token)
	}
	if ctype != "" {
		req.Header.Set("Content-Type", ctype)
	}
	resp, err := ts.Client().Do(req)
	require.NoError(t, err)
	t.Cleanup(func() { resp.Body.Close() })
	return resp
}

func TestAccess(t *testing.T) {
	s, ts := newTestServer(t, 0)
	port := strconv.Itoa(s.Port)
	tests := []struct {
		name       string
		path, host string
		token      bool
		want       int
	}{
		{name: "page with the token in the query", path: "/?token=" + s.Token, want: http.StatusOK},
		{name: "page with the token in the header", path: "/", token: true, want: http.StatusOK},
		{name: "localhost", path: "/", host: "localhost:" + port, token: true, want: http.StatusOK},
		{name: "script with its token", path: "/app.js?token=" + s.Token, want: http.StatusOK},
		{name: "no token", path: "/", want: http.StatusForbidden},
		{name: "script without token", path: "/app.js", want: http.StatusForbidden},
		{name: "wrong token", path: "/?token=" + strings.Repeat("0", 32), want: http.StatusForbidden},
		{name: "empty token", path: "/?token=", want: http.StatusForbidden},
		{name: "rebound host name", path: "/", host: "evil.example:" + port, token: true, want: http.StatusForbidden},
		{name: "host without port", path: "/", host: "127.0.0.1", token: true, want: http.StatusForbidden},
		{name: "other port", path: "/", host: "127.0.0.1:1", token: true, want: http.StatusForbidden},
		{name: "unknown path", path: "/etc/passwd", token: true, want: http.StatusNotFound},
		{name: "unknown download", path: "/download/99", token: true, want: http.StatusNotFound},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp := do(t, s, ts, http.MethodGet, tt.path, tt.host, tt.token, nil, "")
			assert.Equal(t, tt.want, resp.StatusCode)
			assert.Contains(t, resp.Header.Get("Content-Security-Policy"), "default-src 'self'")
			assert.Equal(t, "nosniff", resp.Header.Get("X-Content-Type-Options"))
		})
	}
}

func TestPageLoadsNothingElsewhere(t *testing.T) {
	s, ts := newTestServer(t, 0)
	resp := do(t, s, ts, http.MethodGet, "/", "", true, nil, "")
	b, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	page := string(b)
	for _, bad := range []string{"http://", "https://", "//cdn", "<style", "onclick=", "onload="} {
		assert.NotContains(t, page, bad)
	}
	for _, name := range []string{"page/app.js", "page/app.css"} {
		b, err := pageFS.ReadFile(name)
		require.NoError(t, err)
		assert.NotContains(t, string(b), "http:", name)
		assert.NotContains(t, string(b), "https:", name)
		assert.NotContains(t, string(b), "innerHTML", name)
		assert.NotContains(t, string(b), "@import", name)
	}
}

type convertReply struct {
	ID       string `json:"id"`
	FileName string `json:"fileName"`
	Error    string `json:"error"`
	Report   struct {
		Inputs []struct {
			Name   string      `json:"name"`
			Counts refi.Counts `json:"counts"`
		} `json:"inputs"`
		Bytes  int64           `json:"bytes"`
		Ledger json.RawMessage `json:"ledger"`
		Text   string          `json:"text"`
	} `json:"report"`
}

func TestConvertSample(t *testing.T) {
	s, ts := newTestServer(t, 0)
	tests := []struct {
		target, wantName string
	}{
		{"spec", "social-prescribing-spec.qdpx"},
		{"nvivo", "social-prescribing-nvivo.qdpx"},
		{"atlasti", "social-prescribing-atlasti.qdpx"},
		{"maxqda", "social-prescribing-maxqda.qdpx"},
		{"qualcoder", "social-prescribing-qualcoder.qdpx"},
		{"xlsx", "social-prescribing.xlsx"},
		{"csv", "social-prescribing.csv"},
	}
	for _, tt := range tests {
		t.Run(tt.target, func(t *testing.T) {
			body, ctype := upload(t, [3]string{"file", sample.FileName, string(sample.QDPX)})
			resp := do(t, s, ts, http.MethodPost, "/convert?target="+tt.target, "", true, body, ctype)
			var rep convertReply
			require.NoError(t, json.NewDecoder(resp.Body).Decode(&rep))
			require.Equal(t, http.StatusOK, resp.StatusCode, rep.Error)
			assert.Equal(t, tt.wantName, rep.FileName)
			require.Len(t, rep.Report.Inputs, 1)
			assert.Equal(t, sample.FileName, rep.Report.Inputs[0].Name, "the report names the file as uploaded")
			assert.Equal(t, 86, rep.Report.Inputs[0].Counts.Codings)
			assert.Equal(t, 7, rep.Report.Inputs[0].Counts.Cases)
			assert.NotEmpty(t, rep.Report.Ledger)
			assert.NotContains(t, rep.Report.Text, os.TempDir(), "no temporary path in the report")
			assertNoUploads(t, s)

			dl := do(t, s, ts, http.MethodGet, "/download/"+rep.ID, "", true, nil, "")
			require.Equal(t, http.StatusOK, dl.StatusCode)
			assert.Contains(t, dl.Header.Get("Content-Disposition"), tt.wantName)
			got, err := io.ReadAll(dl.Body)
			require.NoError(t, err)
			assert.Equal(t, rep.Report.Bytes, int64(len(got)))
			checkDownload(t, tt.wantName, got)

			ex := do(t, s, ts, http.MethodGet, "/excerpts/"+rep.ID, "", true, nil, "")
			require.Equal(t, http.StatusOK, ex.StatusCode)
			var excerpts struct {
				Excerpts []excerptRow `json:"excerpts"`
			}
			require.NoError(t, json.NewDecoder(ex.Body).Decode(&excerpts))
			assert.NotEmpty(t, excerpts.Excerpts)
			assertNoUploads(t, s)
		})
	}
}

// checkDownload checks a converted file: a project is read back and its
// project.qde valid against the schema; a workbook or CSV is not empty.
func checkDownload(t testing.TB, name string, b []byte) {
	t.Helper()
	switch filepath.Ext(name) {
	case ".qdpx":
		doc, err := refi.ReadQDPX(bytes.NewReader(b), int64(len(b)))
		require.NoError(t, err)
		defer doc.Close()
		assert.NotZero(t, doc.Project.Counts().Codings)
		f, err := doc.Open(doc.File)
		require.NoError(t, err)
		defer f.Close()
		require.NoError(t, refi.ValidateProjectXML(f))
	case ".xlsx":
		assert.True(t, bytes.HasPrefix(b, []byte("PK")))
	case ".csv":
		assert.True(t, bytes.HasPrefix(b, []byte("kind,source,")))
	}
}

// assertNoUploads checks that no uploaded file is left in the server's
// folder once a conversion is done.
func assertNoUploads(t testing.TB, s *Server) {
	t.Helper()
	entries, err := os.ReadDir(s.Cleanup.TempDir())
	require.NoError(t, err)
	for _, e := range entries {
		assert.False(t, strings.HasPrefix(e.Name(), "upload-"), "upload folder %s left", e.Name())
	}
}

func TestConvertRefused(t *testing.T) {
	s, ts := newTestServer(t, 64<<10)
	big := strings.Repeat("x", 100<<10)
	tests := []struct {
		name   string
		target string
		files  [][3]string
		want   int
		errHas string
	}{
		{name: "oversized upload", target: "spec", files: [][3]string{{"file", "big.qdpx", big}}, want: http.StatusRequestEntityTooLarge, errHas: "too large"},
		{name: "no target", target: "", files: [][3]string{{"file", "a.qdpx", "PK"}}, want: http.StatusBadRequest, errHas: "choose"},
		{name: "no file", target: "spec", files: nil, want: http.StatusBadRequest, errHas: "give a project"},
		{name: "not a project", target: "spec", files: [][3]string{{"file", "notes.qdpx", "hello"}}, want: http.StatusUnprocessableEntity, errHas: "not a zip archive"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			body, ctype := upload(t, tt.files...)
			resp := do(t, s, ts, http.MethodPost, "/convert?target="+tt.target, "", true, body, ctype)
			assert.Equal(t, tt.want, resp.StatusCode)
			var rep convertReply
			require.NoError(t, json.NewDecoder(resp.Body).Decode(&rep))
			assert.Contains(t, rep.Error, tt.errHas)
			assertNoUploads(t, s)
		})
	}
	t.Run("oversized, refused before reading (chunked)", func(t *testing.T) {
		body, ctype := upload(t, [3]string{"file", "big.qdpx", big})
		req, err := http.NewRequest(http.MethodPost, ts.URL+"/convert?target=spec", io.MultiReader(body)) // unknown length
		require.NoError(t, err)
		req.Header.Set(TokenHeader, s.Token)
		req.Header.Set("Content-Type", ctype)
		resp, err := ts.Client().Do(req)
		require.NoError(t, err)
		defer resp.Body.Close()
		assert.Equal(t, http.StatusRequestEntityTooLarge, resp.StatusCode)
	})
}

func TestHostileFileName(t *testing.T) {
	s, ts := newTestServer(t, 0)
	const hostile = `<img src=x onerror=alert(1)>.qdpx`
	body, ctype := upload(t, [3]string{"file", hostile, string(sample.QDPX)})
	resp := do(t, s, ts, http.MethodPost, "/convert?target=nvivo", "", true, body, ctype)
	raw, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	require.Equal(t, http.StatusOK, resp.StatusCode, string(raw))
	assert.True(t, strings.HasPrefix(resp.Header.Get("Content-Type"), "application/json"))
	assert.NotContains(t, string(raw), "<img", "the name is returned only escaped")
	assert.Contains(t, string(raw), `\u003cimg src=x onerror=alert(1)\u003e`)
	var rep convertReply
	require.NoError(t, json.Unmarshal(raw, &rep))
	assert.Equal(t, hostile, rep.Report.Inputs[0].Name)

	dl := do(t, s, ts, http.MethodGet, "/download/"+rep.ID, "", true, nil, "")
	cd := dl.Header.Get("Content-Disposition")
	assert.NotContains(t, cd, "<")
	assert.NotContains(t, cd, ">")
	assert.Contains(t, cd, "filename*=UTF-8''%3Cimg")
}

func TestSafeName(t *testing.T) {
	tests := []struct{ in, want string }{
		{"study.qdpx", "study.qdpx"},
		{"../../etc/passwd", "passwd"},
		{`C:\Users\me\study.qdpx`, "study.qdpx"},
		{"..", "file.."},
		{"", "file"},
		{".hidden", "file.hidden"},
		{"a\x00b\nc.txt", "abc.txt"},
		{"<b>.qdpx", "<b>.qdpx"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			assert.Equal(t, tt.want, safeName(tt.in))
		})
	}
}
