package sample

import (
	"archive/zip"
	"bytes"
	"cmp"
	"compress/flate"
	"crypto/sha1"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf16"
	"unicode/utf8"
)

// ExcerptsFileName is the name of the expected-excerpts table next to the
// .qdpx file.
const ExcerptsFileName = "expected_excerpts.tsv"

// ZipModTime is the modification time stamped on every zip entry, so that
// the archive is byte-for-byte reproducible.
var ZipModTime = time.Date(2024, 3, 1, 10, 0, 0, 0, time.UTC)

const (
	// bom is the UTF-8 byte order mark that NVivo for Windows writes at the
	// start of every Sources/*.txt file. It is not counted in positions.
	bom = "\uFEFF"
	// eol separates lines of project.qde. NVivo for Windows writes CRLF
	// between elements; we write LF so that no raw carriage return appears
	// anywhere in the XML (XML parsers would turn CRLF into LF anyway).
	eol = "\n"
	// sourcesDir is the archive folder of internal files, capitalised as
	// NVivo for Windows writes it.
	sourcesDir = "Sources/"
	// codingInterval separates the timestamps of consecutive codings in one
	// coding session.
	codingInterval = 137 * time.Second
	// guidNamespace is hashed in front of every GUID label.
	guidNamespace = "qdabridge/internal/sample\x00"
)

var colorPattern = regexp.MustCompile(`^#[0-9A-F]{6}$`)

// Generate builds the sample project from a content tree (the layout of
// internal/sample/content: project.json plus the text files it names) and
// returns the .qdpx archive and the expected-excerpts TSV. The output
// depends only on the content: calling it twice gives identical bytes.
//
// Generate fails if the content is inconsistent: unknown references,
// duplicate names, a coded passage that is missing, ambiguous or does not
// start and end on a word boundary, and so on.
func Generate(content fs.FS) (qdpx, excerpts []byte, err error) {
	s, err := loadSpec(content)
	if err != nil {
		return nil, nil, err
	}
	p, err := resolve(s, content)
	if err != nil {
		return nil, nil, err
	}
	qde := p.projectXML()
	excerpts = p.excerptsTSV()
	qdpx, err = p.archive(qde)
	if err != nil {
		return nil, nil, err
	}
	return qdpx, excerpts, nil
}

// guidFor derives a fixed, lower-case, hyphenated GUID from a label. The
// version and variant bits are set as for a random (version 4) GUID.
func guidFor(label string) string {
	h := sha1.Sum([]byte(guidNamespace + label))
	h[6] = h[6]&0x0f | 0x40
	h[8] = h[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", h[0:4], h[4:6], h[6:8], h[8:10], h[10:16])
}

// storedText converts authored content text (UTF-8, LF) into the bytes
// NVivo for Windows stores: a UTF-8 BOM followed by the text with CRLF line
// breaks.
func storedText(text string) string {
	return bom + strings.ReplaceAll(text, "\n", "\r\n")
}

// utf16Len returns the number of UTF-16 code units needed for s.
func utf16Len(s string) int {
	n := 0
	for _, r := range s {
		n += utf16.RuneLen(r)
	}
	return n
}

// locate finds the occurrence-th (1-based; 0 means "the only one") copy of
// passage in text and returns its NVivo position: UTF-16 code units from
// the start of text, end exclusive. text and passage must use the same line
// endings and text must not start with a BOM. The passage must start and end
// on a word boundary, as a human selection would.
func locate(text, passage string, occurrence int) (start, end int, err error) {
	if passage == "" {
		return 0, 0, errors.New("empty passage")
	}
	if strings.TrimSpace(passage) != passage {
		return 0, 0, fmt.Errorf("passage %q starts or ends with white space", passage)
	}
	var at []int
	for i := 0; ; {
		j := strings.Index(text[i:], passage)
		if j < 0 {
			break
		}
		at = append(at, i+j)
		_, size := utf8.DecodeRuneInString(text[i+j:])
		i += j + size
	}
	switch {
	case len(at) == 0:
		return 0, 0, fmt.Errorf("passage %q not found", passage)
	case occurrence == 0 && len(at) > 1:
		return 0, 0, fmt.Errorf("passage %q occurs %d times; give an occurrence", passage, len(at))
	case occurrence == 1 && len(at) == 1:
		return 0, 0, fmt.Errorf("passage %q occurs once; drop the occurrence", passage)
	case occurrence < 0 || occurrence > len(at):
		return 0, 0, fmt.Errorf("passage %q occurs %d times, not %d", passage, len(at), occurrence)
	}
	b := at[max(occurrence, 1)-1]
	e := b + len(passage)
	if r, _ := utf8.DecodeLastRuneInString(text[:b]); b > 0 && isWordRune(r) {
		return 0, 0, fmt.Errorf("passage %q starts inside a word", passage)
	}
	if r, _ := utf8.DecodeRuneInString(text[e:]); e < len(text) && isWordRune(r) {
		return 0, 0, fmt.Errorf("passage %q ends inside a word", passage)
	}
	start = utf16Len(text[:b])
	return start, start + utf16Len(passage), nil
}

func isWordRune(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsDigit(r) || r == '\'' || r == '-'
}

// checkText checks authored text: valid UTF-8, LF line breaks only, no BOM,
// no control characters other than tab and LF, and a final line break.
func checkText(name, text string) error {
	switch {
	case !utf8.ValidString(text):
		return fmt.Errorf("%s: not valid UTF-8", name)
	case strings.HasPrefix(text, bom):
		return fmt.Errorf("%s: starts with a BOM; the generator adds it", name)
	case strings.Contains(text, "\r"):
		return fmt.Errorf("%s: contains CR; write LF line endings, the generator converts them", name)
	case !strings.HasSuffix(text, "\n"):
		return fmt.Errorf("%s: does not end with a line break", name)
	}
	for _, r := range text {
		if r < 0x20 && r != '\n' && r != '\t' || r == 0x7f || r == utf8.RuneError {
			return fmt.Errorf("%s: contains control character %U", name, r)
		}
	}
	return nil
}

// project is the resolved sample project, ready to be written.
type project struct {
	spec      *spec
	users     map[string]string // key -> GUID
	codes     []*code           // tree roots
	codeByNm  map[string]*code
	variables []variable
	sources   []*textFile
	srcByKey  map[string]*textFile
	notes     []*textFile
	noteByKey map[string]*textFile
	cases     []*participant
	caseByKey map[string]*participant
	links     []link
	sets      []set
}

type code struct {
	guid, name, color, description string
	codable                        bool
	noteGUID                       string
	children                       []*code
}

type variable struct {
	guid, name, typ, description string
}

// textFile is a TextSource or a Note with its text stored in the archive.
type textFile struct {
	key, guid, name       string
	stored                string // as written to the archive: BOM + CRLF text
	createdBy, modifiedBy string // user GUIDs
	created, modified     time.Time
	selections            []*selection
	selByItem             map[string]*selection // first selection of each item with an id
}

type participant struct {
	guid, name, sourceGUID string
	values                 []value
}

type value struct {
	variable *variable
	lexical  string
}

type selection struct {
	guid, codingGUID string
	start, end       int // UTF-16 code units, BOM excluded, end exclusive
	targetGUID       string
	targetName       string // code name or case name
	userGUID         string
	at               time.Time
	text             string // passage as stored (CRLF)
	seq              int    // order of appearance in the spec
}

type link struct {
	guid, name, origin, target string
}

type set struct {
	guid, name, description string
	members                 []string
}

func parseTime(field, v string) (time.Time, error) {
	t, err := time.Parse(time.RFC3339, v)
	if err != nil {
		return time.Time{}, fmt.Errorf("%s: %w", field, err)
	}
	if t.Location() != time.UTC || t.Nanosecond() != 0 {
		return time.Time{}, fmt.Errorf("%s: %q must be whole seconds in UTC (Z)", field, v)
	}
	return t, nil
}

func formatTime(t time.Time) string {
	return t.UTC().Format("2006-01-02T15:04:05Z")
}

// resolve checks the spec, reads the texts, derives GUIDs and positions.
func resolve(s *spec, content fs.FS) (*project, error) {
	p := &project{
		spec:      s,
		users:     map[string]string{},
		codeByNm:  map[string]*code{},
		srcByKey:  map[string]*textFile{},
		noteByKey: map[string]*textFile{},
		caseByKey: map[string]*participant{},
	}
	var errs []error
	fail := func(format string, args ...any) {
		errs = append(errs, fmt.Errorf("sample: "+format, args...))
	}

	if s.Project.Name == "" || s.Project.Origin == "" {
		fail("project: name and origin are required")
	}
	for _, u := range s.Users {
		if u.Key == "" || u.Name == "" {
			fail("user %q: key and name are required", u.Key)
			continue
		}
		if _, dup := p.users[u.Key]; dup {
			fail("user %q: duplicate key", u.Key)
		}
		p.users[u.Key] = guidFor("user/" + u.Key)
	}
	user := func(where, key string) string {
		g, ok := p.users[key]
		if !ok {
			fail("%s: unknown user %q", where, key)
		}
		return g
	}
	for _, f := range []string{s.Project.Created, s.Project.Modified} {
		if _, err := parseTime("project", f); err != nil {
			fail("%v", err)
		}
	}
	user("project", s.Project.CreatedBy)
	user("project", s.Project.ModifiedBy)

	// Notes come first: codes refer to them.
	readFiles := func(kind string, specs []fileSpec, byKey map[string]*textFile) []*textFile {
		var out []*textFile
		for _, f := range specs {
			where := kind + " " + f.Key
			if f.Key == "" || f.Name == "" || f.File == "" {
				fail("%s: key, name and file are required", where)
				continue
			}
			if _, dup := byKey[f.Key]; dup {
				fail("%s: duplicate key", where)
				continue
			}
			data, err := fs.ReadFile(content, f.File)
			if err != nil {
				fail("%s: %v", where, err)
				continue
			}
			if err := checkText(f.File, string(data)); err != nil {
				fail("%s: %v", where, err)
				continue
			}
			tf := &textFile{
				key:        f.Key,
				guid:       guidFor(kind + "/" + f.Key),
				name:       f.Name,
				stored:     storedText(string(data)),
				createdBy:  user(where, f.CreatedBy),
				modifiedBy: user(where, f.ModifiedBy),
				selByItem:  map[string]*selection{},
			}
			var err1, err2 error
			tf.created, err1 = parseTime(where+": created", f.Created)
			tf.modified, err2 = parseTime(where+": modified", f.Modified)
			if err := errors.Join(err1, err2); err != nil {
				fail("%v", err)
			}
			byKey[f.Key] = tf
			out = append(out, tf)
		}
		return out
	}
	p.notes = readFiles("note", s.Notes, p.noteByKey)
	p.sources = readFiles("source", s.Sources, p.srcByKey)

	var walk func(cs []*codeSpec, path string) []*code
	walk = func(cs []*codeSpec, path string) []*code {
		var out []*code
		for _, c := range cs {
			full := path + c.Name
			if c.Name == "" || strings.ContainsAny(c.Name, "\\\t\r\n") {
				fail("code %q: empty name or name with \\, tab or line break", full)
				continue
			}
			if _, dup := p.codeByNm[c.Name]; dup {
				fail("code %q: duplicate name", c.Name)
				continue
			}
			if c.Color != "" && !colorPattern.MatchString(c.Color) {
				fail("code %q: colour %q is not #RRGGBB (upper case)", c.Name, c.Color)
			}
			k := &code{
				guid:        guidFor("code/" + full),
				name:        c.Name,
				color:       c.Color,
				description: c.Description,
				codable:     !c.NotCodable,
			}
			if c.Memo != "" {
				n, ok := p.noteByKey[c.Memo]
				if !ok {
					fail("code %q: unknown memo %q", c.Name, c.Memo)
				} else {
					k.noteGUID = n.guid
				}
			}
			p.codeByNm[c.Name] = k
			k.children = walk(c.Children, full+`\`)
			out = append(out, k)
		}
		return out
	}
	p.codes = walk(s.Codes, "")

	varByName := map[string]bool{}
	for _, v := range s.Variables {
		switch v.Type {
		case "Text", "Boolean", "Integer", "Float", "Date", "DateTime":
		default:
			fail("variable %q: unknown type %q", v.Name, v.Type)
		}
		if v.Name == "" || varByName[v.Name] {
			fail("variable %q: empty or duplicate name", v.Name)
			continue
		}
		p.variables = append(p.variables, variable{guid: guidFor("variable/" + v.Name), name: v.Name, typ: v.Type, description: v.Description})
		varByName[v.Name] = true
	}

	for _, c := range s.Cases {
		where := "case " + c.Key
		src, ok := p.srcByKey[c.Source]
		if !ok {
			fail("%s: unknown source %q", where, c.Source)
			continue
		}
		if c.Key == "" || p.caseByKey[c.Key] != nil {
			fail("%s: empty or duplicate key", where)
			continue
		}
		pc := &participant{guid: guidFor("case/" + c.Key), name: c.Name, sourceGUID: src.guid}
		for name := range c.Values {
			if !varByName[name] {
				fail("%s: unknown variable %q", where, name)
			}
		}
		for i := range p.variables { // variable order, not map order
			v := &p.variables[i]
			lex, ok := c.Values[v.name]
			if !ok {
				continue
			}
			if err := checkValue(v.typ, lex); err != nil {
				fail("%s: %s: %v", where, v.name, err)
			}
			pc.values = append(pc.values, value{variable: v, lexical: lex})
		}
		p.caseByKey[c.Key] = pc
		p.cases = append(p.cases, pc)
	}

	items := map[string]*textFile{} // item id -> source, for annotations
	seq := 0
	for _, sess := range s.Codings {
		src, ok := p.srcByKey[sess.Source]
		where := "coding session " + sess.Source + "/" + sess.Coder
		if !ok {
			fail("%s: unknown source", where)
			continue
		}
		userGUID := user(where, sess.Coder)
		at, err := parseTime(where, sess.Start)
		if err != nil {
			fail("%v", err)
			continue
		}
		text := strings.TrimPrefix(src.stored, bom)
		for _, it := range sess.Items {
			if strings.ContainsAny(it.Text, "\r\\") {
				fail("%s: passage %q contains CR or a backslash", where, it.Text)
				continue
			}
			passage := strings.ReplaceAll(it.Text, "\n", "\r\n")
			start, end, err := locate(text, passage, it.Occurrence)
			if err != nil {
				fail("%s: %s: %v", where, src.name, err)
				continue
			}
			type target struct{ label, guid, name string }
			var targets []target
			for _, name := range it.Codes {
				c, ok := p.codeByNm[name]
				switch {
				case !ok:
					fail("%s: unknown code %q", where, name)
				case !c.codable:
					fail("%s: code %q is not codable", where, name)
				default:
					targets = append(targets, target{"code/" + name, c.guid, c.name})
				}
			}
			if it.Case != "" {
				c, ok := p.caseByKey[it.Case]
				if !ok {
					fail("%s: unknown case %q", where, it.Case)
				} else {
					targets = append(targets, target{"case/" + it.Case, c.guid, c.name})
				}
			}
			if len(targets) == 0 {
				fail("%s: passage %q has no code or case", where, it.Text)
				continue
			}
			for i, t := range targets {
				label := fmt.Sprintf("%s/%s/%s/%d/%s", src.key, sess.Coder, t.label, it.Occurrence, it.Text)
				sel := &selection{
					guid:       guidFor("selection/" + label),
					codingGUID: guidFor("coding/" + label),
					start:      start,
					end:        end,
					targetGUID: t.guid,
					targetName: t.name,
					userGUID:   userGUID,
					at:         at,
					text:       passage,
					seq:        seq,
				}
				seq++
				at = at.Add(codingInterval)
				src.selections = append(src.selections, sel)
				if it.ID != "" && i == 0 {
					if items[it.ID] != nil {
						fail("%s: duplicate item id %q", where, it.ID)
					}
					items[it.ID] = src
					src.selByItem[it.ID] = sel
				}
			}
		}
	}
	for _, src := range p.sources {
		slices.SortStableFunc(src.selections, func(a, b *selection) int {
			return cmp.Or(cmp.Compare(a.start, b.start), cmp.Compare(a.end, b.end), cmp.Compare(a.seq, b.seq))
		})
	}

	for _, a := range s.Annotations {
		n, ok := p.noteByKey[a.Note]
		src := items[a.Coding]
		if !ok || src == nil {
			fail("annotation %q -> %q: unknown note or coding item", a.Note, a.Coding)
			continue
		}
		p.links = append(p.links, link{
			guid:   guidFor("link/" + a.Note + "/" + a.Coding),
			name:   "Annotation",
			origin: n.guid,
			target: src.selByItem[a.Coding].guid,
		})
	}

	for _, st := range s.Sets {
		if st.Name == "" || len(st.Sources) == 0 {
			fail("set %q: a name and at least one source are required", st.Name)
			continue
		}
		ps := set{guid: guidFor("set/" + st.Name), name: st.Name, description: st.Description}
		for _, k := range st.Sources {
			src, ok := p.srcByKey[k]
			if !ok {
				fail("set %q: unknown source %q", st.Name, k)
				continue
			}
			ps.members = append(ps.members, src.guid)
		}
		p.sets = append(p.sets, ps)
	}

	if len(errs) == 0 {
		if err := p.checkGUIDs(); err != nil {
			errs = append(errs, err)
		}
	}
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	return p, nil
}

func checkValue(typ, lex string) error {
	var err error
	switch typ {
	case "Boolean":
		if lex != "true" && lex != "false" {
			err = fmt.Errorf("%q is not true or false", lex)
		}
	case "Integer":
		_, err = strconv.ParseInt(lex, 10, 64)
	case "Float":
		if strings.ContainsAny(lex, "eE") {
			err = fmt.Errorf("%q: xsd:decimal has no exponent", lex)
		} else {
			_, err = strconv.ParseFloat(lex, 64)
		}
	case "Date":
		_, err = time.Parse(time.DateOnly, lex)
	case "DateTime":
		_, err = time.Parse(time.RFC3339, lex)
	}
	return err
}

// checkGUIDs makes sure that no two objects share a GUID.
func (p *project) checkGUIDs() error {
	seen := map[string]string{}
	var errs []error
	add := func(guid, what string) {
		if prev, dup := seen[guid]; dup {
			errs = append(errs, fmt.Errorf("sample: GUID %s used by %s and %s", guid, prev, what))
		}
		seen[guid] = what
	}
	for k, g := range p.users {
		add(g, "user "+k)
	}
	var walk func([]*code)
	walk = func(cs []*code) {
		for _, c := range cs {
			add(c.guid, "code "+c.name)
			walk(c.children)
		}
	}
	walk(p.codes)
	for _, v := range p.variables {
		add(v.guid, "variable "+v.name)
	}
	for _, c := range p.cases {
		add(c.guid, "case "+c.name)
	}
	for _, f := range append(slices.Clone(p.sources), p.notes...) {
		add(f.guid, f.name)
		for _, s := range f.selections {
			add(s.guid, "selection in "+f.name)
			add(s.codingGUID, "coding in "+f.name)
		}
	}
	for _, l := range p.links {
		add(l.guid, "link")
	}
	for _, s := range p.sets {
		add(s.guid, "set "+s.name)
	}
	return errors.Join(errs...)
}

// xmlWriter writes NVivo-styled XML: two-space indentation, one element per
// line, a space before "/>".
type xmlWriter struct {
	b strings.Builder
}

func (w *xmlWriter) line(depth int, s string) {
	if w.b.Len() > 0 {
		w.b.WriteString(eol)
	}
	w.b.WriteString(strings.Repeat("  ", depth))
	w.b.WriteString(s)
}

// open, empty and close write a start tag, an empty element and an end tag.
// attrs alternates names and values.
func (w *xmlWriter) open(depth int, name string, attrs ...string) {
	w.line(depth, "<"+name+formatAttrs(attrs)+">")
}

func (w *xmlWriter) empty(depth int, name string, attrs ...string) {
	w.line(depth, "<"+name+formatAttrs(attrs)+" />")
}

func (w *xmlWriter) close(depth int, name string) {
	w.line(depth, "</"+name+">")
}

// text writes a text-only element; empty text gives <name />.
func (w *xmlWriter) text(depth int, name, text string) {
	if text == "" {
		w.empty(depth, name)
		return
	}
	w.line(depth, "<"+name+">"+escapeText(text)+"</"+name+">")
}

func formatAttrs(attrs []string) string {
	if len(attrs)%2 != 0 {
		panic("sample: odd number of attribute arguments")
	}
	var b strings.Builder
	for i := 0; i < len(attrs); i += 2 {
		b.WriteString(" " + attrs[i] + `="` + escapeAttr(attrs[i+1]) + `"`)
	}
	return b.String()
}

var (
	textEscaper = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", "\r", "&#xD;")
	attrEscaper = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&quot;",
		"\r", "&#xD;", "\n", "&#xA;", "\t", "&#x9;")
)

// escapeText escapes character data. A carriage return is written as a
// character reference, because a raw one would be normalised away by any
// XML parser.
func escapeText(s string) string { return textEscaper.Replace(s) }

// escapeAttr escapes an attribute value, including the white space that
// attribute-value normalisation would otherwise turn into spaces.
func escapeAttr(s string) string { return attrEscaper.Replace(s) }

// projectXML renders project.qde.
func (p *project) projectXML() []byte {
	s := p.spec
	w := &xmlWriter{}
	w.line(0, `<?xml version="1.0" encoding="utf-8"?>`)
	w.open(0, "Project",
		"xmlns:xsd", "http://www.w3.org/2001/XMLSchema",
		"xmlns:xsi", "http://www.w3.org/2001/XMLSchema-instance",
		"name", s.Project.Name,
		"origin", s.Project.Origin,
		"creatingUserGUID", p.users[s.Project.CreatedBy],
		"creationDateTime", s.Project.Created,
		"modifyingUserGUID", p.users[s.Project.ModifiedBy],
		"modifiedDateTime", s.Project.Modified,
		"basePath", "",
		"xmlns", "urn:QDA-XML:project:1.0")

	w.open(1, "Users")
	for _, u := range s.Users {
		w.empty(2, "User", "guid", p.users[u.Key], "name", u.Name)
	}
	w.close(1, "Users")

	w.open(1, "CodeBook")
	w.open(2, "Codes")
	var codes func(depth int, cs []*code)
	codes = func(depth int, cs []*code) {
		for _, c := range cs {
			attrs := []string{"guid", c.guid, "name", c.name, "isCodable", strconv.FormatBool(c.codable)}
			if c.color != "" {
				attrs = append(attrs, "color", c.color)
			}
			if c.description == "" && c.noteGUID == "" && len(c.children) == 0 {
				w.empty(depth, "Code", attrs...)
				continue
			}
			w.open(depth, "Code", attrs...)
			if c.description != "" {
				w.text(depth+1, "Description", c.description)
			}
			if c.noteGUID != "" {
				w.empty(depth+1, "NoteRef", "targetGUID", c.noteGUID)
			}
			codes(depth+1, c.children)
			w.close(depth, "Code")
		}
	}
	codes(3, p.codes)
	w.close(2, "Codes")
	w.close(1, "CodeBook")

	if len(p.variables) > 0 {
		w.open(1, "Variables")
		for _, v := range p.variables {
			w.open(2, "Variable", "guid", v.guid, "name", v.name, "typeOfVariable", v.typ)
			w.text(3, "Description", v.description)
			w.close(2, "Variable")
		}
		w.close(1, "Variables")
	}

	if len(p.cases) > 0 {
		w.open(1, "Cases")
		for _, c := range p.cases {
			w.open(2, "Case", "guid", c.guid, "name", c.name)
			w.text(3, "Description", "")
			for _, v := range c.values {
				w.open(3, "VariableValue")
				w.empty(4, "VariableRef", "targetGUID", v.variable.guid)
				w.text(4, v.variable.typ+"Value", v.lexical)
				w.close(3, "VariableValue")
			}
			w.empty(3, "SourceRef", "targetGUID", c.sourceGUID)
			w.close(2, "Case")
		}
		w.close(1, "Cases")
	}

	textSource := func(depth int, elem string, f *textFile) {
		w.open(depth, elem,
			"guid", f.guid,
			"name", f.name,
			"plainTextPath", "internal://"+f.guid+".txt",
			"creatingUser", f.createdBy,
			"creationDateTime", formatTime(f.created),
			"modifyingUser", f.modifiedBy,
			"modifiedDateTime", formatTime(f.modified))
		w.text(depth+1, "Description", "")
		for _, sel := range f.selections {
			w.open(depth+1, "PlainTextSelection",
				"guid", sel.guid,
				"name", "",
				"startPosition", strconv.Itoa(sel.start),
				"endPosition", strconv.Itoa(sel.end),
				"creatingUser", sel.userGUID,
				"creationDateTime", formatTime(sel.at),
				"modifyingUser", sel.userGUID,
				"modifiedDateTime", formatTime(sel.at))
			w.text(depth+2, "Description", "")
			w.open(depth+2, "Coding", "guid", sel.codingGUID, "creatingUser", sel.userGUID, "creationDateTime", formatTime(sel.at))
			w.empty(depth+3, "CodeRef", "targetGUID", sel.targetGUID)
			w.close(depth+2, "Coding")
			w.close(depth+1, "PlainTextSelection")
		}
		w.close(depth, elem)
	}
	w.open(1, "Sources")
	for _, f := range p.sources {
		textSource(2, "TextSource", f)
	}
	w.close(1, "Sources")
	if len(p.notes) > 0 {
		w.open(1, "Notes")
		for _, f := range p.notes {
			textSource(2, "Note", f)
		}
		w.close(1, "Notes")
	}
	if len(p.links) > 0 {
		w.open(1, "Links")
		for _, l := range p.links {
			w.empty(2, "Link", "guid", l.guid, "name", l.name, "direction", "OneWay", "originGUID", l.origin, "targetGUID", l.target)
		}
		w.close(1, "Links")
	}
	if len(p.sets) > 0 {
		w.open(1, "Sets")
		for _, st := range p.sets {
			w.open(2, "Set", "guid", st.guid, "name", st.name)
			w.text(3, "Description", st.description)
			for _, m := range st.members {
				w.empty(3, "MemberSource", "targetGUID", m)
			}
			w.close(2, "Set")
		}
		w.close(1, "Sets")
	}
	w.text(1, "Description", s.Project.Description)
	w.close(0, "Project")
	return []byte(w.b.String())
}

var tsvEscaper = strings.NewReplacer("\r", `\r`, "\n", `\n`, "\t", `\t`)

// excerptsTSV renders one line per PlainTextSelection, in document order:
// selectionGUID, sourceName, start, end, codeName, text.
func (p *project) excerptsTSV() []byte {
	var b bytes.Buffer
	for _, f := range p.sources {
		for _, s := range f.selections {
			fmt.Fprintf(&b, "%s\t%s\t%d\t%d\t%s\t%s\n",
				s.guid, tsvEscaper.Replace(f.name), s.start, s.end, tsvEscaper.Replace(s.targetName), tsvEscaper.Replace(s.text))
		}
	}
	return b.Bytes()
}

// archive writes the .qdpx: project.qde first, then the source texts in
// project order, then the note texts, all Deflate-compressed and stamped
// with [ZipModTime].
func (p *project) archive(qde []byte) ([]byte, error) {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	zw.RegisterCompressor(zip.Deflate, func(out io.Writer) (io.WriteCloser, error) {
		return flate.NewWriter(out, flate.BestCompression)
	})
	add := func(name string, data []byte) error {
		fw, err := zw.CreateHeader(&zip.FileHeader{Name: name, Method: zip.Deflate, Modified: ZipModTime})
		if err != nil {
			return err
		}
		_, err = fw.Write(data)
		return err
	}
	if err := add("project.qde", qde); err != nil {
		return nil, fmt.Errorf("sample: %w", err)
	}
	for _, f := range append(slices.Clone(p.sources), p.notes...) {
		if err := add(sourcesDir+f.guid+".txt", []byte(f.stored)); err != nil {
			return nil, fmt.Errorf("sample: %w", err)
		}
	}
	if err := zw.Close(); err != nil {
		return nil, fmt.Errorf("sample: %w", err)
	}
	return buf.Bytes(), nil
}
