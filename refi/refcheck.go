package refi

import (
	"bytes"
	"fmt"
	"sort"
	"strconv"
)

// identity is one identified object: its GUID (as 16 bytes; an
// identifier that is not a GUID is keyed by GUIDFor of it), its kind, and
// its place among the objects of its kind in document order.
type identity struct {
	key  guidKey
	kind objKind
	ord  int
}

// identities lists the identified objects of a project, sorted by key.
type identities struct {
	list []identity
	n    [kText + 1]int
}

func keyOrFor(g GUID) guidKey {
	if k, ok := keyOf(g); ok {
		return k
	}
	k, _ := keyOf(GUIDFor(string(g)))
	return k
}

func (ids *identities) add(g GUID, kind objKind) {
	ids.list = append(ids.list, identity{keyOrFor(g), kind, ids.n[kind]})
	ids.n[kind]++
}

// collectIdentities walks every object that has a GUID.
func collectIdentities(p *Project) *identities {
	ids := &identities{}
	for _, u := range p.Users {
		ids.add(u.GUID, kUser)
	}
	Walk(p.Codes, func(c *Code, _ []*Code) bool { ids.add(c.GUID, kCode); return true })
	for _, v := range p.Variables {
		ids.add(v.GUID, kVariable)
	}
	for _, c := range p.Cases {
		ids.add(c.GUID, kCase)
	}
	text := func(t *TextSource, kind objKind) {
		if t == nil {
			return
		}
		ids.add(t.GUID, kind)
		for i := range t.Selections {
			ids.add(t.Selections[i].GUID, kSelection)
		}
	}
	for _, s := range p.Sources {
		ids.add(s.Base().GUID, kSource)
		switch s := s.(type) {
		case *TextSource:
			for i := range s.Selections {
				ids.add(s.Selections[i].GUID, kSelection)
			}
		case *PictureSource:
			text(s.TextDescription, kText)
			for i := range s.Selections {
				ids.add(s.Selections[i].GUID, kSelection)
			}
		case *PDFSource:
			for i := range s.Selections {
				ids.add(s.Selections[i].GUID, kPDFSelection)
				text(s.Selections[i].Representation, kText)
			}
			text(s.Representation, kText)
		case *AudioSource:
			mediaIDs(ids, s.Transcripts, s.Selections)
		case *VideoSource:
			mediaIDs(ids, s.Transcripts, s.Selections)
		}
	}
	eachCoding(p, func(c *Coding, _ string) { ids.add(c.GUID, kCoding) })
	for _, n := range p.Notes {
		text(n, kNote)
	}
	for _, l := range p.Links {
		ids.add(l.GUID, kLink)
	}
	for _, s := range p.Sets {
		ids.add(s.GUID, kSet)
	}
	for _, g := range p.Graphs {
		ids.add(g.GUID, kGraph)
		for i := range g.Vertices {
			ids.add(g.Vertices[i].GUID, kVertex)
		}
		for i := range g.Edges {
			ids.add(g.Edges[i].GUID, kEdge)
		}
	}
	sort.SliceStable(ids.list, func(i, j int) bool { return bytes.Compare(ids.list[i].key[:], ids.list[j].key[:]) < 0 })
	return ids
}

func mediaIDs(ids *identities, ts []*Transcript, sels []MediaSelection) {
	for _, t := range ts {
		ids.add(t.GUID, kTranscript)
		for i := range t.SyncPoints {
			ids.add(t.SyncPoints[i].GUID, kSyncPoint)
		}
		for i := range t.Selections {
			ids.add(t.Selections[i].GUID, kSelection)
		}
	}
	for i := range sels {
		ids.add(sels[i].GUID, kSelection)
	}
}

// resolve returns the object a reference to g names: the first of one of
// the kinds, else the first of any kind; ord -1 when none has that GUID.
func (ids *identities) resolve(g GUID, kinds ...objKind) identity {
	k := keyOrFor(g)
	i := sort.Search(len(ids.list), func(i int) bool { return bytes.Compare(ids.list[i].key[:], k[:]) >= 0 })
	first := identity{ord: -1}
	for ; i < len(ids.list) && ids.list[i].key == k; i++ {
		if first.ord < 0 {
			first = ids.list[i]
		}
		for _, w := range kinds {
			if ids.list[i].kind == w {
				return ids.list[i]
			}
		}
	}
	return first
}

// duplicates returns the GUIDs used by more than one object, leaving out
// the sharing real tools do on purpose (NVivo's case that is also a code,
// ATLAS.ti's PDF area and text selection of one passage): each with the
// kinds of the objects.
func (ids *identities) duplicates() map[guidKey][]objKind {
	out := map[guidKey][]objKind{}
	for i := 0; i < len(ids.list); {
		j := i + 1
		for j < len(ids.list) && ids.list[j].key == ids.list[i].key {
			j++
		}
		if j-i > 1 {
			var kinds []objKind
			for _, e := range ids.list[i:j] {
				kinds = append(kinds, e.kind)
			}
			if !(len(kinds) == 2 && (pair(kinds[0], kinds[1], kCode, kCase) || pair(kinds[0], kinds[1], kSelection, kPDFSelection))) {
				out[ids.list[i].key] = kinds
			}
		}
		i = j
	}
	return out
}

func kindList(kinds []objKind) string {
	var b bytes.Buffer
	for i, k := range kinds {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(kindNames[k])
	}
	return b.String()
}

func keyString(k guidKey) string {
	var b [16]byte
	copy(b[:], k[:])
	return formatGUID(b)
}

// identityDiffs returns the GUIDs b gives to more objects than a does
// (apart from the sharing real tools do on purpose), and the references
// whose target changed.
func identityDiffs(a, b *Project) []Difference {
	if a == nil || b == nil {
		return nil
	}
	ia, ib := collectIdentities(a), collectIdentities(b)
	da, db := ia.duplicates(), ib.duplicates()
	var out []Difference
	for k, kinds := range db {
		if len(kinds) > len(da[k]) {
			was := "one object"
			if n := len(da[k]); n > 1 {
				was = strconv.Itoa(n) + " objects (" + kindList(da[k]) + ")"
			}
			out = append(out, Difference{Path: "GUID " + keyString(k) + " is used by", A: was,
				B: strconv.Itoa(len(kinds)) + " objects (" + kindList(kinds) + ")"})
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Path < out[j].Path })
	return append(out, referenceChanges(a, b, ia, ib)...)
}

// ref is one reference of a project: where it is (rendered on demand)
// and what it names.
type ref struct {
	path   func() string
	target GUID
	kinds  []objKind
}

// eachRef calls fn for every reference of p in document order.
func eachRef(p *Project, fn func(r ref)) {
	at := func(format string, args ...any) func() string {
		return func() string { return fmt.Sprintf(format, args...) }
	}
	for i, c := range p.Cases {
		for j, g := range c.CodeRefs {
			fn(ref{at("Cases[%d].CodeRefs[%d]", i, j), g, []objKind{kCode}})
		}
		for j := range c.Values {
			fn(ref{at("Cases[%d].Values[%d].Variable", i, j), c.Values[j].Variable, []objKind{kVariable}})
		}
		for j, g := range c.SourceRefs {
			fn(ref{at("Cases[%d].SourceRefs[%d]", i, j), g, []objKind{kSource}})
		}
		for j, g := range c.SelectionRefs {
			fn(ref{at("Cases[%d].SelectionRefs[%d]", i, j), g, []objKind{kSelection, kPDFSelection}})
		}
	}
	n := 0
	eachCoding(p, func(c *Coding, in string) {
		k := n
		fn(ref{at("coding %d (%s) CodeRef", k+1, c.GUID), c.Code, []objKind{kCode, kCase}})
		n++
	})
	for i, s := range p.Sources {
		for j := range s.Base().Values {
			fn(ref{at("Sources[%d].Values[%d].Variable", i, j), s.Base().Values[j].Variable, []objKind{kVariable}})
		}
		for j, g := range s.Base().NoteRefs {
			fn(ref{at("Sources[%d].NoteRefs[%d]", i, j), g, []objKind{kNote}})
		}
	}
	for i, s := range p.Sets {
		for j, g := range s.MemberCodes {
			fn(ref{at("Sets[%d].MemberCodes[%d]", i, j), g, []objKind{kCode}})
		}
		for j, g := range s.MemberSources {
			fn(ref{at("Sets[%d].MemberSources[%d]", i, j), g, []objKind{kSource}})
		}
		for j, g := range s.MemberNotes {
			fn(ref{at("Sets[%d].MemberNotes[%d]", i, j), g, []objKind{kNote}})
		}
	}
	for i, l := range p.Links {
		fn(ref{at("Links[%d].Origin", i), l.Origin, nil})
		fn(ref{at("Links[%d].Target", i), l.Target, nil})
	}
	for i, g := range p.Graphs {
		for j := range g.Vertices {
			if r := g.Vertices[j].Represented; r != "" {
				fn(ref{at("Graphs[%d].Vertices[%d].Represented", i, j), r, nil})
			}
		}
		for j := range g.Edges {
			fn(ref{at("Graphs[%d].Edges[%d].SourceVertex", i, j), g.Edges[j].SourceVertex, []objKind{kVertex}})
			fn(ref{at("Graphs[%d].Edges[%d].TargetVertex", i, j), g.Edges[j].TargetVertex, []objKind{kVertex}})
		}
	}
	Walk(p.Codes, func(c *Code, _ []*Code) bool {
		for j, g := range c.NoteRefs {
			fn(ref{at("code %q NoteRefs[%d]", c.Name, j), g, []objKind{kNote}})
		}
		return true
	})
	for j, g := range p.NoteRefs {
		fn(ref{at("Project.NoteRefs[%d]", j), g, []objKind{kNote}})
	}
}

// describe names an object for a message: its kind and place.
func (id identity) describe() string {
	if id.ord < 0 {
		return "nothing"
	}
	return fmt.Sprintf("%s #%d", kindNames[id.kind], id.ord+1)
}

// referenceChanges compares where the references of a and b lead: a
// reference that named one object in a and names another (or nothing) in b
// has lost its target, even when the GUIDs read the same (two objects
// given one GUID). It compares only projects with the same references.
func referenceChanges(a, b *Project, ia, ib *identities) []Difference {
	type resolved struct {
		r  ref
		id identity
	}
	collect := func(p *Project, ids *identities) []resolved {
		var out []resolved
		eachRef(p, func(r ref) {
			out = append(out, resolved{r, ids.resolve(r.target, r.kinds...)})
		})
		return out
	}
	ra, rb := collect(a, ia), collect(b, ib)
	if len(ra) != len(rb) {
		return nil // the field comparison says how they differ
	}
	var out []Difference
	for i := range ra {
		x, y := ra[i].id, rb[i].id
		if x.kind != y.kind || x.ord != y.ord {
			out = append(out, Difference{Path: ra[i].r.path() + " target", A: x.describe(), B: y.describe()})
			if len(out) >= maxDifferences {
				break
			}
		}
	}
	return out
}
