package workbook_test

import (
	"bytes"
	"fmt"
	"log"

	"github.com/qdabridge/qdabridge/refi"
	"github.com/qdabridge/qdabridge/xlsx/workbook"
)

// Write a project as a workbook a researcher can edit in a spreadsheet,
// and read it back.
func ExampleWriter_Write() {
	doc := refi.New("Social prescribing")
	src, err := doc.AddText("Interview P01", "P01: The bus only comes twice a day.")
	if err != nil {
		log.Fatal(err)
	}
	sel, err := doc.SelectText(src, "twice a day")
	if err != nil {
		log.Fatal(err)
	}
	sel.AddCoding(doc.Project.AddCode("Transport"), doc.Project.AddUser("Alice"))

	var out bytes.Buffer
	rep, err := (&workbook.Writer{}).Write(&out, doc)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("lost:", rep.Ledger.LossSummary())
	back, err := workbook.Read(bytes.NewReader(out.Bytes()))
	if err != nil {
		log.Fatal(err)
	}
	for e, err := range back.Document.Excerpts(refi.ExcerptOptions{}) {
		fmt.Println(e.Text, e.CodePaths(), err)
	}
	// Output:
	// lost: nothing
	// twice a day [Transport] <nil>
}
