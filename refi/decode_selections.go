package refi

// This file reads the selections of every source kind and their codings.

// selectionAttrs reads the attributes of the selection element elem (whose
// start tag has just been read) into b: those every selection has (guid,
// name, the audit attributes), the integers ints its kind requires, and
// through attr, when not nil, its kind's others; what none takes is kept as
// an extension. It returns false when the element has no guid, or lacks a
// valid integer it requires: it is then kept as an extension of parent.
func (d *decoder) selectionAttrs(elem string, b *SelectionBase, ints []intAttr, attr func(a *rawAttr) bool, parent **Extensions) (bool, error) {
	hasGUID := false
	for a := range d.schemaAttrs(&b.Extensions) {
		if !d.baseAttr(a, &b.GUID, &b.Name, &b.Audit, &b.Extensions, &hasGUID) &&
			!d.intAttrs(a, ints) && (attr == nil || !attr(a)) {
			d.unknownAttr(a, &b.Extensions)
		}
	}
	if !hasGUID {
		return false, d.noGUID(elem, parent)
	}
	if d.missingInts(elem, ints) {
		return false, d.captureInto(parent)
	}
	return true, nil
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
			err = d.refTo(name, &b.NoteRefs, &b.Extensions)
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
	ints := [2]intAttr{{name: "startPosition"}, {name: "endPosition"}}
	if ok, err := d.selectionAttrs("PlainTextSelection", &s.SelectionBase, ints[:], nil, parent); !ok {
		return s, false, err
	}
	s.Start, s.End = ints[0].val, ints[1].val
	d.checkRange(s.Start, s.End, "startPosition", "endPosition")
	return s, true, d.selectionChildren(&s.SelectionBase, nil)
}

func (d *decoder) decodePictureSelection(parent **Extensions) (PictureSelection, bool, error) {
	var s PictureSelection
	ints := [4]intAttr{{name: "firstX"}, {name: "firstY"}, {name: "secondX"}, {name: "secondY"}}
	if ok, err := d.selectionAttrs("PictureSelection", &s.SelectionBase, ints[:], nil, parent); !ok {
		return s, false, err
	}
	s.FirstX, s.FirstY, s.SecondX, s.SecondY = ints[0].val, ints[1].val, ints[2].val, ints[3].val
	return s, true, d.selectionChildren(&s.SelectionBase, nil)
}

func (d *decoder) decodePDFSelection(parent **Extensions) (PDFSelection, bool, error) {
	var s PDFSelection
	ints := [5]intAttr{{name: "page"}, {name: "firstX"}, {name: "firstY"}, {name: "secondX"}, {name: "secondY"}}
	if ok, err := d.selectionAttrs("PDFSelection", &s.SelectionBase, ints[:], nil, parent); !ok {
		return s, false, err
	}
	s.Page, s.FirstX, s.FirstY, s.SecondX, s.SecondY = ints[0].val, ints[1].val, ints[2].val, ints[3].val, ints[4].val
	err := d.selectionChildren(&s.SelectionBase, func(name string, o *order) (bool, error) {
		if name != "Representation" {
			return false, nil
		}
		o.at(d, 2, name)
		return true, d.textSourceOnce(name, &s.Representation, &s.Extensions)
	})
	return s, true, err
}

func (d *decoder) decodeMediaSelection(elem string, parent **Extensions) (MediaSelection, bool, error) {
	var s MediaSelection
	ints := [2]intAttr{{name: "begin"}, {name: "end"}}
	if ok, err := d.selectionAttrs(elem, &s.SelectionBase, ints[:], nil, parent); !ok {
		return s, false, err
	}
	s.Begin, s.End = ints[0].val, ints[1].val
	d.checkRange(s.Begin, s.End, "begin", "end")
	return s, true, d.selectionChildren(&s.SelectionBase, nil)
}

func (d *decoder) decodeTranscriptSelection(parent **Extensions) (TranscriptSelection, bool, error) {
	var s TranscriptSelection
	ok, err := d.selectionAttrs("TranscriptSelection", &s.SelectionBase, nil, func(a *rawAttr) bool {
		switch string(a.local) {
		case "fromSyncPoint":
			s.FromSyncPoint = d.ref(a.value, "fromSyncPoint")
		case "toSyncPoint":
			s.ToSyncPoint = d.ref(a.value, "toSyncPoint")
		default:
			return false
		}
		return true
	}, parent)
	if !ok {
		return s, false, err
	}
	return s, true, d.selectionChildren(&s.SelectionBase, nil)
}

func (d *decoder) decodeCoding(parent **Extensions) (Coding, bool, error) {
	var c Coding
	hasGUID := false
	for a := range d.schemaAttrs(&c.Extensions) {
		switch string(a.local) {
		case "guid":
			d.ownGUID(a, &c.GUID, &hasGUID)
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
			err = d.refTo(name, &c.NoteRefs, &c.Extensions)
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
