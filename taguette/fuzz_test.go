package taguette_test

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/qdabridge/qdabridge/internal/fuzzstat"
	"github.com/qdabridge/qdabridge/taguette"
)

var fuzzCount fuzzstat.Counter

// FuzzRead writes the bytes to a file and reads it: never a panic.
func FuzzRead(f *testing.F) {
	good, err := os.ReadFile(makeDB(f, sample))
	if err != nil {
		f.Fatal(err)
	}
	f.Add(good)
	f.Add(good[:len(good)/2])
	f.Add([]byte("SQLite format 3\x00"))
	f.Fuzz(func(t *testing.T, data []byte) {
		fuzzCount.Add()
		path := filepath.Join(t.TempDir(), "fuzz.sqlite3")
		if err := os.WriteFile(path, data, 0o644); err != nil {
			t.Fatal(err)
		}
		res, err := (&taguette.Reader{MaxRows: 1000, MaxTextSize: 1 << 16, Timeout: 5 * time.Second}).ReadFile(path)
		if err == nil && res.Project == nil {
			t.Fatal("no project and no error")
		}
	})
}
