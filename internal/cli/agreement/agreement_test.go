package agreement

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/xuri/excelize/v2"

	"github.com/qdabridge/qdabridge/internal/cli"
	"github.com/qdabridge/qdabridge/refi"
)

// writeFixture writes, in a temporary folder, a project where Ann and Ben
// code two texts: interview1 (100 characters) and interview2 (300).
//
//	Trust:  interview1 Ann [0,40), Ben [20,60): 60%, kappa 1/6 = 0.1667
//	        interview2 Ann and Ben all of it:   100%, kappa 1
//	        per code: (100·60 + 300·100)/400 = 90%, (100/6 + 300)/400 = 0.7917
//	Fear:   interview1 Ann [60,80) only: 80%, kappa 0
//	        interview2 neither: 100%, kappa 1
//	        per code: (100·80 + 300·100)/400 = 95%, (0 + 300)/400 = 0.75
//
// Alpha (400 characters, two values each, n = 800):
//
//	Trust: n1 = 80 + 600 = 680, n0 = 120, o(0,1) = 40:
//	       1 - 799·40/(120·680) = 0.6083 (rounded)
//	Fear:  n1 = 20, n0 = 780, o(0,1) = 20: 1 - 799·20/(780·20) = -0.0244
func writeFixture(t *testing.T, coders ...string) string {
	t.Helper()
	doc := refi.New("study")
	var users []*refi.User
	for _, n := range coders {
		users = append(users, doc.Project.AddUser(n))
	}
	trust := doc.Project.AddCode("Trust")
	fear := doc.Project.AddCode("Fear")
	one, err := doc.AddText("interview1", strings.Repeat("abcdefghij", 10))
	require.NoError(t, err)
	two, err := doc.AddText("interview2", strings.Repeat("klmnopqrst", 30))
	require.NoError(t, err)
	code := func(src *refi.TextSource, start, end int64, c *refi.Code, u int) {
		if u >= len(users) {
			return
		}
		sel, err := doc.Select(src, start, end)
		require.NoError(t, err)
		sel.AddCoding(c, users[u])
	}
	code(one, 0, 40, trust, 0)
	code(one, 20, 60, trust, 1)
	code(two, 0, 300, trust, 0)
	code(two, 0, 300, trust, 1)
	code(one, 60, 80, fear, 0)
	path := filepath.Join(t.TempDir(), "study.qdpx")
	_, err = (&refi.Writer{}).WriteFile(path, doc)
	require.NoError(t, err)
	return path
}

func runCmd(args ...string) (int, string, string) {
	var out, errOut bytes.Buffer
	code := cli.Execute(Command(), args, &out, &errOut)
	return code, out.String(), errOut.String()
}

func TestAgreementTable(t *testing.T) {
	in := writeFixture(t, "Ann", "Ben")
	code, out, errOut := runCmd(in)
	require.Equal(t, 0, code, errOut)
	assert.Empty(t, errOut)
	for _, want := range []string{
		"coders: A = Ann, B = Ben (percentage agreement and kappa); alpha: Ann, Ben\n",
		"Trust  interview1  100   60.00        20.00      40.00      20.00      20.00      0.1667\n",
		"Trust  interview2  300   100.00       100.00     0.00       0.00       0.00       1.0000\n",
		"Fear   interview1  100   80.00        0.00       80.00      20.00      0.00       0.0000\n",
		"Fear   interview2  300   100.00       0.00       100.00     0.00       0.00       1.0000\n",
		"Trust  2        400   90.00        0.7917  0.6083\n",
		"Fear   2        400   95.00        0.7500  -0.0244\n",
	} {
		assert.Contains(t, out, want)
	}
}

func TestAgreementJSON(t *testing.T) {
	in := writeFixture(t, "Ann", "Ben")
	code, out, errOut := runCmd(in, "--json", "--code", "Fear")
	require.Equal(t, 0, code, errOut)
	var rep struct {
		CoderA      struct{ Name string }
		Comparisons []struct {
			CodePath  string
			Source    struct{ Name string }
			Agreement float64
			Kappa     float64
			Counts    struct{ Both, OnlyA, OnlyB, Neither int64 }
		}
		Codes []struct {
			CodePath         string
			Agreement, Kappa float64
			Alpha            *float64
		}
		Skipped []any
	}
	require.NoError(t, json.Unmarshal([]byte(out), &rep))
	assert.Equal(t, "Ann", rep.CoderA.Name)
	require.Len(t, rep.Comparisons, 2)
	assert.Equal(t, int64(20), rep.Comparisons[0].Counts.OnlyA)
	assert.Equal(t, int64(80), rep.Comparisons[0].Counts.Neither)
	assert.InDelta(t, 80.0, rep.Comparisons[0].Agreement, 1e-9)
	assert.InDelta(t, 0.0, rep.Comparisons[0].Kappa, 1e-9)
	require.Len(t, rep.Codes, 1)
	assert.Equal(t, "Fear", rep.Codes[0].CodePath)
	assert.InDelta(t, 95.0, rep.Codes[0].Agreement, 1e-9)
	assert.InDelta(t, 0.75, rep.Codes[0].Kappa, 1e-9)
	require.NotNil(t, rep.Codes[0].Alpha)
	assert.InDelta(t, 1-799.0*20/(780*20), *rep.Codes[0].Alpha, 1e-9)
	assert.NotNil(t, rep.Skipped, "an empty list, not null")
}

func TestAgreementWorkbook(t *testing.T) {
	in := writeFixture(t, "Ann", "Ben")
	out := filepath.Join(t.TempDir(), "agreement.xlsx")
	code, _, errOut := runCmd(in, "-o", out)
	require.Equal(t, 0, code, errOut)
	f, err := excelize.OpenFile(out)
	require.NoError(t, err)
	defer f.Close()
	assert.Equal(t, []string{"Sources", "Codes"}, f.GetSheetList())
	rows, err := f.GetRows("Sources")
	require.NoError(t, err)
	require.Len(t, rows, 5)
	assert.Equal(t, []string{"Code", "Source", "Size", "Agreement (%)"}, rows[0][:4])
	assert.Equal(t, []string{"Trust", "interview1", "100", "60"}, rows[1][:4])
	k, err := f.GetCellValue("Sources", "I2", excelize.Options{RawCellValue: true})
	require.NoError(t, err)
	assert.True(t, strings.HasPrefix(k, "0.1666"), k)
	rows, err = f.GetRows("Codes")
	require.NoError(t, err)
	require.Len(t, rows, 3)
	assert.Equal(t, []string{"Fear", "2", "400", "95", "0.75"}, rows[2][:5])

	code, _, errOut = runCmd(in, "-o", out)
	assert.Equal(t, 1, code)
	assert.Contains(t, errOut, "exists (use --force to replace it)")
	code, _, errOut = runCmd(in, "-o", out, "--force")
	assert.Equal(t, 0, code, errOut)
}

func TestAgreementErrors(t *testing.T) {
	two := writeFixture(t, "Ann", "Ben")
	one := writeFixture(t, "Ann")
	tests := []struct {
		name string
		args []string
		code int
		msg  string
	}{
		{"no file", nil, 2, "one project file is needed (got 0)"},
		{"one coder only", []string{one}, 1, "agreement: not enough coders: the texts have codings by one coder only, Ann; agreement needs two coders\n"},
		{"unknown coder", []string{two, "--coders", "Ann,Zoe"}, 2, `not found: coder "Zoe" (the coders with codings in the texts: Ann, Ben)`},
		{"one coder given", []string{two, "--coders", "Ann"}, 2, "--coders needs at least two coders"},
		{"unknown code", []string{two, "--code", "Hope"}, 2, `not found: code "Hope" in the code book`},
		{"not a workbook", []string{two, "-o", filepath.Join(t.TempDir(), "x.csv")}, 2, "the output must be a workbook"},
		{"missing file", []string{filepath.Join(t.TempDir(), "none.qdpx")}, 1, "none.qdpx"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, out, errOut := runCmd(tt.args...)
			assert.Equal(t, tt.code, code, errOut)
			assert.Contains(t, errOut, tt.msg)
			assert.Empty(t, out)
		})
	}
}

func TestAgreementNoOutputLeftOnFailure(t *testing.T) {
	one := writeFixture(t, "Ann")
	out := filepath.Join(t.TempDir(), "a.xlsx")
	code, _, _ := runCmd(one, "-o", out)
	assert.Equal(t, 1, code)
	_, err := os.Stat(out)
	assert.True(t, os.IsNotExist(err))
}

// TestAgreementREADME runs the command on the fixture of the README
// (testdata/two-coders.qdpx: Ann and Ben code two short interviews) and
// checks the output shown there. Trust in Interview 1, by hand: 100
// characters, Ann 17 ("I trust my doctor"), Ben 51 (the whole first
// sentence), both 17, neither 49: po = 0.66,
// pe = 0.17·0.51 + 0.83·0.49 = 0.4934, kappa = 0.1666/0.5066 = 0.3289.
func TestAgreementREADME(t *testing.T) {
	code, out, errOut := runCmd("testdata/two-coders.qdpx")
	require.Equal(t, 0, code, errOut)
	assert.Equal(t, readmeTable, out)
}

const readmeTable = `coders: A = Ann, B = Ben (percentage agreement and kappa); alpha: Ann, Ben
characters counted as: codepoint

CODE                  SOURCE       SIZE  AGREEMENT %  A AND B %  NEITHER %  A NOT B %  B NOT A %  KAPPA
Trust                 Interview 1  100   66.00        17.00      49.00      0.00       34.00      0.3289
Trust                 Interview 2  114   100.00       30.70      69.30      0.00       0.00       1.0000
Trust > Institutions  Interview 1  100   94.00        22.00      72.00      5.00       1.00       0.8403
Trust > Institutions  Interview 2  114   55.26        0.00       55.26      0.00       44.74      0.0000
Fear                  Interview 1  100   61.00        0.00       61.00      39.00      0.00       0.0000
Fear                  Interview 2  114   100.00       0.00       100.00     0.00       0.00       1.0000

per code (sources weighted by their size):
CODE                  SOURCES  SIZE  AGREEMENT %  KAPPA   ALPHA
Trust                 2        214   84.11        0.6864  0.6372
Trust > Institutions  2        214   73.36        0.3927  0.2631
Fear                  2        214   81.78        0.5327  -0.0977
`
