package taguette

import (
	"context"
	"crypto/sha1"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/qdabridge/qdabridge/internal/sqlitedb"
	"github.com/qdabridge/qdabridge/refi"
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
	// Timeout bounds the whole read (default: none). A read that takes
	// longer fails with an error wrapping context.DeadlineExceeded.
	Timeout time.Duration
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

// columns are the columns read from each table (the first is the one
// that names a row in errors), and those the schema has that are
// deliberately not read (so that they are not reported as unknown).
var (
	columns = map[string][]string{
		"projects":        {"id", "name", "description", "created"},
		"documents":       {"id", "name", "description", "created", "project_id", "contents"},
		"tags":            {"id", "project_id", "path", "description"},
		"highlights":      {"id", "document_id", "start_offset", "end_offset", "snippet"},
		"highlight_tags":  {"highlight_id", "tag_id"},
		"users":           {"login"},
		"project_members": {"project_id", "user_login"},
		"commands":        {"id", "date", "user_login", "project_id", "document_id", "payload"},
		"alembic_version": {"version_num"},
	}
	notRead = map[string][]string{
		"documents":       {"filename", "text_direction"},
		"users":           {"created", "hashed_password", "disabled", "password_set_date", "language", "email", "email_sent"},
		"project_members": {"privileges"},
		"commands":        {"tag_count_changes"},
	}
)

// required are the tables and columns without which a database is not a
// Taguette project.
var required = [][2]string{
	{"projects", "id"}, {"documents", "contents"}, {"documents", "project_id"}, {"tags", "path"}, {"tags", "project_id"},
	{"highlights", "document_id"}, {"highlights", "start_offset"}, {"highlights", "end_offset"}, {"highlights", "snippet"},
	{"highlight_tags", "highlight_id"}, {"highlight_tags", "tag_id"},
}

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
// beside it. Errors are *Error values naming the file (and the table and
// row), wrapping ErrNotSQLite, ErrNotTaguette, ErrCorrupt, ErrLimit or
// ErrProject; a file that cannot be opened gives the *fs.PathError.
func (r *Reader) ReadFile(path string) (*Result, error) {
	name := filepath.Base(path)
	c := r.withDefaults()
	ctx := context.Background()
	if c.Timeout > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, c.Timeout)
		defer cancel()
	}
	db, err := sqlitedb.OpenContext(ctx, path)
	if err != nil {
		var pe *os.PathError
		if errors.As(err, &pe) {
			return nil, fmt.Errorf("taguette: %w", err)
		}
		return nil, &Error{File: name, Err: translate(err)}
	}
	defer db.Close()
	rd := &read{r: c, db: db, rep: &Report{File: name}}
	if err := rd.schema(); err != nil {
		return nil, err
	}
	return rd.run()
}

// translate gives sqlitedb's errors this package's sentinels.
func translate(err error) error {
	switch {
	case errors.Is(err, sqlitedb.ErrNotSQLite):
		return fmt.Errorf("%w (%v)", ErrNotSQLite, strings.TrimPrefix(err.Error(), sqlitedb.ErrNotSQLite.Error()+": "))
	case errors.Is(err, sqlitedb.ErrLimit):
		return fmt.Errorf("%w: %v", ErrLimit, err)
	case errors.Is(err, sqlitedb.ErrCorrupt):
		return fmt.Errorf("%w: %v", ErrCorrupt, err)
	}
	return err
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
	r   Reader
	db  *sqlitedb.DB
	rep *Report
	state
}

func (rd *read) fail(table string, row int64, err error) error {
	return &Error{File: rd.rep.File, Table: table, Row: row, Err: err}
}

// query reads the known columns of table with the SQL tail and calls fn
// for each row, bounded by MaxRows and MaxTextSize.
func (rd *read) query(table, tail string, args []any, fn func(r *sqlitedb.Row) error) error {
	err := rd.db.Query(sqlitedb.Query{Table: table, Columns: columns[table], Tail: tail, Args: args,
		MaxRows: rd.r.MaxRows, MaxValueBytes: int64(rd.r.MaxTextSize)}, fn)
	var qe *sqlitedb.QueryError
	if errors.As(err, &qe) {
		inner := qe.Err
		if errors.Is(inner, sqlitedb.ErrLimit) {
			inner = fmt.Errorf("%w: more than %d rows", ErrLimit, rd.r.MaxRows)
		} else if errors.Is(inner, sqlitedb.ErrCorrupt) {
			inner = fmt.Errorf("%w: %v", ErrCorrupt, strings.TrimPrefix(inner.Error(), sqlitedb.ErrCorrupt.Error()+": "))
		}
		return rd.fail(qe.Table, qe.Row, inner)
	}
	return err
}

// schema checks the tables and columns, and reads the schema version.
func (rd *read) schema() error {
	var missing []string
	for _, need := range required {
		if !rd.db.Has(need[0]) && !slices.Contains(missing, need[0]) {
			missing = append(missing, need[0])
		}
	}
	if len(missing) > 0 {
		return rd.fail("", 0, fmt.Errorf("%w: expected the tables projects, documents, tags, highlights and highlight_tags; missing %s", ErrNotTaguette, strings.Join(missing, ", ")))
	}
	for _, need := range required {
		if !rd.db.Has(need[0], need[1]) {
			return rd.fail(need[0], 0, fmt.Errorf("%w: no column %s", ErrNotTaguette, need[1]))
		}
	}
	for t, want := range columns {
		var extra []string
		for _, c := range rd.db.Columns(t) {
			if !slices.Contains(want, c) && !slices.Contains(notRead[t], c) {
				extra = append(extra, c)
			}
		}
		if len(extra) > 0 {
			rd.rep.warn(WarnSchema, t, 0, "columns not read (a newer schema?): %s", strings.Join(extra, ", "))
		}
	}
	if rd.db.Has("alembic_version") {
		if err := rd.query("alembic_version", "", nil, func(r *sqlitedb.Row) error {
			if rd.rep.Schema == "" {
				rd.rep.Schema, _ = r.Text("version_num")
			}
			return nil
		}); err != nil {
			return err
		}
	}
	rd.rep.Known = slices.Contains(knownSchemas, rd.rep.Schema)
	if !rd.rep.Known {
		rd.rep.warn(WarnSchema, "alembic_version", 0, "schema version %q is not one this reader knows (newest known %s): read what is understood", rd.rep.Schema, knownSchemas[len(knownSchemas)-1])
	}
	return nil
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
