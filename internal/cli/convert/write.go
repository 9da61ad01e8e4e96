package convert

import (
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"strings"

	"github.com/qdabridge/qdabridge/internal/cmdutil"
	"github.com/qdabridge/qdabridge/nvivo"
	"github.com/qdabridge/qdabridge/refi"
	"github.com/qdabridge/qdabridge/xlsx/workbook"
)

// write writes one output and returns its size, ledger (none for NVivo's
// sheets) and the warnings of what will not read back as written. With
// strict set an output that would lose anything is not written, and the
// error wraps refi.ErrLost.
func write(out outSpec, doc *refi.Document, prof *refi.Profile, opt writeOptions, rep *report) (int64, *refi.Ledger, []string, error) {
	path := out.path
	var n int64
	count := func(w io.Writer) *countWriter { return &countWriter{w: w, n: &n} }
	var changes []refi.Change
	var ledger *refi.Ledger
	var warnings []string
	// refuse is the error of a strict write that would lose items.
	refuse := func(l *refi.Ledger) error {
		ledger = l
		if opt.strict && l.Lost() {
			return refi.ErrLost
		}
		return nil
	}
	// Building a project from NVivo's exports may already have lost
	// passages: a strict conversion then writes nothing, but still makes
	// the whole ledger.
	built := rep.built
	writeOut := func(fn func(io.Writer) error) error {
		if opt.strict && built.Lost() {
			if err := fn(io.Discard); err != nil && !errors.Is(err, refi.ErrLost) {
				return err
			}
			return refi.ErrLost
		}
		return writeError(path, opt.cl.WriteOutput(path, opt.force, opt.inputs, fn))
	}
	writeRefi := func(k refi.Format, w *refi.Writer) error {
		w.Strict = opt.strict
		var r *refi.Report
		err := writeOut(func(out io.Writer) error {
			var err error
			r, err = w.Write(count(out), doc, k)
			return err
		})
		if r != nil {
			changes, ledger = r.Changes, r.Ledger
		}
		return err
	}
	writeNVivo := func(fn func(io.Writer) ([]nvivo.Warning, error)) error {
		return writeOut(func(out io.Writer) error {
			ws, err := fn(count(out))
			for _, w := range ws {
				w.File = path
				warnings = append(warnings, w.String())
			}
			return err
		})
	}
	isQDC := doc.Format == refi.FormatQDC
	var err error
	switch out.kind {
	case "qdpx", "qde":
		if isQDC {
			return 0, nil, nil, fmt.Errorf("%s: the input is a codebook; write a .qdc", path)
		}
		err = writeRefi(refi.Format(out.kind), &refi.Writer{Profile: prof})
	case "qdc":
		err = writeRefi(refi.FormatQDC, &refi.Writer{})
	case "workbook":
		if isQDC {
			return 0, nil, nil, fmt.Errorf("%s: the input is a codebook; a workbook needs a project", path)
		}
		w := &workbook.Writer{TempDir: opt.cl.TempDir(), NoTexts: opt.noTexts}
		if opt.noTexts {
			rep.Notes = append(rep.Notes, fmt.Sprintf("%s holds no texts of the sources (--no-texts): converted back, it gives a project without texts", path))
		} else {
			rep.Notes = append(rep.Notes, fmt.Sprintf("%s holds the full text of every source in a hidden sheet, so that it converts back to the whole project: share it as you would the interviews (--no-texts leaves them out)", path))
		}
		err = writeOut(func(out io.Writer) error {
			wr, err := w.Write(count(out), doc)
			if wr != nil {
				ledger = wr.Ledger
			}
			if err != nil {
				return err
			}
			return refuse(ledger)
		})
	case "excerpts":
		if isQDC {
			return 0, nil, nil, fmt.Errorf("%s: the input is a codebook: it has no excerpts", path)
		}
		el := refi.NewExcerptLedger(doc)
		err = writeOut(func(out io.Writer) error {
			if err := writeExcerpts(count(out), doc, isCSV(path), el); err != nil {
				return err
			}
			return refuse(el.Ledger())
		})
	case "nvivo-codebook":
		nw := &nvivo.Writer{TempDir: opt.cl.TempDir()}
		err = writeNVivo(func(out io.Writer) ([]nvivo.Warning, error) {
			return nw.WriteCodebook(out, nvivo.CodebookFromProject(doc.Project, ""))
		})
	case "nvivo-classification":
		if isQDC {
			return 0, nil, nil, fmt.Errorf("%s: the input is a codebook; a classification sheet needs cases", path)
		}
		nw := &nvivo.Writer{TempDir: opt.cl.TempDir()}
		err = writeNVivo(func(out io.Writer) ([]nvivo.Warning, error) {
			return nw.WriteClassification(out, nvivo.ClassificationFromProject(doc.Project, ""))
		})
	}
	if ledger != nil && built != nil {
		ledger.Merge(built) // what the exports held that the built project does not
	}
	if err != nil {
		return 0, ledger, nil, err
	}
	for _, c := range changes {
		line := path + ": " + c.String()
		switch c.Code.Effect() {
		case "converted":
			rep.Converted = append(rep.Converted, line)
		case "repaired":
			rep.Repaired = append(rep.Repaired, line)
		default:
			rep.Lost = append(rep.Lost, line)
		}
	}
	return n, ledger, warnings, nil
}

func isCSV(path string) bool { return strings.EqualFold(filepath.Ext(path), ".csv") }

// writeExcerpts writes every excerpt of doc as a JSON line, or as a CSV
// row after a header, and counts each in el.
func writeExcerpts(out io.Writer, doc *refi.Document, asCSV bool, el *refi.ExcerptLedger) error {
	var cw *csv.Writer
	var enc *json.Encoder
	if asCSV {
		cw = csv.NewWriter(out)
		if err := cw.Write(cmdutil.CSVHeader); err != nil {
			return err
		}
	} else {
		enc = json.NewEncoder(out)
		enc.SetEscapeHTML(false)
	}
	for e, eErr := range doc.Excerpts(refi.ExcerptOptions{}) {
		el.Add(e, eErr)
		l := cmdutil.ToLine(e, eErr)
		if cw != nil {
			if err := cw.Write(l.Record()); err != nil {
				return err
			}
			continue
		}
		if err := enc.Encode(l); err != nil {
			return err
		}
	}
	if cw != nil {
		cw.Flush()
		return cw.Error()
	}
	return nil
}

type countWriter struct {
	w io.Writer
	n *int64
}

func (c *countWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	*c.n += int64(n)
	return n, err
}
