package nvivo

import (
	"errors"
	"strconv"
	"strings"

	"github.com/qdabridge/qdabridge/xlsx"
)

// Sentinel errors. Test for them with [errors.Is]; they are returned
// wrapped, usually inside an [*Error] that says which export and where.
var (
	// ErrUnknownExport means the content is not one of the NVivo exports
	// this package reads: the header row matches none of the layouts
	// described in the package documentation.
	ErrUnknownExport = errors.New("nvivo: not a known NVivo export")

	// ErrEmpty means the export holds no data rows (or no sheet with any).
	ErrEmpty = errors.New("nvivo: export has no data")

	// ErrNothingToBuild is returned by [Builder.Build] when the exports
	// given name nothing a REFI-QDA project can hold (a matrix alone, for
	// example). The message names the kinds found and what else is needed.
	ErrNothingToBuild = errors.New("nvivo: nothing to build a project from")

	// ErrBadDocument means a source document (.txt or .docx) could not be
	// read: a broken .docx, a file too large.
	ErrBadDocument = errors.New("nvivo: unreadable source document")
)

// Causes that appear inside an [*Error] (usually wrapped in a
// [*xlsx.CellError] that gives the sheet, row and column):
//
//   - [xlsx.ErrMissingColumn]: a column the export must have is absent;
//   - [xlsx.ErrLegacyXLS]: an old binary .xls workbook (save it as .xlsx);
//   - [xlsx.ErrNotXLSX], [xlsx.ErrMalformed], [xlsx.ErrTooLarge],
//     [xlsx.ErrEncrypted]: what the xlsx package says about the file;
//   - [ErrUnknownExport], [ErrEmpty].

// Error reports a problem with one export file. File is the name given to
// the reader ([Reader.Name], or the path for [Reader.ReadFile]); Kind the
// kind of export being read, when known; Line the physical line of a text
// export where the record at fault starts. Err is the cause: a sentinel
// error of this package or of package xlsx, very often inside an
// [*xlsx.CellError] that carries the sheet, row, column and header of the
// place at fault, so that
//
//	var ce *xlsx.CellError
//	if errors.As(err, &ce) { fmt.Println(ce.Sheet, ce.Row, ce.Col) }
//
// works on every error of this package.
type Error struct {
	File string
	Kind ExportKind
	Line int
	Err  error
}

// Error returns a one-line message such as
//
//	nvivo: codebook.xlsx: codebook: sheet "Codebook" row 7 column B (Name): empty code name
func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString("nvivo:")
	writePlace(&b, e.File, string(e.Kind), e.Line)
	b.WriteString(" ")
	if e.Err == nil {
		b.WriteString("unknown error")
	} else {
		msg := e.Err.Error()
		msg = strings.TrimPrefix(msg, "nvivo: ")
		msg = strings.TrimPrefix(msg, "xlsx: ")
		b.WriteString(msg)
	}
	return b.String()
}

// Unwrap returns the cause.
func (e *Error) Unwrap() error { return e.Err }

// writePlace writes the place of an error or a warning: " file:",
// " what:" and " line N:", each only when set.
func writePlace(b *strings.Builder, file, what string, line int) {
	for _, s := range []string{file, what} {
		if s != "" {
			b.WriteString(" ")
			b.WriteString(s)
			b.WriteString(":")
		}
	}
	if line > 0 {
		b.WriteString(" line ")
		b.WriteString(strconv.Itoa(line))
		b.WriteString(":")
	}
}

// cellErr builds the location of a problem in a sheet. A sheet name of ""
// (CSV and text exports) is left out of the message.
func cellErr(sheet string, row, col int, header string, err error) *xlsx.CellError {
	return &xlsx.CellError{Sheet: sheet, Row: row, Col: col, Header: header, Err: err}
}

// WarningCode names a kind of [Warning].
type WarningCode string

// The warnings readers and the [Builder] give. Nothing in an export is
// dropped or changed without one of them.
const (
	// WarnRowSkipped: a data row was not read (no name, no code, no text...).
	// Its Count is the number of rows it stands for.
	WarnRowSkipped WarningCode = "row-skipped"
	// WarnColumnIgnored: a column with values that the export's layout does
	// not define was not read.
	WarnColumnIgnored WarningCode = "column-ignored"
	// WarnValue: a cell could not be read as the type its column has (a
	// count that is not a number, a date that is not a date); the value is
	// left out, the row is kept.
	WarnValue WarningCode = "bad-value"
	// WarnRecord: a record of a text export had more or fewer fields than
	// the header; it was repaired as the message says.
	WarnRecord WarningCode = "record-repaired"
	// WarnDuplicate: a row repeats a name already read (a code, a case); the
	// first one is kept.
	WarnDuplicate WarningCode = "duplicate"
	// WarnDuplicateColumn: two columns of a classification sheet have the
	// same attribute name (compared case-insensitively); the later one is
	// read under a new name, "<name> (2)", so that the values of the two
	// stay apart. The message names the sheet and both columns.
	WarnDuplicateColumn WarningCode = "duplicate-column"
	// WarnLabelValue: a [Writer] wrote a text value that is a label of
	// Unassigned or Not Applicable (or is empty), which NVivo's import and
	// the Reader read back as Unassigned or Not Applicable, not as text.
	WarnLabelValue WarningCode = "label-value"
	// WarnSheets: the workbook has further sheets that were not read.
	WarnSheets WarningCode = "sheets-ignored"
	// WarnAggregate: a reference of an aggregate code that repeats a
	// reference of one of its descendants; it is not made a coding.
	WarnAggregate WarningCode = "aggregate-repeat"
	// WarnNotApplicable: values labelled Not Applicable were left out.
	WarnNotApplicable WarningCode = "not-applicable"
	// WarnType: an attribute's type was inferred (informational).
	WarnType WarningCode = "type-inferred"
	// WarnPlacement: a coded passage could not be placed in its document
	// (missing or ambiguous), or only by ignoring white space.
	WarnPlacement WarningCode = "placement"
	// WarnDocument: a source document is missing, unreadable or matches
	// more than one file.
	WarnDocument WarningCode = "document"
	// WarnTimeZone: dates and times of the exports (a file's created and
	// modified, a reference's modified) were used with no time zone named
	// ([Builder.Location] is nil): NVivo writes local time without a zone,
	// and they are kept without one ([refi.NoTimeZone]). One warning for
	// all; Count is how many.
	WarnTimeZone WarningCode = "time-zone"
	// WarnNames: a name could not be placed with certainty (a list of
	// unknown item type, a classification whose kind was inferred, a
	// matrix whose labels may be codes, cases or files).
	WarnNames WarningCode = "names"
)

// Warning is something a reader or the [Builder] met and handled: a row it
// skipped, a value it could not read, a passage it could not place. File is
// the export's name, Sheet/Row/Col/Header the place in a sheet (zero when
// not about one; Row is the record number in CSV and text exports), Line
// the physical line of a text export. Count is how many rows or items the
// warning stands for: 1, except for the last warning of a code when more
// than Reader.MaxWarnings were met, which counts all those not listed.
type Warning struct {
	Code    WarningCode `json:"code"`
	File    string      `json:"file,omitempty"`
	Sheet   string      `json:"sheet,omitempty"`
	Row     int         `json:"row,omitempty"`
	Col     int         `json:"col,omitempty"`
	Header  string      `json:"header,omitempty"`
	Line    int         `json:"line,omitempty"`
	Count   int         `json:"count"`
	Message string      `json:"message"`
}

// noDocument begins the WarnDocument warning of a file that has no
// document (see [Warning.NoDocument]).
const noDocument = "no document for the file"

// NoDocument reports whether w is the warning of a file for which no
// document was found, whose references are then all unplaced (and counted
// per file in Report.Documents).
func (w Warning) NoDocument() bool {
	return w.Code == WarnDocument && strings.HasPrefix(w.Message, noDocument)
}

// String returns the warning on one line, with its place:
//
//	[row-skipped] codebook.xlsx: sheet "Codebook" row 7: no code name
func (w Warning) String() string {
	var b strings.Builder
	b.WriteString("[")
	b.WriteString(string(w.Code))
	b.WriteString("]")
	cell := ""
	if w.Sheet != "" || w.Row > 0 || w.Col > 0 {
		ce := &xlsx.CellError{Sheet: w.Sheet, Row: w.Row, Col: w.Col, Header: w.Header}
		cell = strings.TrimSuffix(strings.TrimPrefix(ce.Error(), "xlsx: "), ": unknown error")
	}
	writePlace(&b, w.File, cell, w.Line)
	b.WriteString(" ")
	b.WriteString(oneLine(w.Message))
	return b.String()
}

// warnings collects warnings, at most max of each code; the rest are
// counted in one last warning of the same code whose Count is their number
// of rows or items.
type warnings struct {
	file  string
	max   int
	list  []Warning
	count map[WarningCode]int
	extra map[WarningCode]int
	order []WarningCode
}

func newWarnings(file string, max int) *warnings {
	if max <= 0 {
		max = defaultMaxWarnings
	}
	return &warnings{file: file, max: max, count: map[WarningCode]int{}, extra: map[WarningCode]int{}}
}

func (ws *warnings) add(w Warning) {
	if w.File == "" {
		w.File = ws.file
	}
	if w.Count == 0 {
		w.Count = 1
	}
	ws.count[w.Code]++
	if ws.count[w.Code] > ws.max {
		if ws.extra[w.Code] == 0 {
			ws.order = append(ws.order, w.Code)
		}
		ws.extra[w.Code] += w.Count
		return
	}
	ws.list = append(ws.list, w)
}

func (ws *warnings) result() []Warning {
	out := ws.list
	for _, c := range ws.order {
		out = append(out, Warning{Code: c, File: ws.file, Count: ws.extra[c],
			Message: "further warnings of this kind not listed (" + strconv.Itoa(ws.extra[c]) + " rows or items)"})
	}
	ws.list, ws.order = nil, nil
	return out
}

// defaultMaxWarnings is how many warnings of each code are listed when
// Reader.MaxWarnings or Builder.MaxWarnings is zero.
const defaultMaxWarnings = 1000

// oneLine replaces line breaks so that messages stay on one line.
func oneLine(s string) string {
	if !strings.ContainsAny(s, "\r\n") {
		return s
	}
	return strings.Join(strings.Fields(s), " ")
}

// clip shortens a passage quoted in a message.
func clip(s string, n int) string {
	s = oneLine(s)
	if len([]rune(s)) <= n {
		return s
	}
	r := []rune(s)
	return string(r[:n]) + "…"
}
