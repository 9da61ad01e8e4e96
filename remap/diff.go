package remap

import (
	"fmt"
	"time"
	"unicode/utf8"

	"github.com/sergi/go-diff/diffmatchpatch"
)

// DiffTimeout bounds the time [Diff] spends making its diff minimal. When
// it runs out, the rest of the diff is coarser (more text counted removed
// and inserted, fewer characters kept) but still correct.
const DiffTimeout = 2 * time.Second

// Diff compares old and new and returns the Map from old to new. It
// compares lines first and then the characters of the lines that differ,
// so that two long transcripts differing in a few places are compared
// quickly. The diff is then cleaned up so that a few letters that happen
// to match inside rewritten text (runs shorter than 4 characters between
// changes) are not taken as kept, while a kept phrase is: a passage whose
// middle was rewritten still reaches its surviving end. It fails with an
// error when old or new is not valid UTF-8.
func Diff(old, new string) (*Map, error) {
	if !utf8.ValidString(old) || !utf8.ValidString(new) {
		return nil, fmt.Errorf("remap: cannot diff a text that is not valid UTF-8")
	}
	dmp := diffmatchpatch.New()
	dmp.DiffTimeout = DiffTimeout
	diffs := dmp.DiffMain(old, new, true)
	diffs = dmp.DiffCleanupEfficiency(diffs)
	if m, ok := fromDiffs(old, new, diffs); ok {
		return m, nil
	}
	// The diff does not add up (it should always): keep the common prefix
	// and suffix only, which is correct if coarse.
	return prefixSuffix(old, new), nil
}

// fromDiffs builds the Map the diffs describe, and reports whether they
// turn old into new exactly.
func fromDiffs(old, new string, diffs []diffmatchpatch.Diff) (*Map, bool) {
	b := builder{old: old, new: make([]byte, 0, len(new))}
	pending := 0 // bytes of old removed, not yet accounted
	for _, d := range diffs {
		switch d.Type {
		case diffmatchpatch.DiffEqual:
			if b.oldAt+pending+len(d.Text) > len(old) || old[b.oldAt+pending:b.oldAt+pending+len(d.Text)] != d.Text {
				return nil, false
			}
			b.replace(pending, "")
			pending = 0
			b.keep(d.Text)
		case diffmatchpatch.DiffDelete:
			if b.oldAt+pending+len(d.Text) > len(old) || old[b.oldAt+pending:b.oldAt+pending+len(d.Text)] != d.Text {
				return nil, false
			}
			pending += len(d.Text)
		case diffmatchpatch.DiffInsert:
			b.replace(0, d.Text)
		}
	}
	b.replace(pending, "")
	if b.oldAt != len(old) || string(b.new) != new {
		return nil, false
	}
	return b.done(), true
}

// prefixSuffix returns the Map keeping the common prefix and suffix of
// old and new, at character boundaries.
func prefixSuffix(old, new string) *Map {
	p := 0
	for p < len(old) && p < len(new) && old[p] == new[p] {
		p++
	}
	for p > 0 && p < len(old) && !utf8.RuneStart(old[p]) {
		p--
	}
	s := 0
	for s < len(old)-p && s < len(new)-p && old[len(old)-1-s] == new[len(new)-1-s] {
		s++
	}
	for s > 0 && !utf8.RuneStart(old[len(old)-s]) {
		s--
	}
	m, _ := FromEdits(old, []Edit{{p, len(old) - s, new[p : len(new)-s]}})
	return m
}
