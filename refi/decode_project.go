package refi

import (
	"errors"
	"fmt"
	"strings"
)

// This file reads the root elements (Project and CodeBook), the users and
// the code tree.

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
			err = containerOf(d, c, "User", &p.Extensions, &p.Users, d.decodeUser)
		case "CodeBook":
			err = d.decodeCodeBookInProject(p)
		case "Variables":
			err = containerOf(d, c, "Variable", &p.Extensions, &p.Variables, d.decodeVariable)
		case "Cases":
			err = containerOf(d, c, "Case", &p.Extensions, &p.Cases, d.decodeCase)
		case "Sources":
			err = d.decodeSources(p)
		case "Notes":
			err = containerOf(d, c, "Note", &p.Extensions, &p.Notes, func(parent **Extensions) (*TextSource, error) {
				return d.decodeTextSource("Note", parent)
			})
		case "Links":
			err = containerOf(d, c, "Link", &p.Extensions, &p.Links, d.decodeLink)
		case "Sets":
			err = containerOf(d, c, "Set", &p.Extensions, &p.Sets, d.decodeSet)
		case "Graphs":
			err = containerOf(d, c, "Graph", &p.Extensions, &p.Graphs, d.decodeGraph)
		case "Description":
			d.childAttrs(c, &p.Extensions)
			p.Description, err = d.text(&p.Extensions)
		case "NoteRef":
			err = d.refTo(c, &p.NoteRefs, &p.Extensions)
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
	for a := range d.schemaAttrs(&u.Extensions) {
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
	if err := d.noChildren(&u.Extensions); err != nil {
		return nil, err
	}
	return u, nil
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
		err = containerOf(d, "Codes", "Code", &p.Extensions, &p.Codes, d.decodeCode)
		if err != nil {
			return err
		}
	}
}

func (d *decoder) decodeCode(parent **Extensions) (*Code, error) {
	c := &Code{IsCodable: true}
	hasGUID, hasName, hasCodable := false, false, false
	for a := range d.schemaAttrs(&c.Extensions) {
		switch string(a.local) {
		case "guid":
			d.ownGUID(a, &c.GUID, &hasGUID)
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
			err = d.refTo(name, &c.NoteRefs, &c.Extensions)
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
			err = containerOf(d, name, "Code", &cb.Extensions, &cb.Codes, d.decodeCode)
		case "Sets":
			o.at(d, 2, name)
			if seenSets {
				err = d.dup(name, &cb.Extensions)
				break
			}
			seenSets = true
			err = containerOf(d, name, "Set", &cb.Extensions, &cb.Sets, d.decodeSet)
		default:
			err = d.misplaced(name, &cb.Extensions)
		}
		if err != nil {
			return nil, err
		}
	}
}
