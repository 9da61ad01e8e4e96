package refi

import (
	"bytes"
	"encoding/hex"
	"fmt"
	"sort"
	"strconv"
	"strings"
)

// objKind is the kind of an identified object, for reference checks.
type objKind uint8

const (
	kUser objKind = iota + 1
	kCode
	kVariable
	kCase
	kSource
	kSelection
	kPDFSelection
	kTranscript
	kSyncPoint
	kCoding
	kNote
	kLink
	kSet
	kGraph
	kVertex
	kEdge
	kText // a PDF representation or picture text description
)

var kindNames = [...]string{"", "user", "code", "variable", "case", "source", "selection", "PDF selection",
	"transcript", "sync point", "coding", "note", "link", "set", "graph", "vertex", "edge", "text"}

// guidKey is a GUID reduced to its 16 bytes (valid GUIDs only).
type guidKey [16]byte

func keyOf(g GUID) (guidKey, bool) {
	var k guidKey
	s := strings.TrimSpace(string(g))
	if len(s) == 38 && s[0] == '{' {
		s = s[1:37]
	}
	if !isGUIDShape(s) {
		return k, false
	}
	var buf [32]byte
	j := 0
	for i := 0; i < 36; i++ {
		if s[i] != '-' {
			buf[j] = s[i]
			j++
		}
	}
	if _, err := hex.Decode(k[:], buf[:]); err != nil {
		return k, false
	}
	return k, true
}

type objEntry struct {
	key  guidKey
	kind objKind
}

// pathStack renders element paths on demand.
type pathStack struct {
	names []string
	idx   []int
}

func (p *pathStack) push(name string, i int) {
	p.names = append(p.names, name)
	p.idx = append(p.idx, i)
}

func (p *pathStack) pop() {
	p.names = p.names[:len(p.names)-1]
	p.idx = p.idx[:len(p.idx)-1]
}

func (p *pathStack) String() string {
	var b strings.Builder
	b.WriteString("/Project")
	for i, n := range p.names {
		b.WriteByte('/')
		b.WriteString(n)
		if p.idx[i] > 0 {
			b.WriteByte('[')
			b.WriteString(strconv.Itoa(p.idx[i]))
			b.WriteByte(']')
		}
	}
	return b.String()
}

// checker runs the checks the schema cannot express: duplicate GUIDs and
// references to objects that do not exist.
type checker struct {
	ws     *warnings
	file   string
	path   pathStack
	objs   []objEntry
	odd    map[string]objKind // identifiers that are not GUIDs
	sorted bool
	dups   map[guidKey]bool
	seen   map[guidKey]int // for reporting duplicates on the second pass
	pass   int
}

// visitor walks every object of a project in document order, calling the
// checker for identifiers (pass 1) and references (pass 2).
func checkProject(p *Project, ws *warnings, file string) {
	c := &checker{ws: ws, file: file, odd: map[string]objKind{}}
	c.pass = 1
	c.walk(p)
	sort.Slice(c.objs, func(i, j int) bool {
		return bytes.Compare(c.objs[i].key[:], c.objs[j].key[:]) < 0
	})
	c.sorted = true
	c.dups = map[guidKey]bool{}
	for i := 1; i < len(c.objs); i++ {
		a, b := c.objs[i-1], c.objs[i]
		if a.key != b.key {
			continue
		}
		if pair(a.kind, b.kind, kCode, kCase) || pair(a.kind, b.kind, kSelection, kPDFSelection) {
			continue
		}
		c.dups[a.key] = true
	}
	c.seen = map[guidKey]int{}
	c.pass = 2
	c.walk(p)
	// NVivo's case-codes: report once.
	n := 0
	for i := 1; i < len(c.objs); i++ {
		if c.objs[i-1].key == c.objs[i].key && pair(c.objs[i-1].kind, c.objs[i].kind, kCode, kCase) {
			n++
		}
	}
	if n > 0 {
		ws.add(Warning{Code: WarnCaseCode, File: file, Message: fmt.Sprintf("%d cases are also codes with the same GUID (NVivo's convention); kept", n)})
	}
}

func pair(a, b, x, y objKind) bool { return a == x && b == y || a == y && b == x }

func (c *checker) warnf(code WarningCode, g GUID, attr, format string, args ...any) {
	c.ws.addf(code, func() Warning {
		return Warning{File: c.file, Path: c.path.String(), GUID: g, Attr: attr, Message: fmt.Sprintf(format, args...)}
	})
}

// id records (pass 1) or checks for duplicates (pass 2) an object's GUID.
func (c *checker) id(g GUID, kind objKind) {
	k, ok := keyOf(g)
	if c.pass == 1 {
		if ok {
			c.objs = append(c.objs, objEntry{k, kind})
		} else {
			c.odd[strings.TrimSpace(string(g))] = kind
		}
		return
	}
	if ok && c.dups[k] {
		c.seen[k]++
		if c.seen[k] == 2 {
			c.warnf(WarnDuplicateGUID, g, "guid", "GUID %s is used by more than one object", g)
		}
	}
}

// find returns the kind of the object with GUID g, or 0.
func (c *checker) find(g GUID) objKind {
	k, ok := keyOf(g)
	if !ok {
		return c.odd[strings.TrimSpace(string(g))]
	}
	i := sort.Search(len(c.objs), func(i int) bool { return bytes.Compare(c.objs[i].key[:], k[:]) >= 0 })
	if i < len(c.objs) && c.objs[i].key == k {
		// prefer a match of a commonly wanted kind among equal keys
		return c.objs[i].kind
	}
	return 0
}

func (c *checker) has(g GUID, kinds ...objKind) (objKind, bool) {
	k, ok := keyOf(g)
	if !ok {
		kind := c.odd[strings.TrimSpace(string(g))]
		for _, w := range kinds {
			if kind == w {
				return kind, true
			}
		}
		return kind, false
	}
	i := sort.Search(len(c.objs), func(i int) bool { return bytes.Compare(c.objs[i].key[:], k[:]) >= 0 })
	var found objKind
	for ; i < len(c.objs) && c.objs[i].key == k; i++ {
		found = c.objs[i].kind
		for _, w := range kinds {
			if found == w {
				return found, true
			}
		}
	}
	return found, false
}

// ref checks (pass 2) that g names an object of one of the kinds.
func (c *checker) ref(g GUID, attr, what string, kinds ...objKind) {
	if c.pass != 2 || g == "" {
		return
	}
	found, ok := c.has(g, kinds...)
	if ok {
		return
	}
	if found != 0 {
		c.warnf(WarnDanglingRef, g, attr, "%s refers to %s, which is a %s, not a %s", attr, g, kindNames[found], what)
		return
	}
	c.warnf(WarnDanglingRef, g, attr, "%s refers to %s, which is not in the project", attr, g)
}

func (c *checker) refs(gs []GUID, elem, what string, kinds ...objKind) {
	if c.pass != 2 {
		return
	}
	for i, g := range gs {
		c.path.push(elem, i+1)
		c.ref(g, "targetGUID", what, kinds...)
		c.path.pop()
	}
}

func (c *checker) users(a *Audit) {
	c.ref(a.CreatingUser, "creatingUser", "user", kUser)
	c.ref(a.ModifyingUser, "modifyingUser", "user", kUser)
}

func (c *checker) walk(p *Project) {
	c.ref(p.CreatingUser, "creatingUserGUID", "user", kUser)
	c.ref(p.ModifyingUser, "modifyingUserGUID", "user", kUser)
	for i, u := range p.Users {
		c.path.push("Users/User", i+1)
		c.id(u.GUID, kUser)
		c.path.pop()
	}
	c.codes(p.Codes, "CodeBook/Codes/Code")
	for i, v := range p.Variables {
		c.path.push("Variables/Variable", i+1)
		c.id(v.GUID, kVariable)
		c.path.pop()
	}
	for i, cs := range p.Cases {
		c.path.push("Cases/Case", i+1)
		c.id(cs.GUID, kCase)
		c.refs(cs.CodeRefs, "CodeRef", "code", kCode)
		c.values(cs.Values)
		c.refs(cs.SourceRefs, "SourceRef", "source", kSource)
		c.refs(cs.SelectionRefs, "SelectionRef", "selection", kSelection, kPDFSelection)
		if c.pass == 2 && cs.Name == "" && len(cs.SourceRefs) == 1 {
			c.warnf(WarnDocumentVariables, cs.GUID, "", "a case without a name and with one source: MAXQDA's way of giving document variables; kept as a case")
		}
		c.path.pop()
	}
	for i, s := range p.Sources {
		c.path.push("Sources/"+s.Kind(), i+1)
		c.source(s)
		c.path.pop()
	}
	for i, n := range p.Notes {
		c.path.push("Notes/Note", i+1)
		c.textSource(n, kNote)
		c.path.pop()
	}
	for i, l := range p.Links {
		c.path.push("Links/Link", i+1)
		c.id(l.GUID, kLink)
		c.anyRef(l.Origin, "originGUID")
		c.anyRef(l.Target, "targetGUID")
		c.refs(l.NoteRefs, "NoteRef", "note", kNote)
		c.path.pop()
	}
	for i, s := range p.Sets {
		c.path.push("Sets/Set", i+1)
		c.id(s.GUID, kSet)
		c.refs(s.MemberCodes, "MemberCode", "code", kCode)
		c.refs(s.MemberSources, "MemberSource", "source", kSource)
		c.refs(s.MemberNotes, "MemberNote", "note", kNote)
		c.path.pop()
	}
	for i, g := range p.Graphs {
		c.path.push("Graphs/Graph", i+1)
		c.id(g.GUID, kGraph)
		for j := range g.Vertices {
			v := &g.Vertices[j]
			c.path.push("Vertex", j+1)
			c.id(v.GUID, kVertex)
			c.anyRef(v.Represented, "representedGUID")
			c.path.pop()
		}
		for j := range g.Edges {
			e := &g.Edges[j]
			c.path.push("Edge", j+1)
			c.id(e.GUID, kEdge)
			c.anyRef(e.Represented, "representedGUID")
			c.ref(e.SourceVertex, "sourceVertex", "vertex", kVertex)
			c.ref(e.TargetVertex, "targetVertex", "vertex", kVertex)
			c.path.pop()
		}
		c.path.pop()
	}
	c.refs(p.NoteRefs, "NoteRef", "note", kNote)
}

func (c *checker) anyRef(g GUID, attr string) {
	if c.pass != 2 || g == "" {
		return
	}
	if c.find(g) == 0 {
		c.warnf(WarnDanglingRef, g, attr, "%s refers to %s, which is not in the project", attr, g)
	}
}

func (c *checker) codes(cs []*Code, elem string) {
	for i, code := range cs {
		c.path.push(elem, i+1)
		c.id(code.GUID, kCode)
		c.refs(code.NoteRefs, "NoteRef", "note", kNote)
		c.codes(code.Children, "Code")
		c.path.pop()
	}
}

func (c *checker) values(vs []VariableValue) {
	for i := range vs {
		c.path.push("VariableValue", i+1)
		c.ref(vs[i].Variable, "VariableRef", "variable", kVariable)
		c.path.pop()
	}
}

func (c *checker) codings(cs []Coding) {
	for i := range cs {
		cd := &cs[i]
		c.path.push("Coding", i+1)
		c.id(cd.GUID, kCoding)
		if c.pass == 2 {
			kind, ok := c.has(cd.Code, kCode)
			if !ok && kind == kCase {
				c.warnf(WarnCaseCode, cd.Code, "CodeRef", "coding refers to case %s instead of a code (NVivo's way of assigning text to a case); kept", cd.Code)
			} else if !ok {
				c.ref(cd.Code, "CodeRef", "code", kCode)
			}
			c.ref(cd.CreatingUser, "creatingUser", "user", kUser)
		}
		c.refs(cd.NoteRefs, "NoteRef", "note", kNote)
		c.path.pop()
	}
}

func (c *checker) selection(b *SelectionBase, elem string, i int, kind objKind) {
	c.path.push(elem, i+1)
	c.id(b.GUID, kind)
	if c.pass == 2 {
		c.users(&b.Audit)
	}
	c.codings(b.Codings)
	c.refs(b.NoteRefs, "NoteRef", "note", kNote)
}

func (c *checker) sourceBase(b *SourceBase, kind objKind) {
	c.id(b.GUID, kind)
	if c.pass == 2 {
		c.users(&b.Audit)
	}
	c.codings(b.Codings)
	c.refs(b.NoteRefs, "NoteRef", "note", kNote)
	c.values(b.Values)
}

func (c *checker) textSource(t *TextSource, kind objKind) {
	c.sourceBase(&t.SourceBase, kind)
	for i := range t.Selections {
		c.selection(&t.Selections[i].SelectionBase, "PlainTextSelection", i, kSelection)
		c.path.pop()
	}
}

// representation records a text inside another source: its GUID is not a
// source of its own (ATLAS.ti reuses it for the text file).
func (c *checker) representation(t *TextSource, elem string) {
	c.path.push(elem, 0)
	c.textSource(t, kText)
	c.path.pop()
}

func (c *checker) source(s Source) {
	switch s := s.(type) {
	case *TextSource:
		c.textSource(s, kSource)
	case *PictureSource:
		c.sourceBase(&s.SourceBase, kSource)
		if s.TextDescription != nil {
			c.representation(s.TextDescription, "TextDescription")
		}
		for i := range s.Selections {
			c.selection(&s.Selections[i].SelectionBase, "PictureSelection", i, kSelection)
			c.path.pop()
		}
	case *PDFSource:
		c.sourceBase(&s.SourceBase, kSource)
		for i := range s.Selections {
			sel := &s.Selections[i]
			c.selection(&sel.SelectionBase, "PDFSelection", i, kPDFSelection)
			if sel.Representation != nil {
				c.representation(sel.Representation, "Representation")
			}
			c.path.pop()
		}
		if s.Representation != nil {
			c.representation(s.Representation, "Representation")
		}
	case *AudioSource:
		c.media(&s.SourceBase, s.Transcripts, s.Selections, "AudioSelection")
	case *VideoSource:
		c.media(&s.SourceBase, s.Transcripts, s.Selections, "VideoSelection")
	}
}

func (c *checker) media(b *SourceBase, ts []*Transcript, sels []MediaSelection, selElem string) {
	c.sourceBase(b, kSource)
	for i, t := range ts {
		c.path.push("Transcript", i+1)
		c.id(t.GUID, kTranscript)
		if c.pass == 2 {
			c.users(&t.Audit)
		}
		for j := range t.SyncPoints {
			c.path.push("SyncPoint", j+1)
			c.id(t.SyncPoints[j].GUID, kSyncPoint)
			c.path.pop()
		}
		for j := range t.Selections {
			sel := &t.Selections[j]
			c.selection(&sel.SelectionBase, "TranscriptSelection", j, kSelection)
			c.ref(sel.FromSyncPoint, "fromSyncPoint", "sync point", kSyncPoint)
			c.ref(sel.ToSyncPoint, "toSyncPoint", "sync point", kSyncPoint)
			c.path.pop()
		}
		c.refs(t.NoteRefs, "NoteRef", "note", kNote)
		c.path.pop()
	}
	for i := range sels {
		c.selection(&sels[i].SelectionBase, selElem, i, kSelection)
		c.path.pop()
	}
}

// checkCodebook runs the reference and duplicate checks on a codebook.
func checkCodebook(cb *Codebook, ws *warnings, file string) {
	p := &Project{Codes: cb.Codes, Sets: cb.Sets}
	checkProject(p, ws, file)
}
