package refi

import (
	"bytes"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/qdabridge/qdabridge/internal/sample"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func sampleDoc(t testing.TB) *Document {
	t.Helper()
	doc, err := ReadQDPX(bytes.NewReader(sample.QDPX), int64(len(sample.QDPX)))
	require.NoError(t, err)
	return doc
}

type expectedExcerpt struct {
	source     string
	start, end int64 // UTF-16, as NVivo counts
	code, text string
}

func sampleExpected(t testing.TB) map[GUID]expectedExcerpt {
	unescape := strings.NewReplacer(`\r`, "\r", `\n`, "\n", `\t`, "\t")
	out := map[GUID]expectedExcerpt{}
	for _, line := range strings.Split(strings.TrimSpace(string(sample.ExpectedExcerpts)), "\n") {
		f := strings.Split(line, "\t")
		s, _ := strconv.ParseInt(f[2], 10, 64)
		e, _ := strconv.ParseInt(f[3], 10, 64)
		out[GUID(f[0])] = expectedExcerpt{f[1], s, e, f[4], unescape.Replace(f[5])}
	}
	return out
}

func TestParticipants(t *testing.T) {
	p := sampleDoc(t).Project
	ps := p.Participants()
	require.Len(t, ps, 7)
	byName := map[string]Participant{}
	for _, x := range ps {
		byName[x.Name] = x
	}
	gp := byName["P03 Siobhán (GP)"]
	assert.Equal(t, "GP", attrOf(gp.Attributes, "Cases:Role").Text)
	assert.Equal(t, int64(14), attrOf(gp.Attributes, "Cases:Years in role").Int)
	assert.Equal(t, VarInteger, attrOf(gp.Attributes, "Cases:Years in role").Type)
	assert.True(t, attrOf(gp.Attributes, "Cases:Consented to follow-up").Bool)
	require.Len(t, gp.Sources, 1)
	assert.Equal(t, "Interview P03 - GP", gp.Sources[0].Name)
	pt := byName["P01 Zoë (patient)"]
	_, has := pt.Attribute("Cases:Years in role")
	assert.False(t, has, "patients have no years in role")
	assert.Len(t, byName["P05 José (link worker)"].Selections, 1, "NVivo's coding at the case")
	assert.Equal(t, []string{"Cases:Role", "Cases:Practice", "Cases:Age band", "Cases:Years in role", "Cases:Consented to follow-up"}, AttributeNames(p, ps))
	assert.Equal(t, int64(14), attrOf(gp.Attributes, "Cases:Years in role").Any())

	// MAXQDA's nameless case is a document's variables, not a participant
	doc := readQDEFile(t, "testdata/qde/document-variables.qde")
	assert.Empty(t, doc.Project.Participants())
	infos := doc.Project.SourceInfos()
	require.Len(t, infos, 1)
	assert.Equal(t, int64(42), attrOf(infos[0].Attributes, "Age").Int)

	// NVivo's case that is also a code
	doc = readQDEFile(t, "testdata/qde/case-codes.qde")
	ps = doc.Project.Participants()
	require.Len(t, ps, 2)
	assert.Equal(t, GUID("0d0d0d0d-0000-4000-8000-0000000000e1"), ps[0].Code)
	assert.Equal(t, []GUID{"0d0d0d0d-0000-4000-8000-000000000004"}, ps[1].Selections)
	codes := doc.Project.CodeInfos()
	assert.False(t, codes[0].Case)
	assert.True(t, codes[1].Case)
}

func TestCodeInfos(t *testing.T) {
	p := sampleDoc(t).Project
	codes := p.CodeInfos()
	require.Len(t, codes, 21)
	exp := sampleExpected(t)
	perCode := map[string]int{}
	for _, e := range exp {
		perCode[e.code]++
	}
	total := 0
	for _, c := range codes {
		assert.Equal(t, perCode[c.Name], c.Excerpts, c.Name)
		assert.Equal(t, c.Depth+1, len(c.Path))
		assert.Equal(t, c.Name, c.Path[len(c.Path)-1])
		total += c.Excerpts
	}
	assert.Equal(t, 85, total, "86 codings, one of them at a case")
	wb := codes[9]
	assert.Equal(t, []string{"Perceived value", "Wellbeing outcomes", "Social connection"}, wb.Path)
	assert.Equal(t, 2, wb.Depth)
	assert.Equal(t, codes[8].GUID, wb.Parent)
	assert.False(t, codes[18].Codable, "the folder")
}

func TestExcerptsSample(t *testing.T) {
	doc := sampleDoc(t)
	exp := sampleExpected(t)
	seen := 0
	for e, eErr := range doc.Excerpts(ExcerptOptions{Positions: Positions{Unit: UTF16}}) {
		require.NoError(t, eErr)
		require.NotEmpty(t, e.Selections)
		for _, g := range e.Selections {
			want := exp[g]
			assert.Equal(t, want.text, e.Text, g)
			assert.Equal(t, want.source, e.Source.Name)
			assert.Equal(t, [2]int64{want.start, want.end}, [2]int64{e.Start, e.End}, "UTF-16 positions as NVivo wrote them")
			seen++
		}
		assert.NotEmpty(t, e.Participants, "every transcript belongs to a participant")
		assert.NotEmpty(t, e.Coder.Name)
		assert.False(t, e.Created.IsZero())
	}
	assert.Equal(t, len(exp), seen)

	// code points: the same passages, other numbers where emoji come first
	var differ int
	for e := range doc.Excerpts(ExcerptOptions{}) {
		w := exp[e.Selections[0]]
		assert.Equal(t, w.text, e.Text)
		if e.Start != w.start {
			differ++
			assert.Less(t, e.Start, w.start)
		}
	}
	assert.Greater(t, differ, 10)

	// merged or separate
	var merged, separate int
	for range doc.Excerpts(ExcerptOptions{}) {
		merged++
	}
	for range doc.Excerpts(ExcerptOptions{Separate: true}) {
		separate++
	}
	assert.Equal(t, 86, separate)
	assert.Less(t, merged, separate)
}

func TestExcerptsKinds(t *testing.T) {
	doc := readQDEFile(t, "testdata/qde/full.qde")
	byKind := map[ExcerptKind]*Excerpt{}
	errs := map[ExcerptKind]error{}
	for e, err := range doc.Excerpts(ExcerptOptions{}) {
		byKind[e.Kind], errs[e.Kind] = e, err
	}
	require.Contains(t, byKind, ExcerptWhole)
	assert.Equal(t, []string{"Perceived value > Reduced GP workload"}, byKind[ExcerptWhole].CodePaths())

	text := byKind[ExcerptText]
	require.NotNil(t, text)
	assert.ErrorIs(t, errs[ExcerptText], ErrNotFound, "the source file is not available from a .qde alone")
	assert.Equal(t, []string{"Perceived value > Wellbeing outcomes", "Emergent themes > Loneliness & isolation"}, text.CodePaths())
	assert.Equal(t, "Priya Natarajan", text.Codes[0].Coder.Name)
	assert.Equal(t, "A short memo on the selection\n\nLink workers describe <boundaries> often.\r\nSecond line after a CR LF.", text.Memo)
	assert.Equal(t, []Ref{{GUID: "00000000-0000-4000-8000-00000000e001", Name: "P01 Zoë"}}, text.Participants)
	assert.Equal(t, time.Date(2024, 3, 1, 10, 5, 0, 0, time.UTC), text.Created)

	pic := byKind[ExcerptPicture]
	require.NotNil(t, pic)
	assert.Equal(t, [4]int64{10, 20, 300, 240}, [4]int64{pic.FirstX, pic.FirstY, pic.SecondX, pic.SecondY})

	area := byKind[ExcerptPDFArea]
	require.NotNil(t, area)
	assert.Equal(t, "Ask your surgery about a link worker", area.Text)

	tr := byKind[ExcerptTranscript]
	require.NotNil(t, tr)
	assert.Equal(t, "Interviewer: ", tr.Text)
	assert.Equal(t, [2]int64{0, 2260}, [2]int64{tr.BeginMS, tr.EndMS})

	video := byKind[ExcerptVideo]
	require.NotNil(t, video)
	assert.Equal(t, [2]int64{14706, 17706}, [2]int64{video.BeginMS, video.EndMS})

	desc := byKind[ExcerptDescription]
	require.Nil(t, desc, "a selection without codes or memo is not an excerpt by default")
	var all int
	for e := range doc.Excerpts(ExcerptOptions{All: true}) {
		if e.Kind == ExcerptDescription {
			assert.Equal(t, "Raised beds", e.Text)
		}
		all++
	}
	assert.Equal(t, 9, all)

	// stopping early stops the iteration
	n := 0
	for range doc.Excerpts(ExcerptOptions{All: true}) {
		n++
		if n == 2 {
			break
		}
	}
	assert.Equal(t, 2, n)
}

func TestJoinPath(t *testing.T) {
	tests := [][]string{
		{"A"},
		{"Perceived value", "Wellbeing outcomes"},
		{"a > b", `back\slash`, "x>y"},
		{" padded ", ""},
	}
	for _, path := range tests {
		s := JoinPath(path)
		assert.Equal(t, path, SplitPath(s), s)
	}
	assert.Equal(t, "A > B", JoinPath([]string{"A", "B"}))
	assert.Nil(t, SplitPath(""))
}

// A passage assigned to a case by the case's SelectionRef, and to no code,
// is an excerpt of that participant.
func TestExcerptsCaseSelection(t *testing.T) {
	const src, sel, cas = "00000000-0000-4000-8000-0000000000a1", "00000000-0000-4000-8000-0000000000a2", "00000000-0000-4000-8000-0000000000a3"
	p := &Project{Name: "p",
		Sources: []Source{&TextSource{SourceBase: SourceBase{GUID: src, Name: "Interview"}, PlainTextContent: "Hello there, world.",
			Selections: []TextSelection{{SelectionBase: SelectionBase{GUID: sel, Name: "s"}, Start: 6, End: 11}}}},
		Cases: []*Case{{GUID: cas, Name: "P01", SelectionRefs: []GUID{sel}}},
	}
	doc := NewDocument(p, nil)
	var got []*Excerpt
	for e, err := range doc.Excerpts(ExcerptOptions{}) {
		require.NoError(t, err)
		got = append(got, e)
	}
	require.Len(t, got, 1)
	assert.Equal(t, "there", got[0].Text)
	assert.Equal(t, []Ref{{GUID: cas, Name: "P01"}}, got[0].Participants)
	assert.Empty(t, got[0].Codes)
}

func TestPlainTextPaths(t *testing.T) {
	p := &Project{
		Sources: []Source{
			&TextSource{SourceBase: SourceBase{Name: "a"}, PlainTextPath: "internal://a.txt", RichTextPath: "internal://a.docx"},
			&PDFSource{SourceBase: SourceBase{Name: "b"}, Path: "internal://b.pdf", Representation: &TextSource{PlainTextPath: "internal://b.txt"}},
			&AudioSource{SourceBase: SourceBase{Name: "c"}, Path: "internal://c.mp3", Transcripts: []*Transcript{{PlainTextPath: "internal://c.txt"}, {PlainTextPath: "internal://a.txt"}}},
			&TextSource{SourceBase: SourceBase{Name: "d"}, PlainTextContent: "inline"},
		},
		Notes: []*TextSource{{PlainTextPath: "relative://memo.txt"}},
	}
	assert.Equal(t, []string{"internal://a.txt", "internal://b.txt", "internal://c.txt", "relative://memo.txt"}, p.PlainTextPaths())
}
