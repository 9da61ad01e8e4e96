package workbook

import (
	"bytes"
	"strings"
	"testing"

	"github.com/qdabridge/qdabridge/internal/fuzzstat"
	"github.com/qdabridge/qdabridge/refi"
	"github.com/qdabridge/qdabridge/xlsx"
	"github.com/stretchr/testify/require"
	"github.com/xuri/excelize/v2"
)

// fuzzCount counts the inputs the fuzz targets run (see .ci/fuzz).
var fuzzCount fuzzstat.Counter

// fuzzReader has limits small enough that one input is quick to read.
var fuzzReader = Reader{
	XLSX:   xlsx.Reader{MaxBytes: 4 << 20, MaxRows: 5000, MaxColumns: 200, MaxCells: 100_000, MaxCellBytes: 64 << 10, MaxSheets: 16},
	Limits: refi.Limits{MaxProjectSize: 4 << 20, MaxTextSize: 1 << 20, MaxDepth: 64},
}

// fuzzSeedDocs are the projects whose workbooks seed the fuzz targets.
func fuzzSeedDocs(t testing.TB) []*refi.Document {
	docs := []*refi.Document{sampleDoc(t)}
	for _, f := range []string{"../../refi/testdata/qde/full.qde", "../../refi/testdata/qde/document-variables.qde", "../../refi/testdata/qde/case-codes.qde"} {
		doc, err := refi.Open(f)
		require.NoError(t, err)
		docs = append(docs, doc)
	}
	return docs
}

// checkResult uses a result as a caller would, and checks that writing it
// and reading it back gives the same project with no edit: what was read
// is written without loss.
func checkResult(t *testing.T, res *Result, err error) {
	if err != nil {
		msg := err.Error()
		if strings.Contains(msg, "\n") || !(strings.HasPrefix(msg, "workbook: ") || strings.HasPrefix(msg, "xlsx: ") || strings.HasPrefix(msg, "refi: ")) {
			t.Fatalf("bad error message %q", msg)
		}
		return
	}
	for _, p := range res.Problems {
		if p.Sheet == "" || strings.Contains(p.Error(), "\n") {
			t.Fatalf("bad problem %q", p.Error())
		}
	}
	for e := range res.Document.Excerpts(refi.ExcerptOptions{All: true}) {
		_ = e
	}
	var buf bytes.Buffer
	_, err = Write(&buf, res.Document)
	require.NoError(t, err)
	again, err := fuzzReader.Read(bytes.NewReader(buf.Bytes()))
	require.NoError(t, err)
	require.Empty(t, again.Edits, "written again, the workbook reads with edits")
	require.Empty(t, refi.Diff(res.Document.Project, again.Document.Project))
}

// FuzzRead reads arbitrary bytes as a project workbook. It must never
// panic, and a workbook it reads must write and read back unchanged.
func FuzzRead(f *testing.F) {
	for _, doc := range fuzzSeedDocs(f) {
		data := writeWorkbook(f, doc)
		f.Add(data)
		f.Add(data[:len(data)/2])
	}
	f.Add(hiddenSheet(f, formatVersion, dataPart{kind: "project", name: "project.qde", data: []byte(tinyProject)}))
	f.Add([]byte("not a workbook"))
	f.Fuzz(func(t *testing.T, data []byte) {
		fuzzCount.Add()
		res, err := fuzzReader.Read(bytes.NewReader(data))
		checkResult(t, res, err)
	})
}

// FuzzEdits edits cells of a valid workbook as a researcher might — any
// text in any cell of the visible sheets, and rows beyond the last — and
// reads it: whatever is typed, the edits are applied or reported, nothing
// panics, and the project read writes and reads back unchanged.
func FuzzEdits(f *testing.F) {
	docs := fuzzSeedDocs(f)
	books := make([][]byte, len(docs))
	for i, doc := range docs {
		books[i] = writeWorkbook(f, doc)
	}
	f.Add(uint8(0), uint8(1), uint16(2), uint8(0), "Perceived value > New code", uint8(1), uint16(3), uint8(0), "P01 Zoë (patient)")
	f.Add(uint8(0), uint8(0), uint16(2), uint8(5), "Loneliness and isolation\nNo such > code", uint8(0), uint16(4), uint8(8), "=memo")
	f.Add(uint8(1), uint8(2), uint16(2), uint8(2), "x", uint8(3), uint16(9), uint8(0), "\t=1+1")
	f.Add(uint8(2), uint8(1), uint16(3), uint8(6), "", uint8(0), uint16(2), uint8(4), "other text")
	f.Add(uint8(3), uint8(0), uint16(3), uint8(2), "-5", uint8(0), uint16(3), uint8(3), "99999999999999999999")
	f.Fuzz(func(t *testing.T, book, sheet1 uint8, row1 uint16, col1 uint8, v1 string, sheet2 uint8, row2 uint16, col2 uint8, v2 string) {
		fuzzCount.Add()
		data := books[int(book)%len(books)]
		ef, err := excelize.OpenReader(bytes.NewReader(data))
		require.NoError(t, err)
		defer ef.Close()
		visible := []string{SheetExcerpts, SheetCodes, SheetParticipants, SheetSources}
		set := func(sheet uint8, row uint16, col uint8, v string) {
			ref, err := excelize.CoordinatesToCellName(int(col)%16+1, int(row)%200+2)
			require.NoError(t, err)
			// values Excel cannot hold are not typed
			if len(v) > 1000 || !validXMLText(v) {
				return
			}
			require.NoError(t, ef.SetCellStr(visible[int(sheet)%len(visible)], ref, v))
		}
		set(sheet1, row1, col1, v1)
		set(sheet2, row2, col2, v2)
		var buf bytes.Buffer
		require.NoError(t, ef.Write(&buf))
		res, err := fuzzReader.Read(bytes.NewReader(buf.Bytes()))
		require.NoError(t, err, "an edited workbook stays readable")
		checkResult(t, res, err)
	})
}

// validXMLText reports whether s is UTF-8 made of characters XML 1.0 can
// carry (what a spreadsheet application can store in a cell).
func validXMLText(s string) bool {
	for _, r := range s {
		if r == 0xFFFD || r < 0x20 && r != '\t' && r != '\n' && r != '\r' || r == 0xFFFE || r == 0xFFFF {
			return false
		}
	}
	return true
}
