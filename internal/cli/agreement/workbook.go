package agreement

import (
	"io"

	"github.com/qdabridge/qdabridge/agreement"
	"github.com/qdabridge/qdabridge/xlsx"
)

// writeWorkbook writes the report to w as a workbook with the sheets
// Sources (one row per code and source), Codes (one per code) and, when
// sources were left out, Skipped. Temporary files go to tmp.
func writeWorkbook(w io.Writer, rep *agreement.Report, tmp string) error {
	wb := xlsx.NewWriter(w)
	wb.TempDir = tmp
	defer wb.Abort()
	s, err := wb.AddSheet("Sources", []string{"Code", "Source", "Size", "Agreement (%)", "A and B (%)", "Neither (%)", "A not B (%)", "B not A (%)", "Kappa", "Coder A", "Coder B"})
	if err != nil {
		return err
	}
	for _, c := range rep.Comparisons {
		n := float64(c.Size)
		err := s.WriteRow(c.CodePath, c.Source.Name, c.Size, c.Agreement,
			pct(c.Counts.Both, n), pct(c.Counts.Neither, n), pct(c.Counts.OnlyA, n), pct(c.Counts.OnlyB, n), c.Kappa, rep.A.Name, rep.B.Name)
		if err != nil {
			return err
		}
	}
	s, err = wb.AddSheet("Codes", []string{"Code", "Sources", "Size", "Agreement (%)", "Kappa", "Alpha", "Alpha coders"})
	if err != nil {
		return err
	}
	coders := names(rep.AlphaCoders)
	for _, c := range rep.Codes {
		var a any = ""
		if c.Alpha != nil {
			a = *c.Alpha
		}
		if err := s.WriteRow(c.CodePath, c.Sources, c.Size, c.Agreement, c.Kappa, a, coders); err != nil {
			return err
		}
	}
	if len(rep.Skipped) > 0 {
		s, err = wb.AddSheet("Skipped", []string{"Source", "Reason"})
		if err != nil {
			return err
		}
		for _, k := range rep.Skipped {
			if err := s.WriteRow(k.Source.Name, k.Reason); err != nil {
				return err
			}
		}
	}
	return wb.Close()
}
