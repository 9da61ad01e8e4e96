package agreement

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"github.com/qdabridge/qdabridge/refi"
)

// text is one text compared: its size and, per code and coder (canonical
// GUIDs), the union of the coder's spans at the code.
type text struct {
	ref   refi.Ref
	size  int64
	spans func(code, coder refi.GUID) []span
	coded map[refi.GUID]bool // coders with a coding (at any code) in the text
}

// collection is what Compare needs from a project.
type collection struct {
	texts      []*text
	codings    map[refi.GUID]int // codings per coder
	order      []refi.GUID       // coders in the order first met
	codedCodes map[refi.GUID]bool
	skipped    []Skipped
	warnings   []string
}

// collect reads the texts of doc's sources and the codings of their
// selections.
func collect(doc *refi.Document, x *refi.Index) *collection {
	c := &collection{codings: map[refi.GUID]int{}, codedCodes: map[refi.GUID]bool{}}
	unattributed := 0
	for _, src := range doc.Project.Sources {
		b := src.Base()
		ref := refi.Ref{GUID: b.GUID, Name: b.Name}
		var ts *refi.TextSource
		switch s := src.(type) {
		case *refi.TextSource:
			ts = s
		case *refi.PDFSource:
			ts = s.Representation
		}
		if ts == nil {
			c.skipped = append(c.skipped, Skipped{Source: ref, Reason: "no text (" + src.Element() + ")"})
			continue
		}
		t, err := doc.Text(ts)
		if err != nil {
			c.skipped = append(c.skipped, Skipped{Source: ref, Reason: "its text cannot be read: " + err.Error()})
			continue
		}
		n := t.Len(doc.Project.Positions)
		if n == 0 {
			c.skipped = append(c.skipped, Skipped{Source: ref, Reason: "its text is empty"})
			continue
		}
		byKey := map[[2]refi.GUID][]span{}
		coded := map[refi.GUID]bool{}
		clipped := 0
		add := func(codings []refi.Coding, fallback refi.GUID, sp span) {
			for _, cd := range codings {
				if x.Case(cd.Code) != nil || x.Code(cd.Code) == nil {
					continue // a coding at a case, or at no code of the code book
				}
				coder := cd.CreatingUser
				if coder.IsZero() {
					coder = fallback
				}
				if coder.IsZero() {
					unattributed++
					continue
				}
				k := coder.Canonical()
				if c.codings[k] == 0 && !slices.Contains(c.order, k) {
					c.order = append(c.order, k)
				}
				c.codings[k]++
				coded[k] = true
				c.codedCodes[cd.Code.Canonical()] = true
				key := [2]refi.GUID{cd.Code.Canonical(), k}
				byKey[key] = append(byKey[key], sp)
			}
		}
		add(b.Codings, b.CreatingUser, span{0, n})
		for _, sel := range ts.Selections {
			if sel.Start < 0 || sel.End > n || sel.Start > sel.End {
				clipped++
			}
			add(sel.Codings, sel.CreatingUser, span{sel.Start, sel.End})
		}
		if clipped > 0 {
			c.warnings = append(c.warnings, fmt.Sprintf("%s: %d selections reach outside the text (%d characters) and were cut to it", b.Name, clipped, n))
		}
		for k, ss := range byKey {
			byKey[k] = union(ss, n)
		}
		c.texts = append(c.texts, &text{ref: ref, size: n, coded: coded,
			spans: func(code, coder refi.GUID) []span { return byKey[[2]refi.GUID{code, coder}] }})
	}
	if unattributed > 0 {
		c.warnings = append(c.warnings, fmt.Sprintf("%d codings have no coder and were left out", unattributed))
	}
	return c
}

// coderRef names the coder with canonical GUID g.
func coderRef(x *refi.Index, g refi.GUID) refi.Ref {
	if u := x.User(g); u != nil {
		return refi.Ref{GUID: u.GUID, Name: u.Name}
	}
	return refi.Ref{GUID: g, Name: string(g)}
}

// allCoders returns every coder with a coding, the most codings first.
func (c *collection) allCoders(x *refi.Index) []refi.Ref {
	order := slices.Clone(c.order)
	slices.SortStableFunc(order, func(a, b refi.GUID) int { return cmp.Compare(c.codings[b], c.codings[a]) })
	out := make([]refi.Ref, len(order))
	for i, g := range order {
		out[i] = coderRef(x, g)
	}
	return out
}

// chooseCoders returns the coders asked for, or the two with the most
// codings.
func chooseCoders(c *collection, x *refi.Index, asked []string) ([]refi.Ref, error) {
	all := c.allCoders(x)
	if len(asked) == 0 {
		if len(all) < 2 {
			return nil, fmt.Errorf("%w: the texts have codings by %s; agreement needs two coders", ErrCoders, describe(all))
		}
		return all[:2], nil
	}
	if len(asked) < 2 {
		return nil, fmt.Errorf("%w: give at least two coders (%d given)", ErrCoders, len(asked))
	}
	var out []refi.Ref
	for _, s := range asked {
		r, ok := findCoder(all, s)
		if !ok {
			return nil, fmt.Errorf("%w: coder %q (the coders with codings in the texts: %s)", ErrNotFound, s, describe(all))
		}
		if slices.ContainsFunc(out, func(o refi.Ref) bool { return o.GUID.Same(r.GUID) }) {
			return nil, fmt.Errorf("%w: %q is given twice", ErrCoders, s)
		}
		out = append(out, r)
	}
	return out, nil
}

// findCoder finds a coder by GUID or name (exactly first, then ignoring
// case).
func findCoder(all []refi.Ref, s string) (refi.Ref, bool) {
	for _, fold := range []bool{false, true} {
		for _, r := range all {
			if r.GUID.Same(refi.GUID(s)) || same(r.Name, s, fold) {
				return r, true
			}
		}
	}
	return refi.Ref{}, false
}

func describe(rs []refi.Ref) string {
	switch len(rs) {
	case 0:
		return "no coder"
	case 1:
		return "one coder only, " + rs[0].Name
	}
	names := make([]string, len(rs))
	for i, r := range rs {
		names[i] = r.Name
	}
	return strings.Join(names, ", ")
}
