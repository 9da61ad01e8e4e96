package refi

import (
	"bytes"
	"fmt"
	"strconv"
)

// applyExtPI reads the payload of a qdabridge-ext processing instruction
// (written by appendExtPayload) into *ext.
//
// The payload's extension elements may nest as deep as the document itself
// could below the element holding the instruction, and no deeper: what was
// kept as an extension where the reader found it reads back from the
// instruction the writer puts in the same element (or in an ancestor), and
// the nesting limit (Limits.MaxDepth) holds over the whole document,
// instructions included.
func (d *decoder) applyExtPI(ext **Extensions, data []byte) error {
	sub := newDecoder(newScanner(bytes.NewReader(data), int64(len(data))+1, d.piDepth()), d.file, &warnings{})
	sub.maxText = d.maxText
	k, err := sub.x.next()
	if err != nil {
		return err
	}
	if k != tokStart || string(sub.x.local) != "ext" {
		return fmt.Errorf("payload is not <ext>")
	}
	var got Extensions
	for {
		k, err := sub.x.next()
		if err != nil {
			return err
		}
		if k == tokEnd || k == tokEOF {
			break
		}
		if k != tokStart {
			continue
		}
		get := func(name string) string {
			for _, a := range sub.x.attrs {
				if a.space == "" && string(a.local) == name {
					return string(a.value)
				}
			}
			return ""
		}
		switch string(sub.x.local) {
		case "a":
			got.attrs = append(got.attrs, xmlAttr{Space: get("ns"), Prefix: get("p"), Name: get("n"), Value: get("v")})
			if err := sub.skipElement(); err != nil {
				return err
			}
		case "c":
			i, _ := strconv.Atoi(get("i"))
			got.childAttrs = append(got.childAttrs, childAttr{Child: get("child"), Index: i,
				xmlAttr: xmlAttr{Space: get("ns"), Prefix: get("p"), Name: get("n"), Value: get("v")}})
			if err := sub.skipElement(); err != nil {
				return err
			}
		case "e":
			for {
				k, err := sub.x.next()
				if err != nil {
					return err
				}
				if k == tokEnd {
					break
				}
				switch k {
				case tokStart:
					frag, err := sub.capture()
					if err != nil {
						return err
					}
					got.elems = append(got.elems, frag)
				case tokText:
					got.elems = append(got.elems, string(appendEscapedText(nil, sub.x.src.text())))
				}
			}
		default:
			if err := sub.skipElement(); err != nil {
				return err
			}
		}
	}
	e := extOf(ext)
	e.attrs = append(e.attrs, got.attrs...)
	e.elems = append(e.elems, got.elems...)
	e.childAttrs = append(e.childAttrs, got.childAttrs...)
	return nil
}

// piDepth is the nesting a qdabridge-ext payload read at the current
// element may have: what the document allows below it, plus the payload's
// <ext> and <e>.
func (d *decoder) piDepth() int {
	limit := d.maxDepth
	if limit <= 0 {
		limit = defaultMaxDepth + 1
	}
	return max(limit-d.x.depth, 0) + 2
}

// skipElement skips the content of the current element.
func (d *decoder) skipElement() error {
	depth := 1
	for depth > 0 {
		k, err := d.x.next()
		if err != nil {
			return err
		}
		switch k {
		case tokStart:
			depth++
		case tokEnd:
			depth--
		case tokEOF:
			return fmt.Errorf("%w: unexpected end", ErrSyntax)
		}
	}
	return nil
}

// applyIDsPI records the identifiers listed by a qdabridge-ids processing
// instruction.
func (d *decoder) applyIDsPI(data []byte) {
	sub := newDecoder(newScanner(bytes.NewReader(data), int64(len(data))+1, 8), d.file, &warnings{})
	sub.maxText = d.maxText
	inID := false
	for {
		k, err := sub.x.next()
		if err != nil || k == tokEOF {
			return
		}
		switch k {
		case tokStart:
			inID = string(sub.x.local) == "id"
			if inID {
				// an empty <id></id> stands for the empty identifier
				d.originalIDs = append(d.originalIDs, "")
			}
		case tokText:
			if inID {
				d.originalIDs[len(d.originalIDs)-1] += string(sub.x.src.text())
			}
		case tokEnd:
			inID = false
		}
	}
}

// idRestorer maps the GUIDs the writer derived from identifiers back to the
// identifiers.
func (d *decoder) idRestorer() func(g *GUID) bool {
	if len(d.originalIDs) == 0 {
		return nil
	}
	m := make(map[GUID]GUID, len(d.originalIDs))
	for _, id := range d.originalIDs {
		m[guidFor(id)] = GUID(id)
	}
	return func(g *GUID) bool {
		if id, ok := m[g.Canonical()]; ok {
			*g = id
		}
		return true
	}
}

func (d *decoder) restoreIDs(p *Project) {
	if fn := d.idRestorer(); fn != nil {
		forEachGUID(p, fn)
	}
}

func (d *decoder) restoreCodebookIDs(cb *codebook) {
	if fn := d.idRestorer(); fn != nil {
		forEachCodebookGUID(cb, fn)
	}
}

// forEachGUID calls fn with a pointer to every GUID field of p: identifiers
// and references alike. It stops when fn returns false.
func forEachGUID(p *Project, fn func(g *GUID) bool) {
	w := guidWalker{fn: fn}
	w.project(p)
}

func forEachCodebookGUID(cb *codebook, fn func(g *GUID) bool) {
	w := guidWalker{fn: fn}
	w.codes(cb.Codes)
	for _, s := range cb.Sets {
		w.set(s)
	}
}

type guidWalker struct {
	fn   func(*GUID) bool
	stop bool
}

func (w *guidWalker) g(gs ...*GUID) {
	for _, g := range gs {
		if w.stop {
			return
		}
		if !w.fn(g) {
			w.stop = true
		}
	}
}

func (w *guidWalker) list(gs []GUID) {
	for i := range gs {
		w.g(&gs[i])
	}
}

func (w *guidWalker) audit(a *Audit) { w.g(&a.CreatingUser, &a.ModifyingUser) }

func (w *guidWalker) project(p *Project) {
	w.audit(&p.Audit)
	for _, u := range p.Users {
		w.g(&u.GUID)
	}
	w.codes(p.Codes)
	for _, v := range p.Variables {
		w.g(&v.GUID)
	}
	for _, c := range p.Cases {
		w.g(&c.GUID)
		w.list(c.CodeRefs)
		w.values(c.Values)
		w.list(c.SourceRefs)
		w.list(c.SelectionRefs)
	}
	for _, s := range p.Sources {
		w.source(s)
	}
	for _, n := range p.Notes {
		w.textSource(n)
	}
	for _, l := range p.Links {
		w.g(&l.GUID, &l.Origin, &l.Target)
		w.list(l.NoteRefs)
	}
	for _, s := range p.Sets {
		w.set(s)
	}
	for _, gr := range p.Graphs {
		w.g(&gr.GUID)
		for i := range gr.Vertices {
			w.g(&gr.Vertices[i].GUID, &gr.Vertices[i].Represented)
		}
		for i := range gr.Edges {
			e := &gr.Edges[i]
			w.g(&e.GUID, &e.Represented, &e.SourceVertex, &e.TargetVertex)
		}
	}
	w.list(p.NoteRefs)
}

func (w *guidWalker) codes(cs []*Code) {
	for _, c := range cs {
		w.g(&c.GUID)
		w.list(c.NoteRefs)
		w.codes(c.Children)
	}
}

func (w *guidWalker) set(s *Set) {
	w.g(&s.GUID)
	w.list(s.MemberCodes)
	w.list(s.MemberSources)
	w.list(s.MemberNotes)
}

func (w *guidWalker) values(vs []VariableValue) {
	for i := range vs {
		w.g(&vs[i].Variable)
	}
}

func (w *guidWalker) codings(cs []Coding) {
	for i := range cs {
		c := &cs[i]
		w.g(&c.GUID, &c.Code, &c.CreatingUser)
		w.list(c.NoteRefs)
	}
}

func (w *guidWalker) selection(b *SelectionBase) {
	w.g(&b.GUID)
	w.audit(&b.Audit)
	w.codings(b.Codings)
	w.list(b.NoteRefs)
}

func (w *guidWalker) sourceBase(b *SourceBase) {
	w.g(&b.GUID)
	w.audit(&b.Audit)
	w.codings(b.Codings)
	w.list(b.NoteRefs)
	w.values(b.Values)
}

func (w *guidWalker) textSource(t *TextSource) {
	w.sourceBase(&t.SourceBase)
	for i := range t.Selections {
		w.selection(&t.Selections[i].SelectionBase)
	}
}

func (w *guidWalker) source(s Source) {
	switch s := s.(type) {
	case *TextSource:
		w.textSource(s)
	case *PictureSource:
		w.sourceBase(&s.SourceBase)
		if s.TextDescription != nil {
			w.textSource(s.TextDescription)
		}
		for i := range s.Selections {
			w.selection(&s.Selections[i].SelectionBase)
		}
	case *PDFSource:
		w.sourceBase(&s.SourceBase)
		for i := range s.Selections {
			w.selection(&s.Selections[i].SelectionBase)
			if s.Selections[i].Representation != nil {
				w.textSource(s.Selections[i].Representation)
			}
		}
		if s.Representation != nil {
			w.textSource(s.Representation)
		}
	case *AudioSource:
		w.media(&s.SourceBase, s.Transcripts, s.Selections)
	case *VideoSource:
		w.media(&s.SourceBase, s.Transcripts, s.Selections)
	}
}

func (w *guidWalker) media(b *SourceBase, ts []*Transcript, sels []MediaSelection) {
	w.sourceBase(b)
	for _, t := range ts {
		w.g(&t.GUID)
		w.audit(&t.Audit)
		for i := range t.SyncPoints {
			w.g(&t.SyncPoints[i].GUID)
		}
		for i := range t.Selections {
			sel := &t.Selections[i]
			w.selection(&sel.SelectionBase)
			w.g(&sel.FromSyncPoint, &sel.ToSyncPoint)
		}
		w.list(t.NoteRefs)
	}
	for i := range sels {
		w.selection(&sels[i].SelectionBase)
	}
}
