package refi

import "fmt"

// ExcerptLedger builds the ledger of a conversion to excerpt lines (see
// [Document.Excerpts]): give it every excerpt written with Add, then ask
// for the Ledger. An item that shows on some line is kept (a coding at a
// case, which shows as the participant of its passage, is moved); a
// selection whose text could not be given is invisible; everything else
// the document holds is dropped, with why: excerpt lines carry passages
// with their codes, participants, coders and memos, not the project.
type ExcerptLedger struct {
	doc     *Document
	x       *Index
	sels    map[GUID]*SelectionBase
	links   map[GUID][]GUID // notes linked to a selection (NVivo's annotations)
	kept    map[any]Column
	errs    map[any]string
	sources map[GUID]bool
}

// NewExcerptLedger returns the ledger of writing doc's excerpts.
func NewExcerptLedger(doc *Document) *ExcerptLedger {
	el := &ExcerptLedger{doc: doc, sels: map[GUID]*SelectionBase{}, links: map[GUID][]GUID{},
		kept: map[any]Column{}, errs: map[any]string{}, sources: map[GUID]bool{}}
	if doc.Project == nil {
		return el
	}
	p := doc.Project
	el.x = NewIndex(p)
	eachSelectionBase(p, func(b *SelectionBase) {
		if _, dup := el.sels[b.GUID.Canonical()]; !dup {
			el.sels[b.GUID.Canonical()] = b
		}
	})
	for _, l := range p.Links {
		el.links[l.Target.Canonical()] = append(el.links[l.Target.Canonical()], l.Origin)
	}
	return el
}

func (el *ExcerptLedger) keep(key any, c Column) {
	if old, ok := el.kept[key]; !ok || c > old {
		el.kept[key] = c
	}
}

// Add counts what one excerpt line shows: e and the error
// [Document.Excerpts] gave with it (an excerpt without its text).
func (el *ExcerptLedger) Add(e *Excerpt, err error) {
	if el.x == nil {
		return
	}
	x := el.x
	if s := x.Source(e.Source.GUID); s != nil {
		el.keep(s, Kept)
	} else if n := x.Note(e.Source.GUID); n != nil {
		el.keep(n, Kept)
	}
	code := func(g GUID) {
		for c := x.Code(g); c != nil; c = x.Parent(c.GUID) {
			el.keep(c, Kept) // the path names every ancestor
		}
	}
	coding := func(c *Coding) {
		if cs := x.Case(c.Code); cs != nil && x.Code(c.Code) == nil {
			el.keep(codingKey(c), Moved)
			return
		}
		el.keep(codingKey(c), Kept)
		code(c.Code)
	}
	note := func(g GUID) {
		if n := x.Note(g); n != nil {
			el.keep(n, Kept)
		}
	}
	for _, g := range e.Selections {
		b := el.sels[g.Canonical()]
		if b == nil {
			continue
		}
		k := selKey(b)
		el.keep(k, Kept)
		if err != nil {
			el.errs[k] = fmt.Sprintf("its text could not be given: %v", err)
		}
		for i := range b.Codings {
			coding(&b.Codings[i])
		}
		for _, n := range b.NoteRefs {
			note(n)
		}
		for _, n := range el.links[b.GUID.Canonical()] {
			note(n)
		}
	}
	if e.Kind == ExcerptWhole {
		if s := x.Source(e.Source.GUID); s != nil {
			b := s.Base()
			for i := range b.Codings {
				coding(&b.Codings[i])
			}
		}
	}
	for _, p := range e.Participants {
		if cs := x.Case(p.GUID); cs != nil {
			el.keep(cs, Kept)
		}
	}
	if u := x.User(e.Coder.GUID); u != nil {
		el.keep(u, Kept)
	}
	for _, c := range e.Codes {
		if u := x.User(c.Coder.GUID); u != nil {
			el.keep(u, Kept)
		}
	}
}

// excerptDropped says why an item of each kind that shows on no line is
// not in the excerpts.
var excerptDropped = map[ItemKind]string{
	ItemUsers:          "excerpt lines name only the coders of their passages",
	ItemCodes:          "no excerpt is coded with it or one of its sub-codes",
	ItemCases:          "no excerpt belongs to it",
	ItemVariables:      "excerpt lines carry no attributes",
	ItemVariableValues: "excerpt lines carry no attributes",
	ItemSources:        "it has no coded or annotated passage",
	ItemSourceFiles:    "excerpt lines carry passages, not files",
	ItemSelections:     "it has no coding, memo or case, so it is not an excerpt",
	ItemCodings:        "its passage is not an excerpt",
	ItemNotes:          "it is attached to no excerpt",
	ItemLinks:          "excerpt lines carry no links",
	ItemSets:           "excerpt lines carry no sets",
	ItemGraphs:         "excerpt lines carry no graphs",
	ItemExtensions:     "excerpt lines carry nothing beyond the schema",
}

// Ledger returns the ledger of the excerpts added so far.
func (el *ExcerptLedger) Ledger() *Ledger {
	l := NewLedger()
	if el.doc.Project == nil {
		return l
	}
	eachItem(el.doc.Project, func(it item) {
		l.countIn(it)
		k := it.keyOf()
		c, ok := el.kept[k]
		switch {
		case !ok:
			l.put(it, Dropped, excerptDropped[it.kind], "")
		case el.errs[k] != "":
			l.put(it, Invisible, el.errs[k], "")
		default:
			l.put(it, c, "", "")
		}
	})
	for _, f := range el.doc.SourceFiles() {
		it := item{kind: ItemSourceFiles, element: "file", name: f}
		l.countIn(it)
		l.put(it, Dropped, excerptDropped[ItemSourceFiles], "")
	}
	return l
}
