package qualcoder

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/qdabridge/qdabridge/internal/guid"
	"github.com/qdabridge/qdabridge/internal/sqlitedb"
	"github.com/qdabridge/qdabridge/refi"
)

// KnownVersion is the newest database version (project.databaseversion,
// "v17") whose layout this package knows.
const KnownVersion = 17

// The limits a Reader uses when its own are zero.
const (
	DefaultMaxRows       = 1_000_000
	DefaultMaxValueBytes = 64 << 20
	DefaultMaxTextBytes  = 1 << 30
	DefaultMaxMediaBytes = 1<<31 - 1 // REFI-QDA's limit on a file in a .qdpx
	DefaultMaxWarnings   = 1000
)

// Reader reads QualCoder projects. The zero value reads with the default
// limits and takes dates as UTC. Set the fields before the first call; a
// Reader may then be used by several goroutines at once.
type Reader struct {
	// Location is the time zone of the dates QualCoder writes (local time
	// of the computer, with no zone); nil means UTC, as QualCoder's own
	// REFI-QDA export assumes.
	Location *time.Location
	// MaxRows is the most rows read from one table (DefaultMaxRows when
	// zero); more is an error wrapping ErrLimit.
	MaxRows int
	// MaxValueBytes is the longest value read (a source's text, a memo;
	// DefaultMaxValueBytes when zero). A longer value is left out with a
	// warning.
	MaxValueBytes int64
	// MaxTextBytes bounds the text read from the database, the sources',
	// passages', journals', names and memos together (DefaultMaxTextBytes
	// when zero); more is an error wrapping ErrLimit.
	MaxTextBytes int64
	// MaxMediaBytes is the largest media file (document, image, audio,
	// video) taken from the project folder (DefaultMaxMediaBytes when
	// zero). A larger one is left out with a warning; files are opened only
	// when the project is written.
	MaxMediaBytes int64
	// MaxWarnings is the most warnings listed (DefaultMaxWarnings when
	// zero); the others are counted in Report.WarningsOmitted.
	MaxWarnings int
	// NoMedia leaves the project folder's media files out of Result.Files
	// (the sources keep their paths, and no missing-file warnings are
	// given).
	NoMedia bool
}

// Result is a project read: the REFI-QDA project, the files its sources
// name (internal://GUID.txt for the texts, internal://GUID.ext for the
// media files of the project folder) and the report of the read.
type Result struct {
	Project *refi.Project
	Files   fs.FS
	Report  *Report
}

// Document returns the project with its files, ready for [refi.Writer].
func (r *Result) Document() *refi.Document { return refi.NewDocument(r.Project, r.Files) }

// ReadFile reads the QualCoder project at path: a project folder
// (NAME.qda, holding data.qda) or its database file. The database is opened
// read-only and never changed. It fails with an error wrapping
// ErrNotQualCoder when path is not a QualCoder database, ErrNoDatabase for
// a folder without data.qda, ErrCorrupt when the database cannot be read and
// ErrLimit when it exceeds the Reader's limits; these come in an [*Error]
// naming the file, table and row. Problems that leave the rest readable
// (a missing file, a passage not found, a dangling reference) are warnings
// in the Report instead.
func (r *Reader) ReadFile(path string) (*Result, error) {
	dbPath, dir, err := locate(path)
	if err != nil {
		return nil, err
	}
	db, err := sqlitedb.Open(dbPath)
	if err != nil {
		return nil, openError(dbPath, err)
	}
	defer db.Close()
	if miss := db.Missing(requiredTables...); len(miss) > 0 {
		return nil, &Error{File: dbPath, Err: fmt.Errorf("%w; missing %s", ErrNotQualCoder, strings.Join(miss, ", "))}
	}
	if !db.Has("source", "id", "name", "fulltext") || !db.Has("code_text", "cid", "fid", "pos0", "pos1") || !db.Has("project", "databaseversion") {
		return nil, &Error{File: dbPath, Err: fmt.Errorf("%w; the tables lack QualCoder's columns", ErrNotQualCoder)}
	}
	rd := newRead(r, db, dbPath, dir)
	if err := rd.run(); err != nil {
		return nil, err
	}
	return &Result{Project: rd.proj, Files: rd.files, Report: rd.rep}, nil
}

// requiredTables are the tables every QualCoder database has had since v1.
var requiredTables = []string{"project", "source", "code_name", "code_text"}

// locate returns the database and the project folder of path.
func locate(path string) (dbPath, dir string, err error) {
	fi, err := os.Stat(path)
	if err != nil {
		return "", "", &Error{File: path, Err: fmt.Errorf("qualcoder: %w", err)}
	}
	if fi.IsDir() {
		db := filepath.Join(path, "data.qda")
		if _, err := os.Stat(db); err != nil {
			if errors.Is(err, fs.ErrNotExist) {
				return "", "", &Error{File: path, Err: fmt.Errorf("%w (a QualCoder project folder NAME.qda holds its database as data.qda)", ErrNoDatabase)}
			}
			return "", "", &Error{File: db, Err: fmt.Errorf("qualcoder: %w", err)}
		}
		return db, path, nil
	}
	return path, filepath.Dir(path), nil
}

func openError(path string, err error) error {
	switch {
	case errors.Is(err, sqlitedb.ErrNotSQLite):
		return &Error{File: path, Err: fmt.Errorf("%w: %w", ErrNotQualCoder, err)}
	case errors.Is(err, sqlitedb.ErrCorrupt):
		return &Error{File: path, Err: fmt.Errorf("%w: %s", ErrCorrupt, cause2(err))}
	}
	return &Error{File: path, Err: fmt.Errorf("qualcoder: %w", err)}
}

// projectName is the name of the project: the folder's name without .qda.
func projectName(dbPath, dir string) string {
	if filepath.Base(dbPath) != "data.qda" {
		return strings.TrimSuffix(filepath.Base(dbPath), filepath.Ext(dbPath))
	}
	return strings.TrimSuffix(filepath.Base(dir), ".qda")
}

// gid returns the GUID of a database row: the same row always gives the
// same GUID.
func gid(kind string, id int64) refi.GUID {
	return refi.GUID(guid.For("qualcoder/" + kind + "/" + strconv.FormatInt(id, 10)))
}

// gidName returns the GUID of something QualCoder identifies by name.
func gidName(kind, name string) refi.GUID {
	return refi.GUID(guid.For("qualcoder/" + kind + "/name/" + name))
}
