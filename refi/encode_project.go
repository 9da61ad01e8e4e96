package refi

import (
	"fmt"
	"io"
	"strconv"
	"strings"
)

// This file writes the project and codebook documents: their root
// elements, users, codes, variables, cases, links, sets and graphs.

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
