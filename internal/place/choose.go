package place

import "unicode/utf8"

// Status says how a passage was placed.
type Status string

// The ways a passage is placed, from the best.
const (
	// Exact: the passage occurs in the text as it is, once, or several
	// times with a hint or the order telling which.
	Exact Status = "exact"
	// Tolerant: the passage occurs only once white space is ignored, once
	// or with a hint or the order telling which.
	Tolerant Status = "tolerant"
	// Ambiguous: the passage occurs several times and nothing tells which
	// occurrence it is; it is not placed.
	Ambiguous Status = "ambiguous"
	// Missing: the passage does not occur in the text; it is not placed.
	Missing Status = "missing"
)

// A Placement is where a passage was placed, or why not.
type Placement struct {
	Status Status
	Span   Span // the occurrence, when Status is Exact or Tolerant

	// Candidates is the number of occurrences found; Left the number a
	// hint or the order left (1 when placed).
	Candidates, Left int
	// Tolerant: the occurrences were found only with white space ignored
	// (also for an Ambiguous passage).
	Tolerant bool
	// Hinted: there were several occurrences, and a hint or the order
	// chose this one (the passage is placed "near the hint").
	Hinted bool
}

// Placed reports whether the passage was placed (Exact or Tolerant).
func (p Placement) Placed() bool { return p.Status == Exact || p.Status == Tolerant }

// Decide makes the placement of a passage from the occurrences found (by
// [Finder.Find], with its tolerant result) and those left of them by a
// hint or the order ([Narrow], [Order]): Missing when none was found,
// Exact or Tolerant when one is left, Ambiguous otherwise.
func Decide(found []Span, tolerant bool, left []Span) Placement {
	p := Placement{Candidates: len(found), Left: len(left), Tolerant: tolerant}
	switch {
	case len(found) == 0:
		p.Status, p.Left, p.Tolerant = Missing, 0, false
	case len(left) == 1:
		p.Status, p.Span, p.Hinted = Exact, left[0], len(found) > 1
		if tolerant {
			p.Status = Tolerant
		}
	default:
		p.Status = Ambiguous
	}
	return p
}

// Choose places a passage found at spans (tolerant as [Finder.Find] said)
// with the help of h: [Decide] of the occurrences [Narrow] leaves.
func Choose(spans []Span, tolerant bool, h Hint) Placement {
	return Decide(spans, tolerant, Narrow(spans, h))
}

// Place finds passage in the text and chooses among its occurrences with
// h; the zero Hint places only a passage that occurs once.
func (f *Finder) Place(passage string, h Hint) Placement {
	spans, tolerant := f.Find(passage)
	return Choose(spans, tolerant, h)
}

// A Hint says where in the text a passage should start: a range of byte
// offsets, both ends included, made by [At], [Within], [Finder.AtChar] or
// [Finder.Paragraph]. The zero Hint says nothing.
type Hint struct {
	start, end int
	set        bool
}

// At is the hint of a recorded byte offset.
func At(offset int) Hint { return Hint{offset, offset, true} }

// Within is the hint of a range of byte offsets, start and end included.
func Within(start, end int) Hint {
	if end < start {
		start, end = end, start
	}
	return Hint{start, end, true}
}

// IsZero reports whether h says nothing.
func (h Hint) IsZero() bool { return !h.set }

// distance is how far from h a passage starting at x is.
func (h Hint) distance(x int) int {
	switch {
	case x < h.start:
		return h.start - x
	case x > h.end:
		return x - h.end
	}
	return 0
}

// Narrow returns the occurrences among spans that start nearest h (see the
// package documentation); all of them for the zero Hint or fewer than two.
// Equally near occurrences are all kept.
func Narrow(spans []Span, h Hint) []Span {
	if !h.set || len(spans) < 2 {
		return spans
	}
	best := -1
	for _, s := range spans {
		if d := h.distance(s.Start); best < 0 || d < best {
			best = d
		}
	}
	var out []Span
	for _, s := range spans {
		if h.distance(s.Start) == best {
			out = append(out, s)
		}
	}
	return out
}

// runeStep is how many characters apart the AtChar index records offsets.
const runeStep = 256

// AtChar is the hint of a recorded character offset: n Unicode code points
// from the start of the text (an invalid byte counts as one). An offset
// past the end is the end of the text; a negative one, the start.
func (f *Finder) AtChar(n int) Hint {
	return At(f.charOffset(n))
}

// charOffset is the byte offset of character n.
func (f *Finder) charOffset(n int) int {
	if n <= 0 {
		return 0
	}
	if f.runes == nil {
		f.runes = []int32{0}
		c := 0
		for i := 0; i < len(f.text); {
			_, w := utf8.DecodeRuneInString(f.text[i:])
			i += w
			if c++; c%runeStep == 0 {
				f.runes = append(f.runes, int32(i))
			}
		}
	}
	k := n / runeStep
	if k >= len(f.runes) {
		k = len(f.runes) - 1
	}
	i := int(f.runes[k])
	for c := k * runeStep; c < n && i < len(f.text); c++ {
		_, w := utf8.DecodeRuneInString(f.text[i:])
		i += w
	}
	return i
}

// Paragraph is the hint of a recorded paragraph number, counted from 1:
// the paragraphs are the lines of the text, each ended by LF, CR LF or a
// lone CR (empty lines count). The hint covers the paragraph from its
// first byte to its line end. A number out of range gives the zero Hint.
func (f *Finder) Paragraph(n int) Hint {
	if f.lines == nil {
		f.lines = []int32{0}
		for i := 0; i < len(f.text); i++ {
			switch f.text[i] {
			case '\r':
				if i+1 < len(f.text) && f.text[i+1] == '\n' {
					i++
				}
				f.lines = append(f.lines, int32(i+1))
			case '\n':
				f.lines = append(f.lines, int32(i+1))
			}
		}
	}
	if n < 1 || n > len(f.lines) {
		return Hint{}
	}
	start := int(f.lines[n-1])
	end := len(f.text)
	if n < len(f.lines) {
		end = int(f.lines[n]) - 1
		if end > start && f.text[end] == '\n' && f.text[end-1] == '\r' {
			end--
		}
	}
	return Within(start, end)
}
