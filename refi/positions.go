package refi

import (
	"fmt"
	"strings"
)

// Detection says how the reader decided what a project's text positions
// count, and on what evidence.
type Detection struct {
	// Positions is the convention the project's positions are read in (the
	// same as Project.Positions).
	Positions Positions
	// Basis is how it was decided: "forced" (Reader.Positions was set),
	// "producer" (from the origin; the texts could not tell the
	// conventions apart), "producer+text" (from the origin and confirmed by
	// the texts), "text" (from the texts, which overrode or stood in for the
	// producer), or "default" (the standard's convention; unknown producer
	// and no evidence).
	Basis string
	// Producer is the convention the origin implies, when ProducerKnown.
	Producer      Positions
	ProducerKnown bool
	// evidence counts, for each convention tried, how many selection
	// boundaries fall on word boundaries of the text, out of checked
	// selections whose place depends on the convention.
	evidence []evidence
	checked  int
}

// evidence is the score of one convention.
type evidence struct {
	Positions Positions
	Aligned   int // selections whose start and end both fall on word boundaries
	Invalid   int // selections that fall outside the text or inside a character
}

// String summarises the detection on one line.
func (d Detection) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s (%s", d.Positions, d.Basis)
	if d.checked > 0 {
		for _, e := range d.evidence {
			if e.Positions == d.Positions {
				fmt.Fprintf(&b, "; %d/%d selections on word boundaries", e.Aligned, d.checked)
			}
		}
	}
	b.WriteString(")")
	return b.String()
}

// producerPositions returns the convention that the software named by an
// origin string is known to use, and whether it is known: NVivo counts
// UTF-16 code units with CR LF as two; ATLAS.ti and MAXQDA count a CR LF
// pair as one character; QualCoder, Taguette and this package follow the
// standard (code points), except that a file this package converted to a
// profile says so in its origin and has that profile's convention.
func producerPositions(origin string) (Positions, bool) {
	if prof, ok := profileOfOrigin(origin); ok {
		return prof.Positions, true
	}
	o := strings.ToLower(origin)
	switch {
	case strings.Contains(o, "nvivo"):
		return Positions{Unit: UTF16}, true
	case strings.Contains(o, "atlas.ti") || strings.Contains(o, "atlasti"):
		return Positions{Unit: CodePoints, CRLFAsOne: true}, true
	case strings.Contains(o, "maxqda"):
		return Positions{Unit: CodePoints, CRLFAsOne: true}, true
	case strings.Contains(o, "qualcoder"), strings.Contains(o, "taguette"), strings.HasPrefix(o, "qdabridge"):
		return Positions{}, true
	}
	return Positions{}, false
}

// detectBudget is how many selections on which the conventions disagree
// the detector looks at in all.
const detectBudget = 50000

// candidates are the conventions the detector tries.
const nCandidates = 5

var candidates = [nCandidates]Positions{
	{Unit: CodePoints},
	{Unit: CodePoints, CRLFAsOne: true},
	{Unit: UTF16},
	{Unit: UTF16, CRLFAsOne: true},
	{Unit: Bytes},
}

// candidateIndex returns the index of p among the candidates, or 0 and
// false when it is none of them.
func candidateIndex(p Positions) (int, bool) {
	for i, c := range candidates {
		if c == p {
			return i, true
		}
	}
	return 0, false
}

// detector scores conventions over the texts of a project.
type detector struct {
	score   []evidence
	checked int
	budget  int
}

func newDetector() *detector {
	d := &detector{budget: detectBudget}
	for _, c := range candidates {
		d.score = append(d.score, evidence{Positions: c})
	}
	return d
}

// sampleSpans returns, for a sample of the selections of one text, how
// each convention reads them, where the conventions disagree. Only texts
// where the conventions differ (CR LF, or characters beyond ASCII) say
// anything.
func sampleSpans(t *Text, sels []TextSelection) []spanCheck {
	if !t.hasCR && !t.nonASCII {
		return nil
	}
	limit := len(sels)
	if limit > 2000 {
		limit = 2000 // a sample is enough; spread it over the text
	}
	step := 1
	if len(sels) > limit {
		step = len(sels) / limit
	}
	// conventions that count this text alike are looked up once
	var alias [nCandidates]int
	for j, c := range candidates {
		alias[j] = -1
		for i, o := range candidates[:j] {
			if alias[i] < 0 && t.countsAlike(c, o) {
				alias[j] = i
				break
			}
		}
	}
	var out []spanCheck
	var offs [nCandidates][2]int
	var ok [nCandidates]bool
	for i := 0; i < len(sels); i += step {
		sp := sels[i]
		same := true
		for j, c := range candidates {
			if k := alias[j]; k >= 0 {
				ok[j], offs[j] = ok[k], offs[k]
			} else {
				a, err1 := t.Offset(sp.Start, c)
				b, err2 := t.Offset(sp.End, c)
				ok[j] = err1 == nil && err2 == nil && a <= b
				offs[j] = [2]int{a, b}
			}
			if j > 0 && (ok[j] != ok[0] || offs[j] != offs[0]) {
				same = false
			}
		}
		if same {
			continue
		}
		var sc spanCheck
		for j := range candidates {
			if !ok[j] {
				continue
			}
			sc.ok |= 1 << j
			if t.wordBoundary(offs[j][0]) && t.wordBoundary(offs[j][1]) {
				sc.aligned |= 1 << j
			}
		}
		out = append(out, sc)
	}
	return out
}

// add scores the sampled selections of one text, while the budget lasts.
func (d *detector) add(checks []spanCheck) {
	for _, sc := range checks {
		if d.budget <= 0 {
			return
		}
		d.budget--
		d.checked++
		for j := range candidates {
			switch {
			case sc.ok&(1<<j) == 0:
				d.score[j].Invalid++
			case sc.aligned&(1<<j) != 0:
				d.score[j].Aligned++
			}
		}
	}
}

// decide picks the convention from the producer and the evidence.
func (d *detector) decide(origin string, forced *Positions) (Detection, string) {
	prod, known := producerPositions(origin)
	det := Detection{Producer: prod, ProducerKnown: known, checked: d.checked}
	if d.checked > 0 {
		det.evidence = d.score
	}
	if forced != nil {
		det.Positions, det.Basis = *forced, "forced"
		return det, ""
	}
	if d.checked == 0 {
		det.Positions = prod
		det.Basis = "producer"
		if !known {
			det.Basis = "default"
		}
		return det, ""
	}
	scoreOf := func(p Positions) evidence {
		for _, e := range d.score {
			if e.Positions == p {
				return e
			}
		}
		return evidence{}
	}
	// best: most aligned, then fewest invalid; ties go to the producer's
	// convention, then to the standard's.
	best := scoreOf(prod)
	for _, e := range d.score {
		if e.Aligned > best.Aligned || e.Aligned == best.Aligned && e.Invalid < best.Invalid {
			best = e
		}
	}
	p := scoreOf(prod)
	margin := d.checked / 10
	if margin < 3 {
		margin = 3
	}
	decisive := best.Aligned-p.Aligned >= margin || (p.Invalid > 0 && best.Invalid == 0 && best.Aligned > p.Aligned)
	switch {
	case best.Positions == prod:
		det.Positions = prod
		det.Basis = "producer+text"
		if !known {
			det.Basis = "default+text"
		}
		return det, ""
	case !decisive:
		det.Positions = prod
		det.Basis = "producer"
		if !known {
			det.Basis = "default"
		}
		return det, ""
	default:
		det.Positions = best.Positions
		det.Basis = "text"
		var msg string
		if known {
			msg = fmt.Sprintf("positions count %s (%d of %d selections on word boundaries), not %s as %q is known to write (%d of %d); read as %s",
				best.Positions, best.Aligned, d.checked, prod, origin, p.Aligned, d.checked, best.Positions)
		} else {
			msg = fmt.Sprintf("positions count %s (%d of %d selections on word boundaries), not %s as the standard says (%d of %d); read as %s",
				best.Positions, best.Aligned, d.checked, prod, p.Aligned, d.checked, best.Positions)
		}
		return det, msg
	}
}
