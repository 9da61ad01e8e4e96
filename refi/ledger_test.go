package refi

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/qdabridge/qdabridge/internal/sample"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// ledgerInputs returns the documents the ledger tests run over: the
// embedded sample, the fixtures, and the corpus when it is there.
func ledgerInputs(t *testing.T) map[string]*Document {
	t.Helper()
	docs := map[string]*Document{}
	doc, err := ReadQDPX(bytes.NewReader(sample.QDPX), int64(len(sample.QDPX)))
	require.NoError(t, err)
	docs["sample"] = doc
	for name, data := range profileInputs(t) {
		if name != "sample" {
			docs[name] = readQDPXBytes(t, data)
		}
	}
	for _, pattern := range []string{"testdata/qde/*.qde", "testdata/qdc/*.qdc", "testdata/bare/*.qde"} {
		files, err := filepath.Glob(pattern)
		require.NoError(t, err)
		for _, f := range files {
			d, err := Open(f)
			if err != nil {
				continue // fixtures of errors
			}
			t.Cleanup(func() { d.Close() })
			docs[f] = d
		}
	}
	// a bare project document whose texts are outside it, in a folder
	ext, err := Open("testdata/bare/external/project.qde")
	require.NoError(t, err)
	t.Cleanup(func() { ext.Close() })
	docs["bare-external"] = ext.WithSources(os.DirFS("testdata/bare/external/docs"))
	return docs
}

// writeAll writes doc as every kind with every profile and calls check
// with the report and the accounts of each write.
func writeAll(t *testing.T, name string, doc *Document, check func(t *testing.T, rep *Report, acct *accounts, kind Format, out []byte)) {
	profiles := append([]string{"keep"}, ProfileNames()...)
	for _, pn := range profiles {
		for _, kind := range []Format{FormatQDPX, FormatQDE, FormatQDC} {
			if doc.Format == FormatQDC && kind != FormatQDC {
				continue
			}
			t.Run(fmt.Sprintf("%s/%s/%s", filepath.Base(name), pn, kind), func(t *testing.T) {
				w := &Writer{}
				if pn != "keep" {
					prof, err := LookupProfile(pn)
					require.NoError(t, err)
					w.Profile = prof
				}
				var out bytes.Buffer
				rep, acct, err := writeAccounts(w, &out, doc, kind)
				require.NoError(t, err)
				require.NotNil(t, rep.Ledger)
				check(t, rep, acct, kind, out.Bytes())
			})
		}
	}
}

// checkLedger: the ledger adds up, every kind is present, and the items
// counted as in the output are the items the written file holds.
func checkLedger(t *testing.T, rep *Report, acct *accounts, kind Format, out []byte) {
	l := rep.Ledger
	require.NoError(t, l.Check())
	require.Len(t, l.Rows, len(itemKinds))
	for i, r := range l.Rows {
		assert.Equal(t, itemKinds[i], r.Kind)
	}
	var again *Document
	var err error
	switch kind {
	case FormatQDPX:
		again, err = ReadQDPX(bytes.NewReader(out), int64(len(out)))
	case FormatQDE:
		again, err = ReadQDE(bytes.NewReader(out))
	case FormatQDC:
		again, err = ReadQDC(bytes.NewReader(out))
	}
	require.NoError(t, err)
	var got *Ledger
	if again.Format != FormatQDC {
		got = countInput(again.Project)
	} else {
		got = countCodebook(again.Project.asCodebook())
	}
	for i, r := range got.Rows {
		if r.Kind == ItemSourceFiles {
			continue
		}
		want := acct.out[i]
		if kind == FormatQDC && r.Kind == ItemCodes && l.Row(ItemCodes).Input == 0 {
			continue // the placeholder code of an empty codebook is read back as none
		}
		assert.Equal(t, want, r.Input, "%s in the written file", r.Kind)
	}
	// what is listed is what is counted
	for _, r := range l.Rows {
		n := 0
		for _, it := range r.Items {
			assert.True(t, it.Column >= Renamed, "%s: %v listed", r.Kind, it)
			assert.NotEmpty(t, it.Why, "%s: %v has no reason", r.Kind, it)
			n++
		}
		assert.Equal(t, r.Counts[Renamed]+r.Counts[Dropped]+r.Counts[Invisible], n+r.Unlisted, "%s: items listed", r.Kind)
	}
}

func TestLedgerAddsUp(t *testing.T) {
	for name, doc := range ledgerInputs(t) {
		writeAll(t, name, doc, checkLedger)
	}
}

func TestLedgerAddsUpCorpus(t *testing.T) {
	dir := corpusDir(t, "refi")
	files, err := filepath.Glob(filepath.Join(dir, "*"))
	require.NoError(t, err)
	require.NotEmpty(t, files)
	for _, f := range files {
		doc, err := Open(f)
		require.NoError(t, err)
		writeAll(t, f, doc, checkLedger)
		doc.Close()
	}
}

func TestLedgerJSON(t *testing.T) {
	l := NewLedger()
	l.Add(ItemCodes, "", Kept, 3, nil)
	l.Add(ItemCodes, "", Renamed, 1, &LedgerItem{Element: "Code", Name: "citizenship", GUID: "a", NewName: "citizenship (Identity)", Why: "same name as another code"})
	l.Add(ItemSources, "TextSource", Dropped, 1, &LedgerItem{Name: "one", Why: "its file is missing"})
	require.NoError(t, l.Check())
	b, err := json.Marshal(l)
	require.NoError(t, err)
	var m map[string]map[string]any
	require.NoError(t, json.Unmarshal(b, &m))
	require.Len(t, m, len(itemKinds))
	for _, k := range itemKinds {
		row, ok := m[string(k)]
		require.True(t, ok, k)
		for _, c := range []string{"input", "kept", "converted", "repaired", "moved", "renamed", "dropped", "invisible"} {
			assert.Contains(t, row, c, "%s.%s", k, c)
		}
	}
	assert.Equal(t, 4.0, m["codes"]["input"])
	assert.Equal(t, 1.0, m["codes"]["renamed"])
	items := m["codes"]["items"].([]any)
	require.Len(t, items, 1)
	assert.Equal(t, map[string]any{"column": "renamed", "element": "Code", "name": "citizenship", "guid": "a", "newName": "citizenship (Identity)", "why": "same name as another code"}, items[0])
	assert.Equal(t, map[string]any{"TextSource": map[string]any{"input": 1.0, "kept": 0.0, "converted": 0.0, "repaired": 0.0, "moved": 0.0, "renamed": 0.0, "dropped": 1.0, "invisible": 0.0}}, m["sources"]["kinds"])
	assert.True(t, l.Lost())
}
