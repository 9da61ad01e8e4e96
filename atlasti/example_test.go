package atlasti_test

import (
	"fmt"
	"log"
	"os"
	"path/filepath"

	"github.com/qdabridge/qdabridge/atlasti"
)

func ExampleReader_ReadFile() {
	dir, err := os.MkdirTemp("", "atlasti")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)
	// a Quotation Manager export: one quotation at two codes, one of
	// whose names holds ", "
	export := "Number;Reference;Text Content;Document;Codes;Number of Codes\n" +
		"1:1;¶ 2;\"because of my grandmother\";Interview 1;\"Family, friends: Family, Roots\";2\n"
	path := filepath.Join(dir, "quotations.csv")
	if err := os.WriteFile(path, []byte(export), 0o644); err != nil {
		log.Fatal(err)
	}
	res, err := (&atlasti.Reader{PassageSources: true}).ReadFile(path)
	if err != nil {
		log.Fatal(err)
	}
	for _, c := range res.Project.Codes {
		fmt.Println(c.Name)
	}
	fmt.Println(res.Report.Selections, "selection,", res.Report.Codings, "codings")
	// Output:
	// Family, friends: Family
	// Roots
	// 1 selection, 2 codings
}
