package convert

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/qdabridge/qdabridge/internal/schematest"
	"github.com/qdabridge/qdabridge/refi"
)

// The tests of what the nvivo2qdpx example did, now convert's: NVivo's
// exports as inputs, with its options and its extra outputs.

// sampleExports are four exports of the embedded sample's export set.
func sampleExports() []string {
	return nvivoExports("codebook.xlsx", "classification.xlsx", "coding-summary-by-code.txt", "files-list.xlsx")
}

// TestNVivoExtraOutputs writes a project, its codebook as a .qdc, NVivo's
// codebook layout and a classification sheet from the sample's exports.
func TestNVivoExtraOutputs(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "sample.qdpx")
	var stdout, stderr bytes.Buffer
	args := append([]string{"--sources", filepath.Join(nvivoSet, "transcripts"), "-o", out,
		"-o", filepath.Join(dir, "codes.qdc"), "--nvivo-codebook", filepath.Join(dir, "codebook.xlsx"),
		"--nvivo-classification", filepath.Join(dir, "cases.xlsx")}, sampleExports()...)
	require.Equal(t, 0, execute(args, &stdout, &stderr), stderr.String())
	s := stderr.String()
	for _, want := range []string{
		"(NVivo coding-summary export, text, 106 rows)",
		"built:     21 codes, 7 cases, 7 sources, 67 selections, 86 codings, 2 users, 5 variables",
		"coded passages: 86, placed 86 (exact 83, tolerant 3), ambiguous 0, missing 0",
		`attribute "Years in role" read as integer`,
		"the reference order chose one",
		"documents: Interview P01 - patient: Interview P01 - patient.txt, 14 placed, 0 not placed",
		"Interview P07 - voluntary sector: Interview P07 - voluntary sector.docx, 11 placed, 0 not placed",
		"wrote:     " + out + " (qdpx, ",
		"wrote:     " + filepath.Join(dir, "codes.qdc") + " (qdc, ",
		"wrote:     " + filepath.Join(dir, "codebook.xlsx") + " (nvivo-codebook, ",
		"wrote:     " + filepath.Join(dir, "cases.xlsx") + " (nvivo-classification, ",
	} {
		assert.Contains(t, s, want)
	}
	assert.Empty(t, stdout.String())
	doc, err := refi.Open(out)
	require.NoError(t, err)
	defer doc.Close()
	assert.Equal(t, 86, doc.Project.Counts().Codings)
	for _, f := range []string{"codes.qdc", "codebook.xlsx", "cases.xlsx"} {
		st, err := os.Stat(filepath.Join(dir, f))
		require.NoError(t, err, f)
		assert.NotZero(t, st.Size())
	}
	// NVivo's sheets read back as NVivo's exports
	stderr.Reset()
	back := filepath.Join(dir, "back.qdpx")
	require.Equal(t, 0, execute([]string{"-o", back, filepath.Join(dir, "codebook.xlsx"), filepath.Join(dir, "cases.xlsx")}, &stdout, &stderr), stderr.String())
	assert.Contains(t, stderr.String(), "(NVivo codebook export, xlsx, ")
	assert.Contains(t, stderr.String(), "(NVivo classification export, xlsx, 7 rows)")
}

// TestNVivoSheetsOfProject: NVivo's sheets are written from any project,
// not only from NVivo's exports; a codebook has no cases to classify.
func TestNVivoSheetsOfProject(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(dir, "in.qdpx")
	require.NoError(t, os.WriteFile(in, sampleQDPX(), 0o644))
	cb := filepath.Join(dir, "cb.xlsx")
	code, rep := jsonReport(t, "--nvivo-codebook", cb, "--nvivo-classification", filepath.Join(dir, "cl.xlsx"), in)
	require.Equal(t, 0, code)
	outs := rep["outputs"].([]any)
	require.Len(t, outs, 2)
	assert.Equal(t, "nvivo-codebook", outs[0].(map[string]any)["kind"])
	assert.Equal(t, "nvivo-classification", outs[1].(map[string]any)["kind"])

	qdc := filepath.Join(dir, "codes.qdc")
	var stdout, stderr bytes.Buffer
	require.Equal(t, 0, execute([]string{"-o", qdc, in}, &stdout, &stderr), stderr.String())
	stderr.Reset()
	assert.Equal(t, 1, execute([]string{"--nvivo-classification", filepath.Join(dir, "x.xlsx"), qdc}, &stdout, &stderr))
	assert.Contains(t, stderr.String(), "the input is a codebook; a classification sheet needs cases")
}

func TestNVivoJSON(t *testing.T) {
	dir := t.TempDir()
	code, rep := jsonReport(t, append([]string{"-o", filepath.Join(dir, "x.qdpx")}, sampleExports()...)...)
	require.Equal(t, 0, code)
	nv := rep["nvivo"].(map[string]any)
	for _, k := range []string{"inputs", "codes", "participants", "sources", "excerpts", "matched", "ambiguous", "missing"} {
		assert.Contains(t, nv, k)
	}
	var kinds []string
	for _, in := range rep["inputs"].([]any) {
		m := in.(map[string]any)
		assert.NotEmpty(t, m["path"])
		assert.Equal(t, "nvivo", m["kind"])
		kinds = append(kinds, m["export"].(string))
	}
	assert.Equal(t, []string{"codebook", "classification", "coding-summary", "list"}, kinds)
	assert.Equal(t, 86.0, nv["missing"], "no --sources: no coding can be placed")
	assert.Equal(t, 0.0, nv["matched"])
	// the ledger counts the 86 codings the exports held, all dropped
	l := checkJSONLedger(t, rep["ledger"])
	assert.Equal(t, 86.0, l["codings"]["input"])
	assert.Equal(t, 86.0, l["codings"]["dropped"])
	items := l["codings"]["items"].([]any)
	require.Len(t, items, 86)
	assert.Contains(t, items[0].(map[string]any)["why"], "not placed in its document (no documents were given to place it in)")
	assert.Equal(t, 1, countCode(nv, "time-zone"), "no --tz: one warning that the times were kept without a zone")
	for _, w := range nv["warnings"].([]any) {
		msg := w.(map[string]any)["message"].(string)
		for _, field := range []string{"Builder.", "PassageSources", "KeepNotApplicable", "Reader."} {
			assert.NotContains(t, msg, field, "messages name flags, not Go fields")
		}
	}

	// with --tz the times are converted from that zone, with no warning
	code, rep = jsonReport(t, append([]string{"--tz", "Europe/London", "-o", filepath.Join(dir, "y.qdpx")}, sampleExports()...)...)
	require.Equal(t, 0, code)
	assert.Equal(t, 0, countCode(rep["nvivo"].(map[string]any), "time-zone"))
}

// countCode counts the warnings with a code in the JSON report of NVivo's
// exports.
func countCode(nv map[string]any, code string) int {
	n := 0
	for _, w := range nv["warnings"].([]any) {
		if w.(map[string]any)["code"] == code {
			n++
		}
	}
	return n
}

// TestNVivoOptions: the options of building a project from NVivo's
// exports, and that they apply to NVivo's exports only.
func TestNVivoOptions(t *testing.T) {
	dir := t.TempDir()
	people := filepath.Join(dir, "people.txt")
	require.NoError(t, os.WriteFile(people, []byte("People\tRole\tAge\nP1\tNurse\tNicht zugewiesen\nP2\tNot Applicable\t40\nP3\tn/a\t50\n"), 0o644))
	qdpx := filepath.Join(dir, "in.qdpx")
	require.NoError(t, os.WriteFile(qdpx, sampleQDPX(), 0o644))
	variables := func(t *testing.T, path string) []string {
		doc, err := refi.Open(path)
		require.NoError(t, err)
		defer doc.Close()
		var names []string
		for _, v := range doc.Project.Variables {
			names = append(names, v.Name)
		}
		return names
	}
	tests := []struct {
		name  string
		args  []string
		code  int
		check func(t *testing.T, out string, rep map[string]any, stderr string)
	}{
		{"defaults", nil, 0, func(t *testing.T, out string, rep map[string]any, _ string) {
			nv := rep["nvivo"].(map[string]any)
			assert.Equal(t, 1.0, nv["notApplicable"])
			assert.Equal(t, []string{"People:Role", "People:Age"}, variables(t, out))
			doc, err := refi.Open(out)
			require.NoError(t, err)
			defer doc.Close()
			assert.Equal(t, "NVivo exports", doc.Project.Name)
		}},
		{"name and plain variable names", []string{"--name", "Study", "--plain-variable-names"}, 0, func(t *testing.T, out string, _ map[string]any, _ string) {
			assert.Equal(t, []string{"Role", "Age"}, variables(t, out))
			doc, err := refi.Open(out)
			require.NoError(t, err)
			defer doc.Close()
			assert.Equal(t, "Study", doc.Project.Name)
		}},
		{"keep not applicable", []string{"--keep-not-applicable"}, 0, func(t *testing.T, _ string, rep map[string]any, _ string) {
			assert.Equal(t, 0.0, rep["nvivo"].(map[string]any)["notApplicable"])
		}},
		{"labels", []string{"--unassigned", "Nicht zugewiesen", "--not-applicable", "n/a"}, 0, func(t *testing.T, _ string, rep map[string]any, _ string) {
			assert.Equal(t, 2.0, rep["nvivo"].(map[string]any)["notApplicable"])
		}},
	}
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out := filepath.Join(dir, string(rune('a'+i))+".qdpx")
			args := append([]string{"--json", "-o", out}, tt.args...)
			if tt.code == 0 {
				args = append(args, people)
			}
			var stdout, stderr bytes.Buffer
			require.Equal(t, tt.code, execute(args, &stdout, &stderr), stderr.String())
			var rep map[string]any
			if tt.code == 0 {
				require.NoError(t, json.Unmarshal(stdout.Bytes(), &rep))
			}
			tt.check(t, out, rep, stderr.String())
		})
	}
	for _, flag := range [][]string{{"--passages"}, {"--name", "x"}, {"--keep-not-applicable"}, {"--plain-variable-names"}, {"--unassigned", "x"}, {"--not-applicable", "x"}, {"--tz", "UTC"}} {
		var stdout, stderr bytes.Buffer
		assert.Equal(t, 2, execute(append([]string{"-o", filepath.Join(dir, "n.qdpx"), qdpx}, flag...), &stdout, &stderr), flag)
		assert.Contains(t, stderr.String(), flag[0]+" applies to NVivo exports only")
	}
}

// TestNVivoPassages: without transcripts, --passages gives each file a
// text made of its coded passages, so that no coding is lost.
func TestNVivoPassages(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "p.qdpx")
	code, rep := jsonReport(t, append([]string{"--passages", "-o", out}, sampleExports()...)...)
	require.Equal(t, 0, code)
	nv := rep["nvivo"].(map[string]any)
	assert.Equal(t, 0.0, nv["missing"])
	schematest.RequireValidQDPX(t, out)
	var stdout, stderr bytes.Buffer
	require.Equal(t, 0, execute(append([]string{"--force", "--passages", "-o", out}, sampleExports()...), &stdout, &stderr), stderr.String())
	assert.Contains(t, stderr.String(), "(coded passages only)")
}

// TestNVivoExistingOutputs: an existing output is never replaced without
// --force, nor an export ever; nothing is written when one output exists.
func TestNVivoExistingOutputs(t *testing.T) {
	abs, err := filepath.Abs(nvivoSet)
	require.NoError(t, err)
	t.Chdir(t.TempDir())
	export := filepath.Join(abs, "codebook.xlsx")
	var stdout, stderr bytes.Buffer
	require.Equal(t, 0, execute([]string{"-o", "nvivo.qdpx", export}, &stdout, &stderr), stderr.String())
	before, err := os.ReadFile("nvivo.qdpx")
	require.NoError(t, err)

	tests := []struct {
		name   string
		args   []string
		code   int
		stderr string
	}{
		{"never replaced without --force", []string{"-o", "nvivo.qdpx", export}, 1, "nvivo.qdpx: the output file exists (use --force to replace it)"},
		{"nor as a second output", []string{"-o", "other.qdpx", "-o", "nvivo.qdpx", export}, 1, "the output file exists"},
		{"nor as NVivo's sheet", []string{"-o", "other.qdpx", "--nvivo-codebook", "nvivo.qdpx", export}, 2, "--nvivo-codebook writes an Excel workbook"},
		{"an export is never written to", []string{"--force", "-o", "other.qdpx", "--nvivo-codebook", export, export}, 1, "is also an input: it is never written to"},
		{"named twice", []string{"-o", "other.qdpx", "-o", "./other.qdpx", export}, 2, "named twice"},
		{"replaced with --force", []string{"--force", "-o", "nvivo.qdpx", export}, 0, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			assert.Equal(t, tt.code, execute(tt.args, &stdout, &stderr), stderr.String())
			if tt.code != 0 {
				assert.Contains(t, stderr.String(), tt.stderr)
				after, err := os.ReadFile("nvivo.qdpx")
				require.NoError(t, err)
				assert.Equal(t, before, after, "the existing file is kept")
				assert.NoFileExists(t, "other.qdpx", "nothing written when an output cannot be")
			}
		})
	}
	st, err := os.Stat(export)
	require.NoError(t, err)
	assert.NotZero(t, st.Size(), "the export is intact")
}

// TestNVivoSameBytes: the same exports give the same bytes.
func TestNVivoSameBytes(t *testing.T) {
	dir := t.TempDir()
	var outs [][]byte
	for _, name := range []string{"a.qdpx", "b.qdpx"} {
		out := filepath.Join(dir, name)
		var stdout, stderr bytes.Buffer
		args := append([]string{"--sources", filepath.Join(nvivoSet, "transcripts"), "-o", out}, nvivoExports()...)
		require.Equal(t, 0, execute(args, &stdout, &stderr), stderr.String())
		b, err := os.ReadFile(out)
		require.NoError(t, err)
		outs = append(outs, b)
	}
	assert.Equal(t, outs[0], outs[1])
}

// TestClassificationLabelWarning: a Not Applicable kept as text and written
// to a classification sheet reads back as Not Applicable; the report says
// so.
func TestClassificationLabelWarning(t *testing.T) {
	dir := t.TempDir()
	sheet := filepath.Join(dir, "people.txt")
	require.NoError(t, os.WriteFile(sheet, []byte("People\tRole\nP1\tNurse\nP2\tNot Applicable\n"), 0o644))
	cases := filepath.Join(dir, "cases.xlsx")
	var stdout, stderr bytes.Buffer
	args := []string{"--keep-not-applicable", "-o", filepath.Join(dir, "p.qdpx"), "--nvivo-classification", cases, sheet}
	require.Equal(t, 0, execute(args, &stdout, &stderr), stderr.String())
	assert.Contains(t, stderr.String(), `warnings:  [label-value] `+cases+`: sheet "People" row 3 column B (Role): the text value "Not Applicable" of "P2" is the label of Not Applicable`)
	code, rep := jsonReport(t, "--force", "--keep-not-applicable", "-o", filepath.Join(dir, "p.qdpx"), "--nvivo-classification", cases, sheet)
	require.Equal(t, 0, code)
	outs := rep["outputs"].([]any)
	assert.Contains(t, outs[1].(map[string]any)["warnings"].([]any)[0], "[label-value]")
}
