package qualcoder_test

import (
	"bytes"
	"database/sql"
	"fmt"
	"log"
	"os"
	"path/filepath"

	_ "modernc.org/sqlite" // to make the example's database

	"github.com/qdabridge/qdabridge/qualcoder"
	"github.com/qdabridge/qdabridge/refi"
)

// exampleProject makes a small QualCoder project folder and returns it.
func exampleProject() string {
	dir, err := os.MkdirTemp("", "example")
	if err != nil {
		log.Fatal(err)
	}
	folder := filepath.Join(dir, "interviews.qda")
	if err := os.Mkdir(folder, 0o755); err != nil {
		log.Fatal(err)
	}
	db, err := sql.Open("sqlite", filepath.Join(folder, "data.qda"))
	if err != nil {
		log.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Exec(schemaV17 + `
INSERT INTO project VALUES ('v17', '2026-01-02 03:04:05', '', 'QualCoder 4.0', 0, 0, 'ann', '', NULL, NULL, NULL);
INSERT INTO source VALUES (1, 'Interview 1', 'I walk 🚶 to work. It keeps me calm.', NULL, '', 'ann', '2026-01-02 10:00:00', NULL, NULL);
INSERT INTO code_cat VALUES (1, 'Wellbeing', 'ann', '2026-01-02 10:00:00', '', NULL);
INSERT INTO code_name VALUES (1, 'Exercise', '', 1, 'ann', '2026-01-02 10:00:00', '#80C080', NULL);
INSERT INTO code_name VALUES (2, 'Calm', '', 1, 'ann', '2026-01-02 10:00:00', '#8080C0', NULL);
INSERT INTO code_text VALUES (1, 1, 1, 'I walk 🚶 to work.', 0, 17, 'ann', '2026-01-03 10:00:00', '', NULL, NULL);
INSERT INTO code_text VALUES (2, 2, 1, 'It keeps me calm.', 18, 35, 'ann', '2026-01-03 10:00:00', '', NULL, NULL);
`); err != nil {
		log.Fatal(err)
	}
	return folder
}

// ExampleReader_ReadFile reads a QualCoder project folder and writes it as
// a REFI-QDA .qdpx.
func ExampleReader_ReadFile() {
	folder := exampleProject()
	defer os.RemoveAll(filepath.Dir(folder))

	res, err := (&qualcoder.Reader{}).ReadFile(folder)
	if err != nil {
		log.Fatal(err)
	}
	rep := res.Report
	fmt.Printf("%s %s: %d source, %d codes in %d category, %d codings (%d at their positions)\n",
		res.Project.Name, rep.Version, rep.Sources, rep.Codes, rep.Categories, rep.Codings, rep.AtPosition)

	var qdpx bytes.Buffer
	if _, err := (&refi.Writer{}).Write(&qdpx, res.Document(), refi.FormatQDPX); err != nil {
		log.Fatal(err)
	}
	doc, err := refi.ReadQDPX(bytes.NewReader(qdpx.Bytes()), int64(qdpx.Len()))
	if err != nil {
		log.Fatal(err)
	}
	ts := doc.Project.Sources[0].(*refi.TextSource)
	for i := range ts.Selections {
		text, _ := doc.SelectionText(ts, &ts.Selections[i])
		fmt.Printf("%d-%d %q\n", ts.Selections[i].Start, ts.Selections[i].End, text)
	}
	// Output:
	// interviews v17: 1 source, 2 codes in 1 category, 2 codings (2 at their positions)
	// 0-17 "I walk 🚶 to work."
	// 18-35 "It keeps me calm."
}

// ExampleReport_Ledger shows what a read left out.
func ExampleReport_Ledger() {
	folder := exampleProject()
	defer os.RemoveAll(filepath.Dir(folder))
	res, err := (&qualcoder.Reader{}).ReadFile(filepath.Join(folder, "data.qda"))
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("lost:", res.Report.Ledger().Lost(), "not placed:", len(res.Report.NotPlaced))
	// Output:
	// lost: false not placed: 0
}
