package maxqda

import (
	"errors"
	"fmt"
	"io/fs"
	"strconv"
	"strings"
	"time"

	"github.com/qdabridge/qdabridge/internal/segments"
	"github.com/qdabridge/qdabridge/refi"
)

// ErrNotMAXQDA is wrapped by the error for a file that is not a MAXQDA
// Coded Segments export.
var ErrNotMAXQDA = errors.New("maxqda: not a MAXQDA Coded Segments export (expected the columns Document name, Code and Segment, with Beginning, End, Created by, Created and Comment)")

// Report says what a read found, made and could not place; see
// [segments.Report] in the package documentation's terms. Ledger gives
// the codings lost.
type Report = segments.Report

// Warning is something read or made that the user should know of.
type Warning = segments.Warning

// Error is an error at a place (file, sheet, row, column) of an export.
type Error = segments.Error

// Reader reads MAXQDA Coded Segments exports. Its fields are options; the
// zero value is ready to use.
type Reader struct {
	// Name is the project's name; default "MAXQDA coded segments".
	Name string
	// Documents holds the documents coded (.txt, .docx), matched by name
	// without extension, case-insensitively. Nil means none.
	Documents fs.FS
	// PassageSources gives a document not in Documents a text made of its
	// segments, so that its codings are kept; otherwise they are reported
	// not placed.
	PassageSources bool
	// Location is the time zone of the export's dates; nil keeps them
	// without a zone.
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

// Result is the project read, the files its sources name and the report.
type Result struct {
	Project *refi.Project
	Files   fs.FS
	Report  *Report
}

// Document returns the project with its files, to write with refi.Writer.
func (r *Result) Document() *refi.Document { return refi.NewDocument(r.Project, r.Files) }

// The columns, by header in English, German and Spanish.
var (
	colDocument = []string{"Document name", "Dokumentname", "Nombre del documento", "Document"}
	colCode     = []string{"Code", "Código", "Codigo"}
	colSegment  = []string{"Segment", "Segmento"}
	colGroup    = []string{"Document group", "Dokumentgruppe", "Grupo de documentos"}
	colBegin    = []string{"Beginning", "Anfang", "Inicio", "Begin"}
	colEnd      = []string{"End", "Ende", "Fin"}
	colCreator  = []string{"Created by", "Erstellt von", "Creado por"}
	colCreated  = []string{"Created", "Erstellt", "Creado"}
	colModifier = []string{"Modified by", "Geändert von", "Modificado por"}
	colModified = []string{"Modified", "Geändert", "Modificado"}
	colComment  = []string{"Comment", "Kommentar", "Comentario"}
)

func isMine(header []string) bool {
	t := &segments.Table{Header: header}
	return t.Col(colDocument...) >= 0 && t.Col(colCode...) >= 0 && t.Col(colSegment...) >= 0
}

// ReadFile reads the export at path (.xlsx, or CSV) and builds the project.
// It fails with an error wrapping [ErrNotMAXQDA] when the file is not such
// an export, and with an [*Error] saying where for a file that cannot be
// read or exceeds a limit; rows that cannot be used and segments not placed
// are in the report.
func (rd *Reader) ReadFile(path string) (*Result, error) {
	lim := segments.Limits{MaxRows: rd.MaxRows, MaxCellBytes: rd.MaxCellBytes, MaxBytes: rd.MaxBytes}
	t, err := segments.ReadTable("maxqda", path, isMine, ErrNotMAXQDA, lim)
	if err != nil {
		return nil, err
	}
	in := input(t)
	in.Name = rd.Name
	if in.Name == "" {
		in.Name = "MAXQDA coded segments"
	}
	res, err := segments.Build(in, segments.Options{Documents: rd.Documents, PassageSources: rd.PassageSources,
		Location: rd.Location, MaxDocumentBytes: rd.MaxDocumentBytes, MaxWarnings: rd.MaxWarnings})
	if err != nil {
		return nil, err
	}
	return &Result{Project: res.Project, Files: res.Files, Report: res.Report}, nil
}

// input maps the rows of a Coded Segments table to segment rows.
func input(t *segments.Table) *segments.Input {
	in := &segments.Input{Tool: "maxqda", File: t.File, Ordered: true, Warnings: t.Warnings,
		RowsRead:   map[string]int{t.Key(): len(t.Rows)},
		NotCarried: []string{"weight scores", "Area and Coverage %", "code colours (the Color cell's symbol colour is not read)"}}
	c := func(names []string) int { return t.Col(names...) }
	doc, code, seg := c(colDocument), c(colCode), c(colSegment)
	group, begin, end := c(colGroup), c(colBegin), c(colEnd)
	creator, created, modifier, modified, comment := c(colCreator), c(colCreated), c(colModifier), c(colModified), c(colComment)
	warn := func(r segments.TableRow, format string, args ...any) {
		in.Warnings = append(in.Warnings, segments.Warning{Code: segments.WarnValue, File: t.File, Table: t.Sheet, Row: int64(r.Num), Message: fmt.Sprintf(format, args...)})
	}
	num := func(r segments.TableRow, i int, what string) int {
		s := strings.TrimSpace(r.Cell(i))
		if s == "" {
			return 0
		}
		n, err := strconv.Atoi(s)
		if err != nil || n < 0 {
			warn(r, "%s %q is not a paragraph number; not used", what, clipped(s))
			return 0
		}
		return n
	}
	date := func(r segments.TableRow, i int, what string) time.Time {
		s := strings.TrimSpace(r.Cell(i))
		if s == "" {
			return time.Time{}
		}
		tm, ok := segments.ParseTime(s)
		if !ok {
			warn(r, "%s %q is not a date; not used", what, clipped(s))
		}
		return tm
	}
	for _, r := range t.Rows {
		row := segments.Row{Sheet: t.Sheet, Row: r.Num, CharStart: -1,
			Document: strings.TrimSpace(r.Cell(doc)), Group: strings.TrimSpace(r.Cell(group)),
			Text: r.Cell(seg), Coder: strings.TrimSpace(r.Cell(creator)), Modifier: strings.TrimSpace(r.Cell(modifier)),
			Memo: r.Cell(comment)}
		if p := splitPath(r.Cell(code)); len(p) > 0 {
			row.Codes = [][]string{p}
		}
		row.ParaStart, row.ParaEnd = num(r, begin, "Beginning"), num(r, end, "End")
		row.Created, row.Modified = date(r, created, "Created"), date(r, modified, "Modified")
		in.Rows = append(in.Rows, row)
	}
	return in
}

// splitPath splits a code path at "\".
func splitPath(s string) []string {
	var out []string
	for _, p := range strings.Split(s, `\`) {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

func clipped(s string) string {
	if r := []rune(s); len(r) > 40 {
		return string(r[:40]) + "…"
	}
	return s
}
