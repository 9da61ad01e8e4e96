package place

// An Ordered is one reference of a group whose order is known (for NVivo,
// the references of one code in one file, by Reference Number): the
// occurrences of its passage and who coded it.
type Ordered struct {
	Spans []Span
	Coder string
}

// Order chooses, for each reference of a group in text order, the
// occurrences that are consistent with that order: a reference does not
// start before the one before it, and two consecutive references by the
// same coder (equal Coder, "" included) do not overlap (tools merge them).
// It returns, per reference, the occurrences that remain, in their order:
// those starting between the earliest and the latest feasible start. A
// reference whose occurrences cannot be ordered at all keeps them all; one
// with none keeps none. Give the result to [Decide].
func Order(refs []Ordered) [][]Span {
	n := len(refs)
	out := make([][]Span, n)
	ok := func(prev, next Span, sameCoder bool) bool {
		if next.Start < prev.Start {
			return false
		}
		return !sameCoder || next.Start >= prev.End
	}
	// forward: the earliest feasible candidate of each reference
	early := make([]int, n) // index into Spans, -1 when none
	for i := range refs {
		early[i] = -1
		for k, c := range refs[i].Spans {
			if i == 0 || early[i-1] < 0 || ok(refs[i-1].Spans[early[i-1]], c, refs[i-1].Coder == refs[i].Coder) {
				if early[i] < 0 || c.Start < refs[i].Spans[early[i]].Start {
					early[i] = k
				}
			}
		}
	}
	// backward: the latest feasible candidate of each reference
	late := make([]int, n)
	for i := n - 1; i >= 0; i-- {
		late[i] = -1
		for k, c := range refs[i].Spans {
			if i == n-1 || late[i+1] < 0 || ok(c, refs[i+1].Spans[late[i+1]], refs[i].Coder == refs[i+1].Coder) {
				if late[i] < 0 || c.Start > refs[i].Spans[late[i]].Start {
					late[i] = k
				}
			}
		}
	}
	for i := range refs {
		if early[i] < 0 || late[i] < 0 {
			out[i] = refs[i].Spans
			continue
		}
		lo, hi := refs[i].Spans[early[i]].Start, refs[i].Spans[late[i]].Start
		for _, c := range refs[i].Spans {
			if c.Start >= lo && c.Start <= hi {
				out[i] = append(out[i], c)
			}
		}
		if len(out[i]) == 0 {
			out[i] = refs[i].Spans
		}
	}
	return out
}
