package refi

import (
	"bytes"
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/qdabridge/qdabridge/internal/guid"
)

// identity is one identified object: its GUID (as 16 bytes; an
// identifier that is not a GUID is keyed by guidFor of it), its kind, and
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
	k, _ := keyOf(guidFor(string(g)))
	return k
}

func (ids *identities) add(g GUID, kind objKind) {
	id := identity{kind, ids.n[kind]}
	ids.n[kind]++
	if strings.TrimSpace(string(g)) == "" {
		return // an empty GUID names nothing: no reference can lead to it
	}
	key := keyOrFor(g)
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

// collectIdentities indexes every object of p that has a GUID.
func collectIdentities(p *Project) *identities {
	n := p.Counts()
	ids := &identities{first: make(map[guidKey]identity, n.Selections+n.Codings+n.Codes+n.Cases+n.Sources+n.Notes+n.Users),
		more: map[guidKey][]identity{}}
	w := &objectWalk{id: ids.add, ref: func(GUID, string, string, ...objKind) {}}
	w.project(p)
	return ids
}

// resolve returns the object a reference to g names: the first of one of
// the kinds, else the first of any kind; ord -1 when none has that GUID.
func (ids *identities) resolve(g GUID, kinds ...objKind) identity {
	if strings.TrimSpace(string(g)) == "" {
		return identity{ord: -1} // no reference
	}
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
	return guid.Format(b)
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

// eachRef calls fn for every reference of p in document order, with the
// walk, whose path says where the reference is.
func eachRef(p *Project, fn func(w *objectWalk, target GUID, attr string, kinds []objKind)) {
	w := &objectWalk{id: func(GUID, objKind) {}}
	w.ref = func(g GUID, attr, _ string, kinds ...objKind) { fn(w, g, attr, kinds) }
	w.project(p)
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
	eachRef(a, func(_ *objectWalk, g GUID, _ string, kinds []objKind) { ra = append(ra, ia.resolve(g, kinds...)) })
	type mismatch struct {
		i    int
		x, y identity
	}
	var bad []mismatch
	n := 0
	eachRef(b, func(_ *objectWalk, g GUID, _ string, kinds []objKind) {
		if n < len(ra) && len(bad) < maxDifferences {
			if y := ib.resolve(g, kinds...); y != ra[n] {
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
	eachRef(a, func(w *objectWalk, _ GUID, attr string, _ []objKind) {
		if k < len(bad) && bad[k].i == i {
			out = append(out, Difference{Path: w.path.String() + " @" + attr + " target", A: bad[k].x.describe(), B: bad[k].y.describe()})
			k++
		}
		i++
	})
	return out
}
