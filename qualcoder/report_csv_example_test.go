package qualcoder_test

import (
	"fmt"
	"log"
	"os"
	"path/filepath"

	"github.com/qdabridge/qdabridge/qualcoder"
)

func ExampleCodingReportReader_ReadFile() {
	dir, err := os.MkdirTemp("", "qualcoder")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)
	report := "\uFEFF\"File\",\"Coder\",\"Coded\",\"Id\",\"Codename\",\"Coded_Memo\",\"Category\"\n" +
		"\"Interview 1.docx\",\"ana\",\"because of my grandmother\",\"ctid:1\",\"Family\",\"\",\"Motives\"\n" +
		"\"Interview 1.docx\",\"ana\",\"because of my grandmother\",\"ctid:2\",\"Roots\",\"\",\"Motives\"\n"
	path := filepath.Join(dir, "report.csv")
	if err := os.WriteFile(path, []byte(report), 0o644); err != nil {
		log.Fatal(err)
	}
	res, err := (&qualcoder.CodingReportReader{PassageSources: true}).ReadFile(path)
	if err != nil {
		log.Fatal(err)
	}
	rep := res.Report
	fmt.Println(rep.Codes, "codes,", rep.Selections, "selection,", rep.Codings, "codings")
	// Output: 3 codes, 1 selection, 2 codings
}
