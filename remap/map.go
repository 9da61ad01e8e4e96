package remap

import (
	"errors"
	"fmt"
	"sort"
	"sync"
	"unicode/utf8"

	"github.com/qdabridge/qdabridge/refi"
)

// ErrRange is wrapped by the errors of ranges, positions and edits that
// are outside the text, reversed, overlapping or inside a character.
var ErrRange = errors.New("remap: position out of range")

// Status says what became of a range of the old text.
type Status uint8

const (
	// Exact: every character of the range survives, in one piece: the new
	// range holds the same text.
	Exact Status = iota
	// Touched: some characters of the range were removed or replaced, or
	// text was inserted inside it; the new range is the smallest covering
	// what survived.
	Touched
	// Deleted: no character of the range survives; the new range is the
	// empty range where it was.
	Deleted
)

// String returns "exact", "touched" or "deleted".
func (s Status) String() string {
	switch s {
	case Touched:
		return "touched"
	case Deleted:
		return "deleted"
	}
	return "exact"
}

// MarshalText returns String's form, for JSON.
func (s Status) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// Result is a range of the new text and what became of the old range
// mapped to it. Start and End count as the call's arguments did (bytes
// for [Map.Range], positions for [Map.RangeIn]).
type Result struct {
	Start, End int64
	Status     Status
}

// segment is a run of bytes kept: old[old:old+n] == new[new:new+n].
type segment struct{ old, new, n int }

// Map maps positions of an old text to a new one. Make it with [FromEdits]
// or [Diff]. A Map may be used from many goroutines at once.
type Map struct {
	old, new string
	segs     []segment // kept runs, in order in both texts, adjacent runs merged
	kept     int       // code points kept

	once             sync.Once
	oldText, newText *refi.Text
}

// Edit replaces the bytes [Start, End) of the old text with Text. Start ==
// End inserts Text before the byte Start.
type Edit struct {
	Start, End int
	Text       string
}

// FromEdits applies edits to old and returns the Map from old to the
// result. The edits must be in order, not overlap (two insertions at the
// same place are applied in the order given) and, when old is valid
// UTF-8, start and end at character boundaries; otherwise FromEdits fails
// with an error wrapping [ErrRange].
func FromEdits(old string, edits []Edit) (*Map, error) {
	b := builder{old: old}
	at := 0
	for i, e := range edits {
		if e.Start < at || e.End < e.Start || e.End > len(old) {
			return nil, fmt.Errorf("%w: edit %d [%d, %d) is reversed, overlaps the one before or is outside a text of %d bytes", ErrRange, i, e.Start, e.End, len(old))
		}
		if !boundary(old, e.Start) || !boundary(old, e.End) {
			return nil, fmt.Errorf("%w: edit %d [%d, %d) cuts a character", ErrRange, i, e.Start, e.End)
		}
		b.keep(old[at:e.Start])
		b.replace(e.End-e.Start, e.Text)
		at = e.End
	}
	b.keep(old[at:])
	return b.done(), nil
}

// boundary reports whether byte offset i of s is between two characters.
func boundary(s string, i int) bool {
	return i <= 0 || i >= len(s) || utf8.RuneStart(s[i]) || !utf8.ValidString(s)
}

// builder builds a Map from kept and replaced runs, in order.
type builder struct {
	old   string
	new   []byte
	segs  []segment
	kept  int
	oldAt int
}

func (b *builder) keep(s string) {
	if s == "" {
		return
	}
	if k := len(b.segs) - 1; k >= 0 && b.segs[k].old+b.segs[k].n == b.oldAt && b.segs[k].new+b.segs[k].n == len(b.new) {
		b.segs[k].n += len(s)
	} else {
		b.segs = append(b.segs, segment{b.oldAt, len(b.new), len(s)})
	}
	b.kept += utf8.RuneCountInString(s)
	b.oldAt += len(s)
	b.new = append(b.new, s...)
}

func (b *builder) replace(n int, with string) {
	b.oldAt += n
	b.new = append(b.new, with...)
}

func (b *builder) done() *Map {
	return &Map{old: b.old, new: string(b.new), segs: b.segs, kept: b.kept}
}

// Old returns the old text.
func (m *Map) Old() string { return m.old }

// New returns the new text.
func (m *Map) New() string { return m.new }

// Similarity returns how much of the two texts is kept, from 0 (nothing
// in common) to 1 (the same text): twice the number of characters (code
// points) kept, over the number of characters of both texts. Two empty
// texts have similarity 1. A low similarity (below 0.5, say) means the new
// text is not a revision of the old one, and a caller should refuse to
// remap rather than guess.
func (m *Map) Similarity() float64 {
	n := utf8.RuneCountInString(m.old) + utf8.RuneCountInString(m.new)
	if n == 0 {
		return 1
	}
	return float64(2*m.kept) / float64(n)
}

// Range maps the bytes [start, end) of the old text to the new one. An
// empty range maps as [Map.Position] maps start, Exact when that is exact
// and Deleted otherwise. It fails with an error wrapping [ErrRange] when
// the range is reversed or outside the old text.
func (m *Map) Range(start, end int) (Result, error) {
	if start < 0 || end < start || end > len(m.old) {
		return Result{}, fmt.Errorf("%w: [%d, %d) in a text of %d bytes", ErrRange, start, end, len(m.old))
	}
	if start == end {
		p, exact, _ := m.Position(start)
		st := Exact
		if !exact {
			st = Deleted
		}
		return Result{int64(p), int64(p), st}, nil
	}
	// first kept run ending after start, last kept run starting before end
	i := sort.Search(len(m.segs), func(i int) bool { return m.segs[i].old+m.segs[i].n > start })
	j := sort.Search(len(m.segs), func(i int) bool { return m.segs[i].old >= end }) - 1
	if i >= len(m.segs) || j < i {
		p, _, _ := m.Position(start)
		return Result{int64(p), int64(p), Deleted}, nil
	}
	first, last := m.segs[i], m.segs[j]
	s := max(start, first.old)
	e := min(end, last.old+last.n)
	r := Result{Start: int64(first.new + s - first.old), End: int64(last.new + e - last.old), Status: Touched}
	if i == j && s == start && e == end {
		r.Status = Exact
	}
	return r, nil
}

// Position maps the byte offset off of the old text (a place between two
// characters) to the new text. When the character after off survives, off
// maps to just before it; else when the character before survives, to
// just after it; the start and end of the text map to the start and end
// of the new text. In these cases exact is true. Otherwise off was inside
// text removed or replaced, and maps to the end of what survives before
// it, with exact false. It fails with an error wrapping [ErrRange] when off
// is outside the old text.
func (m *Map) Position(off int) (pos int, exact bool, err error) {
	if off < 0 || off > len(m.old) {
		return 0, false, fmt.Errorf("%w: offset %d in a text of %d bytes", ErrRange, off, len(m.old))
	}
	switch off {
	case 0:
		return 0, true, nil
	case len(m.old):
		return len(m.new), true, nil
	}
	// first run ending at or after off
	i := sort.Search(len(m.segs), func(i int) bool { return m.segs[i].old+m.segs[i].n >= off })
	if i < len(m.segs) {
		s := m.segs[i]
		if off == s.old+s.n && i+1 < len(m.segs) && m.segs[i+1].old == off {
			s = m.segs[i+1] // the character after survives too
		}
		if off >= s.old {
			return s.new + off - s.old, true, nil
		}
	}
	if i > 0 {
		s := m.segs[i-1]
		return s.new + s.n, false, nil
	}
	return 0, false, nil
}
