package taguette

import (
	"bytes"
	"context"
	"crypto/sha1"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/qdabridge/qdabridge/refi"
	_ "modernc.org/sqlite" // the database/sql driver "sqlite", pure Go
)

// Reader reads Taguette project databases. Set its fields before the
// first call; the zero value reads with the defaults.
type Reader struct {
	// ProjectID chooses the project of a database holding several (a
	// server's database); 0 reads the only one.
	ProjectID int64
	// Separator splits a tag path into the names of a code path: "." by
	// default (Taguette shows a tag's highlights with those of the tags
	// its path prefixes, and "." is its guide's convention). Flat keeps
	// every tag a top-level code named by its whole path, as Taguette's
	// own codebook export does.
	Separator string
	Flat      bool
	// MaxRows bounds the rows read from each table (default 1,000,000).
	MaxRows int
	// MaxTextSize bounds a document's contents, in bytes (default 64 MiB);
	// a larger document is skipped with a warning.
	MaxTextSize int
	// MaxTotalSize bounds the contents of all documents (default 1 GiB).
	MaxTotalSize int64
}

// Result is what ReadFile gives: the project, the files its sources
// name (refi.NewDocument(res.Project, res.Files) is a Document to write
// with refi.Writer.Write, see Result.Document), and the report.
type Result struct {
	Project *refi.Project
	Files   fs.FS
	Report  *Report
}

// Document returns the project with its files, ready to be written.
func (r *Result) Document() *refi.Document { return refi.NewDocument(r.Project, r.Files) }

// knownSchemas are the alembic revisions of Taguette's migrations, oldest
// first. The tables read have not changed since the first: the later
// revisions change users and indexes.
var knownSchemas = []string{
	"e4e090a5b511", "dd37d9027a24", "679f625e6e6a", "80b1cc9d4c22",
	"447d636f72c5", "bce44849c2f2", "91ade71ccf4d", "b23f3b7a638e",
	"807c0cc0ecf6", "ecb4065de575", "bc8e0e0677e9", "43d6c240309d",
	"d86c45d7aa8a", "491de2dc7cd7", "e4cf92942271", "09c662cd9483",
	"6489b5f9cfb5", "382db36f20f4", "db5e31a0233d",
}

// columns are the columns read from each table; required tables first.
var columns = map[string][]string{
	"projects":        {"id", "name", "description", "created"},
	"documents":       {"id", "name", "description", "filename", "created", "project_id", "text_direction", "contents"},
	"tags":            {"id", "project_id", "path", "description"},
	"highlights":      {"id", "document_id", "start_offset", "end_offset", "snippet"},
	"highlight_tags":  {"highlight_id", "tag_id"},
	"users":           {"login", "created", "hashed_password", "disabled", "password_set_date", "language", "email", "email_sent"},
	"project_members": {"project_id", "user_login", "privileges"},
	"commands":        {"id", "date", "user_login", "project_id", "document_id", "payload"},
	"alembic_version": {"version_num"},
}

var required = []string{"projects", "documents", "tags", "highlights", "highlight_tags"}

// taguetteNamespace is the UUID namespace of Taguette's codebook export:
// a code's GUID is uuid5(taguetteNamespace, tag path) there and here.
var taguetteNamespace = [16]byte{0x51, 0xB2, 0xB2, 0xB7, 0x27, 0xEB, 0x4E, 0xCB, 0x9D, 0x56, 0xE7, 0x5B, 0x0A, 0x04, 0x96, 0xC2}

func uuid5(name string) refi.GUID {
	h := sha1.New()
	h.Write(taguetteNamespace[:])
	io.WriteString(h, name)
	s := h.Sum(nil)
	s[6] = s[6]&0x0f | 0x50
	s[8] = s[8]&0x3f | 0x80
	return refi.GUID(fmt.Sprintf("%x-%x-%x-%x-%x", s[0:4], s[4:6], s[6:8], s[8:10], s[10:16]))
}

// ReadFile reads the Taguette database at path. The file is opened
// read-only and immutable: it is never written, and no journal appears
// beside it.
func (r *Reader) ReadFile(path string) (res *Result, err error) {
	name := filepath.Base(path)
	fail := func(table string, row int64, err error) error {
		return &Error{File: name, Table: table, Row: row, Err: err}
	}
	fi, err := os.Stat(path)
	if err != nil {
		return nil, fmt.Errorf("taguette: %w", err)
	}
	if !fi.Mode().IsRegular() {
		return nil, fail("", 0, fmt.Errorf("%w: not a regular file", ErrNotSQLite))
	}
	if err := checkHeader(path); err != nil {
		return nil, fail("", 0, err)
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, fmt.Errorf("taguette: %w", err)
	}
	u := url.URL{Scheme: "file", Path: filepath.ToSlash(abs), RawQuery: "mode=ro&immutable=1"}
	db, err := sql.Open("sqlite", u.String())
	if err != nil {
		return nil, fail("", 0, fmt.Errorf("%w: %v", ErrCorrupt, err))
	}
	defer db.Close()
	db.SetMaxOpenConns(1)
	defer func() { // the driver is pure Go; a bug in it must not take the caller down
		if p := recover(); p != nil {
			res, err = nil, fail("", 0, fmt.Errorf("%w: %v", ErrCorrupt, p))
		}
	}()
	rd := &read{r: r.withDefaults(), db: db, ctx: context.Background(), rep: &Report{File: name}, fail: fail}
	return rd.run()
}

func checkHeader(path string) error {
	f, err := os.Open(path)
	if err != nil {
		return fmt.Errorf("taguette: %w", err)
	}
	defer f.Close()
	var h [16]byte
	if _, err := io.ReadFull(f, h[:]); err != nil || !bytes.Equal(h[:], []byte("SQLite format 3\x00")) {
		return fmt.Errorf("%w: no SQLite header", ErrNotSQLite)
	}
	return nil
}

func (r *Reader) withDefaults() Reader {
	c := *r
	if c.Separator == "" {
		c.Separator = "."
	}
	if c.MaxRows <= 0 {
		c.MaxRows = 1_000_000
	}
	if c.MaxTextSize <= 0 {
		c.MaxTextSize = 64 << 20
	}
	if c.MaxTotalSize <= 0 {
		c.MaxTotalSize = 1 << 30
	}
	return c
}

type read struct {
	r    Reader
	db   *sql.DB
	ctx  context.Context
	rep  *Report
	fail func(table string, row int64, err error) error
	cols map[string]map[string]bool // columns present, by table
}

// corrupt wraps an SQLite error as ErrCorrupt at a table and row.
func (rd *read) corrupt(table string, row int64, err error) error {
	return rd.fail(table, row, fmt.Errorf("%w: %v", ErrCorrupt, err))
}

// query selects the known columns of table (NULL for those absent),
// bounded by MaxRows, and calls fn for each row. Values are read as
// text or integers, never as SQLite's declared types.
func (rd *read) query(table, where string, args []any, fn func(row int64, v []any) error) error {
	var sel []string
	for _, c := range columns[table] {
		switch {
		case !rd.cols[table][c]:
			sel = append(sel, "NULL")
		case c == "contents" || c == "snippet" || c == "payload" || c == "description":
			// The size first, so that a value over the limit is not loaded.
			sel = append(sel, fmt.Sprintf("CASE WHEN length(CAST(%[1]q AS BLOB)) > %d THEN NULL ELSE CAST(%[1]q AS TEXT) END", c, rd.r.MaxTextSize),
				fmt.Sprintf("length(CAST(%q AS BLOB))", c))
			continue
		case c == "id" || strings.HasSuffix(c, "_id") || strings.HasSuffix(c, "_offset"):
			sel = append(sel, fmt.Sprintf("%q", c))
		default:
			sel = append(sel, fmt.Sprintf("CAST(%q AS TEXT)", c))
		}
		if !rd.cols[table][c] && (c == "contents" || c == "snippet" || c == "payload" || c == "description") {
			sel = append(sel, "0")
		}
	}
	q := fmt.Sprintf("SELECT %s FROM %q %s LIMIT %d", strings.Join(sel, ", "), table, where, rd.r.MaxRows+1)
	rows, err := rd.db.QueryContext(rd.ctx, q, args...)
	if err != nil {
		return rd.corrupt(table, 0, err)
	}
	defer rows.Close()
	n := 0
	var last int64
	for rows.Next() {
		n++
		if n > rd.r.MaxRows {
			return rd.fail(table, 0, fmt.Errorf("%w: more than %d rows", ErrLimit, rd.r.MaxRows))
		}
		v := make([]any, len(sel))
		p := make([]any, len(sel))
		for i := range v {
			p[i] = &v[i]
		}
		if err := rows.Scan(p...); err != nil {
			return rd.corrupt(table, last, err)
		}
		row, _ := v[0].(int64)
		last = row
		if err := fn(row, v); err != nil {
			return err
		}
	}
	if err := rows.Err(); err != nil {
		return rd.corrupt(table, last, fmt.Errorf("after row %d: %v", last, err))
	}
	return nil
}

// text reads a text value; ok is false for NULL.
func text(v any) (string, bool) {
	switch x := v.(type) {
	case string:
		return x, true
	case []byte:
		return string(x), true
	case int64:
		return fmt.Sprint(x), true
	case float64:
		return fmt.Sprint(x), true
	}
	return "", false
}

func integer(v any) (int64, bool) {
	x, ok := v.(int64)
	return x, ok
}

// parseTime reads Taguette's dates: SQLAlchemy writes them without a
// zone, in UTC ("2024-06-21 14:53:48.297396").
func parseTime(s string) time.Time {
	for _, layout := range []string{"2006-01-02 15:04:05.999999999", "2006-01-02T15:04:05.999999999", "2006-01-02 15:04:05.999999999-07:00", time.RFC3339Nano} {
		if t, err := time.Parse(layout, s); err == nil {
			return t.UTC()
		}
	}
	return time.Time{}
}

type command struct {
	user string
	date time.Time
}

func (rd *read) run() (*Result, error) {
	rep := rd.rep
	if err := rd.schema(); err != nil {
		return nil, err
	}
	p := &refi.Project{Origin: "Taguette"}
	files := memFS{}

	// The project.
	var projects []int64
	if err := rd.query("projects", "ORDER BY id", nil, func(row int64, v []any) error {
		if rd.r.ProjectID == 0 || row == rd.r.ProjectID {
			projects = append(projects, row)
			if len(projects) == 1 {
				p.Name, _ = text(v[1])
				p.Description, _ = text(v[2])
				if s, ok := text(v[4]); ok {
					p.Created = parseTime(s)
				}
			}
		}
		return nil
	}); err != nil {
		return nil, err
	}
	switch {
	case len(projects) == 0 && rd.r.ProjectID != 0:
		return nil, rd.fail("projects", rd.r.ProjectID, fmt.Errorf("%w: no project with id %d", ErrProject, rd.r.ProjectID))
	case len(projects) == 0:
		return nil, rd.fail("projects", 0, fmt.Errorf("%w: the table is empty", ErrProject))
	case len(projects) > 1:
		return nil, rd.fail("projects", 0, fmt.Errorf("%w: %d projects (ids %v); choose one with Reader.ProjectID", ErrProject, len(projects), projects))
	}
	pid := projects[0]
	rep.Project = pid
	if p.Name == "" {
		p.Name = "Taguette project"
	}

	// Users: the table's, and any login the command log names.
	users := map[string]*refi.User{}
	addUser := func(login string) *refi.User {
		if login == "" {
			return nil
		}
		if u := users[login]; u != nil {
			return u
		}
		u := &refi.User{GUID: uuid5("user:" + login), Name: login, ID: login}
		users[login] = u
		p.Users = append(p.Users, u)
		return u
	}
	if rd.cols["users"] != nil {
		if err := rd.query("users", "ORDER BY login", nil, func(_ int64, v []any) error {
			rep.Users++
			login, _ := text(v[0])
			addUser(login)
			return nil
		}); err != nil {
			return nil, err
		}
	}
	if rd.cols["project_members"] != nil {
		if err := rd.query("project_members", "WHERE project_id = ?", []any{pid}, func(_ int64, v []any) error {
			login, _ := text(v[1])
			addUser(login)
			return nil
		}); err != nil {
			return nil, err
		}
	}

	// The command log: who added each document and highlight, and when.
	docAdded := map[int64]command{}
	hlAdded := map[int64]command{}
	tagAdded := map[[2]int64]command{} // highlight, tag
	if rd.cols["commands"] != nil {
		if err := rd.query("commands", "WHERE project_id = ? ORDER BY id", []any{pid}, func(row int64, v []any) error {
			rep.Commands++
			payload, ok := text(v[5])
			if !ok {
				return nil
			}
			login, _ := text(v[2])
			date, _ := text(v[1])
			c := command{user: login, date: parseTime(date)}
			var pl struct {
				Type        string  `json:"type"`
				HighlightID int64   `json:"highlight_id"`
				Tags        []int64 `json:"tags"`
			}
			if json.Unmarshal([]byte(payload), &pl) != nil {
				rep.warn(WarnRowSkipped, "commands", row, "payload is not JSON")
				return nil
			}
			switch pl.Type {
			case "document_add":
				if doc, ok := integer(v[4]); ok {
					if _, seen := docAdded[doc]; !seen {
						docAdded[doc] = c
					}
				}
			case "highlight_add":
				if _, seen := hlAdded[pl.HighlightID]; !seen {
					hlAdded[pl.HighlightID] = c
				}
				for _, t := range pl.Tags {
					k := [2]int64{pl.HighlightID, t}
					if _, seen := tagAdded[k]; !seen {
						tagAdded[k] = c
					}
				}
			}
			return nil
		}); err != nil {
			return nil, err
		}
	}

	// Tags: the code tree.
	type tagInfo struct {
		path string
		code *refi.Code
	}
	tags := map[int64]tagInfo{}
	byPath := map[string]*refi.Code{}
	if err := rd.query("tags", "WHERE project_id = ? ORDER BY path, id", []any{pid}, func(row int64, v []any) error {
		rep.Tags++
		path, _ := text(v[2])
		desc, _ := text(v[3])
		parts := []string{path}
		if !rd.r.Flat {
			parts = strings.Split(path, rd.r.Separator)
			if slices.Contains(parts, "") && path != "" {
				rep.warn(WarnTagPath, "tags", row, "tag path %q has an empty segment: kept as one code", path)
				parts = []string{path}
			}
		}
		var parent *refi.Code
		for i := range parts {
			prefix := strings.Join(parts[:i+1], rd.r.Separator)
			if len(parts) == 1 {
				prefix = path
			}
			c := byPath[prefix]
			if c == nil {
				c = &refi.Code{GUID: uuid5(prefix), Name: parts[i]}
				byPath[prefix] = c
				rep.ParentCodes++
				if parent == nil {
					p.Codes = append(p.Codes, c)
				} else {
					parent.Children = append(parent.Children, c)
				}
			}
			parent = c
		}
		if !parent.IsCodable {
			rep.ParentCodes--
		}
		parent.IsCodable = true
		parent.Description = desc
		tags[row] = tagInfo{path: path, code: parent}
		return nil
	}); err != nil {
		return nil, err
	}
	rep.Codes = len(byPath)

	// Highlights and their tags.
	type highlight struct {
		id, doc    int64
		start, end int64
		snippet    string
		snipOK     bool
		tags       []int64
	}
	var hls []*highlight
	hlByID := map[int64]*highlight{}
	where := "WHERE document_id IN (SELECT id FROM documents WHERE project_id = ?) ORDER BY document_id, start_offset, id"
	if err := rd.query("highlights", where, []any{pid}, func(row int64, v []any) error {
		rep.Highlights++
		h := &highlight{id: row}
		var ok1, ok2, ok3 bool
		h.doc, ok1 = integer(v[1])
		h.start, ok2 = integer(v[2])
		h.end, ok3 = integer(v[3])
		h.snippet, h.snipOK = text(v[4])
		if !ok1 || !ok2 || !ok3 {
			rep.warn(WarnRowSkipped, "highlights", row, "document_id, start_offset or end_offset is not an integer")
			return nil
		}
		hls = append(hls, h)
		hlByID[row] = h
		return nil
	}); err != nil {
		return nil, err
	}
	if err := rd.query("highlight_tags", "ORDER BY highlight_id, tag_id", nil, func(_ int64, v []any) error {
		hid, _ := integer(v[0])
		tid, _ := integer(v[1])
		h := hlByID[hid]
		if h == nil {
			return nil // another project's, or a highlight skipped
		}
		rep.HighlightTags++
		if _, ok := tags[tid]; !ok {
			rep.warn(WarnRowSkipped, "highlight_tags", hid, "highlight %d names tag %d, which the project does not have", hid, tid)
			return nil
		}
		h.tags = append(h.tags, tid)
		return nil
	}); err != nil {
		return nil, err
	}
	byDoc := map[int64][]*highlight{}
	for _, h := range hls {
		byDoc[h.doc] = append(byDoc[h.doc], h)
	}

	// Documents, one at a time (contents can be large), and their highlights.
	var total int64
	seenDocs := map[int64]bool{}
	tagNames := func(h *highlight) []string {
		var s []string
		for _, t := range h.tags {
			s = append(s, tags[t].path)
		}
		return s
	}
	if err := rd.query("documents", "WHERE project_id = ? ORDER BY id", []any{pid}, func(row int64, v []any) error {
		rep.Documents++
		seenDocs[row] = true
		name, _ := text(v[1])
		notPlaced := func(reason string) {
			for _, h := range byDoc[row] {
				rep.NotPlaced = append(rep.NotPlaced, Placement{Highlight: h.id, DocumentID: row, Document: name, Tags: tagNames(h), Reason: reason})
				rep.warn(WarnNotPlaced, "highlights", h.id, "highlight of document %d (%q) not placed: %s", row, name, reason)
			}
		}
		contents, ok := text(v[8])
		size, _ := integer(v[9])
		total += size
		switch {
		case total > rd.r.MaxTotalSize:
			return rd.fail("documents", row, fmt.Errorf("%w: documents larger than %d bytes in all", ErrLimit, rd.r.MaxTotalSize))
		case !ok && size > int64(rd.r.MaxTextSize):
			rep.warn(WarnRowSkipped, "documents", row, "document %q is %d bytes, more than the limit of %d: skipped", name, size, rd.r.MaxTextSize)
			notPlaced("its document was skipped")
			return nil
		case !ok:
			contents = ""
		case !utf8.ValidString(contents):
			rep.warn(WarnRowSkipped, "documents", row, "document %q is not valid UTF-8: skipped", name)
			notPlaced("its document was skipped")
			return nil
		}
		dt, err := parseDocument(contents)
		if err != nil {
			rep.warn(WarnRowSkipped, "documents", row, "document %q: %v", name, err)
			notPlaced("its document was skipped")
			return nil
		}
		src := &refi.TextSource{}
		src.GUID = uuid5(fmt.Sprintf("document:%d:%d", pid, row))
		src.Name = name
		src.Description, _ = text(v[2])
		if s, ok := text(v[5]); ok {
			src.Created = parseTime(s)
		}
		if c, ok := docAdded[row]; ok {
			src.CreatingUser = addUser(c.user).GUID
			if src.Created.IsZero() {
				src.Created = c.date
			}
		}
		file := string(src.GUID) + ".txt"
		src.PlainTextPath = "internal://" + file
		files["sources/"+file] = []byte(dt.plain)
		rep.Sources++
		for _, h := range byDoc[row] {
			s, e, reason := rd.place(dt, h.start, h.end, h.snippet, h.snipOK)
			if reason != "" {
				rep.NotPlaced = append(rep.NotPlaced, Placement{Highlight: h.id, DocumentID: row, Document: name, Tags: tagNames(h), Reason: reason})
				rep.warn(WarnNotPlaced, "highlights", h.id, "highlight of document %d (%q) not placed: %s", row, name, reason)
				continue
			}
			sel := refi.TextSelection{Start: int64(utf8.RuneCountInString(dt.plain[:s])), End: int64(utf8.RuneCountInString(dt.plain[:e]))}
			sel.GUID = uuid5(fmt.Sprintf("highlight:%d:%d", pid, h.id))
			sel.Name = fmt.Sprintf("highlight %d", h.id)
			if c, ok := hlAdded[h.id]; ok {
				sel.CreatingUser = addUser(c.user).GUID
				sel.Created = c.date
				rep.Dated++
			}
			for _, t := range h.tags {
				cd := refi.Coding{GUID: uuid5(fmt.Sprintf("highlight-tag:%d:%d:%d", pid, h.id, t)), Code: tags[t].code.GUID}
				if c, ok := tagAdded[[2]int64{h.id, t}]; ok {
					cd.CreatingUser = addUser(c.user).GUID
					cd.Created = c.date
				} else {
					cd.CreatingUser, cd.Created = sel.CreatingUser, sel.Created
				}
				sel.Codings = append(sel.Codings, cd)
				rep.Codings++
			}
			src.Selections = append(src.Selections, sel)
			rep.Selections++
		}
		p.Sources = append(p.Sources, src)
		return nil
	}); err != nil {
		return nil, err
	}
	rep.NotCarried = []string{
		"documents' HTML formatting (their plain text is carried)",
		"documents' file names and text direction",
		"the command log (beyond the authors and dates of documents, highlights and codings)",
		"users' e-mail addresses, languages and privileges",
	}
	return &Result{Project: p, Files: files, Report: rep}, nil
}

// place finds a highlight in its document and checks it against its
// snippet; it returns the plain-text byte range, or why not.
func (rd *read) place(dt *docText, start, end int64, snippet string, snipOK bool) (s, e int, reason string) {
	if start < 0 || end <= start || end > int64(len(dt.raw)) {
		return 0, 0, fmt.Sprintf("offsets [%d, %d) outside the document's %d bytes of text", start, end, len(dt.raw))
	}
	ts, te := roundUp(dt.raw, int(start)), roundUp(dt.raw, int(end))
	if !snipOK {
		return 0, 0, "its snippet is larger than the size limit or missing"
	}
	want, err := snippetText(snippet)
	if err != nil {
		return 0, 0, "its snippet cannot be parsed: " + err.Error()
	}
	if got := dt.raw[ts:te]; got != want {
		return 0, 0, fmt.Sprintf("the text at bytes [%d, %d) is %q, its snippet %q", start, end, clip(got), clip(want))
	}
	s, e = dt.plainOffset(ts, false), dt.plainOffset(te, true)
	if e <= s {
		return 0, 0, "empty"
	}
	return s, e, ""
}

func clip(s string) string {
	if len(s) <= 60 {
		return s
	}
	i := 60
	for i > 0 && !utf8.RuneStart(s[i]) {
		i--
	}
	return s[:i] + "…"
}

// schema checks the tables and columns, and reads the schema version.
func (rd *read) schema() error {
	rd.cols = map[string]map[string]bool{}
	rows, err := rd.db.QueryContext(rd.ctx, "SELECT name, type FROM sqlite_master WHERE type IN ('table', 'view') LIMIT 10000")
	if err != nil {
		if strings.Contains(err.Error(), "file is not a database") {
			return rd.fail("", 0, fmt.Errorf("%w: %v", ErrNotSQLite, err))
		}
		return rd.corrupt("sqlite_master", 0, err)
	}
	kinds := map[string]string{}
	for rows.Next() {
		var name, kind string
		if err := rows.Scan(&name, &kind); err != nil {
			rows.Close()
			return rd.corrupt("sqlite_master", 0, err)
		}
		kinds[name] = kind
	}
	if err := rows.Err(); err != nil {
		rows.Close()
		return rd.corrupt("sqlite_master", 0, err)
	}
	rows.Close()
	var missing []string
	for _, t := range required {
		if kinds[t] != "table" {
			missing = append(missing, t)
		}
	}
	if len(missing) > 0 {
		return rd.fail("", 0, fmt.Errorf("%w: expected the tables %s; missing %s", ErrNotTaguette, strings.Join(required, ", "), strings.Join(missing, ", ")))
	}
	for t, want := range columns {
		if kinds[t] != "table" {
			continue
		}
		have := map[string]bool{}
		if err := func() error {
			rows, err := rd.db.QueryContext(rd.ctx, fmt.Sprintf("SELECT name FROM pragma_table_info(%s) LIMIT 1000", quote(t)))
			if err != nil {
				return rd.corrupt(t, 0, err)
			}
			defer rows.Close()
			for rows.Next() {
				var c string
				if err := rows.Scan(&c); err != nil {
					return rd.corrupt(t, 0, err)
				}
				have[c] = true
			}
			return rows.Err()
		}(); err != nil {
			return err
		}
		rd.cols[t] = have
		var extra []string
		for c := range have {
			if !slices.Contains(want, c) {
				extra = append(extra, c)
			}
		}
		slices.Sort(extra)
		if len(extra) > 0 {
			rd.rep.warn(WarnSchema, t, 0, "columns not read (a newer schema?): %s", strings.Join(extra, ", "))
		}
	}
	for _, need := range [][2]string{{"documents", "contents"}, {"documents", "project_id"}, {"tags", "path"}, {"tags", "project_id"}, {"highlights", "document_id"}, {"highlights", "start_offset"}, {"highlights", "end_offset"}, {"highlights", "snippet"}, {"highlight_tags", "highlight_id"}, {"highlight_tags", "tag_id"}} {
		if !rd.cols[need[0]][need[1]] {
			return rd.fail(need[0], 0, fmt.Errorf("%w: no column %s", ErrNotTaguette, need[1]))
		}
	}
	if rd.cols["alembic_version"] != nil {
		row := rd.db.QueryRowContext(rd.ctx, "SELECT CAST(version_num AS TEXT) FROM alembic_version LIMIT 1")
		var v sql.NullString
		if err := row.Scan(&v); err != nil && !errors.Is(err, sql.ErrNoRows) {
			return rd.corrupt("alembic_version", 0, err)
		}
		rd.rep.Schema = v.String
	}
	rd.rep.Known = slices.Contains(knownSchemas, rd.rep.Schema)
	if !rd.rep.Known {
		rd.rep.warn(WarnSchema, "alembic_version", 0, "schema version %q is not one this reader knows (newest known %s): read what is understood", rd.rep.Schema, knownSchemas[len(knownSchemas)-1])
	}
	return nil
}

func quote(s string) string { return "'" + strings.ReplaceAll(s, "'", "''") + "'" }
