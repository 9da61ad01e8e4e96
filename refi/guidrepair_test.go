package refi

import (
	"bytes"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// builtProject is a project built in Go with GUIDs left empty: two codes,
// a text, a selection coded with the second code, and a coding whose
// CodeRef was left empty too.
func builtProject(codeRef GUID) *Project {
	return &Project{
		Name:  "built",
		Codes: []*Code{{Name: "A", IsCodable: true}, {GUID: "00000000-0000-4000-8000-0000000000b2", Name: "B", IsCodable: true}},
		Sources: []Source{&TextSource{SourceBase: SourceBase{Name: "doc"}, PlainTextContent: "hello world",
			Selections: []TextSelection{{SelectionBase: SelectionBase{Codings: []Coding{{Code: codeRef}}}, Start: 0, End: 5}}}},
	}
}

// TestEmptyGUIDs: elements without a GUID are written with GUIDs of their
// own, never one GUID for all; a coding that names no code is left out,
// never put on another code; the ledger and the changes say so.
func TestEmptyGUIDs(t *testing.T) {
	tests := []struct {
		name    string
		codeRef GUID
		codings int // in the written project
		dropped int // codings the ledger counts dropped
	}{
		{"coding names the second code", "00000000-0000-4000-8000-0000000000b2", 1, 0},
		{"coding names nothing", "", 0, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := builtProject(tt.codeRef)
			w := &Writer{}
			var out bytes.Buffer
			rep := writeDoc(t, w, &out, NewDocument(p, nil), FormatQDE)
			assert.Empty(t, p.Codes[0].GUID, "the project given is not changed")
			doc, err := ReadQDE(bytes.NewReader(out.Bytes()))
			require.NoError(t, err)
			for _, wn := range doc.Warnings {
				assert.NotEqual(t, WarnDuplicateGUID, wn.Code, "%s", wn)
				assert.NotEqual(t, WarnInvalidGUID, wn.Code, "%s", wn)
			}
			q := doc.Project
			seen := map[GUID]bool{}
			ids := []GUID{q.Codes[0].GUID, q.Codes[1].GUID, q.Sources[0].Base().GUID}
			sel := q.Sources[0].(*TextSource).Selections[0]
			ids = append(ids, sel.GUID)
			for _, c := range sel.Codings {
				ids = append(ids, c.GUID)
			}
			for _, g := range ids {
				assert.True(t, g.Valid(), "%q", g)
				assert.False(t, seen[g.Canonical()], "GUID %s given twice", g)
				seen[g.Canonical()] = true
			}
			assert.Equal(t, "00000000-0000-4000-8000-0000000000b2", string(q.Codes[1].GUID), "a GUID that was there is kept")
			require.Len(t, sel.Codings, tt.codings)
			if tt.codings > 0 {
				assert.Equal(t, "B", NewIndex(q).Code(sel.Codings[0].Code).Name, "the coding stays on its code")
			}
			l := rep.Ledger
			require.NoError(t, l.Check())
			assert.Equal(t, 1, l.Row(ItemCodes).Counts[Repaired], "code A given a GUID")
			assert.Equal(t, 1, l.Row(ItemSources).Counts[Repaired])
			assert.Equal(t, 1, l.Row(ItemSelections).Counts[Repaired])
			assert.Equal(t, tt.dropped, l.Row(ItemCodings).Counts[Dropped])
			assert.Equal(t, tt.dropped > 0, l.Lost())
			var codes []ChangeCode
			for _, c := range rep.Changes {
				codes = append(codes, c.Code)
			}
			assert.Contains(t, codes, ChangeEmptyGUID)
			if tt.dropped > 0 {
				assert.Contains(t, codes, ChangeEmptyRef)
			}
			// deterministic: the same project gets the same GUIDs
			var again bytes.Buffer
			writeDoc(t, &Writer{}, &again, NewDocument(builtProject(tt.codeRef), nil), FormatQDE)
			assert.Equal(t, out.String(), again.String())
		})
	}
}

// TestDiffFindsSharedGUIDs: a project in which objects were given one GUID
// differs from the one it was made from, even where every field but the
// GUIDs reads the same, and the references that now lead elsewhere are
// named.
func TestDiffFindsSharedGUIDs(t *testing.T) {
	const g1, g2 = GUID("00000000-0000-4000-8000-0000000000a1"), GUID("00000000-0000-4000-8000-0000000000a2")
	mk := func(second GUID) *Project {
		return &Project{Name: "p",
			Codes: []*Code{{GUID: g1, Name: "A", IsCodable: true}, {GUID: second, Name: "B", IsCodable: true}},
			Sources: []Source{&TextSource{SourceBase: SourceBase{GUID: "00000000-0000-4000-8000-0000000000d1", Name: "doc"}, PlainTextContent: "hello",
				Selections: []TextSelection{{SelectionBase: SelectionBase{GUID: "00000000-0000-4000-8000-0000000000e1",
					Codings: []Coding{{GUID: "00000000-0000-4000-8000-0000000000f1", Code: second}}}, Start: 0, End: 5}}}},
		}
	}
	a, b := mk(g2), mk(g2)
	assert.Empty(t, Diff(a, b))
	// b: the second code given the first's GUID, the coding still naming it
	b = mk(g1)
	var paths []string
	for _, d := range Diff(a, b) {
		paths = append(paths, d.String())
	}
	all := strings.Join(paths, "\n")
	assert.Contains(t, all, `GUID 00000000-0000-4000-8000-0000000000a1 is used by: "one object" ≠ "2 objects (code, code)"`)
	assert.Contains(t, all, `/Project/Sources/TextSource[1]/PlainTextSelection[1]/Coding[1] @CodeRef target: "code #2" ≠ "code #1"`)
}

// TestWriterReportsSelectionOutsideText: a selection past the end of its
// text is written as it is, said in the changes, and counted invisible:
// no tool can show it.
func TestWriterReportsSelectionOutsideText(t *testing.T) {
	p := &Project{Name: "p", Codes: []*Code{{GUID: "00000000-0000-4000-8000-0000000000c1", Name: "A", IsCodable: true}},
		Sources: []Source{&TextSource{SourceBase: SourceBase{GUID: "00000000-0000-4000-8000-0000000000d1", Name: "doc"},
			PlainTextPath: "internal://doc.txt",
			Selections: []TextSelection{
				{SelectionBase: SelectionBase{GUID: "00000000-0000-4000-8000-0000000000e1"}, Start: 0, End: 5},
				{SelectionBase: SelectionBase{GUID: "00000000-0000-4000-8000-0000000000e2"}, Start: 3, End: 50},
			}}}}
	files := fstest.MapFS{"sources/doc.txt": {Data: []byte("hello world")}}
	for _, prof := range []string{"", "spec", "qualcoder"} {
		t.Run("profile "+prof, func(t *testing.T) {
			w := &Writer{}
			if prof != "" {
				w.Profile = mustProfile(t, prof)
			}
			var out bytes.Buffer
			rep := writeDoc(t, w, &out, NewDocument(p, files), FormatQDPX)
			l := rep.Ledger
			require.NoError(t, l.Check())
			assert.Equal(t, 1, l.Row(ItemSelections).Counts[Invisible])
			items := l.Row(ItemSelections).Items
			require.Len(t, items, 1)
			assert.Equal(t, GUID("00000000-0000-4000-8000-0000000000e2"), items[0].GUID)
			assert.Contains(t, items[0].Why, "position 50 is not on a character of its text")
			var found bool
			for _, c := range rep.Changes {
				found = found || c.Code == ChangePositionsKept
			}
			assert.True(t, found, "%v", rep.Changes)
		})
	}
}
