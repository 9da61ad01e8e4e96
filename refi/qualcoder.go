package refi

import (
	"fmt"
	"slices"
	"strings"
)

// adaptQualCoder writes the project the way QualCoder's REFI-QDA importer
// (QualCoder 4.0, refi.py RefiImport, read and measured) reads it. Each
// step answers one behaviour of that importer:
//
//   - it stops the whole import at a text source or note whose file is
//     missing, not internal://, or inline: texts are written as files in
//     the archive, and a text source whose file is not available is left
//     out (dropped) with everything in it;
//   - it stores names with UNIQUE constraints and drops or merges
//     duplicates: code names are made unique among codes (and category
//     names among categories), source, case, journal and variable names
//     likewise, and every source, code, note and variable gets a name;
//   - it links a case to text only through codings of a code with the
//     case's GUID: every named case's SourceRefs and SelectionRefs (and
//     NVivo's codings at a case) are written that way;
//   - it imports no coding of a whole source: such codings are written on
//     a selection of the whole text;
//   - it takes a coding's coder from its selection: a selection coded by
//     several coders is written once per coder;
//   - it reads a PDF only through its text representation, under the
//     representation's GUID, and a variable for cases or for files, not
//     both;
//   - it shows notes only as journals (named, file-backed) or annotations,
//     sets only as file attributes, and no links, graphs or users: what it
//     cannot show is marked invisible.
func adaptQualCoder(a *adapter) []Change {
	stems := map[Source]string{}
	for _, s := range a.q.Sources {
		stems[s] = sourceStem(s)
	}
	a.qcTexts()
	pdfRep := a.qcPDFs()
	a.qcMedia()
	a.qcWholeSource()
	a.qcCoders()
	a.qcCases(pdfRep)
	a.qcVariables()
	a.qcValues()
	a.qcCodes()
	a.qcCodings()
	a.qcSourceNames(stems)
	a.qcNotes()
	a.qcSets(pdfRep)
	a.qcRest()
	return a.changes
}

// sourceStem is the name of a source's file without its extension, when
// it is a readable name (not a GUID).
func sourceStem(s Source) string {
	var paths []string
	switch s := s.(type) {
	case *TextSource:
		paths = []string{s.PlainTextPath, s.RichTextPath}
	case *PictureSource:
		paths = []string{s.Path, s.CurrentPath}
	case *PDFSource:
		paths = []string{s.Path, s.CurrentPath}
	case *AudioSource:
		paths = []string{s.Path, s.CurrentPath}
	case *VideoSource:
		paths = []string{s.Path, s.CurrentPath}
	}
	for _, p := range paths {
		if st := fileStem(p); st != "" && !GUID(st).Valid() {
			return st
		}
	}
	return ""
}

const qcStops = "QualCoder stops the whole import at it"

// qcTexts gives every text source a text file in the archive, and leaves
// out those whose file is not available.
func (a *adapter) qcTexts() {
	dropped := 0
	for i := len(a.q.Sources) - 1; i >= 0; i-- {
		ts, ok := a.q.Sources[i].(*TextSource)
		if !ok {
			continue
		}
		if ts.PlainTextPath == "" && ts.PlainTextContent == "" {
			ts.PlainTextPath = a.addFile(string(ts.GUID), nil)
			a.acct.mark(ts, Moved, LedgerItem{Why: "it has no text; written with an empty text file, as QualCoder needs one"})
			continue
		}
		if a.sources == nil && !isExternalPath(ts.PlainTextPath) && ts.PlainTextPath != "" {
			continue // no files to check (a .qde written alone)
		}
		if !a.embedText(ts, ts, true) {
			a.dropSource(i, "its text file is not available, and "+qcStops)
			dropped++
		}
	}
	a.change(ChangeLeftOut, dropped, "text sources whose file is not available left out with their selections and codings: QualCoder stops the whole import at a missing text file")
}

// qcPDFs makes each PDF's text representation carry what QualCoder reads
// of a PDF, and returns the representation's GUID of each PDF.
func (a *adapter) qcPDFs() map[GUID]GUID {
	rep := map[GUID]GUID{}
	for i := len(a.q.Sources) - 1; i >= 0; i-- {
		pdf, ok := a.q.Sources[i].(*PDFSource)
		if !ok {
			continue
		}
		if pdf.Representation == nil {
			a.markAll(Invisible, "QualCoder imports a PDF only through its text representation, which this PDF lacks", func(w *itemWalker) { w.source(pdf) })
			continue
		}
		r := pdf.Representation
		if r.PlainTextPath == "" && r.PlainTextContent == "" {
			r.PlainTextPath = a.addFile(string(r.GUID), nil)
		} else if (a.sources != nil || isExternalPath(r.PlainTextPath)) && !a.embedText(r, nil, true) {
			a.dropSource(i, "the file of its text representation is not available, and "+qcStops)
			continue
		}
		rep[pdf.GUID.Canonical()] = r.GUID
		if pdf.Description != "" && r.Description == "" {
			r.Description = pdf.Description
		}
		if len(pdf.Values) > 0 {
			have := map[GUID]bool{}
			for _, v := range r.Values {
				have[v.Variable.Canonical()] = true
			}
			var keep []VariableValue
			own := len(r.Values)
			for _, v := range pdf.Values {
				if have[v.Variable.Canonical()] {
					keep = append(keep, v)
					continue
				}
				have[v.Variable.Canonical()] = true
				r.Values = append(r.Values, v)
			}
			for j := own; j < len(r.Values); j++ {
				a.acct.mark(&r.Values[j], Moved, LedgerItem{Why: "on the PDF's text representation, where QualCoder reads a PDF's variables"})
			}
			pdf.Values = keep
			for j := range keep {
				a.acct.mark(&pdf.Values[j], Invisible, LedgerItem{Why: "QualCoder reads a PDF's variables only from its text representation, which has a value of this variable"})
			}
		}
	}
	return rep
}

// qcMedia dates media selections (QualCoder stops at a picture selection
// without a date), marks media whose file is missing, and gives
// transcripts what QualCoder needs.
func (a *adapter) qcMedia() {
	dated := 0
	date := func(b *SelectionBase, src *SourceBase) {
		if b.Created.IsZero() && b.Modified.IsZero() {
			b.Created = a.dateFor(src.Audit)
			a.acct.mark(selKey(b), Repaired, LedgerItem{Why: "given a creation date, which QualCoder requires"})
			dated++
		}
	}
	missing := func(s Source, p string) {
		if p != "" && a.sources != nil && !isExternalPath(p) && !a.openable(p) {
			a.acct.mark(s, Invisible, LedgerItem{Why: "its file is not in the archive: QualCoder shows the source without it"})
		}
	}
	for i := len(a.q.Sources) - 1; i >= 0; i-- {
		switch s := a.q.Sources[i].(type) {
		case *PictureSource:
			missing(s, s.Path)
			for j := range s.Selections {
				date(&s.Selections[j].SelectionBase, &s.SourceBase)
			}
			if s.TextDescription != nil {
				a.markAll(Invisible, "QualCoder does not import a picture's text description", func(w *itemWalker) { w.text(s.TextDescription, "TextDescription") })
			}
		case *PDFSource:
			for j := range s.Selections {
				date(&s.Selections[j].SelectionBase, &s.SourceBase)
			}
		case *AudioSource:
			missing(s, s.Path)
			s.Transcripts = a.qcTranscripts(s, &s.SourceBase, s.Transcripts, true)
			for j := range s.Selections {
				date(&s.Selections[j].SelectionBase, &s.SourceBase)
			}
		case *VideoSource:
			missing(s, s.Path)
			s.Transcripts = a.qcTranscripts(s, &s.SourceBase, s.Transcripts, false)
			for j := range s.Selections {
				date(&s.Selections[j].SelectionBase, &s.SourceBase)
			}
		}
	}
	a.change(ChangeAdapted, dated, "media selections without a date given their source's (QualCoder stops at a picture selection without one)")
}

// qcTranscripts gives each transcript a name and a text file, leaves out
// those whose file is not available, and marks those QualCoder does not
// read (an audio source's after the first).
func (a *adapter) qcTranscripts(s Source, b *SourceBase, ts []*Transcript, firstOnly bool) []*Transcript {
	var out []*Transcript
	for _, t := range ts {
		if t.Name == "" {
			t.Name = b.Name + " transcript"
		}
		tx := &TextSource{SourceBase: SourceBase{GUID: t.GUID}, PlainTextPath: t.PlainTextPath, PlainTextContent: t.PlainTextContent}
		if t.PlainTextPath == "" && t.PlainTextContent == "" {
			tx.PlainTextPath = a.addFile(string(t.GUID), nil)
		} else if (a.sources != nil || isExternalPath(t.PlainTextPath)) && !a.embedText(tx, nil, true) {
			a.acct.drop("the transcript's file is not available, and "+qcStops, func(w *itemWalker) { w.transcript(t) })
			a.change(ChangeLeftOut, 1, "transcript %q of %q left out: its file is not available, and %s", t.Name, b.Name, qcStops)
			continue
		}
		t.PlainTextPath, t.PlainTextContent = tx.PlainTextPath, tx.PlainTextContent
		if firstOnly && len(out) > 0 {
			a.markAll(Invisible, "QualCoder reads only the first transcript of a recording", func(w *itemWalker) { w.transcript(t) })
		}
		out = append(out, t)
	}
	return out
}

// wholeSelection adds to t a selection of its whole text holding codings,
// and returns it (nil when the text is not available).
func (a *adapter) wholeSelection(t *TextSource, seed string, codings []Coding) *TextSelection {
	n := a.textLen(t)
	if n < 0 {
		return nil
	}
	sel := TextSelection{SelectionBase: SelectionBase{GUID: GUIDFor("qdabridge:whole:" + seed), Codings: codings}, Start: 0, End: n}
	if len(codings) > 0 {
		sel.CreatingUser, sel.Created = codings[0].CreatingUser, codings[0].Created
	}
	t.Selections = append(t.Selections, sel)
	last := &t.Selections[len(t.Selections)-1]
	a.acct.add(selKey(&last.SelectionBase))
	return last
}

// qcWholeSource writes the codings of whole sources on a selection of the
// whole text: QualCoder imports no coding of a whole source.
func (a *adapter) qcWholeSource() {
	moved := 0
	for _, s := range a.q.Sources {
		b := s.Base()
		if len(b.Codings) == 0 {
			continue
		}
		var t *TextSource
		switch s := s.(type) {
		case *TextSource:
			t = s
		case *PDFSource:
			t = s.Representation
		}
		if t == nil || a.wholeSelection(t, string(b.GUID)+":codings", b.Codings) == nil {
			for i := range b.Codings {
				a.acct.mark(codingKey(&b.Codings[i]), Invisible, LedgerItem{Why: "QualCoder imports no coding of a whole picture, PDF without text, or recording"})
			}
			continue
		}
		for i := range b.Codings {
			a.acct.mark(codingKey(&b.Codings[i]), Moved, LedgerItem{Why: "on a selection of the whole text, as QualCoder imports no coding of a whole source"})
		}
		moved += len(b.Codings)
		b.Codings = nil
	}
	a.change(ChangeAdapted, moved, "codings of whole sources written on a selection of the whole text (QualCoder imports no coding of a whole source)")
}

// eachTextOfSources calls fn for the text of every text source and PDF
// representation.
func (a *adapter) eachTextOfSources(fn func(t *TextSource)) {
	for _, s := range a.q.Sources {
		switch s := s.(type) {
		case *TextSource:
			fn(s)
		case *PDFSource:
			if s.Representation != nil {
				fn(s.Representation)
			}
		}
	}
}

// qcCoders writes a text selection coded by several coders once per coder,
// with the coder on the selection, where QualCoder takes it from.
func (a *adapter) qcCoders() {
	split := 0
	a.eachTextOfSources(func(t *TextSource) {
		n := len(t.Selections)
		for i := 0; i < n; i++ {
			sel := &t.Selections[i]
			var users []GUID
			groups := map[GUID][]Coding{}
			for _, c := range sel.Codings {
				u := c.CreatingUser
				if u == "" {
					u = sel.CreatingUser
				}
				k := u.Canonical()
				if _, ok := groups[k]; !ok {
					users = append(users, u)
				}
				groups[k] = append(groups[k], c)
			}
			if len(users) == 0 || len(users) == 1 && users[0].Same(sel.CreatingUser) {
				continue
			}
			first := users[0]
			switch {
			case sel.CreatingUser == "":
				sel.CreatingUser = first
				a.acct.mark(selKey(&sel.SelectionBase), Converted, LedgerItem{Why: "its coder written on the selection, where QualCoder takes it from"})
			case !first.Same(sel.CreatingUser):
				sel.CreatingUser = first
				a.acct.mark(selKey(&sel.SelectionBase), Moved, LedgerItem{Why: "the coder of its codings written on the selection in place of its creator, as QualCoder takes the coder from the selection"})
			}
			sel.Codings = groups[first.Canonical()]
			base := *sel
			for _, u := range users[1:] {
				c := base
				c.GUID = GUIDFor("qdabridge:coder:" + string(base.GUID) + ":" + string(u))
				c.CreatingUser = u
				c.Codings = groups[u.Canonical()]
				c.NoteRefs = nil
				c.Extensions = nil
				t.Selections = append(t.Selections, c)
				a.acct.add(selKey(&c.SelectionBase))
				for j := range c.Codings {
					a.acct.mark(codingKey(&c.Codings[j]), Moved, LedgerItem{Why: "on a copy of its selection for its coder, as QualCoder takes the coder from the selection"})
				}
				split++
			}
		}
	})
	a.change(ChangeAdapted, split, "selections coded by several coders written once more for each further coder (QualCoder takes the coder from the selection)")
}

// textSelections indexes the text selections of sources (and PDF
// representations) by GUID, with their text.
func (a *adapter) textSelections() map[GUID]struct {
	t *TextSource
	i int
} {
	m := map[GUID]struct {
		t *TextSource
		i int
	}{}
	a.eachTextOfSources(func(t *TextSource) {
		for i := range t.Selections {
			k := t.Selections[i].GUID.Canonical()
			if _, dup := m[k]; !dup {
				m[k] = struct {
					t *TextSource
					i int
				}{t, i}
			}
		}
	})
	return m
}

// qcCases names cases uniquely and writes their links the way QualCoder
// reads them: codings of a code with the case's GUID.
func (a *adapter) qcCases(pdfRep map[GUID]GUID) {
	q := a.q
	caseNames := newNames()
	for _, c := range q.Cases {
		if c.Name == "" {
			continue
		}
		old := c.Name
		c.Name = caseNames.unique(old)
		if c.Name != old {
			a.acct.mark(c, Renamed, LedgerItem{Name: old, NewName: c.Name, Why: "another case has the same name: QualCoder keeps one case of a name"})
		}
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
			cd := Coding{GUID: GUIDFor("qdabridge:case-link:" + string(k) + ":" + seed), Code: c.GUID}
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
				nc := &Case{GUID: GUIDFor(fmt.Sprintf("qdabridge:nameless:%s:%d", c.GUID, i+1)), SourceRefs: []GUID{g}, Values: slices.Clone(c.Values)}
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
			nv := &Variable{GUID: GUIDFor("qdabridge:file-variable:" + string(k)), Name: v.Name + " (sources)", Type: v.Type, Description: v.Description}
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
		old := v.Name
		if a.acct.added[v] {
			v.Name = vn.unique(old)
			continue
		}
		v.Name = vn.unique(nonEmpty(old, "Variable"))
		if v.Name != old {
			renamed++
			why := "another variable has the same name: QualCoder keeps one variable of a name"
			if old == "" {
				why = "a variable needs a name in QualCoder"
			}
			a.acct.mark(v, Renamed, LedgerItem{Name: old, NewName: v.Name, Why: why})
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

// qcCodes makes code names unique among codes and category names among
// categories (isCodable false), and names nameless codes.
func (a *adapter) qcCodes() {
	codes, cats := newNames(), newNames()
	renamed, flattened := 0, 0
	Walk(a.q.Codes, func(c *Code, parents []*Code) bool {
		set := codes
		if !c.IsCodable {
			set = cats
		}
		old := c.Name
		var cands []string
		switch {
		case old == "":
			cands = []string{"(unnamed code)"}
		case len(parents) == 0:
			cands = []string{old}
		default:
			names := make([]string, len(parents))
			for i, p := range parents {
				names[i] = p.Name
			}
			cands = []string{old, old + " (" + parents[len(parents)-1].Name + ")", old + " (" + JoinPath(names) + ")"}
		}
		c.Name = set.unique(cands...)
		if c.Name != old {
			renamed++
			why := "another code has the same name: QualCoder keeps one code of a name, and the codings of the other arrive under no code"
			if old == "" {
				why = "a code without a name is not imported by QualCoder"
			}
			a.acct.mark(c, Renamed, LedgerItem{Name: old, NewName: c.Name, Why: why})
		}
		if !c.IsCodable && len(parents) > 0 && parents[len(parents)-1].IsCodable {
			flattened++
			a.acct.mark(c, Moved, LedgerItem{Why: "a category (not codable) under a code: QualCoder puts it at the top of the tree"})
		}
		if c.Color != "" && !a.acct.added[c] {
			a.acct.mark(c, Converted, LedgerItem{Why: "QualCoder shows the nearest colour of its palette"})
		}
		return true
	})
	a.change(ChangeAdapted, renamed, "codes renamed so that every code (and every category) has a name of its own: QualCoder keeps one code of a name, and the codings of the others arrive under no code")
	a.change(ChangeAdapted, flattened, "categories (codes that cannot be applied) under codes: QualCoder puts them at the top of the tree")
	a.x = nil
}

// qcCodings marks codings QualCoder shows under no code.
func (a *adapter) qcCodings() {
	x := a.index()
	eachSelectionCodings(a.q, func(_ *SelectionBase, c *Coding) {
		switch code := x.Code(c.Code); {
		case code == nil:
			a.acct.mark(codingKey(c), Invisible, LedgerItem{Why: "it refers to no code of the project: QualCoder shows the passage under no code"})
		case !code.IsCodable:
			a.acct.mark(codingKey(c), Invisible, LedgerItem{Why: "its code cannot be applied (isCodable false), so QualCoder makes it a category and shows the passage under no code"})
		}
	})
}

// qcSourceNames gives every source a name of its own, from its file when
// it has none: QualCoder stores a nameless text as "None" and stops at a
// second picture, PDF or recording of a name.
func (a *adapter) qcSourceNames(stems map[Source]string) {
	used := newNames()
	used.key = func(s string) string { return s }
	renamed := 0
	n := 0
	assign := func(s Source) {
		b := s.Base()
		n++
		old := b.Name
		cands := []string{nonEmpty(old, nonEmpty(stems[s], fmt.Sprintf("Source %d", n)))}
		eff := func(name string) string {
			if _, ok := s.(*PDFSource); ok && !strings.HasSuffix(strings.ToLower(name), ".pdf") {
				return name + ".pdf"
			}
			return name
		}
		var name string
		for _, c := range cands {
			if !used.taken(eff(c)) {
				name = c
				break
			}
		}
		for i := 2; name == ""; i++ {
			c := fmt.Sprintf("%s (%d)", cands[0], i)
			if !used.taken(eff(c)) {
				name = c
			}
		}
		used.take(eff(name))
		switch s.(type) {
		case *AudioSource, *VideoSource:
			used.take(name + ".txt")
			used.take(name + ".transcribed")
		}
		b.Name = name
		if name != old {
			renamed++
			why := "another source has the same name: QualCoder renames or refuses a second source of a name"
			if old == "" {
				why = "a source without a name: QualCoder shows it as None"
				if stems[s] != "" {
					why += "; named after its file"
				}
			}
			a.acct.mark(s, Renamed, LedgerItem{Name: old, NewName: name, Why: why})
		}
	}
	for _, s := range a.q.Sources {
		if _, ok := s.(*TextSource); !ok {
			assign(s)
		}
	}
	for _, s := range a.q.Sources {
		if _, ok := s.(*TextSource); ok {
			assign(s)
		}
	}
	a.change(ChangeAdapted, renamed, "sources named (after their file when they had no name) so that every source has a name of its own, as QualCoder needs")
}

// qcNotes writes notes as QualCoder's journals: named, dated, with a text
// file, and not attached to a source (where QualCoder loses them), except
// annotations in QualCoder's own form.
func (a *adapter) qcNotes() {
	q := a.q
	annotation := func(n *TextSource) bool {
		return n.PlainTextPath == "" && n.PlainTextContent != "" && len(n.Selections) > 0
	}
	notes := map[GUID]*TextSource{}
	for _, n := range q.Notes {
		notes[n.GUID.Canonical()] = n
	}
	attached := map[GUID]bool{}
	attach := func(refs []GUID) {
		for _, g := range refs {
			attached[g.Canonical()] = true
		}
	}
	// a NoteRef directly under a text source makes QualCoder look for an
	// annotation; a note that is not one is lost: keep only annotations
	a.eachTextOfSources(func(t *TextSource) {
		var keep []GUID
		for _, g := range t.NoteRefs {
			if n := notes[g.Canonical()]; n != nil && !annotation(n) {
				attached[g.Canonical()] = true
				continue
			}
			keep = append(keep, g)
		}
		t.NoteRefs = keep
	})
	Walk(q.Codes, func(c *Code, _ []*Code) bool { attach(c.NoteRefs); return true })
	eachSelectionBase(q, func(b *SelectionBase) {
		attach(b.NoteRefs)
		for i := range b.Codings {
			attach(b.Codings[i].NoteRefs)
		}
	})
	for _, s := range q.Sources {
		if _, ok := s.(*TextSource); !ok {
			attach(s.Base().NoteRefs)
		}
	}
	for _, l := range q.Links {
		attach([]GUID{l.Origin, l.Target})
		attach(l.NoteRefs)
	}
	attach(q.NoteRefs)
	names := newNames()
	renamed, dated, files := 0, 0, 0
	for i, n := range q.Notes {
		if n.Created.IsZero() && n.Modified.IsZero() {
			n.Created = a.dateFor()
			dated++
			a.acct.mark(n, Repaired, LedgerItem{Why: "given a creation date, which QualCoder requires"})
		}
		if annotation(n) {
			continue
		}
		if n.PlainTextPath == "" || isExternalPath(n.PlainTextPath) {
			if a.embedText(n, n, true) {
				files++
			}
		}
		if a.sources != nil && !a.openable(n.PlainTextPath) {
			a.acct.mark(n, Invisible, LedgerItem{Why: "its text file is not available: QualCoder shows an empty journal"})
		}
		old := n.Name
		n.Name = names.unique(nonEmpty(old, fmt.Sprintf("Note %d", i+1)))
		if n.Name != old {
			renamed++
			why := "another note has the same name: QualCoder stops the whole import at a second journal of a name"
			if old == "" {
				why = "a note without a name: QualCoder makes no journal of it"
			}
			a.acct.mark(n, Renamed, LedgerItem{Name: old, NewName: n.Name, Why: why})
		} else if attached[n.GUID.Canonical()] {
			a.acct.mark(n, Moved, LedgerItem{Why: "a journal: QualCoder does not attach notes to codes, sources, selections or codings"})
		}
		a.markAll(Invisible, "QualCoder imports no selection or coding inside a note", func(w *itemWalker) {
			for j := range n.Selections {
				w.selection(&n.Selections[j].SelectionBase, "PlainTextSelection")
			}
			for j := range n.Codings {
				w.coding(&n.Codings[j])
			}
		})
	}
	a.change(ChangeAdapted, renamed, "notes named so that every journal has a name of its own (QualCoder makes no journal of a nameless note and stops at a second journal of a name)")
	a.change(ChangeAdapted, dated, "notes without a date given the project's (QualCoder stops at a note without one)")
	a.change(ChangeAdapted, files, "notes whose text was held in the project written as files, as QualCoder reads journals only from files")
}

// qcSets marks what QualCoder makes of sets: a file attribute named like
// the set for its sources; nothing for codes and notes.
func (a *adapter) qcSets(pdfRep map[GUID]GUID) {
	vn := newNames()
	for _, v := range a.q.Variables {
		vn.take(v.Name)
	}
	for _, s := range a.q.Sets {
		for i, g := range s.MemberSources {
			if r, ok := pdfRep[g.Canonical()]; ok {
				s.MemberSources[i] = r
			}
		}
		if len(s.MemberSources) == 0 {
			a.acct.mark(s, Invisible, LedgerItem{Why: "QualCoder shows a set only as an attribute of the sources in it, and this one holds none"})
			continue
		}
		old := s.Name
		s.Name = vn.unique(nonEmpty(old, "Set"))
		if s.Name != old {
			a.acct.mark(s, Renamed, LedgerItem{Name: old, NewName: s.Name, Why: "QualCoder makes a set an attribute of its sources, and a variable or another set has this name"})
			continue
		}
		if len(s.MemberCodes)+len(s.MemberNotes) > 0 {
			a.acct.mark(s, Invisible, LedgerItem{Why: fmt.Sprintf("QualCoder shows a set only as an attribute of its sources: its %d codes and %d notes are not shown", len(s.MemberCodes), len(s.MemberNotes))})
			continue
		}
		a.acct.mark(s, Moved, LedgerItem{Why: "shown by QualCoder as an attribute of its sources named like the set"})
	}
}

// qcRest marks what QualCoder does not import at all: links, graphs, and
// users who are no coder or owner of anything.
func (a *adapter) qcRest() {
	for _, l := range a.q.Links {
		a.acct.mark(l, Invisible, LedgerItem{Why: "QualCoder does not import links"})
	}
	for _, g := range a.q.Graphs {
		a.acct.mark(g, Invisible, LedgerItem{Why: "QualCoder does not import graphs"})
	}
	used := map[GUID]bool{}
	use := func(au *Audit) {
		used[au.CreatingUser.Canonical()] = true
		used[au.ModifyingUser.Canonical()] = true
	}
	for _, s := range a.q.Sources {
		use(&s.Base().Audit)
	}
	for _, n := range a.q.Notes {
		use(&n.Audit)
	}
	eachSelectionBase(a.q, func(b *SelectionBase) { use(&b.Audit) })
	for i, u := range a.q.Users {
		// QualCoder makes the first user the project's coder
		if i > 0 && !used[u.GUID.Canonical()] {
			a.acct.mark(u, Invisible, LedgerItem{Why: "QualCoder keeps no users, only the names of the coders and owners of selections, sources and notes, and this user is none"})
		}
	}
}

// nonEmpty returns s, or else when s is empty.
func nonEmpty(s, alt string) string {
	if s == "" {
		return alt
	}
	return s
}

func firstN(ss []string, n int) []string {
	if len(ss) > n {
		return append(ss[:n:n], fmt.Sprintf("%d more", len(ss)-n))
	}
	return ss
}

// eachSelectionBase calls fn for every selection of the project, those of
// notes and PDF representations included.
func eachSelectionBase(p *Project, fn func(b *SelectionBase)) {
	w := &selWalker{fn: fn}
	for _, s := range p.Sources {
		w.source(s)
	}
	for _, n := range p.Notes {
		w.text(n)
	}
}

// eachSelectionCodings calls fn for every coding of a selection.
func eachSelectionCodings(p *Project, fn func(b *SelectionBase, c *Coding)) {
	eachSelectionBase(p, func(b *SelectionBase) {
		for i := range b.Codings {
			fn(b, &b.Codings[i])
		}
	})
}

// eachCoding calls fn for every coding of the project, of selections and
// of whole sources, with the element it is in.
func eachCoding(p *Project, fn func(c *Coding, in string)) {
	eachSelectionCodings(p, func(_ *SelectionBase, c *Coding) { fn(c, "selection") })
	for _, s := range p.Sources {
		b := s.Base()
		for i := range b.Codings {
			fn(&b.Codings[i], "source")
		}
	}
}

type selWalker struct{ fn func(*SelectionBase) }

func (w *selWalker) text(t *TextSource) {
	if t == nil {
		return
	}
	for i := range t.Selections {
		w.fn(&t.Selections[i].SelectionBase)
	}
}

func (w *selWalker) source(s Source) {
	switch s := s.(type) {
	case *TextSource:
		w.text(s)
	case *PictureSource:
		w.text(s.TextDescription)
		for i := range s.Selections {
			w.fn(&s.Selections[i].SelectionBase)
		}
	case *PDFSource:
		for i := range s.Selections {
			w.fn(&s.Selections[i].SelectionBase)
			w.text(s.Selections[i].Representation)
		}
		w.text(s.Representation)
	case *AudioSource:
		w.media(s.Transcripts, s.Selections)
	case *VideoSource:
		w.media(s.Transcripts, s.Selections)
	}
}

func (w *selWalker) media(ts []*Transcript, sels []MediaSelection) {
	for _, t := range ts {
		for i := range t.Selections {
			w.fn(&t.Selections[i].SelectionBase)
		}
	}
	for i := range sels {
		w.fn(&sels[i].SelectionBase)
	}
}
