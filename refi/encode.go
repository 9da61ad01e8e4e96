package refi

import (
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"
	"time"
)

// Change records something the writer did not write exactly as the model
// holds it, because the target (the schema, or a tool's profile) cannot
// hold it: a repair (an identifier that is not a GUID replaced, a colour
// converted) or a loss (transparency dropped). The same input always gives
// the same changes.
type Change struct {
	Code    ChangeCode
	Element string // element name, e.g. "Code"
	GUID    GUID   // the element's GUID, when it has one
	Count   int    // how many times this change was made (at least 1)
	Message string
}

// ChangeCode names a kind of change the writer made.
type ChangeCode string

// Changes the writer makes to produce schema-valid output.
const (
	ChangeGUID           ChangeCode = "guid-replaced"     // an identifier that is not a GUID replaced by guidFor(id); restored by this package's reader
	ChangeColor          ChangeCode = "color-converted"   // a colour converted to #RRGGBB
	ChangeColorDropped   ChangeCode = "color-dropped"     // a value that is not a colour left out
	ChangeTransparency   ChangeCode = "alpha-dropped"     // a colour's transparency lost
	ChangeInvalidChar    ChangeCode = "invalid-character" // characters XML cannot carry replaced by U+FFFD
	ChangeValueDropped   ChangeCode = "value-dropped"     // a variable value that is not valid for its type, or a date-time outside the years 1 to 9999, left out
	ChangeValueConverted ChangeCode = "value-converted"   // a variable value rewritten in the schema's lexical form
	ChangeEnumDropped    ChangeCode = "enum-dropped"      // a direction, shape or line style outside the schema left out
	ChangeCodebookDrops  ChangeCode = "codebook-drops"    // what a codebook cannot hold (code notes, set members other than codes)
	ChangeEmptyCodebook  ChangeCode = "empty-codebook"    // a codebook with no codes (the schema requires one)
	ChangeExtensions     ChangeCode = "extensions-inline" // extensions written as XML, which the schema does not allow
	ChangeUnsafePath     ChangeCode = "unsafe-path"       // an internal:// or relative:// path that would leave the archive replaced in a .qdpx
)

// Effect says what a change means for the data: "converted" (the same data
// in the target's conventions: positions, line endings, file names,
// origin, what a profile adapted for its tool's importer), "repaired" (a value the schema does not allow, written in a form
// it does, with the same meaning) or "lost" (something the output or the
// target tool does not carry: transparency, a value that is not valid, a
// file that was not available, coding a tool does not import).
func (c ChangeCode) Effect() string {
	switch c {
	case ChangePositions, ChangeTextRewritten, ChangeRenamed, ChangeVariablesMoved, ChangeGroupsAdded, ChangeOrigin, ChangeTimeZone:
		return "converted"
	case ChangeGUID, ChangeColor, ChangeInvalidChar, ChangeValueConverted, ChangeEmptyCodebook, ChangeExtensions, ChangeUnsafePath, ChangeEmptyGUID:
		return "repaired"
	case ChangeAdapted:
		return "converted"
	}
	return "lost"
}

// String returns the change on one line.
func (c Change) String() string {
	var b strings.Builder
	b.WriteString(c.Element)
	if c.GUID != "" {
		fmt.Fprintf(&b, " %s", c.GUID)
	}
	if c.Element != "" || c.GUID != "" {
		b.WriteString(": ")
	}
	b.WriteString(c.Message)
	if c.Count > 1 {
		fmt.Fprintf(&b, " (%d times)", c.Count)
	}
	fmt.Fprintf(&b, " [%s]", c.Code)
	return b.String()
}

// xmlOut writes XML into a buffer that is flushed to an io.Writer.
type xmlOut struct {
	w         io.Writer
	buf       []byte
	err       error
	indent    bool
	depth     int
	open      bool      // a start tag is not yet closed
	lastPI    bool      // the last thing written is an extensions instruction
	noNL      bool      // the last thing written is text: no indentation may follow
	original  []xmlAttr // original forms of values converted in the current start tag
	inline    bool      // write extensions as XML
	changes   []Change
	counts    map[string]int // index into changes by code+element for merging
	badChars  int
	ids       map[string]struct{} // identifiers replaced by GUIDs
	conv      *conversion         // converting to a profile, or nil
	safePaths bool                // replace source paths that would leave the archive
	elem      []string
	guids     []GUID
	acct      *accounts    // the ledger of the write, or nil
	maxDepth  int          // the reader's depth limit extensions must fit
	maxText   int64        // the reader's limit of one text
	frames    []writeFrame // one per element in elem
}

func (o *xmlOut) flushIfFull() {
	if len(o.buf) >= 64<<10 {
		o.flush()
	}
}

func (o *xmlOut) flush() {
	if o.err == nil && len(o.buf) > 0 {
		_, o.err = o.w.Write(o.buf)
	}
	o.buf = o.buf[:0]
}

func (o *xmlOut) change(code ChangeCode, msg string) {
	if o.acct != nil {
		if c := columnOf(code, o.innermost()); c != Kept {
			o.flag(c, msg)
		}
	}
	el, g := "", GUID("")
	if n := len(o.elem); n > 0 {
		el, g = o.elem[n-1], o.guids[n-1]
	}
	key := string(code) + "\x00" + el + "\x00" + msg
	if i, ok := o.counts[key]; ok && g == "" {
		o.changes[i].Count++
		return
	}
	if o.counts == nil {
		o.counts = map[string]int{}
	}
	o.counts[key] = len(o.changes)
	o.changes = append(o.changes, Change{Code: code, Element: el, GUID: g, Count: 1, Message: msg})
}

func (o *xmlOut) newline() {
	if o.noNL {
		o.noNL = false
		return
	}
	if o.indent {
		o.buf = append(o.buf, '\n')
		for i := 0; i < o.depth; i++ {
			o.buf = append(o.buf, ' ', ' ')
		}
	}
}

func (o *xmlOut) closeOpen() {
	o.lastPI = false
	if o.open {
		o.buf = append(o.buf, '>')
		o.open = false
	}
}

// start writes the beginning of a start tag.
func (o *xmlOut) start(name string, guid GUID) {
	o.closeOpen()
	if o.depth > 0 {
		o.newline()
	}
	o.buf = append(o.buf, '<')
	o.buf = append(o.buf, name...)
	o.open = true
	o.elem = append(o.elem, name)
	o.guids = append(o.guids, guid)
	if o.acct != nil {
		o.frames = append(o.frames, writeFrame{})
	}
	o.depth++
}

// end closes the current element.
func (o *xmlOut) end(name string) {
	o.depth--
	if o.open {
		o.buf = append(o.buf, '/', '>')
		o.open = false
	} else {
		// No white space after an instruction: in an element with empty
		// content (User, SyncPoint...) even white space is not allowed.
		if !o.lastPI {
			o.newline()
		}
		o.lastPI = false
		o.buf = append(o.buf, '<', '/')
		o.buf = append(o.buf, name...)
		o.buf = append(o.buf, '>')
	}
	o.elem = o.elem[:len(o.elem)-1]
	o.guids = o.guids[:len(o.guids)-1]
	if o.acct != nil {
		f := o.frames[len(o.frames)-1]
		o.frames = o.frames[:len(o.frames)-1]
		if f.item {
			o.acct.written(f.it, f.col, f.why)
		}
	}
	o.flushIfFull()
}

func (o *xmlOut) attr(name, value string) {
	o.buf = append(o.buf, ' ')
	o.buf = append(o.buf, name...)
	o.buf = append(o.buf, '=', '"')
	var bad int
	o.buf, bad = escape(o.buf, value, &attrSpecial)
	o.badChars += bad
	o.buf = append(o.buf, '"')
}

func (o *xmlOut) attrOpt(name, value string) {
	if value != "" {
		o.attr(name, value)
	}
}

func (o *xmlOut) attrInt(name string, n int64) {
	o.buf = append(o.buf, ' ')
	o.buf = append(o.buf, name...)
	o.buf = append(o.buf, '=', '"')
	o.buf = strconv.AppendInt(o.buf, n, 10)
	o.buf = append(o.buf, '"')
}

func (o *xmlOut) attrIntPtr(name string, n *int64) {
	if n != nil {
		o.attrInt(name, *n)
	}
}

func (o *xmlOut) attrBool(name string, b bool) {
	if b {
		o.attr(name, "true")
	} else {
		o.attr(name, "false")
	}
}

// attrTime writes t as an xsd:dateTime attribute. A time outside the
// years 1 to 9999 has no form every reader accepts (XSD 1.0 has no year 0,
// and the schema tools differ beyond): it is left out, and said.
func (o *xmlOut) attrTime(name string, t time.Time) {
	if t.IsZero() {
		return
	}
	if y := t.Year(); y < 1 || y > 9999 {
		o.change(ChangeValueDropped, fmt.Sprintf("%s in year %d has no valid xsd:dateTime form; left out", name, y))
		return
	}
	if o.conv != nil && o.conv.prof.ZonedTimes && !HasTimeZone(t) {
		t = t.In(time.UTC)
		o.conv.zoned++
		o.flag(Converted, "time without a zone written as UTC")
	}
	o.buf = append(o.buf, ' ')
	o.buf = append(o.buf, name...)
	o.buf = append(o.buf, '=', '"')
	o.buf = appendDateTime(o.buf, t)
	o.buf = append(o.buf, '"')
}

// path returns a source path as it is written: renamed for a profile, and
// in an archive, a path that would leave the archive or its folder replaced
// (see [safeSourcePath]).
func (o *xmlOut) path(p string) string {
	if o.conv != nil {
		p = o.conv.path(p)
	}
	if o.safePaths {
		if safe, why := safeSourcePath(p); why != "" {
			o.change(ChangeUnsafePath, fmt.Sprintf("source path %q would leave the archive (%s); written as %q", clipString(p), why, safe))
			return safe
		}
	}
	return p
}

// guidValue returns g as it should be written: as read when it is a valid
// GUID, otherwise the GUID derived from it (the original is recorded).
func (o *xmlOut) guidValue(g GUID) string {
	if g.Valid() {
		return strings.TrimSpace(string(g))
	}
	id := strings.TrimSpace(string(g))
	if o.ids == nil {
		o.ids = map[string]struct{}{}
	}
	if _, ok := o.ids[id]; !ok {
		o.ids[id] = struct{}{}
		o.change(ChangeGUID, fmt.Sprintf("identifier %q is not a GUID; written as %s", id, guidFor(id)))
	}
	return string(guidFor(id))
}

func (o *xmlOut) attrGUID(name string, g GUID) {
	o.attr(name, o.guidValue(g))
}

func (o *xmlOut) attrGUIDOpt(name string, g GUID) {
	if g != "" {
		o.attrGUID(name, g)
	}
}

func (o *xmlOut) attrColor(name, c string) {
	if c == "" {
		return
	}
	if validSchemaColor(c) {
		o.attr(name, strings.TrimSpace(c))
		return
	}
	rgb, alpha, ok := ParseColor(c)
	if !ok {
		o.change(ChangeColorDropped, fmt.Sprintf("%s %q is not a colour; left out (kept for this package's reader)", name, c))
		o.original = append(o.original, xmlAttr{Name: name, Value: c})
		return
	}
	if alpha < 1 {
		o.change(ChangeTransparency, fmt.Sprintf("colour %q written as %s without its transparency (kept for this package's reader)", c, rgb))
	} else {
		o.change(ChangeColor, fmt.Sprintf("colour %q written as %s", c, rgb))
	}
	o.attr(name, rgb.String())
	o.original = append(o.original, xmlAttr{Name: name, Value: c})
}

func (o *xmlOut) audit(a *Audit) {
	o.attrGUIDOpt("creatingUser", a.CreatingUser)
	o.attrTime("creationDateTime", a.Created)
	o.attrGUIDOpt("modifyingUser", a.ModifyingUser)
	o.attrTime("modifiedDateTime", a.Modified)
}

// textElement writes <name>text</name>.
func (o *xmlOut) textElement(name, text string, childExt *Extensions, index int) {
	o.closeOpen()
	o.newline()
	o.buf = append(o.buf, '<')
	o.buf = append(o.buf, name...)
	o.inlineChildAttrs(childExt, name, index)
	o.buf = append(o.buf, '>')
	var bad int
	o.buf, bad = escape(o.buf, text, &textSpecial)
	o.badChars += bad
	o.buf = append(o.buf, '<', '/')
	o.buf = append(o.buf, name...)
	o.buf = append(o.buf, '>')
	o.flushIfFull()
}

func (o *xmlOut) description(s string, ext *Extensions) {
	if s != "" {
		o.textElement("Description", s, ext, 1)
	}
}

// ref writes a reference element <name attr="target"/>.
func (o *xmlOut) ref(name, attr string, target GUID, parentExt *Extensions, index int) {
	o.closeOpen()
	o.newline()
	o.buf = append(o.buf, '<')
	o.buf = append(o.buf, name...)
	o.attrGUID(attr, target)
	o.inlineChildAttrs(parentExt, name, index)
	o.buf = append(o.buf, '/', '>')
}

func (o *xmlOut) refs(name string, targets []GUID, parentExt *Extensions) {
	for i, g := range targets {
		o.ref(name, "targetGUID", g, parentExt, i+1)
	}
	o.flushIfFull()
}

// finishChanges adds the summary changes and returns them sorted.
func (o *xmlOut) finishChanges() []Change {
	if o.badChars > 0 {
		o.elem, o.guids = nil, nil
		o.change(ChangeInvalidChar, fmt.Sprintf("%d characters that XML cannot carry replaced by U+FFFD", o.badChars))
	}
	return o.changes
}

// idsPI returns the processing instruction that records the identifiers
// replaced by GUIDs, so that this package's reader restores them.
func (o *xmlOut) idsPI() []byte {
	if len(o.ids) == 0 {
		return nil
	}
	ids := make([]string, 0, len(o.ids))
	for id := range o.ids {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	b := []byte("<?" + piOriginalID + " <ids>")
	for _, id := range ids {
		b = append(b, "<id>"...)
		b = appendEscapedText(b, id)
		b = append(b, "</id>"...)
	}
	return append(b, "</ids>?>\n"...)
}

const xmlDecl = `<?xml version="1.0" encoding="utf-8"?>` + "\n"

// encodeProject writes p as a project.qde document. The processing
// instruction recording replaced identifiers goes after the root element, so
// that the document can be streamed.
func encodeProject(w io.Writer, p *Project, opt encodeOptions) ([]Change, error) {
	o := &xmlOut{w: w, indent: opt.indent, inline: opt.inline, conv: opt.conv, safePaths: opt.safePaths, acct: opt.acct,
		maxDepth: opt.maxDepth, maxText: opt.maxText}
	o.buf = append(o.buf, xmlDecl...)
	writeProjectBody(o, p)
	if o.conv != nil {
		o.conv.report(o)
	}
	o.buf = append(o.buf, o.idsPI()...)
	o.flush()
	if o.err != nil {
		return nil, o.err
	}
	return o.finishChanges(), nil
}

type encodeOptions struct {
	indent    bool
	inline    bool
	acct      *accounts // the ledger of the write
	maxDepth  int       // of the reader the output must read back in
	maxText   int64
	conv      *conversion
	safePaths bool // replace source paths that would leave the archive
}

func writeProjectBody(o *xmlOut, p *Project) {
	o.start("Project", "")
	o.attr("xmlns", NamespaceProject)
	o.attr("xmlns:xsi", xsiURI)
	o.attr("xsi:schemaLocation", schemaLocationProject)
	o.attr("name", p.Name)
	o.attrOpt("origin", p.Origin)
	o.attrGUIDOpt("creatingUserGUID", p.CreatingUser)
	o.attrTime("creationDateTime", p.Created)
	o.attrGUIDOpt("modifyingUserGUID", p.ModifyingUser)
	o.attrTime("modifiedDateTime", p.Modified)
	o.attrOpt("basePath", p.BasePath)
	o.extAttrs(p.Extensions)
	o.extContent(p.Extensions)
	if len(p.Users) > 0 {
		o.start("Users", "")
		for _, u := range p.Users {
			o.start("User", u.GUID)
			o.item(ItemUsers, u, u.Name)
			o.attrGUID("guid", u.GUID)
			o.attrOpt("name", u.Name)
			o.attrOpt("id", u.ID)
			o.extAttrs(u.Extensions)
			o.extContent(u.Extensions)
			o.end("User")
		}
		o.end("Users")
	}
	if len(p.Codes) > 0 {
		o.start("CodeBook", "")
		o.start("Codes", "")
		for _, c := range p.Codes {
			writeCode(o, c, false)
		}
		o.end("Codes")
		o.end("CodeBook")
	}
	if len(p.Variables) > 0 {
		o.start("Variables", "")
		for _, v := range p.Variables {
			o.start("Variable", v.GUID)
			o.item(ItemVariables, v, v.Name)
			o.attrGUID("guid", v.GUID)
			o.attr("name", v.Name)
			t := v.Type
			if !t.Valid() {
				fixed := lenientVariableType(string(t))
				o.change(ChangeValueConverted, fmt.Sprintf("typeOfVariable %q written as %s", t, fixed))
				t = fixed
			}
			o.attr("typeOfVariable", string(t))
			o.extAttrs(v.Extensions)
			o.extContent(v.Extensions)
			o.description(v.Description, v.Extensions)
			o.end("Variable")
		}
		o.end("Variables")
	}
	if len(p.Cases) > 0 {
		o.start("Cases", "")
		for _, c := range p.Cases {
			o.start("Case", c.GUID)
			o.item(ItemCases, c, c.Name)
			o.attrGUID("guid", c.GUID)
			o.attrOpt("name", c.Name)
			o.extAttrs(c.Extensions)
			o.extContent(c.Extensions)
			o.description(c.Description, c.Extensions)
			o.refs("CodeRef", c.CodeRefs, c.Extensions)
			for i := range c.Values {
				writeVariableValue(o, &c.Values[i], c.Name)
			}
			o.refs("SourceRef", c.SourceRefs, c.Extensions)
			o.refs("SelectionRef", c.SelectionRefs, c.Extensions)
			o.end("Case")
		}
		o.end("Cases")
	}
	if len(p.Sources) > 0 {
		o.start("Sources", "")
		for _, s := range p.Sources {
			writeSource(o, s)
		}
		o.end("Sources")
	}
	if len(p.Notes) > 0 {
		o.start("Notes", "")
		for _, n := range p.Notes {
			writeTextSource(o, "Note", n)
		}
		o.end("Notes")
	}
	if len(p.Links) > 0 {
		o.start("Links", "")
		for _, l := range p.Links {
			o.start("Link", l.GUID)
			o.item(ItemLinks, l, l.Name)
			o.attrGUID("guid", l.GUID)
			o.attrOpt("name", l.Name)
			o.attrDirection("direction", l.Direction)
			o.attrColor("color", l.Color)
			o.attrGUIDOpt("originGUID", l.Origin)
			o.attrGUIDOpt("targetGUID", l.Target)
			o.extAttrs(l.Extensions)
			o.extContent(l.Extensions)
			o.refs("NoteRef", l.NoteRefs, l.Extensions)
			o.end("Link")
		}
		o.end("Links")
	}
	if len(p.Sets) > 0 {
		o.start("Sets", "")
		for _, s := range p.Sets {
			writeSet(o, s, false)
		}
		o.end("Sets")
	}
	if len(p.Graphs) > 0 {
		o.start("Graphs", "")
		for _, g := range p.Graphs {
			writeGraph(o, g)
		}
		o.end("Graphs")
	}
	o.description(p.Description, p.Extensions)
	o.refs("NoteRef", p.NoteRefs, p.Extensions)
	o.end("Project")
	o.buf = append(o.buf, '\n')
}

// position converts a position of the text being written for the profile,
// and says what became of it in the ledger.
func (o *xmlOut) position(n int64) int64 {
	m, st := o.conv.pos(n)
	switch st {
	case posChanged:
		o.flag(Converted, "positions converted")
	case posNoText:
		if o.conv.check {
			break // nothing to convert
		}
		o.flag(Invisible, "its text is not available, so its positions could not be converted to the convention of "+o.conv.prof.Tool+": the target would show another passage")
	case posFailed:
		o.flag(Invisible, fmt.Sprintf("position %d is not on a character of its text (outside it, or inside a character): no tool can show the passage", n))
	}
	return m
}

func (o *xmlOut) attrDirection(name string, d Direction) {
	if d == "" {
		return
	}
	if !validDirection(d) {
		o.change(ChangeEnumDropped, fmt.Sprintf("%s %q is not Associative, OneWay or Bidirectional; left out", name, d))
		return
	}
	o.attr(name, string(d))
}

func (o *xmlOut) attrEnum(name, v string, valid func(string) bool) {
	if v == "" {
		return
	}
	if !valid(v) {
		o.change(ChangeEnumDropped, fmt.Sprintf("%s %q is not a value the schema allows; left out", name, v))
		return
	}
	o.attr(name, v)
}

func writeCode(o *xmlOut, c *Code, codebook bool) {
	o.start("Code", c.GUID)
	o.item(ItemCodes, c, c.Name)
	o.attrGUID("guid", c.GUID)
	o.attr("name", c.Name)
	o.attrBool("isCodable", c.IsCodable)
	o.attrColor("color", c.Color)
	o.extAttrs(c.Extensions)
	o.extContent(c.Extensions)
	o.description(c.Description, c.Extensions)
	if codebook {
		if len(c.NoteRefs) > 0 {
			o.change(ChangeCodebookDrops, fmt.Sprintf("%d code notes left out: a codebook cannot hold them", len(c.NoteRefs)))
		}
	} else {
		o.refs("NoteRef", c.NoteRefs, c.Extensions)
	}
	for _, ch := range c.Children {
		writeCode(o, ch, codebook)
	}
	o.end("Code")
}

func writeVariableValue(o *xmlOut, v *VariableValue, owner string) {
	o.start("VariableValue", "")
	o.item(ItemVariableValues, v, owner)
	if n := len(o.frames); n > 1 {
		o.frames[n-1].it.guid = o.guids[len(o.guids)-2] // the owner's
	}
	o.extAttrs(v.Extensions)
	o.extContent(v.Extensions)
	o.ref("VariableRef", "targetGUID", v.Variable, v.Extensions, 1)
	if v.Type != "" {
		val, ok := canonicalValue(v.Type, v.Value)
		name := string(v.Type) + "Value"
		switch {
		case !v.Type.Valid():
			o.change(ChangeValueDropped, fmt.Sprintf("value %q of unknown type %q left out", v.Value, v.Type))
		case !ok:
			o.change(ChangeValueDropped, fmt.Sprintf("%s %q is not valid for its type; left out", name, v.Value))
		default:
			if val != v.Value {
				o.change(ChangeValueConverted, fmt.Sprintf("%s %q written as %q", name, v.Value, val))
			}
			o.textElement(name, val, v.Extensions, 1)
		}
	}
	o.end("VariableValue")
}

// canonicalValue returns s as a valid lexical value of type t: unchanged when
// it is one, else rewritten when its meaning is clear (1e3 as 1000).
func canonicalValue(t VariableType, s string) (string, bool) {
	v := strings.TrimSpace(s)
	switch t {
	case VarText:
		return s, true
	case VarBoolean:
		if _, err := parseXSDBool(v); err == nil {
			return s, true
		}
		switch strings.ToLower(v) {
		case "true", "yes":
			return "true", true
		case "false", "no":
			return "false", true
		}
	case VarInteger:
		if validXSDInteger(v) {
			return s, true
		}
	case VarFloat:
		if validDecimal(v) {
			return s, true
		}
		if f, err := strconv.ParseFloat(v, 64); err == nil && !isInfOrNaN(f) {
			return strconv.FormatFloat(f, 'f', -1, 64), true
		}
	case VarDate:
		if _, err := parseXSDDate(v); err == nil {
			return s, true
		}
	case VarDateTime:
		if _, ok := parseDateTime([]byte(v), nil); ok {
			return s, true
		}
	}
	return "", false
}

func isInfOrNaN(f float64) bool {
	return f != f || f > 1.7976931348623157e308 || f < -1.7976931348623157e308
}

func writeSourceBaseAttrs(o *xmlOut, b *SourceBase) {
	o.attrGUID("guid", b.GUID)
	o.attrOpt("name", b.Name)
}

func writeSourceTail(o *xmlOut, b *SourceBase) {
	for i := range b.Codings {
		writeCoding(o, &b.Codings[i])
	}
	o.refs("NoteRef", b.NoteRefs, b.Extensions)
	for i := range b.Values {
		writeVariableValue(o, &b.Values[i], b.Name)
	}
}

func writeSource(o *xmlOut, s Source) {
	switch s := s.(type) {
	case *TextSource:
		writeTextSource(o, "TextSource", s)
	case *PictureSource:
		o.start("PictureSource", s.GUID)
		o.item(ItemSources, s, s.Name)
		writeSourceBaseAttrs(o, &s.SourceBase)
		o.attrOpt("path", o.path(s.Path))
		o.attrOpt("currentPath", s.CurrentPath)
		o.audit(&s.Audit)
		o.extAttrs(s.Extensions)
		o.extContent(s.Extensions)
		o.description(s.Description, s.Extensions)
		if s.TextDescription != nil {
			writeTextSource(o, "TextDescription", s.TextDescription)
		}
		for i := range s.Selections {
			sel := &s.Selections[i]
			o.start("PictureSelection", sel.GUID)
			o.item(ItemSelections, nil, sel.Name)
			o.attrGUID("guid", sel.GUID)
			o.attrOpt("name", sel.Name)
			o.attrInt("firstX", sel.FirstX)
			o.attrInt("firstY", sel.FirstY)
			o.attrInt("secondX", sel.SecondX)
			o.attrInt("secondY", sel.SecondY)
			writeSelectionTail(o, "PictureSelection", &sel.SelectionBase, nil)
		}
		writeSourceTail(o, &s.SourceBase)
		o.end("PictureSource")
	case *PDFSource:
		o.start("PDFSource", s.GUID)
		o.item(ItemSources, s, s.Name)
		writeSourceBaseAttrs(o, &s.SourceBase)
		o.attrOpt("path", o.path(s.Path))
		o.attrOpt("currentPath", s.CurrentPath)
		o.audit(&s.Audit)
		o.extAttrs(s.Extensions)
		o.extContent(s.Extensions)
		o.description(s.Description, s.Extensions)
		for i := range s.Selections {
			sel := &s.Selections[i]
			o.start("PDFSelection", sel.GUID)
			o.item(ItemSelections, nil, sel.Name)
			o.attrGUID("guid", sel.GUID)
			o.attrOpt("name", sel.Name)
			o.attrInt("page", sel.Page)
			o.attrInt("firstX", sel.FirstX)
			o.attrInt("firstY", sel.FirstY)
			o.attrInt("secondX", sel.SecondX)
			o.attrInt("secondY", sel.SecondY)
			writeSelectionTail(o, "PDFSelection", &sel.SelectionBase, sel.Representation)
		}
		if s.Representation != nil {
			writeTextSource(o, "Representation", s.Representation)
		}
		writeSourceTail(o, &s.SourceBase)
		o.end("PDFSource")
	case *AudioSource:
		writeMediaSource(o, s, "AudioSource", "AudioSelection", s.Path, s.CurrentPath, s.Transcripts, s.Selections)
	case *VideoSource:
		writeMediaSource(o, s, "VideoSource", "VideoSelection", s.Path, s.CurrentPath, s.Transcripts, s.Selections)
	}
}

func writeMediaSource(o *xmlOut, s Source, elem, selElem string, path, currentPath string, transcripts []*Transcript, sels []MediaSelection) {
	b := s.Base()
	o.start(elem, b.GUID)
	o.item(ItemSources, s, b.Name)
	writeSourceBaseAttrs(o, b)
	o.attrOpt("path", o.path(path))
	o.attrOpt("currentPath", currentPath)
	o.audit(&b.Audit)
	o.extAttrs(b.Extensions)
	o.extContent(b.Extensions)
	o.description(b.Description, b.Extensions)
	for _, t := range transcripts {
		writeTranscript(o, t)
	}
	for i := range sels {
		sel := &sels[i]
		o.start(selElem, sel.GUID)
		o.item(ItemSelections, nil, sel.Name)
		o.attrGUID("guid", sel.GUID)
		o.attrOpt("name", sel.Name)
		o.attrInt("begin", sel.Begin)
		o.attrInt("end", sel.End)
		writeSelectionTail(o, selElem, &sel.SelectionBase, nil)
	}
	writeSourceTail(o, b)
	o.end(elem)
}

func writeTranscript(o *xmlOut, t *Transcript) {
	if o.conv != nil && len(t.SyncPoints) > 0 {
		defer o.conv.end(o.conv.begin(t.PlainTextPath, t.PlainTextContent))
	}
	o.start("Transcript", t.GUID)
	o.attrGUID("guid", t.GUID)
	o.attrOpt("name", t.Name)
	o.attrOpt("richTextPath", o.path(t.RichTextPath))
	o.attrOpt("plainTextPath", o.path(t.PlainTextPath))
	o.audit(&t.Audit)
	o.extAttrs(t.Extensions)
	o.extContent(t.Extensions)
	o.description(t.Description, t.Extensions)
	if t.PlainTextContent != "" {
		o.textElement("PlainTextContent", t.PlainTextContent, t.Extensions, 1)
	}
	for i := range t.SyncPoints {
		sp := &t.SyncPoints[i]
		o.start("SyncPoint", sp.GUID)
		o.attrGUID("guid", sp.GUID)
		o.attrIntPtr("timeStamp", sp.TimeStamp)
		if sp.Position != nil && o.conv != nil {
			o.attrInt("position", o.position(*sp.Position))
		} else {
			o.attrIntPtr("position", sp.Position)
		}
		o.extAttrs(sp.Extensions)
		o.extContent(sp.Extensions)
		o.end("SyncPoint")
	}
	for i := range t.Selections {
		sel := &t.Selections[i]
		o.start("TranscriptSelection", sel.GUID)
		o.item(ItemSelections, nil, sel.Name)
		o.attrGUID("guid", sel.GUID)
		o.attrOpt("name", sel.Name)
		o.attrGUIDOpt("fromSyncPoint", sel.FromSyncPoint)
		o.attrGUIDOpt("toSyncPoint", sel.ToSyncPoint)
		writeSelectionTail(o, "TranscriptSelection", &sel.SelectionBase, nil)
	}
	o.refs("NoteRef", t.NoteRefs, t.Extensions)
	o.end("Transcript")
}

// writeSelectionTail writes the audit attributes and the children every
// selection has, then ends the element.
func writeSelectionTail(o *xmlOut, elem string, b *SelectionBase, rep *TextSource) {
	o.audit(&b.Audit)
	o.extAttrs(b.Extensions)
	o.extContent(b.Extensions)
	o.description(b.Description, b.Extensions)
	if rep != nil {
		writeTextSource(o, "Representation", rep)
	}
	for i := range b.Codings {
		writeCoding(o, &b.Codings[i])
	}
	o.refs("NoteRef", b.NoteRefs, b.Extensions)
	o.end(elem)
}

func writeTextSource(o *xmlOut, elem string, t *TextSource) {
	if o.conv != nil && len(t.Selections) > 0 {
		defer o.conv.end(o.conv.begin(t.PlainTextPath, t.PlainTextContent))
	}
	o.start(elem, t.GUID)
	switch elem {
	case "TextSource":
		o.item(ItemSources, t, t.Name)
	case "Note":
		o.item(ItemNotes, t, t.Name)
	}
	writeSourceBaseAttrs(o, &t.SourceBase)
	o.attrOpt("richTextPath", o.path(t.RichTextPath))
	o.attrOpt("plainTextPath", o.path(t.PlainTextPath))
	o.audit(&t.Audit)
	o.extAttrs(t.Extensions)
	o.extContent(t.Extensions)
	o.description(t.Description, t.Extensions)
	if t.PlainTextContent != "" {
		o.textElement("PlainTextContent", t.PlainTextContent, t.Extensions, 1)
	}
	for i := range t.Selections {
		sel := &t.Selections[i]
		o.start("PlainTextSelection", sel.GUID)
		o.item(ItemSelections, nil, sel.Name)
		o.attrGUID("guid", sel.GUID)
		o.attrOpt("name", sel.Name)
		start, end := sel.Start, sel.End
		if o.conv != nil {
			start, end = o.position(start), o.position(end)
		}
		o.attrInt("startPosition", start)
		o.attrInt("endPosition", end)
		writeSelectionTail(o, "PlainTextSelection", &sel.SelectionBase, nil)
	}
	writeSourceTail(o, &t.SourceBase)
	o.end(elem)
}

func writeCoding(o *xmlOut, c *Coding) {
	o.start("Coding", c.GUID)
	o.item(ItemCodings, nil, "")
	o.attrGUID("guid", c.GUID)
	o.attrGUIDOpt("creatingUser", c.CreatingUser)
	o.attrTime("creationDateTime", c.Created)
	o.extAttrs(c.Extensions)
	o.extContent(c.Extensions)
	o.ref("CodeRef", "targetGUID", c.Code, c.Extensions, 1)
	o.refs("NoteRef", c.NoteRefs, c.Extensions)
	o.end("Coding")
}

func writeSet(o *xmlOut, s *Set, codebook bool) {
	o.start("Set", s.GUID)
	o.item(ItemSets, s, s.Name)
	o.attrGUID("guid", s.GUID)
	o.attr("name", s.Name)
	o.extAttrs(s.Extensions)
	o.extContent(s.Extensions)
	o.description(s.Description, s.Extensions)
	if codebook {
		for i, g := range s.MemberCodes {
			o.ref("MemberCode", "guid", g, s.Extensions, i+1)
		}
		if n := len(s.MemberSources) + len(s.MemberNotes); n > 0 {
			o.change(ChangeCodebookDrops, fmt.Sprintf("%d source and note members left out: a codebook set holds only codes", n))
		}
	} else {
		o.refs("MemberCode", s.MemberCodes, s.Extensions)
		o.refs("MemberSource", s.MemberSources, s.Extensions)
		o.refs("MemberNote", s.MemberNotes, s.Extensions)
	}
	o.end("Set")
}

func writeGraph(o *xmlOut, g *Graph) {
	o.start("Graph", g.GUID)
	o.item(ItemGraphs, g, g.Name)
	o.attrGUID("guid", g.GUID)
	o.attrOpt("name", g.Name)
	o.extAttrs(g.Extensions)
	o.extContent(g.Extensions)
	for i := range g.Vertices {
		v := &g.Vertices[i]
		o.start("Vertex", v.GUID)
		o.attrGUID("guid", v.GUID)
		o.attrGUIDOpt("representedGUID", v.Represented)
		o.attrOpt("name", v.Name)
		o.attrInt("firstX", v.FirstX)
		o.attrInt("firstY", v.FirstY)
		o.attrIntPtr("secondX", v.SecondX)
		o.attrIntPtr("secondY", v.SecondY)
		o.attrEnum("shape", v.Shape, validShape)
		o.attrColor("color", v.Color)
		o.extAttrs(v.Extensions)
		o.extContent(v.Extensions)
		o.end("Vertex")
	}
	for i := range g.Edges {
		e := &g.Edges[i]
		o.start("Edge", e.GUID)
		o.attrGUID("guid", e.GUID)
		o.attrGUIDOpt("representedGUID", e.Represented)
		o.attrOpt("name", e.Name)
		o.attrGUID("sourceVertex", e.SourceVertex)
		o.attrGUID("targetVertex", e.TargetVertex)
		o.attrColor("color", e.Color)
		o.attrDirection("direction", e.Direction)
		o.attrEnum("lineStyle", e.LineStyle, validLineStyle)
		o.extAttrs(e.Extensions)
		o.extContent(e.Extensions)
		o.end("Edge")
	}
	o.end("Graph")
}

// encodeCodebook writes cb as a .qdc document.
func encodeCodebook(w io.Writer, cb *codebook, opt encodeOptions) ([]Change, error) {
	o := &xmlOut{w: w, indent: opt.indent, inline: opt.inline, acct: opt.acct, maxDepth: opt.maxDepth, maxText: opt.maxText}
	o.buf = append(o.buf, xmlDecl...)
	o.start("CodeBook", "")
	o.attr("xmlns", NamespaceCodebook)
	o.attr("xmlns:xsi", xsiURI)
	o.attr("xsi:schemaLocation", schemaLocationCodebook)
	o.attrOpt("origin", cb.Origin)
	o.extAttrs(cb.Extensions)
	o.extContent(cb.Extensions)
	o.start("Codes", "")
	if len(cb.Codes) == 0 {
		// The schema requires at least one code.
		o.change(ChangeEmptyCodebook, "the codebook has no codes; a single non-codable placeholder code is written, as the schema requires one")
		ph := emptyCodebookPlaceholder()
		if o.acct != nil {
			o.acct.add(ph)
		}
		writeCode(o, ph, true)
	}
	for _, c := range cb.Codes {
		writeCode(o, c, true)
	}
	o.end("Codes")
	if len(cb.Sets) > 0 {
		o.start("Sets", "")
		for _, s := range cb.Sets {
			writeSet(o, s, true)
		}
		o.end("Sets")
	}
	o.end("CodeBook")
	o.buf = append(o.buf, '\n')
	o.buf = append(o.buf, o.idsPI()...)
	o.flush()
	if o.err != nil {
		return nil, o.err
	}
	return o.finishChanges(), nil
}

// emptyCodebookPlaceholder is the code written in a codebook that has none,
// as the schema requires one. The reader recognises it and reads the
// codebook back empty.
func emptyCodebookPlaceholder() *Code {
	return &Code{GUID: guidFor("qdabridge:empty-codebook"), Name: "(no codes)", IsCodable: false}
}

// isEmptyCodebookPlaceholder reports whether c is exactly the placeholder.
func isEmptyCodebookPlaceholder(c *Code) bool {
	p := emptyCodebookPlaceholder()
	return c.GUID == p.GUID && c.Name == p.Name && !c.IsCodable && c.Color == "" && c.Description == "" &&
		len(c.NoteRefs) == 0 && len(c.Children) == 0 && c.Extensions.empty()
}
