package refi

import "strings"

// Index looks up the objects of a project by GUID. GUIDs are compared in
// canonical form, so a reference written in upper case finds an object
// written in lower case. Build it with [NewIndex]; it does not follow later
// changes to the project.
type Index struct {
	codes     map[GUID]*Code
	parents   map[GUID]*Code
	cases     map[GUID]*Case
	sources   map[GUID]Source
	notes     map[GUID]*TextSource
	users     map[GUID]*User
	variables map[GUID]*Variable
}

// NewIndex indexes the codes, cases, sources, notes, users and variables of
// p. When two objects of a kind share a GUID, the first is kept.
func NewIndex(p *Project) *Index {
	x := &Index{codes: map[GUID]*Code{}, parents: map[GUID]*Code{}, cases: map[GUID]*Case{},
		sources: map[GUID]Source{}, notes: map[GUID]*TextSource{}, users: map[GUID]*User{}, variables: map[GUID]*Variable{}}
	walkCodes(p.Codes, func(c *Code, parents []*Code) bool {
		k := c.GUID.Canonical()
		if _, dup := x.codes[k]; !dup {
			x.codes[k] = c
			if len(parents) > 0 {
				x.parents[k] = parents[len(parents)-1]
			}
		}
		return true
	})
	for _, c := range p.Cases {
		if _, dup := x.cases[c.GUID.Canonical()]; !dup {
			x.cases[c.GUID.Canonical()] = c
		}
	}
	for _, s := range p.Sources {
		if _, dup := x.sources[s.Base().GUID.Canonical()]; !dup {
			x.sources[s.Base().GUID.Canonical()] = s
		}
	}
	for _, n := range p.Notes {
		if _, dup := x.notes[n.GUID.Canonical()]; !dup {
			x.notes[n.GUID.Canonical()] = n
		}
	}
	for _, u := range p.Users {
		if _, dup := x.users[u.GUID.Canonical()]; !dup {
			x.users[u.GUID.Canonical()] = u
		}
	}
	for _, v := range p.Variables {
		if _, dup := x.variables[v.GUID.Canonical()]; !dup {
			x.variables[v.GUID.Canonical()] = v
		}
	}
	return x
}

// Code returns the code with GUID g, or nil.
func (x *Index) Code(g GUID) *Code { return x.codes[g.Canonical()] }

// Parent returns the parent of the code with GUID g, or nil for a top-level
// code.
func (x *Index) Parent(g GUID) *Code { return x.parents[g.Canonical()] }

// CodePath returns the names of the code with GUID g and its ancestors, from
// the top of the tree, or nil when there is no such code.
func (x *Index) CodePath(g GUID) []string {
	c := x.Code(g)
	if c == nil {
		return nil
	}
	var path []string
	for c != nil {
		path = append(path, c.Name)
		c = x.Parent(c.GUID)
	}
	for i, j := 0, len(path)-1; i < j; i, j = i+1, j-1 {
		path[i], path[j] = path[j], path[i]
	}
	return path
}

// Case returns the case with GUID g, or nil.
func (x *Index) Case(g GUID) *Case { return x.cases[g.Canonical()] }

// Source returns the source with GUID g, or nil.
func (x *Index) Source(g GUID) Source { return x.sources[g.Canonical()] }

// Note returns the note with GUID g, or nil.
func (x *Index) Note(g GUID) *TextSource { return x.notes[g.Canonical()] }

// User returns the user with GUID g, or nil.
func (x *Index) User(g GUID) *User { return x.users[g.Canonical()] }

// Variable returns the variable with GUID g, or nil.
func (x *Index) Variable(g GUID) *Variable { return x.variables[g.Canonical()] }

// PathSeparator joins the names of a code path in [JoinPath]: " > ".
const PathSeparator = " > "

// JoinPath renders a code path as text, joining names with " > ". A name
// that itself contains ">" or "\" has them escaped with a backslash, so that
// [SplitPath] gives back the same names.
func JoinPath(path []string) string {
	var b strings.Builder
	for i, n := range path {
		if i > 0 {
			b.WriteString(PathSeparator)
		}
		for _, r := range n {
			if r == '>' || r == '\\' {
				b.WriteByte('\\')
			}
			b.WriteRune(r)
		}
	}
	return b.String()
}

// SplitPath is the inverse of [JoinPath]. White space around each name is
// kept except the single spaces of the separator.
func SplitPath(s string) []string {
	if s == "" {
		return nil
	}
	var out []string
	var cur strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '\\' && i+1 < len(s):
			i++
			cur.WriteByte(s[i])
		case c == '>':
			name := cur.String()
			name = strings.TrimSuffix(name, " ")
			out = append(out, name)
			cur.Reset()
			if i+1 < len(s) && s[i+1] == ' ' {
				i++
			}
		default:
			cur.WriteByte(c)
		}
	}
	return append(out, cur.String())
}
