package xlsx

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestReadMakesNoTemporaryFile reads workbooks whose parts are larger than
// Reader.memoryPartSize (which excelize unzips to temporary files when it
// opens a package) and checks that nothing was created in Reader.TempDir
// while reading: the directory's modification time, set in the past
// before, is unchanged after (creating or removing a file changes it).
// Only a workbook with shared formulas is opened by excelize, which makes
// temporary files and removes them.
func TestReadMakesNoTemporaryFile(t *testing.T) {
	var rows strings.Builder
	for i := 1; i <= 2000; i++ {
		r := strconv.Itoa(i)
		rows.WriteString(`<row r="` + r + `"><c r="A` + r + `" t="inlineStr"><is><t>name ` + r + `</t></is></c><c r="B` + r + `" s="1"><v>` + r + `.5</v></c></row>`)
	}
	styles := `<numFmts><numFmt numFmtId="164" formatCode="0.00%"/></numFmts><cellXfs><xf numFmtId="0"/><xf numFmtId="164"/></cellXfs>`
	big := handXLSX(t, []string{"shared"}, styles, rawSheet{name: "S", data: rows.String()})
	var written bytes.Buffer
	require.NoError(t, writeBenchRows(&written, 2000))
	shared := handXLSX(t, nil, "", rawSheet{name: "S", data: rows.String() +
		`<row r="2001"><c r="A2001"><f t="shared" ref="A2001:A2002" si="0">B1+1</f><v>1</v></c></row><row r="2002"><c r="A2002"><f t="shared" si="0"/><v>2</v></c></row>`})

	past := time.Date(2001, 2, 3, 4, 5, 6, 0, time.UTC)
	tests := []struct {
		name     string
		data     []byte
		rows     int
		tempFile bool // temporary files are made (and removed)
	}{
		{"a sheet with formatted numbers", big, 1999, false},
		{"a workbook written by the Writer", written.Bytes(), 2000, false},
		{"shared formulas: opened by excelize", shared, 2001, true},
	}
	for _, tt := range tests {
		for _, raw := range []bool{false, true} {
			t.Run(fmt.Sprintf("%s, raw %v", tt.name, raw), func(t *testing.T) {
				dir := t.TempDir()
				require.NoError(t, os.Chtimes(dir, past, past))
				rd := Reader{memoryPartSize: 1024, TempDir: dir, Raw: raw}
				wb, err := rd.Read(bytes.NewReader(tt.data))
				require.NoError(t, err)
				assert.Len(t, wb.Sheets[0].Rows, tt.rows)
				info, err := os.Stat(dir)
				require.NoError(t, err)
				if tt.tempFile {
					assert.NotEqual(t, past, info.ModTime().UTC(), "excelize made temporary files")
				} else {
					assert.Equal(t, past, info.ModTime().UTC(), "a file was made in TempDir while reading")
				}
				assertEmptyDir(t, dir)
			})
		}
	}
	wb, err := (&Reader{}).Read(bytes.NewReader(shared))
	require.NoError(t, err)
	last := wb.Sheets[0].Rows[len(wb.Sheets[0].Rows)-1]
	assert.Equal(t, "B2+1", last.Cells[0].Formula)
	assert.Equal(t, "250.00%", (&Reader{}).mustCell(t, big, 1, 1), "displayed with its format")
}

// mustCell reads data and returns the displayed value of a cell of the
// first sheet's data rows.
func (rd *Reader) mustCell(t *testing.T, data []byte, row, col int) string {
	t.Helper()
	wb, err := rd.Read(bytes.NewReader(data))
	require.NoError(t, err)
	return wb.Sheets[0].Rows[row-1].Cells[col].Value
}

// assertEmptyDir fails unless dir exists and is empty.
func assertEmptyDir(t *testing.T, dir string) {
	t.Helper()
	entries, err := os.ReadDir(dir)
	require.NoError(t, err)
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	assert.Empty(t, names, "files left in %s", dir)
}

// spill writes rows to s until excelize has made a temporary file in dir
// (its stream goes to one beyond 16 MiB), and fails the test if it never
// does.
func spill(t *testing.T, s *SheetWriter, dir string) {
	t.Helper()
	text := strings.Repeat("a fairly long coded passage ", 40)
	for i := 0; i < 200_000; i++ {
		require.NoError(t, s.WriteRow(i, text))
		if i%1000 == 999 {
			if entries, _ := os.ReadDir(dir); len(entries) > 0 {
				return
			}
		}
	}
	t.Fatal("excelize made no temporary file")
}

// TestWriterTemporaryFiles writes workbooks whose rows go to excelize's
// temporary files, in Writer.TempDir, and ends them in every way a caller
// can: closed, aborted after an error, abandoned by a panic (with Abort
// deferred), and through WriteFile whose fill fails or panics. Nothing is
// left in TempDir, nor beside the file WriteFile writes.
func TestWriterTemporaryFiles(t *testing.T) {
	tests := []struct {
		name  string
		write func(t *testing.T, tmp, out string) error
	}{
		{"closed", func(t *testing.T, tmp, out string) error {
			w := NewWriter(io.Discard)
			w.TempDir = tmp
			s, err := w.AddSheet("S", []string{"N", "Text"})
			require.NoError(t, err)
			spill(t, s, tmp)
			return w.Close()
		}},
		{"aborted after an error", func(t *testing.T, tmp, out string) error {
			w := NewWriter(io.Discard)
			w.TempDir = tmp
			defer w.Abort()
			s, err := w.AddSheet("S", []string{"N", "Text"})
			require.NoError(t, err)
			spill(t, s, tmp)
			return s.WriteRow(math.NaN())
		}},
		{"abandoned by a panic, Abort deferred", func(t *testing.T, tmp, out string) (err error) {
			defer func() { err = fmt.Errorf("recovered: %v", recover()) }()
			w := NewWriter(io.Discard)
			w.TempDir = tmp
			defer w.Abort()
			s, err := w.AddSheet("S", []string{"N", "Text"})
			require.NoError(t, err)
			spill(t, s, tmp)
			panic("the caller fails")
		}},
		{"WriteFile, fill fails", func(t *testing.T, tmp, out string) error {
			return WriteFile(out, func(w *Writer) error {
				w.TempDir = tmp
				s, err := w.AddSheet("S", []string{"N", "Text"})
				require.NoError(t, err)
				spill(t, s, tmp)
				return errors.New("the caller fails")
			})
		}},
		{"WriteFile, fill panics", func(t *testing.T, tmp, out string) (err error) {
			defer func() { err = fmt.Errorf("recovered: %v", recover()) }()
			return WriteFile(out, func(w *Writer) error {
				w.TempDir = tmp
				s, err := w.AddSheet("S", []string{"N", "Text"})
				require.NoError(t, err)
				spill(t, s, tmp)
				panic("the caller fails")
			})
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tmp, outDir := t.TempDir(), t.TempDir()
			err := tt.write(t, tmp, filepath.Join(outDir, "out.xlsx"))
			if tt.name != "closed" {
				require.Error(t, err)
			} else {
				require.NoError(t, err)
			}
			assertEmptyDir(t, tmp)
			assertEmptyDir(t, outDir)
		})
	}
}
