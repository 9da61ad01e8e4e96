package main

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/qdabridge/qdabridge/internal/corpus"
	"github.com/qdabridge/qdabridge/internal/refischema"
	"github.com/qdabridge/qdabridge/internal/sample"
	"github.com/qdabridge/qdabridge/refi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func fixtureDir(t *testing.T) string {
	dir := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(dir, "sample.qdpx"), sample.QDPX, 0o644))
	for _, f := range []string{"full.qde", "nonguid-ids.qde", "colours.qde"} {
		b, err := os.ReadFile(filepath.Join("../../refi/testdata/qde", f))
		require.NoError(t, err)
		require.NoError(t, os.WriteFile(filepath.Join(dir, f), b, 0o644))
	}
	b, err := os.ReadFile("../../refi/testdata/qdc/taguette.qdc")
	require.NoError(t, err)
	require.NoError(t, os.MkdirAll(filepath.Join(dir, "sub"), 0o755))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "sub", "codes.qdc"), b, 0o644))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "sub", "notes.txt"), []byte("not a project"), 0o644))
	return dir
}

func TestRoundtripFolder(t *testing.T) {
	dir := fixtureDir(t)
	var out, errOut bytes.Buffer
	code := run([]string{"--jobs", "3", dir}, &out, &errOut)
	s := out.String()
	// colours.qde has a colour with transparency: written as #RRGGBB, read back the same
	assert.Equal(t, 0, code, "%s\n%s", s, errOut.String())
	assert.Contains(t, s, "ok          "+filepath.Join(dir, "sample.qdpx"))
	assert.Contains(t, s, "ok          "+filepath.Join(dir, "sub", "codes.qdc"))
	assert.NotContains(t, s, "notes.txt", "only REFI-QDA files are checked")
	assert.Contains(t, s, "5 files: 5 ok, 0 changed, 0 lost, 0 unreadable")
	lines := strings.Split(strings.TrimSpace(s), "\n")
	require.Len(t, lines, 6)
	assert.True(t, sortedPaths(lines[:5]), "files in input order: %v", lines)
}

func sortedPaths(lines []string) bool {
	prev := ""
	for _, l := range lines {
		f := strings.Fields(l)
		p := f[len(f)-1]
		if p < prev {
			return false
		}
		prev = p
	}
	return true
}

func TestRoundtripJSONAndFailures(t *testing.T) {
	dir := fixtureDir(t)
	require.NoError(t, os.WriteFile(filepath.Join(dir, "broken.qdpx"), sample.QDPX[:len(sample.QDPX)/2], 0o644))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "garbage.qde"), []byte("<html/>"), 0o644))
	var out, errOut bytes.Buffer
	code := run([]string{"--json", "--to", "nvivo", dir}, &out, &errOut)
	assert.Equal(t, 1, code)
	dec := json.NewDecoder(&out)
	statuses := map[string]string{}
	var sum map[string]any
	for dec.More() {
		var obj map[string]any
		require.NoError(t, dec.Decode(&obj))
		if obj["summary"] == true {
			sum = obj
			continue
		}
		for _, k := range []string{"path", "status", "differences", "warnings"} {
			assert.Contains(t, obj, k)
		}
		statuses[filepath.Base(obj["path"].(string))] = obj["status"].(string)
	}
	assert.Equal(t, "unreadable", statuses["broken.qdpx"])
	assert.Equal(t, "unreadable", statuses["garbage.qde"])
	assert.Equal(t, "ok", statuses["sample.qdpx"], "converted to NVivo's conventions, every passage is kept")
	require.NotNil(t, sum)
	assert.Equal(t, 7.0, sum["files"])
	assert.Equal(t, 2.0, sum["unreadable"])
}

func TestRoundtripUsage(t *testing.T) {
	for _, args := range [][]string{{}, {"--to", "wordperfect", "."}, {"--jobs", "0", "."}, {"/does/not/exist"}, {"--nope"}} {
		var out, errOut bytes.Buffer
		assert.Equal(t, 2, run(args, &out, &errOut), args)
		assert.NotEmpty(t, errOut.String())
	}
}

// TestRoundtripCorpus: every corpus file comes back unchanged; converted
// to a tool, nothing is lost but what the ledger says: the selections and
// sync points of ATLAS.ti's Annex project, whose texts are not in the
// archive, cannot be converted to another tool's positions, and QualCoder
// can neither read those sources nor show the links, graphs, sets of codes
// and users (but the first) that coded nothing.
func TestRoundtripCorpus(t *testing.T) {
	dir := corpus.Dir(t, "refi")
	annex := []string{"atlasti8.4-spec-annex-a2-zipped.qdpx", "atlasti8.4-spec-annex-a2.qde"}
	for _, to := range []string{"", "spec", "nvivo", "atlasti", "maxqda", "qualcoder"} {
		args := []string{dir}
		if to != "" {
			args = []string{"--to", to, dir}
		}
		var out, errOut bytes.Buffer
		run(args, &out, &errOut)
		var lost []string
		for _, l := range strings.Split(out.String(), "\n") {
			assert.False(t, strings.HasPrefix(l, "changed") || strings.HasPrefix(l, "unreadable"), "--to %q: %s", to, l)
			if rest, ok := strings.CutPrefix(l, "lost:"); ok {
				lost = append(lost, filepath.Base(strings.TrimSpace(strings.SplitN(rest, ": ", 2)[0])))
			}
		}
		switch to {
		case "":
			assert.Contains(t, out.String(), "10 files: 10 ok", "--to %q", to)
		case "qualcoder":
			want := append(append([]string{"atlasti23-blank.qdpx", "atlasti23-codes.qdpx"}, annex...), "nvivo-mac15-codes-only.qdpx")
			assert.Equal(t, want, lost, "--to %q:\n%s", to, out.String())
		default:
			assert.Equal(t, annex, lost, "--to %q:\n%s", to, out.String())
		}
	}
}

// TestXMLLint: the written document is given to xmllint with the schema of
// its kind, and what xmllint says of an invalid one is the error, with the
// temporary file's name replaced by "written".
func TestXMLLint(t *testing.T) {
	path, err := exec.LookPath("xmllint")
	if err != nil {
		t.Skip("xmllint is not installed (Debian: libxml2-utils)")
	}
	dir := t.TempDir()
	schema := filepath.Join(dir, "Project.xsd")
	require.NoError(t, os.WriteFile(schema, refischema.Project, 0o644))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "Codebook.xsd"), refischema.Codebook, 0o644))
	opt := options{xmllint: path, schema: schema}
	const project = `<Project xmlns="urn:QDA-XML:project:1.0" name="p"/>`
	const codebook = `<CodeBook xmlns="urn:QDA-XML:codebook:1.0"><Codes><Code guid="00000000-0000-4000-8000-000000000c01" name="A" isCodable="true"/></Codes></CodeBook>`
	tests := []struct {
		name    string
		kind    refi.Format
		doc     string
		wantErr string
	}{
		{"valid project", refi.FormatQDE, project, ""},
		{"valid codebook", refi.FormatQDC, codebook, ""},
		{"codebook given to the project schema", refi.FormatQDE, codebook, "xmllint: written:1: "},
		{"project without a name", refi.FormatQDE, `<Project xmlns="urn:QDA-XML:project:1.0"/>`, "xmllint: written:1: "},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := xmllint(tt.kind, strings.NewReader(tt.doc), opt)
			if tt.wantErr == "" {
				assert.NoError(t, err)
				return
			}
			require.Error(t, err)
			assert.True(t, strings.HasPrefix(err.Error(), tt.wantErr), err.Error())
			assert.NotContains(t, err.Error(), os.TempDir()+"/roundtrip-")
		})
	}
}
