package refi

import (
	"bytes"
	"fmt"
	"iter"
	"time"
)

// This file holds the decoder's attribute helpers: keeping unknown and
// foreign attributes as extensions, and reading GUIDs, references,
// integers, booleans, dates, audit attributes and colours.

// schemaAttrs iterates over the attributes of the element just started that
// are in no namespace, the schema's. Those in another namespace are kept in
// *ext as foreign attributes as the iteration passes them.
func (d *decoder) schemaAttrs(ext **Extensions) iter.Seq[*rawAttr] {
	return func(yield func(*rawAttr) bool) {
		for i := range d.x.attrs {
			a := &d.x.attrs[i]
			if a.space != "" {
				d.foreignAttr(a, ext, false)
				continue
			}
			if !yield(a) {
				return
			}
		}
	}
}

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
	e.attrs = append(e.attrs, a.kept())
}

// kept returns a as it is kept in extensions.
func (a *rawAttr) kept() xmlAttr {
	return xmlAttr{Space: a.space, Prefix: string(a.prefix), Name: string(a.local), Value: string(a.value)}
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

// ownGUID reads a, the element's guid attribute, into *g, records that the
// element has one in *has, and names the element by it in paths.
func (d *decoder) ownGUID(a *rawAttr, g *GUID, has *bool) {
	*g = d.guid(a)
	*has = true
	d.x.setGUID(*g)
}

// guidAndName reads the attributes of an element that has only a guid and a
// name (Case, Graph) and reports whether it has its guid.
func (d *decoder) guidAndName(g *GUID, name *string, ext **Extensions) bool {
	has := false
	for a := range d.schemaAttrs(ext) {
		switch string(a.local) {
		case "guid":
			d.ownGUID(a, g, &has)
		case "name":
			*name = d.str(a.value)
		default:
			d.unknownAttr(a, ext)
		}
	}
	return has
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

// baseAttr handles the attributes every source, selection and transcript
// has: guid (into *g, *has recording it), name and the audit attributes. It
// reports whether a was one.
func (d *decoder) baseAttr(a *rawAttr, g *GUID, name *string, au *Audit, ext **Extensions, has *bool) bool {
	switch string(a.local) {
	case "guid":
		d.ownGUID(a, g, has)
	case "name":
		*name = d.str(a.value)
	default:
		return d.audit(a, au, ext)
	}
	return true
}

// filePathAttr handles the path and currentPath attributes of a picture,
// PDF, audio or video source; it reports whether a was one.
func (d *decoder) filePathAttr(a *rawAttr, path, currentPath *string) bool {
	switch string(a.local) {
	case "path":
		*path = d.str(a.value)
	case "currentPath":
		*currentPath = d.str(a.value)
	default:
		return false
	}
	return true
}

// textPathAttr handles the plainTextPath and richTextPath attributes of a
// text source or a transcript; it reports whether a was one.
func (d *decoder) textPathAttr(a *rawAttr, plain, rich *string) bool {
	switch string(a.local) {
	case "plainTextPath":
		*plain = d.str(a.value)
	case "richTextPath":
		*rich = d.str(a.value)
	default:
		return false
	}
	return true
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

func (d *decoder) foreignOrUnknown(a *rawAttr, ext **Extensions) {
	if a.space != "" {
		d.foreignAttr(a, ext, false)
		return
	}
	d.unknownAttr(a, ext)
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

// An intAttr is an integer attribute an element requires (a selection's
// positions, a vertex's first point): its name, and its value once read.
// intAttrs reads them and missingInts reports the first one missing or
// unreadable; the caller then keeps the element as an extension.
type intAttr struct {
	name string
	val  int64
	seen bool
}

// intAttrs reads a into the entry of list it names and reports whether it
// names one. A value that is not an integer is warned about and leaves the
// entry unseen.
func (d *decoder) intAttrs(a *rawAttr, list []intAttr) bool {
	for i := range list {
		if string(a.local) == list[i].name {
			n, ok := d.integer(a)
			if !ok {
				d.warn(WarnInvalidValue, attrName(a), "%s=%q is not an integer", a.local, clip(a.value))
				return true
			}
			list[i].val = n
			list[i].seen = true
			return true
		}
	}
	return false
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

func (d *decoder) checkRange(start, end int64, a, b string) {
	switch {
	case start < 0 || end < 0:
		d.warn(WarnSelectionRange, a, "negative position (%s=%d, %s=%d)", a, start, b, end)
	case start > end:
		d.warn(WarnSelectionRange, a, "%s %d is after %s %d", a, start, b, end)
	}
}
