package rqda_test

import (
	"bytes"
	"fmt"
	"log"
	"os"
	"path/filepath"
	"testing"

	"github.com/qdabridge/qdabridge/internal/sqlitedb/sqlitetest"
	"github.com/qdabridge/qdabridge/refi"
	"github.com/qdabridge/qdabridge/rqda"
)

// exampleProject makes a small RQDA project: one source, a code in a
// category, two codings (one recorded with an offset RQDA got wrong, as
// real files have them) and a deleted coding.
func exampleProject() (string, func()) {
	dir, err := os.MkdirTemp("", "rqda-example-")
	if err != nil {
		log.Fatal(err)
	}
	path := filepath.Join(dir, "interviews.rqda")
	sqlitetest.CreateAt(&exampleTB{}, path, schema+`
		INSERT INTO project VALUES ('0.2.2', 'Sun Jul 12 20:00:21 2020', NULL, NULL, NULL, NULL);
		INSERT INTO source VALUES ('Interview 1', 1, 'Q: Did it help?
A: Not really. It was too late.', NULL, 'marvin', 'Sun Jul 12 20:01:27 2020', NULL, 1);
		INSERT INTO freecode VALUES ('Doubt', NULL, 'marvin', NULL, NULL, 1, 1, 'aquamarine4');
		INSERT INTO codecat VALUES ('Feelings', NULL, 1, 'marvin', NULL, NULL, NULL, 1);
		INSERT INTO treecode VALUES (1, 1, NULL, NULL, NULL, 1, 'marvin');
		INSERT INTO coding VALUES (1, 1, 'Not really.', 19, 30, 1, 'marvin', 'Sun Jul 12 20:02:19 2020', NULL);
		INSERT INTO coding VALUES (1, 1, 'too late', -3, 5, 1, 'marvin', 'Sun Jul 12 20:02:27 2020', NULL);
		INSERT INTO coding VALUES (1, 1, 'Q:', 0, 2, 0, 'marvin', NULL, NULL);`)
	return path, func() { os.RemoveAll(dir) }
}

// exampleTB lets an example build its database with sqlitetest, which
// calls only these methods.
type exampleTB struct{ testing.TB }

func (exampleTB) Helper()                           {}
func (exampleTB) Fatal(args ...any)                 { log.Fatal(args...) }
func (exampleTB) Fatalf(format string, args ...any) { log.Fatalf(format, args...) }

func ExampleReader_ReadFile() {
	path, cleanup := exampleProject()
	defer cleanup()

	res, err := (&rqda.Reader{}).ReadFile(path)
	if err != nil {
		log.Fatal(err)
	}
	rep := res.Report
	fmt.Printf("%d source, %d code in %d category, %d codings (%d at the recorded place, %d moved), %d deleted\n",
		rep.Sources, rep.Codes, rep.Categories, rep.Codings, rep.AtRecorded, rep.Shifted, rep.Deleted["coding"])

	var out bytes.Buffer
	if _, err := (&refi.Writer{}).Write(&out, res.Document(), refi.FormatQDPX); err != nil {
		log.Fatal(err)
	}
	doc, err := refi.ReadQDPX(bytes.NewReader(out.Bytes()), int64(out.Len()))
	if err != nil {
		log.Fatal(err)
	}
	defer doc.Close()
	src := doc.Project.Sources[0].(*refi.TextSource)
	for i, sel := range src.Selections {
		text, err := doc.SelectionText(src, &src.Selections[i])
		if err != nil {
			log.Fatal(err)
		}
		fmt.Printf("%d-%d %q\n", sel.Start, sel.End, text)
	}
	// Output:
	// 1 source, 1 code in 1 category, 2 codings (1 at the recorded place, 1 moved), 1 deleted
	// 19-30 "Not really."
	// 38-46 "too late"
}
