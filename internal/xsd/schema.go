package xsd

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/beevik/etree"
)

const (
	nsXSD = "http://www.w3.org/2001/XMLSchema"
	nsXSI = "http://www.w3.org/2001/XMLSchema-instance"
	nsXML = "http://www.w3.org/XML/1998/namespace"
)

// maxUnroll bounds finite minOccurs/maxOccurs values, which the content
// model automaton expands into copies.
const maxUnroll = 1000

// A Schema is a compiled XML Schema. It is immutable and safe for
// concurrent use by multiple goroutines.
type Schema struct {
	targetNS string
	elements map[string]*elemDecl // global element declarations (roots)
	roots    string               // "Project" or "A or B", for messages
}

// elemDecl is an element declaration with its resolved type: exactly one of
// complex and simple is set.
type elemDecl struct {
	name    string
	complex *complexType
	simple  *simpleType
	order   int // position of first appearance in its content model
}

// typeName returns the namespace and local name of the declared type.
func (d *elemDecl) typeName() (ns, local string) {
	if d.complex != nil {
		return d.complex.ns, d.complex.name
	}
	return d.simple.ns, d.simple.local
}

// complexType is a named complex type with element-only or empty content.
type complexType struct {
	name      string
	ns        string
	attrs     []attrDecl
	attrIndex map[string]int
	content   *particle            // nil: empty content
	decls     map[string]*elemDecl // every element declared in content
	dfa       []dfaState           // content model automaton; state 0 starts
}

type attrDecl struct {
	name     string
	typ      *simpleType
	required bool
}

type particleKind uint8

const (
	pElement particleKind = iota
	pSequence
	pChoice
)

// particle is a node of a content model: an element declaration or a model
// group, with its occurrence range (max < 0 means unbounded).
type particle struct {
	kind     particleKind
	min, max int
	elem     *elemDecl
	items    []*particle
}

// compiler holds the state of one Compile call.
type compiler struct {
	s       *Schema
	complex map[string]*complexType
	simple  map[string]*simpleType
}

// Compile parses and compiles an XML Schema document. It supports exactly
// the subset of XSD described in the package documentation, which is what
// the REFI-QDA schemas use, and returns an error naming the first construct
// it does not support or that is invalid.
func Compile(schema []byte) (*Schema, error) {
	doc := etree.NewDocument()
	if err := doc.ReadFromBytes(schema); err != nil {
		return nil, fmt.Errorf("xsd: compile: reading schema: %w", err)
	}
	root := doc.Root()
	if root == nil {
		return nil, fmt.Errorf("xsd: compile: schema document has no root element")
	}
	c := &compiler{
		s:       &Schema{elements: map[string]*elemDecl{}},
		complex: map[string]*complexType{},
		simple:  map[string]*simpleType{},
	}
	if err := c.compile(root); err != nil {
		return nil, fmt.Errorf("xsd: compile: %w", err)
	}
	return c.s, nil
}

func (c *compiler) compile(root *etree.Element) error {
	if root.Tag != "schema" || root.NamespaceURI() != nsXSD {
		return fmt.Errorf("root element is {%s}%s, want xsd:schema", root.NamespaceURI(), root.Tag)
	}
	if err := checkAttrs(root, "xsd:schema", "targetNamespace", "elementFormDefault", "attributeFormDefault", "version", "id"); err != nil {
		return err
	}
	tns, ok := attr(root, "targetNamespace")
	if !ok || tns == "" {
		return fmt.Errorf("xsd:schema: a targetNamespace is required")
	}
	c.s.targetNS = tns
	if v, _ := attr(root, "elementFormDefault"); v != "qualified" {
		return fmt.Errorf(`xsd:schema: only elementFormDefault="qualified" is supported, got %q`, v)
	}
	if v, ok := attr(root, "attributeFormDefault"); ok && v != "unqualified" {
		return fmt.Errorf(`xsd:schema: only attributeFormDefault="unqualified" is supported, got %q`, v)
	}
	if err := checkText(root, "xsd:schema"); err != nil {
		return err
	}

	// Pass 1: register named types, so that references may come first.
	var elems, complexes, simples []*etree.Element
	for _, ch := range root.ChildElements() {
		if err := checkXSD(ch, "xsd:schema"); err != nil {
			return err
		}
		switch ch.Tag {
		case "annotation":
		case "element":
			elems = append(elems, ch)
		case "complexType", "simpleType":
			name, ok := attr(ch, "name")
			ctx := "xsd:" + ch.Tag
			if !ok || !isNCName(name) {
				return fmt.Errorf("%s: a valid name is required", ctx)
			}
			if c.complex[name] != nil || c.simple[name] != nil {
				return fmt.Errorf("%s %q: type defined twice", ctx, name)
			}
			if ch.Tag == "complexType" {
				c.complex[name] = &complexType{name: name, ns: tns}
				complexes = append(complexes, ch)
			} else {
				c.simple[name] = &simpleType{name: name, ns: tns, local: name}
				simples = append(simples, ch)
			}
		default:
			return fmt.Errorf("xsd:schema: xsd:%s is not supported", ch.Tag)
		}
	}
	for _, el := range simples {
		if err := c.simpleType(el); err != nil {
			return err
		}
	}
	for _, el := range complexes {
		if err := c.complexType(el); err != nil {
			return err
		}
	}
	var roots []string
	for _, el := range elems {
		ctx := "global xsd:element"
		if err := checkAttrs(el, ctx, "name", "type", "id"); err != nil {
			return err
		}
		d, err := c.elementDecl(el, ctx)
		if err != nil {
			return err
		}
		if c.s.elements[d.name] != nil {
			return fmt.Errorf("global xsd:element %q declared twice", d.name)
		}
		c.s.elements[d.name] = d
		roots = append(roots, d.name)
	}
	if len(roots) == 0 {
		return fmt.Errorf("xsd:schema declares no global element")
	}
	c.s.roots = orList(roots)
	for _, el := range complexes {
		name, _ := attr(el, "name")
		ct := c.complex[name]
		if err := ct.buildDFA(); err != nil {
			return fmt.Errorf("xsd:complexType %q: %w", name, err)
		}
	}
	return nil
}

// simpleType compiles a named xsd:simpleType: a restriction of a built-in
// type with pattern and enumeration facets.
func (c *compiler) simpleType(el *etree.Element) error {
	name, _ := attr(el, "name")
	ctx := fmt.Sprintf("xsd:simpleType %q", name)
	if err := checkAttrs(el, ctx, "name", "id"); err != nil {
		return err
	}
	kids, err := children(el, ctx)
	if err != nil {
		return err
	}
	if len(kids) != 1 || kids[0].Tag != "restriction" {
		return fmt.Errorf("%s: only a single xsd:restriction is supported", ctx)
	}
	r := kids[0]
	ctx += " > xsd:restriction"
	if err := checkAttrs(r, ctx, "base", "id"); err != nil {
		return err
	}
	base, ok := attr(r, "base")
	if !ok {
		return fmt.Errorf("%s: base is required", ctx)
	}
	ns, local, err := resolveQName(r, base)
	if err != nil {
		return fmt.Errorf("%s: base: %w", ctx, err)
	}
	if ns != nsXSD || builtinTypes[local] == nil {
		return fmt.Errorf("%s: base %q is not supported (only the built-in types %s)", ctx, base, strings.Join(builtinNames[:], ", "))
	}
	st := c.simple[name]
	bt := builtinTypes[local]
	st.prim, st.collapse = bt.prim, bt.collapse
	facets, err := children(r, ctx)
	if err != nil {
		return err
	}
	for _, f := range facets {
		fctx := ctx + " > xsd:" + f.Tag
		if err := checkAttrs(f, fctx, "value", "id"); err != nil {
			return err
		}
		if err := noChildren(f, fctx); err != nil {
			return err
		}
		v, ok := attr(f, "value")
		if !ok {
			return fmt.Errorf("%s: value is required", fctx)
		}
		switch f.Tag {
		case "pattern":
			re, err := compilePattern(v)
			if err != nil {
				return fmt.Errorf("%s: %w", fctx, err)
			}
			st.patterns = append(st.patterns, fastMatcher(re))
			st.patternSrc = append(st.patternSrc, v)
		case "enumeration":
			if st.prim != bString && st.prim != bToken {
				return fmt.Errorf("%s: enumeration is only supported on xsd:string and xsd:token", fctx)
			}
			if st.collapse {
				v = collapseWS(v)
			}
			st.enums = append(st.enums, v)
		default:
			return fmt.Errorf("%s: facet xsd:%s is not supported", ctx, f.Tag)
		}
	}
	// Enumeration values must themselves be valid for the patterns.
	if len(st.enums) > 0 && len(st.patterns) > 0 {
		enums := st.enums
		st.enums = nil
		for _, e := range enums {
			if msg := st.check(e); msg != "" {
				return fmt.Errorf("%s: enumeration: %s", ctx, msg)
			}
		}
		st.enums = enums
	}
	return nil
}

// complexType compiles a named xsd:complexType.
func (c *compiler) complexType(el *etree.Element) error {
	name, _ := attr(el, "name")
	ctx := fmt.Sprintf("xsd:complexType %q", name)
	if err := checkAttrs(el, ctx, "name", "id", "mixed"); err != nil {
		return err
	}
	if v, ok := attr(el, "mixed"); ok && v != "false" && v != "0" {
		return fmt.Errorf("%s: mixed content is not supported", ctx)
	}
	ct := c.complex[name]
	ct.attrIndex = map[string]int{}
	ct.decls = map[string]*elemDecl{}
	kids, err := children(el, ctx)
	if err != nil {
		return err
	}
	order := 0
	for i, k := range kids {
		switch k.Tag {
		case "sequence", "choice":
			if i != 0 {
				return fmt.Errorf("%s: xsd:%s must come before the attributes", ctx, k.Tag)
			}
			p, err := c.group(k, ctx, ct, &order)
			if err != nil {
				return err
			}
			ct.content = p
		case "attribute":
			actx := ctx + " > xsd:attribute"
			if err := checkAttrs(k, actx, "name", "type", "use", "id"); err != nil {
				return err
			}
			if err := noChildren(k, actx); err != nil {
				return err
			}
			an, ok := attr(k, "name")
			if !ok || !isNCName(an) {
				return fmt.Errorf("%s: a valid name is required", actx)
			}
			actx = fmt.Sprintf("%s %q", actx, an)
			if _, dup := ct.attrIndex[an]; dup {
				return fmt.Errorf("%s: declared twice", actx)
			}
			tn, ok := attr(k, "type")
			if !ok {
				return fmt.Errorf("%s: a type is required", actx)
			}
			cx, st, err := c.resolveType(k, tn)
			if err != nil {
				return fmt.Errorf("%s: %w", actx, err)
			}
			if cx != nil {
				return fmt.Errorf("%s: type %q is a complex type", actx, tn)
			}
			use, _ := attr(k, "use")
			switch use {
			case "", "optional", "required":
			case "prohibited":
				continue // not declared at all
			default:
				return fmt.Errorf("%s: invalid use %q", actx, use)
			}
			ct.attrIndex[an] = len(ct.attrs)
			ct.attrs = append(ct.attrs, attrDecl{name: an, typ: st, required: use == "required"})
		default:
			return fmt.Errorf("%s: xsd:%s is not supported", ctx, k.Tag)
		}
	}
	return nil
}

// group compiles an xsd:sequence or xsd:choice.
func (c *compiler) group(el *etree.Element, ctx string, ct *complexType, order *int) (*particle, error) {
	ctx += " > xsd:" + el.Tag
	if err := checkAttrs(el, ctx, "minOccurs", "maxOccurs", "id"); err != nil {
		return nil, err
	}
	p := &particle{kind: pSequence}
	if el.Tag == "choice" {
		p.kind = pChoice
	}
	var err error
	if p.min, p.max, err = occurs(el, ctx); err != nil {
		return nil, err
	}
	kids, err := children(el, ctx)
	if err != nil {
		return nil, err
	}
	for _, k := range kids {
		var item *particle
		switch k.Tag {
		case "sequence", "choice":
			item, err = c.group(k, ctx, ct, order)
		case "element":
			item, err = c.localElement(k, ctx, ct, order)
		default:
			err = fmt.Errorf("%s: xsd:%s is not supported", ctx, k.Tag)
		}
		if err != nil {
			return nil, err
		}
		p.items = append(p.items, item)
	}
	return p, nil
}

// localElement compiles an xsd:element inside a model group.
func (c *compiler) localElement(el *etree.Element, ctx string, ct *complexType, order *int) (*particle, error) {
	ctx += " > xsd:element"
	if err := checkAttrs(el, ctx, "name", "type", "minOccurs", "maxOccurs", "form", "id"); err != nil {
		return nil, err
	}
	if v, ok := attr(el, "form"); ok && v != "qualified" {
		return nil, fmt.Errorf(`%s: only form="qualified" is supported`, ctx)
	}
	d, err := c.elementDecl(el, ctx)
	if err != nil {
		return nil, err
	}
	p := &particle{kind: pElement, elem: d}
	if p.min, p.max, err = occurs(el, ctx); err != nil {
		return nil, err
	}
	// Element Declarations Consistent: one name, one type, in a model.
	if prev := ct.decls[d.name]; prev != nil {
		if prev.complex != d.complex || prev.simple != d.simple {
			return nil, fmt.Errorf("%s %q: declared again with a different type", ctx, d.name)
		}
		d.order = prev.order
	} else {
		ct.decls[d.name] = d
		d.order = *order
		*order++
	}
	return p, nil
}

// elementDecl reads the name and type of an element declaration.
func (c *compiler) elementDecl(el *etree.Element, ctx string) (*elemDecl, error) {
	name, ok := attr(el, "name")
	if !ok || !isNCName(name) {
		return nil, fmt.Errorf("%s: a valid name is required (ref is not supported)", ctx)
	}
	ctx = fmt.Sprintf("%s %q", ctx, name)
	if err := noChildren(el, ctx); err != nil {
		return nil, err
	}
	tn, ok := attr(el, "type")
	if !ok {
		return nil, fmt.Errorf("%s: a type attribute is required (anonymous types are not supported)", ctx)
	}
	cx, st, err := c.resolveType(el, tn)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", ctx, err)
	}
	return &elemDecl{name: name, complex: cx, simple: st}, nil
}

// resolveType resolves a type QName to a named type of this schema or a
// supported built-in type.
func (c *compiler) resolveType(el *etree.Element, qname string) (*complexType, *simpleType, error) {
	ns, local, err := resolveQName(el, qname)
	if err != nil {
		return nil, nil, err
	}
	switch ns {
	case nsXSD:
		if st := builtinTypes[local]; st != nil {
			return nil, st, nil
		}
		return nil, nil, fmt.Errorf("built-in type xsd:%s is not supported", local)
	case c.s.targetNS:
		if ct := c.complex[local]; ct != nil {
			return ct, nil, nil
		}
		if st := c.simple[local]; st != nil {
			return nil, st, nil
		}
	}
	return nil, nil, fmt.Errorf("type {%s}%s is not defined in this schema (imports are not supported)", ns, local)
}

// occurs reads minOccurs and maxOccurs (default 1); max < 0 is unbounded.
func occurs(el *etree.Element, ctx string) (min, max int, err error) {
	min, max = 1, 1
	if v, ok := attr(el, "minOccurs"); ok {
		if min, err = strconv.Atoi(strings.TrimSpace(v)); err != nil || min < 0 {
			return 0, 0, fmt.Errorf("%s: invalid minOccurs %q", ctx, v)
		}
	}
	if v, ok := attr(el, "maxOccurs"); ok {
		if v = strings.TrimSpace(v); v == "unbounded" {
			max = -1
		} else if max, err = strconv.Atoi(v); err != nil || max < 0 {
			return 0, 0, fmt.Errorf("%s: invalid maxOccurs %q", ctx, v)
		}
	}
	if max >= 0 && min > max {
		return 0, 0, fmt.Errorf("%s: minOccurs %d is greater than maxOccurs %d", ctx, min, max)
	}
	if min > maxUnroll || max > maxUnroll {
		return 0, 0, fmt.Errorf("%s: occurrence bounds above %d are not supported", ctx, maxUnroll)
	}
	return min, max, nil
}

// attr returns the value of an unqualified attribute.
func attr(el *etree.Element, key string) (string, bool) {
	for _, a := range el.Attr {
		if a.Space == "" && a.Key == key {
			return a.Value, true
		}
	}
	return "", false
}

// checkAttrs rejects unqualified attributes other than the allowed ones,
// and attributes in the XSD namespace. Namespace declarations and
// attributes in other namespaces (allowed by XSD on every component) pass.
func checkAttrs(el *etree.Element, ctx string, allowed ...string) error {
	for _, a := range el.Attr {
		switch {
		case a.Space == "xmlns" || (a.Space == "" && a.Key == "xmlns"):
		case a.Space != "":
			if a.NamespaceURI() == nsXSD {
				return fmt.Errorf("%s: attribute %s is not allowed", ctx, a.FullKey())
			}
		default:
			ok := false
			for _, k := range allowed {
				if a.Key == k {
					ok = true
					break
				}
			}
			if !ok {
				return fmt.Errorf("%s: attribute %q is not supported", ctx, a.Key)
			}
		}
	}
	return nil
}

// checkXSD requires el to be in the XSD namespace.
func checkXSD(el *etree.Element, ctx string) error {
	if ns := el.NamespaceURI(); ns != nsXSD {
		return fmt.Errorf("%s: unexpected element {%s}%s", ctx, ns, el.Tag)
	}
	return nil
}

// checkText rejects character data other than white space in a schema
// component.
func checkText(el *etree.Element, ctx string) error {
	for _, t := range el.Child {
		if cd, ok := t.(*etree.CharData); ok && !allXMLSpace([]byte(cd.Data)) {
			return fmt.Errorf("%s: unexpected text %s", ctx, quote(strings.TrimSpace(cd.Data)))
		}
	}
	return nil
}

// children returns the child components of el after an optional leading
// xsd:annotation (which is skipped), checking that all are XSD elements.
func children(el *etree.Element, ctx string) ([]*etree.Element, error) {
	if err := checkText(el, ctx); err != nil {
		return nil, err
	}
	var out []*etree.Element
	for i, ch := range el.ChildElements() {
		if err := checkXSD(ch, ctx); err != nil {
			return nil, err
		}
		if ch.Tag == "annotation" {
			if i != 0 {
				return nil, fmt.Errorf("%s: xsd:annotation must come first", ctx)
			}
			continue
		}
		out = append(out, ch)
	}
	return out, nil
}

// noChildren rejects child components other than xsd:annotation, such as
// anonymous types and identity constraints.
func noChildren(el *etree.Element, ctx string) error {
	kids, err := children(el, ctx)
	if err == nil && len(kids) > 0 {
		err = fmt.Errorf("%s: xsd:%s is not supported here", ctx, kids[0].Tag)
	}
	return err
}

// resolveQName splits a QName and resolves its prefix in the scope of el.
// An unprefixed name is in the default namespace.
func resolveQName(el *etree.Element, qname string) (ns, local string, err error) {
	qname = strings.TrimSpace(qname)
	prefix, local, found := strings.Cut(qname, ":")
	if !found {
		prefix, local = "", qname
	}
	if !isNCName(local) || (found && !isNCName(prefix)) {
		return "", "", fmt.Errorf("invalid QName %q", qname)
	}
	if prefix == "xml" {
		return nsXML, local, nil
	}
	for e := el; e != nil; e = e.Parent() {
		for _, a := range e.Attr {
			if (prefix == "" && a.Space == "" && a.Key == "xmlns") || (prefix != "" && a.Space == "xmlns" && a.Key == prefix) {
				return a.Value, local, nil
			}
		}
	}
	if prefix == "" {
		return "", local, nil
	}
	return "", "", fmt.Errorf("QName %q: prefix %q is not declared", qname, prefix)
}

// isNCName reports whether s is a plausible XML NCName (non-empty, no
// colon, no white space, not starting with a digit, '-' or '.').
func isNCName(s string) bool {
	if s == "" {
		return false
	}
	c := s[0]
	if isDigit(c) || c == '-' || c == '.' {
		return false
	}
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case ':', ' ', '\t', '\n', '\r', '<', '>', '&', '"', '\'', '/', '=', '{', '}':
			return false
		}
	}
	return true
}

// orList renders names as "A", "A or B" or "A, B or C".
func orList(names []string) string {
	switch len(names) {
	case 0:
		return ""
	case 1:
		return names[0]
	}
	return strings.Join(names[:len(names)-1], ", ") + " or " + names[len(names)-1]
}
