package refi

import (
	"cmp"
	"encoding/binary"
	"fmt"
	"math/bits"
	"runtime"
	"slices"
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
	s := string(g)
	if len(s) != 36 {
		s = strings.TrimSpace(s)
		if len(s) == 38 && s[0] == '{' {
			s = s[1:37]
		}
		if len(s) != 36 {
			return k, false
		}
	}
	if s[8] != '-' || s[13] != '-' || s[18] != '-' || s[23] != '-' {
		return k, false
	}
	// the 16 bytes are the digit pairs at these offsets of the 8-4-4-4-12 form
	bad := byte(0)
	for i, at := range guidPairs {
		hi, lo := hexValue[s[at]], hexValue[s[at+1]]
		bad |= hi | lo
		k[i] = hi<<4 | lo
	}
	return k, bad&0xF0 == 0
}

// guidPairs are the offsets of the digit pairs of a GUID's 8-4-4-4-12 form.
var guidPairs = [16]uint8{0, 2, 4, 6, 9, 11, 14, 16, 19, 21, 24, 26, 28, 30, 32, 34}

// hexValue is the value of a hex digit, and 0xF0 for any other byte.
var hexValue = func() (t [256]byte) {
	for c := range t {
		switch {
		case '0' <= c && c <= '9':
			t[c] = byte(c - '0')
		case 'a' <= c && c <= 'f':
			t[c] = byte(c - 'a' + 10)
		case 'A' <= c && c <= 'F':
			t[c] = byte(c - 'A' + 10)
		default:
			t[c] = 0xF0
		}
	}
	return t
}()

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
	ws   *warnings
	file string
	walk objectWalk
	path *pathStack         // the walk's
	ids  []keyKinds         // pass 1: the GUIDs and kinds of the objects, one each
	objs []keyKinds         // then: each GUID once, in order
	odd  map[string]objKind // identifiers that are not GUIDs
	dups map[guidKey]bool
	seen map[guidKey]int // for reporting duplicates on the second pass
	pass int
	held *heldWarnings // a part's warnings, when checked in parts

	buckets []int32   // where the GUIDs of each leading bits start in objs
	shift   uint      // hi >> shift is a GUID's bucket
	part    checkPart // the part, when checked in parts
}

func splitKey(k guidKey) (hi, lo uint64) {
	return binary.BigEndian.Uint64(k[:8]), binary.BigEndian.Uint64(k[8:])
}

// keyKinds is a GUID and what the checker knows of it.
type keyKinds struct {
	hi, lo uint64
	objKinds
}

// objKinds is what the checker knows of one GUID: the kinds of the objects
// that have it (a bit per kind) and how many have it.
type objKinds struct {
	kinds uint32
	n     uint32
}

// first returns the lowest kind among k's, or 0 when there is none.
func (k objKinds) first() objKind {
	if k.kinds == 0 {
		return 0
	}
	return objKind(bits.TrailingZeros32(k.kinds))
}

func (k objKinds) has(kind objKind) bool { return k.kinds&(1<<kind) != 0 }

// checkProject walks every object of a project in document order
// (objectWalk), twice: the checker records identifiers in pass 1 and checks
// references in pass 2. A large project is checked in parts, on as many
// goroutines as GOMAXPROCS allows, with the same result.
func checkProject(p *Project, ws *warnings, file string) {
	workers := 1
	if n := p.Counts(); n.Selections+n.Codings >= parallelCheckMin {
		workers = runtime.GOMAXPROCS(0)
	}
	checkProjectWith(p, ws, file, workers)
}

// parallelCheckMin is the number of selections and codings from which a
// project is checked in parts.
const parallelCheckMin = 20000

func checkProjectWith(p *Project, ws *warnings, file string, workers int) {
	c := &checker{ws: ws, file: file, odd: map[string]objKind{}}
	c.walk = objectWalk{id: c.id, ref: c.ref, caseDone: c.caseDone}
	c.path = &c.walk.path
	var parts []*checker
	if workers > 1 && len(p.Sources) > 1 {
		parts = c.pass1Parts(p, workers)
	} else {
		c.pass = 1
		c.walk.project(p)
		c.index()
	}
	c.bucket()
	// a GUID of two objects is a duplicate, unless the two are NVivo's case
	// that is also a code or ATLAS.ti's PDF area and text selection of one
	// passage
	c.dups = map[guidKey]bool{}
	caseCodes := 0
	for _, o := range c.objs {
		if o.n < 2 {
			continue
		}
		switch {
		case o.n == 2 && o.kinds == 1<<kCode|1<<kCase:
			caseCodes++
		case o.n == 2 && o.kinds == 1<<kSelection|1<<kPDFSelection:
		default:
			var k guidKey
			binary.BigEndian.PutUint64(k[:8], o.hi)
			binary.BigEndian.PutUint64(k[8:], o.lo)
			c.dups[k] = true
		}
	}
	if parts != nil && len(c.dups) == 0 {
		// no duplicate to report on the way: the references are checked in
		// parts too, each part's warnings kept until they are added in order
		c.pass2Parts(p, parts)
	} else {
		c.seen = map[guidKey]int{}
		c.pass = 2
		c.walk.project(p)
	}
	// NVivo's case-codes: report once.
	if caseCodes > 0 {
		ws.add(Warning{Code: WarnCaseCode, File: file, Message: fmt.Sprintf("%d cases are also codes with the same GUID (NVivo's convention); kept", caseCodes)})
	}
}

func pair(a, b, x, y objKind) bool { return a == x && b == y || a == y && b == x }

func (c *checker) warnf(code WarningCode, g GUID, attr, format string, args ...any) {
	if c.held != nil {
		c.held.addf(code, func() Warning {
			return Warning{File: c.file, Path: c.path.String(), GUID: g, Attr: attr, Message: fmt.Sprintf(format, args...)}
		})
		return
	}
	c.ws.addf(code, func() Warning {
		return Warning{File: c.file, Path: c.path.String(), GUID: g, Attr: attr, Message: fmt.Sprintf(format, args...)}
	})
}

// id records (pass 1) or checks for duplicates (pass 2) an object's GUID.
func (c *checker) id(g GUID, kind objKind) {
	if c.pass == 1 {
		if k, ok := keyOf(g); ok {
			hi, lo := splitKey(k)
			c.ids = append(c.ids, keyKinds{hi, lo, objKinds{1 << kind, 1}})
		} else {
			c.odd[strings.TrimSpace(string(g))] = kind
		}
		return
	}
	if len(c.dups) == 0 {
		return
	}
	if k, ok := keyOf(g); ok && c.dups[k] {
		c.seen[k]++
		if c.seen[k] == 2 {
			c.warnf(WarnDuplicateGUID, g, "guid", "GUID %s is used by more than one object", g)
		}
	}
}

// index sorts the GUIDs pass 1 found and merges repeats, in place.
func (c *checker) index() {
	sortIDs(c.ids)
	c.objs = mergeRepeats(c.ids)
	c.ids = nil
}

// mergeRepeats merges, in place, the entries of sorted ids that have the
// same GUID into one, with the kinds of all and their count, and returns
// the entries, each GUID once.
func mergeRepeats(ids []keyKinds) []keyKinds {
	w := 0
	for _, e := range ids {
		if w > 0 && ids[w-1].hi == e.hi && ids[w-1].lo == e.lo {
			ids[w-1].kinds |= e.kinds
			ids[w-1].n += e.n
			continue
		}
		ids[w] = e
		w++
	}
	return ids[:w]
}

// sortIDs sorts the GUIDs pass 1 found.
func sortIDs(ids []keyKinds) {
	slices.SortFunc(ids, func(a, b keyKinds) int {
		if a.hi != b.hi {
			return cmp.Compare(a.hi, b.hi)
		}
		return cmp.Compare(a.lo, b.lo)
	})
}

// lookup returns what is known of GUID k.
func (c *checker) lookup(k guidKey) objKinds {
	hi, lo := splitKey(k)
	i, j := 0, len(c.objs)
	if c.buckets != nil {
		b := hi >> c.shift
		i, j = int(c.buckets[b]), int(c.buckets[b+1])
	}
	for i < j {
		h := int(uint(i+j) >> 1)
		if o := &c.objs[h]; o.hi < hi || o.hi == hi && o.lo < lo {
			i = h + 1
		} else {
			j = h
		}
	}
	if i < len(c.objs) && c.objs[i].hi == hi && c.objs[i].lo == lo {
		return c.objs[i].objKinds
	}
	return objKinds{}
}

// bucket indexes the sorted GUIDs by their leading bits, about one GUID
// per bucket, so that a lookup searches a bucket, not the whole index (in
// a large project most of a binary search's steps miss the cache). GUIDs
// that are not random only make some buckets larger.
func (c *checker) bucket() {
	if len(c.objs) < 1024 {
		return
	}
	bitsN := min(bits.Len(uint(len(c.objs))), 24)
	c.shift = uint(64 - bitsN)
	c.buckets = make([]int32, 1<<bitsN+1)
	b := 0
	for i, o := range c.objs {
		for ob := int(o.hi >> c.shift); b <= ob; b++ {
			c.buckets[b] = int32(i)
		}
	}
	for ; b < len(c.buckets); b++ {
		c.buckets[b] = int32(len(c.objs))
	}
}

// find returns the kind of the object with GUID g (the lowest kind when
// several objects have it), or 0.
func (c *checker) find(g GUID) objKind {
	k, ok := keyOf(g)
	if !ok {
		return c.odd[strings.TrimSpace(string(g))]
	}
	return c.lookup(k).first()
}

// has reports whether an object of one of the kinds has GUID g; when none
// has, it returns the kind of an object that has it, or 0.
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
	o := c.lookup(k)
	for _, w := range kinds {
		if o.has(w) {
			return w, true
		}
	}
	return o.first(), false
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
