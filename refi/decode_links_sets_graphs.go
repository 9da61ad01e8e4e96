package refi

import "strings"

// This file reads links, sets and their members, and graphs with their
// vertices and edges.

func (d *decoder) decodeLink(parent **Extensions) (*Link, error) {
	l := &Link{}
	hasGUID := false
	for a := range d.schemaAttrs(&l.Extensions) {
		switch string(a.local) {
		case "guid":
			d.ownGUID(a, &l.GUID, &hasGUID)
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
			err = d.refTo(name, &l.NoteRefs, &l.Extensions)
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
	for a := range d.schemaAttrs(&s.Extensions) {
		switch string(a.local) {
		case "guid":
			d.ownGUID(a, &s.GUID, &hasGUID)
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
	if !d.guidAndName(&g.GUID, &g.Name, &g.Extensions) {
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
	for a := range d.schemaAttrs(&v.Extensions) {
		if d.intAttrs(a, ints[:]) {
			continue
		}
		switch string(a.local) {
		case "guid":
			d.ownGUID(a, &v.GUID, &hasGUID)
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
	if err := d.noChildren(&v.Extensions); err != nil {
		return v, false, err
	}
	restoreOriginal(&v.Color, "color", &v.Extensions)
	return v, true, nil
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
	for a := range d.schemaAttrs(&e.Extensions) {
		switch string(a.local) {
		case "guid":
			d.ownGUID(a, &e.GUID, &hasGUID)
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
	if err := d.noChildren(&e.Extensions); err != nil {
		return e, false, err
	}
	restoreOriginal(&e.Color, "color", &e.Extensions)
	return e, true, nil
}
