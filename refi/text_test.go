package refi

import (
	"strings"
	"testing"
	"unicode/utf16"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A text with everything that makes conventions disagree: a BOM, CR LF line
// ends, accented letters, emoji outside the BMP and a skin-tone modifier.
const mixedText = "\uFEFFZoë said: hi 😊\r\nJosé 👍🏽 rang.\r\nEnd"

func TestTextConventions(t *testing.T) {
	txt := NewTextString(mixedText)
	require.True(t, txt.BOM)
	body := strings.TrimPrefix(mixedText, "\uFEFF")
	assert.Equal(t, body, txt.String())
	assert.True(t, txt.HasCRLF())

	u16 := len(utf16.Encode([]rune(body)))
	runes := len([]rune(body))
	crlfs := strings.Count(body, "\r\n")
	tests := []struct {
		p    Positions
		want int64
	}{
		{Positions{Unit: CodePoints}, int64(runes)},
		{Positions{Unit: CodePoints, CRLFAsOne: true}, int64(runes - crlfs)},
		{Positions{Unit: UTF16}, int64(u16)},
		{Positions{Unit: UTF16, CRLFAsOne: true}, int64(u16 - crlfs)},
		{Positions{Unit: Bytes}, int64(len(body))},
	}
	for _, tt := range tests {
		t.Run(tt.p.String(), func(t *testing.T) {
			assert.Equal(t, tt.want, txt.Len(tt.p))
			// Every passage between two character boundaries survives a
			// trip through positions of this convention.
			for _, passage := range []string{"José 👍🏽 rang.", "hi 😊", "rang.\r\nEnd", "Zoë"} {
				i := strings.Index(body, passage)
				start, err := txt.Position(i, tt.p)
				require.NoError(t, err)
				end, err := txt.Position(i+len(passage), tt.p)
				require.NoError(t, err)
				got, err := txt.Slice(start, end, tt.p)
				require.NoError(t, err)
				assert.Equal(t, passage, got)
			}
		})
	}
}

func TestTextPositionsKnownValues(t *testing.T) {
	txt := NewTextString(mixedText)
	// "José" starts after "Zoë said: hi 😊\r\n": 14 code points + CR LF, or
	// 15 UTF-16 units + CR LF (the emoji is two units).
	cases := []struct {
		p    Positions
		want int64
	}{
		{Positions{Unit: CodePoints}, 16},
		{Positions{Unit: CodePoints, CRLFAsOne: true}, 15},
		{Positions{Unit: UTF16}, 17},
		{Positions{Unit: UTF16, CRLFAsOne: true}, 16},
		{Positions{Unit: Bytes}, int64(len("Zoë said: hi 😊\r\n"))},
	}
	i := strings.Index(txt.String(), "José")
	for _, c := range cases {
		got, err := txt.Position(i, c.p)
		require.NoError(t, err)
		assert.Equal(t, c.want, got, c.p.String())
	}
}

func TestTextConvert(t *testing.T) {
	txt := NewTextString(mixedText)
	nvivo := Positions{Unit: UTF16}
	spec := Positions{Unit: CodePoints}
	atlas := Positions{Unit: CodePoints, CRLFAsOne: true}
	start, err := txt.Convert(17, nvivo, spec)
	require.NoError(t, err)
	assert.Equal(t, int64(16), start)
	start, err = txt.Convert(17, nvivo, atlas)
	require.NoError(t, err)
	assert.Equal(t, int64(15), start)
	back, err := txt.Convert(15, atlas, nvivo)
	require.NoError(t, err)
	assert.Equal(t, int64(17), back)
}

func TestTextErrors(t *testing.T) {
	txt := NewTextString(mixedText)
	// position 14 in UTF-16 is the first half of 😊 ("Zoë said: hi " is 13 units)
	_, err := txt.Offset(14, Positions{Unit: UTF16})
	assert.ErrorIs(t, err, ErrPosition)
	assert.Contains(t, err.Error(), "inside a character")
	_, err = txt.Offset(-1, Positions{})
	assert.ErrorIs(t, err, ErrPosition)
	_, err = txt.Offset(1000, Positions{})
	assert.ErrorIs(t, err, ErrPosition)
	assert.Contains(t, err.Error(), "past the end")
	_, err = txt.Slice(5, 2, Positions{})
	assert.ErrorIs(t, err, ErrPosition)
	// between CR and LF, with CR LF counted as one
	cr := strings.Index(txt.String(), "\r")
	_, err = txt.Position(cr+1, Positions{CRLFAsOne: true})
	assert.ErrorIs(t, err, ErrPosition)
	// inside a UTF-8 sequence, for Bytes
	e := strings.Index(txt.String(), "ë")
	_, err = txt.Offset(int64(e+1), Positions{Unit: Bytes})
	assert.ErrorIs(t, err, ErrPosition)
}

func TestTextLong(t *testing.T) {
	// long enough for the index to have many marks, with a CR LF straddling
	// a mark boundary
	var b strings.Builder
	for b.Len() < 10*markEvery {
		b.WriteString("ab 😀 cé\r\n")
	}
	s := b.String()
	txt := NewTextString(s)
	for _, p := range []Positions{{}, {CRLFAsOne: true}, {Unit: UTF16}, {Unit: UTF16, CRLFAsOne: true}, {Unit: Bytes}} {
		n := txt.Len(p)
		var pos int64
		for off := 0; off <= len(s); {
			got, err := txt.Position(off, p)
			if p.CRLFAsOne && off > 0 && off < len(s) && s[off-1] == '\r' {
				assert.Error(t, err)
			} else {
				require.NoError(t, err, "offset %d in %s", off, p)
				assert.Equal(t, pos, got)
				o, err := txt.Offset(got, p)
				require.NoError(t, err)
				assert.Equal(t, off, o)
			}
			if off == len(s) {
				break
			}
			// advance one character
			r := []rune(s[off:min(off+4, len(s))])[0]
			w := len(string(r))
			switch {
			case p.Unit == Bytes:
				pos += int64(w)
			case p.Unit == UTF16 && r >= 0x10000:
				pos += 2
			default:
				pos++
			}
			if p.CRLFAsOne && s[off] == '\r' {
				pos--
			}
			off += w
		}
		assert.Equal(t, n, pos, p.String())
	}
}

func TestTextInvalidUTF8(t *testing.T) {
	txt := NewText([]byte("a\xffb"))
	assert.False(t, txt.ValidUTF8())
	assert.Equal(t, int64(3), txt.Len(Positions{}))
	s, err := txt.Slice(2, 3, Positions{})
	require.NoError(t, err)
	assert.Equal(t, "b", s)
}

func TestParsePositions(t *testing.T) {
	for _, s := range []string{"codepoint", "utf16", "byte", "codepoint/crlf1", "utf16/crlf1"} {
		p, err := ParsePositions(s)
		require.NoError(t, err)
		assert.Equal(t, s, p.String())
	}
	_, err := ParsePositions("furlongs")
	assert.Error(t, err)
}

func TestWordBoundary(t *testing.T) {
	txt := NewTextString("Hello, wörld\r\nok")
	s := txt.String()
	assert.True(t, txt.wordBoundary(0))
	assert.True(t, txt.wordBoundary(strings.Index(s, ",")))
	assert.False(t, txt.wordBoundary(2))
	assert.False(t, txt.wordBoundary(strings.Index(s, "ö")+2), "inside wörld")
	assert.False(t, txt.wordBoundary(strings.Index(s, "\n")), "between CR and LF")
	assert.True(t, txt.wordBoundary(len(s)))
}

// TestTextLength: the length counted without indexing the text is the
// length a Text gives, in every convention.
func TestTextLength(t *testing.T) {
	for _, s := range []string{"", "abc", "\uFEFFhé\r\nllo 👍🏽\r\n", "a\xffb\r\n\r\nc", "\r\n"} {
		for _, p := range []Positions{{}, {Unit: UTF16}, {Unit: Bytes}, {CRLFAsOne: true}, {Unit: UTF16, CRLFAsOne: true}} {
			assert.Equal(t, NewTextString(s).Len(p), textLength([]byte(s), p), "%q in %s", s, p)
		}
	}
}

// TestStreamLength: counted in pieces of any size, a text has the length
// a Text gives, characters and CR LF pairs split between pieces included.
func TestStreamLength(t *testing.T) {
	s := "\uFEFFhé\r\nllo 👍🏽\r\n" + strings.Repeat("ab\r\n€", 50) + "a\xffb\r\n\r\nc\r"
	for _, p := range []Positions{{}, {Unit: UTF16}, {Unit: Bytes}, {CRLFAsOne: true}, {Unit: UTF16, CRLFAsOne: true}} {
		for _, size := range []int{4, 5, 7, 64, 1 << 10} {
			n, err := streamLength(strings.NewReader(s), p, make([]byte, size))
			require.NoError(t, err)
			assert.Equal(t, NewTextString(s).Len(p), n, "%s in pieces of %d", p, size)
		}
	}
}
