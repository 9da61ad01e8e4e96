package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/qdabridge/qdabridge/internal/sample"
	"github.com/qdabridge/qdabridge/refi"
	"github.com/qdabridge/qdabridge/xlsx/workbook"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func sampleTexts(t *testing.T, doc *refi.Document) map[string]string {
	t.Helper()
	out := map[string]string{}
	for e := range doc.Excerpts(refi.ExcerptOptions{Separate: true}) {
		require.NoError(t, e.Err)
		out[string(e.Selections[0])] = strings.ReplaceAll(e.Text, "\r\n", "\n")
	}
	return out
}

func TestConvertSample(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	var out, errOut bytes.Buffer
	require.Equal(t, 0, run(nil, &out, &errOut), errOut.String())
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
	assert.Empty(t, refi.Diff(orig.Project, res.Project()))

	// a second run does not replace the files
	before, err := os.ReadFile("sample.qdpx")
	require.NoError(t, err)
	errOut.Reset()
	assert.Equal(t, 1, run(nil, &out, &errOut))
	assert.Contains(t, errOut.String(), "sample.qdpx: the output file exists (use --force to replace it)")
	after, _ := os.ReadFile("sample.qdpx")
	assert.Equal(t, before, after)
	errOut.Reset()
	assert.Equal(t, 0, run([]string{"--force"}, &out, &errOut), errOut.String())
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
			require.Equal(t, 0, run([]string{"--to", to, "-o", outPath, in}, &out, &errOut), errOut.String())
			doc, err := refi.Open(outPath)
			require.NoError(t, err)
			defer doc.Close()
			assert.Equal(t, want, sampleTexts(t, doc))
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
	require.Equal(t, 0, run([]string{"-o", qdc, in}, &out, &errOut), errOut.String())
	cb, err := refi.Open(qdc)
	require.NoError(t, err)
	assert.Equal(t, refi.KindQDC, cb.Kind)
	assert.Equal(t, 21, cb.Codebook.Counts().Codes)

	// excerpts as JSON lines, with the JSON report
	jl := filepath.Join(dir, "excerpts.jsonl")
	out.Reset()
	require.Equal(t, 0, run([]string{"--json", "-o", jl, in}, &out, &errOut), errOut.String())
	var rep map[string]any
	require.NoError(t, json.Unmarshal(out.Bytes(), &rep))
	assert.Equal(t, "qdpx", rep["inputs"].([]any)[0].(map[string]any)["kind"])
	assert.Equal(t, "excerpts", rep["outputs"].([]any)[0].(map[string]any)["kind"])
	b, err := os.ReadFile(jl)
	require.NoError(t, err)
	assert.Equal(t, 67, strings.Count(string(b), "\n"))

	// workbook in, project out: nothing lost
	wbPath := filepath.Join(dir, "wb.xlsx")
	require.Equal(t, 0, run([]string{"-o", wbPath, in}, &out, &errOut), errOut.String())
	back := filepath.Join(dir, "back.qdpx")
	errOut.Reset()
	require.Equal(t, 0, run([]string{"--to", "keep", "-o", back, wbPath}, &out, &errOut), errOut.String())
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
	qde, err := filepath.Abs("../../refi/testdata/qde/full.qde")
	require.NoError(t, err)
	outPath := filepath.Join(dir, "full.qdpx")
	var out, errOut bytes.Buffer
	require.Equal(t, 0, run([]string{"--sources", src, "-o", outPath, qde}, &out, &errOut), errOut.String())
	assert.Contains(t, errOut.String(), "lost:")
	assert.Contains(t, errOut.String(), "source files named by the project not found")
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
		assert.Equal(t, tt.code, run(tt.args, &out, &errOut), "%v: %s", tt.args, errOut.String())
		assert.Contains(t, errOut.String(), tt.stderr, tt.args)
	}
	b, err := os.ReadFile(in)
	require.NoError(t, err)
	assert.Equal(t, sample.QDPX, b, "the input is never written to")
	_, err = os.Stat(filepath.Join(dir, "y.qdpx"))
	assert.True(t, os.IsNotExist(err), "no partial output")
}
