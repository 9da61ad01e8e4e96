// Package sqlitetest makes SQLite databases for tests from SQL text, so
// that fixtures are written as the statements that build them rather than
// kept as binary files.
package sqlitetest

import (
	"database/sql"
	"path/filepath"
	"testing"

	"github.com/qdabridge/qdabridge/internal/sqlitedb"
	_ "modernc.org/sqlite" // the database/sql driver "sqlite"
)

// Create makes the database name in a new temporary folder of tb by
// running script (statements separated by semicolons), and returns its
// path. It fails tb on any error.
func Create(tb testing.TB, name, script string) string {
	tb.Helper()
	path := filepath.Join(tb.TempDir(), name)
	CreateAt(tb, path, script)
	return path
}

// CreateAt is Create at a path of the caller's choosing; the file must not
// exist yet.
func CreateAt(tb testing.TB, path, script string) {
	tb.Helper()
	db, err := sql.Open("sqlite", sqlitedb.FileURI(path, ""))
	if err != nil {
		tb.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Exec(script); err != nil {
		tb.Fatalf("sqlitetest: %v", err)
	}
	// Put the database in one file, as the tools leave it.
	if _, err := db.Exec("PRAGMA journal_mode=DELETE"); err != nil {
		tb.Fatalf("sqlitetest: %v", err)
	}
}
