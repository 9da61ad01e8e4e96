package segments

import (
	"errors"
	"fmt"
	"path/filepath"
	"sort"
	"strings"

	"github.com/qdabridge/qdabridge/refi"
)

// Report says what a read found, made and could not place. Its JSON form is
// the reader's object in the report of qdabridge convert --json.
type Report struct {
	Tool string `json:"tool"`
	File string `json:"file"`

	// RowsRead counts the data rows read per sheet ("" for a CSV file).
	RowsRead map[string]int `json:"rowsRead"`
	Rows     int            `json:"rows"` // rows used
	Skipped  int            `json:"skipped"`

	Codes      int `json:"codes"` // codes of the tree, categories included
	Sources    int `json:"sources"`
	Users      int `json:"users"`
	Sets       int `json:"sets"`
	Segments   int `json:"segments"`
	Selections int `json:"selections"`
	Codings    int `json:"codings"`

	// Exact, Tolerant, Ambiguous and Missing count the segments by how
	// they were placed; Hinted those a hint or the row order chose among
	// several occurrences; Passages those placed on a text made of the
	// passages (PassageSources).
	Exact     int `json:"exact"`
	Tolerant  int `json:"tolerant"`
	Ambiguous int `json:"ambiguous"`
	Missing   int `json:"missing"`
	Hinted    int `json:"hinted"`
	Passages  int `json:"passages"`

	Documents  []DocumentReport `json:"documents"`
	NotPlaced  []NotPlaced      `json:"notPlaced"`
	NotCarried []string         `json:"notCarried"`
	Warnings   []Warning        `json:"warnings"`
}

// DocumentReport says which file was used for a document, if any.
type DocumentReport struct {
	Name     string `json:"name"`             // the document's name in the export
	File     string `json:"file,omitempty"`   // path in Options.Documents; "" when none
	Format   string `json:"format,omitempty"` // "txt", "docx", "passages"
	Segments int    `json:"segments"`
	Placed   int    `json:"placed"`
}

// NotPlaced is a row (or segment) whose codings are not in the project.
type NotPlaced struct {
	Document string   `json:"document"`
	Sheet    string   `json:"sheet,omitempty"`
	Row      int      `json:"row"`
	Codes    []string `json:"codes"`
	Status   string   `json:"status"` // "ambiguous", "missing", "skipped"
	Reason   string   `json:"reason"`
	Text     string   `json:"text"` // the passage, shortened
}

// WarningCode classifies a warning.
type WarningCode string

// The warnings.
const (
	WarnRow       WarningCode = "row"       // a row that could not be used
	WarnValue     WarningCode = "value"     // a value not understood (date, number)
	WarnColumn    WarningCode = "column"    // a column not used, or missing and optional
	WarnDocument  WarningCode = "document"  // a document missing, unreadable or not matched
	WarnPlacement WarningCode = "placement" // a passage not placed
	WarnDuplicate WarningCode = "duplicate" // a row repeating a coding
	WarnQuotes    WarningCode = "quotes"    // CSV quotes read leniently
	WarnTimeZone  WarningCode = "timezone"  // dates kept without a zone
)

// Warning is something read or made that the user should know of.
type Warning struct {
	Code    WarningCode `json:"code"`
	File    string      `json:"file,omitempty"`
	Table   string      `json:"table,omitempty"` // sheet
	Row     int64       `json:"row,omitempty"`
	Count   int         `json:"count,omitempty"` // how many it stands for, when more than one
	Message string      `json:"message"`
}

// String gives the warning on one line: "file: sheet "S" row 5: message".
func (w Warning) String() string {
	return location(w.File, w.Table, w.Row, "") + w.Message
}

func location(file, sheet string, row int64, col string) string {
	var parts []string
	if file != "" {
		parts = append(parts, filepath.Base(file))
	}
	if sheet != "" {
		parts = append(parts, fmt.Sprintf("sheet %q", sheet))
	}
	if row > 0 {
		parts = append(parts, fmt.Sprintf("row %d", row))
	}
	if col != "" {
		parts = append(parts, "column "+col)
	}
	if len(parts) == 0 {
		return ""
	}
	return strings.Join(parts, " ") + ": "
}

// Error is an error at a place in an export.
type Error struct {
	Tool   string // package name, the message's prefix
	File   string
	Table  string // sheet, "" for CSV
	Row    int64  // 0 when not about a row
	Column string // header of the column, "" when not about one
	Err    error
}

func (e *Error) Error() string {
	tool := e.Tool
	if tool == "" {
		tool = "segments"
	}
	msg := oneLine(e.Err.Error())
	// a cause that is the tool's own sentinel keeps its prefix once
	msg = strings.TrimPrefix(msg, tool+": ")
	return tool + ": " + location(e.File, e.Table, e.Row, e.Column) + msg
}

// Unwrap returns the cause.
func (e *Error) Unwrap() error { return e.Err }

func oneLine(s string) string { return strings.ReplaceAll(strings.ReplaceAll(s, "\r", " "), "\n", " ") }

// Sentinel causes of the package's errors.
var (
	// ErrTooLarge: a limit was exceeded.
	ErrTooLarge = errors.New("too large")
	// ErrMalformed: the input cannot be read as a table.
	ErrMalformed = errors.New("malformed table")
	// ErrNoRows: the export has a header but no row.
	ErrNoRows = errors.New("no rows")
)

// Ledger returns what the export held that the project does not: the
// codings of the rows and segments not placed or skipped (dropped, each
// listed with its file, sheet, row and document).
func (r *Report) Ledger() *refi.Ledger {
	l := refi.NewLedger()
	for _, p := range r.NotPlaced {
		where := fmt.Sprintf("%s row %d", filepath.Base(r.File), p.Row)
		if p.Sheet != "" {
			where = fmt.Sprintf("%s, sheet %s, row %d", filepath.Base(r.File), p.Sheet, p.Row)
		}
		for _, c := range p.Codes { // a row without a code held no coding
			l.Add(refi.ItemCodings, "", refi.Dropped, 1, &refi.LedgerItem{Element: "Coding", Name: c + " (" + where + ")",
				Why: fmt.Sprintf("a coded passage of %q not placed (%s: %s): its coding is not in the project", p.Document, p.Status, p.Reason)})
		}
	}
	return l
}

// warnings collects warnings, at most max of each code.
type warnings struct {
	max    int
	list   []Warning
	counts map[WarningCode]int
}

func newWarnings(max int) *warnings {
	if max <= 0 {
		max = 1000
	}
	return &warnings{max: max, counts: map[WarningCode]int{}}
}

func (ws *warnings) add(w Warning) {
	ws.counts[w.Code]++
	if ws.counts[w.Code] <= ws.max {
		ws.list = append(ws.list, w)
	}
}

func (ws *warnings) result() []Warning {
	codes := make([]string, 0, len(ws.counts))
	for code := range ws.counts {
		codes = append(codes, string(code))
	}
	sort.Strings(codes)
	for _, c := range codes {
		code, n := WarningCode(c), ws.counts[WarningCode(c)]
		if n > ws.max {
			ws.list = append(ws.list, Warning{Code: code, Count: n - ws.max, Message: fmt.Sprintf("%d more warnings of this kind not listed", n-ws.max)})
		}
	}
	return ws.list
}

// clip shortens s to n runes, with "…".
func clip(s string, n int) string {
	r := []rune(strings.Join(strings.Fields(s), " "))
	if len(r) <= n {
		return string(r)
	}
	return string(r[:n]) + "…"
}
