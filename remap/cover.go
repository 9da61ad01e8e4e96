package remap

import (
	"fmt"
	"sort"

	"github.com/qdabridge/qdabridge/refi"
)

// Cover maps the bytes [start, end) of the old text to the smallest range
// of the new text covering both what survived of it and the whole
// replacement of every edit that removed or replaced any of its
// characters (edits next to each other, with nothing kept between them,
// count as one). Where [Map.Range] narrows a passage whose first word was
// replaced to what is left after it, Cover keeps the replacement: the
// passage "Anna said" with "Anna" replaced by "[P1]" covers "[P1] said",
// and a passage that was only "Anna" covers "[P1]". Insertions at the
// range's edges are not covered. The status is Exact when every
// character survives in one piece, Deleted when nothing survives and the
// edits left no text, and Touched otherwise. It fails with an error
// wrapping [ErrRange] when the range is reversed or outside the old text.
func (m *Map) Cover(start, end int) (Result, error) {
	r, err := m.Range(start, end)
	if err != nil || start == end || r.Status == Exact {
		return r, err
	}
	// the segment holding start, or the gap before the first segment
	// after it
	i := sort.Search(len(m.segs), func(i int) bool { return m.segs[i].old+m.segs[i].n > start })
	var ns int
	if i < len(m.segs) && m.segs[i].old <= start {
		ns = m.segs[i].new + start - m.segs[i].old
	} else if i > 0 {
		ns = m.segs[i-1].new + m.segs[i-1].n // the start of the gap's replacement
	}
	// the segment holding the last byte, or the gap it is in
	j := sort.Search(len(m.segs), func(i int) bool { return m.segs[i].old+m.segs[i].n >= end })
	ne := len(m.new)
	if j < len(m.segs) && m.segs[j].old < end {
		ne = m.segs[j].new + end - m.segs[j].old
	} else if j < len(m.segs) {
		ne = m.segs[j].new // the end of the gap's replacement
	}
	r = Result{Start: int64(ns), End: int64(ne), Status: Touched}
	if ns == ne {
		r.Status = Deleted
	}
	return r, nil
}

// CoverIn is [Map.Cover] for a range [start, end) of the old text counted
// in convention p, giving the new range counted the same way. It fails as
// [Map.RangeIn] does.
func (m *Map) CoverIn(p refi.Positions, start, end int64) (Result, error) {
	if end < start {
		return Result{}, fmt.Errorf("%w: [%d, %d) is reversed", ErrRange, start, end)
	}
	ot, nt := m.texts()
	s, err := ot.Offset(start, p)
	if err != nil {
		return Result{}, fmt.Errorf("remap: start: %w", err)
	}
	e, err := ot.Offset(end, p)
	if err != nil {
		return Result{}, fmt.Errorf("remap: end: %w", err)
	}
	r, err := m.Cover(s+bom(ot), e+bom(ot))
	if err != nil {
		return Result{}, err
	}
	if r.Start, err = nt.Position(unBOM(nt, int(r.Start)), p); err != nil {
		return Result{}, fmt.Errorf("remap: %w", err)
	}
	if r.End, err = nt.Position(unBOM(nt, int(r.End)), p); err != nil {
		return Result{}, fmt.Errorf("remap: %w", err)
	}
	return r, nil
}
