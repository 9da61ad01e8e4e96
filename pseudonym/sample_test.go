package pseudonym

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/qdabridge/qdabridge/internal/sample"
	"github.com/qdabridge/qdabridge/internal/schematest"
	"github.com/qdabridge/qdabridge/refi"
)

const sampleKey = `original,replacement,category
Zoë,P01,participant
Łukasz,P02,participant
Siobhán,P03,participant
Bronwen,P04,participant
José,P05,participant
Chidi,P06,participant
Renée,P07,participant
Riverside,Northside,place
`

var sampleNames = []string{"Zoë", "Łukasz", "Siobhán", "Bronwen", "José", "Chidi", "Renée", "Riverside"}

func openSample(t *testing.T) *refi.Document {
	t.Helper()
	in := filepath.Join(t.TempDir(), sample.FileName)
	require.NoError(t, os.WriteFile(in, sample.QDPX, 0o644))
	doc, err := refi.Open(in)
	require.NoError(t, err)
	t.Cleanup(func() { doc.Close() })
	return doc
}

func TestSample(t *testing.T) {
	doc := openSample(t)
	k, err := ReadKey(strings.NewReader(sampleKey), "key.csv", Options{})
	require.NoError(t, err)
	before := 0
	for _, s := range doc.Project.Sources {
		before += len(s.(*refi.TextSource).Selections)
	}
	res, err := k.Apply(doc)
	require.NoError(t, err)

	byCat, byPlace := map[string]int{}, map[string]int{}
	for _, r := range res.Log {
		byCat[r.Category]++
		byPlace[r.Place]++
	}
	assert.Equal(t, map[string]int{"participant": 35, "place": 7}, byCat)
	assert.Equal(t, map[string]int{"text": 32, "name": 7, "value": 3}, byPlace)
	exact, touched, deleted := 0, 0, 0
	for _, rev := range res.Revisions {
		exact, touched, deleted = exact+rev.Exact, touched+rev.Touched, deleted+rev.Deleted
	}
	assert.Equal(t, []int{before, 0}, []int{exact + touched, deleted}, "every selection kept")
	assert.Equal(t, 4, touched, "selections widened over a replacement")

	var c *refi.Case
	for _, cs := range doc.Project.Cases {
		if strings.HasPrefix(cs.Name, "P01") {
			c = cs
		}
	}
	require.NotNil(t, c)
	assert.Equal(t, "P01 [P01] (patient)", c.Name)

	var written bytes.Buffer
	_, err = res.Write(&written, nil, doc, refi.FormatQDPX)
	require.NoError(t, err)
	out := filepath.Join(t.TempDir(), "out.qdpx")
	require.NoError(t, os.WriteFile(out, written.Bytes(), 0o644))
	schematest.RequireValidQDPX(t, out)
	requireNoOriginal(t, out, sampleNames)
}

func TestSuggestSample(t *testing.T) {
	sug, err := Suggest(openSample(t))
	require.NoError(t, err)
	got := map[string]Suggestion{}
	for _, s := range sug {
		got[s.Original] = s
	}
	assert.Equal(t, Suggestion{"José", "case", 10}, got["José"])
	assert.Equal(t, Suggestion{"Zoë", "case", 3}, got["Zoë"])
	assert.Equal(t, "user", got["Priya Natarajan"].Category)
	assert.Equal(t, Suggestion{"Riverside Surgery", "value", 3}, got["Riverside Surgery"])
	assert.Equal(t, "nearby", got["Growers"].Category)
	assert.NotContains(t, got, "P01 Zoë (patient)")
}
