package refi

// objectWalk visits every object of a project that has a GUID and every
// reference it holds, in document order, keeping the element path of what
// it visits. The reader's checks (duplicate GUIDs, dangling references)
// and Diff's comparison of where references lead both walk a project with
// it.
type objectWalk struct {
	path pathStack
	// id is told of every object that has a GUID, with its kind.
	id func(g GUID, kind objKind)
	// ref is told of every reference: its attribute (targetGUID for a
	// reference element), what it should name (for messages) and the kinds
	// it may name; no kinds for a reference to an object of any kind.
	ref func(g GUID, attr, what string, kinds ...objKind)
	// caseDone, when set, is told of each case once its references are
	// visited (its path still current).
	caseDone func(cs *Case)
}

func (w *objectWalk) refs(gs []GUID, elem, what string, kinds ...objKind) {
	for i, g := range gs {
		w.path.push(elem, i+1)
		w.ref(g, "targetGUID", what, kinds...)
		w.path.pop()
	}
}

func (w *objectWalk) users(a *Audit) {
	w.ref(a.CreatingUser, "creatingUser", "user", kUser)
	w.ref(a.ModifyingUser, "modifyingUser", "user", kUser)
}

func (w *objectWalk) project(p *Project) {
	w.head(p)
	w.sources(p, 0, len(p.Sources))
	w.tail(p)
}

// head visits what comes before the sources: the project's own
// references, users, codes, variables and cases.
func (w *objectWalk) head(p *Project) {
	w.ref(p.CreatingUser, "creatingUserGUID", "user", kUser)
	w.ref(p.ModifyingUser, "modifyingUserGUID", "user", kUser)
	for i, u := range p.Users {
		w.path.push("Users/User", i+1)
		w.id(u.GUID, kUser)
		w.path.pop()
	}
	w.codes(p.Codes, "CodeBook/Codes/Code")
	for i, v := range p.Variables {
		w.path.push("Variables/Variable", i+1)
		w.id(v.GUID, kVariable)
		w.path.pop()
	}
	for i, cs := range p.Cases {
		w.path.push("Cases/Case", i+1)
		w.id(cs.GUID, kCase)
		w.refs(cs.CodeRefs, "CodeRef", "code", kCode)
		w.values(cs.Values)
		w.refs(cs.SourceRefs, "SourceRef", "source", kSource)
		w.refs(cs.SelectionRefs, "SelectionRef", "selection", kSelection, kPDFSelection)
		if w.caseDone != nil {
			w.caseDone(cs)
		}
		w.path.pop()
	}
}

// sources visits the sources from index from to index to.
func (w *objectWalk) sources(p *Project, from, to int) {
	for i, s := range p.Sources[from:to] {
		w.path.push("Sources/"+s.Element(), from+i+1)
		w.source(s)
		w.path.pop()
	}
}

// tail visits what comes after the sources: notes, links, sets, graphs
// and the project's note references.
func (w *objectWalk) tail(p *Project) {
	for i, n := range p.Notes {
		w.path.push("Notes/Note", i+1)
		w.textSource(n, kNote)
		w.path.pop()
	}
	for i, l := range p.Links {
		w.path.push("Links/Link", i+1)
		w.id(l.GUID, kLink)
		w.ref(l.Origin, "originGUID", "")
		w.ref(l.Target, "targetGUID", "")
		w.refs(l.NoteRefs, "NoteRef", "note", kNote)
		w.path.pop()
	}
	for i, s := range p.Sets {
		w.path.push("Sets/Set", i+1)
		w.id(s.GUID, kSet)
		w.refs(s.MemberCodes, "MemberCode", "code", kCode)
		w.refs(s.MemberSources, "MemberSource", "source", kSource)
		w.refs(s.MemberNotes, "MemberNote", "note", kNote)
		w.path.pop()
	}
	for i, g := range p.Graphs {
		w.path.push("Graphs/Graph", i+1)
		w.id(g.GUID, kGraph)
		for j := range g.Vertices {
			v := &g.Vertices[j]
			w.path.push("Vertex", j+1)
			w.id(v.GUID, kVertex)
			w.ref(v.Represented, "representedGUID", "")
			w.path.pop()
		}
		for j := range g.Edges {
			e := &g.Edges[j]
			w.path.push("Edge", j+1)
			w.id(e.GUID, kEdge)
			w.ref(e.Represented, "representedGUID", "")
			w.ref(e.SourceVertex, "sourceVertex", "vertex", kVertex)
			w.ref(e.TargetVertex, "targetVertex", "vertex", kVertex)
			w.path.pop()
		}
		w.path.pop()
	}
	w.refs(p.NoteRefs, "NoteRef", "note", kNote)
}

func (w *objectWalk) codes(cs []*Code, elem string) {
	for i, code := range cs {
		w.path.push(elem, i+1)
		w.id(code.GUID, kCode)
		w.refs(code.NoteRefs, "NoteRef", "note", kNote)
		w.codes(code.Children, "Code")
		w.path.pop()
	}
}

func (w *objectWalk) values(vs []VariableValue) {
	for i := range vs {
		w.path.push("VariableValue", i+1)
		w.ref(vs[i].Variable, "VariableRef", "variable", kVariable)
		w.path.pop()
	}
}

func (w *objectWalk) codings(cs []Coding) {
	for i := range cs {
		cd := &cs[i]
		w.path.push("Coding", i+1)
		w.id(cd.GUID, kCoding)
		w.ref(cd.Code, "CodeRef", "code", kCode)
		w.ref(cd.CreatingUser, "creatingUser", "user", kUser)
		w.refs(cd.NoteRefs, "NoteRef", "note", kNote)
		w.path.pop()
	}
}

// selection visits a selection, leaving its path pushed for the caller to
// add what its kind has and pop.
func (w *objectWalk) selection(b *SelectionBase, elem string, i int, kind objKind) {
	w.path.push(elem, i+1)
	w.id(b.GUID, kind)
	w.users(&b.Audit)
	w.codings(b.Codings)
	w.refs(b.NoteRefs, "NoteRef", "note", kNote)
}

func (w *objectWalk) sourceBase(b *SourceBase, kind objKind) {
	w.id(b.GUID, kind)
	w.users(&b.Audit)
	w.codings(b.Codings)
	w.refs(b.NoteRefs, "NoteRef", "note", kNote)
	w.values(b.Values)
}

func (w *objectWalk) textSource(t *TextSource, kind objKind) {
	w.sourceBase(&t.SourceBase, kind)
	for i := range t.Selections {
		w.selection(&t.Selections[i].SelectionBase, "PlainTextSelection", i, kSelection)
		w.path.pop()
	}
}

// representation visits a text inside another source: its GUID is not a
// source of its own (ATLAS.ti reuses it for the text file).
func (w *objectWalk) representation(t *TextSource, elem string) {
	w.path.push(elem, 0)
	w.textSource(t, kText)
	w.path.pop()
}

func (w *objectWalk) source(s Source) {
	switch s := s.(type) {
	case *TextSource:
		w.textSource(s, kSource)
	case *PictureSource:
		w.sourceBase(&s.SourceBase, kSource)
		if s.TextDescription != nil {
			w.representation(s.TextDescription, "TextDescription")
		}
		for i := range s.Selections {
			w.selection(&s.Selections[i].SelectionBase, "PictureSelection", i, kSelection)
			w.path.pop()
		}
	case *PDFSource:
		w.sourceBase(&s.SourceBase, kSource)
		for i := range s.Selections {
			sel := &s.Selections[i]
			w.selection(&sel.SelectionBase, "PDFSelection", i, kPDFSelection)
			if sel.Representation != nil {
				w.representation(sel.Representation, "Representation")
			}
			w.path.pop()
		}
		if s.Representation != nil {
			w.representation(s.Representation, "Representation")
		}
	case *AudioSource:
		w.media(&s.SourceBase, s.Transcripts, s.Selections, "AudioSelection")
	case *VideoSource:
		w.media(&s.SourceBase, s.Transcripts, s.Selections, "VideoSelection")
	}
}

func (w *objectWalk) media(b *SourceBase, ts []*Transcript, sels []MediaSelection, selElem string) {
	w.sourceBase(b, kSource)
	for i, t := range ts {
		w.path.push("Transcript", i+1)
		w.id(t.GUID, kTranscript)
		w.users(&t.Audit)
		for j := range t.SyncPoints {
			w.path.push("SyncPoint", j+1)
			w.id(t.SyncPoints[j].GUID, kSyncPoint)
			w.path.pop()
		}
		for j := range t.Selections {
			sel := &t.Selections[j]
			w.selection(&sel.SelectionBase, "TranscriptSelection", j, kSelection)
			w.ref(sel.FromSyncPoint, "fromSyncPoint", "sync point", kSyncPoint)
			w.ref(sel.ToSyncPoint, "toSyncPoint", "sync point", kSyncPoint)
			w.path.pop()
		}
		w.refs(t.NoteRefs, "NoteRef", "note", kNote)
		w.path.pop()
	}
	for i := range sels {
		w.selection(&sels[i].SelectionBase, selElem, i, kSelection)
		w.path.pop()
	}
}
