package pseudonym

import (
	"archive/zip"
	"bytes"
	"fmt"
	"io"
	"math/rand"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/qdabridge/qdabridge/internal/schematest"
	"github.com/qdabridge/qdabridge/refi"
)

// The names are made of syllables no filler word, GUID or XML name holds,
// so that finding one anywhere in the output is a leak.
var (
	syllables = []string{"zor", "qua", "xel", "vyk", "ølm", "brü", "zyx", "kwø"}
	filler    = []string{"the", "patient", "said", "and", "went", "to", "clinic", "on", "tuesday", "with", "her", "friend", "it", "was", "good", "🚌", "café"}
	seps      = []string{" ", ", ", ". ", "\n", "'s ", " (", ") ", ": ", "\r\n"}
)

// token is a piece of a generated text: a filler word, a separator or an
// occurrence of the name of entry (-1 for none).
type token struct {
	text  string
	entry int
}

func randomName(r *rand.Rand) string {
	n := 2 + r.Intn(2)
	var b strings.Builder
	for i := 0; i < n; i++ {
		b.WriteString(syllables[r.Intn(len(syllables))])
	}
	s := b.String()
	c, size := utf8.DecodeRuneInString(s)
	return strings.ToUpper(string(c)) + s[size:]
}

// randomCase writes s as it is, in lower or in upper case.
func randomCase(r *rand.Rand, s string) string {
	switch r.Intn(3) {
	case 0:
		return strings.ToLower(s)
	case 1:
		return strings.ToUpper(s)
	}
	return s
}

func randomKey(t *testing.T, r *rand.Rand) (*Key, []string) {
	seen := map[string]bool{}
	var lines []string
	var names []string
	for len(names) < 2+r.Intn(6) {
		n := randomName(r)
		if r.Intn(4) == 0 {
			n += " " + randomName(r) // a two-word name
		}
		if seen[strings.ToLower(n)] {
			continue
		}
		seen[strings.ToLower(n)] = true
		names = append(names, n)
		lines = append(lines, fmt.Sprintf("%s,P%d,person", n, len(names)))
	}
	k, err := ReadKey(strings.NewReader(strings.Join(lines, "\n")), "key.csv", Options{})
	require.NoError(t, err)
	return k, names
}

func randomTokens(r *rand.Rand, names []string) []token {
	var ts []token
	for i := 0; i < 5+r.Intn(60); i++ {
		if r.Intn(4) == 0 {
			e := r.Intn(len(names))
			ts = append(ts, token{randomCase(r, names[e]), e})
		} else {
			ts = append(ts, token{filler[r.Intn(len(filler))], -1})
		}
		ts = append(ts, token{seps[r.Intn(len(seps))], -1})
	}
	return ts
}

func join(ts []token) string {
	var b strings.Builder
	for _, t := range ts {
		b.WriteString(t.text)
	}
	return b.String()
}

// randomProject writes a project in which the names occur everywhere text
// lives, and returns the passage each selection should cover after
// pseudonymising, by GUID.
func randomProject(t *testing.T, r *rand.Rand, k *Key, names []string, path string) map[refi.GUID]string {
	name := func() string { return names[r.Intn(len(names))] }
	doc := refi.New("Study of " + name())
	p := doc.Project
	p.Description = "Interviews with " + name() + " and " + randomCase(r, name())
	user := p.AddUser(name())
	code := p.AddCode("What " + name() + " said")
	code.Description = name() + "'s view"
	v := p.AddVariable("Town of "+name(), refi.VarText)
	v.Description = name()
	set := &refi.Set{GUID: refi.NewGUID(), Name: name() + " set", Description: name()}
	p.Sets = append(p.Sets, set)
	note := &refi.TextSource{SourceBase: refi.SourceBase{GUID: refi.NewGUID(), Name: "About " + name()}, PlainTextContent: join(randomTokens(r, names))}
	p.Notes = append(p.Notes, note)
	p.NoteRefs = append(p.NoteRefs, note.GUID)
	want := map[refi.GUID]string{}
	for i := 0; i < 1+r.Intn(3); i++ {
		ts := randomTokens(r, names)
		src, err := doc.AddText(fmt.Sprintf("Interview %d with %s", i, name()), join(ts))
		require.NoError(t, err)
		src.Description = "Told by " + name()
		c := p.AddCase(name())
		c.Description = "Friend of " + name()
		c.SetValue(refi.VariableValue{Variable: v.GUID, Type: refi.VarText, Value: name() + " Road"})
		c.AddSource(src)
		for j := 0; j < 1+r.Intn(5); j++ {
			text := join(ts)
			start, end := r.Intn(len(text)), r.Intn(len(text)+1)
			for !utf8.RuneStart(text[start]) {
				start--
			}
			for end < len(text) && !utf8.RuneStart(text[end]) {
				end++
			}
			if start >= end {
				continue
			}
			sel, err := doc.SelectBytes(src, start, end)
			require.NoError(t, err)
			sel.Name = "about " + name()
			sel.Description = strings.ToUpper(name())
			sel.AddCoding(code, user)
			want[sel.GUID] = expected(k, ts, start, end)
		}
	}
	_, err := (&refi.Writer{}).WriteFile(path, doc)
	require.NoError(t, err)
	return want
}

// expected is the text the bytes [start, end) of the tokens' text should
// become: widened to the names it cuts, and with every name replaced.
func expected(k *Key, ts []token, start, end int) string {
	var b strings.Builder
	at := 0
	for _, tok := range ts {
		s, e := at, at+len(tok.text)
		at = e
		if e <= start || s >= end {
			continue
		}
		if tok.entry >= 0 {
			b.WriteString("[" + k.Entries[tok.entry].Replacement + "]")
			continue
		}
		b.WriteString(tok.text[max(s, start)-s : min(e, end)-s])
	}
	return b.String()
}

func TestPropertyNoOriginalLeft(t *testing.T) {
	for seed := int64(1); seed <= 40; seed++ {
		t.Run(fmt.Sprint(seed), func(t *testing.T) {
			r := rand.New(rand.NewSource(seed))
			dir := t.TempDir()
			k, names := randomKey(t, r)
			in := filepath.Join(dir, "in.qdpx")
			want := randomProject(t, r, k, names, in)
			raw, err := os.ReadFile(in)
			require.NoError(t, err)
			require.Contains(t, strings.ToLower(entries(t, raw)["project.qde"]), strings.ToLower(names[0]), "the input holds the names")
			doc, err := refi.Open(in)
			require.NoError(t, err)
			defer doc.Close()
			res, err := k.Apply(doc)
			require.NoError(t, err)
			require.NotEmpty(t, res.Log)
			var written bytes.Buffer
			_, err = res.Write(&written, nil, doc, refi.FormatQDPX)
			require.NoError(t, err)
			out := filepath.Join(dir, "out.qdpx")
			require.NoError(t, os.WriteFile(out, written.Bytes(), 0o644))

			schematest.RequireValidQDPX(t, out)
			requireNoOriginal(t, out, names)
			outDoc, err := refi.Open(out)
			require.NoError(t, err)
			defer outDoc.Close()
			requireCovered(t, outDoc, want)
			var again bytes.Buffer
			_, err = (&refi.Writer{}).Write(&again, outDoc, refi.FormatQDPX)
			require.NoError(t, err)
			first, err := os.ReadFile(out)
			require.NoError(t, err)
			assert.Equal(t, entries(t, first), entries(t, again.Bytes()), "writing the output again")
		})
	}
}

// entries returns the contents of every entry of a zip archive.
func entries(t *testing.T, b []byte) map[string]string {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	require.NoError(t, err)
	out := map[string]string{}
	for _, f := range zr.File {
		rc, err := f.Open()
		require.NoError(t, err)
		data, err := io.ReadAll(rc)
		require.NoError(t, err)
		rc.Close()
		out[f.Name] = string(data)
	}
	return out
}

// requireNoOriginal fails unless no name occurs, in any case, in any
// entry of the archive at path or its entries' names.
func requireNoOriginal(t *testing.T, path string, names []string) {
	t.Helper()
	b, err := os.ReadFile(path)
	require.NoError(t, err)
	es := entries(t, b)
	require.Contains(t, es, "project.qde")
	for name, data := range es {
		low := strings.ToLower(name + "\n" + data)
		for _, n := range names {
			assert.NotContains(t, low, strings.ToLower(n), "in %s", name)
		}
	}
}

// requireCovered fails unless each selection in want covers its expected
// passage.
func requireCovered(t *testing.T, doc *refi.Document, want map[refi.GUID]string) {
	t.Helper()
	got := 0
	for _, s := range doc.Project.Sources {
		src := s.(*refi.TextSource)
		for i := range src.Selections {
			sel := &src.Selections[i]
			text, err := doc.SelectionText(src, sel)
			require.NoError(t, err)
			assert.Equal(t, want[sel.GUID], text, "selection %s", sel.GUID)
			assert.Len(t, sel.Codings, 1)
			got++
		}
	}
	assert.Equal(t, len(want), got, "selections kept")
}
