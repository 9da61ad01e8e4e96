package refi

import (
	"fmt"
	"slices"
	"strings"
)

// qcCases names cases uniquely and writes their links the way QualCoder
// reads them: codings of a code with the case's GUID.
func (a *adapter) qcCases(pdfRep map[GUID]GUID) {
	q := a.q
	caseNames := newNames()
	for _, c := range q.Cases {
		if c.Name == "" {
			continue
		}
		a.rename(c, &c.Name, caseNames, "another case has the same name: QualCoder keeps one case of a name", "", c.Name)
	}
	x := a.index()
	sels := a.textSelections()
	// NVivo's codings at a case, by the case they name
	atCase := map[GUID]int{}
	eachCoding(q, func(c *Coding, _ string) {
		if cs := x.Case(c.Code); cs != nil && cs.Name != "" && x.Code(c.Code) == nil {
			atCase[c.Code.Canonical()]++
		}
	})
	links, linked := 0, 0
	var newCodes []*Code
	for _, c := range q.Cases {
		if c.Name == "" {
			continue
		}
		k := c.GUID.Canonical()
		if len(c.SourceRefs) == 0 && len(c.SelectionRefs) == 0 && atCase[k] == 0 {
			continue
		}
		if code := x.Code(c.GUID); code != nil {
			code.IsCodable = true
			a.acct.mark(code, Moved, LedgerItem{Why: "the code of a case (NVivo's form): QualCoder turns its codings into links of the case"})
		} else {
			code := &Code{GUID: c.GUID, Name: "Case: " + c.Name, IsCodable: true,
				Description: "Links of the case " + c.Name + ": QualCoder turns the codings of this code into case links and removes it."}
			newCodes = append(newCodes, code)
			a.acct.add(code)
		}
		var lost []string
		link := func(t *TextSource, i int, seed string) {
			cd := Coding{GUID: guidFor("qdabridge:case-link:" + string(k) + ":" + seed), Code: c.GUID}
			if i < 0 {
				a.wholeSelection(t, "case:"+string(k)+":"+seed, []Coding{cd})
			} else {
				t.Selections[i].Codings = append(t.Selections[i].Codings, cd)
			}
			a.acct.add(codingKey(&cd))
			links++
		}
		for _, g := range c.SourceRefs {
			var t *TextSource
			switch s := x.Source(g).(type) {
			case *TextSource:
				t = s
			case *PDFSource:
				t = s.Representation
			}
			if t == nil || a.textLen(t) < 0 {
				lost = append(lost, "source "+string(g))
				continue
			}
			link(t, -1, string(g.Canonical()))
		}
		for _, g := range c.SelectionRefs {
			e, ok := sels[g.Canonical()]
			if !ok {
				lost = append(lost, "selection "+string(g))
				continue
			}
			link(e.t, e.i, string(g.Canonical()))
		}
		for _, g := range c.CodeRefs {
			if !g.Same(c.GUID) {
				lost = append(lost, "code "+string(g))
			}
		}
		if len(lost) > 0 {
			a.acct.mark(c, Invisible, LedgerItem{Why: fmt.Sprintf("QualCoder links a case to text only: its links to %s are not shown", strings.Join(firstN(lost, 5), ", "))})
		} else {
			a.acct.mark(c, Moved, LedgerItem{Why: "its links written as codings of a code with its GUID, which QualCoder turns into case links"})
		}
		linked++
	}
	if len(newCodes) > 0 {
		q.Codes = append(q.Codes, newCodes...)
		a.x = nil
	}
	// NVivo's codings at a case now name a code QualCoder turns into links
	x = a.index()
	textSel := map[GUID]bool{}
	for k := range a.textSelections() {
		textSel[k] = true
	}
	eachSelectionCodings(q, func(b *SelectionBase, c *Coding) {
		if atCase[c.Code.Canonical()] == 0 {
			return
		}
		if textSel[b.GUID.Canonical()] {
			a.acct.mark(codingKey(c), Moved, LedgerItem{Why: "a coding at a case (NVivo's form), which QualCoder shows as a link of the case"})
		} else {
			a.acct.mark(codingKey(c), Invisible, LedgerItem{Why: "a coding at a case of a picture, PDF area or recording: QualCoder links cases to text only"})
		}
	})
	a.change(ChangeAdapted, links, "case links (SourceRef, SelectionRef) of %d cases written as codings of a code with the case's GUID, the only form QualCoder turns into case links", linked)
	a.qcNamelessCases(pdfRep)
}

// qcNamelessCases keeps each nameless case to one source, which is how
// QualCoder reads the variables of a file.
func (a *adapter) qcNamelessCases(pdfRep map[GUID]GUID) {
	var add []*Case
	for _, c := range a.q.Cases {
		if c.Name != "" {
			continue
		}
		for i, g := range c.SourceRefs {
			if r, ok := pdfRep[g.Canonical()]; ok {
				c.SourceRefs[i] = r
			}
		}
		switch {
		case len(c.SourceRefs) == 0:
			a.markAll(Invisible, "QualCoder reads a case without a name only as the variables of one source; this one has none", func(w *itemWalker) { w.caseItems(c) })
		case len(c.SourceRefs) > 1:
			for i, g := range c.SourceRefs[1:] {
				nc := &Case{GUID: guidFor(fmt.Sprintf("qdabridge:nameless:%s:%d", c.GUID, i+1)), SourceRefs: []GUID{g}, Values: slices.Clone(c.Values)}
				add = append(add, nc)
				a.acct.add(nc)
				for j := range nc.Values {
					a.acct.add(&nc.Values[j])
				}
			}
			c.SourceRefs = c.SourceRefs[:1]
			for j := range c.Values {
				a.acct.mark(&c.Values[j], Moved, LedgerItem{Why: "repeated in one nameless case per source, as QualCoder reads a nameless case with one source only"})
			}
			a.acct.mark(c, Moved, LedgerItem{Why: "split into one nameless case per source, as QualCoder reads a nameless case with one source only"})
		}
	}
	a.q.Cases = append(a.q.Cases, add...)
}

// qcVariables gives the files their own variables where a variable is
// used for both cases and files, and makes variable names unique.
func (a *adapter) qcVariables() {
	q := a.q
	caseUse, fileUse := map[GUID]bool{}, map[GUID]bool{}
	var fileValues []*VariableValue
	for _, c := range q.Cases {
		for i := range c.Values {
			if c.Name != "" {
				caseUse[c.Values[i].Variable.Canonical()] = true
			} else {
				fileUse[c.Values[i].Variable.Canonical()] = true
				fileValues = append(fileValues, &c.Values[i])
			}
		}
	}
	a.eachSourceValues(func(vs []VariableValue) {
		for i := range vs {
			fileUse[vs[i].Variable.Canonical()] = true
			fileValues = append(fileValues, &vs[i])
		}
	})
	split := map[GUID]GUID{}
	var add []*Variable
	for _, v := range q.Variables {
		k := v.GUID.Canonical()
		if caseUse[k] && fileUse[k] {
			nv := &Variable{GUID: guidFor("qdabridge:file-variable:" + string(k)), Name: v.Name + " (sources)", Type: v.Type, Description: v.Description}
			add = append(add, nv)
			a.acct.add(nv)
			split[k] = nv.GUID
		}
	}
	q.Variables = append(q.Variables, add...)
	for _, v := range fileValues {
		if g, ok := split[v.Variable.Canonical()]; ok {
			v.Variable = g
			a.acct.mark(v, Moved, LedgerItem{Why: "under a variable of its own for sources: QualCoder holds a variable for cases or for files, not both"})
		}
	}
	a.change(ChangeAdapted, len(add), "variables used by cases and by sources given a second variable for the sources (QualCoder hides file values of a case variable)")
	vn := newNames()
	renamed := 0
	for _, v := range q.Variables {
		if a.acct.added[v] {
			v.Name = vn.unique(v.Name)
			continue
		}
		if a.rename(v, &v.Name, vn, "another variable has the same name: QualCoder keeps one variable of a name",
			"a variable needs a name in QualCoder", nonEmpty(v.Name, "Variable")) {
			renamed++
		}
	}
	a.change(ChangeAdapted, renamed, "variables renamed so that names are unique (QualCoder stores values of a second variable of the same name under the first)")
	a.x = nil
}

// eachSourceValues calls fn with the variable values of every source and
// PDF representation.
func (a *adapter) eachSourceValues(fn func([]VariableValue)) {
	for _, s := range a.q.Sources {
		fn(s.Base().Values)
		if pdf, ok := s.(*PDFSource); ok && pdf.Representation != nil {
			fn(pdf.Representation.Values)
		}
	}
}

// qcValues keeps one value per variable for each case and source, and
// only values of variables of the project: QualCoder stops the import at
// a second value or an unknown variable.
func (a *adapter) qcValues() {
	x := a.index()
	dropped := 0
	filter := func(vs []VariableValue, seen map[GUID]bool, owner string, guid GUID) []VariableValue {
		out := make([]VariableValue, 0, len(vs)) // never grown: the accounts know each value by its address
		for i := range vs {
			k := vs[i].Variable.Canonical()
			why := ""
			switch {
			case x.Variable(vs[i].Variable) == nil:
				why = "it names no variable of the project, and " + qcStops
			case seen[k]:
				why = "a second value of the same variable for one case or source, and " + qcStops
			}
			if why != "" {
				a.acct.drop(why, func(w *itemWalker) { w.values(vs[i:i+1], owner, guid) })
				dropped++
				continue
			}
			seen[k] = true
			out = append(out, vs[i])
			a.acct.rekey(&vs[i], &out[len(out)-1])
		}
		return out
	}
	srcSeen := map[GUID]map[GUID]bool{}
	seenOf := func(g GUID) map[GUID]bool {
		k := g.Canonical()
		if srcSeen[k] == nil {
			srcSeen[k] = map[GUID]bool{}
		}
		return srcSeen[k]
	}
	for _, s := range a.q.Sources {
		b := s.Base()
		b.Values = filter(b.Values, seenOf(b.GUID), b.Name, b.GUID)
		if pdf, ok := s.(*PDFSource); ok && pdf.Representation != nil {
			r := pdf.Representation
			r.Values = filter(r.Values, seenOf(r.GUID), b.Name, r.GUID)
		}
	}
	for _, c := range a.q.Cases {
		seen := map[GUID]bool{}
		if c.Name == "" && len(c.SourceRefs) == 1 {
			seen = seenOf(c.SourceRefs[0])
		}
		c.Values = filter(c.Values, seen, c.Name, c.GUID)
	}
	a.change(ChangeLeftOut, dropped, "variable values left out: a second value of one variable for a case or source, or a value of no variable of the project (QualCoder stops the whole import at either)")
}
