package segments

import (
	"fmt"
	"io/fs"
	"strings"
	"time"

	"github.com/qdabridge/qdabridge/internal/guid"
	"github.com/qdabridge/qdabridge/internal/memfs"
	"github.com/qdabridge/qdabridge/refi"
)

// Result is the project built, the files its sources name, and the report.
type Result struct {
	Project *refi.Project
	Files   fs.FS
	Report  *Report
}

// Build makes the project of in (see the package documentation). It fails
// with an error wrapping [ErrNoRows] when no row could be used and no code
// is known, and when Options.Documents cannot be listed; everything else
// that could not be used is in the report.
func Build(in *Input, opt Options) (*Result, error) {
	st := &build{in: in, opt: opt, ws: newWarnings(opt.MaxWarnings), files: memfs.FS{},
		root: &codeNode{kids: map[string]*codeNode{}}, srcs: map[string]*srcEntry{}, users: map[string]*refi.User{},
		sets: map[string]*refi.Set{}}
	st.rep = &Report{Tool: in.Tool, File: in.File, RowsRead: in.RowsRead, NotCarried: in.NotCarried}
	if st.rep.RowsRead == nil {
		st.rep.RowsRead = map[string]int{}
	}
	for _, w := range in.Warnings {
		st.ws.add(w)
	}
	st.rep.NotPlaced = append(st.rep.NotPlaced, in.Skipped...)
	st.rep.Skipped = len(in.Skipped)
	for _, c := range in.Codes {
		n := st.codeAt(c.Path, true)
		if n == nil {
			continue
		}
		if n.code.Description == "" {
			n.code.Description = c.Description
		}
		if n.code.Color == "" {
			n.code.Color = c.Color
		}
		for _, g := range c.Groups {
			st.member("code group", g, n.code.GUID, false)
		}
	}
	for i := range in.Rows {
		st.addRow(&in.Rows[i])
	}
	if len(st.root.order) == 0 && len(st.srcOrder) == 0 {
		return nil, &Error{Tool: in.Tool, File: in.File, Err: fmt.Errorf("%w: no row names a document, a code and a passage", ErrNoRows)}
	}
	idx, err := st.documents()
	if err != nil {
		return nil, &Error{Tool: in.Tool, File: in.File, Err: err}
	}
	for _, s := range st.srcOrder {
		st.placeSource(s, idx)
	}
	p := st.project()
	c := p.Counts()
	rep := st.rep
	rep.Codes, rep.Sources, rep.Users, rep.Selections, rep.Codings = c.Codes, c.Sources, c.Users, c.Selections, c.Codings
	rep.Sets = len(p.Sets)
	if st.zoneless > 0 {
		st.ws.add(Warning{Code: WarnTimeZone, Count: st.zoneless, File: in.File,
			Message: fmt.Sprintf("%d dates of the export have no time zone (the tool writes local time): kept without one; name their zone to convert them", st.zoneless)})
	}
	rep.Warnings = st.ws.result()
	if rep.Warnings == nil {
		rep.Warnings = []Warning{}
	}
	if rep.NotPlaced == nil {
		rep.NotPlaced = []NotPlaced{}
	}
	if rep.NotCarried == nil {
		rep.NotCarried = []string{}
	}
	if rep.Documents == nil {
		rep.Documents = []DocumentReport{}
	}
	return &Result{Project: p, Files: st.files, Report: rep}, nil
}

type build struct {
	in       *Input
	opt      Options
	rep      *Report
	ws       *warnings
	files    memfs.FS
	zoneless int

	root      *codeNode
	srcs      map[string]*srcEntry
	srcOrder  []*srcEntry
	users     map[string]*refi.User
	userOrder []*refi.User
	sets      map[string]*refi.Set
	setOrder  []*refi.Set
}

type codeNode struct {
	code  *refi.Code
	path  []string
	kids  map[string]*codeNode
	order []*codeNode
}

type srcEntry struct {
	key  string
	src  *refi.TextSource
	segs []*segment
	byID map[string][]*segment
}

type segment struct {
	row   *Row // the first row
	rows  []*Row
	codes []*codeNode
	coder []*Row // the row of each code
}

func (st *build) guid(kind, id string) refi.GUID {
	return refi.GUID(guid.For(st.in.Tool + ":" + kind + ":" + id))
}

// codeAt returns the code at path, creating it and its parents; the code
// itself is codable when codable is set, its parents only when used.
func (st *build) codeAt(path []string, codable bool) *codeNode {
	var clean []string
	for _, p := range path {
		if p = strings.TrimSpace(p); p != "" {
			clean = append(clean, p)
		}
	}
	if len(clean) == 0 {
		return nil
	}
	n := st.root
	for i, name := range clean {
		k := strings.ToLower(name)
		kid, ok := n.kids[k]
		last := i == len(clean)-1
		if !ok {
			kid = &codeNode{path: clean[:i+1], kids: map[string]*codeNode{},
				code: &refi.Code{GUID: st.guid("code", strings.ToLower(strings.Join(clean[:i+1], "\x00"))), Name: name}}
			n.kids[k] = kid
			n.order = append(n.order, kid)
		}
		if last && codable {
			kid.code.IsCodable = true
		}
		n = kid
	}
	return n
}

// docKey is a document's key: its name, lower case, without an extension
// a tool may have kept.
func docKey(name string) string {
	k := strings.ToLower(strings.TrimSpace(name))
	for _, ext := range []string{".txt", ".docx", ".doc", ".rtf", ".odt", ".pdf"} {
		k = strings.TrimSuffix(k, ext)
	}
	return k
}

func (st *build) source(name string) *srcEntry {
	k := docKey(name)
	if s, ok := st.srcs[k]; ok {
		return s
	}
	s := &srcEntry{key: k, byID: map[string][]*segment{},
		src: &refi.TextSource{SourceBase: refi.SourceBase{GUID: st.guid("source", k), Name: strings.TrimSpace(name)}}}
	st.srcs[k] = s
	st.srcOrder = append(st.srcOrder, s)
	return s
}

func (st *build) user(name string) *refi.User {
	name = strings.TrimSpace(name)
	if name == "" {
		return nil
	}
	if u, ok := st.users[strings.ToLower(name)]; ok {
		return u
	}
	u := &refi.User{GUID: st.guid("user", strings.ToLower(name)), Name: name}
	st.users[strings.ToLower(name)] = u
	st.userOrder = append(st.userOrder, u)
	return u
}

// member adds a code (or a source) to the set of that kind and name.
func (st *build) member(kind, name string, g refi.GUID, source bool) {
	name = strings.TrimSpace(name)
	if name == "" {
		return
	}
	k := kind + "\x00" + strings.ToLower(name)
	s, ok := st.sets[k]
	if !ok {
		s = &refi.Set{GUID: st.guid("set", k), Name: name}
		switch kind {
		case "code group":
			s.Description = "Code group of the " + st.in.Tool + " export"
		default:
			s.Description = "Document group of the " + st.in.Tool + " export"
		}
		st.sets[k] = s
		st.setOrder = append(st.setOrder, s)
	}
	list := &s.MemberCodes
	if source {
		list = &s.MemberSources
	}
	for _, m := range *list {
		if m == g {
			return
		}
	}
	*list = append(*list, g)
}

func (st *build) skip(r *Row, reason string) {
	var codes []string
	for _, c := range r.Codes {
		codes = append(codes, strings.Join(c, `\`))
	}
	st.rep.Skipped++
	st.rep.NotPlaced = append(st.rep.NotPlaced, NotPlaced{Document: r.Document, Sheet: r.Sheet, Row: r.Row, Codes: codes,
		Status: "skipped", Reason: reason, Text: clip(r.Text, 80)})
	st.ws.add(Warning{Code: WarnRow, File: st.in.File, Table: r.Sheet, Row: int64(r.Row), Message: "row not used: " + reason})
}

func (st *build) addRow(r *Row) {
	var codes []*codeNode
	for _, p := range r.Codes {
		if n := st.codeAt(p, true); n != nil {
			codes = append(codes, n)
		}
	}
	switch {
	case strings.TrimSpace(r.Document) == "":
		st.skip(r, "no document name")
		return
	case len(codes) == 0:
		st.skip(r, "no code")
		return
	case strings.TrimSpace(r.Text) == "":
		st.skip(r, "no coded text (the passage is empty)")
		return
	}
	st.rep.Rows++
	if st.opt.Location == nil {
		for _, t := range []time.Time{r.Created, r.Modified} {
			if !t.IsZero() {
				st.zoneless++
			}
		}
	}
	st.user(r.Coder)
	st.user(r.Modifier)
	s := st.source(r.Document)
	if r.Group != "" {
		st.member("document group", r.Group, s.src.GUID, true)
	}
	key := "id:" + r.SegmentID
	if r.SegmentID == "" {
		key = fmt.Sprintf("%d:%d:%d:%s", r.ParaStart, r.ParaEnd, r.CharStart, r.Text)
	}
	cands := s.byID[key]
	var seg *segment
	for _, c := range cands {
		free := true
		for _, n := range codes {
			for _, have := range c.codes {
				free = free && have != n
			}
		}
		if free {
			seg = c
			break
		}
	}
	if seg == nil {
		if r.SegmentID != "" && len(cands) > 0 {
			st.ws.add(Warning{Code: WarnDuplicate, File: st.in.File, Table: r.Sheet, Row: int64(r.Row),
				Message: fmt.Sprintf("the segment %q has this code already: the row is kept as a segment of its own", r.SegmentID)})
		}
		seg = &segment{row: r}
		s.byID[key] = append(s.byID[key], seg)
		s.segs = append(s.segs, seg)
	} else if r.SegmentID != "" && r.Text != seg.row.Text {
		st.ws.add(Warning{Code: WarnValue, File: st.in.File, Table: r.Sheet, Row: int64(r.Row),
			Message: fmt.Sprintf("the segment %q has another text in row %d; this row's text is not used", r.SegmentID, seg.row.Row)})
	}
	seg.rows = append(seg.rows, r)
	for _, n := range codes {
		dup := false
		for _, have := range seg.codes {
			dup = dup || have == n
		}
		if dup {
			st.ws.add(Warning{Code: WarnDuplicate, File: st.in.File, Table: r.Sheet, Row: int64(r.Row),
				Message: fmt.Sprintf("the code %q is given twice for this passage; one coding is made", strings.Join(n.path, `\`))})
			continue
		}
		seg.codes = append(seg.codes, n)
		seg.coder = append(seg.coder, r)
	}
}

// wall gives t the zone of the export.
func (st *build) wall(t time.Time) time.Time {
	if t.IsZero() {
		return t
	}
	loc := st.opt.Location
	if loc == nil {
		loc = refi.NoTimeZone()
	}
	return time.Date(t.Year(), t.Month(), t.Day(), t.Hour(), t.Minute(), t.Second(), t.Nanosecond(), loc)
}

func (st *build) project() *refi.Project {
	name := st.in.Name
	if name == "" {
		name = st.in.Tool + " export"
	}
	p := &refi.Project{Name: name, Origin: "qdabridge " + st.in.Tool + " (from a coded-segment export)", Users: st.userOrder}
	var codes func(n *codeNode) []*refi.Code
	codes = func(n *codeNode) []*refi.Code {
		var out []*refi.Code
		for _, k := range n.order {
			k.code.Children = codes(k)
			out = append(out, k.code)
		}
		return out
	}
	p.Codes = codes(st.root)
	for _, s := range st.srcOrder {
		p.Sources = append(p.Sources, s.src)
	}
	p.Sets = st.setOrder
	return p
}
