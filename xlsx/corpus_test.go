package xlsx

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// corpusDir returns $QDA_CORPUS/nvivo, or skips the test.
func corpusDir(t *testing.T) string {
	t.Helper()
	root := os.Getenv("QDA_CORPUS")
	if root == "" {
		t.Skip("QDA_CORPUS is not set; set it to the corpus directory (see corpus/MANIFEST.md) to run the tests on real NVivo exports")
	}
	dir := filepath.Join(root, "nvivo")
	if _, err := os.Stat(dir); err != nil {
		t.Skipf("QDA_CORPUS=%s has no nvivo/ directory: %v", root, err)
	}
	return dir
}

func corpusFiles(t *testing.T, dir, ext string) []string {
	t.Helper()
	var files []string
	require.NoError(t, filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.EqualFold(filepath.Ext(path), ext) {
			files = append(files, path)
		}
		return err
	}))
	return files
}

// countRows counts the row elements of a worksheet part directly in the
// XML, independently of the reader.
func countRows(t *testing.T, name, part string) int {
	t.Helper()
	data, err := os.ReadFile(name)
	require.NoError(t, err)
	xml := string(unzipPart(t, data, part))
	return len(regexp.MustCompile(`<(x:)?row[\s>/]`).FindAllStringIndex(xml, -1))
}

func TestCorpusEveryXLSXOpens(t *testing.T) {
	dir := corpusDir(t)
	files := corpusFiles(t, dir, ".xlsx")
	require.NotEmpty(t, files)
	for _, name := range files {
		rel, _ := filepath.Rel(dir, name)
		t.Run(rel, func(t *testing.T) {
			for _, rd := range []Reader{{}, {Raw: true}, {FillMerged: true}} {
				wb, err := rd.ReadFile(name)
				require.NoError(t, err)
				require.NotEmpty(t, wb.Sheets)
				for _, s := range wb.Sheets {
					assert.NotEmpty(t, s.Name)
					assert.NotEmpty(t, s.Header, "sheet %q has a header", s.Name)
					for _, r := range s.Rows {
						assert.GreaterOrEqual(t, len(r.Cells), len(s.Header))
					}
				}
			}
		})
	}
}

func TestCorpusCodebook(t *testing.T) {
	name := filepath.Join(corpusDir(t), "codebook-export.xlsx")
	data, err := os.ReadFile(name)
	require.NoError(t, err)
	sheetXML := string(unzipPart(t, data, "xl/worksheets/sheet1.xml"))
	require.Contains(t, sheetXML, `<x:dimension ref="A1" />`, "the fixture's quirk: a stale dimension")
	require.Contains(t, string(unzipPart(t, data, "docProps/app.xml")), "Sheet1", "the fixture's quirk: app.xml names another sheet")

	wb, err := (&Reader{}).ReadFile(name)
	require.NoError(t, err)
	require.Len(t, wb.Sheets, 1)
	s := wb.Sheets[0]
	assert.Equal(t, "Codebook", s.Name)
	assert.Equal(t, []string{"Folder", "Name", "Description"}, keys(s))
	assert.Len(t, s.Rows, countRows(t, name, "xl/worksheets/sheet1.xml")-1, "every row, not just the dimension's A1")
	for _, r := range s.Rows {
		assert.True(t, strings.HasPrefix(r.Get("Folder").Value, "Codes"), r.Get("Folder").Value)
		assert.NotEmpty(t, r.Get("Name").Value)
	}
	assert.Equal(t, "Issues\\Heavy", s.Rows[1].Get("Name").Value)
}

func TestCorpusFilesList(t *testing.T) {
	dir := corpusDir(t)
	name := filepath.Join(dir, "export-list", "Files.xlsx")
	wb, err := (&Reader{}).ReadFile(name)
	require.NoError(t, err)
	require.Len(t, wb.Sheets, 1)
	s := wb.Sheets[0]
	names := make([]string, len(s.Header))
	for i, c := range s.Header {
		names[i] = c.Name
	}
	assert.Equal(t, []string{"", "Name", "", "Codes", "References", "Modified On", "Modified By", "Classification", ""}, names)
	assert.Equal(t, []string{"col1", "Name", "col3", "Codes", "References", "Modified On", "Modified By", "Classification", "col9"}, keys(s))
	assert.Len(t, s.Rows, countRows(t, name, "xl/worksheets/sheet1.xml")-1)

	for _, r := range s.Rows {
		c := r.Get("Modified On")
		assert.Equal(t, TypeDate, c.Type, "row %d", r.Num)
		tm, err := c.Time()
		require.NoError(t, err, "row %d", r.Num)
		assert.True(t, tm.After(time.Date(2015, 1, 1, 0, 0, 0, 0, time.UTC)) && tm.Before(time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC)), "row %d: %v", r.Num, tm)
		n, err := r.Get("References").Int()
		require.NoError(t, err)
		assert.Positive(t, n)
	}

	// The CSV export of the same list has the same header keys and, with
	// the default (displayed) values, the same text in every cell.
	csvFile, err := os.Open(filepath.Join(dir, "export-list", "Files.csv"))
	require.NoError(t, err)
	defer csvFile.Close()
	c, err := (&Reader{}).ReadCSV(csvFile)
	require.NoError(t, err)
	assert.Equal(t, keys(s), keys(c))
	require.Len(t, c.Rows, len(s.Rows))
	for i := range s.Rows {
		assert.Equal(t, values(c.Rows[i]), values(s.Rows[i]), "row %d", s.Rows[i].Num)
	}
}

func TestCorpusSummaryViews(t *testing.T) {
	dir := filepath.Join(corpusDir(t), "summary-view")
	files := corpusFiles(t, dir, ".xlsx")
	require.NotEmpty(t, files)
	for _, name := range files {
		t.Run(filepath.Base(name), func(t *testing.T) {
			wb, err := (&Reader{}).ReadFile(name)
			require.NoError(t, err)
			s := wb.Sheets[0]
			assert.Equal(t, []string{"col1", "Name", "In Folder", "References", "Coverage"}, keys(s))
			for _, r := range s.Rows {
				cov := r.Get("Coverage")
				assert.Equal(t, TypeNumber, cov.Type)
				assert.True(t, strings.HasSuffix(cov.Value, "%"), cov.Value)
				f, err := cov.Float()
				require.NoError(t, err)
				assert.True(t, f > 0 && f <= 1, "coverage is a fraction: %v", f)
			}
			csvName := strings.TrimSuffix(name, ".xlsx") + ".csv"
			csvFile, err := os.Open(csvName)
			if err != nil {
				return
			}
			defer csvFile.Close()
			c, err := (&Reader{}).ReadCSV(csvFile)
			require.NoError(t, err)
			require.Len(t, c.Rows, len(s.Rows))
			for i := range s.Rows {
				assert.Equal(t, values(c.Rows[i]), values(s.Rows[i]))
			}
		})
	}
}

func TestCorpusMatrices(t *testing.T) {
	dir := corpusDir(t)
	files := append(corpusFiles(t, filepath.Join(dir, "matrix-coding-query"), ".xlsx"), filepath.Join(dir, "framework-matrix.xlsx"))
	label := regexp.MustCompile(`^\d+ : `)
	for _, name := range files {
		t.Run(filepath.Base(name), func(t *testing.T) {
			wb, err := (&Reader{}).ReadFile(name)
			require.NoError(t, err)
			s := wb.Sheets[0]
			assert.Equal(t, "col1", s.Header[0].Key)
			for _, c := range s.Header[1:] {
				assert.Regexp(t, `^[A-Z]+ : `, c.Name)
			}
			require.NotEmpty(t, s.Rows)
			for _, r := range s.Rows {
				assert.Regexp(t, label, r.Cells[0].Value)
			}
		})
	}
	c, err := os.Open(filepath.Join(dir, "matrix-coding-query-export.csv"))
	require.NoError(t, err)
	defer c.Close()
	s, err := (&Reader{}).ReadCSV(c)
	require.NoError(t, err)
	assert.Equal(t, "\n", s.Header[0].Name)
	assert.Equal(t, "col1", s.Header[0].Key)
	assert.Len(t, s.Header, 82, "81 codes and the label column")
	require.Equal(t, 336, len(s.Rows), "335 files and a TOTALS row")
	assert.Equal(t, "TOTALS", s.Rows[335].Cells[0].Value)
	_, dup := s.Column("A : Academic Success")
	assert.True(t, dup)
}

func TestCorpusLegacyXLS(t *testing.T) {
	files := corpusFiles(t, corpusDir(t), ".xls")
	require.NotEmpty(t, files)
	for _, name := range files {
		_, err := (&Reader{}).ReadFile(name)
		require.ErrorIs(t, err, ErrLegacyXLS, name)
		assert.Contains(t, err.Error(), "re-save it as .xlsx")
	}
}
