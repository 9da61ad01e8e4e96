package refi

import (
	"errors"
	"fmt"
	"io"
	"strings"
)

// This file holds the decoder, which builds the model from the tokens of
// one XML document, and what every element's reading uses: the walk over
// children, namespaces, extensions captured as XML, text content, schema
// order, references and containers. The decode_*.go files read the
// elements themselves.

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

	// measure, when set, is handed each source's texts as soon as the
	// source is read, to be measured for position detection meanwhile.
	measure *measuring
	jobs    []textJob
}

// close stops the tokenizer's goroutine, if it has one.
func (d *decoder) close() {
	if p, ok := d.x.src.(*pipeSource); ok {
		p.close()
	}
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

// skip reads the content of the current element, keeping nothing but
// extensions.
func (d *decoder) skip(ext **Extensions) error {
	_, err := d.text(ext)
	return err
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

// dup keeps a second occurrence of an element that may occur once as an
// extension; the first is read.
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
		extra = append(extra, a.kept())
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

// refTo reads a reference element name (NoteRef, CodeRef, ...) whose target
// is in its targetGUID attribute and appends the target to *dst (see
// [decoder.refElement]).
func (d *decoder) refTo(name string, dst *[]GUID, ext **Extensions) error {
	g, ok, err := d.refElement(name, "targetGUID", ext)
	if ok {
		*dst = append(*dst, g)
	}
	return err
}

// description reads a Description element into *dst.
func (d *decoder) description(dst *string, seen *bool, ext **Extensions) error {
	return d.textOnce("Description", dst, seen, ext)
}

// textOnce reads a text-only element that may occur once (Description,
// PlainTextContent) into *dst; *seen records that it was read, and a second
// one is kept as an extension.
func (d *decoder) textOnce(name string, dst *string, seen *bool, ext **Extensions) error {
	if *seen {
		return d.dup(name, ext)
	}
	*seen = true
	d.childAttrs(name, ext)
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
		e.childAttrs = append(e.childAttrs, childAttr{Child: name, Index: d.x.frames[d.x.depth-1].index, xmlAttr: a.kept()})
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

// containerOf reads a container element (Users, Codes, ...) whose children
// are all named item with decode, appending what it returns (when not nil)
// to *dst.
func containerOf[T any](d *decoder, name, item string, ext **Extensions, dst *[]*T, decode func(**Extensions) (*T, error)) error {
	return d.container(name, item, ext, func() error {
		v, err := decode(ext)
		if v != nil {
			*dst = append(*dst, v)
		}
		return err
	})
}

// noChildren reads the content of an element the schema gives no children
// (User, SyncPoint, Vertex, Edge) up to its end tag: child elements are kept
// in *ext as misplaced.
func (d *decoder) noChildren(ext **Extensions) error {
	for {
		name, err := d.child(ext)
		if err != nil || name == "" {
			return err
		}
		if err := d.misplaced(name, ext); err != nil {
			return err
		}
	}
}

// noGUID keeps an element without its required guid as an extension of its
// parent.
func (d *decoder) noGUID(name string, parent **Extensions) error {
	d.warn(WarnMissingAttr, "guid", "<%s> without a guid; kept as an extension", name)
	return d.captureInto(parent)
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
