package refi

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"
)

// Processing instructions this package writes to keep what the schema
// cannot hold (see [Extensions]).
const (
	piExtensions = "qdabridge-ext"
	piOriginalID = "qdabridge-ids"
)

// decoder builds the model from the tokens of one XML document.
type decoder struct {
	x        *xmlIn
	file     string
	ws       *warnings
	zones    zoneCache
	refs     map[string]GUID
	arena    arena
	qdaSpace string
	switches []nsSwitch // REFI-QDA elements open in another namespace than their parent's
	codebook bool       // reading a .qdc
	maxText  int64      // longest text or extension element kept; 0: no limit
	maxDepth int        // open elements the tokenizer allows; 0: the default

	upperGUIDs, bracedGUIDs int
	formWhere               Warning
	originalIDs             []string
	txt                     []byte

	// Codings and text selections are gathered on stacks and then copied
	// into large shared blocks, so that a project with a million codings
	// does not leave a million growing slices behind as garbage.
	codStack []Coding
	codSlab  []Coding
	selStack []TextSelection
	selSlab  []TextSelection
}

// popCodings moves the codings gathered since mark into a block and returns
// them as a slice whose capacity is its length (appending to it copies).
func (d *decoder) popCodings(mark int) []Coding {
	return popSlab(&d.codStack, &d.codSlab, mark, 1024)
}

// popSelections is popCodings for text selections.
func (d *decoder) popSelections(mark int) []TextSelection {
	return popSlab(&d.selStack, &d.selSlab, mark, 256)
}

// popSlab moves the elements of *stack from mark on to the end of *slab,
// starting a new slab of at least chunk elements when they do not fit, and
// returns them as a full slice of the slab: many small slices share a few
// large allocations instead of one each.
func popSlab[T any](stack, slab *[]T, mark, chunk int) []T {
	n := len(*stack) - mark
	if n == 0 {
		return nil
	}
	if cap(*slab)-len(*slab) < n {
		*slab = make([]T, 0, max(n, chunk))
	}
	i := len(*slab)
	*slab = append(*slab, (*stack)[mark:]...)
	clear((*stack)[mark:])
	*stack = (*stack)[:mark]
	return (*slab)[i : i+n : i+n]
}

func newDecoder(src tokenSource, file string, ws *warnings) *decoder {
	return &decoder{x: newXMLIn(src), file: file, ws: ws, zones: make(zoneCache), refs: make(map[string]GUID)}
}

// fail wraps an error from the token source into a *FormatError.
func (d *decoder) fail(err error) error {
	var fe *FormatError
	if errors.As(err, &fe) {
		return err
	}
	line := 0
	var se *scanError
	if errors.As(err, &se) {
		line = se.line
		err = se.err
	} else {
		line = d.x.src.line()
	}
	return &FormatError{File: d.file, Path: d.x.path(), GUID: d.x.guid(), Line: line, Err: err}
}

// warn records a warning at the current element. The warning is only built
// (its path rendered, its line counted) when it will be listed, so that a
// hostile document repeating one problem a million times costs little.
func (d *decoder) warn(code WarningCode, attr, format string, args ...any) {
	d.ws.addf(code, func() Warning {
		return Warning{File: d.file, Path: d.x.path(), GUID: d.x.guid(), Attr: attr,
			Line: d.x.src.line(), Message: fmt.Sprintf(format, args...)}
	})
}

// tooLong reports whether n bytes of text exceed the text size limit.
func (d *decoder) tooLong(n int) bool {
	return d.maxText > 0 && int64(n) > d.maxText || int64(n) > 1<<40
}

// knownElement returns the name of a REFI-QDA element as a constant string,
// or "" for a name neither schema defines.
func knownElement(b []byte) string {
	switch string(b) {
	case "Project":
		return "Project"
	case "Users":
		return "Users"
	case "User":
		return "User"
	case "CodeBook":
		return "CodeBook"
	case "Codes":
		return "Codes"
	case "Code":
		return "Code"
	case "Variables":
		return "Variables"
	case "Variable":
		return "Variable"
	case "Cases":
		return "Cases"
	case "Case":
		return "Case"
	case "VariableValue":
		return "VariableValue"
	case "VariableRef":
		return "VariableRef"
	case "TextValue":
		return "TextValue"
	case "BooleanValue":
		return "BooleanValue"
	case "IntegerValue":
		return "IntegerValue"
	case "FloatValue":
		return "FloatValue"
	case "DateValue":
		return "DateValue"
	case "DateTimeValue":
		return "DateTimeValue"
	case "Sources":
		return "Sources"
	case "TextSource":
		return "TextSource"
	case "PictureSource":
		return "PictureSource"
	case "PDFSource":
		return "PDFSource"
	case "AudioSource":
		return "AudioSource"
	case "VideoSource":
		return "VideoSource"
	case "PlainTextContent":
		return "PlainTextContent"
	case "PlainTextSelection":
		return "PlainTextSelection"
	case "PictureSelection":
		return "PictureSelection"
	case "PDFSelection":
		return "PDFSelection"
	case "AudioSelection":
		return "AudioSelection"
	case "VideoSelection":
		return "VideoSelection"
	case "TextDescription":
		return "TextDescription"
	case "Representation":
		return "Representation"
	case "Transcript":
		return "Transcript"
	case "SyncPoint":
		return "SyncPoint"
	case "TranscriptSelection":
		return "TranscriptSelection"
	case "Coding":
		return "Coding"
	case "CodeRef":
		return "CodeRef"
	case "NoteRef":
		return "NoteRef"
	case "SourceRef":
		return "SourceRef"
	case "SelectionRef":
		return "SelectionRef"
	case "Notes":
		return "Notes"
	case "Note":
		return "Note"
	case "Links":
		return "Links"
	case "Link":
		return "Link"
	case "Sets":
		return "Sets"
	case "Set":
		return "Set"
	case "MemberCode":
		return "MemberCode"
	case "MemberSource":
		return "MemberSource"
	case "MemberNote":
		return "MemberNote"
	case "Graphs":
		return "Graphs"
	case "Graph":
		return "Graph"
	case "Vertex":
		return "Vertex"
	case "Edge":
		return "Edge"
	case "Description":
		return "Description"
	}
	return ""
}

func extOf(p **Extensions) *Extensions {
	if *p == nil {
		*p = &Extensions{}
	}
	return *p
}

// child advances to the next child element of the element being read and
// returns its name when it is a REFI-QDA element. Other elements are kept in
// *ext as extensions, text that is not white space likewise, comments are
// skipped and this package's processing instructions are applied. It returns
// "" after the end tag of the element being read.
func (d *decoder) child(ext **Extensions) (string, error) {
	for {
		k, err := d.x.next()
		if err != nil {
			return "", d.fail(err)
		}
		switch k {
		case tokEnd:
			return "", nil
		case tokStart:
			if d.x.space == d.qdaSpace && len(d.switches) == 0 {
				if n := knownElement(d.x.local); n != "" {
					return n, nil
				}
			} else if n := knownElement(d.x.local); n != "" && (d.x.space == d.qdaSpace || isQDANamespace(d.x.space)) {
				d.enterNamespace(n)
				return n, nil
			}
			d.warn(WarnUnknown, "", "element <%s> is not part of the schema; kept as an extension", qname(d.x.space, d.x.local))
			if err := d.captureInto(ext); err != nil {
				return "", err
			}
		case tokText:
			t := d.x.src.text()
			if !allSpace(t) {
				d.warn(WarnUnknown, "", "text %q in element-only content; kept as an extension", clip(t))
				e := extOf(ext)
				e.elems = append(e.elems, string(appendEscapedText(nil, t)))
			}
		case tokPI:
			target, data := d.x.src.pi()
			switch string(target) {
			case piExtensions:
				if err := d.applyExtPI(ext, data); err != nil {
					d.warn(WarnInvalidValue, "", "unreadable %s processing instruction ignored: %v", piExtensions, err)
				}
			case piOriginalID:
				d.applyIDsPI(data)
			}
		case tokEOF:
			return "", d.fail(fmt.Errorf("%w: unexpected end of input", ErrSyntax))
		}
	}
}

// isQDANamespace reports whether ns is one of the standard's namespaces,
// final or draft, of either schema: urn:QDA-XML:project:1.0,
// urn:QDA-XML:codebook:0:4, ... (the URN's prefix compared without case).
func isQDANamespace(ns string) bool {
	const prefix = "urn:QDA-XML:"
	return len(ns) > len(prefix) && strings.EqualFold(ns[:len(prefix)], prefix)
}

// A nsSwitch records a REFI-QDA element read in another namespace than its
// parent's: its depth and its namespace, which its content inherits.
type nsSwitch struct {
	depth int
	space string
}

// enterNamespace records the namespace of the REFI-QDA element name just
// started, when it is not the document's or its parent's, and warns once
// where a namespace other than the document's begins: MAXQDA 24 writes its
// code book in urn:QDA-XML:codebook:0:4 inside a project, and a hand-made
// codebook may hold Codes copied from a project. Elements of any of the
// standard's namespaces are read as the schema's.
func (d *decoder) enterNamespace(name string) {
	depth := d.x.depth
	// records of elements that have ended (at this depth or deeper) no
	// longer apply; the ones left are this element's ancestors
	for n := len(d.switches); n > 0 && d.switches[n-1].depth >= depth; n-- {
		d.switches = d.switches[:n-1]
	}
	parent := d.qdaSpace
	if n := len(d.switches); n > 0 {
		parent = d.switches[n-1].space
	}
	space := d.x.space
	if space == parent {
		return
	}
	d.switches = append(d.switches, nsSwitch{depth: depth, space: space})
	if space == d.qdaSpace {
		return // back in the document's namespace
	}
	doc := d.qdaSpace
	if doc == "" {
		doc = "no namespace"
	}
	what := "the schema's <" + name + ">"
	if name == "CodeBook" && !d.codebook {
		what = "the project's code tree"
	}
	d.ws.addf(WarnNamespace, func() Warning {
		w := Warning{File: d.file, Path: d.x.path(), GUID: d.x.guid(), Line: d.x.src.line(),
			Message: fmt.Sprintf("<%s> is in namespace %s inside a document in %s; read as %s, with its content in that namespace, and written in the standard namespace",
				name, space, doc, what)}
		// the element's own GUID, which is read after this
		for _, a := range d.x.attrs {
			if a.space == "" && string(a.local) == "guid" {
				w.GUID = GUID(trimSpaceBytes(a.value))
			}
		}
		return w
	})
}

func qname(space string, local []byte) string {
	if space == "" {
		return string(local)
	}
	return "{" + space + "}" + string(local)
}

func allSpace(b []byte) bool {
	for _, c := range b {
		if !isSpaceByte(c) {
			return false
		}
	}
	return true
}

func clip(b []byte) string {
	if len(b) > 40 {
		return string(b[:40]) + "…"
	}
	return string(b)
}

// captureInto stores the current element (whose start tag has just been
// read) with its whole content as an extension fragment.
func (d *decoder) captureInto(ext **Extensions) error {
	frag, err := d.capture()
	if err != nil {
		return err
	}
	e := extOf(ext)
	e.elems = append(e.elems, frag)
	return nil
}

// capture serialises the current element and its content as a
// self-contained XML fragment: namespace declarations it relies on from
// outside are added to its root. Comments and processing instructions
// inside are dropped.
func (d *decoder) capture() (string, error) {
	var out []byte
	used := map[string]string{}
	var usedOrder []string
	declared := map[string]bool{}
	use := func(prefix []byte, uri string) {
		p := string(prefix)
		if _, ok := used[p]; !ok && p != "xml" {
			used[p] = uri
			usedOrder = append(usedOrder, p)
		}
	}
	writeName := func(prefix, local []byte) {
		if len(prefix) > 0 {
			out = append(out, prefix...)
			out = append(out, ':')
		}
		out = append(out, local...)
	}
	writeStart := func(isRoot bool) {
		prefix, local := d.x.src.name()
		out = append(out, '<')
		writeName(prefix, local)
		use(prefix, d.x.space)
		for _, a := range d.x.attrs {
			if isRoot && a.space == xmlnsURI {
				if len(a.prefix) == 0 {
					declared[""] = true
				} else {
					declared[string(a.local)] = true
				}
			}
			if a.space != xmlnsURI && len(a.prefix) > 0 {
				use(a.prefix, a.space)
			}
			out = append(out, ' ')
			writeName(a.prefix, a.local)
			out = append(out, '=', '"')
			out = appendEscapedAttr(out, a.value)
			out = append(out, '"')
		}
	}
	writeStart(true)
	insertAt := len(out)
	depth := 1
	open := true // the last start tag is not yet closed with '>'
	for depth > 0 {
		k, err := d.x.next()
		if err != nil {
			return "", d.fail(err)
		}
		switch k {
		case tokStart:
			if open {
				out = append(out, '>')
			}
			writeStart(false)
			open = true
			depth++
		case tokEnd:
			depth--
			if open {
				out = append(out, '/', '>')
				open = false
				continue
			}
			prefix, local := d.x.src.name()
			out = append(out, '<', '/')
			writeName(prefix, local)
			out = append(out, '>')
		case tokText:
			if open {
				out = append(out, '>')
				open = false
			}
			out = appendEscapedText(out, d.x.src.text())
		}
		if d.tooLong(len(out)) {
			return "", d.fail(fmt.Errorf("%w: extension element larger than the text size limit (%d bytes)", ErrLimit, d.maxText))
		}
	}
	// Namespace declarations the fragment needs from outside.
	var decls []byte
	for _, p := range usedOrder {
		if declared[p] {
			continue
		}
		uri := used[p]
		if p == "" {
			if uri == "" {
				continue
			}
			decls = append(decls, ` xmlns="`...)
		} else {
			decls = append(decls, ` xmlns:`...)
			decls = append(decls, p...)
			decls = append(decls, '=', '"')
		}
		decls = appendEscapedAttr(decls, uri)
		decls = append(decls, '"')
	}
	if len(decls) > 0 {
		out = append(out[:insertAt], append(decls, out[insertAt:]...)...)
		// the fragment is stored (and written) with its declarations, so
		// they count towards the limit it is read back with
		if d.tooLong(len(out)) {
			return "", d.fail(fmt.Errorf("%w: extension element larger than the text size limit (%d bytes)", ErrLimit, d.maxText))
		}
	}
	return string(out), nil
}

// text reads the character content of the current element up to its end
// tag. Child elements (which the schema does not allow there) are kept in
// *ext.
func (d *decoder) text(ext **Extensions) (string, error) {
	first := true
	var single []byte
	d.txt = d.txt[:0]
	multi := false
	for {
		k, err := d.x.next()
		if err != nil {
			return "", d.fail(err)
		}
		switch k {
		case tokEnd:
			if multi {
				return d.arena.str(d.txt), nil
			}
			return d.arena.str(single), nil
		case tokText:
			t := d.x.src.text()
			if first {
				single = t
				first = false
				// t stays valid only until the next token
				d.txt = append(d.txt[:0], t...)
				single = d.txt
				continue
			}
			multi = true
			d.txt = append(d.txt, t...)
		case tokStart:
			d.warn(WarnUnknown, "", "element <%s> inside text content; kept as an extension", qname(d.x.space, d.x.local))
			if err := d.captureInto(ext); err != nil {
				return "", err
			}
		case tokPI:
			target, data := d.x.src.pi()
			if string(target) == piExtensions {
				if err := d.applyExtPI(ext, data); err != nil {
					d.warn(WarnInvalidValue, "", "unreadable %s processing instruction ignored: %v", piExtensions, err)
				}
			}
		}
		if d.tooLong(len(d.txt)) {
			return "", d.fail(fmt.Errorf("%w: text larger than the text size limit (%d bytes)", ErrLimit, d.maxText))
		}
	}
}

// skipText reads the content of the current element, keeping nothing but
// extensions.
func (d *decoder) skip(ext **Extensions) error {
	_, err := d.text(ext)
	return err
}

// attribute helpers

func (d *decoder) foreignAttr(a *rawAttr, ext **Extensions, root bool) {
	if a.space == xmlnsURI {
		return
	}
	if root && a.space == xsiURI {
		return // schemaLocation is written anew
	}
	d.warn(WarnUnknown, attrName(a), "attribute %s is not part of the schema; kept as an extension", attrName(a))
	d.keepAttr(a, ext)
}

func (d *decoder) keepAttr(a *rawAttr, ext **Extensions) {
	e := extOf(ext)
	e.attrs = append(e.attrs, xmlAttr{Space: a.space, Prefix: string(a.prefix), Name: string(a.local), Value: string(a.value)})
}

func (d *decoder) unknownAttr(a *rawAttr, ext **Extensions) {
	d.warn(WarnUnknown, attrName(a), "attribute %s is not part of the schema; kept as an extension", attrName(a))
	d.keepAttr(a, ext)
}

func (d *decoder) badAttr(a *rawAttr, ext **Extensions, what string) {
	d.warn(WarnInvalidValue, attrName(a), "invalid %s %q; kept as written in an extension", what, clip(a.value))
	d.keepAttr(a, ext)
}

func attrName(a *rawAttr) string {
	if len(a.prefix) > 0 {
		return string(a.prefix) + ":" + string(a.local)
	}
	return string(a.local)
}

func trimSpaceBytes(b []byte) []byte {
	for len(b) > 0 && isSpaceByte(b[0]) {
		b = b[1:]
	}
	for len(b) > 0 && isSpaceByte(b[len(b)-1]) {
		b = b[:len(b)-1]
	}
	return b
}

// guid reads a GUID attribute value of an element's own guid.
func (d *decoder) guid(a *rawAttr) GUID {
	v := trimSpaceBytes(a.value)
	g := GUID(d.arena.str(v))
	d.checkGUID(v, g, attrName(a))
	return g
}

// ref reads a GUID that refers to another object; repeated values share
// one string.
func (d *decoder) ref(v []byte, attr string) GUID {
	v = trimSpaceBytes(v)
	if g, ok := d.refs[string(v)]; ok {
		return g
	}
	g := GUID(d.arena.str(v))
	if len(d.refs) < 1<<16 {
		d.refs[string(g)] = g
	}
	d.checkGUID(v, g, attr)
	return g
}

func (d *decoder) checkGUID(v []byte, g GUID, attr string) {
	if len(v) == 36 && isLowerGUIDBytes(v) {
		return
	}
	if !g.Valid() {
		msg := "empty GUID"
		if len(v) > 0 {
			msg = fmt.Sprintf("identifier %q is not a GUID", clip(v))
		}
		d.ws.add(Warning{Code: WarnInvalidGUID, File: d.file, Path: d.x.path(), GUID: g, Attr: attr,
			Line: d.x.src.line(), Message: msg})
		return
	}
	if v[0] == '{' {
		d.bracedGUIDs++
	}
	if bytes.ContainsAny(v, "ABCDEF") {
		d.upperGUIDs++
	}
	if d.formWhere.Path == "" {
		d.formWhere = Warning{File: d.file, Path: d.x.path(), GUID: g, Attr: attr, Line: d.x.src.line()}
	}
}

func isLowerGUIDBytes(v []byte) bool { return guidDigits(v) == hexLower }

func (d *decoder) str(v []byte) string { return d.arena.str(v) }

// integer reads an xsd:integer attribute.
func (d *decoder) integer(a *rawAttr) (int64, bool) {
	v := trimSpaceBytes(a.value)
	if len(v) == 0 || len(v) > 20 {
		return 0, false
	}
	i := 0
	neg := false
	if v[0] == '+' || v[0] == '-' {
		neg = v[0] == '-'
		i = 1
	}
	if i == len(v) {
		return 0, false
	}
	var n uint64
	for ; i < len(v); i++ {
		c := v[i]
		if c < '0' || c > '9' {
			return 0, false
		}
		if n > (1<<63)/10 {
			return 0, false
		}
		n = n*10 + uint64(c-'0')
	}
	if neg {
		if n > 1<<63 {
			return 0, false
		}
		return -int64(n), true
	}
	if n > 1<<63-1 {
		return 0, false
	}
	return int64(n), true
}

func (d *decoder) boolean(a *rawAttr) (bool, bool) {
	v := trimSpaceBytes(a.value)
	switch string(v) {
	case "true", "1":
		return true, true
	case "false", "0":
		return false, true
	}
	return false, false
}

func (d *decoder) dateTime(a *rawAttr) (time.Time, bool) {
	t, ok := parseDateTime(a.value, d.zones)
	if ok {
		v := trimSpaceBytes(a.value)
		if n := len(v); n > 0 && v[n-1] != 'Z' && !(n > 6 && (v[n-6] == '+' || v[n-6] == '-') && v[n-3] == ':') {
			d.warn(WarnTimezone, attrName(a), "date and time %q has no time zone; kept without one (compared as UTC)", v)
		}
	}
	return t, ok
}

// audit handles the four audit attributes; it reports whether a was one.
func (d *decoder) audit(a *rawAttr, au *Audit, ext **Extensions) bool {
	switch string(a.local) {
	case "creatingUser":
		au.CreatingUser = d.ref(a.value, "creatingUser")
	case "modifyingUser":
		au.ModifyingUser = d.ref(a.value, "modifyingUser")
	case "creationDateTime":
		if t, ok := d.dateTime(a); ok {
			au.Created = t
		} else {
			d.badAttr(a, ext, "date and time")
		}
	case "modifiedDateTime":
		if t, ok := d.dateTime(a); ok {
			au.Modified = t
		} else {
			d.badAttr(a, ext, "date and time")
		}
	default:
		return false
	}
	return true
}

// order checks that children come in schema order.
type order struct {
	last   int
	warned bool
}

func (o *order) at(d *decoder, rank int, name string) {
	if rank < o.last && !o.warned {
		d.warn(WarnOrder, "", "<%s> after an element that the schema puts after it; written in schema order", name)
		o.warned = true
	}
	if rank > o.last {
		o.last = rank
	}
}

// once handles an element that may occur once: the first is read, later
// ones are kept as extensions.
func (d *decoder) dup(name string, ext **Extensions) error {
	d.warn(WarnDuplicateElement, "", "a second <%s>; kept as an extension", name)
	return d.captureInto(ext)
}

// misplaced keeps a known element that is not allowed where it stands.
func (d *decoder) misplaced(name string, ext **Extensions) error {
	d.warn(WarnUnknown, "", "<%s> is not allowed here; kept as an extension", name)
	return d.captureInto(ext)
}

// refElement reads a reference element (NoteRef, CodeRef, ...) and returns
// its target. Unknown attributes go to the parent's extensions as child
// attributes. ok is false when the element has no target; it is then kept
// whole as an extension of the parent.
func (d *decoder) refElement(name, attr string, parent **Extensions) (GUID, bool, error) {
	var target GUID
	found := false
	var extra []xmlAttr
	for i := range d.x.attrs {
		a := &d.x.attrs[i]
		if a.space == "" && string(a.local) == attr {
			target = d.ref(a.value, attr)
			found = true
			continue
		}
		if a.space == xmlnsURI {
			continue
		}
		d.warn(WarnUnknown, attrName(a), "attribute %s is not part of the schema; kept as an extension", attrName(a))
		extra = append(extra, xmlAttr{Space: a.space, Prefix: string(a.prefix), Name: string(a.local), Value: string(a.value)})
	}
	if !found {
		d.warn(WarnMissingAttr, attr, "<%s> without %s; kept as an extension", name, attr)
		return "", false, d.captureInto(parent)
	}
	if len(extra) > 0 {
		e := extOf(parent)
		idx := d.x.frames[d.x.depth-1].index
		for _, a := range extra {
			e.childAttrs = append(e.childAttrs, childAttr{Child: name, Index: idx, xmlAttr: a})
		}
	}
	if err := d.skip(parent); err != nil {
		return "", false, err
	}
	return target, true, nil
}

// description reads a Description element into *dst.
func (d *decoder) description(dst *string, seen *bool, ext **Extensions) error {
	if *seen {
		return d.dup("Description", ext)
	}
	*seen = true
	d.childAttrs("Description", ext)
	s, err := d.text(ext)
	*dst = s
	return err
}

// childAttrs keeps unknown attributes of a text-only child element.
func (d *decoder) childAttrs(name string, parent **Extensions) {
	for i := range d.x.attrs {
		a := &d.x.attrs[i]
		if a.space == xmlnsURI {
			continue
		}
		d.warn(WarnUnknown, attrName(a), "attribute %s is not part of the schema; kept as an extension", attrName(a))
		e := extOf(parent)
		e.childAttrs = append(e.childAttrs, childAttr{Child: name, Index: d.x.frames[d.x.depth-1].index,
			xmlAttr: xmlAttr{Space: a.space, Prefix: string(a.prefix), Name: string(a.local), Value: string(a.value)}})
	}
}

// container reads a container element (Users, Codes, ...) whose children
// are all named item, calling fn for each.
func (d *decoder) container(name, item string, ext **Extensions, fn func() error) error {
	n := 0
	where, line := d.x.path(), d.x.src.line()
	for i := range d.x.attrs {
		d.foreignOrUnknown(&d.x.attrs[i], ext)
	}
	for {
		c, err := d.child(ext)
		if err != nil {
			return err
		}
		if c == "" {
			break
		}
		if c != item {
			if err := d.misplaced(c, ext); err != nil {
				return err
			}
			continue
		}
		n++
		if err := fn(); err != nil {
			return err
		}
	}
	if n == 0 {
		d.ws.add(Warning{Code: WarnEmptyContainer, File: d.file, Path: where, Line: line,
			Message: fmt.Sprintf("empty <%s>, which the schema forbids; it is left out when writing", name)})
	}
	return nil
}

func (d *decoder) foreignOrUnknown(a *rawAttr, ext **Extensions) {
	if a.space != "" {
		d.foreignAttr(a, ext, false)
		return
	}
	d.unknownAttr(a, ext)
}

// decodeAny reads a project or a codebook, whichever the root element is.
func (d *decoder) decodeAny() (*Project, *codebook, error) {
	root, err := d.root("")
	if err != nil {
		return nil, nil, err
	}
	if root == "CodeBook" {
		cb, err := d.codebookBody()
		return nil, cb, err
	}
	p, err := d.projectBody()
	return p, nil, err
}

func (d *decoder) projectBody() (*Project, error) {
	p := &Project{}
	hasName := false
	for i := range d.x.attrs {
		a := &d.x.attrs[i]
		if a.space != "" {
			d.foreignAttr(a, &p.Extensions, true)
			continue
		}
		switch string(a.local) {
		case "name":
			p.Name = d.str(a.value)
			hasName = true
		case "origin":
			p.Origin = d.str(a.value)
		case "basePath":
			p.BasePath = d.str(a.value)
		case "creatingUserGUID":
			p.CreatingUser = d.ref(a.value, "creatingUserGUID")
		case "modifyingUserGUID":
			p.ModifyingUser = d.ref(a.value, "modifyingUserGUID")
		case "creationDateTime", "modifiedDateTime":
			d.audit(a, &p.Audit, &p.Extensions)
		default:
			d.unknownAttr(a, &p.Extensions)
		}
	}
	if !hasName {
		d.warn(WarnMissingAttr, "name", "<Project> without the required name")
	}
	var o order
	seen := map[string]bool{}
	for {
		c, err := d.child(&p.Extensions)
		if err != nil {
			return nil, err
		}
		if c == "" {
			break
		}
		rank := projectRank(c)
		if rank == 0 {
			if err := d.misplaced(c, &p.Extensions); err != nil {
				return nil, err
			}
			continue
		}
		o.at(d, rank, c)
		if seen[c] && c != "NoteRef" {
			if err := d.dup(c, &p.Extensions); err != nil {
				return nil, err
			}
			continue
		}
		seen[c] = true
		switch c {
		case "Users":
			err = d.container(c, "User", &p.Extensions, func() error {
				u, err := d.decodeUser(&p.Extensions)
				if u != nil {
					p.Users = append(p.Users, u)
				}
				return err
			})
		case "CodeBook":
			err = d.decodeCodeBookInProject(p)
		case "Variables":
			err = d.container(c, "Variable", &p.Extensions, func() error {
				v, err := d.decodeVariable(&p.Extensions)
				if v != nil {
					p.Variables = append(p.Variables, v)
				}
				return err
			})
		case "Cases":
			err = d.container(c, "Case", &p.Extensions, func() error {
				cs, err := d.decodeCase(&p.Extensions)
				if cs != nil {
					p.Cases = append(p.Cases, cs)
				}
				return err
			})
		case "Sources":
			err = d.decodeSources(p)
		case "Notes":
			err = d.container(c, "Note", &p.Extensions, func() error {
				n, err := d.decodeTextSource("Note", &p.Extensions)
				if n != nil {
					p.Notes = append(p.Notes, n)
				}
				return err
			})
		case "Links":
			err = d.container(c, "Link", &p.Extensions, func() error {
				l, err := d.decodeLink(&p.Extensions)
				if l != nil {
					p.Links = append(p.Links, l)
				}
				return err
			})
		case "Sets":
			err = d.container(c, "Set", &p.Extensions, func() error {
				s, err := d.decodeSet(&p.Extensions)
				if s != nil {
					p.Sets = append(p.Sets, s)
				}
				return err
			})
		case "Graphs":
			err = d.container(c, "Graph", &p.Extensions, func() error {
				g, err := d.decodeGraph(&p.Extensions)
				if g != nil {
					p.Graphs = append(p.Graphs, g)
				}
				return err
			})
		case "Description":
			d.childAttrs(c, &p.Extensions)
			p.Description, err = d.text(&p.Extensions)
		case "NoteRef":
			var g GUID
			var ok bool
			g, ok, err = d.refElement(c, "targetGUID", &p.Extensions)
			if ok {
				p.NoteRefs = append(p.NoteRefs, g)
			}
		}
		if err != nil {
			return nil, err
		}
	}
	if err := d.finish(); err != nil {
		return nil, err
	}
	d.restoreIDs(p)
	return p, nil
}

func projectRank(name string) int {
	switch name {
	case "Users":
		return 1
	case "CodeBook":
		return 2
	case "Variables":
		return 3
	case "Cases":
		return 4
	case "Sources":
		return 5
	case "Notes":
		return 6
	case "Links":
		return 7
	case "Sets":
		return 8
	case "Graphs":
		return 9
	case "Description":
		return 10
	case "NoteRef":
		return 11
	}
	return 0
}

// root reads up to the root element and checks its name (Project or
// CodeBook, or want when it is not "") and namespace.
func (d *decoder) root(want string) (string, error) {
	for {
		k, err := d.x.next()
		if err != nil {
			var se *scanError
			if errors.Is(err, ErrSyntax) && errors.As(err, &se) && se.line <= 1 {
				// not XML at all
				return "", &FormatError{File: d.file, Line: se.line, Err: fmt.Errorf("%w (%w)", ErrFormat, se.err)}
			}
			return "", d.fail(err)
		}
		switch k {
		case tokStart:
			local := string(d.x.local)
			if want != "" && local != want || want == "" && local != "Project" && local != "CodeBook" {
				if want == "" {
					want = "Project> or <CodeBook"
				}
				return "", &FormatError{File: d.file, Path: "/" + local, Line: d.x.src.line(),
					Err: fmt.Errorf("%w: root element is <%s>, not <%s>", ErrFormat, local, want)}
			}
			d.qdaSpace = d.x.space
			d.codebook = local == "CodeBook"
			d.checkNamespace(local)
			if d.x.src.doctype() {
				d.warn(WarnDoctype, "", "DOCTYPE declaration ignored; entities it declares are not expanded")
			}
			if enc := d.x.src.declaredEncoding(); enc != "" {
				d.warn(WarnXMLEncoding, "", "document encoded in %s, not UTF-8; transcoded", enc)
			}
			return local, nil
		case tokPI:
			target, data := d.x.src.pi()
			if string(target) == piOriginalID {
				d.applyIDsPI(data)
			}
		case tokEOF:
			return "", d.fail(fmt.Errorf("%w: no root element", ErrFormat))
		}
	}
}

func (d *decoder) checkNamespace(root string) {
	ns := d.qdaSpace
	want := NamespaceProject
	if root == "CodeBook" {
		want = NamespaceCodebook
	}
	switch {
	case ns == want:
	case ns == "":
		d.warn(WarnNamespace, "", "no namespace; read as %s", want)
	case strings.HasPrefix(ns, "urn:QDA-XML:"):
		d.warn(WarnNamespace, "", "namespace %s; read as %s", ns, want)
	default:
		d.warn(WarnNamespace, "", "unexpected namespace %s; read as %s", ns, want)
	}
}

// finish checks that the document ends after the root and reports GUID
// form notices.
func (d *decoder) finish() error {
	for {
		k, err := d.x.next()
		if err != nil {
			return d.fail(err)
		}
		if k == tokEOF {
			break
		}
		if k == tokPI {
			if target, data := d.x.src.pi(); string(target) == piOriginalID {
				d.applyIDsPI(data)
			}
		}
	}
	if d.upperGUIDs > 0 || d.bracedGUIDs > 0 {
		w := d.formWhere
		w.Code = WarnGUIDForm
		var parts []string
		if d.upperGUIDs > 0 {
			parts = append(parts, fmt.Sprintf("%d in upper case", d.upperGUIDs))
		}
		if d.bracedGUIDs > 0 {
			parts = append(parts, fmt.Sprintf("%d in braces", d.bracedGUIDs))
		}
		w.Message = "GUIDs written " + strings.Join(parts, " and ") + " (first here); compared without case and braces, written as read"
		d.ws.add(w)
	}
	return nil
}

func (d *decoder) decodeUser(parent **Extensions) (*User, error) {
	u := &User{}
	hasGUID := false
	for i := range d.x.attrs {
		a := &d.x.attrs[i]
		if a.space != "" {
			d.foreignAttr(a, &u.Extensions, false)
			continue
		}
		switch string(a.local) {
		case "guid":
			u.GUID = d.ref(a.value, "guid")
			hasGUID = true
			d.x.setGUID(u.GUID)
		case "name":
			u.Name = d.str(a.value)
		case "id":
			u.ID = d.str(a.value)
		default:
			d.unknownAttr(a, &u.Extensions)
		}
	}
	if !hasGUID {
		return nil, d.noGUID("User", parent)
	}
	for {
		c, err := d.child(&u.Extensions)
		if err != nil {
			return nil, err
		}
		if c == "" {
			return u, nil
		}
		if err := d.misplaced(c, &u.Extensions); err != nil {
			return nil, err
		}
	}
}

// noGUID keeps an element without its required guid as an extension of its
// parent.
func (d *decoder) noGUID(name string, parent **Extensions) error {
	d.warn(WarnMissingAttr, "guid", "<%s> without a guid; kept as an extension", name)
	return d.captureInto(parent)
}

func (d *decoder) decodeCodeBookInProject(p *Project) error {
	for i := range d.x.attrs {
		d.foreignOrUnknown(&d.x.attrs[i], &p.Extensions)
	}
	seen := false
	for {
		c, err := d.child(&p.Extensions)
		if err != nil {
			return err
		}
		if c == "" {
			if !seen {
				d.warn(WarnEmptyContainer, "", "<CodeBook> without <Codes>, which the schema requires; left out when writing")
			}
			return nil
		}
		if c != "Codes" {
			if err := d.misplaced(c, &p.Extensions); err != nil {
				return err
			}
			continue
		}
		if seen {
			if err := d.dup(c, &p.Extensions); err != nil {
				return err
			}
			continue
		}
		seen = true
		err = d.container("Codes", "Code", &p.Extensions, func() error {
			code, err := d.decodeCode(&p.Extensions)
			if code != nil {
				p.Codes = append(p.Codes, code)
			}
			return err
		})
		if err != nil {
			return err
		}
	}
}

func (d *decoder) decodeCode(parent **Extensions) (*Code, error) {
	c := &Code{IsCodable: true}
	hasGUID, hasName, hasCodable := false, false, false
	for i := range d.x.attrs {
		a := &d.x.attrs[i]
		if a.space != "" {
			d.foreignAttr(a, &c.Extensions, false)
			continue
		}
		switch string(a.local) {
		case "guid":
			c.GUID = d.guid(a)
			hasGUID = true
			d.x.setGUID(c.GUID)
		case "name":
			c.Name = d.str(a.value)
			hasName = true
		case "isCodable":
			b, ok := d.boolean(a)
			if !ok {
				lv := strings.ToLower(string(trimSpaceBytes(a.value)))
				if lv == "true" || lv == "yes" || lv == "false" || lv == "no" {
					b, ok = lv == "true" || lv == "yes", true
				}
				d.warn(WarnInvalidValue, "isCodable", "isCodable=%q is not a schema boolean; read as %v", clip(a.value), b)
			}
			if ok {
				c.IsCodable = b
			}
			hasCodable = true
		case "color":
			c.Color = d.color(a, &c.Extensions)
		default:
			d.unknownAttr(a, &c.Extensions)
		}
	}
	if !hasGUID {
		return nil, d.noGUID("Code", parent)
	}
	if !hasName {
		d.warn(WarnMissingAttr, "name", "<Code> without the required name; read as empty")
	}
	if !hasCodable {
		d.warn(WarnMissingAttr, "isCodable", "<Code> without the required isCodable; read as true")
	}
	var o order
	descSeen := false
	for {
		name, err := d.child(&c.Extensions)
		if err != nil {
			return nil, err
		}
		switch name {
		case "":
			restoreOriginal(&c.Color, "color", &c.Extensions)
			return c, nil
		case "Description":
			o.at(d, 1, name)
			err = d.description(&c.Description, &descSeen, &c.Extensions)
		case "NoteRef":
			if d.codebook {
				err = d.misplaced(name, &c.Extensions)
				break
			}
			o.at(d, 2, name)
			var g GUID
			var ok bool
			g, ok, err = d.refElement(name, "targetGUID", &c.Extensions)
			if ok {
				c.NoteRefs = append(c.NoteRefs, g)
			}
		case "Code":
			o.at(d, 3, name)
			var child *Code
			child, err = d.decodeCode(&c.Extensions)
			if child != nil {
				c.Children = append(c.Children, child)
			}
		default:
			err = d.misplaced(name, &c.Extensions)
		}
		if err != nil {
			return nil, err
		}
	}
}

// color reads a colour attribute. A colour in another form than the
// schema's (rgb(), rgba(), #RRGGBBAA), or a value that is not a colour, is
// kept as written; the writer converts or leaves it out.
func (d *decoder) color(a *rawAttr, ext **Extensions) string {
	s := d.str(a.value)
	if s == "" || validSchemaColor(s) {
		return s
	}
	if _, alpha, ok := ParseColor(s); ok {
		if alpha < 1 {
			d.warn(WarnColor, "color", "colour %q has transparency, which the schema cannot hold; written as #RRGGBB without it", s)
		} else {
			d.warn(WarnColor, "color", "colour %q is not in the schema's #RRGGBB form; written as #RRGGBB", s)
		}
		return s
	}
	d.warn(WarnColor, "color", "%q is not a colour; it is left out of the color attribute when writing", s)
	return s
}

// restoreOriginal puts back the form a value had before the writer converted
// or dropped it: the writer records it as an extension attribute of the same
// name, which no input can otherwise have (an element cannot carry the same
// attribute twice).
func restoreOriginal(field *string, name string, ext **Extensions) {
	e := *ext
	if e == nil {
		return
	}
	for i, a := range e.attrs {
		if a.Space == "" && a.Name == name {
			*field = a.Value
			e.attrs = append(e.attrs[:i:i], e.attrs[i+1:]...)
			if e.empty() {
				*ext = nil
			}
			return
		}
	}
}

func (d *decoder) decodeVariable(parent **Extensions) (*Variable, error) {
	v := &Variable{}
	hasGUID, hasName, hasType := false, false, false
	for i := range d.x.attrs {
		a := &d.x.attrs[i]
		if a.space != "" {
			d.foreignAttr(a, &v.Extensions, false)
			continue
		}
		switch string(a.local) {
		case "guid":
			v.GUID = d.guid(a)
			hasGUID = true
			d.x.setGUID(v.GUID)
		case "name":
			v.Name = d.str(a.value)
			hasName = true
		case "typeOfVariable":
			hasType = true
			t := VariableType(trimSpaceBytes(a.value))
			if !t.Valid() {
				fixed := lenientVariableType(string(t))
				d.warn(WarnInvalidValue, "typeOfVariable", "typeOfVariable=%q is not a schema type; read as %s", clip(a.value), fixed)
				d.keepAttr(a, &v.Extensions)
				t = fixed
			}
			v.Type = t
		default:
			d.unknownAttr(a, &v.Extensions)
		}
	}
	if !hasGUID {
		return nil, d.noGUID("Variable", parent)
	}
	if !hasName {
		d.warn(WarnMissingAttr, "name", "<Variable> without the required name; read as empty")
	}
	if !hasType {
		d.warn(WarnMissingAttr, "typeOfVariable", "<Variable> without typeOfVariable; read as Text")
		v.Type = VarText
	}
	descSeen := false
	for {
		name, err := d.child(&v.Extensions)
		if err != nil {
			return nil, err
		}
		switch name {
		case "":
			return v, nil
		case "Description":
			err = d.description(&v.Description, &descSeen, &v.Extensions)
		default:
			err = d.misplaced(name, &v.Extensions)
		}
		if err != nil {
			return nil, err
		}
	}
}

// lenientVariableType maps misspelt variable types (QualCoder writes
// "Datetime") to the schema's; anything else becomes Text.
func lenientVariableType(s string) VariableType {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "boolean", "bool":
		return VarBoolean
	case "integer", "int":
		return VarInteger
	case "float", "decimal", "double", "number":
		return VarFloat
	case "date":
		return VarDate
	case "datetime", "date-time", "date_time":
		return VarDateTime
	}
	return VarText
}

func (d *decoder) decodeCase(parent **Extensions) (*Case, error) {
	c := &Case{}
	hasGUID := false
	for i := range d.x.attrs {
		a := &d.x.attrs[i]
		if a.space != "" {
			d.foreignAttr(a, &c.Extensions, false)
			continue
		}
		switch string(a.local) {
		case "guid":
			c.GUID = d.guid(a)
			hasGUID = true
			d.x.setGUID(c.GUID)
		case "name":
			c.Name = d.str(a.value)
		default:
			d.unknownAttr(a, &c.Extensions)
		}
	}
	if !hasGUID {
		return nil, d.noGUID("Case", parent)
	}
	var o order
	descSeen := false
	for {
		name, err := d.child(&c.Extensions)
		if err != nil {
			return nil, err
		}
		var g GUID
		var ok bool
		switch name {
		case "":
			return c, nil
		case "Description":
			o.at(d, 1, name)
			err = d.description(&c.Description, &descSeen, &c.Extensions)
		case "CodeRef":
			o.at(d, 2, name)
			if g, ok, err = d.refElement(name, "targetGUID", &c.Extensions); ok {
				c.CodeRefs = append(c.CodeRefs, g)
			}
		case "VariableValue":
			o.at(d, 3, name)
			var vv VariableValue
			if vv, ok, err = d.decodeVariableValue(&c.Extensions); ok {
				c.Values = append(c.Values, vv)
			}
		case "SourceRef":
			o.at(d, 4, name)
			if g, ok, err = d.refElement(name, "targetGUID", &c.Extensions); ok {
				c.SourceRefs = append(c.SourceRefs, g)
			}
		case "SelectionRef":
			o.at(d, 5, name)
			if g, ok, err = d.refElement(name, "targetGUID", &c.Extensions); ok {
				c.SelectionRefs = append(c.SelectionRefs, g)
			}
		default:
			err = d.misplaced(name, &c.Extensions)
		}
		if err != nil {
			return nil, err
		}
	}
}

func valueType(name string) VariableType {
	switch name {
	case "TextValue":
		return VarText
	case "BooleanValue":
		return VarBoolean
	case "IntegerValue":
		return VarInteger
	case "FloatValue":
		return VarFloat
	case "DateValue":
		return VarDate
	case "DateTimeValue":
		return VarDateTime
	}
	return ""
}

func (d *decoder) decodeVariableValue(parent **Extensions) (VariableValue, bool, error) {
	var vv VariableValue
	for i := range d.x.attrs {
		d.foreignOrUnknown(&d.x.attrs[i], &vv.Extensions)
	}
	hasRef := false
	for {
		name, err := d.child(&vv.Extensions)
		if err != nil {
			return vv, false, err
		}
		switch {
		case name == "":
			if !hasRef {
				d.warn(WarnMissingAttr, "", "<VariableValue> without a <VariableRef>; kept as an extension")
				e := extOf(parent)
				e.elems = append(e.elems, fragment("VariableValue", "", strings.Join(vv.Extensions.elements(), "")))
				return vv, false, nil
			}
			return vv, true, nil
		case name == "VariableRef":
			if hasRef {
				err = d.dup(name, &vv.Extensions)
				break
			}
			var ok bool
			vv.Variable, ok, err = d.refElement(name, "targetGUID", &vv.Extensions)
			hasRef = ok
		case valueType(name) != "":
			if !hasRef {
				d.warn(WarnOrder, "", "<%s> before <VariableRef>; written in schema order", name)
			}
			if vv.Type != "" {
				err = d.dup(name, &vv.Extensions)
				break
			}
			t := valueType(name)
			d.childAttrs(name, &vv.Extensions)
			var s string
			s, err = d.text(&vv.Extensions)
			if err != nil {
				break
			}
			val, ok := d.checkValue(t, s)
			if !ok {
				d.warn(WarnInvalidValue, "", "<%s>%s</%s> is not a valid %s; kept as an extension", name, clip([]byte(s)), name, t)
				e := extOf(&vv.Extensions)
				e.elems = append(e.elems, fragment(name, "", string(appendEscapedText(nil, s))))
				break
			}
			vv.Type, vv.Value = t, val
		default:
			err = d.misplaced(name, &vv.Extensions)
		}
		if err != nil {
			return vv, false, err
		}
	}
}

func (e *Extensions) elements() []string {
	if e == nil {
		return nil
	}
	return e.elems
}

// checkValue checks a typed value and returns it, lightly repaired where a
// producer's form is unambiguous (True for true).
func (d *decoder) checkValue(t VariableType, s string) (string, bool) {
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
			d.warn(WarnInvalidValue, "", "boolean %q read as true", v)
			return "true", true
		case "false", "no":
			d.warn(WarnInvalidValue, "", "boolean %q read as false", v)
			return "false", true
		}
		return s, false
	case VarInteger:
		return s, validXSDInteger(v)
	case VarFloat:
		return s, validDecimal(v)
	case VarDate:
		_, err := parseXSDDate(v)
		return s, err == nil
	case VarDateTime:
		_, ok := parseDateTime([]byte(v), d.zones)
		return s, ok
	}
	return s, false
}

func (d *decoder) decodeSources(p *Project) error {
	for i := range d.x.attrs {
		d.foreignOrUnknown(&d.x.attrs[i], &p.Extensions)
	}
	n := 0
	where, line := d.x.path(), d.x.src.line()
	for {
		name, err := d.child(&p.Extensions)
		if err != nil {
			return err
		}
		var s Source
		switch name {
		case "":
			if n == 0 {
				d.ws.add(Warning{Code: WarnEmptyContainer, File: d.file, Path: where, Line: line,
					Message: "empty <Sources>, which the schema forbids; it is left out when writing"})
			}
			return nil
		case "TextSource":
			var t *TextSource
			t, err = d.decodeTextSource(name, &p.Extensions)
			if t != nil {
				s = t
			}
		case "PictureSource":
			var t *PictureSource
			t, err = d.decodePictureSource(&p.Extensions)
			if t != nil {
				s = t
			}
		case "PDFSource":
			var t *PDFSource
			t, err = d.decodePDFSource(&p.Extensions)
			if t != nil {
				s = t
			}
		case "AudioSource", "VideoSource":
			s, err = d.decodeMediaSource(name, &p.Extensions)
		default:
			err = d.misplaced(name, &p.Extensions)
		}
		if err != nil {
			return err
		}
		if s != nil {
			p.Sources = append(p.Sources, s)
			n++
		}
	}
}

// sourceAttr handles attributes shared by all sources.
func (d *decoder) sourceAttr(a *rawAttr, b *SourceBase, hasGUID *bool) bool {
	switch string(a.local) {
	case "guid":
		b.GUID = d.guid(a)
		*hasGUID = true
		d.x.setGUID(b.GUID)
	case "name":
		b.Name = d.str(a.value)
	default:
		return d.audit(a, &b.Audit, &b.Extensions)
	}
	return true
}

// sourceChild handles the children shared by all sources: Description,
// Coding, NoteRef and VariableValue, with their ranks.
func (d *decoder) sourceChild(name string, b *SourceBase, o *order, descSeen *bool, rankCoding int) (bool, error) {
	var err error
	switch name {
	case "Description":
		o.at(d, 1, name)
		err = d.description(&b.Description, descSeen, &b.Extensions)
	case "Coding":
		o.at(d, rankCoding, name)
		var c Coding
		var ok bool
		if c, ok, err = d.decodeCoding(&b.Extensions); ok {
			b.Codings = append(b.Codings, c)
		}
	case "NoteRef":
		o.at(d, rankCoding+1, name)
		var g GUID
		var ok bool
		if g, ok, err = d.refElement(name, "targetGUID", &b.Extensions); ok {
			b.NoteRefs = append(b.NoteRefs, g)
		}
	case "VariableValue":
		o.at(d, rankCoding+2, name)
		var vv VariableValue
		var ok bool
		if vv, ok, err = d.decodeVariableValue(&b.Extensions); ok {
			b.Values = append(b.Values, vv)
		}
	default:
		return false, nil
	}
	return true, err
}

// decodeTextSource reads a TextSourceType element: TextSource, Note,
// Representation or TextDescription.
func (d *decoder) decodeTextSource(elem string, parent **Extensions) (*TextSource, error) {
	t := &TextSource{}
	hasGUID := false
	for i := range d.x.attrs {
		a := &d.x.attrs[i]
		if a.space != "" {
			d.foreignAttr(a, &t.Extensions, false)
			continue
		}
		if d.sourceAttr(a, &t.SourceBase, &hasGUID) {
			continue
		}
		switch string(a.local) {
		case "plainTextPath":
			t.PlainTextPath = d.str(a.value)
		case "richTextPath":
			t.RichTextPath = d.str(a.value)
		default:
			d.unknownAttr(a, &t.Extensions)
		}
	}
	if !hasGUID {
		return nil, d.noGUID(elem, parent)
	}
	var o order
	descSeen, contentSeen := false, false
	mark := len(d.selStack)
	for {
		name, err := d.child(&t.Extensions)
		if err != nil {
			return nil, err
		}
		if name == "" {
			if contentSeen && t.PlainTextPath != "" {
				d.warn(WarnContentAndPath, "", "both PlainTextContent and plainTextPath; the file is used for positions")
			}
			t.Selections = d.popSelections(mark)
			return t, nil
		}
		if ok, err := d.sourceChild(name, &t.SourceBase, &o, &descSeen, 4); ok {
			if err != nil {
				return nil, err
			}
			continue
		}
		switch name {
		case "PlainTextContent":
			o.at(d, 2, name)
			if contentSeen {
				err = d.dup(name, &t.Extensions)
				break
			}
			contentSeen = true
			d.childAttrs(name, &t.Extensions)
			t.PlainTextContent, err = d.text(&t.Extensions)
		case "PlainTextSelection":
			o.at(d, 3, name)
			var sel TextSelection
			var ok bool
			if sel, ok, err = d.decodeTextSelection(&t.Extensions); ok {
				d.selStack = append(d.selStack, sel)
			}
		default:
			err = d.misplaced(name, &t.Extensions)
		}
		if err != nil {
			return nil, err
		}
	}
}

// selectionAttr handles attributes shared by all selections.
func (d *decoder) selectionAttr(a *rawAttr, b *SelectionBase, hasGUID *bool) bool {
	switch string(a.local) {
	case "guid":
		b.GUID = d.guid(a)
		*hasGUID = true
		d.x.setGUID(b.GUID)
	case "name":
		b.Name = d.str(a.value)
	default:
		return d.audit(a, &b.Audit, &b.Extensions)
	}
	return true
}

// selectionChildren reads the children shared by all selections:
// Description, Coding and NoteRef (PDFSelection adds Representation).
func (d *decoder) selectionChildren(b *SelectionBase, extra func(name string, o *order) (bool, error)) error {
	var o order
	descSeen := false
	mark := len(d.codStack)
	for {
		name, err := d.child(&b.Extensions)
		if err != nil {
			return err
		}
		switch name {
		case "":
			b.Codings = d.popCodings(mark)
			return nil
		case "Description":
			o.at(d, 1, name)
			err = d.description(&b.Description, &descSeen, &b.Extensions)
		case "Coding":
			o.at(d, 3, name)
			var c Coding
			var ok bool
			if c, ok, err = d.decodeCoding(&b.Extensions); ok {
				d.codStack = append(d.codStack, c)
			}
		case "NoteRef":
			o.at(d, 4, name)
			var g GUID
			var ok bool
			if g, ok, err = d.refElement(name, "targetGUID", &b.Extensions); ok {
				b.NoteRefs = append(b.NoteRefs, g)
			}
		default:
			handled := false
			if extra != nil {
				handled, err = extra(name, &o)
			}
			if !handled && err == nil {
				err = d.misplaced(name, &b.Extensions)
			}
		}
		if err != nil {
			return err
		}
	}
}

// positions reads the required integer attributes of a selection. It
// returns false when one is missing or unreadable; the caller then keeps the
// element as an extension.
type intAttr struct {
	name string
	val  int64
	seen bool
}

func (d *decoder) intAttrs(a *rawAttr, list []intAttr) (handled bool, bad bool) {
	for i := range list {
		if string(a.local) == list[i].name {
			n, ok := d.integer(a)
			if !ok {
				return true, true
			}
			list[i].val = n
			list[i].seen = true
			return true, false
		}
	}
	return false, false
}

func (d *decoder) missingInts(elem string, list []intAttr) bool {
	for _, ia := range list {
		if !ia.seen {
			d.warn(WarnMissingAttr, ia.name, "<%s> without a valid %s; kept as an extension", elem, ia.name)
			return true
		}
	}
	return false
}

func (d *decoder) decodeTextSelection(parent **Extensions) (TextSelection, bool, error) {
	var s TextSelection
	hasGUID := false
	ints := [2]intAttr{{name: "startPosition"}, {name: "endPosition"}}
	for i := range d.x.attrs {
		a := &d.x.attrs[i]
		if a.space != "" {
			d.foreignAttr(a, &s.Extensions, false)
			continue
		}
		if d.selectionAttr(a, &s.SelectionBase, &hasGUID) {
			continue
		}
		if h, bad := d.intAttrs(a, ints[:]); h {
			if bad {
				d.warn(WarnInvalidValue, attrName(a), "%s=%q is not an integer", a.local, clip(a.value))
			}
			continue
		}
		d.unknownAttr(a, &s.Extensions)
	}
	if !hasGUID {
		return s, false, d.noGUID("PlainTextSelection", parent)
	}
	if d.missingInts("PlainTextSelection", ints[:]) {
		return s, false, d.captureInto(parent)
	}
	s.Start, s.End = ints[0].val, ints[1].val
	d.checkRange(s.Start, s.End, "startPosition", "endPosition")
	return s, true, d.selectionChildren(&s.SelectionBase, nil)
}

func (d *decoder) checkRange(start, end int64, a, b string) {
	switch {
	case start < 0 || end < 0:
		d.warn(WarnSelectionRange, a, "negative position (%s=%d, %s=%d)", a, start, b, end)
	case start > end:
		d.warn(WarnSelectionRange, a, "%s %d is after %s %d", a, start, b, end)
	}
}

func (d *decoder) decodePictureSource(parent **Extensions) (*PictureSource, error) {
	ps := &PictureSource{}
	hasGUID := false
	for i := range d.x.attrs {
		a := &d.x.attrs[i]
		if a.space != "" {
			d.foreignAttr(a, &ps.Extensions, false)
			continue
		}
		if d.sourceAttr(a, &ps.SourceBase, &hasGUID) {
			continue
		}
		switch string(a.local) {
		case "path":
			ps.Path = d.str(a.value)
		case "currentPath":
			ps.CurrentPath = d.str(a.value)
		default:
			d.unknownAttr(a, &ps.Extensions)
		}
	}
	if !hasGUID {
		return nil, d.noGUID("PictureSource", parent)
	}
	var o order
	descSeen := false
	for {
		name, err := d.child(&ps.Extensions)
		if err != nil {
			return nil, err
		}
		if name == "" {
			return ps, nil
		}
		if ok, err := d.sourceChild(name, &ps.SourceBase, &o, &descSeen, 4); ok {
			if err != nil {
				return nil, err
			}
			continue
		}
		switch name {
		case "TextDescription":
			o.at(d, 2, name)
			if ps.TextDescription != nil {
				err = d.dup(name, &ps.Extensions)
				break
			}
			ps.TextDescription, err = d.decodeTextSource(name, &ps.Extensions)
		case "PictureSelection":
			o.at(d, 3, name)
			var sel PictureSelection
			var ok bool
			if sel, ok, err = d.decodePictureSelection(&ps.Extensions); ok {
				ps.Selections = append(ps.Selections, sel)
			}
		default:
			err = d.misplaced(name, &ps.Extensions)
		}
		if err != nil {
			return nil, err
		}
	}
}

func (d *decoder) decodePictureSelection(parent **Extensions) (PictureSelection, bool, error) {
	var s PictureSelection
	hasGUID := false
	ints := [4]intAttr{{name: "firstX"}, {name: "firstY"}, {name: "secondX"}, {name: "secondY"}}
	for i := range d.x.attrs {
		a := &d.x.attrs[i]
		if a.space != "" {
			d.foreignAttr(a, &s.Extensions, false)
			continue
		}
		if d.selectionAttr(a, &s.SelectionBase, &hasGUID) {
			continue
		}
		if h, bad := d.intAttrs(a, ints[:]); h {
			if bad {
				d.warn(WarnInvalidValue, attrName(a), "%s=%q is not an integer", a.local, clip(a.value))
			}
			continue
		}
		d.unknownAttr(a, &s.Extensions)
	}
	if !hasGUID {
		return s, false, d.noGUID("PictureSelection", parent)
	}
	if d.missingInts("PictureSelection", ints[:]) {
		return s, false, d.captureInto(parent)
	}
	s.FirstX, s.FirstY, s.SecondX, s.SecondY = ints[0].val, ints[1].val, ints[2].val, ints[3].val
	return s, true, d.selectionChildren(&s.SelectionBase, nil)
}

func (d *decoder) decodePDFSource(parent **Extensions) (*PDFSource, error) {
	ps := &PDFSource{}
	hasGUID := false
	for i := range d.x.attrs {
		a := &d.x.attrs[i]
		if a.space != "" {
			d.foreignAttr(a, &ps.Extensions, false)
			continue
		}
		if d.sourceAttr(a, &ps.SourceBase, &hasGUID) {
			continue
		}
		switch string(a.local) {
		case "path":
			ps.Path = d.str(a.value)
		case "currentPath":
			ps.CurrentPath = d.str(a.value)
		default:
			d.unknownAttr(a, &ps.Extensions)
		}
	}
	if !hasGUID {
		return nil, d.noGUID("PDFSource", parent)
	}
	var o order
	descSeen := false
	for {
		name, err := d.child(&ps.Extensions)
		if err != nil {
			return nil, err
		}
		if name == "" {
			return ps, nil
		}
		if ok, err := d.sourceChild(name, &ps.SourceBase, &o, &descSeen, 4); ok {
			if err != nil {
				return nil, err
			}
			continue
		}
		switch name {
		case "PDFSelection":
			o.at(d, 2, name)
			var sel PDFSelection
			var ok bool
			if sel, ok, err = d.decodePDFSelection(&ps.Extensions); ok {
				ps.Selections = append(ps.Selections, sel)
			}
		case "Representation":
			o.at(d, 3, name)
			if ps.Representation != nil {
				err = d.dup(name, &ps.Extensions)
				break
			}
			ps.Representation, err = d.decodeTextSource(name, &ps.Extensions)
		default:
			err = d.misplaced(name, &ps.Extensions)
		}
		if err != nil {
			return nil, err
		}
	}
}

func (d *decoder) decodePDFSelection(parent **Extensions) (PDFSelection, bool, error) {
	var s PDFSelection
	hasGUID := false
	ints := [5]intAttr{{name: "page"}, {name: "firstX"}, {name: "firstY"}, {name: "secondX"}, {name: "secondY"}}
	for i := range d.x.attrs {
		a := &d.x.attrs[i]
		if a.space != "" {
			d.foreignAttr(a, &s.Extensions, false)
			continue
		}
		if d.selectionAttr(a, &s.SelectionBase, &hasGUID) {
			continue
		}
		if h, bad := d.intAttrs(a, ints[:]); h {
			if bad {
				d.warn(WarnInvalidValue, attrName(a), "%s=%q is not an integer", a.local, clip(a.value))
			}
			continue
		}
		d.unknownAttr(a, &s.Extensions)
	}
	if !hasGUID {
		return s, false, d.noGUID("PDFSelection", parent)
	}
	if d.missingInts("PDFSelection", ints[:]) {
		return s, false, d.captureInto(parent)
	}
	s.Page, s.FirstX, s.FirstY, s.SecondX, s.SecondY = ints[0].val, ints[1].val, ints[2].val, ints[3].val, ints[4].val
	err := d.selectionChildren(&s.SelectionBase, func(name string, o *order) (bool, error) {
		if name != "Representation" {
			return false, nil
		}
		o.at(d, 2, name)
		if s.Representation != nil {
			return true, d.dup(name, &s.Extensions)
		}
		var err error
		s.Representation, err = d.decodeTextSource(name, &s.Extensions)
		return true, err
	})
	return s, true, err
}

func (d *decoder) decodeMediaSource(elem string, parent **Extensions) (Source, error) {
	var base SourceBase
	var path, currentPath string
	var transcripts []*Transcript
	var sels []MediaSelection
	hasGUID := false
	for i := range d.x.attrs {
		a := &d.x.attrs[i]
		if a.space != "" {
			d.foreignAttr(a, &base.Extensions, false)
			continue
		}
		if d.sourceAttr(a, &base, &hasGUID) {
			continue
		}
		switch string(a.local) {
		case "path":
			path = d.str(a.value)
		case "currentPath":
			currentPath = d.str(a.value)
		default:
			d.unknownAttr(a, &base.Extensions)
		}
	}
	if !hasGUID {
		return nil, d.noGUID(elem, parent)
	}
	selName := "AudioSelection"
	if elem == "VideoSource" {
		selName = "VideoSelection"
	}
	var o order
	descSeen := false
	for {
		name, err := d.child(&base.Extensions)
		if err != nil {
			return nil, err
		}
		if name == "" {
			break
		}
		if ok, err := d.sourceChild(name, &base, &o, &descSeen, 4); ok {
			if err != nil {
				return nil, err
			}
			continue
		}
		switch name {
		case "Transcript":
			o.at(d, 2, name)
			var t *Transcript
			if t, err = d.decodeTranscript(&base.Extensions); t != nil {
				transcripts = append(transcripts, t)
			}
		case selName:
			o.at(d, 3, name)
			var sel MediaSelection
			var ok bool
			if sel, ok, err = d.decodeMediaSelection(name, &base.Extensions); ok {
				sels = append(sels, sel)
			}
		default:
			err = d.misplaced(name, &base.Extensions)
		}
		if err != nil {
			return nil, err
		}
	}
	if elem == "VideoSource" {
		return &VideoSource{SourceBase: base, Path: path, CurrentPath: currentPath, Transcripts: transcripts, Selections: sels}, nil
	}
	return &AudioSource{SourceBase: base, Path: path, CurrentPath: currentPath, Transcripts: transcripts, Selections: sels}, nil
}

func (d *decoder) decodeMediaSelection(elem string, parent **Extensions) (MediaSelection, bool, error) {
	var s MediaSelection
	hasGUID := false
	ints := [2]intAttr{{name: "begin"}, {name: "end"}}
	for i := range d.x.attrs {
		a := &d.x.attrs[i]
		if a.space != "" {
			d.foreignAttr(a, &s.Extensions, false)
			continue
		}
		if d.selectionAttr(a, &s.SelectionBase, &hasGUID) {
			continue
		}
		if h, bad := d.intAttrs(a, ints[:]); h {
			if bad {
				d.warn(WarnInvalidValue, attrName(a), "%s=%q is not an integer", a.local, clip(a.value))
			}
			continue
		}
		d.unknownAttr(a, &s.Extensions)
	}
	if !hasGUID {
		return s, false, d.noGUID(elem, parent)
	}
	if d.missingInts(elem, ints[:]) {
		return s, false, d.captureInto(parent)
	}
	s.Begin, s.End = ints[0].val, ints[1].val
	d.checkRange(s.Begin, s.End, "begin", "end")
	return s, true, d.selectionChildren(&s.SelectionBase, nil)
}

func (d *decoder) decodeTranscript(parent **Extensions) (*Transcript, error) {
	t := &Transcript{}
	hasGUID := false
	for i := range d.x.attrs {
		a := &d.x.attrs[i]
		if a.space != "" {
			d.foreignAttr(a, &t.Extensions, false)
			continue
		}
		switch string(a.local) {
		case "guid":
			t.GUID = d.guid(a)
			hasGUID = true
			d.x.setGUID(t.GUID)
		case "name":
			t.Name = d.str(a.value)
		case "plainTextPath":
			t.PlainTextPath = d.str(a.value)
		case "richTextPath":
			t.RichTextPath = d.str(a.value)
		default:
			if !d.audit(a, &t.Audit, &t.Extensions) {
				d.unknownAttr(a, &t.Extensions)
			}
		}
	}
	if !hasGUID {
		return nil, d.noGUID("Transcript", parent)
	}
	var o order
	descSeen, contentSeen := false, false
	for {
		name, err := d.child(&t.Extensions)
		if err != nil {
			return nil, err
		}
		var g GUID
		var ok bool
		switch name {
		case "":
			if contentSeen && t.PlainTextPath != "" {
				d.warn(WarnContentAndPath, "", "both PlainTextContent and plainTextPath; the file is used for positions")
			}
			return t, nil
		case "Description":
			o.at(d, 1, name)
			err = d.description(&t.Description, &descSeen, &t.Extensions)
		case "PlainTextContent":
			o.at(d, 2, name)
			if contentSeen {
				err = d.dup(name, &t.Extensions)
				break
			}
			contentSeen = true
			d.childAttrs(name, &t.Extensions)
			t.PlainTextContent, err = d.text(&t.Extensions)
		case "SyncPoint":
			o.at(d, 3, name)
			var sp SyncPoint
			if sp, ok, err = d.decodeSyncPoint(&t.Extensions); ok {
				t.SyncPoints = append(t.SyncPoints, sp)
			}
		case "TranscriptSelection":
			o.at(d, 4, name)
			var sel TranscriptSelection
			if sel, ok, err = d.decodeTranscriptSelection(&t.Extensions); ok {
				t.Selections = append(t.Selections, sel)
			}
		case "NoteRef":
			o.at(d, 5, name)
			if g, ok, err = d.refElement(name, "targetGUID", &t.Extensions); ok {
				t.NoteRefs = append(t.NoteRefs, g)
			}
		default:
			err = d.misplaced(name, &t.Extensions)
		}
		if err != nil {
			return nil, err
		}
	}
}

func (d *decoder) decodeSyncPoint(parent **Extensions) (SyncPoint, bool, error) {
	var sp SyncPoint
	hasGUID := false
	for i := range d.x.attrs {
		a := &d.x.attrs[i]
		if a.space != "" {
			d.foreignAttr(a, &sp.Extensions, false)
			continue
		}
		switch string(a.local) {
		case "guid":
			sp.GUID = d.guid(a)
			hasGUID = true
			d.x.setGUID(sp.GUID)
		case "timeStamp", "position":
			n, ok := d.integer(a)
			if !ok {
				d.badAttr(a, &sp.Extensions, "integer")
				continue
			}
			if a.local[0] == 't' {
				sp.TimeStamp = &n
			} else {
				sp.Position = &n
			}
		default:
			d.unknownAttr(a, &sp.Extensions)
		}
	}
	if !hasGUID {
		return sp, false, d.noGUID("SyncPoint", parent)
	}
	for {
		name, err := d.child(&sp.Extensions)
		if err != nil {
			return sp, false, err
		}
		if name == "" {
			return sp, true, nil
		}
		if err := d.misplaced(name, &sp.Extensions); err != nil {
			return sp, false, err
		}
	}
}

func (d *decoder) decodeTranscriptSelection(parent **Extensions) (TranscriptSelection, bool, error) {
	var s TranscriptSelection
	hasGUID := false
	for i := range d.x.attrs {
		a := &d.x.attrs[i]
		if a.space != "" {
			d.foreignAttr(a, &s.Extensions, false)
			continue
		}
		if d.selectionAttr(a, &s.SelectionBase, &hasGUID) {
			continue
		}
		switch string(a.local) {
		case "fromSyncPoint":
			s.FromSyncPoint = d.ref(a.value, "fromSyncPoint")
		case "toSyncPoint":
			s.ToSyncPoint = d.ref(a.value, "toSyncPoint")
		default:
			d.unknownAttr(a, &s.Extensions)
		}
	}
	if !hasGUID {
		return s, false, d.noGUID("TranscriptSelection", parent)
	}
	return s, true, d.selectionChildren(&s.SelectionBase, nil)
}

func (d *decoder) decodeCoding(parent **Extensions) (Coding, bool, error) {
	var c Coding
	hasGUID := false
	for i := range d.x.attrs {
		a := &d.x.attrs[i]
		if a.space != "" {
			d.foreignAttr(a, &c.Extensions, false)
			continue
		}
		switch string(a.local) {
		case "guid":
			c.GUID = d.guid(a)
			hasGUID = true
			d.x.setGUID(c.GUID)
		case "creatingUser":
			c.CreatingUser = d.ref(a.value, "creatingUser")
		case "creationDateTime":
			if t, ok := d.dateTime(a); ok {
				c.Created = t
			} else {
				d.badAttr(a, &c.Extensions, "date and time")
			}
		default:
			d.unknownAttr(a, &c.Extensions)
		}
	}
	if !hasGUID {
		return c, false, d.noGUID("Coding", parent)
	}
	hasRef := false
	var o order
	for {
		name, err := d.child(&c.Extensions)
		if err != nil {
			return c, false, err
		}
		switch name {
		case "":
			if !hasRef {
				d.warn(WarnMissingAttr, "", "<Coding> without a <CodeRef>; kept as an extension")
				e := extOf(parent)
				e.elems = append(e.elems, codingFragment(c))
				return c, false, nil
			}
			return c, true, nil
		case "CodeRef":
			o.at(d, 1, name)
			if hasRef {
				err = d.dup(name, &c.Extensions)
				break
			}
			var ok bool
			c.Code, ok, err = d.refElement(name, "targetGUID", &c.Extensions)
			hasRef = ok
		case "NoteRef":
			o.at(d, 2, name)
			var g GUID
			var ok bool
			if g, ok, err = d.refElement(name, "targetGUID", &c.Extensions); ok {
				c.NoteRefs = append(c.NoteRefs, g)
			}
		default:
			err = d.misplaced(name, &c.Extensions)
		}
		if err != nil {
			return c, false, err
		}
	}
}

// fragment renders an element in the form capture gives: attrs is the
// rendered attributes (with a leading space), content the rendered content.
func fragment(name, attrs, content string) string {
	if content == "" {
		return "<" + name + attrs + "/>"
	}
	return "<" + name + attrs + ">" + content + "</" + name + ">"
}

// codingFragment renders a Coding that has no CodeRef, for keeping as an
// extension.
func codingFragment(c Coding) string {
	var a, b []byte
	a = append(a, ` guid="`...)
	a = appendEscapedAttr(a, c.GUID)
	a = append(a, '"')
	if c.CreatingUser != "" {
		a = append(a, ` creatingUser="`...)
		a = appendEscapedAttr(a, c.CreatingUser)
		a = append(a, '"')
	}
	if !c.Created.IsZero() {
		a = append(a, ` creationDateTime="`...)
		a = appendDateTime(a, c.Created)
		a = append(a, '"')
	}
	for _, n := range c.NoteRefs {
		b = append(b, `<NoteRef targetGUID="`...)
		b = appendEscapedAttr(b, n)
		b = append(b, `"/>`...)
	}
	for _, e := range c.Extensions.elements() {
		b = append(b, e...)
	}
	return fragment("Coding", string(a), string(b))
}

func (d *decoder) decodeLink(parent **Extensions) (*Link, error) {
	l := &Link{}
	hasGUID := false
	for i := range d.x.attrs {
		a := &d.x.attrs[i]
		if a.space != "" {
			d.foreignAttr(a, &l.Extensions, false)
			continue
		}
		switch string(a.local) {
		case "guid":
			l.GUID = d.guid(a)
			hasGUID = true
			d.x.setGUID(l.GUID)
		case "name":
			l.Name = d.str(a.value)
		case "direction":
			l.Direction = Direction(d.str(trimSpaceBytes(a.value)))
			if !validDirection(l.Direction) {
				d.badAttr(a, &l.Extensions, "direction")
				l.Direction = ""
			}
		case "color":
			l.Color = d.color(a, &l.Extensions)
		case "originGUID":
			l.Origin = d.ref(a.value, "originGUID")
		case "targetGUID":
			l.Target = d.ref(a.value, "targetGUID")
		default:
			d.unknownAttr(a, &l.Extensions)
		}
	}
	if !hasGUID {
		return nil, d.noGUID("Link", parent)
	}
	for {
		name, err := d.child(&l.Extensions)
		if err != nil {
			return nil, err
		}
		switch name {
		case "":
			restoreOriginal(&l.Color, "color", &l.Extensions)
			return l, nil
		case "NoteRef":
			var g GUID
			var ok bool
			if g, ok, err = d.refElement(name, "targetGUID", &l.Extensions); ok {
				l.NoteRefs = append(l.NoteRefs, g)
			}
		default:
			err = d.misplaced(name, &l.Extensions)
		}
		if err != nil {
			return nil, err
		}
	}
}

func validDirection(dir Direction) bool {
	return dir == Associative || dir == OneWay || dir == Bidirectional
}

func (d *decoder) decodeSet(parent **Extensions) (*Set, error) {
	s := &Set{}
	hasGUID, hasName := false, false
	for i := range d.x.attrs {
		a := &d.x.attrs[i]
		if a.space != "" {
			d.foreignAttr(a, &s.Extensions, false)
			continue
		}
		switch string(a.local) {
		case "guid":
			s.GUID = d.guid(a)
			hasGUID = true
			d.x.setGUID(s.GUID)
		case "name":
			s.Name = d.str(a.value)
			hasName = true
		default:
			d.unknownAttr(a, &s.Extensions)
		}
	}
	if !hasGUID {
		return nil, d.noGUID("Set", parent)
	}
	if !hasName {
		d.warn(WarnMissingAttr, "name", "<Set> without the required name; read as empty")
	}
	var o order
	descSeen := false
	for {
		name, err := d.child(&s.Extensions)
		if err != nil {
			return nil, err
		}
		switch name {
		case "":
			return s, nil
		case "Description":
			o.at(d, 1, name)
			err = d.description(&s.Description, &descSeen, &s.Extensions)
		case "MemberCode":
			o.at(d, 2, name)
			err = d.member(name, &s.MemberCodes, &s.Extensions)
		case "MemberSource":
			if d.codebook {
				err = d.misplaced(name, &s.Extensions)
				break
			}
			o.at(d, 3, name)
			err = d.member(name, &s.MemberSources, &s.Extensions)
		case "MemberNote":
			if d.codebook {
				err = d.misplaced(name, &s.Extensions)
				break
			}
			o.at(d, 4, name)
			err = d.member(name, &s.MemberNotes, &s.Extensions)
		default:
			err = d.misplaced(name, &s.Extensions)
		}
		if err != nil {
			return nil, err
		}
	}
}

// member reads a set member. The project schema names the target
// targetGUID, the codebook schema guid; the other name is read too, as
// Transana's draft used it. A MemberNote holding its target as text (also
// Transana) is read as well.
func (d *decoder) member(name string, dst *[]GUID, ext **Extensions) error {
	attr, other := "targetGUID", "guid"
	if d.codebook {
		attr, other = "guid", "targetGUID"
	}
	has := false
	for i := range d.x.attrs {
		a := d.x.attrs[i]
		if a.space == "" && (string(a.local) == attr || string(a.local) == other) {
			has = true
		}
	}
	if !has {
		s, err := d.text(ext)
		if err != nil {
			return err
		}
		if t := strings.TrimSpace(s); t != "" {
			d.warn(WarnLegacyForm, "", "<%s> holds its target as text (a pre-release form); read as %s", name, attr)
			*dst = append(*dst, d.ref([]byte(t), attr))
			return nil
		}
		d.warn(WarnMissingAttr, attr, "<%s> without %s; dropped", name, attr)
		return nil
	}
	for i := range d.x.attrs {
		a := &d.x.attrs[i]
		if a.space == "" && string(a.local) == other {
			d.warn(WarnLegacyForm, other, "<%s %s=...> read as %s", name, other, attr)
			a.local = []byte(attr)
		}
	}
	g, ok, err := d.refElement(name, attr, ext)
	if ok {
		*dst = append(*dst, g)
	}
	return err
}

func (d *decoder) decodeGraph(parent **Extensions) (*Graph, error) {
	g := &Graph{}
	hasGUID := false
	for i := range d.x.attrs {
		a := &d.x.attrs[i]
		if a.space != "" {
			d.foreignAttr(a, &g.Extensions, false)
			continue
		}
		switch string(a.local) {
		case "guid":
			g.GUID = d.guid(a)
			hasGUID = true
			d.x.setGUID(g.GUID)
		case "name":
			g.Name = d.str(a.value)
		default:
			d.unknownAttr(a, &g.Extensions)
		}
	}
	if !hasGUID {
		return nil, d.noGUID("Graph", parent)
	}
	var o order
	for {
		name, err := d.child(&g.Extensions)
		if err != nil {
			return nil, err
		}
		switch name {
		case "":
			return g, nil
		case "Vertex":
			o.at(d, 1, name)
			var v Vertex
			var ok bool
			if v, ok, err = d.decodeVertex(&g.Extensions); ok {
				g.Vertices = append(g.Vertices, v)
			}
		case "Edge":
			o.at(d, 2, name)
			var e Edge
			var ok bool
			if e, ok, err = d.decodeEdge(&g.Extensions); ok {
				g.Edges = append(g.Edges, e)
			}
		default:
			err = d.misplaced(name, &g.Extensions)
		}
		if err != nil {
			return nil, err
		}
	}
}

func (d *decoder) decodeVertex(parent **Extensions) (Vertex, bool, error) {
	var v Vertex
	hasGUID := false
	ints := [2]intAttr{{name: "firstX"}, {name: "firstY"}}
	for i := range d.x.attrs {
		a := &d.x.attrs[i]
		if a.space != "" {
			d.foreignAttr(a, &v.Extensions, false)
			continue
		}
		if h, bad := d.intAttrs(a, ints[:]); h {
			if bad {
				d.warn(WarnInvalidValue, attrName(a), "%s=%q is not an integer", a.local, clip(a.value))
			}
			continue
		}
		switch string(a.local) {
		case "guid":
			v.GUID = d.guid(a)
			hasGUID = true
			d.x.setGUID(v.GUID)
		case "representedGUID":
			v.Represented = d.ref(a.value, "representedGUID")
		case "name":
			v.Name = d.str(a.value)
		case "secondX", "secondY":
			n, ok := d.integer(a)
			if !ok {
				d.badAttr(a, &v.Extensions, "integer")
				continue
			}
			if a.local[6] == 'X' {
				v.SecondX = &n
			} else {
				v.SecondY = &n
			}
		case "shape":
			v.Shape = d.str(trimSpaceBytes(a.value))
			if !validShape(v.Shape) {
				d.badAttr(a, &v.Extensions, "shape")
				v.Shape = ""
			}
		case "color":
			v.Color = d.color(a, &v.Extensions)
		default:
			d.unknownAttr(a, &v.Extensions)
		}
	}
	if !hasGUID {
		return v, false, d.noGUID("Vertex", parent)
	}
	if d.missingInts("Vertex", ints[:]) {
		return v, false, d.captureInto(parent)
	}
	v.FirstX, v.FirstY = ints[0].val, ints[1].val
	for {
		name, err := d.child(&v.Extensions)
		if err != nil {
			return v, false, err
		}
		if name == "" {
			restoreOriginal(&v.Color, "color", &v.Extensions)
			return v, true, nil
		}
		if err := d.misplaced(name, &v.Extensions); err != nil {
			return v, false, err
		}
	}
}

func validShape(s string) bool {
	switch s {
	case "Person", "Oval", "Rectangle", "RoundedRectangle", "Star", "LeftTriangle", "RightTriangle", "UpTriangle", "DownTriangle", "Note":
		return true
	}
	return false
}

func validLineStyle(s string) bool { return s == "dotted" || s == "dashed" || s == "solid" }

func (d *decoder) decodeEdge(parent **Extensions) (Edge, bool, error) {
	var e Edge
	hasGUID, hasSrc, hasDst := false, false, false
	for i := range d.x.attrs {
		a := &d.x.attrs[i]
		if a.space != "" {
			d.foreignAttr(a, &e.Extensions, false)
			continue
		}
		switch string(a.local) {
		case "guid":
			e.GUID = d.guid(a)
			hasGUID = true
			d.x.setGUID(e.GUID)
		case "representedGUID":
			e.Represented = d.ref(a.value, "representedGUID")
		case "name":
			e.Name = d.str(a.value)
		case "sourceVertex":
			e.SourceVertex = d.ref(a.value, "sourceVertex")
			hasSrc = true
		case "targetVertex":
			e.TargetVertex = d.ref(a.value, "targetVertex")
			hasDst = true
		case "color":
			e.Color = d.color(a, &e.Extensions)
		case "direction":
			e.Direction = Direction(d.str(trimSpaceBytes(a.value)))
			if !validDirection(e.Direction) {
				d.badAttr(a, &e.Extensions, "direction")
				e.Direction = ""
			}
		case "lineStyle":
			e.LineStyle = d.str(trimSpaceBytes(a.value))
			if !validLineStyle(e.LineStyle) {
				d.badAttr(a, &e.Extensions, "line style")
				e.LineStyle = ""
			}
		default:
			d.unknownAttr(a, &e.Extensions)
		}
	}
	if !hasGUID {
		return e, false, d.noGUID("Edge", parent)
	}
	if !hasSrc || !hasDst {
		d.warn(WarnMissingAttr, "sourceVertex", "<Edge> without sourceVertex or targetVertex; kept as an extension")
		return e, false, d.captureInto(parent)
	}
	for {
		name, err := d.child(&e.Extensions)
		if err != nil {
			return e, false, err
		}
		if name == "" {
			restoreOriginal(&e.Color, "color", &e.Extensions)
			return e, true, nil
		}
		if err := d.misplaced(name, &e.Extensions); err != nil {
			return e, false, err
		}
	}
}

// decodeCodebook reads a .qdc document.
func (d *decoder) decodeCodebook() (*codebook, error) {
	if _, err := d.root("CodeBook"); err != nil {
		return nil, err
	}
	return d.codebookBody()
}

func (d *decoder) codebookBody() (*codebook, error) {
	cb := &codebook{}
	for i := range d.x.attrs {
		a := &d.x.attrs[i]
		if a.space != "" {
			d.foreignAttr(a, &cb.Extensions, true)
			continue
		}
		switch string(a.local) {
		case "origin":
			cb.Origin = d.str(a.value)
		default:
			d.unknownAttr(a, &cb.Extensions)
		}
	}
	var o order
	seenCodes, seenSets := false, false
	for {
		name, err := d.child(&cb.Extensions)
		if err != nil {
			return nil, err
		}
		switch name {
		case "":
			if !seenCodes {
				d.warn(WarnEmptyContainer, "", "<CodeBook> without <Codes>, which the schema requires")
			}
			if len(cb.Codes) == 1 && isEmptyCodebookPlaceholder(cb.Codes[0]) {
				cb.Codes = nil // written by this package for a codebook without codes
			}
			if err := d.finish(); err != nil {
				return nil, err
			}
			d.restoreCodebookIDs(cb)
			return cb, nil
		case "Codes":
			o.at(d, 1, name)
			if seenCodes {
				err = d.dup(name, &cb.Extensions)
				break
			}
			seenCodes = true
			err = d.container(name, "Code", &cb.Extensions, func() error {
				c, err := d.decodeCode(&cb.Extensions)
				if c != nil {
					cb.Codes = append(cb.Codes, c)
				}
				return err
			})
		case "Sets":
			o.at(d, 2, name)
			if seenSets {
				err = d.dup(name, &cb.Extensions)
				break
			}
			seenSets = true
			err = d.container(name, "Set", &cb.Extensions, func() error {
				s, err := d.decodeSet(&cb.Extensions)
				if s != nil {
					cb.Sets = append(cb.Sets, s)
				}
				return err
			})
		default:
			err = d.misplaced(name, &cb.Extensions)
		}
		if err != nil {
			return nil, err
		}
	}
}

// readAllLimited reads r fully unless it holds more than limit bytes: then
// it stops there and reports over.
func readAllLimited(r io.Reader, limit int64) (b []byte, over bool, err error) {
	b, err = io.ReadAll(io.LimitReader(r, limit+1))
	if err != nil {
		return nil, false, err
	}
	if int64(len(b)) > limit {
		return nil, true, nil
	}
	return b, false, nil
}
