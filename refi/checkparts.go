package refi

import (
	"sync"
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
func (c *checker) pass1Parts(p *Project, workers int) []*checker {
	parts := []checkPart{{head: true}}
	parts = append(parts, splitSources(p, workers)...)
	parts = append(parts, checkPart{tail: true})
	pcs := make([]*checker, len(parts))
	var wg sync.WaitGroup
	for i, pt := range parts {
		pc := &checker{ws: c.ws, file: c.file, odd: map[string]objKind{}, pass: 1, part: pt}
		if !pt.head && !pt.tail {
			pc.ids = make([]keyKind, 0, pt.weight)
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
	c.mergeSorted(pcs)
	return pcs
}

// mergeSorted merges the parts' sorted identifiers into c's index.
func (c *checker) mergeSorted(pcs []*checker) {
	n := 0
	for _, pc := range pcs {
		n += len(pc.ids)
	}
	c.objs = make([]keyKinds, 0, n)
	at := make([]int, len(pcs))
	for {
		best := -1
		for i, pc := range pcs {
			if at[i] >= len(pc.ids) {
				continue
			}
			if best < 0 {
				best = i
				continue
			}
			a, b := pc.ids[at[i]], pcs[best].ids[at[best]]
			if a.hi < b.hi || a.hi == b.hi && a.lo < b.lo {
				best = i
			}
		}
		if best < 0 {
			break
		}
		c.merge(pcs[best].ids[at[best] : at[best]+1])
		at[best]++
	}
	for _, pc := range pcs {
		pc.ids = nil
	}
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
