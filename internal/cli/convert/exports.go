package convert

import (
	"errors"
	"fmt"
	"io/fs"
	"time"

	"github.com/qdabridge/qdabridge/atlasti"
	"github.com/qdabridge/qdabridge/internal/cli"
	"github.com/qdabridge/qdabridge/internal/segments"
	"github.com/qdabridge/qdabridge/maxqda"
	"github.com/qdabridge/qdabridge/qualcoder"
	"github.com/qdabridge/qdabridge/refi"
	"github.com/qdabridge/qdabridge/taguette"
)

// exportOptions are what the readers of other tools' coded-segment
// exports take from the command line.
type exportOptions struct {
	name      string
	codebook  string // the path of a codebook export read with the segments
	documents fs.FS
	passages  bool
	loc       *time.Location
}

// exportReader is the reader of one tool's spreadsheet export of coded
// segments: MAXQDA's Coded Segments, ATLAS.ti's Quotation Manager (and
// codebook), Taguette's highlights (and codebook), QualCoder's code text
// report. read fails with an error wrapping notMine when the file is not
// that tool's export.
type exportReader struct {
	tool    string
	input   string
	notMine error
	read    func(path string, o exportOptions) (*refi.Document, *segments.Report, error)
}

var exportReaders = []exportReader{
	{"MAXQDA", "coded segments export", maxqda.ErrNotMAXQDA, func(path string, o exportOptions) (*refi.Document, *segments.Report, error) {
		res, err := (&maxqda.Reader{Name: o.name, Documents: o.documents, PassageSources: o.passages, Location: o.loc}).ReadFile(path)
		if err != nil {
			return nil, nil, err
		}
		return res.Document(), res.Report, nil
	}},
	{"ATLAS.ti", "quotation export", atlasti.ErrNotATLAS, func(path string, o exportOptions) (*refi.Document, *segments.Report, error) {
		res, err := (&atlasti.Reader{Name: o.name, Codebook: o.codebook, Documents: o.documents, PassageSources: o.passages, Location: o.loc}).ReadFile(path)
		if err != nil {
			return nil, nil, err
		}
		return res.Document(), res.Report, nil
	}},
	{"Taguette", "highlights export", taguette.ErrNotHighlights, func(path string, o exportOptions) (*refi.Document, *segments.Report, error) {
		res, err := (&taguette.HighlightsReader{Name: o.name, Codebook: o.codebook, Documents: o.documents, PassageSources: o.passages, Location: o.loc}).ReadFile(path)
		if err != nil {
			return nil, nil, err
		}
		return res.Document(), res.Report, nil
	}},
	{"QualCoder", "coding report", qualcoder.ErrNotCodingReport, func(path string, o exportOptions) (*refi.Document, *segments.Report, error) {
		res, err := (&qualcoder.CodingReportReader{Name: o.name, Documents: o.documents, PassageSources: o.passages, Location: o.loc}).ReadFile(path)
		if err != nil {
			return nil, nil, err
		}
		return res.Document(), res.Report, nil
	}},
}

// toolExport is an input found to be another tool's export.
type toolExport struct {
	path     string
	reader   *exportReader
	codebook bool // a codebook export alone: codes, no segments
}

// findExport tells whether the spreadsheet or text file at path is one
// of the exports of exportReaders (nil when none: then it may be one of
// NVivo's). An export that is its tool's but cannot be read is an error.
func findExport(path string) (*toolExport, error) {
	for i := range exportReaders {
		er := &exportReaders[i]
		_, r, err := er.read(path, exportOptions{passages: true})
		switch {
		case errors.Is(err, er.notMine):
			continue
		case err != nil:
			return nil, libError(err)
		}
		return &toolExport{path: path, reader: er, codebook: r.Segments == 0 && r.Codes > 0 && r.Rows == 0}, nil
	}
	return nil, nil
}

// readExports reads one tool's export of coded segments, with at most one
// codebook export of the same tool, into a project: the passages placed
// in the documents of sources, or on texts made of them (--passages).
func readExports(exps []*toolExport, sources fs.FS, o *options, loc *time.Location, rep *report) (*refi.Document, error) {
	var main, codebook *toolExport
	for _, e := range exps {
		if e.reader != exps[0].reader {
			return nil, cli.Usage("give the exports of one tool at a time (%s is %s's, %s is %s's)", e.path, e.reader.tool, exps[0].path, exps[0].reader.tool)
		}
		switch {
		case e.codebook && codebook == nil:
			codebook = e
		case !e.codebook && main == nil:
			main = e
		default:
			return nil, cli.Usage("give one %s of %s, with at most one codebook export (%s and %s are both %s)", e.reader.input, e.reader.tool, e.path, otherPath(exps, e), what(e))
		}
	}
	if main == nil { // a codebook alone
		main, codebook = codebook, nil
	}
	eo := exportOptions{name: o.name, documents: sources, passages: o.passages, loc: loc}
	if codebook != nil {
		if main.reader.tool != "ATLAS.ti" && main.reader.tool != "Taguette" {
			return nil, cli.Usage("%s has no codebook export to read with its %s", main.reader.tool, main.reader.input)
		}
		eo.codebook = codebook.path
	}
	doc, r, err := main.reader.read(main.path, eo)
	if err != nil {
		return nil, libError(err)
	}
	for _, w := range r.Warnings {
		switch w.Code {
		case segments.WarnPlacement, segments.WarnDocument:
			// in the ledger, and summed up below
		case segments.WarnRow, segments.WarnValue:
			rep.Lost = append(rep.Lost, w.String())
			rep.uncounted = append(rep.uncounted, w.String())
		default:
			rep.Converted = append(rep.Converted, w.String())
		}
	}
	if r.Tolerant > 0 {
		rep.Converted = append(rep.Converted, fmt.Sprintf("%d coded passages found in their documents only when white space and line ends are ignored; placed there", r.Tolerant))
	}
	if r.Passages > 0 {
		rep.Converted = append(rep.Converted, fmt.Sprintf("%d coded passages placed on texts made of the passages, for documents not given (--passages)", r.Passages))
	}
	missingDocs := 0
	for _, d := range r.Documents {
		if d.File == "" && d.Format != "passages" {
			missingDocs++
		}
	}
	if missingDocs > 0 {
		rep.Notes = append(rep.Notes, fmt.Sprintf("%d documents of the export were not given, so their coded passages could not be placed: give the transcripts with --sources DIR, or --passages to keep each passage as its own text", missingDocs))
	}
	input := main.reader.input
	if codebook != nil {
		input += " and codebook export"
	} else if main.codebook {
		input = "codebook export"
	}
	tr := &toolReport{Tool: main.reader.tool, Input: input, Report: r}
	ledger := r.Ledger()
	if codebook != nil {
		ir := describe(codebook.path, doc)
		ir.Kind, ir.Counts, ir.Export = toolKind(main.reader.tool), nil, "codebook export"
		defer func() { rep.Inputs = append(rep.Inputs, ir) }()
	}
	return toolDocument(main.path, doc, ledger, tr, &options{}, rep), nil
}

func otherPath(exps []*toolExport, e *toolExport) string {
	for _, x := range exps {
		if x != e && x.codebook == e.codebook {
			return x.path
		}
	}
	return ""
}

func what(e *toolExport) string {
	if e.codebook {
		return "codebook exports"
	}
	return e.reader.input + "s"
}
