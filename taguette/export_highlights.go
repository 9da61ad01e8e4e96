package taguette

import (
	"errors"
	"io/fs"
	"strconv"
	"strings"
	"time"

	"github.com/qdabridge/qdabridge/internal/segments"
	"github.com/qdabridge/qdabridge/refi"
)

// ErrNotHighlights is wrapped by the error for a file that is neither
// Taguette's highlights export nor its codebook CSV export.
var ErrNotHighlights = errors.New("taguette: not a Taguette highlights or codebook export (expected the columns id, document, tag and content, or tag and description)")

// HighlightsReport says what a read of an export found, made and could not
// place; its Ledger gives the codings lost.
type HighlightsReport = segments.Report

// HighlightsError is an error at a place (file, sheet, row, column) of an
// export.
type HighlightsError = segments.Error

// HighlightsReader reads the spreadsheets Taguette exports: the highlights
// export (Export > all highlights, .xlsx or .csv: columns id, document,
// tag, content; one row per highlight and tag, so several rows per
// highlight) and the codebook export (.csv: tag, description, number of
// highlights). Its fields are options; the zero value is ready to use.
//
// Columns are found by their header, in any order. A highlights export
// gives one text source per document, one selection per highlight id
// placed in the document (matched in Documents by name without extension;
// a highlight whose text occurs several times in it is ambiguous: the
// export has no position and its row order is not the text's), and one
// coding per tag. A codebook export (alone, or named by Codebook) gives
// the tags with their descriptions. Tags are flat codes. The number of
// highlights of the codebook is not carried (it is counted again), nor
// anything the exports do not hold (who highlighted, when, the documents'
// descriptions).
type HighlightsReader struct {
	// Name is the project's name; default "Taguette export".
	Name string
	// Codebook is the path of a codebook export read with a highlights
	// export: its tags' descriptions, and tags no highlight uses.
	Codebook string
	// Documents holds the documents (.txt, .docx), matched by name
	// without extension, case-insensitively. Nil means none.
	Documents fs.FS
	// PassageSources gives a document not in Documents a text made of its
	// highlights, so that its codings are kept; otherwise they are
	// reported not placed.
	PassageSources bool
	// Location is unused: the exports hold no dates. It is here so that
	// the options are those of the other readers.
	Location *time.Location

	// Limits: data rows (default 1,048,576), bytes of a cell (1 MiB), of
	// the file (512 MiB) and of a document (256 MiB); warnings listed per
	// kind (1,000).
	MaxRows          int
	MaxCellBytes     int
	MaxBytes         int64
	MaxDocumentBytes int64
	MaxWarnings      int
}

// HighlightsResult is the project read, the files its sources name and
// the report.
type HighlightsResult struct {
	Project *refi.Project
	Files   fs.FS
	Report  *HighlightsReport
}

// Document returns the project with its files, to write with refi.Writer.
func (r *HighlightsResult) Document() *refi.Document { return refi.NewDocument(r.Project, r.Files) }

func exportIsHighlights(h []string) bool {
	t := &segments.Table{Header: h}
	return t.Col("id") >= 0 && t.Col("document") >= 0 && t.Col("tag") >= 0 && t.Col("content") >= 0
}

func exportIsCodebook(h []string) bool {
	t := &segments.Table{Header: h}
	return t.Col("tag") >= 0 && t.Col("description") >= 0 && t.Col("content") < 0
}

// ReadFile reads a highlights export (with the codebook export Codebook
// names, if any) or a codebook export alone, and builds the project. It
// fails with an error wrapping [ErrNotHighlights] when the file is
// neither, and with a [*HighlightsError] saying where for a file that
// cannot be read or exceeds a limit; rows that cannot be used and
// highlights not placed are in the report.
func (rd *HighlightsReader) ReadFile(path string) (*HighlightsResult, error) {
	lim := segments.Limits{MaxRows: rd.MaxRows, MaxCellBytes: rd.MaxCellBytes, MaxBytes: rd.MaxBytes}
	accept := func(h []string) bool { return exportIsHighlights(h) || exportIsCodebook(h) }
	t, err := segments.ReadTable("taguette", path, accept, ErrNotHighlights, lim)
	if err != nil {
		return nil, err
	}
	in := &segments.Input{Tool: "taguette", File: path, Name: rd.Name, RowsRead: map[string]int{},
		NotCarried: []string{"the codebook's number of highlights (counted again from the codings)"}}
	if in.Name == "" {
		in.Name = "Taguette export"
	}
	cb := t
	if exportIsHighlights(t.Header) {
		cb = nil
		if rd.Codebook != "" {
			if cb, err = segments.ReadTable("taguette", rd.Codebook, exportIsCodebook, ErrNotHighlights, lim); err != nil {
				return nil, err
			}
		}
	}
	if cb != nil {
		exportReadCodebook(in, cb)
	}
	if exportIsHighlights(t.Header) {
		exportReadHighlights(in, t)
	}
	res, err := segments.Build(in, segments.Options{Documents: rd.Documents, PassageSources: rd.PassageSources,
		Location: rd.Location, MaxDocumentBytes: rd.MaxDocumentBytes, MaxWarnings: rd.MaxWarnings})
	if err != nil {
		return nil, err
	}
	return &HighlightsResult{Project: res.Project, Files: res.Files, Report: res.Report}, nil
}

// exportReadCodebook adds the tags of a codebook export.
func exportReadCodebook(in *segments.Input, t *segments.Table) {
	in.RowsRead[t.Key()] += len(t.Rows)
	in.Warnings = append(in.Warnings, t.Warnings...)
	tag, desc := t.Col("tag"), t.Col("description")
	for _, r := range t.Rows {
		name := strings.TrimSpace(r.Cell(tag))
		if name == "" {
			in.Warnings = append(in.Warnings, segments.Warning{Code: segments.WarnRow, File: t.File, Table: t.Sheet, Row: int64(r.Num), Message: "codebook row without a tag: not used"})
			continue
		}
		in.Codes = append(in.Codes, segments.Code{Path: []string{name}, Description: strings.TrimSpace(r.Cell(desc))})
	}
}

// exportReadHighlights maps the rows of a highlights export: one per highlight and
// tag.
func exportReadHighlights(in *segments.Input, t *segments.Table) {
	in.RowsRead[t.Key()] += len(t.Rows)
	in.Warnings = append(in.Warnings, t.Warnings...)
	id, doc, tag, content := t.Col("id"), t.Col("document"), t.Col("tag"), t.Col("content")
	for _, r := range t.Rows {
		row := segments.Row{Sheet: t.Sheet, Row: r.Num, CharStart: -1, SegmentID: strings.TrimSpace(r.Cell(id)),
			Document: strings.TrimSpace(r.Cell(doc)), Text: r.Cell(content)}
		if row.SegmentID == "" {
			row.SegmentID = "row " + strconv.Itoa(r.Num)
		}
		if name := strings.TrimSpace(r.Cell(tag)); name != "" {
			row.Codes = [][]string{{name}}
		}
		in.Rows = append(in.Rows, row)
	}
}
