package nvivo_test

import (
	"archive/zip"
	"bytes"
	"encoding/csv"
	"encoding/xml"
	"errors"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/qdabridge/qdabridge/internal/corpus"
	"github.com/qdabridge/qdabridge/nvivo"
	"github.com/qdabridge/qdabridge/refi"
	"github.com/qdabridge/qdabridge/xlsx"
)

// corpusKinds is the kind of every real export in $QDA_CORPUS/nvivo (see
// its MANIFEST.md); "" means the file must be refused.
var corpusKinds = map[string]nvivo.ExportKind{
	"codebook-export.xlsx":               nvivo.KindCodebook,
	"coding-summary-by-code-extract.txt": nvivo.KindCodingSummary,
	"coding-summary-by-code-extract.xls": "",
	"export-list/Files.csv":              nvivo.KindList,
	"export-list/Files.xlsx":             nvivo.KindList,
	"framework-matrix.xlsx":              nvivo.KindFramework,
	"matrix-coding-query-export.csv":     nvivo.KindMatrix,
	"matrix-coding-query/*.xlsx":         nvivo.KindMatrix,
	"summary-view/*.xlsx":                nvivo.KindSummaryView,
	"summary-view/*.csv":                 nvivo.KindSummaryView,
}

func corpusFiles(t *testing.T) (string, []string) {
	dir := corpus.Dir(t, "nvivo")
	var files []string
	require.NoError(t, filepath.Walk(dir, func(p string, info os.FileInfo, err error) error {
		if err == nil && !info.IsDir() {
			rel, _ := filepath.Rel(dir, p)
			files = append(files, filepath.ToSlash(rel))
		}
		return err
	}))
	sort.Strings(files)
	require.NotEmpty(t, files)
	return dir, files
}

func expectedKind(t *testing.T, rel string) nvivo.ExportKind {
	for pat, k := range corpusKinds {
		if ok, _ := filepath.Match(pat, rel); ok {
			return k
		}
	}
	t.Fatalf("%s: not in the table of corpus kinds; add it", rel)
	return ""
}

// TestCorpus reads every real NVivo export of the corpus: the right kind,
// and every data row either read or counted in a warning, the rows being
// counted independently of the readers.
func TestCorpus(t *testing.T) {
	dir, files := corpusFiles(t)
	for _, rel := range files {
		t.Run(rel, func(t *testing.T) {
			want := expectedKind(t, rel)
			path := filepath.Join(dir, rel)
			ex, err := (&nvivo.Reader{}).ReadFile(path)
			if want == "" {
				require.Error(t, err)
				assert.ErrorIs(t, err, xlsx.ErrLegacyXLS)
				var ne *nvivo.Error
				require.ErrorAs(t, err, &ne)
				assert.Contains(t, err.Error(), "save it as .xlsx")
				return
			}
			require.NoError(t, err)
			assert.Equal(t, want, ex.Kind, ex.Detection)
			read := 0
			switch {
			case ex.Codebook != nil:
				read = len(ex.Codebook.Codes)
			case ex.CodingSummary != nil:
				read = len(ex.CodingSummary.References)
			case ex.Classification != nil:
				read = len(ex.Classification.Rows)
			case ex.Table != nil:
				read = len(ex.Table.Rows)
			}
			skipped, otherSheets := 0, 0
			for _, w := range ex.Warnings {
				switch w.Code {
				case nvivo.WarnRowSkipped:
					skipped += w.Count
				case nvivo.WarnSheets:
					otherSheets += w.Count
				}
			}
			assert.Equal(t, ex.Rows, read+skipped, "rows read + rows skipped with a warning")
			assert.Equal(t, countRows(t, path), ex.Rows+otherSheets, "rows counted in the file")
			t.Logf("%s: %s (%s), %d rows, %d read, %d warnings", rel, ex.Kind, ex.Format, ex.Rows, read, len(ex.Warnings))
		})
	}
}

var modifiedOn = regexp.MustCompile(`, \d{1,2}/\d{1,2}/\d{4} \d{1,2}:\d{2}:\d{2} [AP]M, `)

// countRows counts the data rows of an export without the package's
// readers: the non-blank <row> elements of every worksheet of an .xlsx
// minus the header, the non-blank records of a CSV file minus the header,
// or the records of a text report (each has one "Modified On" date).
func countRows(t *testing.T, path string) int {
	t.Helper()
	data, err := os.ReadFile(path)
	require.NoError(t, err)
	switch strings.ToLower(filepath.Ext(path)) {
	case ".xlsx":
		zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
		require.NoError(t, err)
		var shared []string
		for _, f := range zr.File {
			if strings.EqualFold(f.Name, "xl/sharedStrings.xml") {
				shared = sharedStrings(t, f)
			}
		}
		n := 0
		for _, f := range zr.File {
			if strings.HasPrefix(f.Name, "xl/worksheets/") && strings.HasSuffix(f.Name, ".xml") {
				if rows := sheetRows(t, f, shared); rows > 0 {
					n += rows - 1
				}
			}
		}
		return n
	case ".csv":
		r := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(data, []byte("\xEF\xBB\xBF"))))
		r.FieldsPerRecord = -1
		n := 0
		for {
			rec, err := r.Read()
			if err == io.EOF {
				break
			}
			require.NoError(t, err)
			if strings.Join(rec, "") != "" {
				n++
			}
		}
		return n - 1
	case ".txt":
		n := 0
		for _, line := range strings.Split(string(data), "\n") {
			if modifiedOn.MatchString(line) {
				n++
			}
		}
		return n
	}
	t.Fatalf("%s: no row counter for this extension", path)
	return 0
}

// sheetRows counts the <row> elements of a worksheet with a non-blank value.
func sheetRows(t *testing.T, f *zip.File, shared []string) int {
	rc, err := f.Open()
	require.NoError(t, err)
	defer rc.Close()
	d := xml.NewDecoder(rc)
	n := 0
	var (
		inRow, filled, inV, inT bool
		cellType                string
		text                    strings.Builder
	)
	for {
		tok, err := d.Token()
		if err == io.EOF {
			break
		}
		require.NoError(t, err)
		switch tk := tok.(type) {
		case xml.StartElement:
			switch tk.Name.Local {
			case "row":
				inRow, filled = true, false
			case "c":
				cellType = ""
				for _, a := range tk.Attr {
					if a.Name.Local == "t" {
						cellType = a.Value
					}
				}
			case "v":
				inV = true
				text.Reset()
			case "t":
				inT = true
				text.Reset()
			}
		case xml.CharData:
			if inV || inT {
				text.Write(tk)
			}
		case xml.EndElement:
			switch tk.Name.Local {
			case "v", "t":
				v := text.String()
				if inV && cellType == "s" {
					i := 0
					for _, ch := range v {
						i = i*10 + int(ch-'0')
					}
					if i < len(shared) {
						v = shared[i]
					}
				}
				if strings.TrimSpace(v) != "" && inRow {
					filled = true
				}
				inV, inT = false, false
			case "row":
				if filled {
					n++
				}
				inRow = false
			}
		}
	}
	return n
}

func sharedStrings(t *testing.T, f *zip.File) []string {
	rc, err := f.Open()
	require.NoError(t, err)
	defer rc.Close()
	d := xml.NewDecoder(rc)
	var out []string
	var cur strings.Builder
	inT := false
	for {
		tok, err := d.Token()
		if err == io.EOF {
			break
		}
		require.NoError(t, err)
		switch tk := tok.(type) {
		case xml.StartElement:
			if tk.Name.Local == "si" {
				cur.Reset()
			}
			inT = tk.Name.Local == "t"
		case xml.CharData:
			if inT {
				cur.Write(tk)
			}
		case xml.EndElement:
			if tk.Name.Local == "t" {
				inT = false
			}
			if tk.Name.Local == "si" {
				out = append(out, cur.String())
			}
		}
	}
	return out
}

// TestCorpusDetails checks what the real exports hold.
func TestCorpusDetails(t *testing.T) {
	dir, _ := corpusFiles(t)
	read := func(rel string) *nvivo.Export {
		ex, err := (&nvivo.Reader{}).ReadFile(filepath.Join(dir, rel))
		require.NoError(t, err)
		return ex
	}
	t.Run("codebook", func(t *testing.T) {
		cb := read("codebook-export.xlsx").Codebook
		require.Len(t, cb.Codes, 18)
		assert.Equal(t, []string{"Codes"}, cb.Codes[0].Folder)
		assert.Equal(t, []string{"Issues", "Heavy"}, cb.Codes[1].Path)
		assert.False(t, cb.Counts)
	})
	t.Run("coding summary", func(t *testing.T) {
		ex := read("coding-summary-by-code-extract.txt")
		cs := ex.CodingSummary
		require.Len(t, cs.References, 1991)
		assert.Equal(t, "code", cs.By)
		r := cs.References[0]
		assert.Equal(t, []string{"Nodes"}, r.CodeFolder)
		assert.Equal(t, []string{"Errors"}, r.CodePath)
		assert.True(t, r.Aggregate)
		assert.Equal(t, []string{"Files", "BWOH"}, r.FileFolder)
		assert.Equal(t, "BWOH_Aiken_Harper_Rucker", r.File)
		assert.Equal(t, "NN", r.Coder)
		assert.Equal(t, "2019-07-17 19:55:35", r.Modified.Format("2006-01-02 15:04:05"))
		assert.InDelta(t, 0.0015, r.Coverage, 1e-9)
		repeats, coders := 0, map[string]bool{}
		for _, r := range cs.References {
			if r.Repeat {
				repeats++
			}
			coders[r.Coder] = true
			assert.NotEmpty(t, r.Text, "row %d", r.Row)
		}
		assert.Equal(t, 978, repeats)
		assert.Len(t, coders, 12)
		// a record whose unquoted coded text continues on the next line
		var found bool
		for _, r := range cs.References {
			if strings.HasSuffix(r.Text, "Pearl Harb\r\nr?") {
				found = true
			}
		}
		assert.True(t, found, "unquoted line break kept in the coded text")
	})
	t.Run("files list", func(t *testing.T) {
		for _, rel := range []string{"export-list/Files.xlsx", "export-list/Files.csv"} {
			tb := read(rel).Table
			assert.Equal(t, "files", tb.ListOf)
			items := tb.Items()
			require.Len(t, items, 199)
			assert.Equal(t, "BWOH_Craft_Juanita", items[0].Name)
			assert.Equal(t, 2, items[0].Codes)
			assert.Equal(t, "JZ", items[0].ModifiedBy)
			assert.Equal(t, "2021-03-02 01:00", items[0].Modified.Format("2006-01-02 15:04"), rel)
		}
	})
	t.Run("summary view", func(t *testing.T) {
		for _, rel := range []string{"summary-view/General, Personal.xlsx", "summary-view/General, Personal.csv"} {
			items := read(rel).Table.Items()
			require.Len(t, items, 19)
			assert.Equal(t, "Files", items[0].InFolder)
			assert.InDelta(t, 0.0056, items[0].Coverage, 0.0001, rel)
		}
	})
	t.Run("matrix with duplicate leaf names", func(t *testing.T) {
		tb := read("matrix-coding-query-export.csv").Table
		require.Len(t, tb.Columns, 81)
		assert.Equal(t, "Academic Success", tb.Columns[0].Key)
		assert.Equal(t, "Academic Success (H)", tb.Columns[7].Key)
		assert.Equal(t, "Academic Success", tb.Columns[7].Name)
		assert.Equal(t, "1", tb.Rows[0].Label.Index)
		assert.True(t, tb.Rows[0].Cells[5].IsNumber)
	})
	t.Run("framework", func(t *testing.T) {
		tb := read("framework-matrix.xlsx").Table
		require.Len(t, tb.Rows, 100)
		require.Len(t, tb.Columns, 13)
		assert.Equal(t, "1", tb.Rows[0].Label.Name)
		assert.Equal(t, "", tb.Rows[0].Cells[0].Text, "an empty framework cell")
	})
}

// TestCorpusBuild combines every real export into one project: it
// validates, and with no documents every reference is reported missing.
func TestCorpusBuild(t *testing.T) {
	dir, files := corpusFiles(t)
	b := &nvivo.Builder{}
	for _, rel := range files {
		ex, err := (&nvivo.Reader{}).ReadFile(filepath.Join(dir, rel))
		if errors.Is(err, xlsx.ErrLegacyXLS) {
			continue
		}
		require.NoError(t, err)
		b.Add(ex)
	}
	res, err := b.Build()
	require.NoError(t, err)
	rep := res.Report
	assert.Equal(t, 978, rep.AggregateRepeats)
	assert.Equal(t, 1991-978, rep.References)
	assert.Equal(t, rep.References, rep.Missing)
	assert.Equal(t, 12, rep.Users, "the 12 coders (the files list's JZ is one of them)")
	var buf bytes.Buffer
	_, err = (&refi.Writer{}).Write(&buf, refi.NewDocument(res.Project, nil), refi.FormatQDE)
	require.NoError(t, err)
	require.NoError(t, refi.ValidateProjectXML(&buf))
}
