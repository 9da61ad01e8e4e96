package xlsx_test

import (
	"bytes"
	"errors"
	"fmt"
	"log"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/qdabridge/qdabridge/xlsx"
)

// Write a sheet to any io.Writer. Strings are always text cells, so a value
// such as "=1+1" is stored as typed and never becomes a formula.
func ExampleWriter() {
	var buf bytes.Buffer
	w := xlsx.NewWriter(&buf)
	codes, err := w.AddSheet("Codes", []string{"Name", "References", "Modified On", "Note"})
	if err != nil {
		log.Fatal(err)
	}
	rows := [][]any{
		{"Issues\\Heavy", 12, time.Date(2021, 3, 2, 1, 0, 44, 0, time.UTC), "=1+1"},
		{"Positive Views", 3, time.Date(2021, 3, 2, 0, 0, 0, 0, time.UTC), nil},
	}
	for _, r := range rows {
		if err := codes.WriteRow(r...); err != nil {
			log.Fatal(err)
		}
	}
	if err := w.Close(); err != nil { // does not close buf
		log.Fatal(err)
	}

	var rd xlsx.Reader
	wb, err := rd.Read(&buf)
	if err != nil {
		log.Fatal(err)
	}
	for _, row := range wb.Sheets[0].Rows {
		fmt.Printf("%d: %s | %s | %s | %q\n", row.Num, row.Get("Name"), row.Get("References"), row.Get("Modified On"), row.Get("Note").Value)
	}
	// Output:
	// 2: Issues\Heavy | 12 | 2021-03-02 01:00:44 | "=1+1"
	// 3: Positive Views | 3 | 2021-03-02 | ""
}

// Read a workbook and find columns by name. Duplicate and blank header
// names get unique keys.
func ExampleReader_Read() {
	// A workbook like NVivo's coding summary, with two "Hierarchical Name"
	// columns and a blank header cell.
	var buf bytes.Buffer
	w := xlsx.NewWriter(&buf)
	s, _ := w.AddSheet("Coding Summary", []string{"Hierarchical Name", "Coverage", "Hierarchical Name", ""})
	_ = s.WriteRow(`Nodes\\Errors\Probable Error`, 0.0015, `Files\\BWOH\\Interview 1`, "x")
	if err := w.Close(); err != nil {
		log.Fatal(err)
	}

	var rd xlsx.Reader // the zero Reader uses the default limits
	wb, err := rd.Read(&buf)
	if err != nil {
		log.Fatal(err)
	}
	sheet, err := wb.RequireSheet("coding summary")
	if err != nil {
		log.Fatal(err)
	}
	for _, c := range sheet.Header {
		fmt.Printf("%q -> %q\n", c.Name, c.Key)
	}
	row := sheet.Rows[0]
	file, _ := sheet.Column("Hierarchical Name (2)")
	fmt.Println(row.Cell(file.Index))
	cov, _ := row.Get("Coverage").Float()
	fmt.Println(cov)
	_, err = sheet.RequireColumn("Coded Text")
	fmt.Println(err)
	fmt.Println(errors.Is(err, xlsx.ErrMissingColumn))
	// Output:
	// "Hierarchical Name" -> "Hierarchical Name"
	// "Coverage" -> "Coverage"
	// "Hierarchical Name" -> "Hierarchical Name (2)"
	// "" -> "col4"
	// Files\\BWOH\\Interview 1
	// 0.0015
	// xlsx: sheet "Coding Summary" row 1: missing column "Coded Text"
	// true
}

// Read the CSV form of an NVivo export with the same API.
func ExampleReader_ReadCSV() {
	csv := "\ufeff\"\n\",A : Issues,B : Heavy\r\n1 : Review 1,2,0\r\n2 : Review 10,0,1\r\n"
	var rd xlsx.Reader
	sheet, err := rd.ReadCSV(strings.NewReader(csv))
	if err != nil {
		log.Fatal(err)
	}
	for _, row := range sheet.Rows {
		n, _ := row.Get("A : Issues").Int()
		fmt.Printf("%s: %d\n", row.Get("col1"), n)
	}
	// Output:
	// 1 : Review 1: 2
	// 2 : Review 10: 0
}

// Dates come as Excel serial numbers (shown with their number format) or as
// text; Time handles both.
func ExampleCell_Time() {
	var rd xlsx.Reader
	sheet, _ := rd.ReadCSV(strings.NewReader("Modified On\n7/17/2019 7:55:35 PM\n"))
	t, err := sheet.Rows[0].Get("Modified On").Time()
	fmt.Println(t, err)
	// Output:
	// 2019-07-17 19:55:35 +0000 UTC <nil>
}

// Report a problem at a cell the same way the package does.
func ExampleSheet_ErrorAt() {
	var rd xlsx.Reader
	sheet, _ := rd.ReadCSV(strings.NewReader("Name,References\nIssues,many\n"))
	col, _ := sheet.Column("References")
	row := sheet.Rows[0]
	if _, err := row.Cell(col.Index).Int(); err != nil {
		fmt.Println(sheet.ErrorAt(row, col, err))
	}
	// Output:
	// xlsx: row 2 column B (References): cannot convert cell value: "many" is not a number
}

// Write a file atomically: it appears complete or not at all.
func ExampleWriteFile() {
	dir, err := os.MkdirTemp("", "xlsx-example")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)
	name := filepath.Join(dir, "codebook.xlsx")
	err = xlsx.WriteFile(name, func(w *xlsx.Writer) error {
		w.MaxColumnWidth = 80
		s, err := w.AddSheet("Codebook", []string{"Folder", "Name", "Description"})
		if err != nil {
			return err
		}
		return s.WriteRow(`Codes\\Hauck Pushchair Reviews`, `Issues\Heavy`, "")
	})
	if err != nil {
		log.Fatal(err)
	}
	wb, err := new(xlsx.Reader).ReadFile(name)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(wb.Sheets[0].Name, wb.Sheets[0].Rows[0].Get("Name"))
	// Output:
	// Codebook Issues\Heavy
}
