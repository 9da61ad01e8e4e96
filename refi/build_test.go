package refi

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// buildText is a text with characters of one, two and four UTF-8 bytes
// (and two UTF-16 units) before the passages selected.
const buildText = "Zoë: the 🚌 only comes twice a day.\nSo I stay in."

func TestSelect(t *testing.T) {
	tests := []struct {
		name       string
		sel        func(d *Document, src *TextSource) (*TextSelection, error)
		start, end int64
		text       string
		err        error
	}{
		{"by text", func(d *Document, src *TextSource) (*TextSelection, error) {
			return d.SelectText(src, "twice a day")
		}, 22, 33, "twice a day", nil},
		{"by text, first of two", func(d *Document, src *TextSource) (*TextSelection, error) {
			return d.SelectText(src, "a")
		}, 28, 29, "a", nil},
		{"by bytes", func(d *Document, src *TextSource) (*TextSelection, error) {
			return d.SelectBytes(src, 10, 14) // the bus emoji: 4 bytes
		}, 9, 10, "🚌", nil},
		{"by position", func(d *Document, src *TextSource) (*TextSelection, error) {
			return d.Select(src, 35, 47)
		}, 35, 47, "So I stay in", nil},
		{"text not there", func(d *Document, src *TextSource) (*TextSelection, error) {
			return d.SelectText(src, "bicycle")
		}, 0, 0, "", ErrNotFound},
		{"empty text", func(d *Document, src *TextSource) (*TextSelection, error) {
			return d.SelectText(src, "")
		}, 0, 0, "", ErrNotFound},
		{"bytes inside a character", func(d *Document, src *TextSource) (*TextSelection, error) {
			return d.SelectBytes(src, 11, 14)
		}, 0, 0, "", ErrPosition},
		{"bytes reversed", func(d *Document, src *TextSource) (*TextSelection, error) {
			return d.SelectBytes(src, 5, 4)
		}, 0, 0, "", ErrPosition},
		{"position past the end", func(d *Document, src *TextSource) (*TextSelection, error) {
			return d.Select(src, 40, 49)
		}, 0, 0, "", ErrPosition},
		{"empty position range", func(d *Document, src *TextSource) (*TextSelection, error) {
			return d.Select(src, 3, 3)
		}, 0, 0, "", ErrPosition},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc := New("p")
			src, err := doc.AddText("one", buildText)
			require.NoError(t, err)
			sel, err := tt.sel(doc, src)
			if tt.err != nil {
				require.ErrorIs(t, err, tt.err)
				assert.Empty(t, src.Selections, "nothing is added on error")
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.start, sel.Start)
			assert.Equal(t, tt.end, sel.End)
			assert.True(t, sel.GUID.Valid())
			got, err := doc.SelectionText(src, sel)
			require.NoError(t, err)
			assert.Equal(t, tt.text, got)
		})
	}
}

func TestAddTextRefused(t *testing.T) {
	doc := New("p")
	_, err := doc.AddText("bad", "caf\xe9")
	require.Error(t, err)
	assert.Contains(t, err.Error(), "not valid UTF-8")
	_, err = doc.AddTextFile(filepath.Join(t.TempDir(), "missing.txt"))
	require.Error(t, err)
	assert.Empty(t, doc.Project.Sources)
}

// TestBuildRoundTrip builds a project with every builder method, writes it
// as a .qdpx and reads it back: the same elements, references and
// passages, and nothing lost.
func TestBuildRoundTrip(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "Interview P02.txt")
	require.NoError(t, os.WriteFile(file, []byte("\uFEFFP02: I walk there."), 0o644))

	doc := New("Built")
	p := doc.Project
	alice := p.AddUser("Alice")
	barriers := p.AddCode("Barriers")
	transport := barriers.AddCode("Transport")
	age := p.AddVariable("Age", VarInteger)
	src, err := doc.AddText("Interview P01", buildText)
	require.NoError(t, err)
	src2, err := doc.AddTextFile(file)
	require.NoError(t, err)
	assert.Equal(t, "Interview P02", src2.Name)
	sel, err := doc.SelectText(src, "twice a day")
	require.NoError(t, err)
	sel.AddCoding(transport, alice)
	src2.AddCoding(barriers, nil)
	p01 := p.AddCase("P01")
	p01.AddSource(src)
	p01.AddSelection(sel)
	p01.SetValue(IntValue(age.GUID, 70))
	p01.SetValue(IntValue(age.GUID, 71)) // replaces
	require.Len(t, p01.Values, 1)

	var out bytes.Buffer
	rep, err := (&Writer{Strict: true}).Write(&out, doc, FormatQDPX)
	require.NoError(t, err)
	assert.False(t, rep.Ledger.Lost())
	assert.Empty(t, rep.Changes, "a built project needs no repair")

	back, err := ReadQDPX(bytes.NewReader(out.Bytes()), int64(out.Len()))
	require.NoError(t, err)
	assert.Empty(t, Diff(p, back.Project))
	var texts []string
	for e, err := range back.Excerpts(ExcerptOptions{}) {
		require.NoError(t, err)
		texts = append(texts, e.Text+" | "+strings.Join(e.CodePaths(), "; "))
	}
	// a coding of a whole source is an excerpt without a passage
	assert.Equal(t, []string{"twice a day | Barriers > Transport", " | Barriers"}, texts)
	txt, err := back.Text(back.Project.Sources[1].(*TextSource))
	require.NoError(t, err)
	assert.Equal(t, "P02: I walk there.", txt.String(), "the file's byte-order mark is left out")
	pts := back.Project.Participants()
	require.Len(t, pts, 1)
	v, ok := pts[0].Attribute("Age")
	require.True(t, ok)
	assert.Equal(t, int64(71), v.Int)
}

// TestAddTextToReadDocument adds a text to a project read from a .qdpx:
// the written archive holds the old files and the new one.
func TestAddTextToReadDocument(t *testing.T) {
	first := New("p")
	_, err := first.AddText("one", "first text")
	require.NoError(t, err)
	var out bytes.Buffer
	_, err = (&Writer{}).Write(&out, first, FormatQDPX)
	require.NoError(t, err)
	doc, err := ReadQDPX(bytes.NewReader(out.Bytes()), int64(out.Len()))
	require.NoError(t, err)

	src, err := doc.AddText("two", "second text")
	require.NoError(t, err)
	_, err = doc.SelectText(src, "second")
	require.NoError(t, err)
	var again bytes.Buffer
	rep, err := (&Writer{}).Write(&again, doc, FormatQDPX)
	require.NoError(t, err)
	assert.False(t, rep.Ledger.Lost(), "%s", rep.Ledger.LossSummary())
	back, err := ReadQDPX(bytes.NewReader(again.Bytes()), int64(again.Len()))
	require.NoError(t, err)
	require.Len(t, back.Project.Sources, 2)
	for i, want := range []string{"first text", "second text"} {
		txt, err := back.Text(back.Project.Sources[i].(*TextSource))
		require.NoError(t, err)
		assert.Equal(t, want, txt.String())
	}
	assert.Empty(t, back.MissingSources())
}
