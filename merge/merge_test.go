package merge_test

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/qdabridge/qdabridge/internal/sample"
	"github.com/qdabridge/qdabridge/internal/schematest"
	"github.com/qdabridge/qdabridge/merge"
	"github.com/qdabridge/qdabridge/refi"
)

func readSample(t *testing.T) *refi.Document {
	t.Helper()
	d, err := refi.ReadQDPX(bytes.NewReader(sample.QDPX), int64(len(sample.QDPX)))
	require.NoError(t, err)
	return d
}

// codings lists every coding of the text sources of d as "source start
// end code-path coder", sorted.
func codings(t *testing.T, d *refi.Document) []string {
	t.Helper()
	p := d.Project
	paths := map[refi.GUID]string{}
	var walk func(cs []*refi.Code, parent string)
	walk = func(cs []*refi.Code, parent string) {
		for _, c := range cs {
			paths[c.GUID.Canonical()] = parent + "/" + c.Name
			walk(c.Children, parent+"/"+c.Name)
		}
	}
	walk(p.Codes, "")
	for _, c := range p.Cases {
		paths[c.GUID.Canonical()] = "case:" + c.Name
	}
	users := map[refi.GUID]string{}
	for _, u := range p.Users {
		users[u.GUID.Canonical()] = u.Name
	}
	var out []string
	for _, s := range p.Sources {
		ts, ok := s.(*refi.TextSource)
		if !ok {
			continue
		}
		for _, c := range ts.Codings {
			out = append(out, fmt.Sprintf("%s whole %s %s", ts.Name, paths[c.Code.Canonical()], users[c.CreatingUser.Canonical()]))
		}
		for _, sel := range ts.Selections {
			for _, c := range sel.Codings {
				out = append(out, fmt.Sprintf("%s %d %d %s %s", ts.Name, sel.Start, sel.End, paths[c.Code.Canonical()], users[c.CreatingUser.Canonical()]))
			}
		}
	}
	sort.Strings(out)
	return out
}

// selTexts lists the text of every selection of the text sources of d,
// as "source: text".
func selTexts(t *testing.T, d *refi.Document) []string {
	t.Helper()
	var out []string
	for _, s := range d.Project.Sources {
		ts, ok := s.(*refi.TextSource)
		if !ok {
			continue
		}
		for i := range ts.Selections {
			txt, err := d.SelectionText(ts, &ts.Selections[i])
			require.NoError(t, err)
			out = append(out, ts.Name+": "+txt)
		}
	}
	return out
}

func uniq(s []string) []string {
	sort.Strings(s)
	var out []string
	for i, x := range s {
		if i == 0 || x != s[i-1] {
			out = append(out, x)
		}
	}
	return out
}

func countCodes(cs []*refi.Code) int {
	n := 0
	for _, c := range cs {
		n += 1 + countCodes(c.Children)
	}
	return n
}

// writeRead writes the merged project, checks it against the schema and
// reads it back.
func writeRead(t *testing.T, res *merge.Result) *refi.Document {
	t.Helper()
	out := filepath.Join(t.TempDir(), "merged.qdpx")
	_, err := (&refi.Writer{}).WriteFile(out, res.Document)
	require.NoError(t, err)
	schematest.RequireValidQDPX(t, out)
	back, err := refi.Open(out)
	require.NoError(t, err)
	t.Cleanup(func() { back.Close() })
	return back
}

func TestSelfMergeIsTheSameProject(t *testing.T) {
	a, b := readSample(t), readSample(t)
	res, err := merge.Projects([]*refi.Document{a, b}, merge.Options{})
	require.NoError(t, err)
	assert.Empty(t, refi.Diff(a.Project, res.Document.Project))
	assert.Empty(t, res.Conflicts)
	assert.Empty(t, res.Remapped)
	assert.Empty(t, res.Inputs[1].Added, "the copy adds nothing")
	require.NoError(t, res.Ledger.Check())
	back := writeRead(t, res)
	assert.Equal(t, codings(t, a), codings(t, back))
	assert.Len(t, back.Project.Sources, len(a.Project.Sources))
}

func TestTwoCoders(t *testing.T) {
	a, b := readSample(t), readSample(t)
	second := b.Project.AddUser("Second coder")
	var kept, dropped int
	for _, s := range b.Project.Sources {
		ts, ok := s.(*refi.TextSource)
		if !ok {
			continue
		}
		var sels []refi.TextSelection
		for i, sel := range ts.Selections {
			if i%3 == 2 {
				dropped += len(sel.Codings)
				continue // the second coder did not code this passage
			}
			for j := range sel.Codings {
				sel.Codings[j].CreatingUser = second.GUID
				sel.Codings[j].GUID = refi.NewGUID()
			}
			kept += len(sel.Codings)
			sels = append(sels, sel)
		}
		ts.Selections = sels
	}
	// and one passage only the second coder coded
	first := b.Project.Sources[0].(*refi.TextSource)
	sel, err := b.Select(first, 0, 5)
	require.NoError(t, err)
	sel.AddCoding(b.Project.Codes[0], second)
	kept++

	res, err := merge.Projects([]*refi.Document{a, b}, merge.Options{})
	require.NoError(t, err)
	back := writeRead(t, res)
	p := back.Project
	assert.Len(t, p.Sources, len(a.Project.Sources))
	assert.Equal(t, countCodes(a.Project.Codes), countCodes(p.Codes))
	assert.Len(t, p.Users, len(a.Project.Users)+1)
	orig := codings(t, a)
	got := codings(t, back)
	// two selections of one passage with the same code, recoded by one
	// coder, are one coding of that coder
	want := uniq(append(append([]string(nil), orig...), codings(t, b)...))
	assert.Equal(t, want, got)
	var bySecond int
	for _, c := range got {
		if strings.HasSuffix(c, " Second coder") {
			bySecond++
		}
	}
	assert.Equal(t, len(uniq(codings(t, b))), bySecond)
	assert.Subset(t, got, orig)
	t.Logf("sample: %d codings; second coder: %d (%d distinct; left %d); merged: %d", len(orig), kept, bySecond, dropped, len(got))
	require.NoError(t, res.Ledger.Check())
}

func small(t *testing.T) *refi.Document {
	t.Helper()
	d := refi.New("Small study")
	ana := d.Project.AddUser("Ana")
	greet := d.Project.AddCode("Greeting")
	src, err := d.AddText("Letter", "Hello world, and good morning.")
	require.NoError(t, err)
	sel, err := d.SelectText(src, "good morning")
	require.NoError(t, err)
	sel.AddCoding(greet, ana)
	d.Project.AddCase("Ana").AddSource(src)
	return d
}

func TestUnion(t *testing.T) {
	a, b := readSample(t), small(t)
	res, err := merge.Projects([]*refi.Document{a, b}, merge.Options{})
	require.NoError(t, err)
	back := writeRead(t, res)
	p := back.Project
	assert.Len(t, p.Sources, len(a.Project.Sources)+1)
	assert.Equal(t, countCodes(a.Project.Codes)+1, countCodes(p.Codes))
	assert.Len(t, p.Users, len(a.Project.Users)+1)
	assert.Len(t, p.Cases, len(a.Project.Cases)+1)
	assert.Len(t, codings(t, back), len(codings(t, a))+1)
	assert.True(t, res.Inputs[1].Converted == (a.Project.Positions != b.Project.Positions))
	assert.Equal(t, []string{"Greeting"}, res.Inputs[1].OnlyCodes)
	txt, err := back.SelectionText(findText(p, "Letter"), &findText(p, "Letter").Selections[0])
	require.NoError(t, err)
	assert.Equal(t, "good morning", txt)
	require.NoError(t, res.Ledger.Check())
}

func findText(p *refi.Project, name string) *refi.TextSource {
	for _, s := range p.Sources {
		if ts, ok := s.(*refi.TextSource); ok && ts.Name == name {
			return ts
		}
	}
	return nil
}

func TestEditedSourceIsRemapped(t *testing.T) {
	a, b := readSample(t), readSample(t)
	src := b.Project.Sources[0].(*refi.TextSource)
	txt, err := b.Text(src)
	require.NoError(t, err)
	edited := "[Transcript corrected.] " + txt.String()
	require.NoError(t, b.ReplaceText(src, edited))
	// the selections of b keep their old positions: they are b's
	// positions in the old text, so shift them as revise would
	shift, err := refi.NewTextString(edited).Position(len("[Transcript corrected.] "), b.Project.Positions)
	require.NoError(t, err)
	second := b.Project.AddUser("Second coder")
	for i := range src.Selections {
		src.Selections[i].Start += shift
		src.Selections[i].End += shift
		for j := range src.Selections[i].Codings {
			src.Selections[i].Codings[j].CreatingUser = second.GUID
		}
	}
	n := len(src.Selections)
	// a passage of the added text only, coded and in a case: it is not in
	// the first input's text, so it is dropped with its coding and the
	// case no longer names it
	added, err := b.Select(src, 0, shift-1)
	require.NoError(t, err)
	added.AddCoding(b.Project.Codes[0], second)
	b.Project.Cases[0].AddSelection(added)
	res, err := merge.Projects([]*refi.Document{a, b}, merge.Options{})
	require.NoError(t, err)
	require.Len(t, res.Remapped, 1)
	r := res.Remapped[0]
	assert.Equal(t, src.Name, r.Source)
	assert.Equal(t, n, r.Exact)
	assert.Equal(t, 1, r.Deleted)
	assert.Zero(t, r.Touched)
	assert.Equal(t, "[Transcript corrected.]", r.Changes[0].OldText)
	assert.Equal(t, 1, res.Ledger.Row(refi.ItemSelections).Counts[refi.Dropped])
	assert.Equal(t, 1, res.Ledger.Row(refi.ItemCodings).Counts[refi.Dropped])
	for _, c := range res.Document.Project.Cases {
		assert.NotContains(t, c.SelectionRefs, added.GUID)
	}
	back := writeRead(t, res)
	assert.Len(t, back.Project.Sources, len(a.Project.Sources))
	// every remapped coding of the second coder is on the first coder's
	// passage
	got := codings(t, back)
	for _, c := range got {
		if strings.HasSuffix(c, " Second coder") {
			assert.Contains(t, got, strings.TrimSuffix(c, "Second coder")+firstCoder(t, a, c))
		}
	}
	t.Logf("%q: %.3f similar, %d selections remapped exactly", r.Source, r.Similarity, r.Exact)
}

// firstCoder returns the coder of a's coding on the passage and code of
// line c.
func firstCoder(t *testing.T, a *refi.Document, c string) string {
	f := strings.Fields(strings.TrimSuffix(c, " Second coder"))
	prefix := strings.Join(f, " ") + " "
	for _, o := range codings(t, a) {
		if strings.HasPrefix(o, prefix) {
			return strings.TrimPrefix(o, prefix)
		}
	}
	return "(none)"
}

func TestDifferentTextKeptApart(t *testing.T) {
	a, b := readSample(t), readSample(t)
	src := b.Project.Sources[0].(*refi.TextSource)
	require.NoError(t, b.ReplaceText(src, strings.Repeat("Nothing in common here. ", 40)))
	src.Selections = nil
	res, err := merge.Projects([]*refi.Document{a, b}, merge.Options{})
	require.NoError(t, err)
	require.Len(t, res.Conflicts, 1)
	assert.Equal(t, "source text", res.Conflicts[0].Kind)
	p := res.Document.Project
	assert.Len(t, p.Sources, len(a.Project.Sources)+1)
	assert.NotNil(t, findText(p, src.Name+" (2)"))
	writeRead(t, res)
}

// TestMergeIsRepeatable: a source kept apart under the GUID of one already
// merged gets a new GUID, the same each time the same inputs are merged.
func TestMergeIsRepeatable(t *testing.T) {
	run := func() *refi.Project {
		a, b := readSample(t), readSample(t)
		src := b.Project.Sources[0].(*refi.TextSource)
		require.NoError(t, b.ReplaceText(src, strings.Repeat("Nothing in common here. ", 40)))
		src.Selections = nil
		res, err := merge.Projects([]*refi.Document{a, b}, merge.Options{})
		require.NoError(t, err)
		return res.Document.Project
	}
	first, second := run(), run()
	kept := findText(first, first.Sources[0].(*refi.TextSource).Name+" (2)")
	require.NotNil(t, kept)
	assert.NotEqual(t, first.Sources[0].(*refi.TextSource).GUID, kept.GUID, "kept apart under a GUID of its own")
	assert.Empty(t, refi.Diff(first, second))
}

func TestErrors(t *testing.T) {
	_, err := merge.Projects(nil, merge.Options{})
	require.ErrorContains(t, err, "merge: ")
	_, err = merge.Projects([]*refi.Document{nil}, merge.Options{})
	require.ErrorContains(t, err, "merge: ")
}

func TestCorpusUnion(t *testing.T) {
	dir := os.Getenv("QDA_CORPUS")
	if dir == "" {
		t.Skip("QDA_CORPUS is not set: the corpus test merges projects of /work/shared/corpus/refi")
	}
	for _, pair := range [][2]string{
		{"qc1.3.2-demo.qdpx", "atlasti23-codes.qdpx"},
		{"qc1.3.2-demo.qdpx", "nvivo-win12.6-oltas0517.qdpx"}, // code points and NVivo's UTF-16
	} {
		t.Run(pair[0]+"+"+pair[1], func(t *testing.T) {
			a, err := refi.Open(filepath.Join(dir, "refi", pair[0]))
			require.NoError(t, err)
			defer a.Close()
			b, err := refi.Open(filepath.Join(dir, "refi", pair[1]))
			require.NoError(t, err)
			defer b.Close()
			res, err := merge.Projects([]*refi.Document{a, b}, merge.Options{})
			require.NoError(t, err)
			back := writeRead(t, res)
			p := back.Project
			assert.Len(t, p.Sources, len(a.Project.Sources)+len(b.Project.Sources))
			assert.Equal(t, countCodes(a.Project.Codes)+countCodes(b.Project.Codes)-res.Inputs[1].Matched.Codes, countCodes(p.Codes))
			assert.Len(t, codings(t, back), len(codings(t, a))+len(codings(t, b))-res.Inputs[1].Matched.Codings)
			require.NoError(t, res.Ledger.Check())
			// the converted selections hold the same text
			assert.Subset(t, selTexts(t, back), selTexts(t, b))
			assert.Subset(t, selTexts(t, back), selTexts(t, a))
			t.Logf("sources %d+%d, codes %d+%d (%d matched), codings %d+%d, positions converted: %v",
				len(a.Project.Sources), len(b.Project.Sources), countCodes(a.Project.Codes), countCodes(b.Project.Codes),
				res.Inputs[1].Matched.Codes, len(codings(t, a)), len(codings(t, b)), res.Inputs[1].Converted)
		})
	}
}

func TestValueAndTypeConflicts(t *testing.T) {
	a, b := readSample(t), readSample(t)
	var cs *refi.Case
	var vi int
	for _, c := range b.Project.Cases {
		for i, v := range c.Values {
			if v.Type == refi.VarText && cs == nil {
				cs, vi = c, i
			}
		}
	}
	require.NotNil(t, cs, "the sample has a case with a text value")
	old := cs.Values[vi].Value
	cs.Values[vi].Value = "changed"
	v0 := a.Project.Variables[0]
	other := refi.VarInteger
	if v0.Type == refi.VarInteger {
		other = refi.VarText
	}
	b.Project.AddVariable(v0.Name, other)
	res, err := merge.Projects([]*refi.Document{a, b}, merge.Options{})
	require.NoError(t, err)
	require.Len(t, res.Conflicts, 2)
	kinds := []string{res.Conflicts[0].Kind, res.Conflicts[1].Kind}
	assert.ElementsMatch(t, []string{"value", "variable type"}, kinds)
	p := res.Document.Project
	for _, c := range p.Cases {
		if c.Name == cs.Name {
			assert.Equal(t, old, c.Values[vi].Value, "the first input's value wins")
		}
	}
	var names []string
	for _, v := range p.Variables {
		names = append(names, v.Name)
	}
	assert.Contains(t, names, v0.Name+" (2)")
	assert.Len(t, p.Variables, len(a.Project.Variables)+1)
	require.NoError(t, res.Ledger.Check())
	writeRead(t, res)
}

func TestMissingTextCarried(t *testing.T) {
	b := small(t)
	lost, err := b.AddText("Lost", "A text whose file is gone.")
	require.NoError(t, err)
	_, err = b.SelectText(lost, "whose file")
	require.NoError(t, err)
	lost.PlainTextPath = "internal://gone.txt"
	res, err := merge.Projects([]*refi.Document{readSample(t), b}, merge.Options{})
	require.NoError(t, err)
	require.Len(t, res.Conflicts, 1)
	assert.Equal(t, "missing text", res.Conflicts[0].Kind)
	got := findText(res.Document.Project, "Lost")
	require.NotNil(t, got)
	assert.Equal(t, "internal://gone.txt", got.PlainTextPath)
	assert.Len(t, got.Selections, 1)
}

// pictureProject is a project with one picture (no file) whose
// selections are at the given corners, each coded by coder.
func pictureProject(coder string, corners ...[4]int64) *refi.Document {
	d := refi.New("pictures")
	p := d.Project
	user := &refi.User{GUID: refi.GUID(fmt.Sprintf("b0000000-0000-4000-8000-%012d", len(coder))), Name: coder}
	p.Users = []*refi.User{user}
	p.Codes = []*refi.Code{{GUID: "c0000000-0000-4000-8000-000000000001", Name: "crowded", IsCodable: true}}
	pic := &refi.PictureSource{SourceBase: refi.SourceBase{GUID: "d0000000-0000-4000-8000-000000000001", Name: "waiting room"}}
	for i, c := range corners {
		sel := refi.PictureSelection{FirstX: c[0], FirstY: c[1], SecondX: c[2], SecondY: c[3]}
		sel.GUID = refi.GUID(fmt.Sprintf("e%07d-0000-4000-8000-%012d", len(coder), i))
		sel.Codings = []refi.Coding{{GUID: refi.GUID(fmt.Sprintf("f%07d-0000-4000-8000-%012d", len(coder), i)), Code: p.Codes[0].GUID, CreatingUser: user.GUID}}
		pic.Selections = append(pic.Selections, sel)
	}
	p.Sources = []refi.Source{pic}
	return d
}

// TestPictureSelectionsMerged: a picture's selections at the same place
// in two inputs, or twice in one, are one selection with the codings of
// both; one at another place is added.
func TestPictureSelectionsMerged(t *testing.T) {
	a := pictureProject("Ann", [4]int64{1, 1, 5, 5})
	b := pictureProject("Bo", [4]int64{1, 1, 5, 5}, [4]int64{2, 2, 6, 6}, [4]int64{7, 7, 9, 9}, [4]int64{7, 7, 9, 9})
	res, err := merge.Projects([]*refi.Document{a, b}, merge.Options{})
	require.NoError(t, err)
	require.Len(t, res.Document.Project.Sources, 1)
	pic := res.Document.Project.Sources[0].(*refi.PictureSource)
	var got []string
	for _, s := range pic.Selections {
		got = append(got, fmt.Sprint(s.FirstX, s.FirstY, s.SecondX, s.SecondY, " ", len(s.Codings)))
	}
	assert.Equal(t, []string{"1 1 5 5 2", "2 2 6 6 1", "7 7 9 9 1"}, got)
	require.NoError(t, res.Ledger.Check())
}
