package xlsx

import (
	"bytes"
	"fmt"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestReadMakesNoTemporaryFile reads workbooks whose parts are larger than
// Reader.MemoryPartSize (which excelize unzips to temporary files when it
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
				rd := Reader{MemoryPartSize: 1024, TempDir: dir, Raw: raw}
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
