package nvivo_test

import (
	"bytes"
	"io"
	"io/fs"
	"strings"
	"sync/atomic"
	"testing"
	"testing/fstest"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/qdabridge/qdabridge/internal/guid"
	"github.com/qdabridge/qdabridge/nvivo"
	"github.com/qdabridge/qdabridge/refi"
)

func readString(t testing.TB, name, content string) *nvivo.Export {
	t.Helper()
	ex, err := (&nvivo.Reader{Name: name}).Read(bytes.NewReader([]byte(content)))
	require.NoError(t, err, name)
	return ex
}

const summaryHeader = "Hierarchical Name, Code Type, Aggregate, Hierarchical Name, File Type, Coverage, Number Of Coding References, Reference Number, Coded By Initials, Modified On, Coded Text\r\n"

func TestBuilderPlacement(t *testing.T) {
	docs := fstest.MapFS{
		"interviews/A.txt": {Data: []byte("\uFEFFOne. Twice here. Two.\r\nTwice here. Three.\r\nA line\r\nbreak.")},
		"B.docx":           {Data: docxOf("Para one.", "Para two twice.", "Para two twice.")},
	}
	summary := summaryHeader +
		"Nodes\\\\X, Node, False, Files\\\\A, Document, 0.1, 1, 1, AB, 1/2/2020 3:04:05 PM, Twice here.\r\n" + // ambiguous
		"Nodes\\\\Y, Node, False, Files\\\\A, Document, 0.1, 2, 1, AB, 1/2/2020 3:04:05 PM, One.\r\n" +
		"Nodes\\\\Y, Node, False, Files\\\\A, Document, 0.1, 2, 2, AB, 1/2/2020 3:04:05 PM, Twice here.\r\n" + // after One., before nothing: both remain
		"Nodes\\\\Z, Node, False, Files\\\\A, Document, 0.1, 3, 1, AB, 1/2/2020 3:04:05 PM, Twice here.\r\n" +
		"Nodes\\\\Z, Node, False, Files\\\\A, Document, 0.1, 3, 2, AB, 1/2/2020 3:04:05 PM, Twice here.\r\n" + // resolved by order
		"Nodes\\\\Z, Node, False, Files\\\\A, Document, 0.1, 3, 3, CD, 1/2/2020 3:04:05 PM, A line break.\r\n" + // tolerant
		"Nodes\\\\Z, Node, False, Files\\\\A, Document, 0.1, 3, 4, CD, 1/2/2020 3:04:05 PM, Not there.\r\n" + // missing
		"Nodes\\\\Z, Node, False, Files\\\\B, Document, 0.1, 1, 1, CD, 1/2/2020 3:04:05 PM, Para one.\r\n" +
		"Cases\\\\P1, Case, False, Files\\\\A, Document, 0.3, 1, 1, AB, 1/2/2020 3:04:05 PM, Three.\r\n" + // case passage
		"Cases\\\\P2, Case, False, Files\\\\B, Document, 1, 1, 1, AB, 1/2/2020 3:04:05 PM, whole file\r\n" + // case file
		"Nodes\\\\Z, Node, False, Files\\\\C, Document, 0.1, 1, 1, CD, 1/2/2020 3:04:05 PM, no document\r\n"
	b := &nvivo.Builder{Documents: docs, Location: time.FixedZone("CET", 3600)}
	b.Add(readString(t, "summary.txt", summary))
	res, err := b.Build()
	require.NoError(t, err)
	rep := res.Report
	assert.Equal(t, 10, rep.References)
	assert.Equal(t, 5, rep.Exact)
	assert.Equal(t, 1, rep.Tolerant)
	assert.Equal(t, 2, rep.Ambiguous)
	assert.Equal(t, 2, rep.Missing)
	assert.Equal(t, 6, rep.Matched)
	assert.Equal(t, 1, rep.CaseFiles)
	byStatus := map[nvivo.MatchStatus][]int{}
	for _, p := range rep.Placements {
		byStatus[p.Status] = append(byStatus[p.Status], p.Line)
	}
	assert.Equal(t, []int{2, 4}, byStatus[nvivo.MatchAmbiguous])
	assert.Equal(t, []int{8, 12}, byStatus[nvivo.MatchMissing])
	assert.Equal(t, []int{7}, byStatus[nvivo.MatchTolerant])
	var noDoc []string
	for _, w := range rep.Warnings {
		if w.NoDocument() {
			noDoc = append(noDoc, w.Message)
		}
	}
	require.Len(t, noDoc, 1, "one warning for the file without a document, none for the other warnings")
	assert.Contains(t, noDoc[0], `"C"`)

	doc := refi.NewDocument(res.Project, res.Files)
	got := map[string][]string{}
	for e, err := range doc.Excerpts(refi.ExcerptOptions{All: true}) {
		require.NoError(t, err)
		k := e.Source.Name + ":" + e.Text
		got[k] = append(got[k], e.CodePaths()...)
		for _, p := range e.Participants {
			got[k] = append(got[k], "case "+p.Name)
		}
	}
	assert.Equal(t, map[string][]string{
		"A:One.":             {"Y"},
		"A:Twice here.":      {"Z", "Z"},
		"A:Three.":           {"case P1"},
		"A:A line\r\nbreak.": {"Z"},
		"B:Para one.":        {"Z", "case P2"},
	}, got)
	// positions count code points after the BOM; CR LF counts two
	var a *refi.TextSource
	for _, s := range res.Project.Sources {
		if s.Base().Name == "A" {
			a = s.(*refi.TextSource)
		}
	}
	require.NotNil(t, a)
	require.NotEmpty(t, a.Selections)
	assert.Equal(t, int64(0), a.Selections[0].Start)
	assert.Equal(t, int64(4), a.Selections[0].End)
	c := a.Selections[0].Codings[0]
	assert.Equal(t, "2020-01-02T15:04:05+01:00", c.Created.Format(time.RFC3339))
	// the stored text is the file as given
	f, err := res.Files.Open(a.PlainTextPath[len("internal://"):])
	require.NoError(t, err)
	st, _ := f.Stat()
	assert.Equal(t, int64(len(docs["interviews/A.txt"].Data)), st.Size())
	// users from initials
	require.Len(t, res.Project.Users, 2)
	assert.Equal(t, &refi.User{GUID: refi.GUID(guid.For("nvivo:user:AB")), Name: "AB", ID: "AB"}, res.Project.Users[0])
	var buf bytes.Buffer
	_, err = (&refi.Writer{}).Write(&buf, refi.NewDocument(res.Project, nil), refi.FormatQDE)
	require.NoError(t, err)
	require.NoError(t, refi.ValidateProjectXML(&buf))
}

func TestBuilderNothing(t *testing.T) {
	b := &nvivo.Builder{}
	b.Add(readString(t, "m.csv", ",A : x,B : y\n1 : f,1,0\n"))
	_, err := b.Build()
	require.ErrorIs(t, err, nvivo.ErrNothingToBuild)
	assert.Contains(t, err.Error(), "m.csv is a matrix export")
	assert.Contains(t, err.Error(), "add a codebook, a classification sheet or a Coding Summary")

	_, err = (&nvivo.Builder{}).Build()
	require.ErrorIs(t, err, nvivo.ErrNothingToBuild)
}

func TestBuilderNotApplicable(t *testing.T) {
	sheet := "People\tAge\tRole\nP1\t34\tNurse\nP2\tNot Applicable\tUnassigned\nP3\tUnassigned\tNot Applicable\n"
	for _, keep := range []bool{false, true} {
		b := &nvivo.Builder{KeepNotApplicable: keep}
		b.Add(readString(t, "c.txt", sheet))
		res, err := b.Build()
		require.NoError(t, err)
		p := res.Project
		require.Len(t, p.Variables, 2)
		assert.Equal(t, "People:Age", p.Variables[0].Name)
		parts := p.Participants()
		require.Len(t, parts, 3)
		if !keep {
			assert.Equal(t, int64(34), attr(parts[0], "People:Age").Any())
			assert.Equal(t, refi.VarInteger, p.Variables[0].Type)
			assert.Empty(t, parts[1].Attributes)
			assert.Empty(t, parts[2].Attributes)
			assert.Equal(t, 2, res.Report.NotApplicable)
		} else {
			assert.Equal(t, refi.VarText, p.Variables[0].Type, "a kept Not Applicable makes the variable text")
			assert.Equal(t, "34", attr(parts[0], "People:Age").Any())
			assert.Equal(t, "Not Applicable", attr(parts[1], "People:Age").Any())
			assert.Equal(t, "Not Applicable", attr(parts[2], "People:Role").Any())
			assert.Equal(t, 0, res.Report.NotApplicable)
		}
		require.Len(t, res.Report.Attributes, 2)
		assert.Equal(t, nvivo.AttrInteger, res.Report.Attributes[0].Type)
	}
}

func TestBuilderFileClassificationAndLists(t *testing.T) {
	b := &nvivo.Builder{PlainVariableNames: true}
	b.Add(readString(t, "codes.csv", "Name,Files,References\nAlpha,1,2\nBeta,0,0\n"))
	b.Add(readString(t, "files.csv", ",Name,,Codes,References,Modified On,Modified By,Classification,\n,Doc1,,2,2,3/2/2021 1:00 AM,JZ,,\n,Doc2,,0,0,3/3/2021 2:00 PM,JZ,,\n"))
	b.Add(readString(t, "fc.csv", "Documents,Year\nDoc1,2019\nDoc2,2020\n"))
	b.Add(readString(t, "fw.xlsx", string(book(t, "Sheet1", []string{"", "A : Alpha", "B : Gamma", "C : Gamma"}, []any{"1 : P9", "x\n", "\n", "y\n"}))))
	res, err := b.Build()
	require.NoError(t, err)
	p := res.Project
	var names []string
	for _, c := range p.Codes {
		names = append(names, c.Name)
	}
	assert.Equal(t, []string{"Alpha", "Beta", "Gamma", "Gamma"}, names, "framework columns with the same name stay apart")
	require.Len(t, p.Sources, 2)
	s := p.Sources[0].Base()
	assert.Equal(t, "Doc1", s.Name)
	assert.Equal(t, time.Date(2021, 3, 2, 1, 0, 0, 0, refi.NoTimeZone()), s.Modified, "local time, kept without a zone")
	require.Len(t, s.Values, 1, "the classification of files gives source variables")
	assert.Equal(t, "2019", s.Values[0].Value)
	assert.Equal(t, "Year", p.Variables[0].Name)
	require.Len(t, p.Cases, 1)
	assert.Equal(t, "P9", p.Cases[0].Name)
	var buf bytes.Buffer
	_, err = (&refi.Writer{}).Write(&buf, refi.NewDocument(p, nil), refi.FormatQDE)
	require.NoError(t, err)
	require.NoError(t, refi.ValidateProjectXML(&buf))
}

func TestBuilderPassageSourcesAndDuplicates(t *testing.T) {
	summary := summaryHeader +
		"Nodes\\\\X, Node, False, Files\\\\A, Document, 0.1, 2, 1, AB, 1/2/2020 3:04:05 PM, First passage.\r\n" +
		"Nodes\\\\X, Node, False, Files\\\\A, Document, 0.1, 2, 2, AB, 1/2/2020 3:04:05 PM, Second passage.\r\n" +
		"Nodes\\\\Y, Node, False, Files\\\\A, Document, 0.1, 1, 1, CD, 1/2/2020 3:04:05 PM, First passage.\r\n"
	b := &nvivo.Builder{PassageSources: true}
	b.Add(readString(t, "s.txt", summary))
	b.Add(readString(t, "s2.txt", summary)) // the same extract again
	res, err := b.Build()
	require.NoError(t, err)
	assert.Equal(t, 3, res.Report.Exact)
	assert.Equal(t, 3, res.Report.Codings)
	assert.Equal(t, 2, res.Report.Excerpts)
	s := res.Project.Sources[0].(*refi.TextSource)
	assert.Contains(t, s.Description, "passages coded")
	doc := refi.NewDocument(res.Project, res.Files)
	txt, err := doc.Text(s)
	require.NoError(t, err)
	assert.Equal(t, "First passage.\n\nSecond passage.", txt.String())
	assert.Equal(t, "passages", res.Report.Documents[0].Format)
}

// bigFS serves big.txt, a file of 64 KiB (far more than the limit of the
// test) whose Stat tells the size given, and counts the bytes read from it;
// other files come from the MapFS.
type bigFS struct {
	fstest.MapFS
	size int64 // what Stat says
	read *atomic.Int64
}

func (b bigFS) Open(name string) (fs.File, error) {
	if name == "big.txt" {
		return &endlessFile{size: b.size, read: b.read}, nil
	}
	return b.MapFS.Open(name)
}

type endlessFile struct {
	size int64
	read *atomic.Int64
}

func (f *endlessFile) Stat() (fs.FileInfo, error) { return endlessInfo{size: f.size}, nil }
func (f *endlessFile) Close() error               { return nil }
func (f *endlessFile) Read(p []byte) (int, error) {
	const content = 64 << 10
	n := min(int64(len(p)), content-f.read.Load())
	if n <= 0 {
		return 0, io.EOF
	}
	for i := range p[:n] {
		p[i] = 'x'
	}
	f.read.Add(n)
	return int(n), nil
}

type endlessInfo struct{ size int64 }

func (i endlessInfo) Name() string       { return "big.txt" }
func (i endlessInfo) Size() int64        { return i.size }
func (i endlessInfo) Mode() fs.FileMode  { return 0o444 }
func (i endlessInfo) ModTime() time.Time { return time.Time{} }
func (i endlessInfo) IsDir() bool        { return false }
func (i endlessInfo) Sys() any           { return nil }

// TestBuilderDocumentSize: a document larger than the limit is never
// loaded: refused from its size before reading, and read through a limit
// when its size is not told right.
func TestBuilderDocumentSize(t *testing.T) {
	summary := summaryHeader +
		"Nodes\\\\X, Node, False, Files\\\\big, Document, 0.1, 1, 1, AB, 1/2/2020 3:04:05 PM, xxxx\r\n" +
		"Nodes\\\\X, Node, False, Files\\\\small, Document, 0.1, 1, 1, AB, 1/2/2020 3:04:05 PM, tiny\r\n"
	const limit = 1000
	tests := []struct {
		name     string
		statSize int64 // the size big.txt's Stat tells
		maxRead  int64 // bytes of big.txt that may be read
	}{
		{"size told: refused before reading", 1 << 20, 0},
		{"size not told: read through a limit", 10, limit + 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var read atomic.Int64
			docs := bigFS{MapFS: fstest.MapFS{"big.txt": {}, "small.txt": {Data: []byte("a tiny text")}}, size: tt.statSize, read: &read}
			b := &nvivo.Builder{Documents: docs, MaxDocumentBytes: limit}
			b.Add(readString(t, "s.txt", summary))
			res, err := b.Build()
			require.NoError(t, err)
			assert.LessOrEqual(t, read.Load(), tt.maxRead, "bytes read from the big document")
			rep := res.Report
			assert.Equal(t, 1, rep.Exact, "the small document is read")
			assert.Equal(t, 1, rep.Missing, "the big document's passage is missing")
			found := false
			for _, w := range rep.Warnings {
				found = found || w.Code == nvivo.WarnDocument && strings.Contains(w.Message, "big.txt is larger than 1000 bytes")
			}
			assert.True(t, found, "a warning says why big.txt was not read: %v", rep.Warnings)
			assert.Equal(t, "", rep.Documents[0].Document, "no document used for big")
		})
	}
}

// TestBuilderTimeZone checks the time-zone policy: NVivo's zone-less local
// times are taken in Builder.Location, or kept without a zone, with one
// warning that counts them, when it is nil.
func TestBuilderTimeZone(t *testing.T) {
	docs := fstest.MapFS{"A.txt": {Data: []byte("One. Two.")}}
	summary := summaryHeader +
		"Nodes\\\\X, Node, False, Files\\\\A, Document, 0.1, 2, 1, AB, 7/1/2024 10:30:00 AM, One.\r\n" +
		"Nodes\\\\X, Node, False, Files\\\\A, Document, 0.1, 2, 2, AB, 7/1/2024 10:45:00 AM, Two.\r\n"
	london, err := time.LoadLocation("Europe/London")
	require.NoError(t, err)
	tests := []struct {
		name     string
		loc      *time.Location
		first    string // the first coding's time, in UTC
		zoneless bool   // the times are kept without a zone
		warnings int    // time-zone warnings
	}{
		{name: "nil: no zone, with a warning", loc: nil, first: "2024-07-01T10:30:00Z", zoneless: true, warnings: 1},
		{name: "UTC named: no warning", loc: time.UTC, first: "2024-07-01T10:30:00Z"},
		{name: "Europe/London in summer is UTC+1", loc: london, first: "2024-07-01T09:30:00Z"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := &nvivo.Builder{Documents: docs, Location: tt.loc}
			b.Add(readString(t, "summary.txt", summary))
			res, err := b.Build()
			require.NoError(t, err)
			src := res.Project.Sources[0].(*refi.TextSource)
			require.Len(t, src.Selections, 2)
			created := src.Selections[0].Codings[0].Created
			assert.Equal(t, tt.first, created.UTC().Format(time.RFC3339))
			assert.Equal(t, !tt.zoneless, created.Location() != refi.NoTimeZone())
			var tz []nvivo.Warning
			for _, w := range res.Report.Warnings {
				if w.Code == nvivo.WarnTimeZone {
					tz = append(tz, w)
				}
			}
			require.Len(t, tz, tt.warnings)
			if tt.warnings > 0 {
				assert.Equal(t, 2, tz[0].Count, "both codings' times")
				assert.Contains(t, tz[0].Message, "2 dates and times of the exports have no time zone")
			}
		})
	}
}

// attr returns the participant's value of the attribute called name, or
// the zero value.
func attr(p refi.Participant, name string) refi.AttributeValue {
	v, _ := p.Attribute(name)
	return v
}
