package refi

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
		if t.PlainTextPath == "" && t.PlainTextContent == "" {
			t.PlainTextPath = a.addFile(string(t.GUID), nil)
		} else if (a.sources != nil || isExternalPath(t.PlainTextPath)) && !a.embedPath(&t.PlainTextPath, &t.PlainTextContent, t.GUID, nil, true) {
			a.acct.drop("the transcript's file is not available, and "+qcStops, func(w *itemWalker) { w.transcript(t) })
			a.change(ChangeLeftOut, 1, "transcript %q of %q left out: its file is not available, and %s", t.Name, b.Name, qcStops)
			continue
		}
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
	sel := TextSelection{SelectionBase: SelectionBase{GUID: guidFor("qdabridge:whole:" + seed), Codings: codings}, Start: 0, End: n}
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
				c.GUID = guidFor("qdabridge:coder:" + string(base.GUID) + ":" + string(u))
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
