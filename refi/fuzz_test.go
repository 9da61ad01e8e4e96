package refi

import (
	"bytes"
	"os"
	"path/filepath"
	"regexp"
	"testing"

	"github.com/stretchr/testify/require"
)

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
		r := &Reader{Limits: Limits{MaxTextSize: 1 << 20, MaxDepth: 64}}
		doc, err := r.ReadQDE(bytes.NewReader(data))
		if err != nil {
			_ = err.Error()
			return
		}
		var out bytes.Buffer
		w := &Writer{}
		require.NoError(t, w.WriteQDE(&out, doc.Project))
		require.NoError(t, ValidateProjectXML(bytes.NewReader(out.Bytes())), "written file invalid:\n%s", out.String())
		again, err := r.ReadQDE(bytes.NewReader(out.Bytes()))
		require.NoError(t, err, "written file unreadable:\n%s", out.String())
		require.Empty(t, Diff(doc.Project, again.Project), "round trip:\n%s", out.String())

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
		r := &Reader{Limits: Limits{MaxTextSize: 1 << 20, MaxDepth: 64}}
		doc, err := r.ReadQDC(bytes.NewReader(data))
		if err != nil {
			_ = err.Error()
			return
		}
		var out bytes.Buffer
		require.NoError(t, (&Writer{}).WriteQDC(&out, doc.Codebook))
		require.NoError(t, ValidateCodebookXML(bytes.NewReader(out.Bytes())), "written file invalid:\n%s", out.String())
		again, err := r.ReadQDC(bytes.NewReader(out.Bytes()))
		require.NoError(t, err)
		require.Empty(t, DiffCodebooks(doc.Codebook, again.Codebook))
	})
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
		if err := (&Writer{Limits: r.Limits}).WriteQDPX(&out, doc.Project, doc); err != nil {
			// only a corrupt source entry may stop the copy
			require.ErrorIs(t, err, ErrNotZip)
			return
		}
		again, err := r.ReadQDPX(bytes.NewReader(out.Bytes()), int64(out.Len()))
		require.NoError(t, err)
		require.Empty(t, Diff(doc.Project, again.Project))
	})
}

// FuzzText checks position arithmetic on arbitrary text: offsets and
// positions are inverse, and nothing panics.
func FuzzText(f *testing.F) {
	f.Add([]byte(mixedText), int64(3), int64(9))
	f.Add([]byte("a\r\nb\xff😀c"), int64(1), int64(4))
	f.Fuzz(func(t *testing.T, data []byte, a, b int64) {
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
