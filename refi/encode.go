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
	Code    ChangeCode `json:"code"`
	Element string     `json:"element,omitempty"` // element name, e.g. "Code"
	GUID    GUID       `json:"guid,omitempty"`    // the element's GUID, when it has one
	Count   int        `json:"count"`             // how many times this change was made (at least 1)
	Message string     `json:"message"`
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
	if o.conv != nil && o.conv.prof.ZonedTimes && !hasTimeZone(t) {
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
