package refi

import (
	"bytes"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/qdabridge/qdabridge/internal/fuzzstat"
	"github.com/stretchr/testify/require"
)

// fuzzCount counts the inputs the fuzz targets run (see .ci/fuzz).
var fuzzCount fuzzstat.Counter

func seedFiles(f *testing.F, patterns ...string) {
	for _, p := range patterns {
		files, err := filepath.Glob(p)
		require.NoError(f, err)
		for _, file := range files {
			b, err := os.ReadFile(file)
			require.NoError(f, err)
			f.Add(b)
		}
	}
}

// whitespaceRef matches character references to white space, which the
// reference tokenizer cannot tell from literal white space in attributes.
var whitespaceRef = regexp.MustCompile(`&#(x0*[9aAdD]|0*(9|10|13));`)

// FuzzReadQDE reads arbitrary project documents: it must never panic, a
// document it reads must write as a valid file that reads back to the same
// project, and where encoding/xml also reads it, both readers must agree.
func FuzzReadQDE(f *testing.F) {
	seedFiles(f, "testdata/qde/*.qde", "testdata/invalid/*.qde", "testdata/golden/*.qde")
	f.Fuzz(func(t *testing.T, data []byte) {
		fuzzCount.Add()
		r := &Reader{Limits: Limits{MaxTextSize: 1 << 20, MaxDepth: 64}}
		doc, err := r.ReadQDE(bytes.NewReader(data))
		if err != nil {
			_ = err.Error()
			return
		}
		var out bytes.Buffer
		w := &Writer{}
		rep := writeDoc(t, w, &out, NewDocument(doc.Project, nil), FormatQDE)
		require.NoError(t, ValidateProjectXML(bytes.NewReader(out.Bytes())), "written file invalid:\n%s", out.String())
		again, err := r.ReadQDE(bytes.NewReader(out.Bytes()))
		require.NoError(t, err, "written file unreadable:\n%s", out.String())
		require.Empty(t, unexplainedDiffs(t, rep, doc.Project, again.Project), "round trip:\n%s", out.String())

		if whitespaceRef.Match(data) {
			return
		}
		std := &Reader{Limits: r.Limits, useStd: true}
		ref, err := std.ReadQDE(bytes.NewReader(data))
		if err == nil {
			require.Empty(t, Diff(ref.Project, doc.Project), "the two tokenizers disagree")
		}
	})
}

// FuzzReadQDC is FuzzReadQDE for codebooks.
func FuzzReadQDC(f *testing.F) {
	seedFiles(f, "testdata/qdc/*.qdc", "testdata/golden/*.qdc")
	f.Fuzz(func(t *testing.T, data []byte) {
		fuzzCount.Add()
		r := &Reader{Limits: Limits{MaxTextSize: 1 << 20, MaxDepth: 64}}
		doc, err := r.ReadQDC(bytes.NewReader(data))
		if err != nil {
			_ = err.Error()
			return
		}
		var out bytes.Buffer
		writeDoc(t, &Writer{}, &out, doc, FormatQDC)
		require.NoError(t, ValidateCodebookXML(bytes.NewReader(out.Bytes())), "written file invalid:\n%s", out.String())
		again, err := r.ReadQDC(bytes.NewReader(out.Bytes()))
		require.NoError(t, err)
		require.Empty(t, Diff(doc.Project, again.Project))
	})
}

// unexplainedDiffs returns the differences between a project and the one
// read back after a write that reported rep, that the writer did not make
// on purpose: a ledger that adds up, and, when it counts nothing dropped,
// the same project (apart from unsafe paths replaced and empty GUIDs given
// one).
// What the ledger counts dropped (a coding or value with an empty
// reference, an extension that could not be read back) is listed there,
// with why.
func unexplainedDiffs(t *testing.T, rep *Report, a, b *Project) []Difference {
	t.Helper()
	l := rep.Ledger
	require.NoError(t, l.Check())
	if l.Total(Dropped) > 0 {
		return nil
	}
	return withoutSafePaths(Diff(a, b))
}

// FuzzReadQDPX reads arbitrary archives, then writes and reads them again.
func FuzzReadQDPX(f *testing.F) {
	dirs, err := filepath.Glob("testdata/qdpx/*")
	require.NoError(f, err)
	for _, d := range dirs {
		if st, err := os.Stat(d); err == nil && st.IsDir() {
			f.Add(zipDir(f, d))
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		fuzzCount.Add()
		r := &Reader{Limits: Limits{MaxTextSize: 1 << 20, MaxDepth: 64, MaxEntrySize: 4 << 20, MaxTotalSize: 16 << 20, MaxEntries: 1000}}
		doc, err := r.ReadQDPX(bytes.NewReader(data), int64(len(data)))
		if err != nil {
			_ = err.Error()
			return
		}
		for _, s := range doc.Project.Sources {
			if ts, ok := s.(*TextSource); ok {
				if txt, err := doc.Text(ts); err == nil {
					for i := range ts.Selections {
						_, _ = txt.Slice(ts.Selections[i].Start, ts.Selections[i].End, doc.Project.Positions)
					}
				}
			}
		}
		var out bytes.Buffer
		w := &Writer{Limits: r.Limits}
		rep, err := w.Write(&out, doc, FormatQDPX)
		if err != nil {
			// only a corrupt source entry may stop the copy
			require.ErrorIs(t, err, ErrNotZip)
			return
		}
		again, err := r.ReadQDPX(bytes.NewReader(out.Bytes()), int64(out.Len()))
		require.NoError(t, err)
		require.Empty(t, unexplainedDiffs(t, rep, doc.Project, again.Project))
	})
}

// FuzzText checks position arithmetic on arbitrary text: offsets and
// positions are inverse, and nothing panics.
func FuzzText(f *testing.F) {
	f.Add([]byte(mixedText), int64(3), int64(9))
	f.Add([]byte("a\r\nb\xff😀c"), int64(1), int64(4))
	f.Fuzz(func(t *testing.T, data []byte, a, b int64) {
		fuzzCount.Add()
		txt := NewText(data)
		for _, p := range candidates {
			n := txt.Len(p)
			for _, pos := range []int64{a, b, n, 0} {
				off, err := txt.Offset(pos, p)
				if err != nil {
					continue
				}
				back, err := txt.Position(off, p)
				require.NoError(t, err)
				require.Equal(t, pos, back, "%s", p)
			}
			_, _ = txt.Slice(a, b, p)
			for _, q := range candidates {
				if c, err := txt.Convert(a, p, q); err == nil {
					back, err := txt.Convert(c, q, p)
					require.NoError(t, err)
					require.Equal(t, a, back, "%s → %s → %s", p, q, p)
				}
			}
		}
	})
}

// FuzzRoundTrip fuzzes read → write → read through RoundTripChecker: a
// project document (and one text, stored under every internal name the
// project names, so that texts are found) is packed into an archive, read,
// and written again as it is or for a profile. Whatever is read must be
// written as a valid file that reads back with no difference: fields,
// source files byte for byte and every selection's passage (with a profile,
// files and passages).
func FuzzRoundTrip(f *testing.F) {
	profiles := ProfileNames()
	files, err := filepath.Glob("testdata/qde/*.qde")
	require.NoError(f, err)
	dirs, err := filepath.Glob("testdata/qdpx/*/project.qde")
	require.NoError(f, err)
	for i, file := range append(files, dirs...) {
		qde, err := os.ReadFile(file)
		require.NoError(f, err)
		text := []byte("Short text.\r\nA second line with an emoji 😀 and more words.\n")
		if txts, _ := filepath.Glob(filepath.Join(filepath.Dir(file), "sources", "*.txt")); len(txts) > 0 && strings.HasSuffix(file, "project.qde") {
			text, err = os.ReadFile(txts[0])
			require.NoError(f, err)
		}
		f.Add(qde, text, uint8(i))
	}
	f.Fuzz(func(t *testing.T, qde, text []byte, profile uint8) {
		fuzzCount.Add()
		data := packProject(t, qde, text)
		r := &Reader{Limits: Limits{MaxTextSize: 1 << 20, MaxDepth: 64, MaxEntrySize: 4 << 20, MaxTotalSize: 16 << 20, MaxEntries: 1000}}
		doc, err := r.ReadQDPX(bytes.NewReader(data), int64(len(data)))
		if err != nil {
			_ = err.Error()
			return
		}
		// paths that would leave the archive are replaced when written
		// (TestHostile checks that); replace them first so that what is
		// compared is the rest
		sanitisePaths(doc.Project)
		w := &Writer{Limits: r.Limits}
		if i := int(profile) % (len(profiles) + 1); i < len(profiles) {
			w.Profile, err = LookupProfile(profiles[i])
			require.NoError(t, err)
		}
		rt, err := (&RoundTripChecker{Writer: w}).Check(doc)
		require.NoError(t, err, "profile %v\n%s", w.Profile, qde)
		require.Empty(t, unexplained(doc, rt), "profile %v\n%s", w.Profile, qde)
	})
}

// unexplained returns the differences of a round trip that the writer did
// not report as losses. A passage may change when positions were reported
// as not converted or moved (ChangePositionsKept, ChangeLineBreakSplit).
func unexplained(doc *Document, rt *RoundTrip) []string {
	lostPositions := false
	for _, c := range rt.Changes {
		if c.Code == ChangePositionsKept || c.Code == ChangeLineBreakSplit {
			lostPositions = true
		}
	}
	hadDuplicates := false
	for _, w := range doc.Warnings {
		hadDuplicates = hadDuplicates || w.Code == WarnDuplicateGUID
	}
	var out []string
	for _, d := range rt.Differences {
		if strings.HasPrefix(d, "selection ") && lostPositions {
			continue
		}
		if hadDuplicates && strings.HasPrefix(d, "written project: ") && strings.HasSuffix(d, "[duplicate-guid]") {
			continue // the input gave one GUID to several objects already
		}
		out = append(out, d)
	}
	return out
}

// packProject builds an archive of project.qde and text, stored as every
// internal file the project names (as far as the names can be found).
func packProject(t *testing.T, qde, text []byte) []byte {
	names := []string{"project.qde"}
	entries := map[string][]byte{"project.qde": qde}
	if doc, err := (&Reader{Limits: Limits{MaxTextSize: 1 << 20, MaxDepth: 64}}).ReadQDE(bytes.NewReader(qde)); err == nil {
		for _, n := range internalNames(doc.Project) {
			name := "sources/" + n
			if _, dup := entries[name]; !dup && len(names) < 50 && safeEntryName(name) {
				names = append(names, name)
				entries[name] = text
			}
		}
	}
	return zipEntries(t, names, entries)
}

// sanitisePaths replaces the source paths that a .qdpx writer would
// replace, as it would.
func sanitisePaths(p *Project) {
	fix := func(s *string) {
		*s, _ = safeSourcePath(*s)
	}
	text := func(t *TextSource) {
		if t != nil {
			fix(&t.PlainTextPath)
			fix(&t.RichTextPath)
		}
	}
	transcripts := func(ts []*Transcript) {
		for _, t := range ts {
			fix(&t.PlainTextPath)
			fix(&t.RichTextPath)
		}
	}
	for _, s := range p.Sources {
		switch s := s.(type) {
		case *TextSource:
			text(s)
		case *PictureSource:
			fix(&s.Path)
			text(s.TextDescription)
		case *PDFSource:
			fix(&s.Path)
			text(s.Representation)
		case *AudioSource:
			fix(&s.Path)
			transcripts(s.Transcripts)
		case *VideoSource:
			fix(&s.Path)
			transcripts(s.Transcripts)
		}
	}
	for _, n := range p.Notes {
		text(n)
	}
}
