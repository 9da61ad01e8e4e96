package maxqda_test

import (
	"fmt"
	"log"
	"os"
	"path/filepath"

	"github.com/xuri/excelize/v2"

	"github.com/qdabridge/qdabridge/maxqda"
)

func ExampleReader_ReadFile() {
	dir, err := os.MkdirTemp("", "maxqda")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)
	// a Coded Segments export of two rows: one segment at two codes
	f := excelize.NewFile()
	for i, row := range [][]any{
		{"Document name", "Code", "Beginning", "End", "Segment", "Created by"},
		{"Interview 1", `Motives\Family`, 2, 2, "because of my grandmother", "ann"},
		{"Interview 1", `Feelings`, 2, 2, "because of my grandmother", "ann"},
	} {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		_ = f.SetSheetRow("Sheet1", cell, &row)
	}
	path := filepath.Join(dir, "segments.xlsx")
	if err := f.SaveAs(path); err != nil {
		log.Fatal(err)
	}
	res, err := (&maxqda.Reader{PassageSources: true}).ReadFile(path)
	if err != nil {
		log.Fatal(err)
	}
	rep := res.Report
	fmt.Println(rep.Rows, "rows,", rep.Codes, "codes,", rep.Selections, "selection,", rep.Codings, "codings")
	// Output: 2 rows, 3 codes, 1 selection, 2 codings
}
