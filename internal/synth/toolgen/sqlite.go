package toolgen

import (
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/qdabridge/qdabridge/internal/sqlitedb"
	_ "modernc.org/sqlite" // the database/sql driver "sqlite"
)

// dateLayout is how the tools' databases write dates.
const dateLayout = "2006-01-02 15:04:05"

// createDB makes the SQLite database path, which must not exist: it runs
// schema, then fill in one transaction.
func createDB(path, schema string, fill func(tx *sql.Tx) error) (err error) {
	if _, err := os.Lstat(path); err == nil {
		return fmt.Errorf("toolgen: %s already exists", path)
	} else if !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("toolgen: %w", err)
	}
	db, err := sql.Open("sqlite", sqlitedb.FileURI(path, ""))
	if err != nil {
		return fmt.Errorf("toolgen: %w", err)
	}
	defer func() {
		if cerr := db.Close(); err == nil && cerr != nil {
			err = fmt.Errorf("toolgen: %w", cerr)
		}
	}()
	if _, err := db.Exec("PRAGMA synchronous=OFF;\n" + schema); err != nil {
		return fmt.Errorf("toolgen: schema of %s: %w", filepath.Base(path), err)
	}
	tx, err := db.Begin()
	if err != nil {
		return fmt.Errorf("toolgen: %w", err)
	}
	if err := fill(tx); err != nil {
		tx.Rollback()
		return fmt.Errorf("toolgen: filling %s: %w", filepath.Base(path), err)
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("toolgen: %w", err)
	}
	return nil
}

// inserter runs one prepared INSERT for many rows, keeping the first error.
type inserter struct {
	st  *sql.Stmt
	err error
}

func prepare(tx *sql.Tx, query string) *inserter {
	st, err := tx.Prepare(query)
	return &inserter{st: st, err: err}
}

func (in *inserter) add(args ...any) {
	if in.err == nil {
		_, in.err = in.st.Exec(args...)
	}
}

// close closes the statement and returns the first error.
func (in *inserter) close() error {
	if in.st != nil {
		in.st.Close()
	}
	return in.err
}

// inserts runs the inserters' fills and closes them, returning the first error.
func inserts(ins ...*inserter) error {
	var errs []error
	for _, in := range ins {
		errs = append(errs, in.close())
	}
	return errors.Join(errs...)
}
