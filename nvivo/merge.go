package nvivo

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path"
	"sort"
	"strings"
	"time"

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
//     Documents holds it (see [FindPassage] and the package documentation
//     on recovering positions); references of aggregate codes that repeat
//     a descendant's are not codings; rows coded at cases assign the
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
// own name. GUIDs are derived from these names with [refi.GUIDFor], so that
// building the same exports twice gives the same project.
type Builder struct {
	// Name is the project's name. Default "NVivo exports".
	Name string

	// Documents holds the source documents (.txt or .docx), in any folder.
	// A file of the exports is matched to the document whose name, without
	// its extension, is the file's name, compared case-insensitively (and
	// to one whose name with the extension is). A .txt document is stored
	// in the project as it is; for a .docx the plain text of its paragraphs
	// (see [DocxText]) is stored, and the .docx as the rich text. Nil means
	// no documents: codings cannot be placed and are reported missing.
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
	// file's passages are then missing. Zero means MaxDocumentSize. A .docx
	// is also refused, the same way, when its text would inflate beyond
	// the bounds of DocxText (checked before inflating).
	MaxDocumentBytes int64

	// MaxWarnings is how many warnings of each code the report lists.
	// Zero means DefaultMaxWarnings.
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
// name (to pass to [refi.Writer.WriteQDPX]), and a report of what was found,
// inferred and could not be placed.
type Result struct {
	Project *refi.Project
	Files   fs.FS
	Report  *Report
}

// Report says what a build found, inferred and could not place. Its JSON
// form is the one printed by examples/nvivo2qdpx --json.
type Report struct {
	Inputs []InputReport `json:"inputs"`

	Codes        int `json:"codes"`
	Participants int `json:"participants"`
	Sources      int `json:"sources"`
	Users        int `json:"users"`
	Variables    int `json:"variables"`
	Excerpts     int `json:"excerpts"` // text selections made
	Codings      int `json:"codings"`

	// References counts the Coding Summary references considered (rows of
	// aggregate codes repeating a descendant's are in AggregateRepeats, not
	// here); Matched of them were placed, Exact and Tolerant say how.
	// Ambiguous and Missing were not placed. References assigning a whole
	// file to a case are counted in CaseFiles, not here.
	References       int `json:"references"`
	Matched          int `json:"matched"`
	Exact            int `json:"exact"`
	Tolerant         int `json:"tolerant"`
	Ambiguous        int `json:"ambiguous"`
	Missing          int `json:"missing"`
	AggregateRepeats int `json:"aggregateRepeats"`
	CaseFiles        int `json:"caseFiles"`

	// NotApplicable counts the values labelled Not Applicable that were
	// left out (zero with KeepNotApplicable).
	NotApplicable int `json:"notApplicable"`

	Documents  []DocumentReport  `json:"documents"`
	Attributes []AttributeReport `json:"attributes"`
	// Placements lists every reference not placed by a single exact
	// match: tolerant, ambiguous and missing ones, and exact ones that
	// occur several times and were told apart by the reference order.
	Placements []Placement `json:"placements"`
	Warnings   []Warning   `json:"warnings"`
}

// InputReport describes one export of a build.
type InputReport struct {
	Path      string `json:"path"`
	Kind      Kind   `json:"kind"`
	Format    Format `json:"format"`
	Rows      int    `json:"rows"`
	Detection string `json:"detection"`
	Warnings  int    `json:"warnings"`
}

// DocumentReport says which document was used for a file, if any.
type DocumentReport struct {
	File     string `json:"file"`               // the file's name in the exports
	Document string `json:"document,omitempty"` // path in Builder.Documents; "" when none
	Format   string `json:"format,omitempty"`   // "txt", "docx", or "passages" (PassageSources)
	Placed   int    `json:"placed"`
	Unplaced int    `json:"unplaced"`
}

// AttributeReport gives an attribute's inferred type and why.
type AttributeReport struct {
	Classification string        `json:"classification"`
	Attribute      string        `json:"attribute"`
	Variable       string        `json:"variable"`
	Type           AttributeType `json:"type"`
	VariableType   string        `json:"variableType"`
	Evidence       string        `json:"evidence"`
}

// Placement is one reference that was not placed by a single exact match.
type Placement struct {
	Input      string      `json:"input"`
	Row        int         `json:"row"`
	Line       int         `json:"line,omitempty"`
	File       string      `json:"file"`
	Code       string      `json:"code"`
	Coder      string      `json:"coder,omitempty"`
	Status     MatchStatus `json:"status"`
	Candidates int         `json:"candidates"`
	// Start and End are the place chosen (code points), for a placed
	// reference.
	Start  int64  `json:"start,omitempty"`
	End    int64  `json:"end,omitempty"`
	Reason string `json:"reason"`
	Text   string `json:"text"` // the coded text, shortened
}

// Build makes the project. It fails with an error wrapping
// [ErrNothingToBuild] when the exports name no code, case or file (a matrix
// alone), and with one wrapping [ErrBadDocument] when Documents cannot be
// listed. Everything else that could not be used is in the report.
func (b *Builder) Build() (*Result, error) {
	st := &build{b: b, rep: &Report{}, ws: newWarnings("", b.MaxWarnings),
		users: map[string]*refi.User{}, root: &codeNode{kids: map[string]*codeNode{}},
		cases: map[string]*caseEntry{}, vars: map[string]*varEntry{}, srcs: map[string]*srcEntry{},
		files: memFS{}, seenRefs: map[string]*Export{}}
	for _, e := range b.exports {
		st.rep.Inputs = append(st.rep.Inputs, InputReport{Path: e.Name, Kind: e.Kind, Format: e.Format, Rows: e.Rows,
			Detection: e.Detection, Warnings: len(e.Warnings)})
	}
	for _, kinds := range [][]Kind{{KindCodebook}, {KindCodingSummary}, {KindList, KindSummaryView, KindFramework, KindCrosstab, KindMatrix}, {KindClassification}} {
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
	files     memFS
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
	values   map[string]Value // by variable key
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
	values map[string]Value
}

type refItem struct {
	input string
	ref   *Reference
	code  *codeNode  // nil for a case reference
	cas   *caseEntry // set for a case reference
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
		values: map[string]Value{}, srcRefs: map[string]bool{}, selRefs: map[refi.GUID]bool{}}
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
	s := &srcEntry{key: k, folder: folder, values: map[string]Value{},
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

func (st *build) addCodingSummary(e *Export) {
	cs := e.CodingSummary
	dups := 0
	for i := range cs.References {
		r := &cs.References[i]
		src := st.sourceNamed(r.File, r.FileFolder, true)
		if r.Repeat {
			st.rep.AggregateRepeats++
			continue
		}
		// the same reference in another export (the .xlsx and the .txt of
		// one extract, or By Code and By File)
		k := fmt.Sprintf("%s\x00%v\x00%s\x00%s\x00%d\x00%s", pathKey(append(append([]string(nil), r.CodeFolder[min(1, len(r.CodeFolder)):]...), r.CodePath...)),
			r.IsCase(), sourceKey(r.File), r.Coder, r.Number, normText(r.Text))
		if prev, ok := st.seenRefs[k]; ok && prev != e {
			dups++
			continue
		}
		st.seenRefs[k] = e
		st.user(r.Coder)
		item := refItem{input: e.Name, ref: r}
		if r.IsCase() {
			item.cas = st.caseNamed(r.CodePath[len(r.CodePath)-1], true)
		} else {
			var folders []string
			if len(r.CodeFolder) > 1 {
				folders = r.CodeFolder[1:]
			}
			item.code = st.codeAt(folders, r.CodePath)
			if item.code.code.Description == "" {
				item.code.code.Description = r.CodeDescription
			}
		}
		src.refs = append(src.refs, item)
	}
	if dups > 0 {
		st.ws.add(Warning{Code: WarnDuplicate, File: e.Name, Count: dups,
			Message: fmt.Sprintf("%d references are also in an export read before; they are used once", dups)})
	}
}

func (st *build) addTable(e *Export) {
	t := e.Table
	warnNames := func(msg string) {
		st.ws.add(Warning{Code: WarnNames, File: e.Name, Message: msg})
	}
	switch e.Kind {
	case KindList, KindSummaryView:
		items := t.Items()
		switch t.ListOf {
		case "files":
			for _, it := range items {
				var folder []string
				if it.InFolder != "" {
					folder, _ = splitFolder(it.InFolder)
				}
				s := st.sourceNamed(it.Name, folder, true)
				if !it.Created.IsZero() && s.src.Created.IsZero() {
					s.src.Created = st.wall(it.Created)
					if u := st.user(it.CreatedBy); u != nil {
						s.src.CreatingUser = u.GUID
					}
				}
				if !it.Modified.IsZero() && s.src.Modified.IsZero() {
					s.src.Modified = st.wall(it.Modified)
					if u := st.user(it.ModifiedBy); u != nil {
						s.src.ModifyingUser = u.GUID
					}
				}
			}
		case "codes":
			added := 0
			for _, it := range items {
				if len(st.codesNamed(it.Name)) == 0 {
					st.codeAt(nil, []string{it.Name})
					added++
				}
			}
			if added > 0 {
				warnNames(fmt.Sprintf("%d codes of the list view added at the top of the code tree: a list shows no hierarchy", added))
			}
		case "cases":
			for _, it := range items {
				st.caseNamed(it.Name, true)
			}
		default:
			warnNames(fmt.Sprintf("%s: not used (it does not say what it lists)", e.Kind))
		}
	case KindFramework:
		for _, r := range t.Rows {
			st.caseNamed(r.Label.Name, true)
		}
		st.codesFromLabels(e, t.Columns, "columns")
	case KindCrosstab:
		rows := make([]Label, len(t.Rows))
		for i, r := range t.Rows {
			rows[i] = r.Label
		}
		st.codesFromLabels(e, rows, "rows")
	case KindMatrix:
		warnNames(fmt.Sprintf("matrix of %d rows × %d columns: its labels may be codes, cases or files, so none is added (the counts are in the export's Table)", len(t.Rows), len(t.Columns)))
	}
}

// codesFromLabels adds the labels that are not yet the name of a code as
// top-level codes; labels with the same name stay apart.
func (st *build) codesFromLabels(e *Export, labels []Label, axis string) {
	added := 0
	for _, l := range labels {
		if l.Name == "" || isTotal(l.Name) {
			continue
		}
		if len(st.codesNamed(l.Name)) > 0 && l.Key == l.Name {
			continue
		}
		n := st.codeAt(nil, []string{l.Key})
		n.code.Name = l.Name
		added++
	}
	if added > 0 {
		st.ws.add(Warning{Code: WarnNames, File: e.Name, Count: added,
			Message: fmt.Sprintf("%d codes named by the %s of the %s added at the top of the code tree: it shows only leaf names", added, axis, e.Kind)})
	}
}

// wall gives a time read from an export (a wall-clock time, in UTC) the
// zone of Builder.Location, or none.
func (st *build) wall(t time.Time) time.Time {
	loc := st.b.Location
	switch loc {
	case nil:
		st.zoneless++
		loc = refi.NoTimeZone()
	case time.UTC:
		return t
	}
	return time.Date(t.Year(), t.Month(), t.Day(), t.Hour(), t.Minute(), t.Second(), t.Nanosecond(), loc)
}

func (st *build) addClassification(e *Export) {
	cl := e.Classification
	kind := cl.Kind
	if kind == CaseClassification && len(cl.Rows) > 0 && len(st.srcOrder) > 0 {
		files, cases := 0, 0
		for _, r := range cl.Rows {
			if st.sourceNamed(r.Name, nil, false) != nil {
				files++
			}
			if st.caseNamed(r.Name, false) != nil {
				cases++
			}
		}
		if files == len(cl.Rows) && cases == 0 {
			kind = FileClassification
			st.ws.add(Warning{Code: WarnNames, File: e.Name,
				Message: fmt.Sprintf("classification \"%s\" read as a file classification: every one of its %d names is a file of the other exports", cl.Name, files)})
		}
	}
	keys := make([]string, len(cl.Attributes))
	for j, a := range cl.Attributes {
		name := a.Name
		if !st.b.PlainVariableNames && cl.Name != "" {
			name = cl.Name + ":" + a.Name
		}
		k := strings.ToLower(name)
		keys[j] = k
		v, ok := st.vars[k]
		if !ok {
			v = &varEntry{v: &refi.Variable{GUID: guidFor("nvivo:variable:" + k), Name: name}, typ: a.Type,
				from: fmt.Sprintf("%s column %s", e.Name, colName(a.Col))}
			st.vars[k] = v
			st.varOrder = append(st.varOrder, v)
		} else if v.typ != a.Type {
			v.text = true
			st.ws.add(Warning{Code: WarnType, File: e.Name, Col: a.Col, Header: a.Header,
				Message: fmt.Sprintf("variable \"%s\" is %s in %s and %s in %s column %s: its values are kept as text",
					name, v.typ, v.from, a.Type, e.Name, colName(a.Col))})
		}
		if st.b.KeepNotApplicable && a.Evidence.NotApplicable > 0 && a.Type != AttrText {
			v.text = true
		}
		st.rep.Attributes = append(st.rep.Attributes, AttributeReport{Classification: cl.Name, Attribute: a.Name, Variable: name,
			Type: a.Type, Evidence: a.Evidence.String()})
	}
	na := 0
	for _, r := range cl.Rows {
		var values map[string]Value
		if kind == FileClassification {
			values = st.sourceNamed(r.Name, r.Folders, true).values
		} else {
			values = st.caseNamed(r.Name, true).values
		}
		for j, v := range r.Values {
			switch v.State {
			case Assigned:
				values[keys[j]] = v
			case NotApplicable:
				if st.b.KeepNotApplicable {
					values[keys[j]] = v
				} else {
					na++
				}
			}
		}
	}
	if na > 0 {
		st.rep.NotApplicable += na
		st.ws.add(Warning{Code: WarnNotApplicable, File: e.Name, Count: na,
			Message: fmt.Sprintf("%d values labelled Not Applicable left out (set KeepNotApplicable to keep them as text)", na)})
	}
}

// document is the text a file's passages are looked for in.
type document struct {
	path   string // in Builder.Documents
	format string // "txt", "docx", "passages"
	text   *refi.Text
	find   *finder
	stored []byte          // the plain-text file stored
	rich   []byte          // the .docx, stored as the rich text
	spans  map[string]Span // where each passage is, for a text made of the passages
	norm   *string         // the text as normText gives it, once asked for
}

// docIndex lists the documents of Builder.Documents by key.
type docIndex map[string][]string

func (st *build) documents() (docIndex, error) {
	idx := docIndex{}
	if st.b.Documents == nil {
		return idx, nil
	}
	err := fs.WalkDir(st.b.Documents, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			return nil
		}
		ext := strings.ToLower(path.Ext(p))
		if ext != ".txt" && ext != ".docx" {
			return nil
		}
		base := path.Base(p)
		k := strings.ToLower(strings.TrimSuffix(base, path.Ext(base)))
		idx[k] = append(idx[k], p)
		if kk := strings.ToLower(base); kk != k {
			// a file named "x.docx" in NVivo matches "x.docx.txt" too
			idx[kk] = append(idx[kk], p)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("%w: listing the documents: %w", ErrBadDocument, err)
	}
	return idx, nil
}

// pick chooses the document of a file among the candidates: one whose
// folder matches the file's NVivo folders, then a .txt before a .docx.
func pickDocument(cands []string, folder []string) (string, bool) {
	if len(cands) == 0 {
		return "", false
	}
	score := func(p string) int {
		s := 0
		dir := strings.ToLower(path.Dir(p))
		if len(folder) > 1 {
			want := strings.ToLower(strings.Join(folder[1:], "/"))
			if dir == want || strings.HasSuffix(dir, "/"+want) {
				s += 2
			}
		}
		if strings.EqualFold(path.Ext(p), ".txt") {
			s++
		}
		return s
	}
	best := append([]string(nil), cands...)
	sort.SliceStable(best, func(i, j int) bool {
		if si, sj := score(best[i]), score(best[j]); si != sj {
			return si > sj
		}
		return best[i] < best[j]
	})
	return best[0], len(best) == 1 || score(best[0]) > score(best[1])
}

// readDocument reads the file p of fsys, at most limit bytes: its size is
// checked before it is read, and it is read through a limit, so that a
// larger file (or one that grows, or whose size is not told right) is never
// loaded whole.
func readDocument(fsys fs.FS, p string, limit int64) ([]byte, error) {
	f, err := fsys.Open(p)
	if err != nil {
		return nil, fmt.Errorf("%w: %s: %w", ErrBadDocument, p, err)
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return nil, fmt.Errorf("%w: %s: %w", ErrBadDocument, p, err)
	}
	if !info.Mode().IsRegular() {
		return nil, fmt.Errorf("%w: %s is not a regular file", ErrBadDocument, p)
	}
	if info.Size() > limit {
		return nil, fmt.Errorf("%w: %s is larger than %d bytes", ErrBadDocument, p, limit)
	}
	data, err := io.ReadAll(io.LimitReader(f, limit+1))
	if err != nil {
		return nil, fmt.Errorf("%w: %s: %w", ErrBadDocument, p, err)
	}
	if int64(len(data)) > limit {
		return nil, fmt.Errorf("%w: %s is larger than %d bytes", ErrBadDocument, p, limit)
	}
	return data, nil
}

func (st *build) loadDocument(p string) (*document, error) {
	limit := st.b.MaxDocumentBytes
	if limit <= 0 {
		limit = MaxDocumentSize
	}
	data, err := readDocument(st.b.Documents, p, limit)
	if err != nil {
		return nil, err
	}
	d := &document{path: p}
	if strings.EqualFold(path.Ext(p), ".docx") {
		s, err := DocxText(data)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", p, err)
		}
		d.format, d.rich, d.stored, d.text = "docx", data, []byte(s), refi.NewTextString(s)
	} else {
		d.format, d.stored = "txt", data
		if len(data) >= 2 && (data[0] == 0xFF && data[1] == 0xFE || data[0] == 0xFE && data[1] == 0xFF) {
			s, _ := decodeText(data)
			d.text = refi.NewTextString(s)
		} else {
			d.text = refi.NewText(data)
			if !d.text.ValidUTF8() {
				st.ws.add(Warning{Code: WarnDocument, File: p, Message: "document is not valid UTF-8: passages with other characters will not be found"})
			}
		}
	}
	d.find = newFinder(d.text.String())
	return d, nil
}

// place locates every reference in its document and makes the selections.
func (st *build) place() error {
	idx, err := st.documents()
	if err != nil {
		return err
	}
	for _, s := range st.srcOrder {
		dr := DocumentReport{File: s.src.Name}
		var doc *document
		if cands := idx[s.key]; len(cands) > 0 {
			p, sure := pickDocument(cands, s.folder)
			if !sure {
				st.ws.add(Warning{Code: WarnDocument, File: p,
					Message: fmt.Sprintf("several documents could be the file \"%s\" (%s); %s is used", s.src.Name, strings.Join(cands, ", "), p)})
			}
			d, err := st.loadDocument(p)
			if err != nil {
				st.ws.add(Warning{Code: WarnDocument, File: p, Message: err.Error()})
			} else {
				doc = d
			}
		}
		if doc == nil && st.b.PassageSources && len(s.refs) > 0 {
			doc = passageDocument(s)
		}
		if doc != nil {
			dr.Document, dr.Format = doc.path, doc.format
			name := string(s.src.GUID) + ".txt"
			st.files[name] = doc.stored
			s.src.PlainTextPath = "internal://" + name
			if doc.rich != nil {
				rich := string(s.src.GUID) + ".docx"
				st.files[rich] = doc.rich
				s.src.RichTextPath = "internal://" + rich
			}
			if doc.format == "passages" {
				s.src.Description = "Text made of the passages coded in the NVivo exports (each once, separated by blank lines); the original document was not available."
			}
		} else if len(s.refs) > 0 {
			st.ws.add(Warning{Code: WarnDocument, Count: len(s.refs),
				Message: fmt.Sprintf(noDocument+" \"%s\": its %d references cannot be placed (give the documents, or set PassageSources)", s.src.Name, len(s.refs))})
		}
		dr.Placed, dr.Unplaced = st.placeSource(s, doc)
		st.rep.Documents = append(st.rep.Documents, dr)
	}
	return nil
}

// passageDocument makes a text of the coded passages of a file: each
// distinct passage once, as written, separated by blank lines. Every
// passage's place in it is known, so none is looked for.
func passageDocument(s *srcEntry) *document {
	var b strings.Builder
	spans := map[string]Span{}
	for _, it := range s.refs {
		t := it.ref.Text
		if _, ok := spans[t]; ok || strings.TrimSpace(t) == "" || it.cas != nil && it.ref.References <= 1 && it.ref.Coverage >= fullCoverage {
			continue
		}
		if b.Len() > 0 {
			b.WriteString("\n\n")
		}
		spans[t] = Span{b.Len(), b.Len() + len(t)}
		b.WriteString(t)
	}
	text := b.String()
	return &document{format: "passages", stored: []byte(text), text: refi.NewTextString(text), find: newFinder(text), spans: spans}
}

// fullCoverage is the coverage from which a case reference assigns the
// whole file to the case.
const fullCoverage = 0.999

type placed struct {
	status MatchStatus
	span   Span
	n      int // candidates
	reason string
}

func (st *build) placeSource(s *srcEntry, doc *document) (nPlaced, nUnplaced int) {
	// whole-file case references need no search
	var refs []refItem
	for _, it := range s.refs {
		if it.cas != nil && (it.ref.References <= 1 && it.ref.Coverage >= fullCoverage || doc != nil && coversAll(doc, it.ref.Text)) {
			if !it.cas.srcRefs[s.key] {
				it.cas.srcRefs[s.key] = true
				it.cas.srcOrder = append(it.cas.srcOrder, s.key)
			}
			st.rep.CaseFiles++
			continue
		}
		refs = append(refs, it)
	}
	res := make([]placed, len(refs))
	if doc == nil {
		for i := range res {
			res[i] = placed{status: MatchMissing, reason: "no document"}
		}
	} else {
		// candidates of each reference
		cands := make([][]Span, len(refs))
		tolerant := make([]bool, len(refs))
		cache := map[string]int{}
		for i, it := range refs {
			if j, ok := cache[it.ref.Text]; ok {
				cands[i], tolerant[i] = cands[j], tolerant[j]
				continue
			}
			cache[it.ref.Text] = i
			if sp, ok := doc.spans[it.ref.Text]; ok {
				cands[i] = []Span{sp}
				continue
			}
			cands[i], tolerant[i] = doc.find.find(it.ref.Text)
		}
		// groups: the references of one code (or case) in this file, in
		// Reference Number order (row order when there is none)
		groups := map[string][]int{}
		var gorder []string
		for i, it := range refs {
			k := "code:" + pathKey(it.codeNames())
			if _, ok := groups[k]; !ok {
				gorder = append(gorder, k)
			}
			groups[k] = append(groups[k], i)
		}
		for _, k := range gorder {
			g := groups[k]
			numbered := true
			for _, i := range g {
				numbered = numbered && refs[i].ref.Number > 0
			}
			if numbered {
				sort.SliceStable(g, func(a, b int) bool { return refs[g[a]].ref.Number < refs[g[b]].ref.Number })
			}
			ors := make([]orderRef, len(g))
			for j, i := range g {
				ors[j] = orderRef{cands: cands[i], coder: refs[i].ref.Coder}
			}
			chosen := resolveOrder(ors)
			for j, i := range g {
				switch {
				case len(cands[i]) == 0:
					res[i] = placed{status: MatchMissing, reason: "text not found in the document"}
				case len(chosen[j]) == 1:
					status := MatchExact
					if tolerant[i] {
						status = MatchTolerant
					}
					reason := ""
					if len(cands[i]) > 1 {
						reason = fmt.Sprintf("occurs %d times; the reference order chose one", len(cands[i]))
					}
					if tolerant[i] {
						reason = strings.TrimPrefix(reason+"; found when white space and line ends are ignored", "; ")
					}
					res[i] = placed{status: status, span: chosen[j][0], n: len(cands[i]), reason: reason}
				default:
					res[i] = placed{status: MatchAmbiguous, n: len(cands[i]),
						reason: fmt.Sprintf("occurs %d times and the reference order leaves %d possible", len(cands[i]), len(chosen[j]))}
				}
			}
		}
	}
	// selections
	type selKey struct{ a, b int }
	sels := map[selKey]int{}
	codings := map[string]bool{}
	for i, it := range refs {
		r := res[i]
		st.rep.References++
		switch r.status {
		case MatchExact:
			st.rep.Exact++
			st.rep.Matched++
		case MatchTolerant:
			st.rep.Tolerant++
			st.rep.Matched++
		case MatchAmbiguous:
			st.rep.Ambiguous++
		case MatchMissing:
			st.rep.Missing++
		}
		placedHere := r.status == MatchExact || r.status == MatchTolerant
		var start, end int64
		var err1, err2 error
		if placedHere {
			start, err1 = doc.text.Position(r.span.Start, refi.Positions{})
			end, err2 = doc.text.Position(r.span.End, refi.Positions{})
		}
		if r.status != MatchExact || r.n > 1 {
			pl := Placement{Input: it.input, Row: it.ref.Row, Line: it.ref.Line, File: s.src.Name, Code: it.ref.CodeName(),
				Coder: it.ref.Coder, Status: r.status, Candidates: r.n, Reason: r.reason, Text: clip(it.ref.Text, 80),
				Start: start, End: end}
			st.rep.Placements = append(st.rep.Placements, pl)
			if r.status == MatchAmbiguous || r.status == MatchMissing {
				st.ws.add(Warning{Code: WarnPlacement, File: it.input, Row: it.ref.Row, Line: it.ref.Line,
					Message: fmt.Sprintf("%s: %s in \"%s\" at \"%s\" not placed: %s", r.status, clip(it.ref.Text, 60), s.src.Name, it.ref.CodeName(), r.reason)})
			}
		}
		if !placedHere {
			nUnplaced++
			continue
		}
		nPlaced++
		if err1 != nil || err2 != nil {
			// cannot happen: spans are on character boundaries
			continue
		}
		k := selKey{r.span.Start, r.span.End}
		si, ok := sels[k]
		if !ok {
			sel := refi.TextSelection{Start: start, End: end}
			sel.GUID = guidFor(fmt.Sprintf("nvivo:selection:%s:%d:%d", s.key, start, end))
			s.src.Selections = append(s.src.Selections, sel)
			si = len(s.src.Selections) - 1
			sels[k] = si
		}
		sel := &s.src.Selections[si]
		if it.cas != nil {
			if !it.cas.selRefs[sel.GUID] {
				it.cas.selRefs[sel.GUID] = true
				it.cas.selOrder = append(it.cas.selOrder, sel.GUID)
			}
			continue
		}
		u := st.user(it.ref.Coder)
		ck := string(sel.GUID) + "\x00" + string(it.code.code.GUID) + "\x00" + it.ref.Coder
		if codings[ck] {
			st.ws.add(Warning{Code: WarnDuplicate, File: it.input, Row: it.ref.Row, Line: it.ref.Line,
				Message: fmt.Sprintf("reference repeats a coding of the same passage at \"%s\" by \"%s\"; not added twice", it.ref.CodeName(), it.ref.Coder)})
			continue
		}
		codings[ck] = true
		c := refi.Coding{GUID: guidFor("nvivo:coding:" + ck), Code: it.code.code.GUID}
		if u != nil {
			c.CreatingUser = u.GUID
		}
		if !it.ref.Modified.IsZero() {
			c.Created = st.wall(it.ref.Modified)
		}
		sel.Codings = append(sel.Codings, c)
	}
	// selections in document order
	sort.SliceStable(s.src.Selections, func(i, j int) bool {
		a, b := s.src.Selections[i], s.src.Selections[j]
		if a.Start != b.Start {
			return a.Start < b.Start
		}
		return a.End < b.End
	})
	return nPlaced, nUnplaced
}

func (it refItem) codeNames() []string {
	if it.cas != nil {
		return []string{"\x01case", it.cas.c.Name}
	}
	return it.code.names
}

// coversAll reports whether text is the whole document, white space
// aside. The document's normal form is made once, for all its references.
func coversAll(d *document, text string) bool {
	if d.norm == nil {
		n := normText(d.text.String())
		d.norm = &n
	}
	a := normText(text)
	return a != "" && a == *d.norm
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
	values := func(m map[string]Value) []refi.VariableValue {
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

func variableValue(v *varEntry, val Value) refi.VariableValue {
	g := v.v.GUID
	if v.text || v.typ == AttrText || val.State != Assigned {
		return refi.TextValue(g, val.Text)
	}
	return refi.VariableValue{Variable: g, Type: v.typ.VariableType(), Value: val.Lexical}
}

// memFS is an in-memory fs.FS of the files a project names.
type memFS map[string][]byte

func (m memFS) Open(name string) (fs.File, error) {
	if !fs.ValidPath(name) {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrInvalid}
	}
	if name == "." {
		return &memDir{m: m}, nil
	}
	b, ok := m[name]
	if !ok {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrNotExist}
	}
	return &memFile{name: name, r: bytes.NewReader(b), size: int64(len(b))}, nil
}

type memFile struct {
	name string
	r    *bytes.Reader
	size int64
}

func (f *memFile) Stat() (fs.FileInfo, error) { return memInfo{name: f.name, size: f.size}, nil }
func (f *memFile) Read(p []byte) (int, error) { return f.r.Read(p) }
func (f *memFile) Close() error               { return nil }

type memDir struct {
	m    memFS
	read bool
}

func (d *memDir) Stat() (fs.FileInfo, error) { return memInfo{name: ".", dir: true}, nil }
func (d *memDir) Read([]byte) (int, error) {
	return 0, &fs.PathError{Op: "read", Path: ".", Err: errors.New("is a directory")}
}
func (d *memDir) Close() error { return nil }
func (d *memDir) ReadDir(n int) ([]fs.DirEntry, error) {
	if d.read {
		return nil, nil
	}
	d.read = true
	names := make([]string, 0, len(d.m))
	for k := range d.m {
		names = append(names, k)
	}
	sort.Strings(names)
	out := make([]fs.DirEntry, len(names))
	for i, k := range names {
		out[i] = fs.FileInfoToDirEntry(memInfo{name: k, size: int64(len(d.m[k]))})
	}
	return out, nil
}

type memInfo struct {
	name string
	size int64
	dir  bool
}

func (i memInfo) Name() string { return path.Base(i.name) }
func (i memInfo) Size() int64  { return i.size }
func (i memInfo) Mode() fs.FileMode {
	if i.dir {
		return fs.ModeDir | 0o555
	}
	return 0o444
}
func (i memInfo) ModTime() time.Time { return time.Time{} }
func (i memInfo) IsDir() bool        { return i.dir }
func (i memInfo) Sys() any           { return nil }

// naturalLess orders names case-insensitively, runs of digits by their
// value ("P2" before "P10").
func naturalLess(a, b string) bool {
	a, b = strings.ToLower(a), strings.ToLower(b)
	for a != "" && b != "" {
		da, db := digits(a), digits(b)
		if da > 0 && db > 0 {
			na, nb := strings.TrimLeft(a[:da], "0"), strings.TrimLeft(b[:db], "0")
			if len(na) != len(nb) {
				return len(na) < len(nb)
			}
			if na != nb {
				return na < nb
			}
			a, b = a[da:], b[db:]
			continue
		}
		if a[0] != b[0] {
			return a[0] < b[0]
		}
		a, b = a[1:], b[1:]
	}
	return len(a) < len(b)
}

func digits(s string) int {
	n := 0
	for n < len(s) && s[n] >= '0' && s[n] <= '9' {
		n++
	}
	return n
}
