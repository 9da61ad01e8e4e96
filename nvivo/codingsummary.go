package nvivo

import (
	"fmt"
	"sort"
	"strings"
	"time"
)

// CodingSummary is a Coding Summary extract (text report): "Coding Summary
// By Code" or "Coding Summary By File", from the .xlsx or the .txt form.
// Each row is one coding reference: a passage of a file coded at a code by
// one coder. Several coders on one passage give several rows, and so
// several references.
type CodingSummary struct {
	// By is "code" when the code columns come first (Coding Summary By
	// Code), "file" when the file columns do.
	By         string
	References []Reference
}

// Reference is one row of a Coding Summary extract.
//
// CodeFolder and CodePath are the code's hierarchical name split by
// [SplitName]: "Nodes\\Errors\Probable Error" has the folder [Nodes] and
// the path [Errors, Probable Error]. FileFolder and File are the file's:
// "Files\\BWOH\\BWOH_Craft_Juanita" is in [Files, BWOH] and named
// BWOH_Craft_Juanita.
//
// Aggregate is the code's Aggregate flag: such a code's rows repeat the
// references of its descendants. Repeat marks those rows (same file, same
// text once white space is normalised, same coder as a row of a descendant
// code); they are kept here but are not codings of their own.
type Reference struct {
	Row  int // spreadsheet row, or record number of a text report (header = 1)
	Line int // physical line where the record starts (text reports)

	CodeFolder      []string
	CodePath        []string
	CodeType        string // "Node" for codes; NVivo may write other types (Case, Relationship)
	CodeDescription string
	Aggregate       bool
	ListOrder       int

	FileFolder     []string
	File           string
	FileType       string // "Document", ...
	Classification string // the file's classification, "" when none
	FolderLocation string
	Coverage       float64 // fraction of the file covered by this code (all its references)
	References     int     // Number Of Coding References of this code in this file
	Number         int     // Reference Number: 1..References within (code, file), in document order

	Coder        string    // Coded By Initials
	Modified     time.Time // Modified On, wall-clock time (NVivo writes no time zone); zero when absent
	ModifiedText string    // Modified On as written
	Text         string    // Coded Text, exactly as in the export

	Repeat bool // a row of an aggregate code repeating a descendant's reference
}

// CodeName returns the hierarchical name of the code, as NVivo writes it.
func (r *Reference) CodeName() string { return JoinName(r.CodeFolder, r.CodePath) }

// FileName returns the hierarchical name of the file, as NVivo writes it.
func (r *Reference) FileName() string { return JoinName(r.FileFolder, []string{r.File}) }

// IsCase reports whether the row is a coding at a case rather than at a
// code: its Code Type is Case, or its hierarchical name is under a cases
// root folder.
func (r *Reference) IsCase() bool {
	if strings.EqualFold(strings.TrimSpace(r.CodeType), "case") {
		return true
	}
	return strings.TrimSpace(r.CodeType) == "" && len(r.CodeFolder) > 0 && isOneOf(r.CodeFolder[0], caseRoots)
}

// codingSummary reads the sheets (or the text records) of a Coding Summary
// extract.
func (c *readCtx) codingSummary(parts []*grid) (*CodingSummary, error) {
	g := parts[0]
	hn := g.cols("Hierarchical Name")
	codeTypeCol := g.col("Code Type", "Node Type")
	fileTypeCol := g.col("File Type", "Source Type")
	nearestBefore := func(limit int) int {
		best := -1
		for _, i := range hn {
			if i < limit && i > best {
				best = i
			}
		}
		return best
	}
	codeCol, fileCol := -1, -1
	if codeTypeCol >= 0 {
		codeCol = nearestBefore(codeTypeCol)
	}
	if fileTypeCol >= 0 {
		fileCol = nearestBefore(fileTypeCol)
	}
	if codeCol < 0 || fileCol < 0 || codeCol == fileCol {
		// Tell them apart by their values: file names are under a files
		// root folder.
		codeCol, fileCol = -1, -1
		for _, i := range hn {
			files := 0
			for _, r := range g.rows {
				if f, _ := SplitName(r.cell(i).Value); len(f) > 0 && isOneOf(f[0], fileRoots) {
					files++
				}
			}
			if files*2 > len(g.rows) && fileCol < 0 {
				fileCol = i
			} else if codeCol < 0 {
				codeCol = i
			}
		}
	}
	if codeCol < 0 {
		return nil, missing(g, "Hierarchical Name (of the code)")
	}
	if fileCol < 0 {
		return nil, missing(g, "Hierarchical Name (of the file)")
	}
	textCol := g.col("Coded Text", "Text", "Content")
	if textCol < 0 {
		return nil, missing(g, "Coded Text")
	}
	col := map[string]int{
		"desc":     g.col("Description"),
		"agg":      g.col("Aggregate"),
		"order":    g.col("List Order"),
		"class":    g.col("Classification"),
		"folder":   g.col("Folder Location"),
		"coverage": g.col("Coverage"),
		"refs":     g.col("Number Of Coding References", "Number of References", "References"),
		"number":   g.col("Reference Number", "Reference"),
		"coder":    g.col("Coded By Initials", "Coded By", "Initials", "User Initials"),
		"modified": g.col("Modified On", "Coded On", "Modified"),
	}
	used := []int{codeCol, fileCol, textCol, codeTypeCol, fileTypeCol}
	for _, i := range col {
		used = append(used, i)
	}
	c.ignoreOtherColumns(g, used...)
	cs := &CodingSummary{By: "code"}
	if fileCol < codeCol {
		cs.By = "file"
	}
	for _, part := range parts {
		for _, row := range part.rows {
			ref, ok := c.reference(part, row, codeCol, fileCol, textCol, codeTypeCol, fileTypeCol, col)
			if ok {
				cs.References = append(cs.References, ref)
			}
		}
	}
	c.markRepeats(cs)
	return cs, nil
}

func (c *readCtx) reference(g *grid, row gridRow, codeCol, fileCol, textCol, codeTypeCol, fileTypeCol int, col map[string]int) (Reference, bool) {
	cf, cp := SplitName(row.cell(codeCol).Value)
	if len(cp) == 0 {
		c.skip(g, row, codeCol, "no code name")
		return Reference{}, false
	}
	ff, fp := SplitName(row.cell(fileCol).Value)
	if len(fp) == 0 {
		c.skip(g, row, fileCol, "no file name")
		return Reference{}, false
	}
	ref := Reference{
		Row: row.num, Line: row.line,
		CodeFolder: cf, CodePath: cp,
		CodeType:        row.text(codeTypeCol),
		CodeDescription: row.cell(col["desc"]).Value,
		FileFolder:      ff,
		// a file's name is its whole path below its folders
		File:           strings.Join(fp, `\`),
		FileType:       row.text(fileTypeCol),
		Classification: row.text(col["class"]),
		FolderLocation: row.text(col["folder"]),
		Coder:          row.text(col["coder"]),
		ModifiedText:   row.text(col["modified"]),
		Text:           row.cell(textCol).Value,
	}
	if i := col["agg"]; i >= 0 && row.text(i) != "" {
		b, err := row.cell(i).Bool()
		if err != nil {
			c.warn(g, row, i, WarnValue, "Aggregate \"%s\" is not True/False or Yes/No; read as False", clip(row.text(i), 20))
		}
		ref.Aggregate = b
	}
	ints := []struct {
		key  string
		dst  *int
		what string
	}{{"order", &ref.ListOrder, "list order"}, {"refs", &ref.References, "number of references"}, {"number", &ref.Number, "reference number"}}
	for _, x := range ints {
		i := col[x.key]
		if i < 0 {
			continue
		}
		n, _, err := cellInt(row.cell(i))
		if err != nil {
			c.warn(g, row, i, WarnValue, "%s \"%s\" is not a whole number", x.what, clip(row.text(i), 20))
		}
		*x.dst = n
	}
	if i := col["coverage"]; i >= 0 {
		f, _, err := cellFloat(row.cell(i))
		if err != nil {
			c.warn(g, row, i, WarnValue, "coverage \"%s\" is not a number", clip(row.text(i), 20))
		}
		ref.Coverage = f
	}
	if i := col["modified"]; i >= 0 && row.text(i) != "" {
		if t, ok := c.cellTime(row.cell(i)); ok {
			ref.Modified = t
		} else {
			c.warn(g, row, i, WarnValue, "Modified On \"%s\" is not a date in the layouts of Reader.XLSX.DateLayouts", clip(row.text(i), 30))
		}
	}
	return ref, true
}

// markRepeats flags the rows of aggregate codes that repeat a reference of
// a descendant code: same file, same text (white space normalised), same
// coder.
func (c *readCtx) markRepeats(cs *CodingSummary) {
	type key struct{ file, text, coder string }
	byKey := map[key][][]string{} // code paths (folders, then path) with that reference
	full := func(r *Reference) []string {
		return append(append([]string(nil), r.CodeFolder...), append([]string{"\x01"}, r.CodePath...)...)
	}
	keys := make([]key, len(cs.References))
	hasAggregate := false
	for i := range cs.References {
		r := &cs.References[i]
		keys[i] = key{strings.ToLower(r.FileName()), normText(r.Text), r.Coder}
		byKey[keys[i]] = append(byKey[keys[i]], full(r))
		hasAggregate = hasAggregate || r.Aggregate
	}
	if !hasAggregate {
		return
	}
	repeats := map[string]int{}
	var order []string
	first := map[string]*Reference{}
	for i := range cs.References {
		r := &cs.References[i]
		if !r.Aggregate {
			continue
		}
		me := full(r)
		for _, other := range byKey[keys[i]] {
			if isDescendant(other, me) {
				r.Repeat = true
				break
			}
		}
		if r.Repeat {
			name := r.CodeName()
			if repeats[name] == 0 {
				order = append(order, name)
				first[name] = r
			}
			repeats[name]++
		}
	}
	sort.SliceStable(order, func(i, j int) bool { return first[order[i]].Row < first[order[j]].Row })
	for _, name := range order {
		c.ws.add(Warning{Code: WarnAggregate, Count: repeats[name],
			Message: fmt.Sprintf("%d references of the aggregate code \"%s\" repeat references of its descendants; they are not codings of their own", repeats[name], name)})
	}
}

// isDescendant reports whether code path d (folders, separator, path) is
// below a.
func isDescendant(d, a []string) bool {
	if len(d) <= len(a) {
		return false
	}
	for i := range a {
		if !strings.EqualFold(d[i], a[i]) {
			return false
		}
	}
	return true
}
