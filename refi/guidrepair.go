package refi

import (
	"fmt"
	"slices"
	"strings"
)

// ChangeEmptyGUID: an element without a GUID (a project built in Go that
// left GUID empty) was given one, derived from its kind, its place in the
// document and its name, so that no two elements share one.
const ChangeEmptyGUID ChangeCode = "guid-added"

// ChangeEmptyRef: a reference with no target (an empty CodeRef or
// VariableRef) whose element cannot be written without one: the element
// was left out.
const ChangeEmptyRef ChangeCode = "empty-reference"

// guidRepair gives fresh GUIDs to the elements of a project that have none,
// on a copy of what it changes, and leaves out codings and variable values
// whose required reference is empty.
type guidRepair struct {
	acct    *accounts
	n       int // elements given a GUID so far, in document order
	changes []Change
}

// repairGUIDs returns p, or a copy of p in which every element has a GUID
// and no coding or variable value has an empty reference, with the changes
// made. The input is never modified.
func repairGUIDs(p *Project, acct *accounts) (*Project, []Change) {
	if !needsGUIDRepair(p) {
		return p, nil
	}
	r := &guidRepair{acct: acct}
	q := *p
	q.Users = withGUIDs(r, p.Users, "User", func(u *User) (*GUID, string) { return &u.GUID, u.Name })
	q.Codes = r.codes(p.Codes)
	q.Variables = withGUIDs(r, p.Variables, "Variable", func(v *Variable) (*GUID, string) { return &v.GUID, v.Name })
	q.Cases = slices.Clone(p.Cases)
	for i, cs := range q.Cases {
		c := *cs
		if c.GUID == "" {
			c.GUID = r.fresh("Case", c.Name, &c)
		}
		c.Values = r.values(c.Values, "Case", c.Name, c.GUID)
		q.Cases[i] = &c
	}
	q.Sources = slices.Clone(p.Sources)
	for i, s := range q.Sources {
		q.Sources[i] = r.source(cloneSource(s))
	}
	q.Notes = slices.Clone(p.Notes)
	for i, n := range q.Notes {
		q.Notes[i] = r.text(cloneText(n), "Note")
	}
	q.Links = withGUIDs(r, p.Links, "Link", func(l *Link) (*GUID, string) { return &l.GUID, l.Name })
	q.Sets = withGUIDs(r, p.Sets, "Set", func(s *Set) (*GUID, string) { return &s.GUID, s.Name })
	q.Graphs = slices.Clone(p.Graphs)
	for i, g := range q.Graphs {
		c := *g
		c.Vertices = slices.Clone(g.Vertices)
		c.Edges = slices.Clone(g.Edges)
		if c.GUID == "" {
			c.GUID = r.fresh("Graph", c.Name, &c)
		}
		for j := range c.Vertices {
			if c.Vertices[j].GUID == "" {
				c.Vertices[j].GUID = r.fresh("Vertex", c.Vertices[j].Name, nil)
			}
		}
		for j := range c.Edges {
			if c.Edges[j].GUID == "" {
				c.Edges[j].GUID = r.fresh("Edge", c.Edges[j].Name, nil)
			}
		}
		q.Graphs[i] = &c
	}
	if n := r.n; n > 0 {
		r.changes = append([]Change{{Code: ChangeEmptyGUID, Count: n,
			Message: "elements without a GUID given one, derived from their kind, place and name (the same project always gets the same GUIDs)"}}, r.changes...)
	}
	return &q, r.changes
}

// withGUIDs returns list with a copy, given a GUID, of each element that
// has none; id gives an element's GUID field and name.
func withGUIDs[T any](r *guidRepair, list []*T, element string, id func(*T) (*GUID, string)) []*T {
	out := slices.Clone(list)
	for i, e := range out {
		if g, name := id(e); *g == "" {
			c := *e
			g, _ = id(&c)
			*g = r.fresh(element, name, &c)
			out[i] = &c
		}
	}
	return out
}

// fresh returns the GUID for the next element without one and marks key
// (the element as it will be written, when it is an item) repaired.
func (r *guidRepair) fresh(element, name string, key any) GUID {
	r.n++
	g := guidFor(fmt.Sprintf("qdabridge:empty-guid:%d:%s:%s", r.n, element, name))
	if key != nil && r.acct != nil {
		r.acct.mark(key, Repaired, LedgerItem{Why: "had no GUID; given " + string(g)})
	}
	return g
}

// mark marks the item with key repaired, for the GUID just given.
func (r *guidRepair) mark(key any) {
	if r.acct != nil {
		r.acct.mark(key, Repaired, LedgerItem{Why: "had no GUID; given one"})
	}
}

func (r *guidRepair) codes(cs []*Code) []*Code {
	out := slices.Clone(cs)
	for i, c := range out {
		cc := *c
		if cc.GUID == "" {
			cc.GUID = r.fresh("Code", cc.Name, &cc)
		}
		cc.Children = r.codes(c.Children)
		out[i] = &cc
	}
	return out
}

func (r *guidRepair) values(vs []VariableValue, owner, name string, guid GUID) []VariableValue {
	var out []VariableValue
	for i := range vs {
		if strings.TrimSpace(string(vs[i].Variable)) == "" {
			r.acct.drop("its VariableRef is empty: it names no variable", func(w *itemWalker) {
				w.values(vs[i:i+1], name, guid)
			})
			r.changes = append(r.changes, Change{Code: ChangeEmptyRef, Element: owner, GUID: guid, Count: 1,
				Message: "a variable value with an empty VariableRef left out: it names no variable"})
			continue
		}
		out = append(out, vs[i])
	}
	return out
}

func (r *guidRepair) codings(cs []Coding) []Coding {
	var out []Coding
	for i := range cs {
		c := cs[i]
		if strings.TrimSpace(string(c.Code)) == "" {
			r.acct.drop("its CodeRef is empty: it names no code", func(w *itemWalker) { w.coding(&cs[i]) })
			r.changes = append(r.changes, Change{Code: ChangeEmptyRef, Element: "Coding", GUID: c.GUID, Count: 1,
				Message: "a coding with an empty CodeRef left out: it names no code"})
			continue
		}
		out = append(out, c)
	}
	for i := range out {
		if out[i].GUID == "" {
			out[i].GUID = r.fresh("Coding", "", nil)
			r.mark(codingKey(&out[i]))
		}
	}
	return out
}

func (r *guidRepair) selection(b *SelectionBase, element string) {
	if b.GUID == "" {
		b.GUID = r.fresh(element, b.Name, nil)
		r.mark(selKey(b))
	}
	b.Codings = r.codings(b.Codings)
}

func (r *guidRepair) base(b *SourceBase, element string, key any) {
	if b.GUID == "" {
		b.GUID = r.fresh(element, b.Name, key)
	}
	b.Codings = r.codings(b.Codings)
	b.Values = r.values(b.Values, element, b.Name, b.GUID)
}

// text repairs a copied text source, note, representation or description.
func (r *guidRepair) text(t *TextSource, element string) *TextSource {
	var key any
	if element == "TextSource" || element == "Note" {
		key = t
	}
	r.base(&t.SourceBase, element, key)
	for i := range t.Selections {
		r.selection(&t.Selections[i].SelectionBase, "PlainTextSelection")
	}
	return t
}

// source repairs a copied source.
func (r *guidRepair) source(s Source) Source {
	switch s := s.(type) {
	case *TextSource:
		return r.text(s, "TextSource")
	case *PictureSource:
		r.base(&s.SourceBase, "PictureSource", s)
		if s.TextDescription != nil {
			r.text(s.TextDescription, "TextDescription")
		}
		for i := range s.Selections {
			r.selection(&s.Selections[i].SelectionBase, "PictureSelection")
		}
	case *PDFSource:
		r.base(&s.SourceBase, "PDFSource", s)
		for i := range s.Selections {
			r.selection(&s.Selections[i].SelectionBase, "PDFSelection")
			if s.Selections[i].Representation != nil {
				r.text(s.Selections[i].Representation, "Representation")
			}
		}
		if s.Representation != nil {
			r.text(s.Representation, "Representation")
		}
	case *AudioSource:
		r.base(&s.SourceBase, "AudioSource", s)
		r.media(s.Transcripts, s.Selections, "AudioSelection")
	case *VideoSource:
		r.base(&s.SourceBase, "VideoSource", s)
		r.media(s.Transcripts, s.Selections, "VideoSelection")
	}
	return s
}

func (r *guidRepair) media(ts []*Transcript, sels []MediaSelection, element string) {
	for _, t := range ts {
		if t.GUID == "" {
			t.GUID = r.fresh("Transcript", t.Name, nil)
		}
		for i := range t.SyncPoints {
			if t.SyncPoints[i].GUID == "" {
				t.SyncPoints[i].GUID = r.fresh("SyncPoint", "", nil)
			}
		}
		for i := range t.Selections {
			r.selection(&t.Selections[i].SelectionBase, "TranscriptSelection")
		}
	}
	for i := range sels {
		r.selection(&sels[i].SelectionBase, element)
	}
}

// needsGUIDRepair reports whether any element of p lacks a GUID or any
// coding or variable value has an empty reference.
func needsGUIDRepair(p *Project) bool {
	found := false
	w := &objectWalk{
		id: func(g GUID, _ objKind) { found = found || g == "" },
		ref: func(g GUID, attr, _ string, _ ...objKind) {
			found = found || (attr == "CodeRef" || attr == "VariableRef") && strings.TrimSpace(string(g)) == ""
		},
	}
	w.project(p)
	return found
}

// cloneText returns a copy of t that shares no slice it could change.
func cloneText(t *TextSource) *TextSource {
	if t == nil {
		return nil
	}
	c := *t
	c.SourceBase = cloneBase(t.SourceBase)
	c.Selections = cloneSelections(t.Selections, func(s *TextSelection) *SelectionBase { return &s.SelectionBase })
	return &c
}

func cloneBase(b SourceBase) SourceBase {
	b.Codings = slices.Clone(b.Codings)
	b.Values = slices.Clone(b.Values)
	b.NoteRefs = slices.Clone(b.NoteRefs)
	return b
}

func cloneSelections[S any](sels []S, base func(*S) *SelectionBase) []S {
	out := slices.Clone(sels)
	for i := range out {
		b := base(&out[i])
		b.Codings = slices.Clone(b.Codings)
		b.NoteRefs = slices.Clone(b.NoteRefs)
	}
	return out
}

func cloneTranscripts(ts []*Transcript) []*Transcript {
	out := make([]*Transcript, len(ts))
	for i, t := range ts {
		c := *t
		c.SyncPoints = slices.Clone(t.SyncPoints)
		c.NoteRefs = slices.Clone(t.NoteRefs)
		c.Selections = cloneSelections(t.Selections, func(s *TranscriptSelection) *SelectionBase { return &s.SelectionBase })
		out[i] = &c
	}
	return out
}

// cloneSource returns a copy of s that shares no slice or text it could
// change.
func cloneSource(s Source) Source {
	switch s := s.(type) {
	case *TextSource:
		return cloneText(s)
	case *PictureSource:
		c := *s
		c.SourceBase = cloneBase(s.SourceBase)
		c.TextDescription = cloneText(s.TextDescription)
		c.Selections = cloneSelections(s.Selections, func(s *PictureSelection) *SelectionBase { return &s.SelectionBase })
		return &c
	case *PDFSource:
		c := *s
		c.SourceBase = cloneBase(s.SourceBase)
		c.Representation = cloneText(s.Representation)
		c.Selections = cloneSelections(s.Selections, func(s *PDFSelection) *SelectionBase { return &s.SelectionBase })
		for i := range c.Selections {
			c.Selections[i].Representation = cloneText(c.Selections[i].Representation)
		}
		return &c
	case *AudioSource:
		c := *s
		cloneMedia(&c.SourceBase, &c.Transcripts, &c.Selections)
		return &c
	case *VideoSource:
		c := *s
		cloneMedia(&c.SourceBase, &c.Transcripts, &c.Selections)
		return &c
	}
	return s
}

// cloneMedia replaces what a copied recording shares with its original
// by copies.
func cloneMedia(b *SourceBase, ts *[]*Transcript, sels *[]MediaSelection) {
	*b = cloneBase(*b)
	*ts = cloneTranscripts(*ts)
	*sels = cloneSelections(*sels, func(s *MediaSelection) *SelectionBase { return &s.SelectionBase })
}

// cloneProject returns a deep copy of p that shares nothing a conversion
// changes (extensions, which are never changed, are shared).
func cloneProject(p *Project) *Project {
	q := *p
	q.Users = make([]*User, len(p.Users))
	for i, u := range p.Users {
		c := *u
		q.Users[i] = &c
	}
	q.Codes = cloneCodes(p.Codes)
	q.Variables = make([]*Variable, len(p.Variables))
	for i, v := range p.Variables {
		c := *v
		q.Variables[i] = &c
	}
	q.Cases = make([]*Case, len(p.Cases))
	for i, cs := range p.Cases {
		c := *cs
		c.CodeRefs = slices.Clone(cs.CodeRefs)
		c.Values = slices.Clone(cs.Values)
		c.SourceRefs = slices.Clone(cs.SourceRefs)
		c.SelectionRefs = slices.Clone(cs.SelectionRefs)
		q.Cases[i] = &c
	}
	q.Sources = make([]Source, len(p.Sources))
	for i, s := range p.Sources {
		q.Sources[i] = cloneSource(s)
	}
	q.Notes = make([]*TextSource, len(p.Notes))
	for i, n := range p.Notes {
		q.Notes[i] = cloneText(n)
	}
	q.Links = make([]*Link, len(p.Links))
	for i, l := range p.Links {
		c := *l
		c.NoteRefs = slices.Clone(l.NoteRefs)
		q.Links[i] = &c
	}
	q.Sets = make([]*Set, len(p.Sets))
	for i, s := range p.Sets {
		c := *s
		c.MemberCodes = slices.Clone(s.MemberCodes)
		c.MemberSources = slices.Clone(s.MemberSources)
		c.MemberNotes = slices.Clone(s.MemberNotes)
		q.Sets[i] = &c
	}
	q.Graphs = make([]*Graph, len(p.Graphs))
	for i, g := range p.Graphs {
		c := *g
		c.Vertices = slices.Clone(g.Vertices)
		c.Edges = slices.Clone(g.Edges)
		q.Graphs[i] = &c
	}
	q.NoteRefs = slices.Clone(p.NoteRefs)
	return &q
}

func cloneCodes(cs []*Code) []*Code {
	out := make([]*Code, len(cs))
	for i, c := range cs {
		cc := *c
		cc.NoteRefs = slices.Clone(c.NoteRefs)
		cc.Children = cloneCodes(c.Children)
		out[i] = &cc
	}
	return out
}
