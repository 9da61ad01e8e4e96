package nvivo_test

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/qdabridge/qdabridge/internal/fuzzstat"
	"github.com/qdabridge/qdabridge/nvivo"
	"github.com/qdabridge/qdabridge/refi"
	"github.com/qdabridge/qdabridge/xlsx"
)

// fuzzCount counts the inputs the fuzz targets of this file run (see
// internal/fuzzstat and .ci/fuzz; QDA_FUZZ_STATS names the folder of the
// counts).
var fuzzCount fuzzstat.Counter

// fuzzReader keeps fuzzed inputs small.
var fuzzReader = nvivo.Reader{Name: "fuzz", MaxWarnings: 20,
	XLSX: xlsx.Reader{MaxBytes: 1 << 20, MaxCells: 100_000, MaxRows: 10_000, MaxColumns: 256, MaxCellBytes: 64 << 10}}

// seedFile adds a file of testdata as a seed.
func seedFile(f *testing.F, name string) {
	data, err := os.ReadFile(filepath.Join(sampleExportsDir, name))
	require.NoError(f, err)
	f.Add(data)
}

// checkRead reads data as kind (or detecting it when kind is "") and
// checks what every result must satisfy: errors are *nvivo.Error with the
// prefix, and every row is either read or counted in a warning. A project
// built from the export validates.
func checkRead(t *testing.T, data []byte, kind nvivo.ExportKind) {
	fuzzCount.Add()
	r := fuzzReader
	r.Kind = kind
	ex, err := r.Read(bytes.NewReader(data))
	if err != nil {
		var ne *nvivo.Error
		if !errors.As(err, &ne) {
			t.Fatalf("error of type %T: %v", err, err)
		}
		if !strings.HasPrefix(err.Error(), "nvivo: ") || strings.Contains(err.Error(), "\n") {
			t.Fatalf("bad message %q", err.Error())
		}
		return
	}
	read := 0
	switch {
	case ex.Codebook != nil:
		read = len(ex.Codebook.Codes)
	case ex.Classification != nil:
		read = len(ex.Classification.Rows)
		for _, row := range ex.Classification.Rows {
			if len(row.Values) != len(ex.Classification.Attributes) {
				t.Fatalf("row %d has %d values for %d attributes", row.Row, len(row.Values), len(ex.Classification.Attributes))
			}
		}
	case ex.CodingSummary != nil:
		read = len(ex.CodingSummary.References)
	case ex.Table != nil:
		read = len(ex.Table.Rows)
		_ = ex.Table.Items()
		for _, row := range ex.Table.Rows {
			if len(row.Cells) != len(ex.Table.Columns) {
				t.Fatalf("row %d has %d cells for %d columns", row.Row, len(row.Cells), len(ex.Table.Columns))
			}
		}
	default:
		t.Fatalf("export without content: %+v", ex)
	}
	skipped := 0
	for _, w := range ex.Warnings {
		_ = w.String()
		if w.Code == nvivo.WarnRowSkipped {
			skipped += w.Count
		}
	}
	if read+skipped != ex.Rows {
		t.Fatalf("%d rows read + %d skipped != %d rows", read, skipped, ex.Rows)
	}
	b := &nvivo.Builder{PassageSources: true, MaxWarnings: 20}
	b.Add(ex)
	res, err := b.Build()
	if err != nil {
		if !errors.Is(err, nvivo.ErrNothingToBuild) {
			t.Fatalf("build: %v", err)
		}
		return
	}
	var buf bytes.Buffer
	if _, err := (&refi.Writer{}).Write(&buf, refi.NewDocument(res.Project, nil), refi.FormatQDE); err != nil {
		t.Fatalf("write: %v", err)
	}
	if err := refi.ValidateProjectXML(&buf); err != nil {
		t.Fatalf("invalid project: %v", err)
	}
}

func FuzzReadCodebook(f *testing.F) {
	seedFile(f, "codebook.xlsx")
	f.Add([]byte("Folder,Name,Description,Files,References\nCodes,A,x,1,2\n" + `Codes\\F,A\B,,x,` + "\n,,\n"))
	f.Add(book(f, "Codebook", []string{"Folder", "Name", "Description"}, []any{"Codes", `Issues\Heavy`, "d"}, []any{"", "", ""}))
	seedLineEnds(f, "codebook-mac-cr.csv")
	f.Fuzz(func(t *testing.T, data []byte) { checkRead(t, data, nvivo.KindCodebook) })
}

// seedLineEnds adds a fixture of testdata/lineends, whose records end in
// a lone CR, as it is and with mixed line ends.
func seedLineEnds(f *testing.F, name string) {
	data, err := os.ReadFile(filepath.Join("testdata", "lineends", name))
	require.NoError(f, err)
	f.Add(data)
	f.Add(withLineEnds(data, "\r", "\r\n", "\n"))
}

func FuzzReadClassification(f *testing.F) {
	seedFile(f, "classification.xlsx")
	f.Add([]byte("Interviewees\tAge\tJoined\tMember\nCases\\\\P\\P01\t34\t1/2/2020\tYes\nP02\tUnassigned\t2020-01-02T10:00:00\tNot Applicable\n"))
	f.Add([]byte(",Age,Score\nP01,007,1.5\nP01,-3,.5\n"))
	f.Add(book(f, "Sheet1", []string{"C", "D", "B"}, []any{"P1", time.Date(2020, 1, 2, 0, 0, 0, 0, time.UTC), true}, []any{"P2", 3.5, false}))
	seedLineEnds(f, "classification-mac-cr.txt")
	f.Fuzz(func(t *testing.T, data []byte) { checkRead(t, data, nvivo.KindClassification) })
}

func FuzzReadCodingSummaryXLSX(f *testing.F) {
	seedFile(f, "coding-summary-by-code.xlsx")
	f.Add(book(f, "Coding Summary By File Extra-0",
		[]string{"Hierarchical Name", "File Type", "Hierarchical Name", "Code Type", "Aggregate", "Reference Number", "Coded By Initials", "Modified On", "Coded Text"},
		[]any{`Internals\\A`, "Document", `Nodes\\X\Y`, "Node", "Yes", 1, "AB", time.Date(2021, 3, 2, 13, 0, 0, 0, time.UTC), "text"},
		[]any{`Internals\\A`, "Document", `Nodes\\X`, "Node", "Yes", 1, "AB", "3/2/2021 1:00 PM", "text"}))
	f.Fuzz(func(t *testing.T, data []byte) { checkRead(t, data, nvivo.KindCodingSummary) })
}

func FuzzReadCodingSummaryText(f *testing.F) {
	seedFile(f, "coding-summary-by-code.txt")
	f.Add([]byte(codingSummaryText))
	f.Add([]byte("Hierarchical Name, Code Type, Hierarchical Name, File Type, Coded Text\r\nNodes\\\\A, Node, Files\\\\f, Document, \"a, \"\"b\r\nc\"\r\nCases\\\\P, Case, Files\\\\f, Document, x\ny\n"))
	f.Add([]byte("Hierarchical Name, Code Type, Hierarchical Name, File Type, Coded Text\rNodes\\\\A, Node, Files\\\\f, Document, \"a,\rb\"\r\rNodes\\\\B, Node, Files\\\\f, Document, x\ry\r\n"))
	f.Fuzz(func(t *testing.T, data []byte) { checkRead(t, data, "") })
}

func FuzzReadTable(f *testing.F) {
	seedFile(f, "files-list.xlsx")
	f.Add([]byte("\uFEFF\"\n\",A : Success,B : Access,C : Success\n1 : Paper one,1,0,2\nTOTALS,1,0,2\n"))
	f.Add([]byte(",A : Gender = F,B : Total\n1 : code,1,3\n2 : Total,1,3\n"))
	f.Add([]byte(",Name,In Folder,References,Coverage\n,f1,Files,1,0.56%\n"))
	f.Add([]byte(",Name,,Codes,References,Modified On,Modified By,Classification,\n,f1,,2,2,3/2/2021 1:00 AM,JZ,,\n"))
	f.Add(book(f, "Sheet1", []string{"", "A : Issues", "B : Heavy"}, []any{"1 : 1", "\n", "so heavy\n"}))
	f.Fuzz(func(t *testing.T, data []byte) { checkRead(t, data, "") })
}
