package taguette_test

import (
	"fmt"
	"log"
	"os"
	"path/filepath"

	"github.com/qdabridge/qdabridge/taguette"
)

func ExampleHighlightsReader_ReadFile() {
	dir, err := os.MkdirTemp("", "taguette")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)
	// a highlights export as CSV: highlight 7 has two tags
	export := "id,document,tag,content\n" +
		"7,Interview 1,family,because of my grandmother\n" +
		"7,Interview 1,roots,because of my grandmother\n" +
		"8,Interview 1,crops,tomatoes and beans\n"
	path := filepath.Join(dir, "highlights.csv")
	if err := os.WriteFile(path, []byte(export), 0o644); err != nil {
		log.Fatal(err)
	}
	res, err := (&taguette.HighlightsReader{PassageSources: true}).ReadFile(path)
	if err != nil {
		log.Fatal(err)
	}
	rep := res.Report
	fmt.Println(rep.Codes, "codes,", rep.Selections, "selections,", rep.Codings, "codings")
	// Output: 3 codes, 2 selections, 3 codings
}
