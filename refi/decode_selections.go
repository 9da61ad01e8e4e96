package refi

// This file reads the selections of every source kind and their codings.

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
