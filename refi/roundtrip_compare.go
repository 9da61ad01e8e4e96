package refi

import (
	"bytes"
	"crypto/sha256"
	"errors"
	"fmt"
	"io"
	"strings"
	"sync/atomic"
)

// sameFiles compares every file the project names, byte for byte, in the
// order the original project names them (paths are looked up in the
// written project by element, as a profile may rename them).
func (r *RoundTrip) sameFiles(a, b *Document, skip map[string]bool) {
	// paths are paired by the element that names them and the attribute
	type at struct {
		guid GUID
		attr string
		n    int
	}
	keyer := func() func(g GUID, attr string) at {
		seen := map[at]int{}
		return func(g GUID, attr string) at {
			k := at{g.Canonical(), attr, 0}
			k.n = seen[k]
			seen[k]++
			return k
		}
	}
	var pa []string
	var ka []at
	ki := keyer()
	eachTextPath(a.Project, func(_ string, g GUID, attr string, pth string) {
		pa = append(pa, pth)
		ka = append(ka, ki(g, attr))
	})
	pb := map[at]string{}
	ki = keyer()
	eachTextPath(b.Project, func(_ string, g GUID, attr string, pth string) { pb[ki(g, attr)] = pth })
	dropped := r.Ledger.Row(ItemSources).Counts[Dropped] > 0
	seen := map[string]bool{}
	bufs := [2][]byte{make([]byte, 64<<10), make([]byte, 64<<10)}
	for i, pth := range pa {
		if pth == "" || skip[pth] || seen[pth] {
			continue
		}
		seen[pth] = true
		other, ok := pb[ka[i]]
		if !ok {
			if !dropped { // a file of a source the ledger counts dropped
				r.Differences = append(r.Differences, fmt.Sprintf("file %s: no longer named by the written project", pth))
			}
			continue
		}
		var same bool
		var inputErr, err error
		if inputErr, ok = samePacked(a, b, pth, other, bufs); ok {
			same = inputErr == nil
		} else {
			ra, errA := a.OpenSource(pth)
			if errA != nil {
				continue // missing in the input: nothing to keep
			}
			rb, errB := b.OpenSource(other)
			if errB != nil {
				ra.Close()
				r.Differences = append(r.Differences, fmt.Sprintf("file %s: missing in the written archive", pth))
				continue
			}
			same, inputErr, err = sameContent(ra, rb, bufs)
			ra.Close()
			rb.Close()
		}
		switch {
		case inputErr != nil:
			r.Unreadable = append(r.Unreadable, fmt.Sprintf("file %s: %v", pth, inputErr))
		case err != nil:
			r.Differences = append(r.Differences, fmt.Sprintf("file %s: %v", pth, err))
		case !same:
			r.Differences = append(r.Differences, fmt.Sprintf("file %s: content differs", pth))
		}
	}
}

// samePacked compares the file pa of a and pb of b when both are archive
// entries packed alike, as an entry copied as it is: byte for byte as
// packed, then (when they are the same) unpacking a alone, which checks
// its CRC-32: one unpacking instead of two. ok is false when it cannot
// tell (the entries are packed otherwise, or differ as packed): the
// contents are then compared. With ok, the files are the same unless a
// cannot be unpacked (inputErr).
func samePacked(a, b *Document, pa, pb string, bufs [2][]byte) (inputErr error, ok bool) {
	fa, fb := archiveEntry(a, pa), archiveEntry(b, pb)
	if fa == nil || fb == nil || fa.Method != fb.Method || fa.CRC32 != fb.CRC32 ||
		fa.CompressedSize64 != fb.CompressedSize64 || fa.UncompressedSize64 != fb.UncompressedSize64 {
		return nil, false
	}
	ra, err := fa.OpenRaw()
	if err != nil {
		return nil, false
	}
	rb, err := fb.OpenRaw()
	if err != nil {
		return nil, false
	}
	n := int64(fa.CompressedSize64)
	if same, errA, errB := sameContent(io.LimitReader(ra, n), io.LimitReader(rb, n), bufs); !same || errA != nil || errB != nil {
		return nil, false
	}
	rc, err := a.OpenSource(pa)
	if err != nil {
		return nil, false
	}
	defer rc.Close()
	if _, err := io.CopyBuffer(io.Discard, rc, bufs[0]); err != nil {
		return err, true
	}
	return nil, true
}

// sameContent compares two streams, read into the two buffers; an error
// reading a (the input) is returned apart from an error reading b.
func sameContent(a, b io.Reader, bufs [2][]byte) (same bool, errA, errB error) {
	ba, bb := bufs[0], bufs[1]
	for {
		na, ea := io.ReadFull(a, ba)
		nb, eb := io.ReadFull(b, bb)
		endA := errors.Is(ea, io.EOF) || errors.Is(ea, io.ErrUnexpectedEOF)
		endB := errors.Is(eb, io.EOF) || errors.Is(eb, io.ErrUnexpectedEOF)
		if ea != nil && !endA {
			return false, ea, nil
		}
		if !bytes.Equal(ba[:na], bb[:nb]) {
			return false, nil, nil
		}
		if eb != nil && !endB {
			return false, nil, eb
		}
		if endA || endB {
			return endA == endB, nil, nil
		}
	}
}

// passageKey pairs the selections of two projects: by kind, GUID and
// occurrence (the n-th selection with that GUID), so projects whose
// selections share a GUID are compared in order too. A GUID may be shared
// by a PDF area and the text selection of the same passage (ATLAS.ti), so
// the kind is part of the key.
type passageKey struct {
	kind ExcerptKind
	guid GUID
	n    int
}

// passageKeyer returns a function giving each selection its key, counting
// occurrences.
func passageKeyer() func(e *Excerpt) passageKey {
	seen := map[passageKey]int{}
	return func(e *Excerpt) passageKey {
		k := passageKey{kind: e.Kind, guid: e.Selections[0].Canonical()}
		k.n = seen[k]
		seen[k]++
		return k
	}
}

// passage is what is kept of an original passage: a hash of its text, or
// that it could not be given.
type passage struct {
	sum    [sha256.Size]byte
	failed bool
}

// normalisePassage gives line breaks as LF when normalise is set (a
// profile may rewrite them).
func normalisePassage(s string, normalise bool) string {
	if normalise && strings.IndexByte(s, '\r') >= 0 {
		return strings.ReplaceAll(strings.ReplaceAll(s, "\r\n", "\n"), "\r", "\n")
	}
	return s
}

// hashPassages hashes the text of every selection of a, which needs only
// a: it runs while a is written. It stops early, with an incomplete
// result, when stop is set.
func hashPassages(a *Document, normalise bool, stop *atomic.Bool) map[passageKey]passage {
	want := map[passageKey]passage{}
	keyA := passageKeyer()
	for e := range a.Excerpts(ExcerptOptions{Separate: true, All: true}) {
		if stop.Load() {
			break
		}
		if len(e.Selections) == 0 {
			continue
		}
		k := keyA(e)
		if e.err != nil {
			want[k] = passage{failed: true}
			continue
		}
		want[k] = passage{sum: sha256.Sum256([]byte(normalisePassage(e.Text, normalise)))}
	}
	return want
}

// samePassages compares the text of every selection of b with the hashes
// of a's (hashPassages). With normalise, line breaks are compared as LF.
// The original texts are read again only for the first few passages that
// changed, to show them.
func (r *RoundTrip) samePassages(want map[passageKey]passage, a, b *Document, normalise bool) {
	n, lookups := 0, 0
	keyB := passageKeyer()
	for e := range b.Excerpts(ExcerptOptions{Separate: true, All: true}) {
		if len(e.Selections) == 0 {
			continue
		}
		k := keyB(e)
		w, ok := want[k]
		if !ok {
			continue
		}
		n++
		switch {
		case e.err != nil && !w.failed:
			r.Differences = append(r.Differences, fmt.Sprintf("selection %s: its text can no longer be given: %v", e.Selections[0], e.err))
		case e.err == nil && !w.failed && sha256.Sum256([]byte(normalisePassage(e.Text, normalise))) != w.sum:
			was := "(not shown)"
			if lookups < 10 { // each lookup reads the input's texts again
				lookups++
				if t, err := a.passageOf(e.Kind, k.guid, k.n); err == nil {
					was = clipString(normalisePassage(t, normalise))
				}
			}
			r.Differences = append(r.Differences, fmt.Sprintf("selection %s: passage %q became %q", e.Selections[0], was, clipString(normalisePassage(e.Text, normalise))))
		}
	}
	if dropped := r.Ledger.Row(ItemSelections).Counts[Dropped]; n+dropped < len(want) {
		r.Differences = append(r.Differences, fmt.Sprintf("selections: %d of %d are in the written project (%d counted dropped)", n, len(want), dropped))
	}
}

// passageOf finds the text of the n-th selection of that kind and GUID
// again, for a message.
func (d *Document) passageOf(kind ExcerptKind, g GUID, n int) (string, error) {
	for e := range d.Excerpts(ExcerptOptions{Separate: true, All: true}) {
		if len(e.Selections) == 0 || e.Kind != kind || e.Selections[0].Canonical() != g {
			continue
		}
		if n == 0 {
			return e.Text, e.err
		}
		n--
	}
	return "", ErrNotFound
}

func clipString(s string) string { return clip([]byte(s)) }
