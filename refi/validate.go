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
	walk   objectWalk
	path   *pathStack // the walk's
	objs   []objEntry
	odd    map[string]objKind // identifiers that are not GUIDs
	sorted bool
	dups   map[guidKey]bool
	seen   map[guidKey]int // for reporting duplicates on the second pass
	pass   int
}

// checkProject walks every object of a project in document order
// (objectWalk), twice: the checker records identifiers in pass 1 and checks
// references in pass 2.
func checkProject(p *Project, ws *warnings, file string) {
	c := &checker{ws: ws, file: file, odd: map[string]objKind{}}
	c.walk = objectWalk{id: c.id, ref: c.ref, caseDone: c.caseDone}
	c.path = &c.walk.path
	c.pass = 1
	c.walk.project(p)
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
	c.walk.project(p)
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

// ref checks (pass 2) that g names an object of one of the kinds, or of
// any kind when none is given. A coding's CodeRef that names a case is
// NVivo's way of assigning text to a case, noticed as such.
func (c *checker) ref(g GUID, attr, what string, kinds ...objKind) {
	if c.pass != 2 || g == "" {
		return
	}
	switch {
	case len(kinds) == 0:
		if c.find(g) == 0 {
			c.warnf(WarnDanglingRef, g, attr, "%s refers to %s, which is not in the project", attr, g)
		}
		return
	case attr == "CodeRef":
		if kind, ok := c.has(g, kCode); !ok && kind == kCase {
			c.warnf(WarnCaseCode, g, "CodeRef", "coding refers to case %s instead of a code (NVivo's way of assigning text to a case); kept", g)
			return
		}
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

// caseDone notices (pass 2) MAXQDA's nameless case for document
// variables.
func (c *checker) caseDone(cs *Case) {
	if c.pass == 2 && cs.Name == "" && len(cs.SourceRefs) == 1 {
		c.warnf(WarnDocumentVariables, cs.GUID, "", "a case without a name and with one source: MAXQDA's way of giving document variables; kept as a case")
	}
}

// checkCodebook runs the reference and duplicate checks on a codebook.
func checkCodebook(cb *codebook, ws *warnings, file string) {
	p := &Project{Codes: cb.Codes, Sets: cb.Sets}
	checkProject(p, ws, file)
}
