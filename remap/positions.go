package remap

import (
	"fmt"

	"github.com/qdabridge/qdabridge/refi"
)

// texts indexes the old and new texts for conversions of positions, once.
func (m *Map) texts() (*refi.Text, *refi.Text) {
	m.once.Do(func() {
		m.oldText = refi.NewTextString(m.old)
		m.newText = refi.NewTextString(m.new)
	})
	return m.oldText, m.newText
}

// RangeIn is [Map.Range] for a range [start, end) of the old text counted
// in convention p, giving the new range counted the same way. It fails
// with an error wrapping [ErrRange] when the range is reversed, and with
// one wrapping [refi.ErrPosition] when a position is outside the text or
// inside a character.
func (m *Map) RangeIn(p refi.Positions, start, end int64) (Result, error) {
	if end < start {
		return Result{}, fmt.Errorf("%w: [%d, %d) is reversed", ErrRange, start, end)
	}
	ot, nt := m.texts()
	s, err := ot.Offset(start, p)
	s += bom(ot)
	if err != nil {
		return Result{}, fmt.Errorf("remap: start: %w", err)
	}
	e, err := ot.Offset(end, p)
	e += bom(ot)
	if err != nil {
		return Result{}, fmt.Errorf("remap: end: %w", err)
	}
	r, err := m.Range(s, e)
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

// PositionIn is [Map.Position] for a position of the old text counted in
// convention p, giving the new position counted the same way. It fails
// with an error wrapping [refi.ErrPosition] when pos is outside the text
// or inside a character.
func (m *Map) PositionIn(p refi.Positions, pos int64) (newPos int64, exact bool, err error) {
	ot, nt := m.texts()
	off, err := ot.Offset(pos, p)
	if err != nil {
		return 0, false, fmt.Errorf("remap: %w", err)
	}
	n, exact, err := m.Position(off + bom(ot))
	if err != nil {
		return 0, false, err
	}
	if newPos, err = nt.Position(unBOM(nt, n), p); err != nil {
		return 0, false, fmt.Errorf("remap: %w", err)
	}
	return newPos, exact, nil
}

// bom returns the length of the byte-order mark a Text left out of its
// positions (a text starting with U+FEFF).
func bom(t *refi.Text) int {
	if t.BOM {
		return 3
	}
	return 0
}

// unBOM turns a byte offset of a text into one of t.String().
func unBOM(t *refi.Text, off int) int {
	return max(0, off-bom(t))
}
