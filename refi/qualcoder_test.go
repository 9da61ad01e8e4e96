package refi

import (
	"bytes"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// writeQualCoder writes doc with the qualcoder profile and reads it back,
// with the report of the write.
func writeQualCoder(t *testing.T, doc *Document) (*Document, *Report) {
	t.Helper()
	w := &Writer{Profile: mustProfile(t, "qualcoder")}
	var out bytes.Buffer
	rep := writeDoc(t, w, &out, doc, FormatQDPX)
	require.NoError(t, rep.Ledger.Check())
	return readQDPXBytes(t, out.Bytes()), rep
}

// assertQualCoderReady checks a project written for QualCoder against what
// its importer was measured to need (refi.py RefiImport, QualCoder 4.0):
// names it keeps unique, CodeRefs only to codes, case links as codings of a
// codable code with the case's GUID, every source named with its text file
// in the archive, journals named, dated and file-backed, and no coding of a
// whole text.
func assertQualCoderReady(t *testing.T, in, out *Document) {
	t.Helper()
	p := out.Project
	assert.NotEmpty(t, p.Origin, "QualCoder stops without an origin")
	codes, cats := map[string]bool{}, map[string]bool{}
	walkCodes(p.Codes, func(c *Code, _ []*Code) bool {
		set := codes
		if !c.IsCodable {
			set = cats
		}
		assert.NotEmpty(t, c.Name, "code %s has no name", c.GUID)
		assert.False(t, set[c.Name], "two codes (or categories) named %q", c.Name)
		set[c.Name] = true
		return true
	})
	x := NewIndex(p)
	eachCoding(p, func(c *Coding, in string) {
		assert.NotNil(t, x.Code(c.Code), "coding %s refers to %s, which is no code", c.GUID, c.Code)
		if in == "source" {
			_, text := x.Source(c.Code).(*TextSource)
			assert.False(t, text, "a coding of a whole text (QualCoder imports none)")
		}
	})
	for _, s := range p.Sources {
		if ts, ok := s.(*TextSource); ok {
			assert.Empty(t, ts.Codings, "%s: a coding of the whole text (QualCoder imports none)", ts.Name)
			assert.True(t, strings.HasPrefix(ts.PlainTextPath, "internal://"), "%s: plainTextPath %q", ts.Name, ts.PlainTextPath)
			rc, err := out.OpenSource(ts.PlainTextPath)
			if assert.NoError(t, err, "%s: its text file is in the archive", ts.Name) {
				rc.Close()
			}
		}
	}
	names := map[string]bool{}
	for _, s := range p.Sources {
		n := s.Base().Name
		if _, pdf := s.(*PDFSource); pdf && !strings.HasSuffix(strings.ToLower(n), ".pdf") {
			n += ".pdf"
		}
		assert.NotEmpty(t, n, "source %s has no name", s.Base().GUID)
		assert.False(t, names[n], "two sources named %q", n)
		names[n] = true
	}
	journals := map[string]bool{}
	for _, n := range p.Notes {
		if n.PlainTextPath == "" && n.PlainTextContent != "" && len(n.Selections) > 0 {
			continue // an annotation in QualCoder's form
		}
		assert.NotEmpty(t, n.Name, "note %s has no name", n.GUID)
		assert.False(t, journals[n.Name], "two notes named %q", n.Name)
		journals[n.Name] = true
		assert.False(t, n.Created.IsZero() && n.Modified.IsZero(), "note %q has no date", n.Name)
		assert.True(t, strings.HasPrefix(n.PlainTextPath, "internal://"), "note %q: plainTextPath %q", n.Name, n.PlainTextPath)
	}
	vars := map[string]bool{}
	for _, v := range p.Variables {
		assert.False(t, vars[v.Name], "two variables named %q", v.Name)
		vars[v.Name] = true
	}
	// every named case of the input with links has a codable code of its
	// GUID, with a coding for each link to a text
	inX := NewIndex(in.Project)
	caseCodings := map[GUID]int{}
	eachCoding(p, func(c *Coding, _ string) { caseCodings[c.Code.Canonical()]++ })
	for _, c := range in.Project.Cases {
		if c.Name == "" {
			continue
		}
		links := 0
		for _, g := range c.SourceRefs {
			switch s := inX.Source(g).(type) {
			case *TextSource:
				links++
			case *PDFSource:
				if s.Representation != nil {
					links++
				}
			}
		}
		links += len(c.SelectionRefs)
		if links == 0 {
			continue
		}
		code := x.Code(c.GUID)
		if assert.NotNil(t, code, "case %q has links but no code of its GUID", c.Name) {
			assert.True(t, code.IsCodable, "the code of case %q must be codable", c.Name)
			assert.GreaterOrEqual(t, caseCodings[c.GUID.Canonical()], 1, "case %q: its links are codings of its code", c.Name)
		}
	}
}

func TestQualCoderProfileCorpus(t *testing.T) {
	docs := map[string]*Document{}
	for name, data := range profileInputs(t) {
		docs[name] = readQDPXBytes(t, data)
	}
	if dir := corpusDirOrEmpty(t, "refi"); dir != "" {
		files, err := filepath.Glob(filepath.Join(dir, "*.qd[ep]*"))
		require.NoError(t, err)
		for _, f := range files {
			doc, err := Open(f)
			require.NoError(t, err)
			t.Cleanup(func() { doc.Close() })
			docs[filepath.Base(f)] = doc
		}
	}
	for name, doc := range docs {
		t.Run(name, func(t *testing.T) {
			out, _ := writeQualCoder(t, doc)
			assertQualCoderReady(t, doc, out)
		})
	}
}

// TestQualCoderQuirks: the fixture holds one of each thing QualCoder's
// importer reads otherwise than written; each is written its way, and the
// ledger says so.
func TestQualCoderQuirks(t *testing.T) {
	in := readQDPXBytes(t, zipDir(t, "testdata/qdpx/qualcoder-quirks"))
	out, rep := writeQualCoder(t, in)
	assertQualCoderReady(t, in, out)
	p := out.Project

	var codeNames []string
	walkCodes(p.Codes, func(c *Code, _ []*Code) bool { codeNames = append(codeNames, c.Name); return true })
	assert.Equal(t, []string{"Identity", "citizenship", "Rights", "citizenship (Rights)", "Belonging", "citizenship (Belonging)",
		"pedagogy", "pedagogy (pedagogy)", "(unnamed code)", "Theme", "Group", "Case: P01", "Case: P01 (2)", "Case: P03"}, codeNames)
	var sources, cases, notes, vars, sets []string
	for _, s := range p.Sources {
		sources = append(sources, s.Base().Name)
	}
	for _, c := range p.Cases {
		cases = append(cases, c.Name)
	}
	for _, n := range p.Notes {
		notes = append(notes, n.Name)
	}
	for _, v := range p.Variables {
		vars = append(vars, v.Name)
	}
	for _, s := range p.Sets {
		sets = append(sets, s.Name)
	}
	assert.Equal(t, []string{"board_2017", "Interview", "Interview (2)"}, sources, "the source whose file is missing is left out")
	assert.Equal(t, []string{"P01", "P01 (2)", "P03", "", "", ""}, cases, "the nameless case split per source, and the variables of board_2017 in a nameless case of their own")
	assert.Equal(t, []string{"Memo", "Note 2", "Memo (2)"}, notes)
	assert.Equal(t, []string{"Age", "Age (2)", "Site", "Site (sources)"}, vars)
	assert.Equal(t, []string{"Codes of interest", "Site (2)"}, sets)

	// the selection coded by Ana and Ben is written once per coder
	x := NewIndex(p)
	board := p.Sources[0].(*TextSource)
	var coders []string
	for _, sel := range board.Selections {
		if sel.Start == 0 && sel.End == 5 {
			coders = append(coders, x.User(sel.CreatingUser).Name)
		}
	}
	assert.Equal(t, []string{"Ana", "Ben"}, coders)

	l := rep.Ledger
	row := func(k ItemKind) [nColumns]int { return l.Row(k).Counts }
	assert.Equal(t, [nColumns]int{Kept: 6, Moved: 1, Renamed: 4}, row(ItemCodes))
	assert.Equal(t, [nColumns]int{Moved: 3, Renamed: 1}, row(ItemCases))
	assert.Equal(t, [nColumns]int{Kept: 1, Renamed: 2, Dropped: 1}, row(ItemSources))
	assert.Equal(t, [nColumns]int{Kept: 4, Moved: 3, Invisible: 1, Dropped: 1}, row(ItemCodings))
	assert.Equal(t, [nColumns]int{Moved: 1, Renamed: 2}, row(ItemNotes))
	assert.Equal(t, [nColumns]int{Invisible: 1}, row(ItemLinks))
	assert.Equal(t, [nColumns]int{Renamed: 1, Invisible: 1}, row(ItemSets))
	assert.Equal(t, [nColumns]int{Invisible: 1}, row(ItemGraphs))
	assert.Equal(t, [nColumns]int{Kept: 2, Invisible: 1}, row(ItemUsers))
	var dropped []string
	for _, it := range l.Row(ItemSources).Items {
		if it.Column == Dropped {
			dropped = append(dropped, it.Name+": "+it.Why)
		}
	}
	assert.Equal(t, []string{"Lost: its text file is not available, and QualCoder stops the whole import at it"}, dropped)
	assert.True(t, slices.ContainsFunc(l.Row(ItemCodes).Items, func(it LedgerItem) bool {
		return it.Name == "citizenship" && it.NewName == "citizenship (Rights)" && it.GUID == "7c000000-0000-4000-8000-0000000000c2"
	}), "%v", l.Row(ItemCodes).Items)
}

// corpusDirOrEmpty returns the corpus folder sub, or "" when QDA_CORPUS is
// not set (the test then runs on the fixtures alone).
func corpusDirOrEmpty(t *testing.T, sub string) string {
	if os.Getenv("QDA_CORPUS") == "" {
		return ""
	}
	return corpusDir(t, sub)
}
