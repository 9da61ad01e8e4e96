package place_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/qdabridge/qdabridge/internal/place"
)

func sp(start, end int) place.Span { return place.Span{Start: start, End: end} }

// TestFind: exact occurrences, else the tolerant ones, as byte offsets.
func TestFind(t *testing.T) {
	tests := []struct {
		name, text, passage string
		want                []place.Span
		tolerant            bool
	}{
		{"exact once", "one two three", "two", []place.Span{sp(4, 7)}, false},
		{"several, in order", "ab ab ab", "ab", []place.Span{sp(0, 2), sp(3, 5), sp(6, 8)}, false},
		{"overlapping", "aaaa", "aa", []place.Span{sp(0, 2), sp(1, 3), sp(2, 4)}, false},
		{"exact wins over tolerant", "a b\na  b", "a b", []place.Span{sp(0, 3)}, false},
		{"LF for CR LF", "one\r\ntwo\r\n", "one\ntwo", []place.Span{sp(0, 8)}, true},
		{"CR LF for LF", "one\ntwo\n", "one\r\ntwo", []place.Span{sp(0, 7)}, true},
		{"blank line for a space", "one\r\n\r\ntwo", "one two", []place.Span{sp(0, 10)}, true},
		{"run of spaces and tabs", "one \t  two", "one two", []place.Span{sp(0, 10)}, true},
		{"one space for a run", "one two", "one\t \t two", []place.Span{sp(0, 7)}, true},
		{"NBSP for a space", "one\u00a0two", "one two", []place.Span{sp(0, 8)}, true},
		{"space for NBSP", "one two", "one\u00a0two", []place.Span{sp(0, 7)}, true},
		{"ideographic space", "one\u3000two", "one two", []place.Span{sp(0, 9)}, true},
		{"white space around the passage is not part of it", "x one two y", "\n one\ntwo \t", []place.Span{sp(2, 9)}, true},
		{"several tolerant", "a\nb a  b a\r\nb", "a b", []place.Span{sp(0, 3), sp(4, 8), sp(9, 13)}, true},
		{"Unicode before the passage", "Ünïcödé 👍🏽 — passage", "passage", []place.Span{sp(25, 32)}, false},
		{"Unicode before a tolerant passage", "Ünïcödé 👍🏽 — two\r\nwords", "two words", []place.Span{sp(25, 35)}, true},
		{"Unicode passage", "say 👍🏽 twice 👍🏽", "👍🏽", []place.Span{sp(4, 12), sp(19, 27)}, false},
		{"case is not tolerated", "One two", "one two", nil, false},
		{"punctuation is not tolerated", "one, two", "one two", nil, false},
		{"missing", "one two", "three", nil, false},
		{"empty passage", "one two", "", nil, false},
		{"white space passage", "one two", " \r\n\t", nil, false},
		{"passage longer than the text", "one", "one two three", nil, false},
		{"empty text", "", "one", nil, false},
		{"invalid UTF-8 around", "\xffone\xfe", "one", []place.Span{sp(1, 4)}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, tolerant := place.Find(tt.text, tt.passage)
			assert.Equal(t, tt.want, got)
			assert.Equal(t, tt.tolerant, tolerant)
			for _, s := range got {
				if !tolerant {
					assert.Equal(t, tt.passage, tt.text[s.Start:s.End])
				} else {
					assert.Equal(t, strings.Join(strings.Fields(tt.passage), " "), strings.Join(strings.Fields(tt.text[s.Start:s.End]), " "))
				}
			}
		})
	}
}

// TestFinderPlace: choosing among occurrences with a hint.
func TestFinderPlace(t *testing.T) {
	// "yes" at bytes 9, 21 and 27 (character 20 is byte 21: Ü is two
	// bytes); paragraphs "Yes.", "No, yes.", "Über yes.", "", "yes", "no"
	text := "Yes.\nNo, yes.\r\nÜber yes.\n\nyes\r\nno\n"
	f := place.NewFinder(text)
	tests := []struct {
		name    string
		passage string
		hint    func() place.Hint
		want    place.Placement
	}{
		{"once, no hint", "No,", func() place.Hint { return place.Hint{} },
			place.Placement{Status: place.Exact, Span: sp(5, 8), Candidates: 1, Left: 1}},
		{"once, a far hint does not matter", "No,", func() place.Hint { return place.At(100) },
			place.Placement{Status: place.Exact, Span: sp(5, 8), Candidates: 1, Left: 1}},
		{"several, no hint", "yes", func() place.Hint { return place.Hint{} },
			place.Placement{Status: place.Ambiguous, Candidates: 3, Left: 3}},
		{"several, an offset on one", "yes", func() place.Hint { return place.At(9) },
			place.Placement{Status: place.Exact, Span: sp(9, 12), Candidates: 3, Left: 1, Hinted: true}},
		{"several, an offset somewhat off", "yes", func() place.Hint { return place.At(23) },
			place.Placement{Status: place.Exact, Span: sp(21, 24), Candidates: 3, Left: 1, Hinted: true}},
		{"several, an offset half way", "yes", func() place.Hint { return place.At(15) },
			place.Placement{Status: place.Ambiguous, Candidates: 3, Left: 2}},
		{"several, a character offset after Ü", "yes", func() place.Hint { return f.AtChar(20) },
			place.Placement{Status: place.Exact, Span: sp(21, 24), Candidates: 3, Left: 1, Hinted: true}},
		{"several, a paragraph", "yes", func() place.Hint { return f.Paragraph(3) },
			place.Placement{Status: place.Exact, Span: sp(21, 24), Candidates: 3, Left: 1, Hinted: true}},
		{"several, an empty paragraph", "yes", func() place.Hint { return f.Paragraph(4) },
			place.Placement{Status: place.Exact, Span: sp(27, 30), Candidates: 3, Left: 1, Hinted: true}},
		{"several, a paragraph out of range", "yes", func() place.Hint { return f.Paragraph(99) },
			place.Placement{Status: place.Ambiguous, Candidates: 3, Left: 3}},
		{"tolerant, once", "yes. Über", func() place.Hint { return place.Hint{} },
			place.Placement{Status: place.Tolerant, Span: sp(9, 20), Candidates: 1, Left: 1, Tolerant: true}},
		{"missing", "maybe", func() place.Hint { return place.At(3) },
			place.Placement{Status: place.Missing}},
		{"empty", "", func() place.Hint { return place.At(3) },
			place.Placement{Status: place.Missing}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := f.Place(tt.passage, tt.hint())
			assert.Equal(t, tt.want, got)
			assert.Equal(t, got.Status == place.Exact || got.Status == place.Tolerant, got.Placed())
		})
	}
}

// TestChooseTolerant: a tolerant passage found several times, chosen by a
// hint, is Tolerant and Hinted.
func TestChooseTolerant(t *testing.T) {
	text := "one\ntwo, one\r\ntwo, one  two"
	spans, tolerant := place.Find(text, "one two")
	require.True(t, tolerant)
	require.Len(t, spans, 3)
	got := place.Choose(spans, tolerant, place.At(text2offset(text, "one\r\n")))
	assert.Equal(t, place.Placement{Status: place.Tolerant, Span: sp(9, 17), Candidates: 3, Left: 1, Tolerant: true, Hinted: true}, got)
	got = place.Choose(spans, tolerant, place.Hint{})
	assert.Equal(t, place.Placement{Status: place.Ambiguous, Candidates: 3, Left: 3, Tolerant: true}, got)
}

func text2offset(text, s string) int { return strings.Index(text, s) }

// TestDecide: the placement from what was found and what is left.
func TestDecide(t *testing.T) {
	a, b := sp(0, 3), sp(5, 8)
	tests := []struct {
		name     string
		found    []place.Span
		tolerant bool
		left     []place.Span
		want     place.Placement
	}{
		{"none", nil, false, nil, place.Placement{Status: place.Missing}},
		{"one", []place.Span{a}, false, []place.Span{a}, place.Placement{Status: place.Exact, Span: a, Candidates: 1, Left: 1}},
		{"one tolerant", []place.Span{a}, true, []place.Span{a}, place.Placement{Status: place.Tolerant, Span: a, Candidates: 1, Left: 1, Tolerant: true}},
		{"two, one left", []place.Span{a, b}, false, []place.Span{b}, place.Placement{Status: place.Exact, Span: b, Candidates: 2, Left: 1, Hinted: true}},
		{"two, both left", []place.Span{a, b}, false, []place.Span{a, b}, place.Placement{Status: place.Ambiguous, Candidates: 2, Left: 2}},
		{"two, none left", []place.Span{a, b}, true, nil, place.Placement{Status: place.Ambiguous, Candidates: 2, Tolerant: true}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, place.Decide(tt.found, tt.tolerant, tt.left))
		})
	}
}

// TestNarrow: the occurrences nearest a hint; ties keep all.
func TestNarrow(t *testing.T) {
	a, b, c := sp(0, 3), sp(10, 13), sp(20, 23)
	all := []place.Span{a, b, c}
	tests := []struct {
		name string
		hint place.Hint
		want []place.Span
	}{
		{"zero hint", place.Hint{}, all},
		{"on one", place.At(10), []place.Span{b}},
		{"near one", place.At(12), []place.Span{b}},
		{"before all", place.At(-5), []place.Span{a}},
		{"after all", place.At(99), []place.Span{c}},
		{"half way", place.At(15), []place.Span{b, c}},
		{"a range holding two", place.Within(5, 20), []place.Span{b, c}},
		{"a range given backwards", place.Within(12, 8), []place.Span{b}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, place.Narrow(all, tt.hint))
		})
	}
	assert.True(t, place.Hint{}.IsZero())
	assert.False(t, place.At(0).IsZero())
}

// TestParagraph: the byte range of each line, whatever its line end.
func TestParagraph(t *testing.T) {
	f := place.NewFinder("a\nbb\r\n\r\nccc\rd")
	tests := []struct {
		n    int
		want place.Hint
	}{
		{1, place.Within(0, 1)},
		{2, place.Within(2, 4)},
		{3, place.Within(6, 6)},
		{4, place.Within(8, 11)},
		{5, place.Within(12, 13)},
		{0, place.Hint{}},
		{6, place.Hint{}},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, f.Paragraph(tt.n), "paragraph %d", tt.n)
	}
	assert.Equal(t, place.Within(0, 0), place.NewFinder("").Paragraph(1))
}

// TestAtChar: character offsets become byte offsets, across the index's
// steps.
func TestAtChar(t *testing.T) {
	text := strings.Repeat("aé👍", 300) // 900 characters, 2100 bytes
	f := place.NewFinder(text)
	for _, n := range []int{-1, 0, 1, 2, 3, 255, 256, 257, 511, 512, 768, 899, 900, 901, 5000} {
		want := len(text)
		if n <= 0 {
			want = 0
		} else if n < 900 {
			want = len(string([]rune(text)[:n]))
		}
		assert.Equal(t, place.At(want), f.AtChar(n), "character %d", n)
	}
	assert.Equal(t, place.At(2), place.NewFinder("\xff\xfeab").AtChar(2))
}

// TestFinderIndexed: a Finder that has indexed its text finds every
// passage of the benchmark's input where a scan finds it, exactly and
// tolerantly.
func TestFinderIndexed(t *testing.T) {
	text, passages := benchInput()
	passages = append(passages[:300], "aa", "\x80", "\x9f\x91", "👍🏽", "\u00a0", "the", " the ", "we were\r\n")
	indexed := place.NewFinder(text)
	warmUp(indexed)
	exact, tolerant := 0, 0
	for _, p := range passages {
		gotSpans, gotTolerant := indexed.Find(p)
		wantSpans, wantTolerant := place.Find(text, p)
		require.Equal(t, wantTolerant, gotTolerant, "%q", p)
		require.Equal(t, wantSpans, gotSpans, "%q", p)
		if len(gotSpans) > 0 && gotTolerant {
			tolerant++
		} else if len(gotSpans) > 0 {
			exact++
		}
	}
	assert.Greater(t, exact, 100)
	assert.Greater(t, tolerant, 20)
}
