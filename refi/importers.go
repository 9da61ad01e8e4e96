package refi

import "fmt"

// What each profile knows of its tool's importer, and how it writes for it.
// QualCoder's importer was read and run (see adaptQualCoder); for NVivo,
// ATLAS.ti and MAXQDA what is known comes from their documentation and
// from reports, and is stated with its source in the profile's comment
// (see [LookupProfile]). What is not known is not guessed: the project is
// written as the standard has it.

// adaptSpec writes NVivo's codings at a case (a CodeRef naming a case, for
// which no code exists) the standard's way, as the case's SelectionRef or
// SourceRef: a CodeRef must name a code, and a tool that follows the
// standard shows such a coding under no code.
func adaptSpec(a *adapter) []Change {
	a.caseCodingsAsRefs()
	return a.changes
}

// adaptNVivo keeps codes and cases apart that NVivo's importer would merge:
// it treats two codes or cases as the same when their names and places in
// the hierarchy match (NVivo help, "How duplicate project items are
// handled during import"). NVivo's own codings at a case are kept as they
// are.
func adaptNVivo(a *adapter) []Change {
	renamed := 0
	var walk func(cs []*Code)
	walk = func(cs []*Code) {
		n := newNames()
		for _, c := range cs {
			if a.rename(c, &c.Name, n, "a code of the same name under the same parent: NVivo merges codes whose names and places in the hierarchy match", "", c.Name) {
				renamed++
			}
			walk(c.Children)
		}
	}
	walk(a.q.Codes)
	cases := newNames()
	for _, c := range a.q.Cases {
		if c.Name == "" {
			continue
		}
		if a.rename(c, &c.Name, cases, "another case has the same name: NVivo merges cases whose names match", "", c.Name) {
			renamed++
		}
	}
	a.change(ChangeAdapted, renamed, "codes and cases renamed that NVivo's import would merge with another of the same name and place")
	return a.changes
}

// adaptATLASti writes NVivo's codings at a case as the standard's case
// references, and accounts for attributes: QualCoder's documentation
// reports that ATLAS.ti does not import them; the profile writes each
// value also as a document group "variable: value" (GroupVariables), the
// way ATLAS.ti shows attributes, so the variables are counted moved.
func adaptATLASti(a *adapter) []Change {
	a.caseCodingsAsRefs()
	for _, v := range a.q.Variables {
		a.acct.mark(v, Moved, LedgerItem{Why: "ATLAS.ti is reported not to import attributes (QualCoder's documentation); its values are written also as document groups named \"variable: value\""})
	}
	return a.changes
}

// adaptMAXQDA writes NVivo's codings at a case as the standard's case
// references, and accounts for attributes: MAXQDA writes document
// variables in nameless cases with one source, which the profile does too
// (CaseVariables); the values of named cases are reported not imported
// (QualCoder's documentation) and MAXQDA has no cases of its own, so they
// are counted invisible.
func adaptMAXQDA(a *adapter) []Change {
	a.caseCodingsAsRefs()
	fileUse := map[GUID]bool{}
	for _, s := range a.q.Sources {
		for _, v := range s.Base().Values {
			fileUse[v.Variable.Canonical()] = true
		}
	}
	caseUse := map[GUID]bool{}
	for _, c := range a.q.Cases {
		if c.Name == "" {
			for _, v := range c.Values {
				fileUse[v.Variable.Canonical()] = true
			}
			continue
		}
		for i := range c.Values {
			caseUse[c.Values[i].Variable.Canonical()] = true
			a.acct.mark(&c.Values[i], Invisible, LedgerItem{Why: "a value of a named case: MAXQDA is reported not to import case attributes (QualCoder's documentation) and has no cases"})
		}
	}
	for _, v := range a.q.Variables {
		if k := v.GUID.Canonical(); caseUse[k] && !fileUse[k] {
			a.acct.mark(v, Invisible, LedgerItem{Why: "a variable of named cases only: MAXQDA is reported not to import case attributes (QualCoder's documentation)"})
		}
	}
	return a.changes
}

// caseCodingsAsRefs rewrites NVivo's codings at a case — codings whose
// CodeRef names a case and no code — as the case's SelectionRef (a coding
// of a selection) or SourceRef (a coding of a whole source), the
// standard's form: a CodeRef must name a code.
func (a *adapter) caseCodingsAsRefs() {
	x := a.index()
	atCase := func(c *Coding) *Case {
		if x.Code(c.Code) != nil {
			return nil
		}
		return x.Case(c.Code)
	}
	moved := 0
	has := func(refs []GUID, g GUID) bool {
		for _, r := range refs {
			if r.Same(g) {
				return true
			}
		}
		return false
	}
	const why = "a coding at a case (NVivo's form) written as the case's reference, the standard's form: a CodeRef must name a code"
	take := func(cs []Coding, onRef func(*Case)) []Coding {
		var keep []Coding
		found := false
		for i := range cs {
			c := atCase(&cs[i])
			if c == nil {
				keep = append(keep, cs[i])
				continue
			}
			found = true
			onRef(c)
			moved++
			a.acct.l.put(item{kind: ItemCodings, element: "Coding", guid: cs[i].GUID}, Moved, why, "")
			a.acct.drop("on a coding at a case written as the case's reference", func(w *itemWalker) { w.ext(cs[i].Extensions, "Coding", cs[i].GUID) })
		}
		if !found {
			return cs
		}
		return keep
	}
	eachSelectionBase(a.q, func(b *SelectionBase) {
		b.Codings = take(b.Codings, func(c *Case) {
			if !has(c.SelectionRefs, b.GUID) {
				c.SelectionRefs = append(c.SelectionRefs, b.GUID)
			}
		})
	})
	for _, s := range a.q.Sources {
		b := s.Base()
		b.Codings = take(b.Codings, func(c *Case) {
			if !has(c.SourceRefs, b.GUID) {
				c.SourceRefs = append(c.SourceRefs, b.GUID)
			}
		})
	}
	a.change(ChangeAdapted, moved, "codings at a case (NVivo's form: a CodeRef naming a case) written as the case's SelectionRef or SourceRef, the standard's form")
}

// profileNotes documents, per profile, what is known of the tool's
// importer and what the profile does about it; LookupProfile's callers
// show it.
var profileNotes = map[string]string{
	"spec": "The REFI-QDA standard: code points, LF text files, GUID file names in sources/. NVivo's codings at a case become the case's SelectionRef or SourceRef.",
	"nvivo": "NVivo (documented): counts UTF-16 code units and CR LF as two; text files with CR LF and a byte-order mark; " +
		"does not import coding of a PDF's text (invisible); merges codes and cases of the same name and place (renamed). " +
		"Unknown: whether it reads a case's SourceRef and SelectionRef (its own export writes codings at a case, kept as they are).",
	"atlasti": "ATLAS.ti (documented and reported): counts CR LF as one; attributes are reported not imported, so each value is also written as a document group \"variable: value\" (moved). " +
		"Unknown: what it does with cases, links and graphs (written as the standard has them).",
	"maxqda": "MAXQDA (documented and reported): counts CR LF as one; document variables in nameless cases with one source, as MAXQDA writes them (moved); " +
		"values of named cases are reported not imported (invisible). Unknown: cases, links, graphs (written as the standard has them).",
	"qualcoder": "QualCoder 4.0 (its importer read and run): unique names for codes, categories, sources, cases, journals and variables (renamed); " +
		"case links as codings of a code with the case's GUID, whole sources as whole-text selections (moved); texts, notes and files always inside the archive; " +
		"a source whose text file is missing is left out (dropped: it would stop the whole import); sets shown only as file attributes, links, graphs, code sets and users that coded nothing not shown (invisible); " +
		"PDF areas read from the top of the page (invisible).",
}

// Notes returns what is known of the profile's tool's importer and what
// the profile changes for it, in a few sentences.
func (p *Profile) Notes() string {
	if n, ok := profileNotes[p.Name]; ok {
		return n
	}
	return fmt.Sprintf("%s: no knowledge of its importer; written as the standard has it.", p.Tool)
}
