package remap_test

import (
	"bytes"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/qdabridge/qdabridge/refi"
	"github.com/qdabridge/qdabridge/remap"
)

const interview = "I: How do you get to work?\nR: The 🚌 only comes twice a day, so I cycle.\nR: In winter I walk, it takes an hour."

// fixture builds a project with one interview and four coded passages,
// the second of them assigned to a case and linked to the first.
func fixture(t *testing.T, pos refi.Positions) (*refi.Document, *refi.TextSource) {
	t.Helper()
	doc := refi.New("revise")
	doc.Project.Positions = pos
	coder := doc.Project.AddUser("ana")
	code := doc.Project.AddCode("transport")
	src, err := doc.AddText("interview", interview)
	require.NoError(t, err)
	for _, passage := range []string{"The 🚌 only comes twice a day", "so I cycle", "In winter I walk", "it takes an hour"} {
		sel, err := doc.SelectText(src, passage)
		require.NoError(t, err)
		sel.Name = passage
		sel.AddCoding(code, coder)
	}
	cs := doc.Project.AddCase("R")
	cs.SelectionRefs = append(cs.SelectionRefs, src.Selections[1].GUID)
	doc.Project.Links = append(doc.Project.Links, &refi.Link{GUID: refi.NewGUID(), Name: "why", Origin: src.Selections[0].GUID, Target: src.Selections[1].GUID})
	return doc, src
}

func TestReviseSource(t *testing.T) {
	tests := []struct {
		name    string
		pos     refi.Positions
		newText string
		texts   []string // the coded passages after the revision
		exact   int
		touched int
		deleted int
		err     error
	}{
		{"typo fixed outside the passages", refi.Positions{},
			"I: How do you get to work?\nR: The 🚌 only comes twice a day, so I cycle.\nR: In winter I walk; it takes an hour.",
			[]string{"The 🚌 only comes twice a day", "so I cycle", "In winter I walk", "it takes an hour"}, 4, 0, 0, nil},
		{"inside a passage, UTF-16 positions", refi.Positions{Unit: refi.UTF16},
			"I: How do you get to work?\nR: The 🚌 only comes three times a day, so I cycle.\nR: In winter I walk, it takes an hour.",
			[]string{"The 🚌 only comes three times a day", "so I cycle", "In winter I walk", "it takes an hour"}, 3, 1, 0, nil},
		{"a passage cut", refi.Positions{},
			"I: How do you get to work?\nR: The 🚌 only comes twice a day.\nR: In winter I walk, it takes an hour.",
			[]string{"The 🚌 only comes twice a day", "In winter I walk", "it takes an hour"}, 3, 0, 1, nil},
		{"middle rewritten, next passage removed", refi.Positions{},
			"I: How do you get to work?\nR: The 🚌 only comes three times a day.\nR: In winter I walk, it takes an hour.",
			[]string{"The 🚌 only comes three times a day", "In winter I walk", "it takes an hour"}, 2, 1, 1, nil},
		{"an edge trimmed", refi.Positions{},
			"I: How do you get to work?\nR: The 🚌 only comes twice a day, so I cycle.\nR: In winter I walk, it takes an",
			[]string{"The 🚌 only comes twice a day", "so I cycle", "In winter I walk", "it takes an"}, 3, 1, 0, nil},
		{"another text", refi.Positions{}, "Completely different words here and nothing else at all",
			nil, 0, 0, 0, remap.ErrDissimilar},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc, src := fixture(t, tt.pos)
			rev, err := remap.ReviseSource(doc, src, tt.newText, remap.ReviseOptions{})
			if tt.err != nil {
				require.ErrorIs(t, err, tt.err)
				txt, err := doc.Text(src)
				require.NoError(t, err)
				assert.Equal(t, interview, txt.String(), "nothing changed")
				assert.Len(t, src.Selections, 4)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.exact, rev.Exact)
			assert.Equal(t, tt.touched, rev.Touched)
			assert.Equal(t, tt.deleted, rev.Deleted)
			assert.Len(t, rev.Changes, tt.touched+tt.deleted)
			assert.Equal(t, tt.deleted, rev.Ledger.Row(refi.ItemCodings).Counts[refi.Dropped])
			var got []string
			for i := range src.Selections {
				s, err := doc.SelectionText(src, &src.Selections[i])
				require.NoError(t, err)
				got = append(got, s)
			}
			assert.Equal(t, tt.texts, got)
			if tt.deleted > 0 {
				assert.Empty(t, doc.Project.Cases[0].SelectionRefs, "the case no longer names the deleted selection")
				assert.Empty(t, doc.Project.Links)
				assert.Equal(t, 1, rev.Ledger.Row(refi.ItemLinks).Counts[refi.Dropped])
			}
			// written and read back, the codings cover the same passages
			var buf bytes.Buffer
			_, err = (&refi.Writer{}).Write(&buf, doc, refi.FormatQDPX)
			require.NoError(t, err)
			back, err := (&refi.Reader{}).ReadQDPX(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
			require.NoError(t, err)
			bsrc := back.Project.Sources[0].(*refi.TextSource)
			for i, want := range tt.texts {
				s, err := back.SelectionText(bsrc, &bsrc.Selections[i])
				require.NoError(t, err)
				assert.Equal(t, want, s)
			}
		})
	}
}

func TestReviseErrors(t *testing.T) {
	doc, src := fixture(t, refi.Positions{})
	m, err := remap.FromEdits("not the text", nil)
	require.NoError(t, err)
	_, err = remap.Revise(doc, src, m, remap.ReviseOptions{})
	require.ErrorContains(t, err, "remap: the map is not of the text")

	src.Selections[0].End = 10000
	_, err = remap.ReviseSource(doc, src, interview+" More.", remap.ReviseOptions{})
	require.ErrorIs(t, err, refi.ErrPosition)

	_, err = remap.ReviseSource(doc, src, "a\xff", remap.ReviseOptions{MinSimilarity: -1})
	require.Error(t, err)
}

func TestReviseForceLowSimilarity(t *testing.T) {
	doc, src := fixture(t, refi.Positions{})
	rev, err := remap.ReviseSource(doc, src, "Nothing of it.", remap.ReviseOptions{MinSimilarity: -1})
	require.NoError(t, err)
	assert.Less(t, rev.Similarity, 0.5)
	assert.Equal(t, 4, rev.Exact+rev.Touched+rev.Deleted)
}

// TestReviseLineEnds checks that a revised text with LF line ends, as a
// .docx gives, is compared with a CR LF text line for line.
func TestReviseLineEnds(t *testing.T) {
	doc := refi.New("crlf")
	doc.Project.Positions = refi.Positions{Unit: refi.UTF16}
	code := doc.Project.AddCode("c")
	src, err := doc.AddText("nvivo", "I: Hello?\r\nR: Hi there.\r\nI: How are you?\r\nR: Fine.\r\n")
	require.NoError(t, err)
	sel, err := doc.SelectText(src, "Hi there.\r\nI: How are you?")
	require.NoError(t, err)
	sel.AddCoding(code, nil)
	rev, err := remap.ReviseSource(doc, src, "I: Hello?\nR: Hi there.\nI: How are you?\nR: Fine, thanks.\n", remap.ReviseOptions{})
	require.NoError(t, err)
	assert.True(t, rev.LineEndsCRLF)
	assert.Equal(t, 1, rev.Exact)
	txt, err := doc.Text(src)
	require.NoError(t, err)
	assert.Equal(t, "I: Hello?\r\nR: Hi there.\r\nI: How are you?\r\nR: Fine, thanks.\r\n", txt.String())
}

// TestReviseCover pseudonymises names with a list of replacements: each
// coded passage keeps the pseudonym that replaced its first word, and a
// passage that was only a name becomes the pseudonym.
func TestReviseCover(t *testing.T) {
	doc := refi.New("pseudonyms")
	code := doc.Project.AddCode("people")
	src, err := doc.AddText("interview", "Zoë said José helped. Zoë agreed.")
	require.NoError(t, err)
	for _, p := range []string{"Zoë said", "José", "helped"} {
		sel, err := doc.SelectText(src, p)
		require.NoError(t, err)
		sel.AddCoding(code, nil)
	}
	old := "Zoë said José helped. Zoë agreed."
	m, err := remap.FromEdits(old, []remap.Edit{{Start: 0, End: 4, Text: "[P1]"}, {Start: 10, End: 15, Text: "[P2]"}, {Start: 24, End: 28, Text: "[P1]"}})
	require.NoError(t, err)
	rev, err := remap.Revise(doc, src, m, remap.ReviseOptions{Cover: true, MinSimilarity: -1})
	require.NoError(t, err)
	assert.Equal(t, 1, rev.Exact)
	assert.Equal(t, 2, rev.Touched)
	var got []string
	for i := range src.Selections {
		s, err := doc.SelectionText(src, &src.Selections[i])
		require.NoError(t, err)
		got = append(got, s)
	}
	assert.Equal(t, []string{"[P1] said", "[P2]", "helped"}, got)
}
