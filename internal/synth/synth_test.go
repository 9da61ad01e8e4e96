package synth

import (
	"archive/zip"
	"bytes"
	"io"
	"io/fs"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/qdabridge/qdabridge/refi"
)

// variants are the option sets every read-back test runs on.
func variants() []struct {
	name      string
	opt       Options
	wantBasis string
} {
	small := Small()
	nvivoLike := Options{Transcripts: 7, TextLength: 3000, Codings: 301, Participants: 4, Codes: 40,
		Users: 3, Notes: 5, Sets: 9, CRLF: true, BOM: true, Positions: refi.Positions{Unit: refi.UTF16},
		Origin: NVivoOrigin, Seed: 42}
	maxqda := nvivoLike
	maxqda.Positions, maxqda.Origin, maxqda.BOM = refi.Positions{CRLFAsOne: true}, "", false
	return []struct {
		name      string
		opt       Options
		wantBasis string
	}{
		{"small preset", small, "producer+text"},
		{"standard", small.Standard(), "producer+text"},
		{"crlf bom utf16", nvivoLike, "producer+text"},
		{"crlf as one", maxqda, "producer+text"},
		{"standard seed 7", func() Options { o := nvivoLike.Standard(); o.Seed = 7; return o }(), "producer+text"},
	}
}

// generate writes opt to memory and reads it back.
func generate(t testing.TB, opt Options) ([]byte, *refi.Document) {
	t.Helper()
	var buf bytes.Buffer
	require.NoError(t, Write(&buf, opt))
	doc, err := refi.ReadQDPX(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
	require.NoError(t, err)
	return buf.Bytes(), doc
}

func TestReadBack(t *testing.T) {
	for _, tt := range variants() {
		t.Run(tt.name, func(t *testing.T) {
			opt := tt.opt
			data, doc := generate(t, opt)
			p := doc.Project

			for _, w := range doc.Warnings {
				assert.NotEqual(t, refi.LevelWarning, w.Code.Level(), "warning: %s", w)
			}
			assert.Equal(t, opt.Positions, p.Positions)
			assert.Equal(t, opt.Positions, doc.Detection.Positions)
			assert.Equal(t, tt.wantBasis, doc.Detection.Basis, "detection: %s", doc.Detection)
			// emoji outside the BMP come before coded passages: counting in
			// the other unit misplaces some of them
			other := opt.Positions
			other.Unit = refi.UTF16
			if opt.Positions.Unit == refi.UTF16 {
				other.Unit = refi.CodePoints
			}
			forced, err := (&refi.Reader{Positions: &other}).ReadQDPX(bytes.NewReader(data), int64(len(data)))
			require.NoError(t, err)
			assert.NotEqual(t, excerptTexts(doc), excerptTexts(forced), "selections after emoji tell %s from %s", other, opt.Positions)

			c := p.Counts()
			assert.Equal(t, opt.Codings, c.Codings)
			assert.Equal(t, opt.Participants, c.Cases)
			assert.Equal(t, opt.Transcripts, c.Sources)
			assert.Equal(t, opt.Codes, c.Codes)
			assert.Equal(t, opt.Users, c.Users)
			assert.Equal(t, opt.Notes, c.Notes)
			assert.Equal(t, opt.Sets, c.Sets)
			assert.Equal(t, 6, c.Variables)
			assert.Equal(t, 3, c.Links)
			assert.InDelta(t, float64(opt.Codings)/2, float64(c.Selections), float64(opt.Codings)/6)

			model, _, err := Project(opt)
			require.NoError(t, err)
			assert.Equal(t, model.Counts(), c, "read back as generated")
			assert.Empty(t, refi.Diff(model, p), "the project read back differs from the one generated")

			// every selection is a passage from a capital letter or a speaker
			// label to the end of a sentence
			for _, s := range p.Sources {
				src := s.(*refi.TextSource)
				for i := range src.Selections {
					sel := &src.Selections[i]
					text, err := doc.SelectionText(src, sel)
					require.NoError(t, err)
					first, _ := utf8.DecodeRuneInString(text)
					last, _ := utf8.DecodeLastRuneInString(text)
					assert.True(t, unicode.IsUpper(first), "selection %s starts with %q: %q", sel.GUID, first, text)
					assert.Contains(t, ".!?", string(last), "selection %s ends with %q: %q", sel.GUID, last, text)
					assert.NotContains(t, text, "\n\n", "selection %s spans turns", sel.GUID)
				}
			}

			// the project document validates against the schema
			zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
			require.NoError(t, err)
			qde, err := zr.Open("project.qde")
			require.NoError(t, err)
			assert.NoError(t, refi.ValidateProjectXML(qde))
			qde.Close()

			// text files: line ends and byte-order mark as asked
			for _, f := range zr.File {
				if !strings.HasPrefix(f.Name, "sources/") {
					continue
				}
				rc, err := f.Open()
				require.NoError(t, err)
				b, err := io.ReadAll(rc)
				rc.Close()
				require.NoError(t, err)
				assert.Equal(t, opt.BOM, bytes.HasPrefix(b, []byte("\uFEFF")), f.Name)
				assert.Equal(t, opt.CRLF, bytes.Contains(b, []byte("\r\n")), f.Name)
				assert.True(t, utf8.Valid(b), f.Name)
				if !opt.CRLF {
					assert.NotContains(t, string(b), "\r", f.Name)
				}
			}
		})
	}
}

// TestContent checks that the texts are interview-like: speaker labels,
// accented letters and emoji outside the BMP.
func TestContent(t *testing.T) {
	opt := Small()
	_, fsys, err := Project(opt)
	require.NoError(t, err)
	var all strings.Builder
	err = fs.WalkDir(fsys, ".", func(path string, d fs.DirEntry, err error) error {
		require.NoError(t, err)
		if d.IsDir() {
			return nil
		}
		b, err := fs.ReadFile(fsys, path)
		require.NoError(t, err)
		all.Write(b)
		return nil
	})
	require.NoError(t, err)
	text := all.String()
	assert.Contains(t, text, "\r\nInterviewer: ")
	assert.Contains(t, text, "\r\nP001: ")
	assert.True(t, strings.ContainsAny(text, "éöñłßüëøç"), "accented letters")
	nonBMP := 0
	for _, r := range text {
		if r > 0xFFFF {
			nonBMP++
		}
	}
	assert.Positive(t, nonBMP, "emoji outside the BMP")
	assert.Less(t, nonBMP, len(text)/200, "emoji are rare")
}

func TestDeterministic(t *testing.T) {
	for _, tt := range variants() {
		t.Run(tt.name, func(t *testing.T) {
			var a, b bytes.Buffer
			require.NoError(t, Write(&a, tt.opt))
			require.NoError(t, Write(&b, tt.opt))
			assert.True(t, bytes.Equal(a.Bytes(), b.Bytes()), "two writes differ")

			other := tt.opt
			other.Seed++
			var c bytes.Buffer
			require.NoError(t, Write(&c, other))
			assert.False(t, bytes.Equal(a.Bytes(), c.Bytes()), "another seed gives the same project")
		})
	}
}

func TestFS(t *testing.T) {
	for _, tt := range variants()[:3] {
		t.Run(tt.name, func(t *testing.T) {
			p, fsys, err := Project(tt.opt)
			require.NoError(t, err)
			var want []string
			for _, s := range p.Sources {
				want = append(want, "sources/"+strings.TrimPrefix(s.(*refi.TextSource).PlainTextPath, "internal://"))
			}
			for _, n := range p.Notes {
				if n.PlainTextPath != "" {
					want = append(want, "sources/"+strings.TrimPrefix(n.PlainTextPath, "internal://"))
				}
			}
			require.NoError(t, fstest.TestFS(fsys, want...))

			_, err = fsys.Open("sources/missing.txt")
			assert.ErrorIs(t, err, fs.ErrNotExist)
			_, err = fsys.Open("../x")
			assert.ErrorIs(t, err, fs.ErrInvalid)
		})
	}
}

func TestOptionErrors(t *testing.T) {
	tests := []struct {
		name string
		opt  Options
		want string
	}{
		{"negative codings", Options{Codings: -1}, "Codings is negative"},
		{"negative transcripts", Options{Transcripts: -3, Participants: 1}, "Transcripts is negative"},
		{"codings without transcripts", Options{Codings: 10, Codes: 3}, "need at least one transcript"},
		{"codings without codes", Options{Codings: 10, Transcripts: 1, Participants: 1}, "need at least one code"},
		{"transcripts without participants", Options{Transcripts: 2}, "need at least one participant"},
		{"unknown unit", Options{Positions: refi.Positions{Unit: 9}}, "unknown position unit"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, err := Project(tt.opt)
			require.ErrorIs(t, err, ErrOptions)
			assert.ErrorContains(t, err, tt.want)
			assert.True(t, strings.HasPrefix(err.Error(), "synth: "), err.Error())
		})
	}
}

func TestShapes(t *testing.T) {
	tests := []struct {
		name string
		opt  Options
	}{
		{"empty", Options{}},
		{"codes only", Options{Codes: 5}},
		{"one of each", Options{Transcripts: 1, TextLength: 10, Codings: 1, Participants: 1, Codes: 1, Users: 1, Notes: 1, Sets: 1}},
		{"many codes", Options{Transcripts: 2, TextLength: 500, Codings: 50, Participants: 3, Codes: 700, Users: 12, Notes: 3, Sets: 30}},
		{"more participants than transcripts", Options{Transcripts: 2, Codings: 20, Participants: 9, Codes: 9}},
		{"bytes", Options{Transcripts: 3, TextLength: 4000, Codings: 90, Participants: 2, Codes: 12, Positions: refi.Positions{Unit: refi.Bytes}, Origin: "qdabridge synth (bytes)"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, doc := generate(t, tt.opt)
			c := doc.Project.Counts()
			assert.Equal(t, tt.opt.Codings, c.Codings)
			assert.Equal(t, tt.opt.Codes, c.Codes)
			assert.Equal(t, tt.opt.Participants, c.Cases)
			assert.Equal(t, tt.opt.Transcripts, c.Sources)
			for _, w := range doc.Warnings {
				if w.Code == refi.WarnPositionUnit {
					continue // an unknown origin: the texts decide
				}
				assert.NotEqual(t, refi.LevelWarning, w.Code.Level(), "warning: %s", w)
			}
			assert.Equal(t, tt.opt.Positions, doc.Project.Positions)
		})
	}
}

func TestWriteFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "small.qdpx")
	require.NoError(t, WriteFile(path, Small()))
	doc, err := refi.Open(path)
	require.NoError(t, err)
	defer doc.Close()
	assert.Equal(t, 200, doc.Project.Counts().Codings)

	err = WriteFile(filepath.Join(t.TempDir(), "no", "such", "dir.qdpx"), Small())
	require.Error(t, err)
	assert.True(t, strings.HasPrefix(err.Error(), "synth: "), err.Error())
}

func TestPreset(t *testing.T) {
	for _, name := range []string{"small", "medium", "large", "huge"} {
		opt, err := Preset(name)
		require.NoError(t, err)
		assert.Equal(t, NVivoOrigin, opt.Origin, name)
	}
	_, err := Preset("gigantic")
	assert.ErrorContains(t, err, "unknown preset")
}

func TestMedium(t *testing.T) {
	if testing.Short() {
		t.Skip("medium preset under -short")
	}
	opt := Medium()
	start := time.Now()
	var buf bytes.Buffer
	require.NoError(t, Write(&buf, opt))
	elapsed := time.Since(start)
	t.Logf("medium: %d bytes in %s", buf.Len(), elapsed)
	assert.Less(t, elapsed, 20*time.Second)

	doc, err := refi.ReadQDPX(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
	require.NoError(t, err)
	c := doc.Project.Counts()
	assert.Equal(t, opt.Codings, c.Codings)
	assert.Equal(t, opt.Participants, c.Cases)
	assert.Equal(t, opt.Transcripts, c.Sources)
	assert.Equal(t, opt.Codes, c.Codes)
	assert.Equal(t, opt.Positions, doc.Project.Positions)
	assert.Equal(t, "producer+text", doc.Detection.Basis)
	for _, w := range doc.Warnings {
		assert.NotEqual(t, refi.LevelWarning, w.Code.Level(), "warning: %s", w)
	}
}

func BenchmarkGenerateMedium(b *testing.B) {
	opt := Medium()
	var n int64
	for b.Loop() {
		cw := &countWriter{}
		if err := Write(cw, opt); err != nil {
			b.Fatal(err)
		}
		n = cw.n
	}
	b.SetBytes(n)
}

type countWriter struct{ n int64 }

func (w *countWriter) Write(p []byte) (int, error) {
	w.n += int64(len(p))
	return len(p), nil
}

// excerptTexts lists the text of every excerpt of doc, or why it has none.
func excerptTexts(doc *refi.Document) []string {
	var out []string
	for e, err := range doc.Excerpts(refi.ExcerptOptions{}) {
		if err != nil {
			out = append(out, err.Error())
			continue
		}
		out = append(out, e.Text)
	}
	return out
}
