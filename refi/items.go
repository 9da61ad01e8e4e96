package refi

// item is one countable item of a project, as a ledger sees it.
type item struct {
	kind    ItemKind
	element string // element name: "Code", "TextSource", "PlainTextSelection", ...
	name    string
	guid    GUID
	// key is the object itself (a pointer), as the writer meets it; nil for
	// selections and codings, which are values in slices that a conversion
	// may move: they are known by kind and GUID (see markKey).
	key any
}

// markKey identifies a selection or coding in the accounts of a write.
type markKey struct {
	kind ItemKind
	guid GUID // canonical
}

// keyOf returns the key under which the accounts know it.
func (it *item) keyOf() any {
	if it.key != nil {
		return it.key
	}
	return markKey{it.kind, it.guid.Canonical()}
}

// selKey and codingKey are the keys of a selection and a coding.
func selKey(b *SelectionBase) any { return markKey{ItemSelections, b.GUID.Canonical()} }
func codingKey(c *Coding) any     { return markKey{ItemCodings, c.GUID.Canonical()} }

// itemWalker calls fn for every item of a project (or part of one) in
// document order.
type itemWalker struct {
	fn func(item)
}

func (w *itemWalker) ext(e *Extensions, element string, guid GUID) {
	if e == nil {
		return
	}
	for i := range e.attrs {
		w.fn(item{kind: ItemExtensions, element: element, name: "@" + e.attrs[i].Name, guid: guid, key: e})
	}
	for _, el := range e.elems {
		w.fn(item{kind: ItemExtensions, element: element, name: extElementName(el), guid: guid, key: e})
	}
	for i := range e.childAttrs {
		w.fn(item{kind: ItemExtensions, element: element, name: e.childAttrs[i].Child + "/@" + e.childAttrs[i].Name, guid: guid, key: e})
	}
}

// extElementName gives the name of an extension fragment's root element,
// or "text" for stray character data.
func extElementName(frag string) string {
	if len(frag) < 2 || frag[0] != '<' {
		return "text"
	}
	end := 1
	for end < len(frag) && frag[end] != ' ' && frag[end] != '>' && frag[end] != '/' && frag[end] != '\n' && frag[end] != '\t' && frag[end] != '\r' {
		end++
	}
	return "<" + frag[1:end] + ">"
}

func (w *itemWalker) project(p *Project) {
	w.ext(p.Extensions, "Project", "")
	for _, u := range p.Users {
		w.user(u)
	}
	w.codes(p.Codes)
	for _, v := range p.Variables {
		w.variable(v)
	}
	for _, c := range p.Cases {
		w.caseItems(c)
	}
	for _, s := range p.Sources {
		w.source(s)
	}
	for _, n := range p.Notes {
		w.text(n, "Note")
	}
	for _, l := range p.Links {
		w.link(l)
	}
	for _, s := range p.Sets {
		w.set(s)
	}
	for _, g := range p.Graphs {
		w.graph(g)
	}
}

func (w *itemWalker) user(u *User) {
	w.fn(item{kind: ItemUsers, element: "User", name: u.Name, guid: u.GUID, key: u})
	w.ext(u.Extensions, "User", u.GUID)
}

func (w *itemWalker) variable(v *Variable) {
	w.fn(item{kind: ItemVariables, element: "Variable", name: v.Name, guid: v.GUID, key: v})
	w.ext(v.Extensions, "Variable", v.GUID)
}

func (w *itemWalker) link(l *Link) {
	w.fn(item{kind: ItemLinks, element: "Link", name: l.Name, guid: l.GUID, key: l})
	w.ext(l.Extensions, "Link", l.GUID)
}

func (w *itemWalker) codes(cs []*Code) {
	for _, c := range cs {
		w.fn(item{kind: ItemCodes, element: "Code", name: c.Name, guid: c.GUID, key: c})
		w.ext(c.Extensions, "Code", c.GUID)
		w.codes(c.Children)
	}
}

func (w *itemWalker) caseItems(c *Case) {
	w.fn(item{kind: ItemCases, element: "Case", name: c.Name, guid: c.GUID, key: c})
	w.ext(c.Extensions, "Case", c.GUID)
	w.values(c.Values, c.Name, c.GUID)
}

func (w *itemWalker) values(vs []VariableValue, owner string, guid GUID) {
	for i := range vs {
		w.fn(item{kind: ItemVariableValues, element: "VariableValue", name: owner, guid: guid, key: &vs[i]})
		w.ext(vs[i].Extensions, "VariableValue", guid)
	}
}

func (w *itemWalker) set(s *Set) {
	w.fn(item{kind: ItemSets, element: "Set", name: s.Name, guid: s.GUID, key: s})
	w.ext(s.Extensions, "Set", s.GUID)
}

func (w *itemWalker) graph(g *Graph) {
	w.fn(item{kind: ItemGraphs, element: "Graph", name: g.Name, guid: g.GUID, key: g})
	w.ext(g.Extensions, "Graph", g.GUID)
	for i := range g.Vertices {
		w.ext(g.Vertices[i].Extensions, "Vertex", g.Vertices[i].GUID)
	}
	for i := range g.Edges {
		w.ext(g.Edges[i].Extensions, "Edge", g.Edges[i].GUID)
	}
}

// source walks a source and everything in it.
func (w *itemWalker) source(s Source) {
	b := s.Base()
	switch s := s.(type) {
	case *TextSource:
		w.text(s, "TextSource")
		return
	case *PictureSource:
		w.fn(item{kind: ItemSources, element: "PictureSource", name: b.Name, guid: b.GUID, key: s})
		w.ext(b.Extensions, "PictureSource", b.GUID)
		if s.TextDescription != nil {
			w.text(s.TextDescription, "TextDescription")
		}
		for i := range s.Selections {
			w.selection(&s.Selections[i].SelectionBase, "PictureSelection")
		}
	case *PDFSource:
		w.fn(item{kind: ItemSources, element: "PDFSource", name: b.Name, guid: b.GUID, key: s})
		w.ext(b.Extensions, "PDFSource", b.GUID)
		for i := range s.Selections {
			w.selection(&s.Selections[i].SelectionBase, "PDFSelection")
			if r := s.Selections[i].Representation; r != nil {
				w.text(r, "Representation")
			}
		}
		if s.Representation != nil {
			w.text(s.Representation, "Representation")
		}
	case *AudioSource:
		w.media(s, "AudioSource", "AudioSelection", b, s.Transcripts, s.Selections)
	case *VideoSource:
		w.media(s, "VideoSource", "VideoSelection", b, s.Transcripts, s.Selections)
	}
	w.sourceTail(b)
}

func (w *itemWalker) media(s Source, elem, selElem string, b *SourceBase, ts []*Transcript, sels []MediaSelection) {
	w.fn(item{kind: ItemSources, element: elem, name: b.Name, guid: b.GUID, key: s})
	w.ext(b.Extensions, elem, b.GUID)
	for _, t := range ts {
		w.transcript(t)
	}
	for i := range sels {
		w.selection(&sels[i].SelectionBase, selElem)
	}
}

func (w *itemWalker) transcript(t *Transcript) {
	w.ext(t.Extensions, "Transcript", t.GUID)
	for i := range t.SyncPoints {
		w.ext(t.SyncPoints[i].Extensions, "SyncPoint", t.SyncPoints[i].GUID)
	}
	for i := range t.Selections {
		w.selection(&t.Selections[i].SelectionBase, "TranscriptSelection")
	}
}

// text walks a text: a TextSource or Note (an item itself), or a PDF
// representation or picture description (part of its source).
func (w *itemWalker) text(t *TextSource, elem string) {
	switch elem {
	case "TextSource":
		w.fn(item{kind: ItemSources, element: elem, name: t.Name, guid: t.GUID, key: t})
	case "Note":
		w.fn(item{kind: ItemNotes, element: elem, name: t.Name, guid: t.GUID, key: t})
	}
	w.ext(t.Extensions, elem, t.GUID)
	for i := range t.Selections {
		w.selection(&t.Selections[i].SelectionBase, "PlainTextSelection")
	}
	w.sourceTail(&t.SourceBase)
}

func (w *itemWalker) sourceTail(b *SourceBase) {
	for i := range b.Codings {
		w.coding(&b.Codings[i])
	}
	w.values(b.Values, b.Name, b.GUID)
}

func (w *itemWalker) selection(b *SelectionBase, elem string) {
	w.fn(item{kind: ItemSelections, element: elem, name: b.Name, guid: b.GUID})
	w.ext(b.Extensions, elem, b.GUID)
	for i := range b.Codings {
		w.coding(&b.Codings[i])
	}
}

func (w *itemWalker) coding(c *Coding) {
	w.fn(item{kind: ItemCodings, element: "Coding", guid: c.GUID})
	w.ext(c.Extensions, "Coding", c.GUID)
}

// eachItem calls fn for every item of p, in document order.
func eachItem(p *Project, fn func(item)) {
	(&itemWalker{fn: fn}).project(p)
}

// countInput returns a ledger with the input of every kind counted from p
// and no column filled.
func countInput(p *Project) *Ledger {
	l := NewLedger()
	eachItem(p, func(it item) { l.countIn(it) })
	return l
}

// countIn adds one item to the input of its kind (and element).
func (l *Ledger) countIn(it item) {
	r := &l.Rows[kindIndex(it.kind)]
	r.Input++
	if it.kind == ItemSources || it.kind == ItemSelections {
		r.part(it.element).Input++
	}
}

// put counts one item in column c (its input already counted).
func (l *Ledger) put(it item, c Column, why, newName string) {
	r := &l.Rows[kindIndex(it.kind)]
	r.Counts[c]++
	if it.kind == ItemSources || it.kind == ItemSelections {
		r.part(it.element).Counts[c]++
	}
	if c >= Renamed {
		r.listItem(LedgerItem{Column: c, Element: it.element, Name: it.name, GUID: it.guid, NewName: newName, Why: why})
	}
}

// countCodebook returns a ledger with the input of a codebook counted: its
// codes, sets and extensions.
func countCodebook(cb *codebook) *Ledger {
	l := NewLedger()
	w := &itemWalker{fn: l.countIn}
	w.ext(cb.Extensions, "CodeBook", "")
	w.codes(cb.Codes)
	for _, s := range cb.Sets {
		w.set(s)
	}
	return l
}
