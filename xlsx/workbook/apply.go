package workbook

import (
	"errors"
	"fmt"
	"iter"
	"regexp"
	"slices"
	"sort"
	"strings"

	"github.com/qdabridge/qdabridge/refi"
	"github.com/qdabridge/qdabridge/xlsx"
)

// applier applies the edits of a workbook's visible sheets to the project
// of its hidden sheet.
type applier struct {
	doc      *refi.Document
	p        *refi.Project
	wb       *xlsx.Workbook
	edits    []Edit
	problems []*xlsx.CellError

	basePath map[refi.GUID]string      // code → path as written in the workbook
	byPath   map[string]*refi.Code     // path (after edits) → code
	byOld    map[string]*refi.Code     // path as written → code
	parent   map[*refi.Code]*refi.Code // code → parent (after edits)
	excerpts map[string]*refi.Excerpt  // by excerptKey
	noText   map[*refi.Excerpt]bool    // excerpts whose text could not be given
	order    []*refi.Excerpt
	deleted  map[*refi.SelectionBase]bool
	added    map[*refi.TextSource][]refi.TextSelection
}

func newApplier(doc *refi.Document, wb *xlsx.Workbook) *applier {
	a := &applier{doc: doc, p: doc.Project, wb: wb, basePath: map[refi.GUID]string{}, byPath: map[string]*refi.Code{},
		byOld: map[string]*refi.Code{}, parent: map[*refi.Code]*refi.Code{}, excerpts: map[string]*refi.Excerpt{}, noText: map[*refi.Excerpt]bool{}}
	for c, jp := range codePaths(a.p.Codes, a.parent) {
		a.basePath[c.GUID.Canonical()] = jp
		if _, dup := a.byOld[jp]; !dup {
			a.byOld[jp] = c
		}
	}
	// the excerpts as they were written, before any edit
	for e, err := range doc.Excerpts(refi.ExcerptOptions{}) {
		a.excerpts[excerptKey(e)] = e
		if err != nil {
			a.noText[e] = true
		}
		a.order = append(a.order, e)
	}
	return a
}

// excerptKey identifies an excerpt: by its first selection, or for the
// coding of a whole source by the source.
func excerptKey(e *refi.Excerpt) string {
	if e.Kind == refi.ExcerptWhole {
		return "whole:" + string(e.Source.GUID.Canonical())
	}
	return string(e.Selections[0].Canonical())
}

func (a *applier) edit(sheet string, row int, format string, args ...any) {
	a.edits = append(a.edits, Edit{Sheet: sheet, Row: row, What: fmt.Sprintf(format, args...)})
}

func (a *applier) problem(s *xlsx.Sheet, row int, col, format string, args ...any) {
	e := &xlsx.CellError{Sheet: s.Name, Row: row, Header: col, Err: fmt.Errorf(format, args...)}
	if c, ok := s.Column(col); ok {
		e.Col = c.Index + 1
	}
	a.problems = append(a.problems, e)
}

func (a *applier) apply() {
	if s := a.wb.Sheet(SheetCodes); s != nil {
		a.codes(s)
	}
	a.rebuildPaths()
	if s := a.wb.Sheet(SheetParticipants); s != nil {
		a.participants(s)
	}
	if s := a.wb.Sheet(SheetSources); s != nil {
		a.sources(s)
	}
	if s := a.wb.Sheet(SheetExcerpts); s != nil {
		a.excerptRows(s)
	} else {
		a.problems = append(a.problems, &xlsx.CellError{Sheet: SheetExcerpts,
			Err: errors.New("the sheet is missing: no excerpt was changed or deleted")})
	}
}

// rebuildPaths indexes the codes by their paths after the edits.
func (a *applier) rebuildPaths() {
	a.byPath = map[string]*refi.Code{}
	a.parent = map[*refi.Code]*refi.Code{}
	for c, jp := range codePaths(a.p.Codes, a.parent) {
		if _, dup := a.byPath[jp]; !dup {
			a.byPath[jp] = c
		}
	}
}

// codePaths yields every code of the tree with its path, and records its
// parent in parent.
func codePaths(codes []*refi.Code, parent map[*refi.Code]*refi.Code) iter.Seq2[*refi.Code, string] {
	return func(yield func(*refi.Code, string) bool) {
		for c, parents := range refi.AllCodes(codes) {
			path := make([]string, 0, len(parents)+1)
			for _, x := range parents {
				path = append(path, x.Name)
			}
			if len(parents) > 0 {
				parent[c] = parents[len(parents)-1]
			}
			if !yield(c, refi.JoinPath(append(path, c.Name))) {
				return
			}
		}
	}
}

// --- codes ---

type codeRow struct {
	num  int
	code *refi.Code // nil for a new code
	path []string
	row  xlsx.Row
}

func (a *applier) codes(s *xlsx.Sheet) {
	x := refi.NewIndex(a.p)
	seen := map[*refi.Code]bool{}
	var rows []codeRow
	for _, r := range s.Rows {
		pathText := strings.TrimSpace(r.Get("Code").Value)
		guid := refi.GUID(strings.TrimSpace(r.Get(colGUID).Value))
		if pathText == "" {
			if guid != "" {
				a.problem(s, r.Num, "Code", "the code path is empty; the code is kept as it was")
			}
			continue
		}
		path := refi.SplitPath(pathText)
		var c *refi.Code
		if guid != "" {
			c = x.Code(guid)
			if c == nil {
				a.problem(s, r.Num, colGUID, "no code has GUID %s; the row is not applied", guid)
				continue
			}
			if seen[c] {
				a.problem(s, r.Num, colGUID, "the code %s appears twice; only its first row is applied", guid)
				continue
			}
			seen[c] = true
			a.codeFields(s, r, c)
		}
		if c != nil && normNL(r.Get("Code").Value) == normNL(a.basePath[c.GUID.Canonical()]) {
			// the path as written: unchanged, even where white space
			// around a name would be trimmed from a path typed by hand
			path = refi.SplitPath(a.basePath[c.GUID.Canonical()])
		}
		rows = append(rows, codeRow{r.Num, c, path, r})
	}
	// renames and moves: shallow paths first, so that parents are in place
	sort.SliceStable(rows, func(i, j int) bool { return len(rows[i].path) < len(rows[j].path) })
	for _, row := range rows {
		if row.code == nil {
			continue
		}
		old := refi.SplitPath(a.basePath[row.code.GUID.Canonical()])
		if slices.Equal(old, row.path) {
			continue
		}
		a.rebuildPaths()
		newParentPath := row.path[:len(row.path)-1]
		parent := a.ensurePath(s, row.num, newParentPath)
		if parent == row.code || a.isDescendant(parent, row.code) {
			a.problem(s, row.num, "Code", "a code cannot be moved under itself")
			continue
		}
		if row.path[len(row.path)-1] != row.code.Name {
			a.edit(SheetCodes, row.num, "code %q renamed %q", row.code.Name, row.path[len(row.path)-1])
			row.code.Name = row.path[len(row.path)-1]
		}
		if !slices.Equal(old[:len(old)-1], newParentPath) {
			a.move(row.code, parent)
			a.edit(SheetCodes, row.num, "code %q moved under %q", row.code.Name, refi.JoinPath(newParentPath))
		}
	}
	a.rebuildPaths()
	for _, row := range rows {
		if row.code != nil {
			continue
		}
		if _, ok := a.byPath[refi.JoinPath(row.path)]; ok {
			a.problem(s, row.num, "Code", "code %q exists already; the row is not added again", refi.JoinPath(row.path))
			continue
		}
		if c := a.ensurePath(s, row.num, row.path); c != nil {
			a.codeFields(s, row.row, c)
		}
		a.rebuildPaths()
	}
	// codes missing from the sheet are kept
	var missing []string
	for c := range refi.AllCodes(a.p.Codes) {
		if _, ok := a.basePath[c.GUID.Canonical()]; ok && !seen[c] {
			missing = append(missing, c.Name)
		}
	}
	if len(missing) > 0 {
		a.problems = append(a.problems, &xlsx.CellError{Sheet: s.Name, Err: fmt.Errorf(
			"%d codes are not in the sheet (%s); they are kept: delete codes in your analysis software", len(missing), strings.Join(firstN(missing, 5), ", "))})
	}
}

func firstN(ss []string, n int) []string {
	if len(ss) > n {
		return append(ss[:n:n], "…")
	}
	return ss
}

func (a *applier) codeFields(s *xlsx.Sheet, r xlsx.Row, c *refi.Code) {
	if d := r.Get("Description").Value; !strings.HasSuffix(d, truncMark) && normNL(d) != normNL(clipCell(c.Description)) {
		c.Description = d
		a.edit(SheetCodes, r.Num, "description of code %q changed", c.Name)
	}
	if col := strings.TrimSpace(r.Get("Color").Value); col != strings.TrimSpace(c.Color) {
		if _, _, ok := refi.ParseColor(col); col != "" && !ok {
			a.problem(s, r.Num, "Color", "%q is not a colour (#RRGGBB); the colour is kept", col)
		} else {
			c.Color = col
			a.edit(SheetCodes, r.Num, "colour of code %q set to %q", c.Name, col)
		}
	}
	if cell, ok := r.Lookup("Codable"); ok && !cell.IsEmpty() {
		b, err := valueFromCell(cell, refi.VarBoolean)
		if err != nil {
			a.problem(s, r.Num, "Codable", "%v; the flag is kept", err)
		} else if (b == "true") != c.IsCodable {
			c.IsCodable = b == "true"
			a.edit(SheetCodes, r.Num, "code %q made %s", c.Name, map[bool]string{true: "codable", false: "not codable"}[c.IsCodable])
		}
	}
}

func normNL(s string) string { return strings.ReplaceAll(s, "\r\n", "\n") }

// ensurePath returns the code at path, creating it and its missing parents
// (codable, with deterministic GUIDs); nil for the empty path (the top).
func (a *applier) ensurePath(s *xlsx.Sheet, row int, path []string) *refi.Code {
	var parent *refi.Code
	for i := range path {
		jp := refi.JoinPath(path[:i+1])
		if c, ok := a.byPath[jp]; ok {
			parent = c
			continue
		}
		c := &refi.Code{GUID: guidFor("workbook code:" + jp), Name: path[i], IsCodable: true}
		if parent == nil {
			a.p.Codes = append(a.p.Codes, c)
		} else {
			parent.Children = append(parent.Children, c)
		}
		a.byPath[jp] = c
		a.parent[c] = parent
		a.edit(s.Name, row, "code %q added", jp)
		parent = c
	}
	return parent
}

func (a *applier) isDescendant(c, of *refi.Code) bool {
	for c != nil {
		if c == of {
			return true
		}
		c = a.parent[c]
	}
	return false
}

// move takes c from where it is and puts it under parent (nil: the top).
func (a *applier) move(c, parent *refi.Code) {
	remove := func(list []*refi.Code) []*refi.Code {
		for i, x := range list {
			if x == c {
				return append(list[:i:i], list[i+1:]...)
			}
		}
		return list
	}
	if old := a.parent[c]; old != nil {
		old.Children = remove(old.Children)
	} else {
		a.p.Codes = remove(a.p.Codes)
	}
	if parent == nil {
		a.p.Codes = append(a.p.Codes, c)
	} else {
		parent.Children = append(parent.Children, c)
	}
	a.parent[c] = parent
}

// --- participants and sources ---

var dedupSuffix = regexp.MustCompile(` \(\d+\)$`)

// attributeColumns returns the attribute columns of a sheet: every column
// that is not one of fixed, with its variable name.
func attributeColumns(s *xlsx.Sheet, fixed ...string) []xlsx.Column {
	isFixed := map[string]bool{}
	for _, f := range fixed {
		isFixed[strings.ToLower(f)] = true
	}
	var out []xlsx.Column
	for _, c := range s.Header {
		if isFixed[strings.ToLower(c.Key)] || c.Name == "" {
			continue
		}
		out = append(out, c)
	}
	return out
}

// variableFor returns the variable an attribute column stands for, creating
// a text variable for a new column.
func (a *applier) variableFor(col xlsx.Column, sheet string) *refi.Variable {
	name := col.Name
	lookup := func(n string) *refi.Variable {
		for _, v := range a.p.Variables {
			if v.Name == n {
				return v
			}
		}
		return nil
	}
	if v := lookup(name); v != nil {
		return v
	}
	if base := dedupSuffix.ReplaceAllString(name, ""); base != name {
		if v := lookup(base); v != nil {
			return v
		}
	}
	v := &refi.Variable{GUID: guidFor("workbook variable:" + name), Name: name, Type: refi.VarText}
	a.p.Variables = append(a.p.Variables, v)
	a.edit(sheet, 1, "attribute %q added (text)", name)
	return v
}

// setValue sets (or with "" removes) the value of variable v in vs.
func setValue(vs []refi.VariableValue, v *refi.Variable, lexical string) []refi.VariableValue {
	for i := range vs {
		if vs[i].Variable.Same(v.GUID) {
			if lexical == "" {
				return append(vs[:i:i], vs[i+1:]...)
			}
			vs[i].Type, vs[i].Value = v.Type, lexical
			return vs
		}
	}
	if lexical == "" {
		return vs
	}
	return append(vs, refi.VariableValue{Variable: v.GUID, Type: v.Type, Value: lexical})
}

// attributes applies the attribute cells of one row to *vs; it returns
// whether anything changed.
func (a *applier) attributes(s *xlsx.Sheet, r xlsx.Row, cols []xlsx.Column, current []refi.Attribute, vs *[]refi.VariableValue, owner string) {
	for _, col := range cols {
		cell := r.Cell(col.Index)
		name := col.Name
		if base := dedupSuffix.ReplaceAllString(name, ""); base != name {
			if _, ok := attributeValue(current, base); ok {
				name = base
			}
		}
		cur, ok := attributeValue(current, name)
		if sameValue(cell, cur, ok) {
			continue
		}
		v := a.variableFor(col, s.Name)
		lexical, err := valueFromCell(cell, v.Type)
		if err != nil {
			a.problem(s, r.Num, col.Key, "%v for the %s attribute %q; the value is kept", err, strings.ToLower(string(v.Type)), v.Name)
			continue
		}
		*vs = setValue(*vs, v, lexical)
		if lexical == "" {
			a.edit(s.Name, r.Num, "%s: %q cleared", owner, v.Name)
		} else {
			a.edit(s.Name, r.Num, "%s: %q set to %q", owner, v.Name, lexical)
		}
	}
}

// attributeValue returns the value of the attribute whose variable is
// called name (a column of the sheet), and whether there is one.
func attributeValue(as []refi.Attribute, name string) (refi.AttributeValue, bool) {
	for _, a := range as {
		if a.Variable == name {
			return a.Value, true
		}
	}
	return refi.AttributeValue{}, false
}

func (a *applier) participants(s *xlsx.Sheet) {
	x := refi.NewIndex(a.p)
	current := map[refi.GUID]refi.Participant{}
	names := map[string]refi.GUID{}
	for _, pt := range a.p.Participants() {
		current[pt.GUID.Canonical()] = pt
		names[pt.Name] = pt.GUID
	}
	cols := attributeColumns(s, "Name", "Description", "Sources", colGUID)
	seen := map[refi.GUID]bool{}
	for _, r := range s.Rows {
		guid := refi.GUID(strings.TrimSpace(r.Get(colGUID).Value))
		name := strings.TrimSpace(r.Get("Name").Value)
		if guid == "" {
			if name == "" {
				continue
			}
			if _, dup := names[name]; dup {
				a.problem(s, r.Num, "Name", "participant %q is typed twice; the new row is not added", name)
				continue
			}
			c := &refi.Case{GUID: guidFor("workbook case:" + name), Name: name, Description: r.Get("Description").Value}
			a.p.Cases = append(a.p.Cases, c)
			names[name] = c.GUID
			a.edit(s.Name, r.Num, "participant %q added", name)
			a.attributes(s, r, cols, nil, &c.Values, name)
			continue
		}
		c := x.Case(guid)
		if c == nil {
			a.problem(s, r.Num, colGUID, "no participant has GUID %s; the row is not applied", guid)
			continue
		}
		if normNL(r.Get("Name").Value) == normNL(c.Name) {
			name = c.Name // as written: unchanged, white space and all
		}
		if seen[c.GUID.Canonical()] {
			a.problem(s, r.Num, colGUID, "participant %q appears twice; only its first row is applied", c.Name)
			continue
		}
		seen[c.GUID.Canonical()] = true
		if name != c.Name && name != "" {
			if other, dup := names[name]; dup && !other.Same(c.GUID) {
				a.problem(s, r.Num, "Name", "participant %q is typed twice; the name is kept as %q", name, c.Name)
			} else {
				a.edit(s.Name, r.Num, "participant %q renamed %q", c.Name, name)
				delete(names, c.Name)
				names[name] = c.GUID
				c.Name = name
			}
		}
		if d := r.Get("Description").Value; !strings.HasSuffix(d, truncMark) && normNL(d) != normNL(clipCell(c.Description)) {
			c.Description = d
			a.edit(s.Name, r.Num, "description of participant %q changed", c.Name)
		}
		a.attributes(s, r, cols, current[c.GUID.Canonical()].Attributes, &c.Values, c.Name)
	}
}

func (a *applier) sources(s *xlsx.Sheet) {
	x := refi.NewIndex(a.p)
	infos := map[refi.GUID]refi.SourceInfo{}
	for _, si := range a.p.SourceInfos() {
		infos[si.GUID.Canonical()] = si
	}
	// document variables live in the source or in a nameless case
	docCase := map[refi.GUID]*refi.Case{}
	for _, c := range a.p.Cases {
		if c.Name == "" && len(c.SourceRefs) == 1 && len(c.SelectionRefs) == 0 {
			docCase[c.SourceRefs[0].Canonical()] = c
		}
	}
	cols := attributeColumns(s, "Name", "Kind", "Path", "Participants", "Selections", "Codings", colGUID)
	for _, r := range s.Rows {
		guid := refi.GUID(strings.TrimSpace(r.Get(colGUID).Value))
		if guid == "" {
			if r.Get("Name").Value != "" {
				a.problem(s, r.Num, colGUID, "sources cannot be added in the workbook; the row is ignored")
			}
			continue
		}
		src := x.Source(guid)
		if src == nil {
			a.problem(s, r.Num, colGUID, "no source has GUID %s; the row is not applied", guid)
			continue
		}
		b := src.Base()
		if name := r.Get("Name").Value; name != "" && name != b.Name {
			a.edit(s.Name, r.Num, "source %q renamed %q", b.Name, name)
			b.Name = name
		}
		if c, ok := docCase[b.GUID.Canonical()]; ok {
			a.attributes(s, r, cols, infos[b.GUID.Canonical()].Attributes, &c.Values, b.Name)
		} else {
			a.attributes(s, r, cols, infos[b.GUID.Canonical()].Attributes, &b.Values, b.Name)
		}
	}
}
