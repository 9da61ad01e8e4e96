package refi

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"
	"unicode/utf8"
)

// New returns a Document holding an empty project called name, to be
// built in Go: add users, codes, variables and cases with the Project's
// Add methods, texts with [Document.AddText], passages with
// [Document.SelectText] (or SelectBytes, Select), codings with
// [SelectionBase.AddCoding], then write it with a [Writer]. Every element
// added gets a new GUID, and the texts are kept in memory until written
// (in the .qdpx's sources folder, as internal://<GUID>.txt). Positions
// count code points, the standard's convention.
func New(name string) *Document {
	p := &Project{Name: name, Origin: "qdabridge"}
	return &Document{Format: FormatQDE, Project: p, File: "project.qde",
		Detection: Detection{Positions: p.Positions, Basis: "given"},
		a:         &archive{limits: Limits{}.WithDefaults(), added: map[string][]byte{}}}
}

// AddUser adds a user (a coder) called name to the project and returns it.
func (p *Project) AddUser(name string) *User {
	u := &User{GUID: NewGUID(), Name: name}
	p.Users = append(p.Users, u)
	return u
}

// AddCode adds a top-level code called name, which can be applied to data,
// to the code book and returns it.
func (p *Project) AddCode(name string) *Code {
	c := &Code{GUID: NewGUID(), Name: name, IsCodable: true}
	p.Codes = append(p.Codes, c)
	return c
}

// AddCode adds a sub-code called name, which can be applied to data, under
// c and returns it.
func (c *Code) AddCode(name string) *Code {
	sub := &Code{GUID: NewGUID(), Name: name, IsCodable: true}
	c.Children = append(c.Children, sub)
	return sub
}

// AddVariable adds a variable (an attribute of cases or sources) called
// name, whose values have type t, and returns it.
func (p *Project) AddVariable(name string, t VariableType) *Variable {
	v := &Variable{GUID: NewGUID(), Name: name, Type: t}
	p.Variables = append(p.Variables, v)
	return v
}

// AddCase adds a case (in an interview study, usually a participant)
// called name and returns it.
func (p *Project) AddCase(name string) *Case {
	c := &Case{GUID: NewGUID(), Name: name}
	p.Cases = append(p.Cases, c)
	return c
}

// AddSource assigns the whole of src to the case.
func (c *Case) AddSource(src Source) {
	c.SourceRefs = append(c.SourceRefs, src.Base().GUID)
}

// AddSelection assigns one selection (a passage, area or interval) to the
// case.
func (c *Case) AddSelection(sel Selection) {
	c.SelectionRefs = append(c.SelectionRefs, sel.Base().GUID)
}

// SetValue gives the case the value v (made with [TextValue], [IntValue]
// and the like), replacing the value it had for the same variable.
func (c *Case) SetValue(v VariableValue) {
	c.Values = setValue(c.Values, v)
}

// SetValue gives the source the value v of a document variable, replacing
// the value it had for the same variable.
func (b *SourceBase) SetValue(v VariableValue) {
	b.Values = setValue(b.Values, v)
}

func setValue(vs []VariableValue, v VariableValue) []VariableValue {
	for i := range vs {
		if vs[i].Variable.Same(v.Variable) {
			vs[i] = v
			return vs
		}
	}
	return append(vs, v)
}

// AddCoding applies code to the whole selection, as coded by coder (nil
// for none), now, and returns the coding. The same method codes a whole
// source ([SourceBase.AddCoding]).
func (b *SelectionBase) AddCoding(code *Code, coder *User) *Coding {
	b.Codings = append(b.Codings, newCoding(code, coder))
	return &b.Codings[len(b.Codings)-1]
}

// AddCoding applies code to the whole source, as coded by coder (nil for
// none), now, and returns the coding.
func (b *SourceBase) AddCoding(code *Code, coder *User) *Coding {
	b.Codings = append(b.Codings, newCoding(code, coder))
	return &b.Codings[len(b.Codings)-1]
}

func newCoding(code *Code, coder *User) Coding {
	c := Coding{GUID: NewGUID(), Code: code.GUID, Created: time.Now().UTC().Truncate(time.Second)}
	if coder != nil {
		c.CreatingUser = coder.GUID
	}
	return c
}

// AddText adds a text source called name whose plain text is text to the
// project, and returns it. The text is kept with the document and written
// as the source's plain-text file. It fails when text is not valid UTF-8
// or is larger than the document's text size limit (16 MiB by default).
func (d *Document) AddText(name, text string) (*TextSource, error) {
	if !utf8.ValidString(text) {
		return nil, fmt.Errorf("refi: the text of %q is not valid UTF-8", name)
	}
	if max := d.limits().MaxTextSize; int64(len(text)) > max {
		return nil, fmt.Errorf("%w: the text of %q has %d bytes (limit %d)", ErrLimit, name, len(text), max)
	}
	t := &TextSource{SourceBase: SourceBase{GUID: NewGUID(), Name: name}}
	file := string(t.GUID) + ".txt"
	t.PlainTextPath = "internal://" + file
	if d.a == nil {
		d.a = &archive{limits: Limits{}.WithDefaults()}
	}
	if d.a.added == nil {
		d.a.added = map[string][]byte{}
	}
	// A byte-order mark is left out; a U+FEFF after it is text, kept
	// behind a mark so that readers do not take it for one.
	d.a.added[file] = withBOM(strings.TrimPrefix(text, "\uFEFF"), false)
	d.Project.Sources = append(d.Project.Sources, t)
	return t, nil
}

// AddTextFile adds a text source whose plain text is the file at path (a
// UTF-8 text; a byte-order mark is left out), named after the file without
// its extension, and returns it. It fails when the file cannot be read,
// is not UTF-8, or is larger than the text size limit.
func (d *Document) AddTextFile(path string) (*TextSource, error) {
	name := strings.TrimSuffix(filepath.Base(path), filepath.Ext(path))
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("refi: %w", err)
	}
	defer f.Close()
	b, over, err := readAllLimited(f, d.limits().MaxTextSize)
	if err != nil {
		return nil, fmt.Errorf("refi: reading %s: %w", path, err)
	}
	if over {
		return nil, fmt.Errorf("%w: %s is larger than the text size limit (%d bytes)", ErrLimit, path, d.limits().MaxTextSize)
	}
	return d.AddText(name, string(b))
}

// limits are the limits the document was read or made with.
func (d *Document) limits() Limits {
	if d.a != nil && d.a.limits.MaxTextSize > 0 {
		return d.a.limits
	}
	return Limits{}.WithDefaults()
}

// SelectText adds a selection of the first occurrence of passage in the
// text of src and returns it. It fails with an error wrapping
// [ErrNotFound] when passage is empty or not in the text, or when the text
// cannot be read.
//
// The selection returned points into src.Selections: it stays valid until
// the next selection is added to src. The same holds for Select and
// SelectBytes.
func (d *Document) SelectText(src *TextSource, passage string) (*TextSelection, error) {
	txt, err := d.Text(src)
	if err != nil {
		return nil, err
	}
	i := strings.Index(txt.String(), passage)
	if passage == "" || i < 0 {
		return nil, fmt.Errorf("%w: %q is not in the text of %q", ErrNotFound, passage, src.Name)
	}
	return d.selectBytes(src, txt, i, i+len(passage))
}

// SelectBytes adds a selection of the bytes [start, end) of the text of
// src (Go string offsets of [Text.String]) and returns it. It fails with
// an error wrapping [ErrPosition] when the range is outside the text, empty
// or reversed, or not at character boundaries.
func (d *Document) SelectBytes(src *TextSource, start, end int) (*TextSelection, error) {
	txt, err := d.Text(src)
	if err != nil {
		return nil, err
	}
	return d.selectBytes(src, txt, start, end)
}

func (d *Document) selectBytes(src *TextSource, txt *Text, start, end int) (*TextSelection, error) {
	if start < 0 || end <= start || end > len(txt.String()) {
		return nil, fmt.Errorf("%w: bytes [%d, %d) of a text of %d bytes (%q)", ErrPosition, start, end, len(txt.String()), src.Name)
	}
	pos := d.Project.Positions
	s, err := txt.Position(start, pos)
	if err != nil {
		return nil, err
	}
	e, err := txt.Position(end, pos)
	if err != nil {
		return nil, err
	}
	return addSelection(src, s, e), nil
}

// Select adds a selection of [start, end) of the text of src, counted as
// the project counts positions (Project.Positions: code points unless the
// project was read from a producer that counts otherwise), and returns
// it. It fails with an error wrapping [ErrPosition] when the range is
// outside the text, empty or reversed.
func (d *Document) Select(src *TextSource, start, end int64) (*TextSelection, error) {
	txt, err := d.Text(src)
	if err != nil {
		return nil, err
	}
	if start < 0 || end <= start || end > txt.Len(d.Project.Positions) {
		return nil, fmt.Errorf("%w: [%d, %d) of a text of %d characters (%q)", ErrPosition, start, end, txt.Len(d.Project.Positions), src.Name)
	}
	if _, err := txt.Slice(start, end, d.Project.Positions); err != nil {
		return nil, err
	}
	return addSelection(src, start, end), nil
}

func addSelection(src *TextSource, start, end int64) *TextSelection {
	src.Selections = append(src.Selections, TextSelection{SelectionBase: SelectionBase{GUID: NewGUID()}, Start: start, End: end})
	return &src.Selections[len(src.Selections)-1]
}
