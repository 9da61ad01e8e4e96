// Package sqlitedb opens the SQLite databases other tools keep their
// projects in (RQDA, QualCoder, Taguette) for reading, safely: read-only
// and immutable, bounded, and without cgo.
//
// # Safety
//
// [Open] refuses what is not a regular file (a named pipe, a device, a
// folder) before opening it, and a file without SQLite's 16-byte header.
// The database is opened through the pure-Go driver modernc.org/sqlite
// (so that the tool still cross-compiles for Windows and macOS) with the
// URI file:PATH?mode=ro&immutable=1: SQLite never writes the file, takes
// no lock and creates no journal or WAL file beside it; a database with a
// hot journal or WAL is read as the main file holds it.
//
// Each [DB.Query] is bounded: at most Query.MaxRows rows, and a value
// longer than Query.MaxValueBytes is not loaded (its length is measured
// in SQLite first). A DB opened with [OpenContext] stops a query when its
// context ends. Only tables (never views or triggers, which could run
// arbitrary SQL) are listed and read. A panic inside the driver on a
// malformed file is recovered and returned as [ErrCorrupt].
//
// Errors wrap [ErrNotSQLite], [ErrCorrupt] or [ErrLimit]; those of a
// query are *[QueryError], which name the table and row.
package sqlitedb

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"

	_ "modernc.org/sqlite" // the database/sql driver "sqlite", pure Go

	"github.com/qdabridge/qdabridge/internal/regular"
)

// Errors a caller can test for with errors.Is.
var (
	// ErrNotSQLite means the file is not an SQLite database.
	ErrNotSQLite = errors.New("not an SQLite database")
	// ErrCorrupt means SQLite could not read the database (truncated,
	// malformed) or a row holds a value of the wrong type.
	ErrCorrupt = errors.New("unreadable database (corrupt or truncated)")
	// ErrLimit means a query met more rows than it allows.
	ErrLimit = errors.New("limit exceeded")
)

// Header is the first 16 bytes of every SQLite database file.
const Header = "SQLite format 3\x00"

// The limits a Query uses when its own are zero.
const (
	DefaultMaxRows       = 1_000_000
	DefaultMaxValueBytes = 64 << 20
)

// DB is a database opened for reading. It is safe for use by one
// goroutine at a time.
type DB struct {
	db      *sql.DB
	ctx     context.Context
	tables  []string            // names of the tables, sorted
	columns map[string][]string // columns of each table, in order
}

// Open opens the SQLite database at path read-only and immutable, and
// lists its tables and their columns. It fails with an error wrapping
// ErrNotSQLite when path is not an SQLite database (or not a regular
// file), ErrCorrupt when SQLite cannot read its schema, and the error of
// os.Stat or os.Open (an *fs.PathError) when the file cannot be read.
func Open(path string) (*DB, error) {
	return OpenContext(context.Background(), path)
}

// OpenContext is Open with a context that bounds the opening and every
// later query: when it ends, the query in progress fails with an error
// wrapping the context's error.
func OpenContext(ctx context.Context, path string) (db *DB, err error) {
	if err := regular.Check(path); err != nil {
		var pe *os.PathError
		if errors.As(err, &pe) {
			return nil, err
		}
		return nil, fmt.Errorf("%w: %v", ErrNotSQLite, err)
	}
	if err := checkHeader(path); err != nil {
		return nil, err
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, err
	}
	sdb, err := sql.Open("sqlite", FileURI(abs, "mode=ro&immutable=1"))
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrCorrupt, err)
	}
	sdb.SetMaxOpenConns(1)
	d := &DB{db: sdb, ctx: ctx, columns: map[string][]string{}}
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("%w: %v", ErrCorrupt, p)
		}
		if err != nil {
			sdb.Close()
			db = nil
		}
	}()
	if err := d.readSchema(); err != nil {
		return nil, err
	}
	return d, nil
}

// FileURI is the SQLite URI of the file at path, with the query (""
// for none): the URI form, so that characters such as ? and # in a name
// are a name's, with a Windows drive letter as file:///C:/...
func FileURI(path, query string) string {
	p := filepath.ToSlash(path)
	if !strings.HasPrefix(p, "/") {
		p = "/" + p // a Windows drive
	}
	u := url.URL{Scheme: "file", Path: p, RawQuery: query}
	return u.String()
}

func checkHeader(path string) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	var h [len(Header)]byte
	if _, err := io.ReadFull(f, h[:]); err != nil || !bytes.Equal(h[:], []byte(Header)) {
		return fmt.Errorf("%w: no SQLite header", ErrNotSQLite)
	}
	return nil
}

// maxTables bounds the schema read: no tool's database has nearly so many.
const maxTables = 10_000

func (d *DB) readSchema() error {
	var names []string
	err := d.rows("sqlite_master", fmt.Sprintf("SELECT name FROM sqlite_master WHERE type = 'table' LIMIT %d", maxTables), func(r *sql.Rows) error {
		var name string
		if err := r.Scan(&name); err != nil {
			return err
		}
		names = append(names, name)
		return nil
	})
	if err != nil {
		return err // with SQLite's header, a file SQLite cannot read is damaged
	}
	slices.Sort(names)
	d.tables = slices.Compact(names)
	for _, t := range d.tables {
		var cols []string
		err := d.rows(t, fmt.Sprintf("SELECT name FROM pragma_table_info(%s) LIMIT %d", quoteString(t), maxTables), func(r *sql.Rows) error {
			var c string
			if err := r.Scan(&c); err != nil {
				return err
			}
			cols = append(cols, c)
			return nil
		})
		if err != nil {
			return err
		}
		d.columns[t] = cols
	}
	return nil
}

// rows runs q and calls fn for each row; errors are QueryErrors about
// table.
func (d *DB) rows(table, q string, fn func(*sql.Rows) error) error {
	rows, err := d.db.QueryContext(d.ctx, q)
	if err != nil {
		return d.queryError(table, 0, err)
	}
	defer rows.Close()
	for rows.Next() {
		if err := fn(rows); err != nil {
			return d.queryError(table, 0, err)
		}
	}
	if err := rows.Err(); err != nil {
		return d.queryError(table, 0, err)
	}
	return nil
}

func (d *DB) queryError(table string, row int64, err error) error {
	if ctxErr := d.ctx.Err(); ctxErr != nil {
		return &QueryError{Table: table, Row: row, Err: ctxErr}
	}
	return &QueryError{Table: table, Row: row, Err: fmt.Errorf("%w: %v", ErrCorrupt, err)}
}

// Close closes the database.
func (d *DB) Close() error { return d.db.Close() }

// Tables returns the names of the database's tables, sorted.
func (d *DB) Tables() []string { return slices.Clone(d.tables) }

// Columns returns the columns of table in their order, or nil when the
// database has no such table.
func (d *DB) Columns(table string) []string { return slices.Clone(d.columns[table]) }

// Has reports whether the database has table with (at least) columns.
func (d *DB) Has(table string, columns ...string) bool {
	have, ok := d.columns[table]
	if !ok {
		return false
	}
	for _, c := range columns {
		if !slices.Contains(have, c) {
			return false
		}
	}
	return true
}

// Missing returns those of tables the database lacks, in the order given.
func (d *DB) Missing(tables ...string) []string {
	var m []string
	for _, t := range tables {
		if _, ok := d.columns[t]; !ok {
			m = append(m, t)
		}
	}
	return m
}

// quoteString quotes s as an SQL string literal.
func quoteString(s string) string { return "'" + strings.ReplaceAll(s, "'", "''") + "'" }

// quoteName quotes s as an SQL identifier.
func quoteName(s string) string { return `"` + strings.ReplaceAll(s, `"`, `""`) + `"` }
