package merge

import (
	"errors"
	"fmt"
	"strings"

	"github.com/qdabridge/qdabridge/internal/guid"
	"github.com/qdabridge/qdabridge/internal/memfs"
	"github.com/qdabridge/qdabridge/refi"
)

// Projects merges docs, in order, into one project, by the rules the
// package documentation gives, and says what it did. The inputs are not
// changed (the merged project shares no element with them that it
// changes). It fails when there is no input or an input has no project,
// when a text cannot be read (a missing text file is not an error: the
// source is carried as it is and reported), and when a selection's
// positions are outside its text and so cannot be converted or remapped.
func Projects(docs []*refi.Document, opt Options) (*Result, error) {
	if len(docs) == 0 {
		return nil, errors.New("merge: no project to merge")
	}
	for i, d := range docs {
		if d == nil || d.Project == nil {
			return nil, fmt.Errorf("merge: input %d has no project", i+1)
		}
	}
	if opt.MinSimilarity == 0 {
		opt.MinSimilarity = defaultMinSimilarity
	}
	first := docs[0].Project
	p := &refi.Project{Name: first.Name, Origin: first.Origin, BasePath: first.BasePath, Audit: first.Audit,
		Description: first.Description, Positions: first.Positions}
	if opt.Name != "" {
		p.Name = opt.Name
	}
	m := &merger{opt: opt, p: p, used: map[refi.GUID]bool{}, files: memfs.FS{},
		users: map[string]*refi.User{}, codes: map[string]*refi.Code{}, vars: map[string]*refi.Variable{},
		cases: map[string]*refi.Case{}, owner: map[string]int{}, codeIn: map[string]map[int]bool{}, ledger: refi.NewLedger(), res: &Result{Positions: first.Positions}}
	for i, d := range docs {
		if err := m.input(i, d); err != nil {
			return nil, err
		}
	}
	for _, path := range m.codeOrder {
		if in := m.codeIn[path]; len(in) == 1 && len(docs) > 1 {
			for i := range in {
				m.res.Inputs[i].OnlyCodes = append(m.res.Inputs[i].OnlyCodes, path)
			}
		}
	}
	m.res.Ledger = m.ledger
	m.res.Document = refi.NewDocument(p, m.files)
	return m.res, nil
}

// merger holds the merged project and the indexes of its items.
type merger struct {
	opt   Options
	p     *refi.Project
	used  map[refi.GUID]bool // canonical GUIDs in the merged project
	files memfs.FS           // the merged project's files, as sources/NAME

	users     map[string]*refi.User     // by name
	codes     map[string]*refi.Code     // by path
	vars      map[string]*refi.Variable // by name and type
	cases     map[string]*refi.Case     // by name
	owner     map[string]int            // the input each indexed item came from
	codeIn    map[string]map[int]bool   // the inputs each code path is in
	codeOrder []string
	srcs      []*source // merged text sources and notes, in order
	others    []*other  // merged picture, PDF, audio and video sources

	ledger *refi.Ledger
	res    *Result

	// per input
	in      int
	doc     *refi.Document
	ids     map[refi.GUID]refi.GUID // the input's GUIDs (canonical) to the merged ones
	dropped map[refi.GUID]bool      // the input's selections dropped
	rep     *Input
	from    refi.Positions
}

// earlier reports whether the item of kind called key in the merged
// project came from an earlier input (items of one input are never merged
// with each other).
func (m *merger) earlier(kind, key string) bool {
	in, ok := m.owner[kind+"\x00"+key]
	return ok && in < m.in
}

// guid returns g if no item of the merged project has it yet, and
// otherwise one derived from g and the input (a version 5 GUID, so that
// merging the same inputs twice gives the same project), and marks the one
// returned as taken.
func (m *merger) guid(g refi.GUID) refi.GUID {
	orig := g
	for n := 0; g.IsZero() || m.used[g.Canonical()]; n++ {
		g = refi.GUID(guid.For(fmt.Sprintf("merge:%d:%d:%s", m.in, n, orig.Canonical())))
	}
	m.used[g.Canonical()] = true
	return g
}

// ref maps a GUID of the current input to the merged project's; a GUID
// the merge did not see is kept as it is.
func (m *merger) ref(g refi.GUID) refi.GUID {
	if g.IsZero() {
		return g
	}
	if n, ok := m.ids[g.Canonical()]; ok {
		return n
	}
	return g
}

// refs maps GUIDs of the current input as ref does, leaving out those of
// selections the merge dropped.
func (m *merger) refs(gs []refi.GUID) []refi.GUID {
	if gs == nil {
		return nil
	}
	out := make([]refi.GUID, 0, len(gs))
	for _, g := range gs {
		if !m.dropped[g.Canonical()] {
			out = append(out, m.ref(g))
		}
	}
	return out
}

// union adds to dst the GUIDs of add it lacks.
func union(dst, add []refi.GUID) []refi.GUID {
	have := map[refi.GUID]bool{}
	for _, g := range dst {
		have[g.Canonical()] = true
	}
	for _, g := range add {
		if !have[g.Canonical()] {
			have[g.Canonical()] = true
			dst = append(dst, g)
		}
	}
	return dst
}

func (m *merger) conflict(kind, name, format string, args ...any) {
	m.res.Conflicts = append(m.res.Conflicts, Conflict{Input: m.in, Kind: kind, Name: name, Detail: fmt.Sprintf(format, args...)})
}

// count counts one item of kind k of the current input in column c.
func (m *merger) count(k refi.ItemKind, element string, c refi.Column, n int, name string, g refi.GUID, why string) {
	var it *refi.LedgerItem
	if c >= refi.Renamed {
		it = &refi.LedgerItem{Name: name, GUID: g, Why: why}
		if c == refi.Renamed {
			it.NewName = why
			it.Why = "kept apart from another input's item of the same name"
		}
	}
	m.ledger.Add(k, element, c, n, it)
}

func (m *merger) input(i int, d *refi.Document) error {
	m.in, m.doc, m.ids, m.dropped = i, d, map[refi.GUID]refi.GUID{}, map[refi.GUID]bool{}
	q := d.Project
	m.res.Inputs = append(m.res.Inputs, Input{Name: q.Name, Positions: q.Positions, Converted: q.Positions != m.p.Positions})
	m.rep = &m.res.Inputs[i]
	m.from = q.Positions
	m.mergeUsers(q.Users)
	for _, c := range q.Codes {
		m.mergeCode(c, "", nil)
	}
	m.mergeVariables(q.Variables)
	m.matchCases(q.Cases)
	for _, n := range q.Notes {
		if err := m.mergeNote(n); err != nil {
			return err
		}
	}
	for _, c := range q.Codes {
		m.codeNotes(c, "")
	}
	for _, s := range q.Sources {
		if err := m.mergeSource(s); err != nil {
			return err
		}
	}
	m.fillCases(q.Cases)
	m.mergeSets(q.Sets)
	m.mergeLinks(q.Links)
	m.mergeGraphs(q.Graphs)
	m.p.NoteRefs = union(m.p.NoteRefs, m.refs(q.NoteRefs))
	return nil
}

func (m *merger) mergeUsers(us []*refi.User) {
	for _, u := range us {
		if have, ok := m.users[u.Name]; ok && m.earlier("user", u.Name) && (have.ID == "" || u.ID == "" || have.ID == u.ID) {
			m.ids[u.GUID.Canonical()] = have.GUID
			m.rep.Matched.Users++
			m.count(refi.ItemUsers, "", refi.Moved, 1, "", "", "")
			continue
		}
		n := *u
		n.GUID = m.guid(u.GUID)
		m.ids[u.GUID.Canonical()] = n.GUID
		if _, ok := m.users[u.Name]; !ok {
			m.users[u.Name] = &n
			m.owner["user\x00"+u.Name] = m.in
		}
		m.p.Users = append(m.p.Users, &n)
		m.rep.Added.Users++
		if m.in > 0 {
			m.rep.Unmatched = append(m.rep.Unmatched, "user "+u.Name)
		}
		m.count(refi.ItemUsers, "", refi.Kept, 1, "", "", "")
	}
}

// mergeCode merges c, whose parent has the path parent, under the merged
// code under (nil for the top level).
func (m *merger) mergeCode(c *refi.Code, parent string, under *refi.Code) {
	path := c.Name
	if parent != "" {
		path = parent + "/" + c.Name
	}
	if m.codeIn[path] == nil {
		m.codeIn[path] = map[int]bool{}
		m.codeOrder = append(m.codeOrder, path)
	}
	m.codeIn[path][m.in] = true
	have, ok := m.codes[path]
	if ok && m.earlier("code", path) {
		m.ids[c.GUID.Canonical()] = have.GUID
		m.rep.Matched.Codes++
		m.count(refi.ItemCodes, "", refi.Moved, 1, "", "", "")
	} else {
		n := *c
		n.Children = nil
		n.GUID = m.guid(c.GUID)
		n.NoteRefs = nil // the notes are merged later: see codeNotes
		m.ids[c.GUID.Canonical()] = n.GUID
		if !ok {
			m.codes[path] = &n
			m.owner["code\x00"+path] = m.in
		}
		if under == nil {
			m.p.Codes = append(m.p.Codes, &n)
		} else {
			under.Children = append(under.Children, &n)
		}
		have = &n
		m.rep.Added.Codes++
		m.count(refi.ItemCodes, "", refi.Kept, 1, "", "", "")
	}
	for _, ch := range c.Children {
		m.mergeCode(ch, path, have)
	}
}

// codeNotes adds the notes of c and its children to the merged codes.
func (m *merger) codeNotes(c *refi.Code, parent string) {
	path := c.Name
	if parent != "" {
		path = parent + "/" + c.Name
	}
	if have := m.codes[path]; have != nil {
		have.NoteRefs = union(have.NoteRefs, m.refs(c.NoteRefs))
	}
	for _, ch := range c.Children {
		m.codeNotes(ch, path)
	}
}

func (m *merger) mergeVariables(vs []*refi.Variable) {
	for _, v := range vs {
		key := v.Name + "\x00" + string(v.Type)
		if have, ok := m.vars[key]; ok && m.earlier("variable", key) {
			m.ids[v.GUID.Canonical()] = have.GUID
			m.rep.Matched.Variables++
			m.count(refi.ItemVariables, "", refi.Moved, 1, "", "", "")
			continue
		}
		n := *v
		n.GUID = m.guid(v.GUID)
		m.ids[v.GUID.Canonical()] = n.GUID
		if _, ok := m.vars[key]; !ok {
			m.vars[key] = &n
			m.owner["variable\x00"+key] = m.in
		}
		col := refi.Kept
		for _, o := range m.p.Variables {
			if o.Name == v.Name {
				n.Name = m.freeName(v.Name, func(s string) bool { return m.hasVariable(s) })
				m.conflict("variable type", v.Name, "%s here, %s in an earlier input: kept apart as %q", v.Type, o.Type, n.Name)
				col = refi.Renamed
				break
			}
		}
		m.p.Variables = append(m.p.Variables, &n)
		m.rep.Added.Variables++
		if m.in > 0 {
			m.rep.Unmatched = append(m.rep.Unmatched, "variable "+n.Name)
		}
		m.count(refi.ItemVariables, "", col, 1, v.Name, v.GUID, n.Name)
	}
}

func (m *merger) hasVariable(name string) bool {
	for _, o := range m.p.Variables {
		if o.Name == name {
			return true
		}
	}
	return false
}

// freeName returns "NAME (2)", "NAME (3)"... the first that taken says is
// free.
func (m *merger) freeName(name string, taken func(string) bool) string {
	for k := 2; ; k++ {
		s := fmt.Sprintf("%s (%d)", name, k)
		if !taken(s) {
			return s
		}
	}
}

// matchCases maps the input's cases to merged ones by name, adding those
// new; their references and values are filled in by fillCases once the
// sources are merged.
func (m *merger) matchCases(cs []*refi.Case) {
	for _, c := range cs {
		if have, ok := m.cases[c.Name]; ok && c.Name != "" && m.earlier("case", c.Name) {
			m.ids[c.GUID.Canonical()] = have.GUID
			m.rep.Matched.Cases++
			m.count(refi.ItemCases, "", refi.Moved, 1, "", "", "")
			continue
		}
		n := &refi.Case{GUID: m.guid(c.GUID), Name: c.Name, Description: c.Description, Extensions: c.Extensions}
		m.ids[c.GUID.Canonical()] = n.GUID
		if _, ok := m.cases[c.Name]; !ok && c.Name != "" {
			m.cases[c.Name] = n
			m.owner["case\x00"+c.Name] = m.in
		}
		m.p.Cases = append(m.p.Cases, n)
		m.rep.Added.Cases++
		if m.in > 0 {
			m.rep.Unmatched = append(m.rep.Unmatched, "case "+c.Name)
		}
		m.count(refi.ItemCases, "", refi.Kept, 1, "", "", "")
	}
}

func (m *merger) fillCases(cs []*refi.Case) {
	byGUID := map[refi.GUID]*refi.Case{}
	for _, c := range m.p.Cases {
		byGUID[c.GUID.Canonical()] = c
	}
	for _, c := range cs {
		n := byGUID[m.ref(c.GUID).Canonical()]
		if n == nil {
			continue
		}
		n.CodeRefs = union(n.CodeRefs, m.refs(c.CodeRefs))
		n.SourceRefs = union(n.SourceRefs, m.refs(c.SourceRefs))
		n.SelectionRefs = union(n.SelectionRefs, m.refs(c.SelectionRefs))
		n.Values = m.mergeValues("case", c.Name, n.Values, c.Values)
	}
}

// mergeValues adds the values vs of the current input to have, the values
// of the merged item; a different value of a variable have holds is a
// conflict, and have's is kept.
func (m *merger) mergeValues(kind, name string, have, vs []refi.VariableValue) []refi.VariableValue {
	for _, v := range vs {
		v.Variable = m.ref(v.Variable)
		found := false
		for _, h := range have {
			if h.Variable.Same(v.Variable) {
				found = true
				if h.Value != v.Value {
					m.conflict("value", name, "%s %q: variable %s is %q in an earlier input and %q here; the earlier value is kept",
						kind, name, m.varName(v.Variable), h.Value, v.Value)
					m.count(refi.ItemVariableValues, "", refi.Dropped, 1, name, "", "another input gives the "+kind+" another value of "+m.varName(v.Variable))
				} else {
					m.count(refi.ItemVariableValues, "", refi.Moved, 1, "", "", "")
				}
				break
			}
		}
		if !found {
			have = append(have, v)
			m.count(refi.ItemVariableValues, "", refi.Kept, 1, "", "", "")
		}
	}
	return have
}

func (m *merger) varName(g refi.GUID) string {
	for _, v := range m.p.Variables {
		if v.GUID.Same(g) {
			return fmt.Sprintf("%q", v.Name)
		}
	}
	return strings.ToLower(string(g))
}
