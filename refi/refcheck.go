package refi

import (
	"bytes"
	"fmt"
	"sort"
	"strconv"
	"strings"
)

// identity is one identified object: its GUID (as 16 bytes; an
// identifier that is not a GUID is keyed by GUIDFor of it), its kind, and
// its place among the objects of its kind in document order.
type identity struct {
	kind objKind
	ord  int32
}

// identities indexes the identified objects of a project by GUID: the
// first object of each GUID, and every object of a GUID several share.
type identities struct {
	first map[guidKey]identity
	more  map[guidKey][]identity // only GUIDs of more than one object
	n     [kText + 1]int32
}

func keyOrFor(g GUID) guidKey {
	if k, ok := keyOf(g); ok {
		return k
	}
	k, _ := keyOf(GUIDFor(string(g)))
	return k
}

func (ids *identities) add(g GUID, kind objKind) {
	key, id := keyOrFor(g), identity{kind, ids.n[kind]}
	ids.n[kind]++
	first, dup := ids.first[key]
	if !dup {
		ids.first[key] = id
		return
	}
	if ids.more[key] == nil {
		ids.more[key] = []identity{first}
	}
	ids.more[key] = append(ids.more[key], id)
}

// collectIdentities walks every object that has a GUID.
func collectIdentities(p *Project) *identities {
	ids := &identities{first: map[guidKey]identity{}, more: map[guidKey][]identity{}}
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
	first, ok := ids.first[k]
	if !ok {
		return identity{ord: -1}
	}
	for _, id := range ids.more[k] {
		for _, w := range kinds {
			if id.kind == w {
				return id
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
	for k, more := range ids.more {
		kinds := make([]objKind, len(more))
		for i, e := range more {
			kinds[i] = e.kind
		}
		if !(len(kinds) == 2 && (pair(kinds[0], kinds[1], kCode, kCase) || pair(kinds[0], kinds[1], kSelection, kPDFSelection))) {
			out[k] = kinds
		}
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

// ref is one reference of a project: where it is and what it names.
type ref struct {
	at     refPlace
	target GUID
	kinds  []objKind
}

// refPlace says where a reference is: a format with up to two indices and
// a name or GUID, rendered only for a message.
type refPlace struct {
	format string
	i, j   int
	name   string
}

func (r refPlace) String() string {
	switch strings.Count(r.format, "%") {
	case 1:
		if strings.Contains(r.format, "%q") || strings.Contains(r.format, "%s") {
			return fmt.Sprintf(r.format, r.name)
		}
		return fmt.Sprintf(r.format, r.i)
	case 2:
		if strings.Contains(r.format, "%q") || strings.Contains(r.format, "%s") {
			return fmt.Sprintf(r.format, r.i, r.name)
		}
		return fmt.Sprintf(r.format, r.i, r.j)
	}
	return r.format
}

var (
	kindsCode      = []objKind{kCode}
	kindsCodeCase  = []objKind{kCode, kCase}
	kindsVariable  = []objKind{kVariable}
	kindsSource    = []objKind{kSource}
	kindsSelection = []objKind{kSelection, kPDFSelection}
	kindsNote      = []objKind{kNote}
	kindsVertex    = []objKind{kVertex}
)

// eachRef calls fn for every reference of p in document order.
func eachRef(p *Project, fn func(r ref)) {
	at := func(format string, i, j int) refPlace { return refPlace{format: format, i: i, j: j} }
	for i, c := range p.Cases {
		for j, g := range c.CodeRefs {
			fn(ref{at("Cases[%d].CodeRefs[%d]", i, j), g, kindsCode})
		}
		for j := range c.Values {
			fn(ref{at("Cases[%d].Values[%d].Variable", i, j), c.Values[j].Variable, kindsVariable})
		}
		for j, g := range c.SourceRefs {
			fn(ref{at("Cases[%d].SourceRefs[%d]", i, j), g, kindsSource})
		}
		for j, g := range c.SelectionRefs {
			fn(ref{at("Cases[%d].SelectionRefs[%d]", i, j), g, kindsSelection})
		}
	}
	n := 0
	eachCoding(p, func(c *Coding, _ string) {
		n++
		fn(ref{refPlace{format: "coding %d (%s) CodeRef", i: n, name: string(c.GUID)}, c.Code, kindsCodeCase})
	})
	for i, s := range p.Sources {
		for j := range s.Base().Values {
			fn(ref{at("Sources[%d].Values[%d].Variable", i, j), s.Base().Values[j].Variable, kindsVariable})
		}
		for j, g := range s.Base().NoteRefs {
			fn(ref{at("Sources[%d].NoteRefs[%d]", i, j), g, kindsNote})
		}
	}
	for i, s := range p.Sets {
		for j, g := range s.MemberCodes {
			fn(ref{at("Sets[%d].MemberCodes[%d]", i, j), g, kindsCode})
		}
		for j, g := range s.MemberSources {
			fn(ref{at("Sets[%d].MemberSources[%d]", i, j), g, kindsSource})
		}
		for j, g := range s.MemberNotes {
			fn(ref{at("Sets[%d].MemberNotes[%d]", i, j), g, kindsNote})
		}
	}
	for i, l := range p.Links {
		fn(ref{at("Links[%d].Origin", i, 0), l.Origin, nil})
		fn(ref{at("Links[%d].Target", i, 0), l.Target, nil})
	}
	for i, g := range p.Graphs {
		for j := range g.Vertices {
			if r := g.Vertices[j].Represented; r != "" {
				fn(ref{at("Graphs[%d].Vertices[%d].Represented", i, j), r, nil})
			}
		}
		for j := range g.Edges {
			fn(ref{at("Graphs[%d].Edges[%d].SourceVertex", i, j), g.Edges[j].SourceVertex, kindsVertex})
			fn(ref{at("Graphs[%d].Edges[%d].TargetVertex", i, j), g.Edges[j].TargetVertex, kindsVertex})
		}
	}
	Walk(p.Codes, func(c *Code, _ []*Code) bool {
		for j, g := range c.NoteRefs {
			fn(ref{refPlace{format: "NoteRefs[%d] of the code %q", i: j, name: c.Name}, g, kindsNote})
		}
		return true
	})
	for j, g := range p.NoteRefs {
		fn(ref{at("Project.NoteRefs[%d]", j, 0), g, kindsNote})
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
	var ra []identity
	eachRef(a, func(r ref) { ra = append(ra, ia.resolve(r.target, r.kinds...)) })
	type mismatch struct {
		i    int
		x, y identity
	}
	var bad []mismatch
	n := 0
	eachRef(b, func(r ref) {
		if n < len(ra) && len(bad) < maxDifferences {
			if y := ib.resolve(r.target, r.kinds...); y != ra[n] {
				bad = append(bad, mismatch{n, ra[n], y})
			}
		}
		n++
	})
	if n != len(ra) || len(bad) == 0 {
		return nil // with other references, the field comparison says how they differ
	}
	// where they are, walking the references again
	out := make([]Difference, 0, len(bad))
	i, k := 0, 0
	eachRef(a, func(r ref) {
		if k < len(bad) && bad[k].i == i {
			out = append(out, Difference{Path: r.at.String() + " target", A: bad[k].x.describe(), B: bad[k].y.describe()})
			k++
		}
		i++
	})
	return out
}
