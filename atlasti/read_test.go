package atlasti_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/qdabridge/qdabridge/atlasti"
	"github.com/qdabridge/qdabridge/internal/segments"
	"github.com/qdabridge/qdabridge/internal/segments/segtest"
	"github.com/qdabridge/qdabridge/refi"
)

const grandmother = "I started gardening because of my grandmother."

// quotations is a Quotation Manager export of our own with ATLAS.ti's
// quirks: a BOM, ";", the text in quotes, a Portuguese header, "¶ 4"
// references with a thin space, codes whose names hold ", ", "Parent:
// child" names, month-first two-digit-year dates.
const quotations = "\uFEFFNumber;Reference;Name;Text Content;Document;Codes;Number of Codes;Comment;Initial Position;Final Position;Extensão;Creation Date ;Modification Date\n" +
	"1:1;¶\u20092;;\"" + grandmother + "\";Interview 1;\"Motives, family and friends: Family, Roots\";2;first;2;2;1;3/25/25;9/14/25\n" +
	"1:2;¶\u20094;Later;\"" + grandmother + "\";Interview 1;\"Motives, family and friends: Family\";1;;4;4;1;3/25/25;9/14/25\n" +
	"1:3;¶\u20096;;\"\"\"Tomatoes, beans\"\"\";Interview 1;Crops;1;;6;6;1;3/26/25;9/14/25\n" +
	"1:4;¶\u20096;;\"Not in the transcript.\";Interview 1;Crops;1;;6;6;1;3/26/25;9/14/25\n" +
	"2:1;¶\u20092;;In a small flat near the river.;Interview 2;Place: River;1;;2;2;1;4/1/25;9/14/25\n"

const codebookCSV = "Code;Comment;Code Group 1;Code Group 2\n" +
	"\"Motives, family and friends\";Why they garden;Themes;\n" +
	"\"Motives, family and friends: Family\";;;Research\n" +
	"Roots;;;Research\n" +
	"Crops;What they grow;;\n" +
	"Place;;Themes;\n"

func TestReadQuotations(t *testing.T) {
	dir := t.TempDir()
	q := segtest.WriteFile(t, dir, "quotations.csv", []byte(quotations))
	cb := segtest.WriteFile(t, dir, "codebook.csv", []byte(codebookCSV))
	res, err := (&atlasti.Reader{Codebook: cb, Documents: segtest.Docs(t)}).ReadFile(q)
	require.NoError(t, err)
	rep := res.Report
	assert.Equal(t, 5, rep.Rows)
	assert.Equal(t, 5, rep.Segments)
	assert.Equal(t, 3, rep.Exact, "the two grandmother quotations and the river")
	assert.Equal(t, 2, rep.Missing, `the quoted "Tomatoes, beans" (the quotes are not in the transcript) and the passage not there`)
	assert.Equal(t, 2, rep.Hinted)
	require.Len(t, rep.NotPlaced, 2)
	assert.Equal(t, 4, rep.NotPlaced[0].Row)
	assert.Equal(t, 5, rep.NotPlaced[1].Row)
	assert.Contains(t, rep.NotPlaced[1].Reason, "not in the document")

	p := res.Project
	src := p.Sources[0].(*refi.TextSource)
	require.Len(t, src.Selections, 2)
	assert.Equal(t, int64(len("Interviewer: How did you start?\n")), src.Selections[0].Start)
	assert.Equal(t, "first", src.Selections[0].Description)
	assert.Equal(t, "Later", src.Selections[1].Name)
	assert.Len(t, src.Selections[0].Codings, 2, `"Motives, family and friends: Family" and "Roots"`)
	// "Motives, family and friends: Family" is Family under the code "Motives, family and friends"
	names := map[string][]string{}
	for _, c := range p.Codes {
		for _, k := range c.Children {
			names[c.Name] = append(names[c.Name], k.Name)
		}
		if len(c.Children) == 0 {
			names[c.Name] = nil
		}
	}
	assert.Equal(t, map[string][]string{"Motives, family and friends": {"Family"}, "Roots": nil, "Crops": nil, "Place": {"River"}}, names)
	assert.Equal(t, "What they grow", p.Codes[2].Description)
	sets := map[string]int{}
	for _, s := range p.Sets {
		sets[s.Name] = len(s.MemberCodes)
	}
	assert.Equal(t, map[string]int{"Themes": 2, "Research": 2}, sets)
	sel := src.Selections[0]
	assert.Equal(t, 2025, sel.Created.Year())
	assert.Equal(t, 3, int(sel.Created.Month()))
	texts := segtest.RoundTrip(t, p, res.Files)
	assert.Equal(t, []string{grandmother, grandmother}, texts["Interview 1"])
}

func TestReadQuotationsPassages(t *testing.T) {
	q := segtest.WriteFile(t, t.TempDir(), "quotations.csv", []byte(quotations))
	res, err := (&atlasti.Reader{PassageSources: true}).ReadFile(q)
	require.NoError(t, err)
	assert.Equal(t, 5, res.Report.Selections)
	assert.Equal(t, 6, res.Report.Codings)
	texts := segtest.RoundTrip(t, res.Project, res.Files)
	assert.Equal(t, []string{grandmother, grandmother, `"Tomatoes, beans"`, "Not in the transcript."}, texts["Interview 1"])
	// without a codebook, "Motives, family and friends: Family" is still one code
	assert.Equal(t, "Motives, family and friends: Family", res.Project.Codes[0].Name)
	assert.Same(t, res.Project, res.Document().Project)
}

// TestReadCodeManager: the Code Manager's export, with columns of its
// own beside Code and Comment, is read as a codebook.
func TestReadCodeManager(t *testing.T) {
	p := segtest.WriteFile(t, t.TempDir(), "codes.csv", []byte("Code;Comment;Grounded;Density;Groups;Author;Created\n"+
		"Referral: GP;Referred by a GP;3;0;[Referral];Ana;3/25/25\nOutcomes;;5;2;;Ana;3/25/25\n"))
	res, err := (&atlasti.Reader{}).ReadFile(p)
	require.NoError(t, err)
	assert.Equal(t, 2, res.Report.Codes, "\"Referral: GP\" (Referral is no code of its own) and Outcomes")
	assert.Zero(t, res.Report.Selections)
}

func TestReadErrors(t *testing.T) {
	dir := t.TempDir()
	tests := []struct {
		name string
		data string
		is   error
		want []string
	}{
		{"wrong header", "Document name;Code;Segment\na;b;c\n", atlasti.ErrNotATLAS, []string{"bad.csv", "Number, Text Content, Document and Codes"}},
		{"a MAXQDA export is no codebook", "Document name;Code;Segment;Comment\na;b;c;d\n", atlasti.ErrNotATLAS, []string{"bad.csv", "the header has: Document name, Code, Segment, Comment"}},
		{"a QualCoder report is no codebook", "File,Coder,Coded,Id,Codename,Coded_Memo,Category\na,b,c,d,e,f,g\n", atlasti.ErrNotATLAS, []string{"bad.csv"}},
		{"mismatched quotes", "Number;Text Content;Document;Codes\n1:1;\"open;Doc;A\n1:2;x;Doc;B\n", segments.ErrMalformed, []string{"bad.csv", "row 2"}},
		{"huge cell", "Number;Text Content;Document;Codes\n1:1;" + strings.Repeat("x", 5000) + ";Doc;A\n", segments.ErrTooLarge, []string{"bad.csv", "row 2", `"Text Content"`}},
		{"truncated xlsx", "PK\x03\x04\x14\x00\x00\x00", segments.ErrMalformed, []string{"bad.csv", "damaged workbook"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := segtest.WriteFile(t, dir, "bad.csv", []byte(tt.data))
			_, err := (&atlasti.Reader{MaxCellBytes: 4096}).ReadFile(p)
			require.Error(t, err)
			assert.ErrorIs(t, err, tt.is)
			assert.True(t, strings.HasPrefix(err.Error(), "atlasti: bad.csv"), err.Error())
			for _, w := range tt.want {
				assert.Contains(t, err.Error(), w)
			}
		})
	}
}

func TestReadRowProblems(t *testing.T) {
	data := "Number;Text Content;Document;Codes;Number of Codes;Creation Date\n" +
		"1:1;text;;A;1;3/25/25\n" +
		"1:2;text;Doc;A, B;3;yesterday\n" +
		"1:3;a \"quoted\" word;Doc;A;1;\n"
	p := segtest.WriteFile(t, t.TempDir(), "q.csv", []byte(data))
	res, err := (&atlasti.Reader{PassageSources: true}).ReadFile(p)
	require.NoError(t, err)
	var all []string
	for _, w := range res.Report.Warnings {
		all = append(all, w.String())
	}
	s := strings.Join(all, "\n")
	assert.Contains(t, s, "q.csv row 2: row not used: no document name")
	assert.Contains(t, s, "q.csv row 3: the Codes cell does not split into the 3 codes")
	assert.Contains(t, s, `q.csv row 3: Creation Date "yesterday" is not a date`)
	assert.Contains(t, s, "quotes read leniently")
	require.Len(t, res.Report.NotPlaced, 1)
	assert.Equal(t, 2, res.Report.NotPlaced[0].Row)
}
