package nvivo

import (
	"fmt"
)

// CodebookSheet is NVivo's codebook export (Export Codebook → Excel): one row
// per code, in tree order (a parent before its children).
type CodebookSheet struct {
	Codes []*CodebookRow
	// Counts says whether the export had the Files and References
	// columns ("Include number of files and references").
	Counts bool
}

// CodebookRow is one row of a codebook export.
//
// Folder is the folder the code is in, split on NVivo's double backslash:
// "Codes\\Hauck Pushchair Reviews" is [Codes, Hauck Pushchair Reviews], the
// first name being NVivo's root folder for codes (Codes, or Nodes before
// NVivo 1.x). Path is the code's own path inside that folder, split on the
// single backslash: "Positive Views\Easy to use" is [Positive Views, Easy to
// use]. Folders and parent codes are kept apart, as NVivo does: a folder
// cannot be applied to data, a parent code can.
type CodebookRow struct {
	Folder      []string
	Path        []string
	Description string
	Files       int // number of files coded; 0 without the counts columns
	References  int // number of coding references; 0 without the counts columns
	Row         int // spreadsheet row (record number for CSV)
}

// Name returns the code's own name: the last element of its path.
func (c *CodebookRow) Name() string {
	if len(c.Path) == 0 {
		return ""
	}
	return c.Path[len(c.Path)-1]
}

// codebook reads the rows of a codebook export. Columns are found by their
// header text: Folder, Name, Description, and optionally Files (Sources in
// NVivo 11) and References.
func (c *readCtx) codebook(g *grid) (*CodebookSheet, error) {
	folderCol := g.col("Folder")
	nameCol := g.col("Name")
	if nameCol < 0 {
		return nil, missing(g, "Name")
	}
	descCol := g.col("Description")
	filesCol := g.col("Files", "Sources")
	refsCol := g.col("References")
	cb := &CodebookSheet{Counts: filesCol >= 0 || refsCol >= 0}
	c.ignoreOtherColumns(g, folderCol, nameCol, descCol, filesCol, refsCol)
	seen := map[string]int{}
	for _, row := range g.rows {
		name := row.cell(nameCol).Value
		folder, path := SplitName(name)
		if len(path) == 0 {
			c.skip(g, row, nameCol, "no code name")
			continue
		}
		// A name is relative to its folder; a full hierarchical name in the
		// Name column is read as folder plus path.
		var f []string
		if folderCol >= 0 {
			f, _ = splitFolder(row.cell(folderCol).Value)
		}
		f = append(f, folder...)
		code := &CodebookRow{Folder: f, Path: path, Description: row.cell(descCol).Value, Row: row.num}
		if filesCol >= 0 {
			n, _, err := cellInt(row.cell(filesCol))
			if err != nil {
				c.warn(g, row, filesCol, WarnValue, "file count \"%s\" is not a whole number", clip(row.cell(filesCol).Value, 40))
			}
			code.Files = n
		}
		if refsCol >= 0 {
			n, _, err := cellInt(row.cell(refsCol))
			if err != nil {
				c.warn(g, row, refsCol, WarnValue, "reference count \"%s\" is not a whole number", clip(row.cell(refsCol).Value, 40))
			}
			code.References = n
		}
		key := pathKey(append(append([]string(nil), code.Folder...), append([]string{"\x01"}, code.Path...)...))
		if prev, dup := seen[key]; dup {
			c.skip(g, row, nameCol, "code \"%s\" repeats the code of row %d", JoinName(code.Folder, code.Path), prev)
			continue
		}
		seen[key] = row.num
		cb.Codes = append(cb.Codes, code)
	}
	return cb, nil
}

// splitFolder splits a folder path such as "Codes\\Hauck Pushchair
// Reviews": every part, separated by double or single backslashes, is a
// folder.
func splitFolder(s string) (folders []string, ok bool) {
	f, p := SplitName(s)
	return append(f, p...), len(f)+len(p) > 0
}

// ignoreOtherColumns reports columns with values that the layout does not
// define.
func (c *readCtx) ignoreOtherColumns(g *grid, used ...int) {
	isUsed := map[int]bool{}
	for _, u := range used {
		isUsed[u] = true
	}
	for i := 0; i < g.width(); i++ {
		if isUsed[i] {
			continue
		}
		if n := g.filled(i); n > 0 {
			c.ws.add(Warning{Code: WarnColumnIgnored, Sheet: g.sheet, Col: i + 1, Header: g.headerAt(i),
				Message: fmt.Sprintf("column not read: the export's layout does not define it (%d values)", n)})
		}
	}
}
