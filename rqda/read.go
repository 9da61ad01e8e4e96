package rqda

import (
	"errors"
	"fmt"
	"io/fs"
	"path/filepath"
	"strings"

	"github.com/qdabridge/qdabridge/internal/sqlitedb"
	"github.com/qdabridge/qdabridge/refi"
)

// Reader reads RQDA projects. Its zero value reads with the default
// limits; set the fields before the first call. A Reader may be used by
// several goroutines at once.
type Reader struct {
	// MaxRows is the most rows read from one table; a table with more
	// fails the read with [ErrLimit]. Zero means 1,000,000.
	MaxRows int
	// MaxValueBytes is the largest value read (a source's text, a
	// seltext, a memo); a row holding a larger one is left out with a
	// warning. Zero means 64 MiB.
	MaxValueBytes int64
}

func (r *Reader) maxRows() int {
	if r.MaxRows > 0 {
		return r.MaxRows
	}
	return sqlitedb.DefaultMaxRows
}

func (r *Reader) maxValueBytes() int64 {
	if r.MaxValueBytes > 0 {
		return r.MaxValueBytes
	}
	return sqlitedb.DefaultMaxValueBytes
}

// Result is what a read made: the project, the files its sources and
// notes name (internal://GUID.txt, as the names in Files), and the report.
type Result struct {
	Project *refi.Project
	Files   fs.FS
	Report  *Report
}

// Document returns the project with its files, ready for [refi.Writer].
func (r *Result) Document() *refi.Document { return refi.NewDocument(r.Project, r.Files) }

// knownVersions are the values of project.databaseversion that RQDA
// 0.1.5 to 0.3 write.
var knownVersions = map[string]bool{"0.1.5": true, "0.1.6": true, "0.1.8": true, "0.1.9": true, "0.2.0": true, "0.2.1": true, "0.2.2": true}

// required are the tables and columns without which a database is not an
// RQDA project.
var required = [][]string{
	{"source", "name", "id", "file", "status"},
	{"freecode", "name", "id", "status"},
	{"coding", "cid", "fid", "seltext", "selfirst", "selend", "status"},
}

// ReadFile reads the RQDA project (.rqda) at path, opened read-only: the
// file is never changed. It fails with an [*Error] wrapping [ErrNotRQDA]
// when path is not an SQLite database with RQDA's tables, [ErrCorrupt]
// when SQLite cannot read it (with the table and row), [ErrLimit] when a
// table has more than MaxRows rows, or the file system's error. Problems
// with single rows (a seltext not found in its source, a reference to a
// missing code) do not fail the read: they are in the Result's Report.
func (r *Reader) ReadFile(path string) (*Result, error) {
	db, err := sqlitedb.Open(path)
	if err != nil {
		var pe *fs.PathError
		switch {
		case errors.As(err, &pe) && !errors.Is(err, sqlitedb.ErrNotSQLite):
			return nil, &Error{File: path, Err: err}
		case errors.Is(err, sqlitedb.ErrCorrupt):
			e := &Error{File: path, Err: fmt.Errorf("%w: %v", ErrCorrupt, err)}
			var qe *sqlitedb.QueryError
			if errors.As(err, &qe) {
				e.Table, e.Row, e.Err = qe.Table, qe.Row, fmt.Errorf("%w: %v", ErrCorrupt, qe.Err)
			}
			return nil, e
		default:
			return nil, &Error{File: path, Err: fmt.Errorf("%w: %v", ErrNotRQDA, err)}
		}
	}
	defer db.Close()
	if err := checkSchema(db); err != nil {
		return nil, &Error{File: path, Err: err}
	}
	rep := newReport(path)
	l := &loader{db: db, file: path, rd: r, rep: rep}
	if err := l.load(); err != nil {
		return nil, err
	}
	rep.Version = l.t.version
	if !knownVersions[l.t.version] {
		l.warn(WarnVersion, "project", 0, "database version %q is not one this reader knows (0.1.5 to 0.2.2): what is understood was read", clip(l.t.version, 40))
	}
	name := strings.TrimSuffix(filepath.Base(path), filepath.Ext(path))
	b := newBuilder(&l.t, rep, name)
	b.build()
	return &Result{Project: b.p, Files: b.files, Report: rep}, nil
}

// checkSchema fails with ErrNotRQDA when a required table or column is
// missing, naming them.
func checkSchema(db *sqlitedb.DB) error {
	var missing []string
	for _, t := range required {
		if len(db.Columns(t[0])) == 0 {
			missing = append(missing, "table "+t[0])
			continue
		}
		for _, c := range t[1:] {
			if !db.Has(t[0], c) {
				missing = append(missing, t[0]+"."+c)
			}
		}
	}
	if len(missing) > 0 {
		return fmt.Errorf("%w: missing %s", ErrNotRQDA, strings.Join(missing, ", "))
	}
	return nil
}
