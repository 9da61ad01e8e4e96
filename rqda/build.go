package rqda

import (
	"fmt"
	"strings"
	"time"

	"github.com/qdabridge/qdabridge/internal/guid"
	"github.com/qdabridge/qdabridge/internal/memfs"
	"github.com/qdabridge/qdabridge/internal/place"
	"github.com/qdabridge/qdabridge/refi"
)

// bom is the byte-order mark, as UTF-8.
const bom = "\uFEFF"

// builder makes the REFI-QDA project of the tables read.
type builder struct {
	t     *tables
	rep   *Report
	p     *refi.Project
	files memfs.FS
	seed  string // makes the GUIDs of this project's items

	users   map[string]*refi.User
	sources map[int64]*source // active sources by id
	gone    map[int64]bool    // ids of deleted sources
	codes   map[int64]*refi.Code
	goneC   map[int64]bool
	cases   map[int64]*refi.Case
	goneK   map[int64]bool
}

// source is an active source of the project and its text.
type source struct {
	ts   *refi.TextSource
	text *text
	// bom is 1 when RQDA's text began with a byte-order mark, which R
	// counts as a character and REFI-QDA's text files do not: it is left
	// out of the text and RQDA's positions are moved back by one.
	bom int64
}

func newBuilder(t *tables, rep *Report, name string) *builder {
	return &builder{t: t, rep: rep, files: memfs.FS{},
		p:     &refi.Project{Name: name, Origin: origin(t.version), Description: t.memo},
		seed:  "rqda/" + t.created.Format(time.RFC3339) + "/",
		users: map[string]*refi.User{}, sources: map[int64]*source{}, gone: map[int64]bool{},
		codes: map[int64]*refi.Code{}, goneC: map[int64]bool{}, cases: map[int64]*refi.Case{}, goneK: map[int64]bool{}}
}

// guid returns the GUID of an item, derived from its table and id (or
// rowid) and the project's creation date, so that reading twice gives the
// same GUIDs.
func (b *builder) guid(parts ...any) refi.GUID {
	return refi.GUID(guid.For(b.seed + fmt.Sprint(parts...)))
}

// user returns the user of an owner column, made on first use; nil for
// an empty owner.
func (b *builder) user(name string) refi.GUID {
	if name == "" {
		return ""
	}
	u, ok := b.users[name]
	if !ok {
		u = &refi.User{GUID: b.guid("user/", name), Name: name}
		b.users[name] = u
		b.p.Users = append(b.p.Users, u)
		b.rep.Users++
	}
	return u.GUID
}

func (b *builder) warn(code WarningCode, table string, row int64, format string, args ...any) {
	b.rep.warn(Warning{Code: code, File: b.rep.File, Table: table, Row: row, Message: fmt.Sprintf(format, args...)})
}

// drop records a row left out for a reason other than deletion.
func (b *builder) drop(kind refi.ItemKind, element, table string, row int64, name, why string) {
	b.rep.Dropped = append(b.rep.Dropped, Dropped{Kind: kind, Element: element, Table: table, Row: row, Count: 1, Name: name, Why: why})
}

func (b *builder) build() {
	if !b.t.created.IsZero() {
		b.p.Created = b.t.created
	}
	b.buildSources()
	b.buildCodes()
	b.buildCodings()
	b.buildCases()
	b.buildVariables()
	b.buildNotes()
	b.notCarried()
}

func (b *builder) buildSources() {
	for _, s := range b.t.sources {
		if !s.active {
			b.gone[s.id] = true
			continue
		}
		if _, dup := b.sources[s.id]; dup {
			b.warn(WarnValue, "source", s.row, "a second active source with id %d: left out", s.id)
			b.drop(refi.ItemSources, "TextSource", "source", s.row, s.name, "a second source with the same id")
			continue
		}
		g := b.guid("source/", s.id)
		ts := &refi.TextSource{PlainTextPath: "internal://" + string(g) + ".txt"}
		ts.GUID, ts.Name, ts.Description = g, s.name, s.memo
		ts.CreatingUser, ts.Created = b.user(s.owner), s.date
		src := &source{ts: ts}
		if strings.HasPrefix(s.text, bom) {
			s.text, src.bom = s.text[len(bom):], 1
			b.rep.ByteOrderMarks++
		}
		src.text = newText(s.text)
		b.files[string(g)+".txt"] = []byte(s.text)
		b.sources[s.id] = src
		b.p.Sources = append(b.p.Sources, ts)
		b.rep.Sources++
	}
	// file categories: sets of sources
	sets := map[int64]*refi.Set{}
	gone := map[int64]bool{}
	for _, c := range b.t.filecats {
		if !c.active {
			gone[c.catid] = true
			continue
		}
		if sets[c.catid] != nil {
			b.warn(WarnValue, "filecat", c.row, "a second active file category with catid %d: left out", c.catid)
			continue
		}
		s := &refi.Set{GUID: b.guid("filecat/", c.catid), Name: c.name, Description: c.memo}
		sets[c.catid] = s
		b.p.Sets = append(b.p.Sets, s)
		b.rep.SourceSets++
	}
	for _, m := range b.t.treefiles {
		if !m.active {
			continue
		}
		s, src := sets[m.catid], b.sources[m.item]
		switch {
		case s != nil && src != nil:
			s.MemberSources = append(s.MemberSources, src.ts.GUID)
		case gone[m.catid] || b.gone[m.item]:
			b.rep.Cascaded["treefile"]++
		default:
			b.rep.Dangling["treefile"]++
			b.warn(WarnDangling, "treefile", m.row, "file %d or file category %d does not exist: the membership is left out", m.item, m.catid)
			b.drop(refi.ItemSets, "", "treefile", m.row, "", "a file category membership of a missing file or category")
		}
	}
}

func (b *builder) buildCodes() {
	var free []*refi.Code
	for _, c := range b.t.codes {
		if !c.active {
			b.goneC[c.id] = true
			continue
		}
		if _, dup := b.codes[c.id]; dup {
			b.warn(WarnValue, "freecode", c.row, "a second active code with id %d: left out", c.id)
			b.drop(refi.ItemCodes, "", "freecode", c.row, c.name, "a second code with the same id")
			continue
		}
		code := &refi.Code{GUID: b.guid("freecode/", c.id), Name: c.name, IsCodable: true, Description: c.memo}
		if c.color != "" {
			if col, ok := rColor(c.color); ok {
				code.Color = col
			} else {
				b.warn(WarnValue, "freecode", c.row, "colour %q is not one of R's: left out", clip(c.color, 40))
			}
		}
		b.codes[c.id] = code
		free = append(free, code)
		b.rep.Codes++
	}
	cats := map[int64]*refi.Code{}
	sets := map[int64]*refi.Set{}
	gone := map[int64]bool{}
	for _, c := range b.t.codecats {
		if !c.active {
			gone[c.catid] = true
			continue
		}
		if cats[c.catid] != nil {
			b.warn(WarnValue, "codecat", c.row, "a second active code category with catid %d: left out", c.catid)
			continue
		}
		cats[c.catid] = &refi.Code{GUID: b.guid("codecat/", c.catid), Name: c.name, Description: c.memo}
		sets[c.catid] = &refi.Set{GUID: b.guid("codecat-set/", c.catid), Name: c.name, Description: c.memo}
		b.p.Codes = append(b.p.Codes, cats[c.catid])
		b.rep.Categories++
	}
	parent := map[*refi.Code]int64{}
	for _, m := range b.t.treecodes {
		if !m.active {
			continue
		}
		cat, code := cats[m.catid], b.codes[m.item]
		switch {
		case cat != nil && code != nil:
			s := sets[m.catid]
			if len(s.MemberCodes) > 0 && s.MemberCodes[len(s.MemberCodes)-1] == code.GUID {
				continue // the same membership twice
			}
			s.MemberCodes = append(s.MemberCodes, code.GUID)
			if first, ok := parent[code]; ok {
				if first != m.catid {
					b.rep.MultiCategory++
					b.warn(WarnCategory, "treecode", m.row, "code %q is also in category %q: it stays under %q, and is a member of the set %q",
						code.Name, cat.Name, cats[first].Name, cat.Name)
				}
				continue
			}
			parent[code] = m.catid
			cat.Children = append(cat.Children, code)
		case gone[m.catid] || b.goneC[m.item]:
			b.rep.Cascaded["treecode"]++
		default:
			b.rep.Dangling["treecode"]++
			b.warn(WarnDangling, "treecode", m.row, "code %d or code category %d does not exist: the membership is left out", m.item, m.catid)
			b.drop(refi.ItemSets, "", "treecode", m.row, "", "a code category membership of a missing code or category")
		}
	}
	for _, c := range free {
		if _, ok := parent[c]; !ok {
			b.p.Codes = append(b.p.Codes, c)
		}
	}
	for _, c := range b.t.codecats {
		if s := sets[c.catid]; s != nil && c.active {
			b.p.Sets = append(b.p.Sets, s)
			sets[c.catid] = nil
			b.rep.CodeSets++
		}
	}
}

func (b *builder) buildCodings() {
	for i := range b.t.codings {
		c := &b.t.codings[i]
		code, src := b.codes[c.cid], b.sources[c.fid]
		if code == nil || src == nil {
			if (code != nil || b.goneC[c.cid]) && (src != nil || b.gone[c.fid]) {
				b.rep.Cascaded[c.table]++
				continue
			}
			what := fmt.Sprintf("code %d", c.cid)
			if code != nil || b.goneC[c.cid] {
				what = fmt.Sprintf("source %d", c.fid)
			}
			b.rep.Dangling[c.table]++
			b.warn(WarnDangling, c.table, c.row, "the coding refers to %s, which is not in the database: left out", what)
			name := ""
			if code != nil {
				name = code.Name
			}
			b.drop(refi.ItemCodings, "Coding", c.table, c.row, name, "a coding of "+what+", which is not in the database")
			continue
		}
		b.place(c, code, src)
	}
}

// place puts coding c in its source where its seltext is: exactly if it
// occurs there, else with white space ignored; among several occurrences
// the one nearest the recorded selfirst.
func (b *builder) place(c *codingRow, code *refi.Code, src *source) {
	seltext := c.seltext
	if src.bom == 1 {
		seltext = strings.TrimPrefix(seltext, bom)
	}
	// Most passages are where RQDA recorded them: the hint would choose
	// that occurrence among all, so there is no need to look for others.
	if first, end := c.first-src.bom, c.end-src.bom; c.hasFirst && seltext != "" && 0 <= first && first <= end && end <= src.text.runes &&
		src.text.slice(first, end) == seltext {
		b.rep.Exact++
		b.rep.AtRecorded++
		b.addCoding(c, code, src, first, end)
		return
	}
	f := src.text.find()
	var h place.Hint
	if c.hasFirst {
		h = f.AtChar(int(max(c.first-src.bom, 0)))
	}
	p := f.Place(seltext, h)
	if !p.Placed() {
		reason := "seltext not found in the source's text"
		if c.seltext == "" {
			reason = "empty seltext"
		} else if p.Candidates > 1 {
			reason = fmt.Sprintf("seltext occurs %d times in the source and selfirst %d tells none of them apart", p.Candidates, c.first)
			b.rep.Ambiguous++
		}
		if p.Candidates <= 1 {
			b.rep.Missing++
		}
		b.rep.NotPlaced = append(b.rep.NotPlaced, NotPlaced{Source: src.ts.Name, Table: c.table, Row: c.row, Code: code.Name, Reason: reason, Text: clip(c.seltext, 80)})
		b.warn(WarnNotPlaced, c.table, c.row, "coding of %q in source %q: %s; left out", code.Name, src.ts.Name, reason)
		return
	}
	start, end := src.text.chars(p.Span.Start), src.text.chars(p.Span.End)
	if p.Status == place.Tolerant {
		b.rep.Tolerant++
		b.warn(WarnTolerant, c.table, c.row, "coding of %q in source %q: seltext found only with white space ignored, at %d-%d", code.Name, src.ts.Name, start, end)
	} else {
		b.rep.Exact++
	}
	if p.Hinted {
		b.rep.Hinted++
	}
	if c.hasFirst && start == c.first-src.bom && end == c.end-src.bom {
		b.rep.AtRecorded++
	} else {
		b.rep.Shifted++
	}
	b.addCoding(c, code, src, start, end)
}

// addCoding adds the selection [start, end) of coding c, with its coding.
func (b *builder) addCoding(c *codingRow, code *refi.Code, src *source, start, end int64) {
	user := b.user(c.owner)
	sel := refi.TextSelection{Start: start, End: end}
	sel.GUID, sel.Description = b.guid(c.table, "/", c.row), c.memo
	sel.CreatingUser, sel.Created = user, c.date
	sel.Codings = []refi.Coding{{GUID: b.guid(c.table, "/", c.row, "/coding"), Code: code.GUID, CreatingUser: user, Created: c.date}}
	src.ts.Selections = append(src.ts.Selections, sel)
	b.rep.Codings++
}

func (b *builder) buildCases() {
	for _, c := range b.t.cases {
		if !c.active {
			b.goneK[c.id] = true
			continue
		}
		if _, dup := b.cases[c.id]; dup {
			b.warn(WarnValue, "cases", c.row, "a second active case with id %d: left out", c.id)
			b.drop(refi.ItemCases, "", "cases", c.row, c.name, "a second case with the same id")
			continue
		}
		k := &refi.Case{GUID: b.guid("cases/", c.id), Name: c.name, Description: c.memo}
		b.cases[c.id] = k
		b.p.Cases = append(b.p.Cases, k)
		b.rep.Cases++
	}
	whole := map[[2]int64]bool{}
	for _, l := range b.t.links {
		k, src := b.cases[l.caseid], b.sources[l.fid]
		if k == nil || src == nil {
			if (k != nil || b.goneK[l.caseid]) && (src != nil || b.gone[l.fid]) {
				b.rep.Cascaded["caselinkage"]++
				continue
			}
			b.rep.Dangling["caselinkage"]++
			b.warn(WarnDangling, "caselinkage", l.row, "case %d or source %d is not in the database: the link is left out", l.caseid, l.fid)
			b.drop(refi.ItemCases, "", "caselinkage", l.row, "", "a case link to a missing case or source")
			continue
		}
		n := src.text.runes
		if src.bom == 1 && l.ok {
			l.first, l.end = max(l.first-1, 0), l.end-1
		}
		if !l.ok || l.first < 0 || l.end > n || l.first > l.end {
			reason := fmt.Sprintf("selfirst %d and selend %d are outside the source's %d characters", l.first, l.end, n)
			if !l.ok {
				reason = "selfirst or selend is not a number"
			}
			b.rep.NotPlaced = append(b.rep.NotPlaced, NotPlaced{Source: src.ts.Name, Table: "caselinkage", Row: l.row, Case: k.Name, Reason: reason})
			b.warn(WarnRange, "caselinkage", l.row, "link of case %q to source %q: %s; left out", k.Name, src.ts.Name, reason)
			continue
		}
		if l.first == 0 && l.end == n {
			if !whole[[2]int64{l.caseid, l.fid}] {
				whole[[2]int64{l.caseid, l.fid}] = true
				k.SourceRefs = append(k.SourceRefs, src.ts.GUID)
			}
			b.rep.CaseSources++
			continue
		}
		sel := refi.TextSelection{Start: l.first, End: l.end}
		sel.GUID, sel.Description = b.guid("caselinkage/", l.row), l.memo
		sel.CreatingUser, sel.Created = b.user(l.owner), l.date
		src.ts.Selections = append(src.ts.Selections, sel)
		k.SelectionRefs = append(k.SelectionRefs, sel.GUID)
		b.rep.CasePassages++
	}
}

func (b *builder) buildNotes() {
	for _, n := range b.t.notes {
		g := b.guid(n.table, "/", n.row)
		note := &refi.TextSource{PlainTextPath: "internal://" + string(g) + ".txt"}
		note.GUID, note.Name = g, n.name
		note.CreatingUser, note.Created = b.user(n.user), n.date
		if n.table == "journal" {
			b.files[string(g)+".txt"] = []byte(n.text)
			b.p.Notes = append(b.p.Notes, note)
			b.rep.Journals++
			continue
		}
		src := b.sources[n.fid]
		if src == nil {
			if b.gone[n.fid] {
				b.rep.Cascaded["annotation"]++
				continue
			}
			b.rep.Dangling["annotation"]++
			b.warn(WarnDangling, "annotation", n.row, "source %d is not in the database: the annotation is left out", n.fid)
			b.drop(refi.ItemNotes, "", "annotation", n.row, "", "an annotation of a missing source")
			continue
		}
		note.Name = fmt.Sprintf("Annotation of %s at %d", src.ts.Name, n.pos)
		b.files[string(g)+".txt"] = []byte(n.text)
		b.p.Notes = append(b.p.Notes, note)
		b.rep.Annotations++
		if n.hasPos && src.bom == 1 {
			n.pos = max(n.pos-1, 0)
		}
		if !n.hasPos || n.pos < 0 || n.pos > src.text.runes {
			b.warn(WarnRange, "annotation", n.row, "position %d is outside source %q (%d characters): the annotation is attached to the whole source", n.pos, src.ts.Name, src.text.runes)
			src.ts.NoteRefs = append(src.ts.NoteRefs, g)
			continue
		}
		// An empty selection at the annotation's place carries it.
		sel := refi.TextSelection{Start: n.pos, End: n.pos}
		sel.GUID, sel.NoteRefs = b.guid("annotation/", n.row, "/anchor"), []refi.GUID{g}
		sel.CreatingUser, sel.Created = note.CreatingUser, n.date
		src.ts.Selections = append(src.ts.Selections, sel)
	}
}

func (b *builder) notCarried() {
	b.rep.NotCarried = append(b.rep.NotCarried,
		"owners and dates of codes, code and file categories, cases and attributes (REFI-QDA has no creating user or date on them)",
		"modification dates (dateM) and the modifying user",
		"the order RQDA lists items in (by name or date)")
	if b.t.images > 0 || b.t.imageCoding > 0 {
		msg := fmt.Sprintf("%d images and %d image codings: RQDA keeps the pictures outside the database (project.imageDir), so they are not carried", b.t.images, b.t.imageCoding)
		b.rep.NotCarried = append(b.rep.NotCarried, msg)
		b.warn(WarnNotCarried, "image", 0, "%s", msg)
		if b.t.images > 0 {
			b.rep.Dropped = append(b.rep.Dropped, Dropped{Kind: refi.ItemSources, Element: "PictureSource", Table: "image", Count: b.t.images, Why: "images are kept outside the database"})
		}
		if b.t.imageCoding > 0 {
			b.rep.Dropped = append(b.rep.Dropped, Dropped{Kind: refi.ItemCodings, Element: "Coding", Table: "imageCoding", Count: b.t.imageCoding, Why: "codings of images kept outside the database"})
		}
	}
}

// origin is the project's origin: RQDA and the database version.
func origin(version string) string {
	if version == "" {
		return "RQDA"
	}
	return "RQDA (database version " + clip(version, 20) + ")"
}
