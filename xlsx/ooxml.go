package xlsx

// This file reads the parts of the package that excelize does not expose:
// where each worksheet lives, the shared strings, the number formats of the
// cell styles, and the cells themselves with their types and formulas. All
// element matching is by local name, so prefixed SpreadsheetML (x:row, as
// NVivo writes it) and the Strict namespaces read the same as plain files.

import (
	"archive/zip"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"path"
	"regexp"
	"strconv"
	"strings"
)

// pkg gives access to the parts of a zip package by name, compared
// case-insensitively with backslashes read as slashes (as excelize does).
type pkg struct {
	files   map[string]*zip.File
	budget  int64                                                  // bytes of XML that may still be decompressed
	charset func(label string, input io.Reader) (io.Reader, error) // CharsetReader for non-UTF-8 parts
}

// newPkg indexes the parts of zr; the caller sets charset when it needs one.
func newPkg(zr *zip.Reader, budget int64) *pkg {
	p := &pkg{files: make(map[string]*zip.File, len(zr.File)), budget: budget}
	for _, f := range zr.File {
		name := strings.ToLower(strings.TrimPrefix(strings.ReplaceAll(f.Name, `\`, "/"), "/"))
		if _, dup := p.files[name]; !dup {
			p.files[name] = f
		}
	}
	return p
}

// budgetReader counts decompressed bytes against the package budget.
type budgetReader struct {
	r    io.Reader
	p    *pkg
	left int64 // bytes the part's header declares that are not read yet
}

func (b *budgetReader) Read(buf []byte) (int, error) {
	n, err := b.r.Read(buf)
	b.p.budget -= int64(n)
	b.left -= int64(n)
	if b.p.budget < 0 {
		return n, fmt.Errorf("%w: more uncompressed data than Reader.MaxBytes allows", ErrTooLarge)
	}
	if errors.Is(err, zip.ErrFormat) && b.left > 0 {
		// archive/zip drops a read that goes past the declared size and
		// says ErrFormat; nothing else makes it say so before that size
		err = fmt.Errorf("%w: the part inflates past the size its header declares (a zip bomb or a corrupt file)", ErrTooLarge)
	}
	return n, err
}

// tokens reads raw XML tokens (no namespace translation, so it is fast and
// prefixes do not matter) and checks that elements nest properly, which
// RawToken alone does not.
type tokens struct {
	d     *xml.Decoder
	stack []xml.Name
}

const maxDepth = 512

func (t *tokens) next() (xml.Token, error) {
	tok, err := t.d.RawToken()
	if err != nil {
		if err == io.EOF && len(t.stack) > 0 {
			err = fmt.Errorf("element <%s> not closed: %w", qname(t.stack[len(t.stack)-1]), io.ErrUnexpectedEOF)
		}
		return nil, err
	}
	switch el := tok.(type) {
	case xml.StartElement:
		if len(t.stack) >= maxDepth {
			return nil, fmt.Errorf("%w: elements nested deeper than %d", ErrTooLarge, maxDepth)
		}
		t.stack = append(t.stack, el.Name)
	case xml.EndElement:
		if len(t.stack) == 0 {
			return nil, fmt.Errorf("unexpected end element </%s>", qname(el.Name))
		}
		if top := t.stack[len(t.stack)-1]; top != el.Name {
			return nil, fmt.Errorf("element <%s> closed by </%s>", qname(top), qname(el.Name))
		}
		t.stack = t.stack[:len(t.stack)-1]
	}
	return tok, nil
}

func qname(n xml.Name) string {
	if n.Space == "" {
		return n.Local
	}
	return n.Space + ":" + n.Local
}

// open returns a tokenizer over the named part, and a function to close
// it. ok is false when the package has no such part.
func (p *pkg) open(name string) (d *tokens, closeFn func(), ok bool, err error) {
	f := p.files[strings.ToLower(strings.TrimPrefix(name, "/"))]
	if f == nil {
		return nil, nil, false, nil
	}
	rc, err := f.Open()
	if err != nil {
		return nil, nil, true, fmt.Errorf("%w: %s: %w", ErrMalformed, name, err)
	}
	dec := xml.NewDecoder(&budgetReader{r: rc, p: p, left: int64(f.UncompressedSize64)})
	dec.CharsetReader = p.charset
	return &tokens{d: dec}, func() { _ = rc.Close() }, true, nil
}

// attr returns the value of the attribute with the given local name.
func attr(se xml.StartElement, local string) string {
	for _, a := range se.Attr {
		if a.Name.Local == local {
			return a.Value
		}
	}
	return ""
}

// xmlErr wraps a decoding error of a part.
func xmlErr(part string, err error) error {
	if err == nil {
		return nil
	}
	if errors.Is(err, ErrTooLarge) {
		return err
	}
	return fmt.Errorf("%w: %s: %w", ErrMalformed, part, err)
}

// rels reads a relationships part into a map from Id to resolved part
// path, plus a map from relationship type suffix to the first path of
// that type. base is the directory that relative targets are relative to.
func (p *pkg) rels(name, base string) (byID map[string]string, byType map[string]string, err error) {
	byID, byType = map[string]string{}, map[string]string{}
	d, closeFn, ok, err := p.open(name)
	if !ok || err != nil {
		return byID, byType, err
	}
	defer closeFn()
	for {
		tok, err := d.next()
		if err == io.EOF {
			return byID, byType, nil
		}
		if err != nil {
			return byID, byType, xmlErr(name, err)
		}
		se, ok := tok.(xml.StartElement)
		if !ok || se.Name.Local != "Relationship" || strings.EqualFold(attr(se, "TargetMode"), "External") {
			continue
		}
		target := strings.ReplaceAll(attr(se, "Target"), `\`, "/")
		if strings.HasPrefix(target, "/") {
			target = path.Clean(target)[1:]
		} else {
			target = strings.TrimPrefix(path.Clean(path.Join("/", base, target)), "/")
		}
		byID[attr(se, "Id")] = target
		typ := attr(se, "Type")
		typ = typ[strings.LastIndex(typ, "/")+1:]
		if _, seen := byType[typ]; !seen {
			byType[typ] = target
		}
	}
}

// workbookParts finds the workbook part and, for each sheet name in the
// workbook, the path of its part; also the shared strings and styles parts.
type workbookParts struct {
	workbook      string
	names         []string          // sheet names in workbook order (the order of the tabs)
	sheets        map[string]string // lower-cased sheet name -> part path
	sharedStrings string
	styles        string
	date1904      bool // <workbookPr date1904="1"/>: the 1904 date system
}

func (p *pkg) workbookParts() (*workbookParts, error) {
	wp := &workbookParts{sheets: map[string]string{}}
	_, root, err := p.rels("_rels/.rels", "")
	if err != nil {
		return nil, err
	}
	wp.workbook = root["officeDocument"]
	if wp.workbook == "" {
		wp.workbook = "xl/workbook.xml"
	}
	dir := path.Dir(wp.workbook)
	if dir == "." {
		dir = ""
	}
	relsName := path.Join(dir, "_rels", path.Base(wp.workbook)+".rels")
	byID, byType, err := p.rels(relsName, dir)
	if err != nil {
		return nil, err
	}
	wp.sharedStrings = byType["sharedStrings"]
	if wp.sharedStrings == "" {
		wp.sharedStrings = path.Join(dir, "sharedStrings.xml")
	}
	wp.styles = byType["styles"]
	if wp.styles == "" {
		wp.styles = path.Join(dir, "styles.xml")
	}
	d, closeFn, ok, err := p.open(wp.workbook)
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, fmt.Errorf("%w: no workbook part", ErrNotXLSX)
	}
	defer closeFn()
	for {
		tok, err := d.next()
		if err == io.EOF {
			return wp, nil
		}
		if err != nil {
			return nil, xmlErr(wp.workbook, err)
		}
		se, ok := tok.(xml.StartElement)
		if ok && se.Name.Local == "workbookPr" {
			if v := attr(se, "date1904"); v != "" {
				// read as encoding/xml reads a bool (as excelize did)
				b, err := strconv.ParseBool(strings.TrimSpace(v))
				if err != nil {
					return nil, fmt.Errorf("%w: %s: workbookPr date1904=%q is not a boolean", ErrMalformed, wp.workbook, clip(v))
				}
				wp.date1904 = b
			}
			continue
		}
		if !ok || se.Name.Local != "sheet" {
			continue
		}
		wp.names = append(wp.names, attr(se, "name"))
		var id string
		for _, a := range se.Attr {
			if a.Name.Local == "id" && a.Name.Space != "" {
				id = a.Value
			}
		}
		name := strings.ToLower(attr(se, "name"))
		if target, ok := byID[id]; ok {
			if _, dup := wp.sheets[name]; !dup {
				wp.sheets[name] = target
			}
		}
	}
}

// bstrExp matches the _xHHHH_ escapes that Excel uses for characters not
// allowed in XML 1.0.
var bstrExp = regexp.MustCompile(`_x[0-9a-fA-F]{4}_`)

// unescapeBstr decodes _xHHHH_ escapes the way excelize does: "_x005F_"
// is a literal underscore, other escapes are the character with that code.
func unescapeBstr(s string) string {
	if !strings.Contains(s, "_x") {
		return s
	}
	return bstrExp.ReplaceAllStringFunc(s, func(m string) string {
		if m == "_x005F_" || m == "_x005f_" {
			return "_"
		}
		n, err := strconv.ParseUint(m[2:6], 16, 16)
		if err != nil || (n >= 0xD800 && n <= 0xDFFF) {
			return m
		}
		return string(rune(n))
	})
}

// readString reads the text of a string item (<si> or <is>): the <t>
// elements directly inside it or inside its runs (<r>), but not phonetic
// runs (<rPh>). The decoder is positioned just after the start element.
func readString(d *tokens, maxBytes int) (string, error) {
	var b strings.Builder
	depth, inT, skip := 1, false, 0
	for depth > 0 {
		tok, err := d.next()
		if err != nil {
			if err == io.EOF {
				err = io.ErrUnexpectedEOF
			}
			return "", err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			depth++
			switch {
			case skip > 0:
				skip++
			case t.Name.Local == "rPh":
				skip = 1
			case t.Name.Local == "t":
				inT = true
			}
		case xml.EndElement:
			depth--
			if skip > 0 {
				skip--
			} else if t.Name.Local == "t" {
				inT = false
			}
		case xml.CharData:
			if inT && skip == 0 {
				if b.Len()+len(t) > maxBytes {
					return "", errCellTooLarge(maxBytes)
				}
				b.Write(t)
			}
		}
	}
	return unescapeBstr(b.String()), nil
}

func errCellTooLarge(maxBytes int) error {
	return fmt.Errorf("%w: cell text longer than Reader.MaxCellBytes (%d bytes)", ErrTooLarge, maxBytes)
}

// sharedStrings reads the shared string table.
func (p *pkg) sharedStrings(name string, lim limits) ([]string, error) {
	d, closeFn, ok, err := p.open(name)
	if !ok || err != nil {
		return nil, err
	}
	defer closeFn()
	var sst []string
	for {
		tok, err := d.next()
		if err == io.EOF {
			return sst, nil
		}
		if err != nil {
			return nil, xmlErr(name, err)
		}
		if se, ok := tok.(xml.StartElement); ok && se.Name.Local == "si" {
			if len(sst) >= lim.cells {
				return nil, fmt.Errorf("%w: more shared strings than Reader.MaxCells (%d)", ErrTooLarge, lim.cells)
			}
			s, err := readString(d, lim.cellBytes)
			if err != nil {
				return nil, xmlErr(name, err)
			}
			sst = append(sst, s)
		}
	}
}

// cellFormat is what matters of a cell format (an xf of cellXfs): its
// number format, and whether that shows a date or time.
type cellFormat struct {
	numFmt int
	date   bool
	// layout is the date format (custom or built-in) displayDate displays
	// as excelize does (nil: excelize displays the cell).
	layout dateLayout
}

// cellFormats reads the number formats of the cell formats.
func (p *pkg) cellFormats(name string) ([]cellFormat, error) {
	d, closeFn, ok, err := p.open(name)
	if !ok || err != nil {
		return nil, err
	}
	defer closeFn()
	custom := map[int]string{}
	plain := map[int]bool{} // custom formats displayDate may display
	var formats []cellFormat
	inCellXfs, inNumFmts := false, false
	for {
		tok, err := d.next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, xmlErr(name, err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			switch t.Name.Local {
			case "numFmts":
				inNumFmts = true
			case "numFmt":
				if !inNumFmts {
					continue // a differential format's (dxf), as excelize reads them
				}
				if id, err := strconv.Atoi(attr(t, "numFmtId")); err == nil {
					_, again := custom[id]
					custom[id] = attr(t, "formatCode")
					// excelize takes the first of two, and formatCode16
					// over formatCode: such formats are left to it
					plain[id] = !again && attr(t, "formatCode16") == ""
				}
			case "cellXfs":
				inCellXfs = true
			case "xf":
				if inCellXfs {
					id, _ := strconv.Atoi(attr(t, "numFmtId"))
					formats = append(formats, cellFormat{numFmt: id})
				}
			}
		case xml.EndElement:
			switch t.Name.Local {
			case "cellXfs":
				inCellXfs = false
			case "numFmts":
				inNumFmts = false
			}
		}
	}
	layouts := map[int]dateLayout{}
	for i, f := range formats {
		if code, ok := custom[f.numFmt]; ok {
			formats[i].date = isDateFormat(code)
			if formats[i].date && plain[f.numFmt] {
				l, seen := layouts[f.numFmt]
				if !seen {
					l = parseDateLayout(code)
					layouts[f.numFmt] = l
				}
				formats[i].layout = l
			}
		} else {
			formats[i].date = isBuiltInDateFormat(f.numFmt)
			formats[i].layout = builtInDateLayouts[f.numFmt]
		}
	}
	return formats, nil
}

// isBuiltInDateFormat reports whether a built-in number format id is a
// date or time format: 14-22 and 45-47 in every locale, 27-36 and 50-58
// in the East Asian ones.
func isBuiltInDateFormat(id int) bool {
	return (id >= 14 && id <= 22) || (id >= 27 && id <= 36) || (id >= 45 && id <= 47) || (id >= 50 && id <= 58)
}

// isDateFormat reports whether a custom number format code shows a date or
// a time: whether its first section has a y, m, d, h or s outside quoted
// text, escapes and bracketed parts (other than elapsed time such as [h]).
func isDateFormat(code string) bool {
	if i := strings.IndexByte(code, ';'); i >= 0 {
		code = code[:i]
	}
	for i := 0; i < len(code); i++ {
		switch c := code[i]; c {
		case '"':
			j := strings.IndexByte(code[i+1:], '"')
			if j < 0 {
				return false
			}
			i += j + 1
		case '\\', '_', '*':
			i++
		case '[':
			j := strings.IndexByte(code[i+1:], ']')
			if j < 0 {
				return false
			}
			inner := strings.ToLower(code[i+1 : i+1+j])
			if inner != "" && strings.Trim(inner, "hms") == "" {
				return true // elapsed time: [h], [mm], [ss]
			}
			i += j + 1
		case 'y', 'Y', 'm', 'M', 'd', 'D', 'h', 'H', 's', 'S':
			return true
		case '@':
			return false
		}
	}
	return false
}
