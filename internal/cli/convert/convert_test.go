package convert

import (
	"bytes"
	"encoding/json"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"
	"testing"

	"github.com/qdabridge/qdabridge/internal/cli"
	"github.com/qdabridge/qdabridge/internal/sample"
	"github.com/qdabridge/qdabridge/internal/sample/nvivoexports"
	"github.com/qdabridge/qdabridge/refi"
	"github.com/qdabridge/qdabridge/xlsx/workbook"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/qdabridge/qdabridge/internal/schematest"
)

// execute runs the convert command with args, as qdabridge convert does,
// and returns its exit status.
func execute(args []string, stdout, stderr io.Writer) int {
	return cli.Execute(Command(), args, stdout, stderr)
}

// sampleQDPX is the embedded sample project.
func sampleQDPX() []byte { return sample.QDPX }

func sampleTexts(t *testing.T, doc *refi.Document) map[string]string {
	t.Helper()
	out := map[string]string{}
	for e, err := range doc.Excerpts(refi.ExcerptOptions{Separate: true}) {
		require.NoError(t, err)
		out[string(e.Selections[0])] = strings.ReplaceAll(e.Text, "\r\n", "\n")
	}
	return out
}

func TestConvertSample(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	var out, errOut bytes.Buffer
	require.Equal(t, 0, execute(nil, &out, &errOut), errOut.String())
	rep := errOut.String()
	assert.Contains(t, rep, "read:      social-prescribing.qdpx (qdpx, NVivo for Windows 12.6)")
	assert.Contains(t, rep, "positions converted from utf16 to codepoint")
	assert.Contains(t, rep, "lost:      nothing")
	assert.Contains(t, rep, "wrote:     sample.qdpx")
	assert.Contains(t, rep, "wrote:     sample.xlsx")

	orig, err := refi.ReadQDPX(bytes.NewReader(sample.QDPX), int64(len(sample.QDPX)))
	require.NoError(t, err)
	conv, err := refi.Open("sample.qdpx")
	require.NoError(t, err)
	defer conv.Close()
	assert.Equal(t, refi.Positions{}, conv.Project.Positions, "the standard's convention")
	assert.Equal(t, sampleTexts(t, orig), sampleTexts(t, conv))
	res, err := workbook.ReadFile("sample.xlsx")
	require.NoError(t, err)
	assert.Empty(t, refi.Diff(orig.Project, res.Document.Project))

	// a second run does not replace the files
	before, err := os.ReadFile("sample.qdpx")
	require.NoError(t, err)
	errOut.Reset()
	assert.Equal(t, 1, execute(nil, &out, &errOut))
	assert.Contains(t, errOut.String(), "sample.qdpx: the output file exists (use --force to replace it)")
	after, _ := os.ReadFile("sample.qdpx")
	assert.Equal(t, before, after)
	errOut.Reset()
	assert.Equal(t, 0, execute([]string{"--force"}, &out, &errOut), errOut.String())
}

func TestConvertOutputs(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(dir, "in.qdpx")
	require.NoError(t, os.WriteFile(in, sample.QDPX, 0o644))
	orig, err := refi.Open(in)
	require.NoError(t, err)
	defer orig.Close()
	want := sampleTexts(t, orig)

	for _, to := range []string{"spec", "nvivo", "atlasti", "maxqda", "qualcoder", "keep"} {
		t.Run(to, func(t *testing.T) {
			outPath := filepath.Join(dir, "out-"+to+".qdpx")
			var out, errOut bytes.Buffer
			require.Equal(t, 0, execute([]string{"--to", to, "-o", outPath, in}, &out, &errOut), errOut.String())
			doc, err := refi.Open(outPath)
			require.NoError(t, err)
			defer doc.Close()
			got := sampleTexts(t, doc)
			for g, text := range want {
				assert.Equal(t, text, got[g], "selection %s", g)
			}
			if to != "qualcoder" { // QualCoder's profile adds selections for case links
				assert.Len(t, got, len(want))
			}
			if to == "keep" {
				assert.Empty(t, refi.Diff(orig.Project, doc.Project))
			} else {
				p, _ := refi.LookupProfile(to)
				assert.Equal(t, p.Positions, doc.Project.Positions)
			}
		})
	}

	// a codebook
	qdc := filepath.Join(dir, "codes.qdc")
	var out, errOut bytes.Buffer
	require.Equal(t, 0, execute([]string{"-o", qdc, in}, &out, &errOut), errOut.String())
	cb, err := refi.Open(qdc)
	require.NoError(t, err)
	assert.Equal(t, refi.FormatQDC, cb.Format)
	assert.Equal(t, 21, cb.Project.Counts().Codes)

	// excerpts as JSON lines, with the JSON report
	jl := filepath.Join(dir, "excerpts.jsonl")
	out.Reset()
	require.Equal(t, 0, execute([]string{"--json", "-o", jl, in}, &out, &errOut), errOut.String())
	var rep map[string]any
	require.NoError(t, json.Unmarshal(out.Bytes(), &rep))
	assert.Equal(t, "qdpx", rep["inputs"].([]any)[0].(map[string]any)["kind"])
	assert.Equal(t, "excerpts", rep["outputs"].([]any)[0].(map[string]any)["kind"])
	b, err := os.ReadFile(jl)
	require.NoError(t, err)
	assert.Equal(t, 67, strings.Count(string(b), "\n"))

	// workbook in, project out: nothing lost
	wbPath := filepath.Join(dir, "wb.xlsx")
	require.Equal(t, 0, execute([]string{"-o", wbPath, in}, &out, &errOut), errOut.String())
	back := filepath.Join(dir, "back.qdpx")
	errOut.Reset()
	require.Equal(t, 0, execute([]string{"--to", "keep", "-o", back, wbPath}, &out, &errOut), errOut.String())
	doc, err := refi.Open(back)
	require.NoError(t, err)
	defer doc.Close()
	assert.Empty(t, refi.Diff(orig.Project, doc.Project))
	assert.Equal(t, want, sampleTexts(t, doc))
}

func TestConvertQDEWithSources(t *testing.T) {
	dir := t.TempDir()
	src := filepath.Join(dir, "texts")
	require.NoError(t, os.MkdirAll(src, 0o755))
	require.NoError(t, os.WriteFile(filepath.Join(src, "00000000-0000-4000-8000-00000000d001.txt"), []byte("Why I go to the group."), 0o644))
	qde, err := filepath.Abs("../../../refi/testdata/qde/full.qde")
	require.NoError(t, err)
	outPath := filepath.Join(dir, "full.qdpx")
	var out, errOut bytes.Buffer
	require.Equal(t, 0, execute([]string{"--sources", src, "-o", outPath, qde}, &out, &errOut), errOut.String())
	assert.Contains(t, errOut.String(), "full.qdpx: 1 selections invisible: its text is not available, so its positions could not be converted")
	doc, err := refi.Open(outPath)
	require.NoError(t, err)
	defer doc.Close()
	ts := doc.Project.Sources[0].(*refi.TextSource)
	text, err := doc.SelectionText(ts, &ts.Selections[0])
	require.NoError(t, err)
	assert.Equal(t, "I go to ", text)
}

func TestConvertErrors(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(dir, "in.qdpx")
	require.NoError(t, os.WriteFile(in, sample.QDPX, 0o644))
	broken := filepath.Join(dir, "broken.qdpx")
	require.NoError(t, os.WriteFile(broken, sample.QDPX[:1000], 0o644))
	tests := []struct {
		args   []string
		code   int
		stderr string
	}{
		{[]string{"--to", "wordstar", "-o", "x.qdpx", in}, 2, "unknown profile"},
		{[]string{in}, 2, "-o OUT is needed"},
		{[]string{"-o", filepath.Join(dir, "x.docx"), in}, 2, "cannot tell what to write"},
		{[]string{"-o", filepath.Join(dir, "x.qdpx"), in, in}, 2, "give one project"},
		{[]string{"-o", filepath.Join(dir, "x.qdpx"), dir}, 2, "is a folder"},
		{[]string{"--force", "-o", in, in}, 1, "is also an input: it is never written to"},
		{[]string{"-o", filepath.Join(dir, "y.qdpx"), broken}, 1, "not a zip archive"},
		{[]string{"-o", filepath.Join(dir, "z.qdpx"), filepath.Join(dir, "missing.qdpx")}, 1, "no such file"},
	}
	for _, tt := range tests {
		var out, errOut bytes.Buffer
		assert.Equal(t, tt.code, execute(tt.args, &out, &errOut), "%v: %s", tt.args, errOut.String())
		assert.Contains(t, errOut.String(), tt.stderr, tt.args)
	}
	b, err := os.ReadFile(in)
	require.NoError(t, err)
	assert.Equal(t, sample.QDPX, b, "the input is never written to")
	_, err = os.Stat(filepath.Join(dir, "y.qdpx"))
	assert.True(t, os.IsNotExist(err), "no partial output")
}

// nvivoSet is the fictional NVivo export set of the embedded sample.
var nvivoSet = filepath.Join("..", "..", "sample", "nvivoexports", "exports")

func nvivoExports(names ...string) []string {
	if len(names) == 0 {
		names = nvivoexports.Exports
	}
	var out []string
	for _, n := range names {
		out = append(out, filepath.Join(nvivoSet, n))
	}
	return out
}

// TestConvertNVivoExports converts the sample's NVivo export set, with its
// transcripts, to each kind of output.
func TestConvertNVivoExports(t *testing.T) {
	dir := t.TempDir()
	transcripts := filepath.Join(nvivoSet, "transcripts")
	tests := []struct {
		out   string
		kind  string
		lost  string
		check func(t *testing.T, path string)
	}{
		{"nvivo.qdpx", "qdpx", "lost:      nothing", func(t *testing.T, path string) {
			schematest.RequireValidQDPX(t, path)
			doc, err := refi.Open(path)
			require.NoError(t, err)
			defer doc.Close()
			c := doc.Project.Counts()
			assert.Equal(t, 67, c.Selections)
			assert.Equal(t, 86, c.Codings)
			assert.Equal(t, 7, c.Cases)
			assert.Equal(t, refi.Positions{}, doc.Project.Positions)
			n := 0
			for _, err := range doc.Excerpts(refi.ExcerptOptions{}) {
				require.NoError(t, err)
				n++
			}
			assert.Equal(t, 67, n, "excerpts")
			// the passages are those of the embedded .qdpx of the project
			want := map[string]bool{}
			orig := readSampleDoc(t)
			for e := range orig.Excerpts(refi.ExcerptOptions{}) {
				want[e.Source.Name+"|"+strings.ReplaceAll(e.Text, "\r\n", "\n")] = true
			}
			for e := range doc.Excerpts(refi.ExcerptOptions{}) {
				assert.True(t, want[e.Source.Name+"|"+e.Text] || strings.Contains(e.Text, "Not cured, different."), "%s: %q", e.Source.Name, e.Text)
			}
		}},
		{"nvivo.xlsx", "workbook", "nvivo.xlsx: 1 sourceFiles dropped: a workbook carries the plain texts, not rich-text, PDF, picture or recording files", func(t *testing.T, path string) {
			res, err := workbook.ReadFile(path)
			require.NoError(t, err)
			c := res.Document.Project.Counts()
			assert.Equal(t, 67, c.Selections)
			assert.Equal(t, 86, c.Codings)
		}},
		{"nvivo.jsonl", "excerpts", "nvivo.jsonl: 5 variables, 32 variableValues dropped: excerpt lines carry no attributes", func(t *testing.T, path string) {
			b, err := os.ReadFile(path)
			require.NoError(t, err)
			assert.Equal(t, 67, strings.Count(string(b), "\n"))
		}},
		{"nvivo.qdc", "qdc", "nvivo.qdc: 2 users, 7 cases, 5 variables, 32 variableValues, 7 sources, 8 sourceFiles, 67 selections, 86 codings dropped: a codebook (.qdc) holds only codes and sets of codes", func(t *testing.T, path string) {
			cb, err := refi.Open(path)
			require.NoError(t, err)
			assert.Equal(t, 21, cb.Project.Counts().Codes)
		}},
	}
	for _, tt := range tests {
		t.Run(tt.out, func(t *testing.T) {
			out := filepath.Join(dir, tt.out)
			var stdout, stderr bytes.Buffer
			args := append([]string{"--sources", transcripts, "-o", out}, nvivoExports()...)
			require.Equal(t, 0, execute(args, &stdout, &stderr), stderr.String())
			rep := stderr.String()
			for _, want := range []string{
				"(NVivo codebook export, xlsx, 20 rows)",
				"(NVivo classification export, xlsx, 7 rows)",
				"(NVivo coding-summary export, text, 106 rows)",
				"(NVivo list export, xlsx, 7 rows)",
				"built:     21 codes, 7 cases, 7 sources, 67 selections, 86 codings, 2 users, 5 variables",
				"coded passages: 86, placed 86 (exact 83, tolerant 3), ambiguous 0, missing 0",
				"3 coded passages found in their documents only when white space and line ends are ignored",
				`attribute "Years in role" read as integer`,
				tt.lost,
				"wrote:     " + out + " (" + tt.kind,
			} {
				assert.Contains(t, rep, want)
			}
			tt.check(t, out)
		})
	}
}

// TestConvertNVivoReport: what cannot be carried is reported as lost, in
// the text and the JSON report.
func TestConvertNVivoReport(t *testing.T) {
	dir := t.TempDir()
	matrix := filepath.Join(dir, "m.csv")
	require.NoError(t, os.WriteFile(matrix, []byte(",A : x,B : y\n1 : f,1,0\n"), 0o644))
	people := filepath.Join(dir, "people.txt")
	require.NoError(t, os.WriteFile(people, []byte("People\tAge\tRole\tAge\nP1\t34\tNot Applicable\t1990\n\t5\tx\t1\n"), 0o644))

	// no transcripts: every coded passage is lost, per file
	var stdout, stderr bytes.Buffer
	args := append([]string{"--json", "-o", filepath.Join(dir, "a.qdpx")}, nvivoExports("codebook.xlsx", "coding-summary-by-code.xlsx", "classification.xlsx")...)
	args = append(args, matrix, people)
	require.Equal(t, 0, execute(args, &stdout, &stderr), stderr.String())
	var rep struct {
		Inputs []struct {
			Path, Kind, Export, Format string
			Rows                       int
			Counts                     map[string]int
		}
		Converted, Repaired, Lost []string
		NVivo                     map[string]any
	}
	require.NoError(t, json.Unmarshal(stdout.Bytes(), &rep))
	var exports []string
	for _, in := range rep.Inputs {
		assert.Equal(t, "nvivo", in.Kind)
		assert.Nil(t, in.Counts, "an export has no counts of its own")
		exports = append(exports, in.Export)
	}
	assert.Equal(t, []string{"codebook", "coding-summary", "classification", "matrix", "classification"}, exports)
	for k, v := range map[string]float64{"references": 86, "matched": 0, "exact": 0, "tolerant": 0, "ambiguous": 0, "missing": 86, "notApplicable": 1} {
		assert.Equal(t, v, rep.NVivo[k], k)
	}
	lost := strings.Join(rep.Lost, "\n")
	assert.Equal(t, 7, strings.Count(lost, "[nvivo-unplaced]"), lost)
	assert.Contains(t, lost, "Interview P03 - GP: 13 of 13 coded passages not placed (no document: give the transcripts with --sources DIR, or use --passages)")
	assert.Contains(t, lost, "m.csv: the cells of the matrix (query results) are not carried")
	assert.Contains(t, lost, "[not-applicable]")
	assert.Contains(t, lost, "[row-skipped]")
	repaired := strings.Join(rep.Repaired, "\n")
	assert.Contains(t, repaired, `[duplicate-column]`)
	assert.Contains(t, repaired, `column D is read as the attribute "Age (2)"`)

	// with the transcripts but one missing, the text report
	src := t.TempDir()
	entries, err := os.ReadDir(filepath.Join(nvivoSet, "transcripts"))
	require.NoError(t, err)
	for _, e := range entries {
		if strings.Contains(e.Name(), "P03") {
			continue
		}
		b, err := os.ReadFile(filepath.Join(nvivoSet, "transcripts", e.Name()))
		require.NoError(t, err)
		require.NoError(t, os.WriteFile(filepath.Join(src, e.Name()), b, 0o644))
	}
	stdout.Reset()
	stderr.Reset()
	args = append([]string{"--sources", src, "-o", filepath.Join(dir, "b.qdpx")}, nvivoExports()...)
	require.Equal(t, 0, execute(args, &stdout, &stderr), stderr.String())
	assert.Empty(t, stdout.String())
	assert.Contains(t, stderr.String(), "coded passages: 86, placed 73 (exact 70, tolerant 3), ambiguous 0, missing 13")
	assert.Contains(t, stderr.String(), `b.qdpx: 13 codings dropped: a coded passage of "Interview P03 - GP" not placed in its document (no document of this name among the documents given): its coding is not in the project`)
}

func TestConvertNVivoErrors(t *testing.T) {
	dir := t.TempDir()
	matrix := filepath.Join(dir, "m.csv")
	require.NoError(t, os.WriteFile(matrix, []byte(",A : x,B : y\n1 : f,1,0\n"), 0o644))
	xls := filepath.Join(dir, "old.xls")
	require.NoError(t, os.WriteFile(xls, []byte("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1 ole"), 0o644))
	qdpx := filepath.Join(dir, "in.qdpx")
	require.NoError(t, os.WriteFile(qdpx, sample.QDPX, 0o644))
	codebook := nvivoExports("codebook.xlsx")[0]
	out := filepath.Join(dir, "o.qdpx")
	tests := []struct {
		name   string
		args   []string
		code   int
		stderr string
	}{
		{"matrix alone", []string{"-o", out, matrix}, 1, "m.csv is a matrix export"},
		{"legacy xls", []string{"-o", out, xls}, 1, "save it as .xlsx"},
		{"sources not a folder", []string{"--sources", matrix, "-o", out, codebook}, 2, "--sources: " + matrix + ": not a folder"},
		{"project and exports", []string{"-o", out, qdpx, codebook}, 2, "give one project"},
		{"not an export", []string{"-o", out, filepath.Join(nvivoSet, "README.md")}, 1, "README.md: malformed file"},
		{"unknown zone", []string{"--tz", "Mars/Olympus", "-o", out, codebook}, 2, `--tz: unknown time zone "Mars/Olympus"`},
		{"zone for a project", []string{"--tz", "Europe/London", "-o", out, qdpx}, 2, "--tz applies to NVivo exports only"},
		{"zone for the sample", []string{"--tz", "Europe/London"}, 2, "--tz applies to NVivo exports only"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			assert.Equal(t, tt.code, execute(tt.args, &stdout, &stderr), stderr.String())
			assert.Contains(t, stderr.String(), tt.stderr)
			_, err := os.Stat(out)
			assert.True(t, os.IsNotExist(err), "no output written")
		})
	}
}

func readSampleDoc(t *testing.T) *refi.Document {
	t.Helper()
	doc, err := refi.ReadQDPX(bytes.NewReader(sample.QDPX), int64(len(sample.QDPX)))
	require.NoError(t, err)
	return doc
}

// TestConvertSourcesConfined: --sources is confined to its folder; a
// symbolic link out of it is not followed.
func TestConvertSourcesConfined(t *testing.T) {
	dir := t.TempDir()
	outside := t.TempDir()
	set := nvivoexports.FS()
	entries, err := fs.ReadDir(set, nvivoexports.Transcripts)
	require.NoError(t, err)
	sources := filepath.Join(dir, "transcripts")
	require.NoError(t, os.Mkdir(sources, 0o755))
	linked := ""
	for _, e := range entries {
		b, err := fs.ReadFile(set, path.Join(nvivoexports.Transcripts, e.Name()))
		require.NoError(t, err)
		if linked == "" && strings.HasSuffix(e.Name(), ".txt") {
			// this transcript lives outside the folder, reached by a link
			linked = e.Name()
			require.NoError(t, os.WriteFile(filepath.Join(outside, e.Name()), b, 0o600))
			require.NoError(t, os.Symlink(filepath.Join(outside, e.Name()), filepath.Join(sources, e.Name())))
			continue
		}
		require.NoError(t, os.WriteFile(filepath.Join(sources, e.Name()), b, 0o600))
	}
	require.NotEmpty(t, linked)
	var args []string
	for _, x := range nvivoexports.Exports {
		b, err := fs.ReadFile(set, x)
		require.NoError(t, err)
		p := filepath.Join(dir, path.Base(x))
		require.NoError(t, os.WriteFile(p, b, 0o600))
		args = append(args, p)
	}
	out := filepath.Join(dir, "out.qdpx")
	var stdout, stderr bytes.Buffer
	code := execute(append([]string{"--sources", sources, "-o", out}, args...), &stdout, &stderr)
	require.Equal(t, 0, code, stderr.String())
	assert.Contains(t, stderr.String(), linked+": nvivo: unreadable source document", "the linked transcript is not read")
	assert.Contains(t, stderr.String(), "path escapes from parent")
}
