package place

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// A Span is a passage of a text: the byte offsets [Start, End) in the Go
// string of the text.
type Span struct {
	Start, End int
}

// A Finder searches one text for many passages. The tolerant form of the
// text, and the indexes of its paragraphs and characters, are built once,
// when first needed. After its first few passages, a Finder indexes the
// text (and its tolerant form, when used) in a suffix array, so that each
// further passage costs a lookup rather than a scan of the text. A Finder
// is not safe for concurrent use.
type Finder struct {
	text string
	norm string  // text with each white space run made one space
	orig []int32 // orig[i]: byte offset in text of byte i of norm
	done bool

	exact, tolerant searcher // of text and of norm

	lines []int32 // byte offset where each paragraph starts, for Paragraph
	runes []int32 // byte offset of every runeStep-th rune, for AtChar
}

// NewFinder returns a Finder for text.
func NewFinder(text string) *Finder { return &Finder{text: text} }

// Find returns every occurrence of passage in text, as [Finder.Find] does.
// To look for several passages in one text, make one [Finder].
func Find(text, passage string) (spans []Span, tolerant bool) {
	return NewFinder(text).Find(passage)
}

// Find returns every exact occurrence of passage in the text, in the order
// they start; when there is none, every tolerant one, and tolerant true.
// A passage that is empty or only white space is found nowhere (nil,
// false). See the package documentation for what tolerant means.
func (f *Finder) Find(passage string) (spans []Span, tolerant bool) {
	if strings.TrimSpace(passage) == "" {
		return nil, false
	}
	var out []Span
	for _, s := range f.exact.find(f.text, passage) {
		out = append(out, Span{s, s + len(passage)})
	}
	if len(out) > 0 {
		return out, false
	}
	f.normalise()
	p := normal(passage)
	for _, s := range f.tolerant.find(f.norm, p) {
		e := s + len(p)
		out = append(out, Span{int(f.orig[s]), int(f.orig[e-1]) + 1})
	}
	return out, len(out) > 0
}

// normal is the tolerant form of a passage: white space runs made one
// space, trimmed.
func normal(s string) string {
	return strings.Join(strings.Fields(s), " ")
}

// normalise builds the tolerant form of the text and the map back to it.
func (f *Finder) normalise() {
	if f.done {
		return
	}
	f.done = true
	var b strings.Builder
	b.Grow(len(f.text))
	f.orig = make([]int32, 0, len(f.text))
	inSpace := false
	for i := 0; i < len(f.text); {
		r, n := utf8.DecodeRuneInString(f.text[i:])
		if unicode.IsSpace(r) {
			if !inSpace {
				b.WriteByte(' ')
				f.orig = append(f.orig, int32(i))
				inSpace = true
			}
			i += n
			continue
		}
		inSpace = false
		for k := 0; k < n; k++ {
			b.WriteByte(f.text[i+k])
			f.orig = append(f.orig, int32(i+k))
		}
		i += n
	}
	f.norm = b.String()
}
