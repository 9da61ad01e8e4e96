package qualcoder

import (
	"errors"
	"io/fs"
	"strings"
	"time"

	"github.com/qdabridge/qdabridge/internal/segments"
	"github.com/qdabridge/qdabridge/refi"
)

// ErrNotCodingReport is wrapped by the error for a file that is not
// QualCoder's code text report in CSV.
var ErrNotCodingReport = errors.New("qualcoder: not a QualCoder coding report CSV (expected the columns File, Coded and Codename, with Coder, Id, Coded_Memo and Category)")

// CodingReportReport says what a read of a coding report found, made and
// could not place; its Ledger gives the codings lost.
type CodingReportReport = segments.Report

// CodingReportError is an error at a place (file, row, column) of a
// coding report.
type CodingReportError = segments.Error

// CodingReportReader reads QualCoder's "code text" report exported as CSV
// (Reports > Coding reports > Export CSV): UTF-8 with a byte-order mark,
// one row per coding of a text with the columns File, Coder, Coded (the
// coded text), Id ("ctid:N", the coding's row in QualCoder's code_text
// table), Codename, Coded_Memo and Category. Its fields are options; the
// zero value is ready to use.
//
// Columns are found by their header, in any order (English, or
// Portuguese: Arquivo, Codificador, Codificado, Categoria). Each File is a
// text source, matched in Documents by its name without extension (QualCoder
// keeps ".docx"); each distinct coded text of a file is one selection placed
// in it (the report has no position: a text that occurs several times in
// its document is ambiguous, and reported), with one coding per row. A
// code is placed under its category, a code that cannot be applied
// (QualCoder categories cannot); coders become users and the coding memos
// the selection's description.
//
// Not carried: the Id (QualCoder's internal number), the categories'
// own parents (the report names only a code's category), and everything
// the report does not hold (positions, dates, colours).
type CodingReportReader struct {
	// Name is the project's name; default "QualCoder coding report".
	Name string
	// Documents holds the documents (.txt, .docx), matched by name
	// without extension, case-insensitively. Nil means none.
	Documents fs.FS
	// PassageSources gives a document not in Documents a text made of its
	// coded passages, so that its codings are kept; otherwise they are
	// reported not placed.
	PassageSources bool
	// Location is unused: the report holds no dates. It is here so that
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

// CodingReportResult is the project read, the files its sources name and
// the report.
type CodingReportResult struct {
	Project *refi.Project
	Files   fs.FS
	Report  *CodingReportReport
}

// Document returns the project with its files, to write with refi.Writer.
func (r *CodingReportResult) Document() *refi.Document { return refi.NewDocument(r.Project, r.Files) }

var (
	codingReportFile     = []string{"File", "Arquivo", "Ficheiro", "Archivo"}
	codingReportCoder    = []string{"Coder", "Codificador"}
	codingReportCoded    = []string{"Coded", "Codificado"}
	codingReportCodename = []string{"Codename", "Code name", "Nome do código", "Código"}
	codingReportMemo     = []string{"Coded_Memo", "Coded memo", "Memo"}
	codingReportCategory = []string{"Category", "Categoria", "Categoría"}
)

func codingReportHeader(h []string) bool {
	t := &segments.Table{Header: h}
	return t.Col(codingReportFile...) >= 0 && t.Col(codingReportCoded...) >= 0 && t.Col(codingReportCodename...) >= 0
}

// ReadFile reads the coding report at path and builds the project. It fails
// with an error wrapping [ErrNotCodingReport] when the file is not such a
// report, and with a [*CodingReportError] saying where for a file that
// cannot be read or exceeds a limit; rows that cannot be used and passages
// not placed are in the report.
func (rd *CodingReportReader) ReadFile(path string) (*CodingReportResult, error) {
	lim := segments.Limits{MaxRows: rd.MaxRows, MaxCellBytes: rd.MaxCellBytes, MaxBytes: rd.MaxBytes}
	t, err := segments.ReadTable("qualcoder", path, codingReportHeader, ErrNotCodingReport, lim)
	if err != nil {
		return nil, err
	}
	in := &segments.Input{Tool: "qualcoder", File: path, Name: rd.Name, Warnings: t.Warnings,
		RowsRead:   map[string]int{t.Key(): len(t.Rows)},
		NotCarried: []string{"the codings' ids (ctid)", "the categories' parents (the report names only a code's category)"}}
	if in.Name == "" {
		in.Name = "QualCoder coding report"
	}
	file, coder, coded, name, memo, cat := t.Col(codingReportFile...), t.Col(codingReportCoder...), t.Col(codingReportCoded...),
		t.Col(codingReportCodename...), t.Col(codingReportMemo...), t.Col(codingReportCategory...)
	for _, r := range t.Rows {
		row := segments.Row{Sheet: t.Sheet, Row: r.Num, CharStart: -1, Document: strings.TrimSpace(r.Cell(file)),
			Text: r.Cell(coded), Coder: strings.TrimSpace(r.Cell(coder)), Memo: r.Cell(memo)}
		if code := strings.TrimSpace(r.Cell(name)); code != "" {
			path := []string{code}
			if c := strings.TrimSpace(r.Cell(cat)); c != "" {
				path = []string{c, code}
			}
			row.Codes = [][]string{path}
		}
		in.Rows = append(in.Rows, row)
	}
	res, err := segments.Build(in, segments.Options{Documents: rd.Documents, PassageSources: rd.PassageSources,
		Location: rd.Location, MaxDocumentBytes: rd.MaxDocumentBytes, MaxWarnings: rd.MaxWarnings})
	if err != nil {
		return nil, err
	}
	return &CodingReportResult{Project: res.Project, Files: res.Files, Report: res.Report}, nil
}
