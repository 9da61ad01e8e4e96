package agreement

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/qdabridge/qdabridge/refi"
)

// TestCompareEdges covers the sources and codings that are not plain
// passages of a readable text.
func TestCompareEdges(t *testing.T) {
	doc := fixture(t, []string{"A", "B"}, []string{"c"}, []int{100},
		[]coding{{"A", "c", 0, 0, 40}, {"B", "c", 0, 20, 60}})
	p := doc.Project
	a, b, c := p.Users[0], p.Users[1], p.Codes[0]
	src := p.Sources[0].(*refi.TextSource)

	// a text whose file is not in the archive
	lost := &refi.TextSource{SourceBase: refi.SourceBase{GUID: refi.NewGUID(), Name: "lost"}, PlainTextPath: "internal://lost.txt"}
	lost.Selections = []refi.TextSelection{{SelectionBase: refi.SelectionBase{GUID: refi.NewGUID()}, Start: 0, End: 5}}
	lost.Selections[0].AddCoding(c, a)
	// a PDF: its text representation (inline, 10 characters) is compared;
	// the coder of the coding is the selection's creating user
	pdf := &refi.PDFSource{SourceBase: refi.SourceBase{GUID: refi.NewGUID(), Name: "report"},
		Representation: &refi.TextSource{SourceBase: refi.SourceBase{GUID: refi.NewGUID()}, PlainTextContent: strings.Repeat("y", 10)}}
	sel := refi.TextSelection{SelectionBase: refi.SelectionBase{GUID: refi.NewGUID(), Audit: refi.Audit{CreatingUser: b.GUID}}, Start: 0, End: 5}
	sel.AddCoding(c, nil)
	pdf.Representation.Selections = append(pdf.Representation.Selections, sel)
	p.Sources = append(p.Sources, lost, pdf)
	// a selection beyond the end of the text (cut to it) and a coding
	// without any coder (left out)
	s2 := refi.TextSelection{SelectionBase: refi.SelectionBase{GUID: refi.NewGUID()}, Start: 90, End: 120}
	s2.AddCoding(c, a)
	s2.AddCoding(c, nil)
	src.Selections = append(src.Selections, s2)

	rep, err := Compare(doc, Options{})
	require.NoError(t, err)
	require.Len(t, rep.Skipped, 1)
	assert.Equal(t, "lost", rep.Skipped[0].Source.Name)
	assert.Contains(t, rep.Skipped[0].Reason, "its text cannot be read")
	assert.Equal(t, []string{
		"text1: 1 selections reach outside the text (100 characters) and were cut to it",
		"1 codings have no coder and were left out",
	}, rep.Warnings)
	require.Len(t, rep.Comparisons, 2)
	// text1: A [0,40) ∪ [90,100), B [20,60)
	assert.Equal(t, Counts{Both: 20, OnlyA: 30, OnlyB: 20, Neither: 30}, rep.Comparisons[0].Counts)
	// report: B [0,5) through the selection's creating user
	assert.Equal(t, "report", rep.Comparisons[1].Source.Name)
	assert.Equal(t, Counts{OnlyB: 5, Neither: 5}, rep.Comparisons[1].Counts)
}

// TestComparePositions: characters are counted in the project's
// convention. In UTF-16 units an emoji is two characters.
func TestComparePositions(t *testing.T) {
	doc := refi.New("utf16")
	doc.Project.Positions = refi.Positions{Unit: refi.UTF16}
	a, b := doc.Project.AddUser("A"), doc.Project.AddUser("B")
	c := doc.Project.AddCode("c")
	src, err := doc.AddText("t", "😀"+strings.Repeat("x", 8)) // 9 code points, 10 UTF-16 units
	require.NoError(t, err)
	sel, err := doc.Select(src, 0, 2)
	require.NoError(t, err)
	sel.AddCoding(c, a)
	sel, err = doc.Select(src, 0, 4)
	require.NoError(t, err)
	sel.AddCoding(c, b)
	rep, err := Compare(doc, Options{})
	require.NoError(t, err)
	require.Len(t, rep.Comparisons, 1)
	assert.Equal(t, int64(10), rep.Comparisons[0].Size)
	assert.Equal(t, Counts{Both: 2, OnlyB: 2, Neither: 6}, rep.Comparisons[0].Counts)
	assert.Equal(t, "utf16", rep.Positions)
}
