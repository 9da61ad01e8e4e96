package main

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestExcerptsJSONL(t *testing.T) {
	var out, errOut bytes.Buffer
	require.Equal(t, 0, run([]string{"--unit", "utf16"}, &out, &errOut), errOut.String())
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	require.Greater(t, len(lines), 50)
	var first map[string]any
	require.NoError(t, json.Unmarshal([]byte(lines[0]), &first))
	for _, k := range []string{"source", "sourceGUID", "start", "end", "text", "codes", "participants", "coder", "created"} {
		assert.Contains(t, first, k)
	}
	assert.Equal(t, "Interview P01 - patient", first["source"])
	assert.Equal(t, 285.0, first["start"])
	assert.Equal(t, "I didn't know it was called that, to be honest.", first["text"])
	assert.Equal(t, []any{"Understandings of social prescribing > Awareness among patients"}, first["codes"])
	assert.Equal(t, []any{"P01 Zoë (patient)"}, first["participants"])
	assert.Equal(t, "Priya Natarajan", first["coder"])
	assert.Equal(t, "2024-01-22T10:05:00Z", first["created"])
	assert.Empty(t, errOut.String())
}

func TestExcerptsCSV(t *testing.T) {
	dir := t.TempDir()
	qde := filepath.Join(dir, "formula.qde")
	require.NoError(t, os.WriteFile(qde, []byte(`<Project xmlns="urn:QDA-XML:project:1.0" name="x"><CodeBook><Codes>
<Code guid="0a0a0a0a-0000-4000-8000-000000000001" name="=HYPERLINK(&quot;http://x&quot;)" isCodable="true"/></Codes></CodeBook>
<Sources><TextSource guid="0a0a0a0a-0000-4000-8000-000000000002" name="@doc"><PlainTextContent>=1+1 is text</PlainTextContent>
<PlainTextSelection guid="0a0a0a0a-0000-4000-8000-000000000003" startPosition="0" endPosition="4"><Coding guid="0a0a0a0a-0000-4000-8000-000000000004"><CodeRef targetGUID="0a0a0a0a-0000-4000-8000-000000000001"/></Coding></PlainTextSelection>
</TextSource></Sources></Project>`), 0o644))
	var out, errOut bytes.Buffer
	require.Equal(t, 0, run([]string{"--format", "csv", qde}, &out, &errOut), errOut.String())
	recs, err := csv.NewReader(&out).ReadAll()
	require.NoError(t, err)
	require.Len(t, recs, 2)
	assert.Equal(t, "kind", recs[0][0])
	row := map[string]string{}
	for i, h := range recs[0] {
		row[h] = recs[1][i]
	}
	assert.Equal(t, "'=1+1", row["text"], "no formula reaches a spreadsheet")
	assert.Equal(t, "'@doc", row["source"])
	assert.Equal(t, `'=HYPERLINK("http://x")`, row["codes"])
}

func TestExcerptsErrors(t *testing.T) {
	dir := t.TempDir()
	qdc := filepath.Join(dir, "c.qdc")
	require.NoError(t, os.WriteFile(qdc, []byte(`<CodeBook xmlns="urn:QDA-XML:codebook:1.0"><Codes><Code guid="0a0a0a0a-0000-4000-8000-000000000001" name="a" isCodable="true"/></Codes></CodeBook>`), 0o644))
	tests := []struct {
		args   []string
		code   int
		stderr string
	}{
		{[]string{"--format", "xml"}, 2, "unknown format"},
		{[]string{"--unit", "inches"}, 2, "unknown position unit"},
		{[]string{"a", "b"}, 2, "one file at a time"},
		{[]string{filepath.Join(dir, "missing.qdpx")}, 1, "no such file"},
		{[]string{qdc}, 1, "is a codebook"},
	}
	for _, tt := range tests {
		var out, errOut bytes.Buffer
		assert.Equal(t, tt.code, run(tt.args, &out, &errOut), tt.args)
		assert.Contains(t, errOut.String(), tt.stderr)
	}
}
