package nvivo_test

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/qdabridge/qdabridge/nvivo"
)

// withLineEnds rewrites the lone-CR line ends of data: every CR becomes
// ends[i%len(ends)], the i-th line end, so that one list of line ends gives
// a file with mixed line ends.
func withLineEnds(data []byte, ends ...string) []byte {
	var b bytes.Buffer
	i := 0
	for _, c := range data {
		if c == '\r' {
			b.WriteString(ends[i%len(ends)])
			i++
			continue
		}
		b.WriteByte(c)
	}
	return b.Bytes()
}

// lineEndStyle is a way of ending lines: each line end of a fixture is
// rewritten to the next of ends in turn.
type lineEndStyle struct {
	name string
	ends []string
}

// end is the i-th line end (from 0).
func (s lineEndStyle) end(i int) string { return s.ends[i%len(s.ends)] }

// inField is what the i-th line end reads as inside a quoted CSV field: CR
// LF is read as LF, a lone CR and LF are kept.
func (s lineEndStyle) inField(i int) string {
	if e := s.end(i); e != "\r\n" {
		return e
	}
	return "\n"
}

// lineEndStyles are the line ends the fixtures are read with: as written
// (a lone CR, old Mac line ends), and rewritten. In the mixed styles a
// lone CR is never followed by an LF, which would make a CR LF of two
// line ends at an empty line.
var lineEndStyles = []lineEndStyle{
	{"lone CR", []string{"\r"}},
	{"LF", []string{"\n"}},
	{"CR LF", []string{"\r\n"}},
	{"mixed, CR first", []string{"\r", "\r\n", "\n"}},
	{"mixed, LF first", []string{"\n", "\r", "\r\n"}},
}

func fixture(t *testing.T, name string) []byte {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", "lineends", name))
	require.NoError(t, err)
	return data
}

// TestReadLineEndsCSV reads testdata/lineends/codebook-mac-cr.csv, a
// synthetic codebook export in CSV whose records end in a lone CR, with
// each style of line ends: every record is a row (encoding/csv alone reads
// a lone-CR file as one record, and merges the rows around a lone CR in a
// CR LF file), and a line end inside a quoted field stays in the field.
func TestReadLineEndsCSV(t *testing.T) {
	data := fixture(t, "codebook-mac-cr.csv")
	for _, style := range lineEndStyles {
		t.Run(style.name, func(t *testing.T) {
			ex, err := read(t, withLineEnds(data, style.ends...))
			require.NoError(t, err)
			assert.Equal(t, nvivo.KindCodebook, ex.Kind)
			assert.Equal(t, nvivo.FormatCSV, ex.Format)
			assert.Empty(t, ex.Warnings, "no column or row left out")
			require.NotNil(t, ex.Codebook)
			var got []string
			var rows []int
			for _, c := range ex.Codebook.Codes {
				got = append(got, strings.Join(c.Folder, `\\`)+"|"+strings.Join(c.Path, `\`)+"|"+c.Description)
				rows = append(rows, c.Row)
			}
			assert.Equal(t, []string{
				"Codes|Issues|Problems raised," + style.inField(1) + "over two lines",
				`Codes|Issues\Heavy|Too heavy`,
				`Codes\\Reviews|Positive Views|`,
				`Codes\\Reviews|Positive Views\Easy to use|Folds with one hand`,
			}, got)
			assert.Equal(t, []int{2, 3, 4, 5}, rows, "record numbers")
			assert.Equal(t, 4, ex.Rows)
		})
	}
}

// TestReadLineEndsTSV reads testdata/lineends/classification-mac-cr.txt, a
// synthetic tab-separated classification sheet whose records end in a lone
// CR, with each style of line ends.
func TestReadLineEndsTSV(t *testing.T) {
	data := fixture(t, "classification-mac-cr.txt")
	for _, style := range lineEndStyles {
		t.Run(style.name, func(t *testing.T) {
			ex, err := read(t, withLineEnds(data, style.ends...))
			require.NoError(t, err)
			assert.Equal(t, nvivo.KindClassification, ex.Kind)
			assert.Equal(t, nvivo.FormatTSV, ex.Format)
			require.NotNil(t, ex.Classification)
			cl := ex.Classification
			require.Len(t, cl.Attributes, 2)
			assert.Equal(t, "Age", cl.Attributes[0].Name)
			assert.Equal(t, "Role", cl.Attributes[1].Name)
			var got []string
			var rows []int
			for _, r := range cl.Rows {
				got = append(got, r.Name+"|"+r.Values[0].Lexical+"|"+r.Values[1].Lexical)
				rows = append(rows, r.Row)
			}
			assert.Equal(t, []string{"P01|34|Patient", "P02|forty|Link" + style.inField(2) + "worker", "P03|51|GP"}, got)
			assert.Equal(t, []int{2, 3, 4}, rows)
			assert.Equal(t, 3, ex.Rows)
		})
	}
}

// TestReadLineEndsText reads a Coding Summary in NVivo's comma-space text
// form with each style of line ends: the references, their texts (a line
// end inside one is kept as written) and the lines they start on.
func TestReadLineEndsText(t *testing.T) {
	const header = "Hierarchical Name, Code Type, Hierarchical Name, File Type, Coded Text\r"
	data := []byte(header +
		"Nodes\\\\A, Node, Files\\\\f, Document, first\r" +
		"Nodes\\\\A, Node, Files\\\\f, Document, \"two, lines\rof text\"\r" +
		"\r" +
		"Nodes\\\\B, Node, Files\\\\g, Document, unquoted\rcontinued\r" +
		"Nodes\\\\B, Node, Files\\\\g, Document, last\r")
	for _, style := range lineEndStyles {
		t.Run(style.name, func(t *testing.T) {
			in := withLineEnds(data, style.ends...)
			ex, err := read(t, in)
			require.NoError(t, err)
			assert.Equal(t, nvivo.KindCodingSummary, ex.Kind)
			assert.Equal(t, nvivo.FormatText, ex.Format)
			assert.Empty(t, ex.Warnings)
			require.NotNil(t, ex.CodingSummary)
			var texts []string
			var lines []int
			for _, r := range ex.CodingSummary.References {
				texts = append(texts, r.CodeName()+"|"+r.Text)
				lines = append(lines, r.Line)
			}
			// the text form keeps line ends as written
			assert.Equal(t, []string{`Nodes\\A|first`, `Nodes\\A|two, lines` + style.end(2) + "of text",
				`Nodes\\B|unquoted` + style.end(5) + "continued", `Nodes\\B|last`}, texts)
			assert.Equal(t, []int{2, 3, 6, 8}, lines, "lines count every line end")
		})
	}
}

// TestCorpusLineEnds reads every real text and CSV export of the corpus
// with its line ends rewritten to lone CRs (old Mac line ends) and to a
// mix of CR, LF and CR LF: the same kind, records, values (up to the line
// ends inside fields), warnings and line numbers as the export as written.
func TestCorpusLineEnds(t *testing.T) {
	dir, files := corpusFiles(t)
	styles := []lineEndStyle{{"lone CR", []string{"\r"}}, {"mixed", []string{"\r", "\r\n", "\n"}}}
	n := 0
	for _, rel := range files {
		if ext := strings.ToLower(filepath.Ext(rel)); ext != ".csv" && ext != ".txt" {
			continue
		}
		n++
		data, err := os.ReadFile(filepath.Join(dir, rel))
		require.NoError(t, err)
		want := exportDump(t, data)
		// every line end as a CR, then rewritten
		crs := bytes.ReplaceAll(data, []byte("\r\n"), []byte("\r"))
		crs = bytes.ReplaceAll(crs, []byte("\n"), []byte("\r"))
		for _, style := range styles {
			t.Run(rel+"/"+style.name, func(t *testing.T) {
				assert.Equal(t, want, exportDump(t, withLineEnds(crs, style.ends...)))
			})
		}
	}
	require.NotZero(t, n, "no CSV or text export in the corpus")
}

// exportDump reads an export and renders it as JSON with every line end
// (CR LF, CR, LF) inside values written as LF.
func exportDump(t *testing.T, data []byte) string {
	t.Helper()
	ex, err := (&nvivo.Reader{Name: "export"}).Read(bytes.NewReader(data))
	require.NoError(t, err)
	b, err := json.Marshal(ex)
	require.NoError(t, err)
	s := strings.ReplaceAll(string(b), `\r\n`, `\n`)
	return strings.ReplaceAll(s, `\r`, `\n`)
}
