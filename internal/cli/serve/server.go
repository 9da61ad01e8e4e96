package serve

import (
	"crypto/rand"
	"crypto/subtle"
	"embed"
	"encoding/csv"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"html/template"
	"io"
	"mime"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/qdabridge/qdabridge/internal/cli"
	"github.com/qdabridge/qdabridge/internal/cli/convert"
	"github.com/qdabridge/qdabridge/internal/cmdutil"
)

//go:embed page
var pageFS embed.FS

var pageTemplate = template.Must(template.ParseFS(pageFS, "page/index.html"))

// TokenHeader is the header the page's script sends the token in.
const TokenHeader = "X-Qdabridge-Token"

// DefaultMaxUpload is the largest upload taken, all files together: the
// largest project archive the readers take.
const DefaultMaxUpload = 2 << 30

// maxFiles is the most files one upload may hold.
const maxFiles = 1000

// maxExcerpts is the most excerpts the page is sent to browse.
const maxExcerpts = 50_000

// keepResults is how many converted files are kept for download; older
// ones are removed.
const keepResults = 8

// contentSecurityPolicy lets the page load and reach nothing but its own
// origin.
const contentSecurityPolicy = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; " +
	"connect-src 'self'; font-src 'none'; object-src 'none'; media-src 'none'; frame-src 'none'; " +
	"base-uri 'none'; form-action 'self'; frame-ancestors 'none'"

// targets are the targets the page offers: the tool profile and the
// extension of the output.
var targets = map[string]struct{ profile, ext string }{
	"spec":      {"spec", ".qdpx"},
	"nvivo":     {"nvivo", ".qdpx"},
	"atlasti":   {"atlasti", ".qdpx"},
	"maxqda":    {"maxqda", ".qdpx"},
	"qualcoder": {"qualcoder", ".qdpx"},
	"xlsx":      {"spec", ".xlsx"},
	"csv":       {"spec", ".csv"},
}

// A Server is the page of qdabridge serve and what it answers: the
// uploads it converts with [convert.Convert], the converted files to
// download and their excerpts. Every request must carry Token, and name
// the server as 127.0.0.1:Port or localhost:Port in its Host header.
//
// Set the fields before the first request.
type Server struct {
	Token     string
	Port      int
	MaxUpload int64 // 0: DefaultMaxUpload
	// Cleanup owns the folder of uploads and results, and removes it
	// when the process is interrupted.
	Cleanup *cmdutil.Cleanup

	convertMu sync.Mutex // one conversion at a time
	mu        sync.Mutex
	next      int
	results   map[string]*result
	order     []string
}

// result is a converted file ready for download.
type result struct {
	dir, path, name, ext string
}

// NewToken returns a random token of 128 bits, in hex.
func NewToken() string {
	b := make([]byte, 16)
	rand.Read(b) // never returns an error
	return hex.EncodeToString(b)
}

func (s *Server) maxUpload() int64 {
	if s.MaxUpload > 0 {
		return s.MaxUpload
	}
	return DefaultMaxUpload
}

// ServeHTTP checks the Host header and the token, then answers.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	h.Set("Content-Security-Policy", contentSecurityPolicy)
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("X-Frame-Options", "DENY")
	h.Set("Referrer-Policy", "no-referrer")
	h.Set("Cache-Control", "no-store")
	h.Set("Cross-Origin-Resource-Policy", "same-origin")
	port := strconv.Itoa(s.Port)
	if r.Host != "127.0.0.1:"+port && r.Host != "localhost:"+port {
		http.Error(w, "forbidden: this server answers only as 127.0.0.1:"+port+" or localhost:"+port, http.StatusForbidden)
		return
	}
	tok := r.Header.Get(TokenHeader)
	if tok == "" {
		tok = r.URL.Query().Get("token")
	}
	if subtle.ConstantTimeCompare([]byte(tok), []byte(s.Token)) != 1 || s.Token == "" {
		http.Error(w, "forbidden: open the address qdabridge serve printed, with its token", http.StatusForbidden)
		return
	}
	switch {
	case r.URL.Path == "/" && r.Method == http.MethodGet:
		s.page(w)
	case r.URL.Path == "/app.js" || r.URL.Path == "/app.css":
		s.asset(w, r.URL.Path)
	case r.URL.Path == "/convert" && r.Method == http.MethodPost:
		s.convert(w, r)
	case strings.HasPrefix(r.URL.Path, "/download/") && r.Method == http.MethodGet:
		s.download(w, strings.TrimPrefix(r.URL.Path, "/download/"))
	case strings.HasPrefix(r.URL.Path, "/excerpts/") && r.Method == http.MethodGet:
		s.excerpts(w, strings.TrimPrefix(r.URL.Path, "/excerpts/"))
	default:
		http.NotFound(w, r)
	}
}

func (s *Server) page(w http.ResponseWriter) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	pageTemplate.Execute(w, struct {
		Token     string
		MaxUpload int64
	}{s.Token, s.maxUpload()})
}

func (s *Server) asset(w http.ResponseWriter, name string) {
	b, err := pageFS.ReadFile("page" + name)
	if err != nil {
		http.Error(w, "not found", http.StatusNotFound)
		return
	}
	w.Header().Set("Content-Type", mime.TypeByExtension(filepath.Ext(name)))
	w.Write(b)
}

// jsonError answers with a JSON {"error": msg} and status.
func jsonError(w http.ResponseWriter, status int, msg string) {
	writeJSON(w, status, map[string]string{"error": msg})
}

// writeJSON answers v as JSON, with <, > and & escaped (the default of
// encoding/json), so that no string from a file reads as markup.
func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(v)
}

// convertResponse is the answer to an upload.
type convertResponse struct {
	ID       string          `json:"id"`
	FileName string          `json:"fileName"`
	Target   string          `json:"target"`
	Report   *convert.Report `json:"report"`
}

// convert takes an upload (multipart: "file" parts are the inputs,
// "source" parts the documents), converts it for the target of the query
// and keeps the result for download. The uploaded files are removed when
// the conversion is done.
func (s *Server) convert(w http.ResponseWriter, r *http.Request) {
	max := s.maxUpload()
	if r.ContentLength > max {
		jsonError(w, http.StatusRequestEntityTooLarge, fmt.Sprintf("the files are too large: %s in all is taken", cli.ByteSize(max)))
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, max)
	target := r.URL.Query().Get("target")
	if _, ok := targets[target]; !ok {
		jsonError(w, http.StatusBadRequest, "choose what to convert to")
		return
	}
	s.convertMu.Lock()
	defer s.convertMu.Unlock()
	status, v := s.convertUpload(r, target)
	writeJSON(w, status, v)
}

// convertUpload receives the upload, converts it and removes it, before
// the answer is written.
func (s *Server) convertUpload(r *http.Request, target string) (int, any) {
	t := targets[target]
	max := s.maxUpload()
	fail := func(status int, msg string) (int, any) { return status, map[string]string{"error": msg} }
	up, err := os.MkdirTemp(s.Cleanup.TempDir(), "upload-")
	if err != nil {
		return fail(http.StatusInternalServerError, cli.Message(err))
	}
	defer os.RemoveAll(up)
	inputs, sources, err := receive(r, up)
	if err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return fail(http.StatusRequestEntityTooLarge, fmt.Sprintf("the files are too large: %s in all is taken", cli.ByteSize(max)))
		}
		return fail(http.StatusBadRequest, err.Error())
	}
	if len(inputs) == 0 {
		return fail(http.StatusBadRequest, "give a project, a workbook or NVivo's exports to convert")
	}
	resDir, err := os.MkdirTemp(s.Cleanup.TempDir(), "result-")
	if err != nil {
		return fail(http.StatusInternalServerError, cli.Message(err))
	}
	stem := strings.TrimSuffix(filepath.Base(inputs[0]), filepath.Ext(inputs[0]))
	if len(inputs) > 1 {
		stem = "nvivo-exports"
	}
	name := stem + "-" + target + t.ext
	if target == "xlsx" || target == "csv" {
		name = stem + t.ext
	}
	out := filepath.Join(resDir, "output"+t.ext)
	rep, err := convert.Convert(s.Cleanup, inputs, sources, t.profile, out)
	if err != nil {
		os.RemoveAll(resDir)
		return fail(http.StatusUnprocessableEntity, relative(cli.Message(err), up, resDir, name))
	}
	relativeReport(rep, up, resDir, name)
	id := s.keep(&result{dir: resDir, path: out, name: name, ext: t.ext})
	return http.StatusOK, convertResponse{ID: id, FileName: name, Target: target, Report: rep}
}

// receive writes the parts of the upload to dir: "file" parts (the
// inputs) in dir, "source" parts (the documents) in dir/sources. It
// returns the inputs and the sources folder ("" for none).
func receive(r *http.Request, dir string) (inputs []string, sources string, err error) {
	mr, err := r.MultipartReader()
	if err != nil {
		return nil, "", fmt.Errorf("not an upload of files")
	}
	seen := map[string]bool{}
	n := 0
	for {
		p, err := mr.NextPart()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, "", err
		}
		field := p.FormName()
		if field != "file" && field != "source" {
			p.Close()
			continue
		}
		if n++; n > maxFiles {
			return nil, "", fmt.Errorf("too many files: %d at most", maxFiles)
		}
		name := safeName(p.FileName())
		sub := dir
		if field == "source" {
			sub = filepath.Join(dir, "sources")
			if err := os.MkdirAll(sub, 0o700); err != nil {
				return nil, "", err
			}
			sources = sub
		}
		key := field + "/" + strings.ToLower(name)
		if seen[key] {
			return nil, "", fmt.Errorf("two files are named %s", name)
		}
		seen[key] = true
		path := filepath.Join(sub, name)
		f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
		if err != nil {
			return nil, "", err
		}
		_, err = io.Copy(f, p)
		if cerr := f.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			return nil, "", err
		}
		if field == "file" {
			inputs = append(inputs, path)
		}
	}
	return inputs, sources, nil
}

// safeName makes the name of an uploaded file a name in one folder: its
// last element, without control characters, never empty, "." or "..".
func safeName(name string) string {
	name = strings.ReplaceAll(name, "\\", "/")
	name = name[strings.LastIndex(name, "/")+1:]
	name = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) || r == unicode.ReplacementChar {
			return -1
		}
		return r
	}, name)
	if len(name) > 200 {
		ext := filepath.Ext(name)
		if len(ext) > 20 {
			ext = ""
		}
		name = name[:200-len(ext)] + ext
		for !utf8.ValidString(name) {
			name = name[:len(name)-1]
		}
	}
	name = strings.TrimSpace(name)
	if name == "" || name == "." || name == ".." || strings.HasPrefix(name, ".") {
		name = "file" + name
	}
	return name
}

// relative writes the paths of the upload and the result in s as the user
// knows them: the names of their files.
func relative(s, up, resDir, outName string) string {
	s = strings.ReplaceAll(s, filepath.Join(resDir, "output"+filepath.Ext(outName)), outName)
	s = strings.ReplaceAll(s, filepath.Join(up, "sources")+string(filepath.Separator), "")
	s = strings.ReplaceAll(s, filepath.Join(up, "sources"), "the transcripts")
	s = strings.ReplaceAll(s, up+string(filepath.Separator), "")
	return s
}

func relativeReport(rep *convert.Report, up, resDir, outName string) {
	rel := func(ss []string) {
		for i := range ss {
			ss[i] = relative(ss[i], up, resDir, outName)
		}
	}
	for i := range rep.Inputs {
		rep.Inputs[i].Name = relative(rep.Inputs[i].Name, up, resDir, outName)
		rel(rep.Inputs[i].Warnings)
	}
	rel(rep.Converted)
	rel(rep.Repaired)
	rel(rep.Renamed)
	rel(rep.Lost)
	rel(rep.Notes)
	rel(rep.Warnings)
	rep.Text = relative(rep.Text, up, resDir, outName)
}

// keep records a result and removes the oldest beyond keepResults.
func (s *Server) keep(res *result) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.results == nil {
		s.results = map[string]*result{}
	}
	s.next++
	id := strconv.Itoa(s.next)
	s.results[id] = res
	s.order = append(s.order, id)
	for len(s.order) > keepResults {
		old := s.results[s.order[0]]
		delete(s.results, s.order[0])
		s.order = s.order[1:]
		os.RemoveAll(old.dir)
	}
	return id
}

func (s *Server) lookup(id string) *result {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.results[id]
}

func (s *Server) download(w http.ResponseWriter, id string) {
	res := s.lookup(id)
	if res == nil {
		http.Error(w, "no such file: convert again", http.StatusNotFound)
		return
	}
	f, err := os.Open(res.path)
	if err != nil {
		http.Error(w, "no such file: convert again", http.StatusNotFound)
		return
	}
	defer f.Close()
	w.Header().Set("Content-Type", "application/octet-stream")
	w.Header().Set("Content-Disposition", contentDisposition(res.name))
	if st, err := f.Stat(); err == nil {
		w.Header().Set("Content-Length", strconv.FormatInt(st.Size(), 10))
	}
	io.Copy(w, f)
}

// contentDisposition names a download: an ASCII name with anything
// unusual replaced by _, and the full name in UTF-8 (RFC 6266).
func contentDisposition(name string) string {
	ascii := strings.Map(func(r rune) rune {
		if r < 0x20 || r > 0x7e || strings.ContainsRune(`"\;%<>/`, r) {
			return '_'
		}
		return r
	}, name)
	return fmt.Sprintf(`attachment; filename="%s"; filename*=UTF-8''%s`, ascii, url.PathEscape(name))
}

// excerptRow is one excerpt as the page shows it.
type excerptRow struct {
	Source       string   `json:"source"`
	Codes        []string `json:"codes"`
	Participants []string `json:"participants"`
	Text         string   `json:"text"`
}

// excerpts answers the excerpts of a converted file, read back from it:
// the project or workbook converted to excerpts with convert.Convert, a
// CSV of excerpts read as it is.
func (s *Server) excerpts(w http.ResponseWriter, id string) {
	res := s.lookup(id)
	if res == nil {
		jsonError(w, http.StatusNotFound, "no such file: convert again")
		return
	}
	path := res.path
	if res.ext != ".csv" {
		s.convertMu.Lock()
		defer s.convertMu.Unlock()
		tmp, err := os.MkdirTemp(s.Cleanup.TempDir(), "excerpts-")
		if err != nil {
			jsonError(w, http.StatusInternalServerError, cli.Message(err))
			return
		}
		defer os.RemoveAll(tmp)
		path = filepath.Join(tmp, "excerpts.csv")
		if _, err := convert.Convert(s.Cleanup, []string{res.path}, "", "keep", path); err != nil {
			jsonError(w, http.StatusUnprocessableEntity, relative(cli.Message(err), "", res.dir, res.name))
			return
		}
	}
	rows, truncated, err := readExcerpts(path)
	if err != nil {
		jsonError(w, http.StatusUnprocessableEntity, cli.Message(err))
		return
	}
	writeJSON(w, http.StatusOK, struct {
		Excerpts  []excerptRow `json:"excerpts"`
		Truncated bool         `json:"truncated"`
	}{rows, truncated})
}

// readExcerpts reads a CSV of excerpts as the convert command writes it.
func readExcerpts(path string) ([]excerptRow, bool, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, false, err
	}
	defer f.Close()
	cr := csv.NewReader(f)
	head, err := cr.Read()
	if err != nil {
		return nil, false, fmt.Errorf("reading the excerpts: %w", err)
	}
	col := map[string]int{}
	for i, h := range head {
		col[h] = i
	}
	for _, c := range []string{"source", "text", "codes", "participants"} {
		if _, ok := col[c]; !ok {
			return nil, false, fmt.Errorf("reading the excerpts: no %s column", c)
		}
	}
	split := func(s string) []string {
		out := []string{}
		for _, x := range strings.Split(unformula(s), "; ") {
			if x != "" {
				out = append(out, x)
			}
		}
		return out
	}
	rows := []excerptRow{}
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			return rows, false, nil
		}
		if err != nil {
			return nil, false, fmt.Errorf("reading the excerpts: %w", err)
		}
		if len(rows) == maxExcerpts {
			return rows, true, nil
		}
		rows = append(rows, excerptRow{Source: unformula(rec[col["source"]]), Codes: split(rec[col["codes"]]),
			Participants: split(rec[col["participants"]]), Text: unformula(rec[col["text"]])})
	}
}

// unformula undoes cmdutil.NoFormula: the apostrophe before a cell a
// spreadsheet would run.
func unformula(s string) string {
	if len(s) > 1 && s[0] == '\'' && strings.ContainsRune("=+-@\t\r", rune(s[1])) {
		return s[1:]
	}
	return s
}
