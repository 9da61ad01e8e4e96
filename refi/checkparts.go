package refi

import (
	"sync"
	"unsafe"
)

// This file checks a large project in parts: what comes before the
// sources, runs of sources of about equal size, and what comes after; each
// part on a goroutine of its own, with the same warnings, in the same
// order, as one walk gives.

// checkPart is one part of a project for the checker: the head (before the
// sources), the sources from index from to index to, or the tail.
type checkPart struct {
	head, tail bool
	from, to   int
	weight     int // about how many GUIDs its sources have
}

func (pt checkPart) walk(w *objectWalk, p *Project) {
	switch {
	case pt.head:
		w.head(p)
	case pt.tail:
		w.tail(p)
	default:
		w.sources(p, pt.from, pt.to)
	}
}

// splitSources cuts the sources into at most n runs of about the same
// number of selections and codings.
func splitSources(p *Project, n int) []checkPart {
	weight := func(s Source) int {
		w := 1
		switch s := s.(type) {
		case *TextSource:
			w += len(s.Selections)
			for i := range s.Selections {
				w += len(s.Selections[i].Codings)
			}
		default:
			w += 16
		}
		return w
	}
	total := 0
	for _, s := range p.Sources {
		total += weight(s)
	}
	var parts []checkPart
	from, sum, last := 0, 0, 0
	for i, s := range p.Sources {
		sum += weight(s)
		if sum*n >= total*(len(parts)+1) && len(parts) < n-1 {
			parts = append(parts, checkPart{from: from, to: i + 1, weight: sum - last})
			from, last = i+1, sum
		}
	}
	if from < len(p.Sources) {
		parts = append(parts, checkPart{from: from, to: len(p.Sources), weight: sum - last})
	}
	return parts
}

// pass1Parts records the identifiers of every part at once and merges
// them into c's index. It returns the parts' checkers, in document order.
// The parts of the sources record theirs in regions of one array, about
// as large as they need, which is then sorted in place: the index takes
// the array and half of it again, not twice the array.
func (c *checker) pass1Parts(p *Project, workers int) []*checker {
	parts := []checkPart{{head: true}}
	parts = append(parts, splitSources(p, workers)...)
	parts = append(parts, checkPart{tail: true})
	total := 0
	for _, pt := range parts {
		total += pt.weight
	}
	all := make([]keyKinds, total+total/32+4096) // room for the head and the tail
	pcs := make([]*checker, len(parts))
	var wg sync.WaitGroup
	off := 0
	for i, pt := range parts {
		pc := &checker{ws: c.ws, file: c.file, odd: map[string]objKind{}, pass: 1, part: pt}
		if !pt.head && !pt.tail {
			pc.ids = all[off : off : off+pt.weight]
			off += pt.weight
		}
		pc.walk = objectWalk{id: pc.id, ref: pc.ref, caseDone: pc.caseDone}
		pc.path = &pc.walk.path
		pcs[i] = pc
		wg.Add(1)
		go func() {
			defer wg.Done()
			pt.walk(&pc.walk, p)
			sortIDs(pc.ids)
		}()
	}
	wg.Wait()
	for _, pc := range pcs {
		for k, v := range pc.odd {
			c.odd[k] = v // a later part's wins, as in one walk
		}
	}
	c.objs = mergeRepeats(mergeRuns(gatherRuns(all, pcs)))
	for _, pc := range pcs {
		pc.ids = nil
	}
	return pcs
}

// gatherRuns puts the parts' sorted identifiers one after the other at the
// start of all, or of a new array when they do not fit, and returns them
// with the bounds of each run. The regions the parts filled in place come
// first, each moved towards the start, then the runs kept elsewhere (the
// head, the tail, and a part that outgrew its region), in the room left.
func gatherRuns(all []keyKinds, pcs []*checker) ([]keyKinds, []int) {
	n := 0
	for _, pc := range pcs {
		n += len(pc.ids)
	}
	inPlace := func(ids []keyKinds) bool {
		if len(ids) == 0 || len(all) == 0 {
			return false
		}
		start := uintptr(unsafe.Pointer(&all[0]))
		at := uintptr(unsafe.Pointer(&ids[0]))
		return at >= start && at < start+uintptr(len(all))*unsafe.Sizeof(all[0])
	}
	dst := all
	if n > len(all) {
		dst = make([]keyKinds, n)
	}
	bounds := []int{0}
	at := 0
	add := func(ids []keyKinds) {
		if len(ids) > 0 {
			at += copy(dst[at:], ids)
			bounds = append(bounds, at)
		}
	}
	// in place, in the order of their regions: each moves towards the
	// start, never over a region not yet moved
	for _, pc := range pcs {
		if inPlace(pc.ids) {
			add(pc.ids)
		}
	}
	for _, pc := range pcs {
		if !inPlace(pc.ids) {
			add(pc.ids)
		}
	}
	return dst[:at], bounds
}

// mergeRuns merges sorted runs (run i from bounds[i] to bounds[i+1]) into
// one sorted run, in place, pairwise, with a buffer as large as the
// longest shorter run of a pair.
func mergeRuns(a []keyKinds, bounds []int) []keyKinds {
	var buf []keyKinds
	for len(bounds) > 2 {
		runs := len(bounds) - 1
		next := []int{}
		for r := 0; r+1 < runs; r += 2 {
			lo, mid, hi := bounds[r], bounds[r+1], bounds[r+2]
			buf = mergeTwo(a[lo:hi], mid-lo, buf)
			next = append(next, lo)
		}
		if runs%2 == 1 {
			next = append(next, bounds[runs-1])
		}
		bounds = append(next, bounds[runs])
	}
	return a
}

// mergeTwo merges the sorted runs s[:mid] and s[mid:] in place, copying
// the shorter into buf (grown as needed, and returned).
func mergeTwo(s []keyKinds, mid int, buf []keyKinds) []keyKinds {
	less := func(a, b keyKinds) bool { return a.hi < b.hi || a.hi == b.hi && a.lo < b.lo }
	if mid <= len(s)-mid { // from the front, the left run in buf
		buf = append(buf[:0], s[:mid]...)
		i, j, k := 0, mid, 0
		for i < len(buf) && j < len(s) {
			if less(s[j], buf[i]) {
				s[k] = s[j]
				j++
			} else {
				s[k] = buf[i]
				i++
			}
			k++
		}
		copy(s[k:], buf[i:]) // what is left of the right run is in place
		return buf
	}
	// from the back, the right run in buf
	buf = append(buf[:0], s[mid:]...)
	i, j, k := mid-1, len(buf)-1, len(s)-1
	for i >= 0 && j >= 0 {
		if less(buf[j], s[i]) {
			s[k] = s[i]
			i--
		} else {
			s[k] = buf[j]
			j--
		}
		k--
	}
	copy(s[:j+1], buf[:j+1]) // what is left of the left run is in place
	return buf
}

// pass2Parts checks the references of every part at once, against c's
// index, then adds the parts' warnings in document order.
func (c *checker) pass2Parts(p *Project, pcs []*checker) {
	var wg sync.WaitGroup
	for _, pc := range pcs {
		pc.objs, pc.odd, pc.dups = c.objs, c.odd, c.dups
		pc.buckets, pc.shift = c.buckets, c.shift
		pc.pass = 2
		pc.held = &heldWarnings{max: c.ws.max}
		wg.Add(1)
		go func() {
			defer wg.Done()
			pc.part.walk(&pc.walk, p)
		}()
	}
	wg.Wait()
	for _, pc := range pcs {
		pc.held.replay(c.ws)
	}
}

// heldWarnings keeps the warnings of one part until they can be added in
// order. A warning beyond the first max of its code in the part cannot be
// listed once the parts before it are added, so it is only counted.
type heldWarnings struct {
	max    int
	counts map[WarningCode]int
	list   []heldWarning
}

type heldWarning struct {
	code  WarningCode
	w     Warning
	built bool
}

func (h *heldWarnings) addf(code WarningCode, mk func() Warning) {
	if h.counts == nil {
		h.counts = map[WarningCode]int{}
	}
	n := h.counts[code]
	h.counts[code]++
	if h.max > 0 && n >= h.max {
		h.list = append(h.list, heldWarning{code: code})
		return
	}
	h.list = append(h.list, heldWarning{code: code, w: mk(), built: true})
}

// replay adds the warnings to ws.
func (h *heldWarnings) replay(ws *warnings) {
	for _, hw := range h.list {
		mk := func() Warning { return hw.w }
		if !hw.built {
			// never called: ws lists at most max warnings of a code, and
			// this one has at least max before it
			mk = func() Warning { return Warning{Message: "not listed"} }
		}
		ws.addf(hw.code, mk)
	}
}
