package pseudonym

import (
	"fmt"

	"github.com/qdabridge/qdabridge/refi"
)

// strings replaces the originals in the names, descriptions and text
// values of the project.
func (a *applier) strings() {
	p := a.doc.Project
	a.replace(&p.Name, "name", "Project")
	a.replace(&p.Description, "description", "Project")
	for _, u := range p.Users {
		w := where("User", u.GUID)
		a.replace(&u.Name, "name", w)
		a.replace(&u.ID, "name", w)
	}
	a.codes(p.Codes)
	for _, v := range p.Variables {
		a.named(&v.Name, &v.Description, where("Variable", v.GUID))
	}
	for _, c := range p.Cases {
		w := where("Case", c.GUID)
		a.named(&c.Name, &c.Description, w)
		a.values(c.Values, w)
	}
	for _, s := range p.Sources {
		a.source(s)
	}
	for _, n := range p.Notes {
		a.text(n, "Note")
	}
	for _, s := range p.Sets {
		a.named(&s.Name, &s.Description, where("Set", s.GUID))
	}
	for _, l := range p.Links {
		a.replace(&l.Name, "name", where("Link", l.GUID))
	}
	for _, g := range p.Graphs {
		a.replace(&g.Name, "name", where("Graph", g.GUID))
		for i := range g.Vertices {
			a.replace(&g.Vertices[i].Name, "name", where("Vertex", g.Vertices[i].GUID))
		}
		for i := range g.Edges {
			a.replace(&g.Edges[i].Name, "name", where("Edge", g.Edges[i].GUID))
		}
	}
}

func where(kind string, g refi.GUID) string { return fmt.Sprintf("%s %s", kind, g) }

func (a *applier) named(name, desc *string, w string) {
	a.replace(name, "name", w)
	a.replace(desc, "description", w)
}

func (a *applier) codes(cs []*refi.Code) {
	for _, c := range cs {
		a.named(&c.Name, &c.Description, where("Code", c.GUID))
		a.codes(c.Children)
	}
}

func (a *applier) values(vs []refi.VariableValue, w string) {
	for i := range vs {
		if vs[i].Type == refi.VarText || vs[i].Type == "" {
			a.replace(&vs[i].Value, "value", fmt.Sprintf("%s value of %s", w, vs[i].Variable))
		}
	}
}

func (a *applier) selection(b *refi.SelectionBase) {
	a.named(&b.Name, &b.Description, where("Selection", b.GUID))
}

// text replaces in the names of a text source (or note, representation,
// description) and of its selections.
func (a *applier) text(t *refi.TextSource, kind string) {
	if t == nil {
		return
	}
	w := where(kind, t.GUID)
	a.named(&t.Name, &t.Description, w)
	a.values(t.Values, w)
	for i := range t.Selections {
		a.selection(&t.Selections[i].SelectionBase)
	}
}

func (a *applier) source(s refi.Source) {
	b := s.Base()
	switch s := s.(type) {
	case *refi.TextSource:
		a.text(s, s.Element())
		return
	case *refi.PictureSource:
		a.text(s.TextDescription, "TextDescription")
		for i := range s.Selections {
			a.selection(&s.Selections[i].SelectionBase)
		}
	case *refi.PDFSource:
		a.text(s.Representation, "Representation")
		for i := range s.Selections {
			a.selection(&s.Selections[i].SelectionBase)
			a.text(s.Selections[i].Representation, "Representation")
		}
	case *refi.AudioSource:
		a.media(s.Transcripts, s.Selections)
	case *refi.VideoSource:
		a.media(s.Transcripts, s.Selections)
	}
	w := where(s.Element(), b.GUID)
	a.named(&b.Name, &b.Description, w)
	a.values(b.Values, w)
}

func (a *applier) media(ts []*refi.Transcript, sels []refi.MediaSelection) {
	for _, t := range ts {
		a.named(&t.Name, &t.Description, where("Transcript", t.GUID))
		for i := range t.Selections {
			a.selection(&t.Selections[i].SelectionBase)
		}
	}
	for i := range sels {
		a.selection(&sels[i].SelectionBase)
	}
}
