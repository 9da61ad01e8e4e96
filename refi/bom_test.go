package refi

import (
	"bytes"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestTextStartingWithFEFF: a text whose first characters are U+FEFF
// (QualCoder keeps the byte-order marks of the .docx it imported as text,
// and counts them) keeps them, and its passages keep their text, through
// a write that rewrites line ends and one that does not, for every
// profile.
func TestTextStartingWithFEFF(t *testing.T) {
	for _, profile := range []string{"spec", "nvivo", "atlasti", "maxqda", "qualcoder"} {
		t.Run(profile, func(t *testing.T) {
			doc := New("feff")
			code := doc.Project.AddCode("C")
			// the file: a byte-order mark, then two U+FEFF of the text
			src, err := doc.AddText("interview", "\uFEFF\uFEFF\uFEFFab\r\ncd\r\nend")
			require.NoError(t, err)
			for _, p := range []string{"cd", "end"} {
				sel, err := doc.SelectText(src, p)
				require.NoError(t, err)
				sel.AddCoding(code, nil)
			}
			prof, err := LookupProfile(profile)
			require.NoError(t, err)
			var buf bytes.Buffer
			rep, err := (&Writer{Profile: prof}).Write(&buf, doc, FormatQDPX)
			require.NoError(t, err)
			assert.False(t, rep.Ledger.Lost(), "%v", rep.Ledger)
			back, err := (&Reader{}).ReadQDPX(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
			require.NoError(t, err)
			defer back.Close()
			var texts []string
			for e, err := range back.Excerpts(ExcerptOptions{Separate: true}) {
				require.NoError(t, err)
				texts = append(texts, e.Text)
			}
			assert.Equal(t, []string{"cd", "end"}, texts)
			txt, err := back.Text(back.Project.Sources[0].(*TextSource))
			require.NoError(t, err)
			assert.Equal(t, 2, bytes.Count([]byte(txt.String()), []byte("\uFEFF")), "the text's own U+FEFF are kept")
		})
	}
}

// TestStreamLengthFEFF: only the byte-order mark that starts a text is
// left out of its length, whatever the pieces it is read in.
func TestStreamLengthFEFF(t *testing.T) {
	text := []byte("\uFEFF\uFEFFab\uFEFFcd")
	for _, size := range []int{4, 5, 6, 64} {
		n, err := streamLength(bytes.NewReader(text), Positions{Unit: CodePoints}, make([]byte, size))
		require.NoError(t, err)
		assert.Equal(t, int64(6), n, "buffer of %d bytes", size)
	}
	assert.Equal(t, int64(6), textLength(text, Positions{Unit: CodePoints}))
}
