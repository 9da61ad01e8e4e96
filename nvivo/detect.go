package nvivo

import (
	"fmt"
	"strconv"
	"strings"
)

// ExportKind is the kind of an NVivo export, as detected from its content.
type ExportKind string

// The kinds of export.
const (
	KindCodebook       ExportKind = "codebook"       // Export Codebook (Excel)
	KindClassification ExportKind = "classification" // Export Classification Sheet (cases or files)
	KindCodingSummary  ExportKind = "coding-summary" // Coding Summary By Code / By File extract (text report)
	KindList           ExportKind = "list"           // Export List of a list view (codes, cases, files)
	KindSummaryView    ExportKind = "summary-view"   // a code's Summary View export
	KindMatrix         ExportKind = "matrix"         // matrix coding query result
	KindCrosstab       ExportKind = "crosstab"       // crosstab query result
	KindFramework      ExportKind = "framework"      // framework matrix
)

// detection is the result of looking at one grid.
type detection struct {
	kind ExportKind
	why  string
	err  error // set when the content is recognised as unsupported
}

var listColumns = []string{"files", "sources", "codes", "nodes", "references", "created on", "created by",
	"modified on", "modified by", "classification", "cases", "coverage", "size", "location"}

// detect decides the kind of export a grid holds from its header row, the
// labels in its first column and its cells. It never looks at file names.
func detect(g *grid) detection {
	has := func(name string) bool { return g.col(name) >= 0 }
	nonBlank := 0
	for _, h := range g.header {
		if strings.TrimSpace(h) != "" {
			nonBlank++
		}
	}
	// 1. Coding summary: the two hierarchical names and the coded text.
	if len(g.cols("Hierarchical Name")) >= 1 && (has("Coded Text") || has("Coded By Initials")) {
		return detection{kind: KindCodingSummary, why: `header has "Hierarchical Name" and "Coded Text" columns`}
	}
	// 2. Codebook: Folder and Name.
	if has("Folder") && has("Name") {
		return detection{kind: KindCodebook, why: `header has "Folder" and "Name" columns`}
	}
	// 3. Summary view: Name and In Folder.
	if has("Name") && has("In Folder") {
		return detection{kind: KindSummaryView, why: `header has "Name" and "In Folder" columns`}
	}
	// 4. Word frequency results: recognised, not read.
	if has("Word") && has("Count") && (has("Length") || has("Weighted Percentage (%)") || has("Similar Words")) {
		return detection{err: fmt.Errorf("%w: this is a Word Frequency query result, which this package does not read", ErrUnknownExport)}
	}
	// 5. Matrix family: "A : " column labels and "1 : " row labels.
	prefixedCols := 0
	for i, h := range g.header {
		if i > 0 && colPrefix.MatchString(h) {
			prefixedCols++
		}
	}
	labelled, rowsWithLabel := 0, 0
	for _, r := range g.rows {
		if l := r.cell(0).Value; strings.TrimSpace(l) != "" {
			rowsWithLabel++
			if rowPrefix.MatchString(l) {
				labelled++
			}
		}
	}
	numeric, text, totalRow, totalCol := g.cellStats()
	attrCols := 0
	for i, h := range g.header {
		if _, name := stripLabel(h); i > 0 && strings.Contains(name, " = ") {
			attrCols++
		}
	}
	crosstab := totalRow && totalCol || attrCols > 0 && 2*attrCols >= nonBlank
	if prefixedCols > 0 && 2*prefixedCols >= nonBlank-boolInt(strings.TrimSpace(g.headerAt(0)) != "") &&
		(rowsWithLabel == 0 || 2*labelled >= rowsWithLabel) {
		switch {
		case text > 0 && text >= numeric:
			return detection{kind: KindFramework, why: fmt.Sprintf(`"A : " column labels and "1 : " row labels; %d of %d filled cells hold text`, text, text+numeric)}
		case crosstab:
			return detection{kind: KindCrosstab, why: `"A : " column labels and "1 : " row labels, numeric cells, and a Total row and column or attribute-value columns ("Attribute = Value")`}
		}
		return detection{kind: KindMatrix, why: fmt.Sprintf(`"A : " column labels and "1 : " row labels; %d numeric cells`, numeric)}
	}
	// A crosstab may come without the indexes: a blank corner, labels in
	// column A, numbers in the cells, and a Total row and column or
	// attribute-value columns.
	if strings.TrimSpace(g.headerAt(0)) == "" && crosstab && numeric > 0 && text == 0 && !has("Name") {
		return detection{kind: KindCrosstab, why: "blank corner cell, row labels in column A, numeric cells, and a Total row and column or attribute-value columns"}
	}
	// 6. List view: a Name column and list-view columns.
	if has("Name") {
		for _, c := range listColumns {
			if has(c) {
				return detection{kind: KindList, why: fmt.Sprintf(`header has "Name" and "%s" columns`, g.header[g.col(c)])}
			}
		}
	}
	// 7. Classification sheet: names in column A, attributes in row 1.
	if len(g.rows) > 0 && rowsWithLabel > 0 && nonBlank >= 1 {
		why := "names in column A and attribute names in row 1"
		if a1 := strings.TrimSpace(g.headerAt(0)); a1 != "" {
			why += fmt.Sprintf("; classification name \"%s\" in A1", a1)
		}
		return detection{kind: KindClassification, why: why}
	}
	if len(g.rows) == 0 {
		return detection{err: fmt.Errorf("%w: no data rows", ErrEmpty)}
	}
	return detection{err: fmt.Errorf("%w: header %s matches no export layout", ErrUnknownExport, quoteHeader(g.header))}
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// cellStats counts the filled cells after column A that are numbers and
// those that hold other text, and says whether a row and a column are
// labelled Total.
func (g *grid) cellStats() (numeric, text int, totalRow, totalCol bool) {
	for i, h := range g.header {
		if i > 0 && isTotal(h) {
			totalCol = true
		}
	}
	for _, r := range g.rows {
		if isTotal(r.cell(0).Value) {
			totalRow = true
		}
		for i := 1; i < len(r.cells); i++ {
			v := strings.TrimSpace(r.cells[i].Value)
			if v == "" {
				continue
			}
			if isNumber(v) {
				numeric++
			} else {
				text++
			}
		}
	}
	return
}

func isTotal(s string) bool {
	_, name := stripLabel(s)
	return strings.EqualFold(name, "Total") || strings.EqualFold(name, "Totals")
}

func isNumber(s string) bool {
	s = strings.TrimSuffix(strings.TrimSpace(s), "%")
	_, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
	return err == nil
}

func quoteHeader(h []string) string {
	var q []string
	for i, s := range h {
		if i == 8 {
			q = append(q, "…")
			break
		}
		q = append(q, strconv.Quote(clip(s, 40)))
	}
	return "[" + strings.Join(q, " | ") + "]"
}
