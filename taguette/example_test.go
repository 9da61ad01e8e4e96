package taguette_test

import (
	"database/sql"
	"fmt"
	"os"
	"path/filepath"

	"github.com/qdabridge/qdabridge/taguette"
)

func ExampleReader_ReadFile() {
	dir, err := os.MkdirTemp("", "taguette")
	if err != nil {
		fmt.Println(err)
		return
	}
	defer os.RemoveAll(dir)
	path := filepath.Join(dir, "project.sqlite3")
	db, err := sql.Open("sqlite", path)
	if err != nil {
		fmt.Println(err)
		return
	}
	if _, err := db.Exec(sample); err != nil {
		fmt.Println(err)
		return
	}
	db.Close()

	res, err := (&taguette.Reader{}).ReadFile(path)
	if err != nil {
		fmt.Println(err)
		return
	}
	r := res.Report
	fmt.Printf("%d sources, %d codes, %d selections, %d codings\n", r.Sources, r.Codes, r.Selections, r.Codings)
	for _, p := range r.NotPlaced {
		fmt.Printf("highlight %d of %q not placed\n", p.Highlight, p.Document)
	}
	// Output:
	// 2 sources, 5 codes, 3 selections, 4 codings
	// highlight 3 of "Interview 1" not placed
	// highlight 5 of "Interview 1" not placed
}
