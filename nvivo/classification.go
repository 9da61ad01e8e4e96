package nvivo

import (
	"fmt"
	"math"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/qdabridge/qdabridge/refi"
	"github.com/qdabridge/qdabridge/xlsx"
)

// ClassificationKind says what a classification classifies.
type ClassificationKind string

// The kinds of classification.
const (
	CaseClassification ClassificationKind = "case" // cases: participants, organisations...
	FileClassification ClassificationKind = "file" // files (sources)
)

// Classification is a classification sheet (Export Classification Sheet):
// the classification's name in cell A1 (optional on reading), one attribute
// per column from B, one case (or file) per row with its name in column A.
type Classification struct {
	// Name is the classification name from A1, "" when A1 is blank.
	Name string
	// Kind is case or file. It is file when the names are hierarchical
	// under a files root folder (Files\\, Internals\\, Sources\\...), case
	// otherwise; KindEvidence says which it was. The [Builder] also treats a
	// case classification whose every name is a known file as a file
	// classification.
	Kind         ClassificationKind
	KindEvidence string
	Attributes   []Attribute
	Rows         []ClassificationRow
}

// Attribute is a column of a classification sheet. NVivo does not write
// attribute types in the sheet, so Type is inferred from the values, and
// Evidence says from what.
//
// Name is unique in its sheet, compared case-insensitively: when several
// columns have the same name in row 1, the first keeps it and the others
// are named "<name> (2)", "<name> (3)"... (a [WarnDuplicateColumn] warning
// names the sheet and the columns), so that their values stay apart.
// Header is the name as written in row 1 (set by the [Reader]; the
// [Writer] writes Name).
type Attribute struct {
	Name     string
	Header   string
	Col      int // 1-based column number
	Type     AttributeType
	Evidence TypeEvidence
}

// AttributeType is the inferred type of an attribute.
type AttributeType string

// The attribute types, from the narrowest: a column is given the first
// type all its values have.
const (
	AttrBoolean  AttributeType = "boolean"  // True/False, Yes/No, Excel booleans
	AttrInteger  AttributeType = "integer"  // whole numbers without leading zeros
	AttrDecimal  AttributeType = "decimal"  // numbers
	AttrDate     AttributeType = "date"     // Excel dates, or text dates in Reader.XLSX.DateLayouts, at midnight
	AttrDateTime AttributeType = "datetime" // dates, some with a time of day
	AttrText     AttributeType = "text"     // anything else, and columns without values
)

// VariableType returns the REFI-QDA variable type for t.
func (t AttributeType) VariableType() refi.VariableType {
	switch t {
	case AttrBoolean:
		return refi.VarBoolean
	case AttrInteger:
		return refi.VarInteger
	case AttrDecimal:
		return refi.VarFloat
	case AttrDate:
		return refi.VarDate
	case AttrDateTime:
		return refi.VarDateTime
	}
	return refi.VarText
}

// TypeEvidence records what an attribute's type was inferred from: how many
// values there were, how many of them read as each type, how many cells
// were empty, Unassigned or Not Applicable (none of which count as values),
// and up to three example values.
type TypeEvidence struct {
	Values        int `json:"values"`
	Booleans      int `json:"booleans"`
	Integers      int `json:"integers"`
	Decimals      int `json:"decimals"` // numbers, whole ones included
	Dates         int `json:"dates"`    // dates and date-times
	DateTimes     int `json:"dateTimes"`
	Empty         int `json:"empty"`
	Unassigned    int `json:"unassigned"`
	NotApplicable int `json:"notApplicable"`
	// Examples are values of the column: for text, values that have no
	// narrower type.
	Examples []string `json:"examples,omitempty"`
}

// String describes the evidence in a sentence such as
// "5 values, all whole numbers (e.g. 14, 21, 3); 2 empty".
func (e TypeEvidence) String() string {
	var b strings.Builder
	if e.Values == 0 {
		b.WriteString("no values")
	} else {
		fmt.Fprintf(&b, "%d values", e.Values)
		switch {
		case e.Booleans == e.Values:
			b.WriteString(", all true/false")
		case e.Integers == e.Values:
			b.WriteString(", all whole numbers")
		case e.Decimals == e.Values:
			b.WriteString(", all numbers")
		case e.Dates == e.Values && e.DateTimes == 0:
			b.WriteString(", all dates")
		case e.Dates == e.Values:
			fmt.Fprintf(&b, ", all dates, %d with a time of day", e.DateTimes)
		default:
			var parts []string
			for _, p := range []struct {
				n    int
				what string
			}{{e.Booleans, "true/false"}, {e.Decimals, "numbers"}, {e.Dates, "dates"}} {
				if p.n > 0 {
					parts = append(parts, fmt.Sprintf("%d %s", p.n, p.what))
				}
			}
			if len(parts) > 0 {
				b.WriteString(" (" + strings.Join(parts, ", ") + ", the rest text)")
			} else {
				b.WriteString(", text")
			}
		}
		if len(e.Examples) > 0 {
			b.WriteString(" (e.g. " + strings.Join(e.Examples, ", ") + ")")
		}
	}
	var other []string
	for _, p := range []struct {
		n    int
		what string
	}{{e.Empty, "empty"}, {e.Unassigned, "Unassigned"}, {e.NotApplicable, "Not Applicable"}} {
		if p.n > 0 {
			other = append(other, fmt.Sprintf("%d %s", p.n, p.what))
		}
	}
	if len(other) > 0 {
		b.WriteString("; " + strings.Join(other, ", "))
	}
	return b.String()
}

// ClassificationRow is one case (or file) of a classification sheet.
type ClassificationRow struct {
	// Name is the case's own name; Folders and Path are its hierarchical
	// name split by [SplitName] (Path ends with Name). For a plain name
	// Folders is empty and Path is [Name].
	Name    string
	Folders []string
	Path    []string
	Values  []AttributeValue // one per attribute
	Row     int              // spreadsheet row (record number in CSV and text)
}

// ValueState says whether a cell of a classification sheet holds a value.
type ValueState uint8

// The states of a value.
const (
	Empty         ValueState = iota // a blank cell
	Unassigned                      // NVivo's "Unassigned" (or a label in Reader.UnassignedLabels)
	NotApplicable                   // NVivo's "Not Applicable" (or a label in Reader.NotApplicableLabels)
	Assigned                        // a value
)

// String returns "empty", "unassigned", "not-applicable" or "assigned".
func (s ValueState) String() string {
	switch s {
	case Unassigned:
		return "unassigned"
	case NotApplicable:
		return "not-applicable"
	case Assigned:
		return "assigned"
	}
	return "empty"
}

// AttributeValue is one cell of a classification sheet.
type AttributeValue struct {
	State ValueState
	// Text is the cell as displayed (as written in CSV and text), trimmed.
	Text string
	// Lexical is, for an Assigned value, the value in the REFI-QDA lexical
	// form of its attribute's type: "14", "3.5", "true", "2024-01-31",
	// "2024-01-31T09:30:00" (no time zone: NVivo writes none), or the text.
	Lexical string
}

// classification reads a classification sheet.
func (c *readCtx) classification(g *grid) (*Classification, error) {
	cl := &Classification{Name: strings.TrimSpace(g.headerAt(0))}
	for i := 1; i < g.width(); i++ {
		name := strings.TrimSpace(g.headerAt(i))
		if name == "" {
			c.ignoreBlankColumn(g, i)
			continue
		}
		cl.Attributes = append(cl.Attributes, Attribute{Name: name, Header: name, Col: i + 1})
	}
	c.distinctAttributes(g, cl.Attributes)
	unassigned := labels(c.r.UnassignedLabels, "Unassigned")
	notApplicable := labels(c.r.NotApplicableLabels, "Not Applicable")
	cells := make([][]xlsx.Cell, len(cl.Attributes)) // per attribute, the cells of the rows kept
	seen := map[string]int{}
	roots := map[string]int{}
	hier := 0
	for _, row := range g.rows {
		raw := row.cell(0).Value
		folders, path := SplitName(raw)
		if len(path) == 0 {
			c.skip(g, row, 0, "no case name in column A")
			continue
		}
		key := pathKey(append(append([]string(nil), folders...), path...))
		if prev, dup := seen[key]; dup {
			c.skip(g, row, 0, "\"%s\" repeats the name of row %d; row not read", clip(raw, 60), prev)
			continue
		}
		seen[key] = row.num
		if strings.Contains(raw, `\`) {
			hier++
		}
		if len(folders) > 0 {
			roots[strings.ToLower(folders[0])]++
		}
		cr := ClassificationRow{Name: path[len(path)-1], Folders: folders, Path: path, Row: row.num,
			Values: make([]AttributeValue, len(cl.Attributes))}
		for j, a := range cl.Attributes {
			cell := row.cell(a.Col - 1)
			text := strings.TrimSpace(cell.Value)
			v := AttributeValue{Text: text}
			switch {
			case text == "":
				v.State = Empty
				cl.Attributes[j].Evidence.Empty++
			case matchLabel(text, unassigned):
				v.State = Unassigned
				cl.Attributes[j].Evidence.Unassigned++
			case matchLabel(text, notApplicable):
				v.State = NotApplicable
				cl.Attributes[j].Evidence.NotApplicable++
			default:
				v.State = Assigned
			}
			cr.Values[j] = v
			cells[j] = append(cells[j], cell)
		}
		cl.Rows = append(cl.Rows, cr)
	}
	// Kind: from the root folder of hierarchical names.
	cl.Kind, cl.KindEvidence = CaseClassification, "plain names: taken as cases"
	fileNames, caseNames := 0, 0
	fileRoot, caseRoot := "", ""
	for root, n := range roots {
		switch {
		case isOneOf(root, fileRoots):
			fileNames += n
			if fileRoot == "" || root < fileRoot {
				fileRoot = root
			}
		case isOneOf(root, caseRoots):
			caseNames += n
			if caseRoot == "" || root < caseRoot {
				caseRoot = root
			}
		}
	}
	switch {
	case fileNames > caseNames:
		cl.Kind, cl.KindEvidence = FileClassification, fmt.Sprintf("%d names under the files root folder \"%s\"", fileNames, fileRoot)
	case caseNames > 0:
		cl.KindEvidence = fmt.Sprintf("%d names under the cases root folder \"%s\"", caseNames, caseRoot)
	case hier > 0:
		cl.KindEvidence = "hierarchical names without a known root folder: taken as cases"
	}
	// Types.
	for j := range cl.Attributes {
		a := &cl.Attributes[j]
		var vals []interp
		for i, row := range cl.Rows {
			if row.Values[j].State != Assigned {
				continue
			}
			vals = append(vals, c.interpret(cells[j][i]))
		}
		a.Type = inferType(vals, &a.Evidence)
		k := 0
		for i := range cl.Rows {
			if cl.Rows[i].Values[j].State != Assigned {
				continue
			}
			cl.Rows[i].Values[j].Lexical = vals[k].lexical(a.Type)
			k++
		}
		c.ws.add(Warning{Code: WarnType, Sheet: g.sheet, Col: a.Col, Header: a.Header,
			Message: fmt.Sprintf("attribute \"%s\" read as %s: %s", a.Name, a.Type, a.Evidence)})
	}
	return cl, nil
}

// distinctAttributes renames the attributes whose name (compared
// case-insensitively, as the Builder names variables) is already the name
// of an attribute to the left: "Age" and "Age" become "Age" and "Age (2)".
// A new name is never one that row 1 holds.
func (c *readCtx) distinctAttributes(g *grid, attrs []Attribute) {
	taken := map[string]bool{}
	for _, a := range attrs {
		taken[strings.ToLower(a.Name)] = true
	}
	first := map[string]int{} // lower-case name → index of its first column
	for j := range attrs {
		a := &attrs[j]
		k := strings.ToLower(a.Name)
		f, dup := first[k]
		if !dup {
			first[k] = j
			continue
		}
		var name string
		for n := 2; ; n++ {
			name = fmt.Sprintf("%s (%d)", a.Header, n)
			if !taken[strings.ToLower(name)] {
				break
			}
		}
		taken[strings.ToLower(name)] = true
		a.Name = name
		where := "the sheet"
		if g.sheet != "" {
			where = fmt.Sprintf("sheet \"%s\"", g.sheet)
		}
		prev := attrs[f]
		c.ws.add(Warning{Code: WarnDuplicateColumn, Sheet: g.sheet, Col: a.Col, Header: a.Header,
			Message: fmt.Sprintf("%s has two attribute columns named \"%s\" (%s and %s): column %s is read as the attribute \"%s\", so that their values stay apart",
				where, a.Header, colName(prev.Col), colName(a.Col), colName(a.Col), name)})
	}
}

// colName returns the letters of a 1-based column number: 1 is A, 27 AA.
func colName(col int) string {
	if ref := (&xlsx.CellError{Col: col}).Ref(); ref != "" {
		return ref
	}
	return strconv.Itoa(col)
}

func (c *readCtx) ignoreBlankColumn(g *grid, i int) {
	if n := g.filled(i); n > 0 {
		c.ws.add(Warning{Code: WarnColumnIgnored, Sheet: g.sheet, Col: i + 1,
			Message: fmt.Sprintf("column without an attribute name in row 1 not read (%d values)", n)})
	}
}

func labels(given []string, def string) []string {
	if given == nil {
		return []string{def}
	}
	return given
}

func matchLabel(s string, labels []string) bool {
	for _, l := range labels {
		if strings.EqualFold(strings.TrimSpace(l), s) {
			return true
		}
	}
	return false
}

// interp is what one value can be read as.
type interp struct {
	text      string
	isBool    bool
	b         bool
	isInt     bool
	i         int64
	isNum     bool
	f         float64
	isTime    bool
	t         time.Time
	timeOfDay bool
}

var (
	intExp = regexp.MustCompile(`^[+-]?(0|[1-9][0-9]*)$`)
	decExp = regexp.MustCompile(`^[+-]?(0|[1-9][0-9]*)?(\.[0-9]+)?$`)
)

func (c *readCtx) interpret(cell xlsx.Cell) interp {
	v := interp{text: strings.TrimSpace(cell.Value)}
	raw := strings.TrimSpace(cell.Raw)
	switch cell.Type {
	case xlsx.TypeBool:
		if b, err := cell.Bool(); err == nil {
			v.isBool, v.b = true, b
		}
		return v
	case xlsx.TypeDate:
		if t, ok := c.cellTime(cell); ok {
			v.isTime, v.t = true, t
			v.timeOfDay = t.Hour() != 0 || t.Minute() != 0 || t.Second() != 0 || t.Nanosecond() != 0
		}
		return v
	case xlsx.TypeNumber:
		if f, err := strconv.ParseFloat(raw, 64); err == nil && !math.IsInf(f, 0) && !math.IsNaN(f) {
			v.isNum, v.f = true, f
			if f == math.Trunc(f) && math.Abs(f) < 1<<53 {
				v.isInt, v.i = true, int64(f)
			}
		}
		return v
	}
	s := v.text
	switch strings.ToLower(s) {
	case "true", "yes":
		v.isBool, v.b = true, true
	case "false", "no":
		v.isBool = true
	}
	if intExp.MatchString(s) {
		if n, err := strconv.ParseInt(strings.TrimPrefix(s, "+"), 10, 64); err == nil {
			v.isInt, v.i = true, n
		}
	}
	if s != "" && s != "+" && s != "-" && s != "." && decExp.MatchString(s) && strings.ContainsAny(s, "0123456789") {
		if f, err := strconv.ParseFloat(strings.TrimPrefix(s, "+"), 64); err == nil && !math.IsInf(f, 0) {
			v.isNum, v.f = true, f
		}
	}
	if !v.isNum {
		if t, ok := c.cellTime(cell); ok {
			v.isTime, v.t = true, t
			v.timeOfDay = t.Hour() != 0 || t.Minute() != 0 || t.Second() != 0 || t.Nanosecond() != 0
		}
	}
	return v
}

// inferType chooses the narrowest type every value has and fills in the
// counts of the evidence.
func inferType(vals []interp, e *TypeEvidence) AttributeType {
	e.Values = len(vals)
	seen := map[string]bool{}
	for _, v := range vals {
		if v.isBool {
			e.Booleans++
		}
		if v.isInt {
			e.Integers++
		}
		if v.isNum {
			e.Decimals++
		}
		if v.isTime {
			e.Dates++
			if v.timeOfDay {
				e.DateTimes++
			}
		}
	}
	t := AttrText
	switch {
	case len(vals) == 0:
	case e.Booleans == len(vals):
		t = AttrBoolean
	case e.Integers == len(vals):
		t = AttrInteger
	case e.Decimals == len(vals):
		t = AttrDecimal
	case e.Dates == len(vals) && e.DateTimes == 0:
		t = AttrDate
	case e.Dates == len(vals):
		t = AttrDateTime
	}
	for _, v := range vals {
		if len(e.Examples) == 3 {
			break
		}
		if t == AttrText && (v.isBool || v.isNum || v.isTime) && e.Values > e.Booleans+e.Decimals+e.Dates {
			continue
		}
		if !seen[v.text] {
			seen[v.text] = true
			e.Examples = append(e.Examples, v.text)
		}
	}
	return t
}

func (v interp) lexical(t AttributeType) string {
	switch t {
	case AttrBoolean:
		return strconv.FormatBool(v.b)
	case AttrInteger:
		return strconv.FormatInt(v.i, 10)
	case AttrDecimal:
		return strconv.FormatFloat(v.f, 'f', -1, 64)
	case AttrDate:
		return v.t.Format("2006-01-02")
	case AttrDateTime:
		return v.t.Format("2006-01-02T15:04:05.999999999")
	}
	return v.text
}
