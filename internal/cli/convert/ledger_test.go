package convert

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf16"

	"github.com/qdabridge/qdabridge/internal/corpus"
	"github.com/qdabridge/qdabridge/internal/sample"
	"github.com/qdabridge/qdabridge/refi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var ledgerKinds = []string{"users", "codes", "cases", "variables", "variableValues", "sources", "sourceFiles",
	"selections", "codings", "notes", "links", "sets", "graphs", "extensions"}

var ledgerColumnNames = []string{"kept", "converted", "repaired", "moved", "renamed", "dropped", "invisible"}

// jsonReport runs convert with --json and returns its exit status and
// report.
func jsonReport(t *testing.T, args ...string) (int, map[string]any) {
	t.Helper()
	var out, errOut bytes.Buffer
	code := execute(append([]string{"--json"}, args...), &out, &errOut)
	var rep map[string]any
	require.NoError(t, json.Unmarshal(out.Bytes(), &rep), "%s\n%s", out.String(), errOut.String())
	return code, rep
}

// checkJSONLedger checks the shape of a JSON ledger and that it adds up:
// every kind, every column, and for every kind (and element of sources and
// selections) the input is the sum of the columns; each renamed, dropped
// and invisible count lists its items.
func checkJSONLedger(t *testing.T, ledger any) map[string]map[string]any {
	t.Helper()
	l, ok := ledger.(map[string]any)
	require.True(t, ok, "ledger: %v", ledger)
	require.Len(t, l, len(ledgerKinds))
	out := map[string]map[string]any{}
	sum := func(row map[string]any) (int, int) {
		n := 0
		for _, c := range ledgerColumnNames {
			v, ok := row[c].(float64)
			require.True(t, ok, "column %s", c)
			n += int(v)
		}
		return int(row["input"].(float64)), n
	}
	for _, k := range ledgerKinds {
		row, ok := l[k].(map[string]any)
		require.True(t, ok, "kind %s", k)
		in, cols := sum(row)
		assert.Equal(t, in, cols, "%s: input = sum of the columns", k)
		if parts, ok := row["kinds"].(map[string]any); ok {
			total := 0
			for el, p := range parts {
				pin, pcols := sum(p.(map[string]any))
				assert.Equal(t, pin, pcols, "%s %s", k, el)
				total += pin
			}
			assert.Equal(t, in, total, "%s: the elements add up", k)
		}
		listed := 0
		if items, ok := row["items"].([]any); ok {
			listed = len(items)
			for _, it := range items {
				m := it.(map[string]any)
				assert.NotEmpty(t, m["why"], "%s: %v", k, m)
				assert.Contains(t, []any{"renamed", "dropped", "invisible"}, m["column"])
			}
		}
		if n, ok := row["unlisted"].(float64); ok {
			listed += int(n)
		}
		assert.Equal(t, int(row["renamed"].(float64)+row["dropped"].(float64)+row["invisible"].(float64)), listed, "%s: items listed", k)
		out[k] = row
	}
	return out
}

func TestConvertLedgerJSON(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(dir, "in.qdpx")
	require.NoError(t, os.WriteFile(in, sample.QDPX, 0o644))
	code, rep := jsonReport(t, "-o", filepath.Join(dir, "out.qdpx"), in)
	require.Equal(t, 0, code)
	l := checkJSONLedger(t, rep["ledger"])
	assert.Equal(t, 86.0, l["selections"]["input"])
	assert.Equal(t, 86.0, l["selections"]["converted"], "positions converted to code points")
	assert.Equal(t, 1.0, l["codings"]["moved"], "NVivo's coding at a case, a SelectionRef of the case")
	for _, k := range ledgerKinds {
		assert.Zero(t, l[k]["dropped"], k)
		assert.Zero(t, l[k]["invisible"], k)
	}
	outs := rep["outputs"].([]any)
	require.Len(t, outs, 1)
	assert.Equal(t, rep["ledger"], outs[0].(map[string]any)["ledger"])
}

// TestConvertStrict: --strict writes nothing that would lose an item, and
// says what would be lost; what loses nothing is written.
func TestConvertStrict(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(dir, "in.qdpx")
	require.NoError(t, os.WriteFile(in, sample.QDPX, 0o644))
	qdc := filepath.Join(dir, "codes.qdc")
	var out, errOut bytes.Buffer
	assert.Equal(t, 1, execute([]string{"--strict", "-o", qdc, in}, &out, &errOut))
	assert.NoFileExists(t, qdc)
	assert.Contains(t, errOut.String(), "convert: "+qdc+" not written (--strict): it would lose 2 users dropped, 7 cases dropped")
	assert.Contains(t, errOut.String(), "would lose: "+qdc+": 2 users, 7 cases, 5 variables, 32 variableValues, 7 sources, 9 sourceFiles, 86 selections, 86 codings, 2 notes, 1 links, 1 sets dropped: a codebook (.qdc) holds only codes")
	assert.Contains(t, errOut.String(), "refused:   "+qdc+" (--strict)")
	assert.NotContains(t, errOut.String(), "wrote:")

	code, rep := jsonReport(t, "--strict", "-o", qdc, in)
	assert.Equal(t, 1, code)
	refused := rep["refused"].([]any)
	require.Len(t, refused, 1)
	l := checkJSONLedger(t, refused[0].(map[string]any)["ledger"])
	assert.Equal(t, 7.0, l["sources"]["dropped"])
	assert.NoFileExists(t, qdc)

	qdpx := filepath.Join(dir, "out.qdpx")
	assert.Equal(t, 0, execute([]string{"--strict", "-o", qdpx, in}, &out, &errOut), errOut.String())
	assert.FileExists(t, qdpx)
	// NVivo's exports without transcripts lose every coded passage
	nv := filepath.Join(dir, "nvivo.qdpx")
	errOut.Reset()
	assert.Equal(t, 1, execute(append([]string{"--strict", "-o", nv}, nvivoExports()...), &out, &errOut))
	assert.NoFileExists(t, nv)
	assert.Contains(t, errOut.String(), "it would lose 86 codings dropped")
}

// TestConvertCodebookOfProject: a .qdc of a project says, per kind, what a
// codebook cannot hold.
func TestConvertCodebookOfProject(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(dir, "in.qdpx")
	require.NoError(t, os.WriteFile(in, sample.QDPX, 0o644))
	var out, errOut bytes.Buffer
	require.Equal(t, 0, execute([]string{"-o", filepath.Join(dir, "codes.qdc"), in}, &out, &errOut), errOut.String())
	rep := errOut.String()
	assert.Contains(t, rep, "codes.qdc: 2 users, 7 cases, 5 variables, 32 variableValues, 7 sources, 9 sourceFiles, 86 selections, 86 codings, 2 notes, 1 links, 1 sets dropped: a codebook (.qdc) holds only codes and sets of codes; write a .qdpx to keep it")
	assert.NotContains(t, rep, "lost:      nothing")
}

// TestConvertUTF16Document: a REFI-QDA document in UTF-16 is recognised by
// its content, whatever its byte order and with or without a byte-order
// mark, not taken for one of NVivo's exports.
func TestConvertUTF16Document(t *testing.T) {
	src, err := os.ReadFile("../../../refi/testdata/qdc/full.qdc")
	require.NoError(t, err)
	units := utf16.Encode([]rune(string(src)))
	encode := func(bigEndian, bom bool) []byte {
		var b []byte
		if bom {
			if bigEndian {
				b = append(b, 0xfe, 0xff)
			} else {
				b = append(b, 0xff, 0xfe)
			}
		}
		for _, u := range units {
			if bigEndian {
				b = append(b, byte(u>>8), byte(u))
			} else {
				b = append(b, byte(u), byte(u>>8))
			}
		}
		return b
	}
	dir := t.TempDir()
	for _, tt := range []struct {
		name     string
		big, bom bool
	}{{"little-endian with BOM", false, true}, {"big-endian with BOM", true, true}, {"little-endian without BOM", false, false}} {
		t.Run(tt.name, func(t *testing.T) {
			in := filepath.Join(dir, strings.ReplaceAll(tt.name, " ", "-")+".qdc")
			require.NoError(t, os.WriteFile(in, encode(tt.big, tt.bom), 0o644))
			ci, err := checkInput(in)
			require.NoError(t, err)
			assert.Equal(t, kindXML, ci.kind)
			code, rep := jsonReport(t, "-o", in+".out.qdc", in)
			require.Equal(t, 0, code, "%v", rep)
			assert.Equal(t, "qdc", rep["inputs"].([]any)[0].(map[string]any)["kind"])
			cb, err := refi.Open(in + ".out.qdc")
			require.NoError(t, err)
			assert.Equal(t, 4, cb.Project.Counts().Codes)
		})
	}
}

// TestConvertExternalSources: a project document whose texts are
// relative:// (and absolute://) paths reads them from --sources: the
// excerpts carry their text, and a .qdpx carries the files.
func TestConvertExternalSources(t *testing.T) {
	dir := t.TempDir()
	docs := filepath.Join(dir, "docs")
	require.NoError(t, os.MkdirAll(docs, 0o755))
	require.NoError(t, os.WriteFile(filepath.Join(docs, "one.txt"), []byte("Why I go to the group."), 0o644))
	qde := filepath.Join(dir, "study.qde")
	require.NoError(t, os.WriteFile(qde, []byte(`<?xml version="1.0" encoding="utf-8"?>
<Project xmlns="urn:QDA-XML:project:1.0" name="p" origin="test">
<CodeBook><Codes><Code guid="00000000-0000-4000-8000-0000000000c1" name="Reasons" isCodable="true"/></Codes></CodeBook>
<Sources><TextSource guid="00000000-0000-4000-8000-0000000000d1" name="one" plainTextPath="relative://one.txt">
<PlainTextSelection guid="00000000-0000-4000-8000-0000000000e1" startPosition="6" endPosition="8"><Coding guid="00000000-0000-4000-8000-0000000000f1"><CodeRef targetGUID="00000000-0000-4000-8000-0000000000c1"/></Coding></PlainTextSelection>
</TextSource></Sources></Project>`), 0o644))
	jl := filepath.Join(dir, "x.jsonl")
	var out, errOut bytes.Buffer
	require.Equal(t, 0, execute([]string{"--sources", docs, "-o", jl, qde}, &out, &errOut), errOut.String())
	b, err := os.ReadFile(jl)
	require.NoError(t, err)
	var line map[string]any
	require.NoError(t, json.Unmarshal(b, &line))
	assert.Equal(t, "go", line["text"])
	assert.Nil(t, line["error"])

	qdpx := filepath.Join(dir, "x.qdpx")
	code, rep := jsonReport(t, "--sources", docs, "-o", qdpx, qde)
	require.Equal(t, 0, code)
	l := checkJSONLedger(t, rep["ledger"])
	assert.Equal(t, 1.0, l["sourceFiles"]["converted"], "the text outside the archive copied into it")
	doc, err := refi.Open(qdpx)
	require.NoError(t, err)
	defer doc.Close()
	ts := doc.Project.Sources[0].(*refi.TextSource)
	assert.True(t, strings.HasPrefix(ts.PlainTextPath, "internal://"), ts.PlainTextPath)
	text, err := doc.SelectionText(ts, &ts.Selections[0])
	require.NoError(t, err)
	assert.Equal(t, "go", text)
}

// TestConvertLedgerCorpus: the ledger adds up for every corpus project,
// to every profile and every kind of output.
func TestConvertLedgerCorpus(t *testing.T) {
	dir := corpus.Dir(t, "refi")
	files, err := filepath.Glob(filepath.Join(dir, "*"))
	require.NoError(t, err)
	out := t.TempDir()
	for _, f := range files {
		isQDC := strings.HasSuffix(f, ".qdc")
		for _, to := range []string{"keep", "spec", "nvivo", "atlasti", "maxqda", "qualcoder"} {
			for _, ext := range []string{".qdpx", ".qde", ".qdc", ".xlsx", ".jsonl", ".csv"} {
				projectOnly := ext != ".qdc"
				if isQDC && projectOnly || to != "keep" && ext != ".qdpx" && ext != ".qde" {
					continue // a codebook has no project; only .qdpx and .qde follow a profile
				}
				t.Run(filepath.Base(f)+"/"+to+ext, func(t *testing.T) {
					o := filepath.Join(out, strings.ReplaceAll(filepath.Base(f), ".", "_")+"-"+to+ext)
					code, rep := jsonReport(t, "--force", "--to", to, "-o", o, f)
					require.Equal(t, 0, code, "%v", rep)
					checkJSONLedger(t, rep["ledger"])
				})
			}
		}
	}
}

// TestConvertLedgerNVivoCorpus: the ledger adds up for NVivo's real
// exports, alone and together, with what the exports held that the
// project cannot counted dropped.
func TestConvertLedgerNVivoCorpus(t *testing.T) {
	dir := corpus.Dir(t, "nvivo")
	sets := [][]string{
		{"codebook-export.xlsx"},
		{"coding-summary-by-code-extract.txt"},
		{"export-list/Files.xlsx"},
		{"export-list/Files.csv"},
		{"framework-matrix.xlsx"},
		{"summary-view/General, Personal.xlsx"},
		{"codebook-export.xlsx", "coding-summary-by-code-extract.txt", "export-list/Files.xlsx", "framework-matrix.xlsx"},
	}
	out := t.TempDir()
	for i, set := range sets {
		var args []string
		for _, f := range set {
			args = append(args, filepath.Join(dir, f))
		}
		for _, ext := range []string{".qdpx", ".xlsx", ".jsonl"} {
			t.Run(strings.Join(set, "+")+ext, func(t *testing.T) {
				o := filepath.Join(out, "set"+string(rune('a'+i))+ext)
				code, rep := jsonReport(t, append([]string{"-o", o}, args...)...)
				require.Equal(t, 0, code, "%v", rep)
				l := checkJSONLedger(t, rep["ledger"])
				if nv, ok := rep["nvivo"].(map[string]any); ok {
					unplaced := nv["ambiguous"].(float64) + nv["missing"].(float64)
					assert.GreaterOrEqual(t, l["codings"]["dropped"], unplaced, "every coded passage not placed is a coding dropped")
				}
			})
		}
	}
}
