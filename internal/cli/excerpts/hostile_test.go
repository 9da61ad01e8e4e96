package excerpts

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestExcerptsHostile writes the excerpts of every file of the hostile-input
// suite, as JSON lines and as CSV: each file gives its excerpts (exit status
// 0) or one line on standard error (exit status 1), and every CSV cell that
// a spreadsheet would run as a formula is quoted.
func TestExcerptsHostile(t *testing.T) {
	files, err := filepath.Glob("../../../refi/testdata/hostile/*.q*")
	require.NoError(t, err)
	require.NotEmpty(t, files)
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			var out, errOut bytes.Buffer
			code := execute([]string{f}, &out, &errOut)
			if code == 1 {
				assert.Empty(t, out.String())
				assert.Equal(t, 1, strings.Count(errOut.String(), "\n"), errOut.String())
				return
			}
			require.Equal(t, 0, code, errOut.String())
			for _, line := range strings.Split(strings.TrimSpace(out.String()), "\n") {
				if line != "" {
					assert.True(t, json.Valid([]byte(line)), line)
				}
			}
			out.Reset()
			require.Equal(t, 0, execute([]string{"--format", "csv", f}, &out, &errOut))
			assertNoFormulas(t, out.Bytes())
		})
	}
}

// TestExcerptsFormulaProject writes the CSV excerpts of a project whose
// source, code, participant, coder, memo and passages start with the
// characters that make a spreadsheet run a cell: none reaches a cell
// unquoted, and each is otherwise unchanged.
func TestExcerptsFormulaProject(t *testing.T) {
	dir := t.TempDir()
	qde := filepath.Join(dir, "formulas.qde")
	g := func(n string) string { return "0a0a0a0a-0000-4000-8000-0000000000" + n }
	text := "=1+1\n+2\n-3\n@SUM(1)\n\t=tab\n\r=cr"
	var sels strings.Builder
	off := 0
	for i, part := range strings.SplitAfter(text, "\n") {
		n := len([]rune(strings.TrimSuffix(part, "\n")))
		sels.WriteString(`<PlainTextSelection guid="` + g("2"+string(rune('0'+i))) + `" startPosition="` + itoa(off) + `" endPosition="` + itoa(off+n) +
			`" creatingUser="` + g("90") + `"><Description>-memo</Description><Coding guid="` + g("3"+string(rune('0'+i))) + `"><CodeRef targetGUID="` + g("01") + `"/></Coding></PlainTextSelection>`)
		off += len([]rune(part))
	}
	require.NoError(t, os.WriteFile(qde, []byte(`<Project xmlns="urn:QDA-XML:project:1.0" name="x">`+
		`<Users><User guid="`+g("90")+`" name="=cmd|' /C calc'!A0"/></Users>`+
		`<CodeBook><Codes><Code guid="`+g("01")+`" name="+code" isCodable="true"/></Codes></CodeBook>`+
		`<Cases><Case guid="`+g("40")+`" name="@participant"><SourceRef targetGUID="`+g("10")+`"/></Case></Cases>`+
		`<Sources><TextSource guid="`+g("10")+`" name="=HYPERLINK(&quot;http://evil.example/&quot;)"><PlainTextContent>`+
		strings.ReplaceAll(strings.ReplaceAll(text, "\r", "&#13;"), "\t", "&#9;")+`</PlainTextContent>`+sels.String()+
		`</TextSource></Sources></Project>`), 0o644))
	var out, errOut bytes.Buffer
	require.Equal(t, 0, execute([]string{"--format", "csv", "--separate", qde}, &out, &errOut), errOut.String())
	recs := assertNoFormulas(t, out.Bytes())
	require.Len(t, recs, 7)
	col := map[string]int{}
	for i, h := range recs[0] {
		col[h] = i
	}
	var texts []string
	for _, r := range recs[1:] {
		assert.Equal(t, `'=HYPERLINK("http://evil.example/")`, r[col["source"]])
		assert.Equal(t, "'+code", r[col["codes"]])
		assert.Equal(t, "'@participant", r[col["participants"]])
		assert.Equal(t, "'=cmd|' /C calc'!A0", r[col["coder"]])
		assert.Equal(t, "'-memo", r[col["memo"]])
		texts = append(texts, r[col["text"]])
	}
	assert.Equal(t, []string{"'=1+1", "'+2", "'-3", "'@SUM(1)", "'\t=tab", "'\r=cr"}, texts)
}

// assertNoFormulas parses CSV and checks that no cell starts with a
// character that makes a spreadsheet run it.
func assertNoFormulas(t *testing.T, b []byte) [][]string {
	t.Helper()
	recs, err := csv.NewReader(bytes.NewReader(b)).ReadAll()
	require.NoError(t, err)
	for _, rec := range recs {
		for _, cell := range rec {
			if cell != "" {
				assert.NotContains(t, "=+-@\t\r", string(cell[0]), "cell %q", cell)
			}
		}
	}
	return recs
}

func itoa(n int) string { return strconv.Itoa(n) }
