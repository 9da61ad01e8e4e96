package sqlitedb_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/qdabridge/qdabridge/internal/fuzzstat"
	"github.com/qdabridge/qdabridge/internal/sqlitedb"
	"github.com/qdabridge/qdabridge/internal/sqlitedb/sqlitetest"
)

var fuzzCount fuzzstat.Counter

// FuzzOpen opens the bytes as a database and reads every column of every
// table: errors, never a panic or a hang.
func FuzzOpen(f *testing.F) {
	good, err := os.ReadFile(sqlitetest.Create(f, "seed.db", script))
	if err != nil {
		f.Fatal(err)
	}
	f.Add(good)
	f.Add(good[:len(good)/2])
	f.Add([]byte(sqlitedb.Header))
	f.Fuzz(func(t *testing.T, data []byte) {
		fuzzCount.Add()
		path := filepath.Join(t.TempDir(), "fuzz.db")
		if err := os.WriteFile(path, data, 0o644); err != nil {
			t.Fatal(err)
		}
		db, err := sqlitedb.Open(path)
		if err != nil {
			return
		}
		defer db.Close()
		for _, table := range db.Tables() {
			_ = db.Query(sqlitedb.Query{Table: table, Columns: append([]string{"rowid"}, db.Columns(table)...), MaxRows: 1000, MaxValueBytes: 1 << 16},
				func(r *sqlitedb.Row) error { return nil })
		}
	})
}
