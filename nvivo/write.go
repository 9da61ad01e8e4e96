package nvivo

import (
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/qdabridge/qdabridge/refi"
	"github.com/qdabridge/qdabridge/xlsx"
)

// Writer writes the sheets NVivo imports or exports itself: a
// classification sheet in the layout of NVivo's import wizard and a
// codebook in the layout of NVivo's Excel codebook export. (NVivo also
// imports a REFI-QDA codebook, .qdc: write one with [refi.Writer.Write] and
// refi.FormatQDC.) Its fields are options; the zero value
// uses the defaults described on each.
//
// Each write returns, with its error, the warnings of what will not read
// back as it was given. A classification sheet cannot tell a text value
// from NVivo's labels: a text value that is literally "Unassigned" or "Not
// Applicable" (or UnassignedLabel or NotApplicableLabel, compared
// case-insensitively) is written as it is, and NVivo's import, like
// [Reader], reads it back as Unassigned or Not Applicable, not as that
// text; an empty text value reads back as Unassigned. The Writer writes
// such values and returns a [WarnLabelValue] warning for each.
type Writer struct {
	// RootFolder is the root folder written first in the codebook's Folder
	// column. Default "Codes" (NVivo 1.x and later; "Nodes" before).
	RootFolder string

	// UnassignedLabel is written in a classification sheet's cells that
	// have no value. By default they are left empty: NVivo's import leaves
	// an attribute at its default, Unassigned, for an empty cell, whatever
	// the language of the project, whereas a label in the wrong language
	// would become a new value.
	UnassignedLabel string

	// NotApplicableLabel is written for Not Applicable values. Default
	// "Not Applicable" (use the project's label for a localised NVivo).
	NotApplicableLabel string

	// TempDir is the directory for the temporary files of the workbooks
	// written (see xlsx.Writer.TempDir); "" means os.TempDir(). They are
	// removed before a write returns, also after an error or a panic.
	TempDir string
}

// CodebookFromProject returns the code book of p in the layout of NVivo's
// codebook export. A code that cannot be applied (IsCodable false), with
// children, no codings, and only such codes above it becomes a folder, as
// NVivo's folders appear in REFI-QDA projects; every other code is a row,
// whose path is relative to its folder. Files and References are the
// number of sources and of codings at each code in p, and Counts is set.
func CodebookFromProject(p *refi.Project, rootFolder string) *CodebookSheet {
	if rootFolder == "" {
		rootFolder = "Codes"
	}
	infos := p.CodeInfos()
	byGUID := map[refi.GUID]refi.CodeInfo{}
	for _, ci := range infos {
		if _, dup := byGUID[ci.GUID.Canonical()]; !dup {
			byGUID[ci.GUID.Canonical()] = ci
		}
	}
	cb := &CodebookSheet{Counts: true}
	var walk func(cs []*refi.Code, folder, path []string, inFolder bool)
	walk = func(cs []*refi.Code, folder, path []string, inFolder bool) {
		for _, c := range cs {
			ci := byGUID[c.GUID.Canonical()]
			if inFolder && !c.IsCodable && len(c.Children) > 0 && ci.Excerpts == 0 {
				walk(c.Children, append(append([]string(nil), folder...), c.Name), nil, true)
				continue
			}
			me := append(append([]string(nil), path...), c.Name)
			cb.Codes = append(cb.Codes, &CodebookRow{Folder: append([]string(nil), folder...), Path: me,
				Description: c.Description, Files: ci.Sources, References: ci.Excerpts})
			walk(c.Children, folder, me, false)
		}
	}
	walk(p.Codes, []string{rootFolder}, nil, true)
	return cb
}

// ClassificationFromProject returns the participants (named cases) of p
// and their variable values as a case classification sheet. name is the
// classification's name, written in A1; when it is "" and every variable
// the cases use is named "<name>:<attribute>" with the same name (NVivo's
// naming, which [Builder] also uses), that name is used and removed from
// the attribute names; otherwise the name is "Participants". Attribute
// types are the variables' types.
func ClassificationFromProject(p *refi.Project, name string) *Classification {
	parts := p.Participants()
	attrs := refi.AttributeNames(p, parts)
	if name == "" {
		prefix := ""
		for i, a := range attrs {
			pre, _, ok := strings.Cut(a, ":")
			if !ok || i > 0 && pre != prefix {
				prefix = ""
				break
			}
			prefix = pre
		}
		name = prefix
		if name == "" {
			name = "Participants"
		}
	}
	types := map[string]refi.VariableType{}
	for _, v := range p.Variables {
		if _, ok := types[v.Name]; !ok {
			types[v.Name] = v.Type
		}
	}
	cl := &Classification{Name: name, Kind: CaseClassification, KindEvidence: "written from a project's cases"}
	for i, a := range attrs {
		cl.Attributes = append(cl.Attributes, Attribute{Name: strings.TrimPrefix(a, name+":"), Col: i + 2, Type: attributeType(types[a])})
	}
	for i, pt := range parts {
		row := ClassificationRow{Name: pt.Name, Path: []string{pt.Name}, Row: i + 2, Values: make([]AttributeValue, len(attrs))}
		for j, a := range attrs {
			v, ok := pt.Attribute(a)
			if !ok || v.Type == "" {
				continue
			}
			lex := lexicalOf(v, cl.Attributes[j].Type)
			row.Values[j] = AttributeValue{State: Assigned, Text: lex, Lexical: lex}
		}
		cl.Rows = append(cl.Rows, row)
	}
	return cl
}

func attributeType(t refi.VariableType) AttributeType {
	switch t {
	case refi.VarBoolean:
		return AttrBoolean
	case refi.VarInteger:
		return AttrInteger
	case refi.VarFloat:
		return AttrDecimal
	case refi.VarDate:
		return AttrDate
	case refi.VarDateTime:
		return AttrDateTime
	}
	return AttrText
}

// lexicalOf gives a value in the canonical lexical form of type t, or as
// written when it does not parse as t.
func lexicalOf(v refi.AttributeValue, t AttributeType) string {
	if v.Err != nil {
		return v.Raw
	}
	switch t {
	case AttrBoolean:
		if v.Type == refi.VarBoolean {
			return strconv.FormatBool(v.Bool)
		}
	case AttrInteger:
		if v.Type == refi.VarInteger {
			return strconv.FormatInt(v.Int, 10)
		}
	case AttrDecimal:
		if v.Type == refi.VarFloat || v.Type == refi.VarInteger {
			return strconv.FormatFloat(v.Float, 'f', -1, 64)
		}
	case AttrDate:
		if v.Type == refi.VarDate || v.Type == refi.VarDateTime {
			return v.Time.Format("2006-01-02")
		}
	case AttrDateTime:
		if v.Type == refi.VarDate || v.Type == refi.VarDateTime {
			return v.Time.Format("2006-01-02T15:04:05.999999999")
		}
	}
	return v.Raw
}

// WriteCodebook writes cb as an .xlsx workbook in the layout of NVivo's
// codebook export: one sheet named Codebook with the columns Folder, Name
// and Description, and Files and References when cb.Counts is set. Folder
// is the code's folder path joined by double backslashes, Name its path
// relative to the folder joined by single backslashes. A code without a
// folder is written in Writer.RootFolder. out is not closed.
//
// WriteCodebook returns an error wrapping [xlsx.ErrTooLarge] for a name
// or description longer than Excel allows, or the error of writing to out.
// Its warnings are nil: the []Warning result is there because every write
// of a Writer has that shape.
func (w *Writer) WriteCodebook(out io.Writer, cb *CodebookSheet) ([]Warning, error) {
	return nil, w.write(out, "codebook", func(xw *xlsx.Writer) error { return w.fillCodebook(xw, cb) })
}

// WriteCodebookFile is WriteCodebook to the named file, written atomically
// (see [xlsx.WriteFile]): an existing file is replaced only when the whole
// workbook was written.
func (w *Writer) WriteCodebookFile(path string, cb *CodebookSheet) ([]Warning, error) {
	return nil, w.writeFile(path, "codebook", func(xw *xlsx.Writer) error { return w.fillCodebook(xw, cb) })
}

// write writes one workbook to out; fill adds its sheets.
func (w *Writer) write(out io.Writer, what string, fill func(*xlsx.Writer) error) error {
	xw := xlsx.NewWriter(out)
	xw.TempDir = w.TempDir
	defer xw.Abort() // nothing after Close
	if err := fill(xw); err != nil {
		return fmt.Errorf("nvivo: writing %s: %w", what, err)
	}
	if err := xw.Close(); err != nil {
		return fmt.Errorf("nvivo: writing %s: %w", what, err)
	}
	return nil
}

// writeFile writes one workbook to the named file, atomically.
func (w *Writer) writeFile(path, what string, fill func(*xlsx.Writer) error) error {
	if err := xlsx.WriteFile(path, func(xw *xlsx.Writer) error {
		xw.TempDir = w.TempDir
		return fill(xw)
	}); err != nil {
		return fmt.Errorf("nvivo: writing %s: %w", what, err)
	}
	return nil
}

func (w *Writer) root() string {
	if w.RootFolder == "" {
		return "Codes"
	}
	return w.RootFolder
}

func (w *Writer) fillCodebook(xw *xlsx.Writer, cb *CodebookSheet) error {
	header := []string{"Folder", "Name", "Description"}
	if cb.Counts {
		header = append(header, "Files", "References")
	}
	sw, err := xw.AddSheet("Codebook", header)
	if err != nil {
		return err
	}
	for _, c := range cb.Codes {
		folder := c.Folder
		if len(folder) == 0 {
			folder = []string{w.root()}
		}
		row := []any{strings.Join(folder, `\\`), strings.Join(c.Path, `\`), c.Description}
		if cb.Counts {
			row = append(row, c.Files, c.References)
		}
		if err := sw.WriteRow(row...); err != nil {
			return err
		}
	}
	return nil
}

// WriteClassification writes c as an .xlsx classification sheet in the
// layout NVivo's import wizard expects: the classification name in A1, the
// attribute names in row 1, one case per row with its name in column A (its
// hierarchical name when it has folders), the values in the attributes'
// columns. Values are written as typed cells: numbers for integer and
// decimal attributes, Excel dates for date and datetime attributes, Excel
// booleans for boolean attributes, text otherwise. A cell without a value
// is left empty (or holds Writer.UnassignedLabel), a Not Applicable value
// holds Writer.NotApplicableLabel. The sheet is named after the
// classification when that is a valid sheet name, "Classification"
// otherwise. out is not closed.
//
// The warnings are the text values that read back as Unassigned or Not
// Applicable ([WarnLabelValue]), in row order; there are none when
// everything written reads back as given. WriteClassification returns an
// error wrapping [xlsx.ErrTooLarge] for a value longer than Excel allows,
// or the error of writing to out, and then no warnings.
func (w *Writer) WriteClassification(out io.Writer, c *Classification) ([]Warning, error) {
	var ws []Warning
	err := w.write(out, "classification sheet", func(xw *xlsx.Writer) (err error) {
		ws, err = w.fillClassification(xw, c, "")
		return err
	})
	if err != nil {
		return nil, err
	}
	return ws, nil
}

// WriteClassificationFile is WriteClassification to the named file,
// written atomically; its warnings name the file.
func (w *Writer) WriteClassificationFile(path string, c *Classification) ([]Warning, error) {
	var ws []Warning
	err := w.writeFile(path, "classification sheet", func(xw *xlsx.Writer) (err error) {
		ws, err = w.fillClassification(xw, c, path)
		return err
	})
	if err != nil {
		return nil, err
	}
	return ws, nil
}

// fillClassification adds the sheet of c, and returns the warnings of the
// values that will not read back as text; file is named in them.
func (w *Writer) fillClassification(xw *xlsx.Writer, c *Classification, file string) ([]Warning, error) {
	sheet := c.Name
	if xlsx.ValidSheetName(sheet) != nil {
		sheet = "Classification"
	}
	header := []string{c.Name}
	for _, a := range c.Attributes {
		header = append(header, a.Name)
	}
	sw, err := xw.AddSheet(sheet, header)
	if err != nil {
		return nil, err
	}
	na := w.NotApplicableLabel
	if na == "" {
		na = "Not Applicable"
	}
	unassignedLabels := []string{"Unassigned"}
	if w.UnassignedLabel != "" {
		unassignedLabels = append(unassignedLabels, w.UnassignedLabel)
	}
	naLabels := []string{"Not Applicable", na}
	var ws []Warning
	for i, r := range c.Rows {
		name := r.Name
		if len(r.Folders) > 0 {
			name = JoinName(r.Folders, r.Path)
		}
		row := []any{name}
		for j, a := range c.Attributes {
			var v AttributeValue
			if j < len(r.Values) {
				v = r.Values[j]
			}
			switch v.State {
			case Assigned:
				cell := typedCell(v, a.Type)
				if text, ok := cell.(string); ok {
					if msg := labelValue(name, strings.TrimSpace(text), unassignedLabels, naLabels); msg != "" {
						ws = append(ws, Warning{Code: WarnLabelValue, File: file, Sheet: sheet, Row: i + 2, Col: j + 2, Header: a.Name, Count: 1, Message: msg})
					}
				}
				row = append(row, cell)
			case NotApplicable:
				row = append(row, na)
			default: // Unassigned
				row = append(row, w.unassigned())
			}
		}
		if err := sw.WriteRow(row...); err != nil {
			return nil, err
		}
	}
	return ws, nil
}

// labelValue says why the text value of the case name will not read back
// as text (it is a label of Unassigned or Not Applicable, or empty), or
// returns "" when it will.
func labelValue(name, text string, unassigned, notApplicable []string) string {
	switch {
	case text == "":
		return fmt.Sprintf("the empty text value of \"%s\" is written as an empty cell: NVivo's import and the Reader read it as Unassigned", name)
	case matchLabel(text, unassigned):
		return fmt.Sprintf("the text value \"%s\" of \"%s\" is the label of Unassigned: NVivo's import and the Reader read it as Unassigned, not as text", text, name)
	case matchLabel(text, notApplicable):
		return fmt.Sprintf("the text value \"%s\" of \"%s\" is the label of Not Applicable: NVivo's import and the Reader read it as Not Applicable, not as text", text, name)
	}
	return ""
}

func (w *Writer) unassigned() any {
	if w.UnassignedLabel == "" {
		return nil
	}
	return w.UnassignedLabel
}

// typedCell returns the Go value written for an assigned value: its type's
// cell when the lexical form parses, its text otherwise.
func typedCell(v AttributeValue, t AttributeType) any {
	s := v.Lexical
	if s == "" {
		s = v.Text
	}
	switch t {
	case AttrBoolean:
		if b, err := strconv.ParseBool(s); err == nil {
			return b
		}
	case AttrInteger:
		if n, err := strconv.ParseInt(s, 10, 64); err == nil {
			return n
		}
	case AttrDecimal:
		if f, err := strconv.ParseFloat(s, 64); err == nil {
			return f
		}
	case AttrDate:
		if d, err := time.Parse("2006-01-02", s); err == nil {
			return d
		}
	case AttrDateTime:
		if d, err := time.Parse("2006-01-02T15:04:05.999999999", s); err == nil {
			return d
		}
	}
	if v.Text != "" {
		return v.Text
	}
	return s
}
