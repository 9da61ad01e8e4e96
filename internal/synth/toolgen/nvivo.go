package toolgen

import (
	"cmp"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/qdabridge/qdabridge/xlsx"
)

// NVivoExports are the files WriteNVivo writes.
type NVivoExports struct {
	Codebook      string // the codebook workbook (Export Codebook)
	CodingSummary string // the Coding Summary By Code workbook
	Documents     string // the folder of transcripts, "Interview N.txt"
}

// Exports returns the paths of the two exports, codebook first.
func (e NVivoExports) Exports() []string { return []string{e.Codebook, e.CodingSummary} }

// WriteNVivo writes NVivo's exports of a project of shape s into the
// folder dir, which must not exist: a codebook workbook (codes under their
// category, in the folder Codes), a Coding Summary By Code workbook (one
// row per coding, by code, then file, then position, with the coder's
// initials and the date) and the transcripts as UTF-8 .txt files, which
// the passages are placed in.
func WriteNVivo(dir string, s Shape) (*NVivoExports, error) {
	m, err := newModel(s)
	if err != nil {
		return nil, err
	}
	e := new(NVivoExports)
	*e = NVivoFolder(dir)
	if err := os.Mkdir(dir, 0o755); err != nil {
		return nil, fmt.Errorf("toolgen: %w", err)
	}
	if err := os.Mkdir(e.Documents, 0o755); err != nil {
		return nil, fmt.Errorf("toolgen: %w", err)
	}
	for i, t := range m.texts {
		if err := os.WriteFile(filepath.Join(e.Documents, sourceName(i)+".txt"), []byte(t), 0o644); err != nil {
			return nil, fmt.Errorf("toolgen: %w", err)
		}
	}
	err = xlsx.WriteFile(e.Codebook, func(w *xlsx.Writer) error {
		sw, err := w.AddSheet("Codebook", []string{"Folder", "Name", "Description", "Files", "References"})
		if err != nil {
			return err
		}
		for c := 0; c < s.Categories; c++ {
			if err := sw.WriteRow(`Codes`, categoryName(c), "Category "+categoryName(c), 0, 0); err != nil {
				return err
			}
		}
		for c := 0; c < s.Codes; c++ {
			if err := sw.WriteRow(`Codes`, m.nvivoCode(c), "About "+codeName(c)+" – café, 😀", 0, 0); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("toolgen: %w", err)
	}
	order := make([]int, len(m.codings))
	for i := range order {
		order[i] = i
	}
	slices.SortFunc(order, func(a, b int) int {
		x, y := &m.codings[a], &m.codings[b]
		return cmp.Or(cmp.Compare(x.code, y.code), cmp.Compare(x.source, y.source),
			cmp.Compare(x.start, y.start), cmp.Compare(x.end, y.end), cmp.Compare(x.user, y.user))
	})
	header := []string{"Hierarchical Name", "Code Type", "Aggregate", "Hierarchical Name", "File Type",
		"Reference Number", "Coded By Initials", "Modified On", "Coded Text"}
	err = xlsx.WriteFile(e.CodingSummary, func(w *xlsx.Writer) error {
		sw, err := w.AddSheet("Coding Summary By Code Extrac-0", header)
		if err != nil {
			return err
		}
		number, prev := 0, [2]int{-1, -1}
		for _, i := range order {
			c := &m.codings[i]
			if k := [2]int{c.code, c.source}; k != prev {
				number, prev = 0, k
			}
			number++
			if err := sw.WriteRow(`Codes\\`+m.nvivoCode(c.code), "Node", "False", `Files\\`+sourceName(c.source), "Document",
				number, initials(c.user), c.date, c.text); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("toolgen: %w", err)
	}
	return e, nil
}

// nvivoCode is the code's path below the folder: category\code.
func (m *model) nvivoCode(c int) string {
	return categoryName(m.category(c)) + `\` + codeName(c)
}

// initials are a coder's initials, as NVivo's exports name coders.
func initials(user int) string {
	return strings.ToUpper(fmt.Sprintf("c%c", 'a'+rune(user%26)))
}

// NVivoFolder returns the paths of the exports WriteNVivo writes in dir.
func NVivoFolder(dir string) NVivoExports {
	return NVivoExports{
		Codebook:      filepath.Join(dir, "codebook.xlsx"),
		CodingSummary: filepath.Join(dir, "coding-summary-by-code.xlsx"),
		Documents:     filepath.Join(dir, "transcripts"),
	}
}
