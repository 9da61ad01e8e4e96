package nvivo

import (
	"fmt"
	"io/fs"
	"sort"
	"strings"
	"time"

	"github.com/qdabridge/qdabridge/internal/memfs"
	"github.com/qdabridge/qdabridge/refi"
)

// Builder combines any set of NVivo exports into one REFI-QDA project.
// Add the exports read by a [Reader], then call Build. Its exported fields
// are options; set them before Build. The zero value is ready to use.
//
// What each export gives:
//
//   - a codebook: the code tree with descriptions; folders under NVivo's
//     root folder become codes that cannot be applied (IsCodable false);
//   - a case classification: participants (cases) with variables; a file
//     classification: variables on the sources;
//   - a Coding Summary: codes, sources, users (from the coders'
//     initials), and one coding per reference, placed in its document when
//     Documents holds it (see the package documentation on recovering
//     positions); references of aggregate codes that repeat a
//     descendant's are not codings; rows coded at cases assign the
//     passage (or, at full coverage, the whole file) to the case;
//   - a list view: the codes, cases or files it lists, when not already
//     known, and for files the created/modified dates and users;
//   - a summary view: the files it lists;
//   - a framework matrix: its rows as cases and its columns as codes, when
//     not already known; a crosstab: its rows as codes;
//   - a matrix coding query result: nothing (its labels may be codes,
//     cases or files); it is reported.
//
// Names are matched case-insensitively: a code by its path (folders
// below NVivo's root folder, then its own path), a case and a file by their
// own name. GUIDs are derived from these names (version 5 GUIDs), so that
// building the same exports twice gives the same project.
type Builder struct {
	// Name is the project's name. Default "NVivo exports".
	Name string

	// Documents holds the source documents (.txt or .docx), in any folder.
	// A file of the exports is matched to the document whose name, without
	// its extension, is the file's name, compared case-insensitively (and
	// to one whose name with the extension is). A .txt document is stored
	// in the project as it is; for a .docx the plain text of its
	// paragraphs (see the package documentation) is stored, and the .docx
	// as the rich text. Nil means no documents: codings cannot be placed
	// and are reported missing.
	Documents fs.FS

	// KeepNotApplicable keeps the values labelled Not Applicable, as text
	// values (the attribute's variable becomes a Text variable). By default
	// they are left out, like Unassigned, and counted in the report.
	KeepNotApplicable bool

	// PlainVariableNames names variables by the attribute alone. By default
	// a variable of a named classification is called
	// "<classification>:<attribute>", as NVivo names them in its own
	// REFI-QDA exports (the classification has no other place in REFI-QDA).
	PlainVariableNames bool

	// Location is the time zone of the dates and times in the exports,
	// which NVivo writes in local time without a zone (for example
	// time.LoadLocation("Europe/London")). Nil keeps them without a zone
	// (in [refi.NoTimeZone]: written so, compared as UTC), and the report
	// has a [WarnTimeZone] warning when a time was used.
	Location *time.Location

	// PassageSources gives a file whose document is not in Documents a text
	// made of its coded passages (each distinct one once, as written, in
	// the order met, separated by blank lines), so that its codings are
	// kept, each on its own passage; the source's description says so. By
	// default such a file has no text (the source has neither a plain-text
	// path nor content) and its codings are reported missing.
	PassageSources bool

	// MaxDocumentBytes bounds the size of a document file of Documents: a
	// larger one is not read (its size is checked first, and it is read
	// through a limit), and is reported with a WarnDocument warning; its
	// file's passages are then missing. Zero means 256 MiB. A .docx is
	// also refused, the same way, when its text would inflate beyond the
	// bounds the package documentation gives (checked before inflating).
	MaxDocumentBytes int64

	// MaxWarnings is how many warnings of each code the report lists.
	// Zero means 1000.
	MaxWarnings int

	exports []*Export
}

// Add adds an export to combine. Exports are used in kind order (codebooks,
// coding summaries, tables, classifications) and, within a kind, in the
// order added.
func (b *Builder) Add(e *Export) {
	if e != nil {
		b.exports = append(b.exports, e)
	}
}

// Result is what [Builder.Build] gives: the project, the files its sources
// name (refi.NewDocument(res.Project, res.Files) is a Document to write
// with [refi.Writer.Write]), and a report of what was found,
// inferred and could not be placed.
type Result struct {
	Project *refi.Project
	Files   fs.FS
	Report  *Report
}

// Build makes the project. It fails with an error wrapping
// [ErrNothingToBuild] when the exports name no code, case or file (a matrix
// alone), and with one wrapping [ErrBadDocument] when Documents cannot be
// listed. Everything else that could not be used is in the report.
func (b *Builder) Build() (*Result, error) {
	st := &build{b: b, rep: &Report{}, ws: newWarnings("", b.MaxWarnings),
		users: map[string]*refi.User{}, root: &codeNode{kids: map[string]*codeNode{}},
		cases: map[string]*caseEntry{}, vars: map[string]*varEntry{}, srcs: map[string]*srcEntry{},
		files: memfs.FS{}, seenRefs: map[string]*Export{}}
	for _, e := range b.exports {
		st.rep.Inputs = append(st.rep.Inputs, InputReport{Path: e.Name, Kind: e.Kind, Format: e.Format, Rows: e.Rows,
			Detection: e.Detection, Warnings: len(e.Warnings)})
	}
	for _, kinds := range [][]ExportKind{{KindCodebook}, {KindCodingSummary}, {KindList, KindSummaryView, KindFramework, KindCrosstab, KindMatrix}, {KindClassification}} {
		for _, e := range b.exports {
			for _, k := range kinds {
				if e.Kind == k {
					st.add(e)
				}
			}
		}
	}
	if len(st.root.order) == 0 && len(st.caseOrder) == 0 && len(st.srcOrder) == 0 {
		return nil, st.nothing()
	}
	// cases and sources in name order, as NVivo lists them
	sort.SliceStable(st.caseOrder, func(i, j int) bool { return naturalLess(st.caseOrder[i].c.Name, st.caseOrder[j].c.Name) })
	sort.SliceStable(st.srcOrder, func(i, j int) bool { return naturalLess(st.srcOrder[i].src.Name, st.srcOrder[j].src.Name) })
	if err := st.place(); err != nil {
		return nil, err
	}
	p := st.project()
	rep := st.rep
	c := p.Counts()
	rep.Codes, rep.Sources, rep.Users, rep.Variables, rep.Excerpts, rep.Codings = c.Codes, c.Sources, c.Users, c.Variables, c.Selections, c.Codings
	rep.Participants = len(p.Cases)
	for _, e := range b.exports {
		rep.Warnings = append(rep.Warnings, e.Warnings...)
	}
	if st.zoneless > 0 {
		st.ws.add(Warning{Code: WarnTimeZone, Count: st.zoneless,
			Message: fmt.Sprintf("%d dates and times of the exports have no time zone (NVivo writes local time): kept without one, as the standard allows (a tool's profile writes them as UTC); name their zone to convert them (Builder.Location; --tz in the commands)", st.zoneless)})
	}
	rep.Warnings = append(rep.Warnings, st.ws.result()...)
	if rep.Documents == nil {
		rep.Documents = []DocumentReport{}
	}
	if rep.Attributes == nil {
		rep.Attributes = []AttributeReport{}
	}
	if rep.Placements == nil {
		rep.Placements = []Placement{}
	}
	if rep.Warnings == nil {
		rep.Warnings = []Warning{}
	}
	if rep.Inputs == nil {
		rep.Inputs = []InputReport{}
	}
	return &Result{Project: p, Files: st.files, Report: rep}, nil
}

// nothing explains why there is no project.
func (st *build) nothing() error {
	if len(st.b.exports) == 0 {
		return fmt.Errorf("%w: no exports were given", ErrNothingToBuild)
	}
	var parts []string
	for _, e := range st.b.exports {
		what := ""
		switch e.Kind {
		case KindMatrix:
			what = "a matrix coding query result holds counts; its labels may be codes, cases or files"
		case KindCrosstab, KindFramework:
			what = "it has no labels"
		case KindList:
			what = "its columns do not say whether it lists codes, cases or files"
		default:
			what = "it has no rows"
		}
		parts = append(parts, fmt.Sprintf("%s is a %s export: %s", e.Name, e.Kind, what))
	}
	return fmt.Errorf("%w: %s; add a codebook, a classification sheet or a Coding Summary export (with the documents, for codings)",
		ErrNothingToBuild, strings.Join(parts, "; "))
}

type build struct {
	b   *Builder
	rep *Report
	ws  *warnings
	// zoneless counts the times kept without a zone for want of a Location
	zoneless int

	users     map[string]*refi.User
	userOrder []*refi.User
	root      *codeNode
	cases     map[string]*caseEntry
	caseOrder []*caseEntry
	vars      map[string]*varEntry
	varOrder  []*varEntry
	srcs      map[string]*srcEntry
	srcOrder  []*srcEntry
	files     memfs.FS
	seenRefs  map[string]*Export
}

type codeNode struct {
	code  *refi.Code
	names []string // full path of names from the top
	kids  map[string]*codeNode
	order []*codeNode
}

type caseEntry struct {
	c        *refi.Case
	values   map[string]AttributeValue // by variable key
	srcRefs  map[string]bool
	selRefs  map[refi.GUID]bool
	selOrder []refi.GUID
	srcOrder []string
}

type varEntry struct {
	v    *refi.Variable
	typ  AttributeType
	text bool   // values are kept as text (Not Applicable kept, or types differ)
	from string // the export and column that first named it
}

type srcEntry struct {
	key    string
	src    *refi.TextSource
	folder []string
	refs   []refItem
	values map[string]AttributeValue
}

type refItem struct {
	input string
	ref   *Reference
	code  *codeNode  // nil for a case reference
	cas   *caseEntry // set for a case reference
}

func (it refItem) codeNames() []string {
	if it.cas != nil {
		return []string{"\x01case", it.cas.c.Name}
	}
	return it.code.names
}

func (st *build) user(initials string) *refi.User {
	initials = strings.TrimSpace(initials)
	if initials == "" {
		return nil
	}
	if u, ok := st.users[initials]; ok {
		return u
	}
	u := &refi.User{GUID: guidFor("nvivo:user:" + initials), Name: initials, ID: initials}
	st.users[initials] = u
	st.userOrder = append(st.userOrder, u)
	return u
}

// codeAt returns the code for a path of names, creating what is missing.
// The first folders names are folders (codes that cannot be applied).
func (st *build) codeAt(folders, path []string) *codeNode {
	n := st.root
	names := append(append([]string(nil), folders...), path...)
	for i, name := range names {
		k := strings.ToLower(name)
		kid, ok := n.kids[k]
		codable := i >= len(folders)
		if !ok {
			kid = &codeNode{names: append([]string(nil), names[:i+1]...), kids: map[string]*codeNode{},
				code: &refi.Code{GUID: guidFor("nvivo:code:" + pathKey(names[:i+1])), Name: name, IsCodable: codable}}
			n.kids[k] = kid
			n.order = append(n.order, kid)
		} else if codable {
			kid.code.IsCodable = true
		}
		n = kid
	}
	return n
}

// codesNamed returns the codes whose own name is name.
func (st *build) codesNamed(name string) []*codeNode {
	var out []*codeNode
	var walk func(n *codeNode)
	walk = func(n *codeNode) {
		for _, k := range n.order {
			if strings.EqualFold(k.code.Name, name) {
				out = append(out, k)
			}
			walk(k)
		}
	}
	walk(st.root)
	return out
}

func (st *build) caseNamed(name string, create bool) *caseEntry {
	k := strings.ToLower(strings.TrimSpace(name))
	if c, ok := st.cases[k]; ok || !create {
		return c
	}
	c := &caseEntry{c: &refi.Case{GUID: guidFor("nvivo:case:" + k), Name: strings.TrimSpace(name)},
		values: map[string]AttributeValue{}, srcRefs: map[string]bool{}, selRefs: map[refi.GUID]bool{}}
	st.cases[k] = c
	st.caseOrder = append(st.caseOrder, c)
	return c
}

// sourceKey is the key of a file: its name, lower case, without the
// extension of a document NVivo may have kept.
func sourceKey(name string) string {
	k := strings.ToLower(strings.TrimSpace(name))
	for _, ext := range []string{".txt", ".docx", ".doc", ".rtf", ".pdf"} {
		k = strings.TrimSuffix(k, ext)
	}
	return k
}

func (st *build) sourceNamed(name string, folder []string, create bool) *srcEntry {
	k := sourceKey(name)
	if s, ok := st.srcs[k]; ok || !create {
		if ok && len(s.folder) == 0 && len(folder) > 0 {
			s.folder = folder
		}
		return s
	}
	s := &srcEntry{key: k, folder: folder, values: map[string]AttributeValue{},
		src: &refi.TextSource{SourceBase: refi.SourceBase{GUID: guidFor("nvivo:source:" + k), Name: strings.TrimSpace(name)}}}
	st.srcs[k] = s
	st.srcOrder = append(st.srcOrder, s)
	return s
}

func (st *build) add(e *Export) {
	switch {
	case e.Codebook != nil:
		for _, c := range e.Codebook.Codes {
			var folders []string
			if len(c.Folder) > 1 {
				folders = c.Folder[1:] // the first is NVivo's root folder
			}
			n := st.codeAt(folders, c.Path)
			if n.code.Description == "" {
				n.code.Description = c.Description
			}
		}
	case e.CodingSummary != nil:
		st.addCodingSummary(e)
	case e.Table != nil:
		st.addTable(e)
	case e.Classification != nil:
		st.addClassification(e)
	}
}

// project assembles the refi.Project.
func (st *build) project() *refi.Project {
	name := st.b.Name
	if name == "" {
		name = "NVivo exports"
	}
	p := &refi.Project{Name: name, Origin: "qdabridge nvivo (from NVivo spreadsheet exports)"}
	p.Users = st.userOrder
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
	for _, v := range st.varOrder {
		v.v.Type = v.typ.VariableType()
		if v.text {
			v.v.Type = refi.VarText
		}
		p.Variables = append(p.Variables, v.v)
	}
	values := func(m map[string]AttributeValue) []refi.VariableValue {
		var out []refi.VariableValue
		for _, v := range st.varOrder {
			val, ok := m[strings.ToLower(v.v.Name)]
			if !ok {
				continue
			}
			out = append(out, variableValue(v, val))
		}
		return out
	}
	for _, c := range st.caseOrder {
		c.c.Values = values(c.values)
		for _, k := range c.srcOrder {
			c.c.SourceRefs = append(c.c.SourceRefs, st.srcs[k].src.GUID)
		}
		c.c.SelectionRefs = append(c.c.SelectionRefs, c.selOrder...)
		p.Cases = append(p.Cases, c.c)
	}
	for _, s := range st.srcOrder {
		s.src.Values = values(s.values)
		p.Sources = append(p.Sources, s.src)
	}
	return p
}

func variableValue(v *varEntry, val AttributeValue) refi.VariableValue {
	g := v.v.GUID
	if v.text || v.typ == AttrText || val.State != Assigned {
		return refi.TextValue(g, val.Text)
	}
	return refi.VariableValue{Variable: g, Type: v.typ.VariableType(), Value: val.Lexical}
}
