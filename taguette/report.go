package taguette

import (
	"errors"
	"fmt"
	"strings"

	"github.com/qdabridge/qdabridge/internal/sqlitedb"
	"github.com/qdabridge/qdabridge/refi"
)

// Errors a caller can test for with errors.Is. They come wrapped in an
// *Error that names the file (and the table and row, when about one).
var (
	// ErrNotSQLite means the file is not an SQLite database.
	ErrNotSQLite = errors.New("taguette: not an SQLite database")
	// ErrNotTaguette means the database lacks the tables of a Taguette
	// project (the message names those missing).
	ErrNotTaguette = errors.New("taguette: not a Taguette database")
	// ErrCorrupt means SQLite could not read the database (truncated,
	// malformed) or a row holds a value of the wrong type.
	ErrCorrupt = errors.New("taguette: unreadable database")
	// ErrLimit means the database exceeds one of the Reader's limits.
	ErrLimit = errors.New("taguette: limit exceeded")
	// ErrProject means the database holds no project, or several and
	// Reader.ProjectID does not choose one of them.
	ErrProject = errors.New("taguette: no project to read")
)

// Error is an error about a place in a database: File, and Table and
// Row (the row's id, or 0) when about one.
type Error struct {
	File  string
	Table string
	Row   int64
	Err   error
}

func (e *Error) Error() string {
	return sqlitedb.Message("taguette", e.File, e.Table, e.Row, e.Err)
}

// Unwrap returns the cause.
func (e *Error) Unwrap() error { return e.Err }

// WarningCode names a kind of Warning.
type WarningCode string

// Warning codes.
const (
	// WarnSchema: the database's schema version (alembic_version) is not
	// one this package knows, or a table has columns it does not read.
	WarnSchema WarningCode = "schema"
	// WarnNotPlaced: a highlight whose stored snippet is not the text at
	// its offsets (or whose offsets lie outside its document) was not
	// placed.
	WarnNotPlaced WarningCode = "not-placed"
	// WarnRowSkipped: a row was not read (a reference to a missing row, a
	// value that cannot be read, a document over the size limit).
	WarnRowSkipped WarningCode = "row-skipped"
	// WarnTagPath: a tag path with an empty segment was kept as one code.
	WarnTagPath WarningCode = "tag-path"
)

// Warning is something the reader met and handled.
type Warning struct {
	Code    WarningCode `json:"code"`
	File    string      `json:"file,omitempty"`
	Table   string      `json:"table,omitempty"`
	Row     int64       `json:"row,omitempty"`
	Message string      `json:"message"`
}

// String returns the warning on one line, with its place.
func (w Warning) String() string {
	return "[" + string(w.Code) + "]" + sqlitedb.Place(w.File, w.Table, w.Row) + " " + w.Message
}

// Placement is a highlight that was not placed.
type Placement struct {
	Highlight  int64    `json:"highlight"`
	DocumentID int64    `json:"documentId"`
	Document   string   `json:"document"`
	Tags       []string `json:"tags"`
	Reason     string   `json:"reason"`
}

// Report says what a read found, inferred, placed and did not carry.
type Report struct {
	File    string `json:"file"`
	Schema  string `json:"schema"`  // alembic_version, "" when absent
	Known   bool   `json:"known"`   // whether Schema is a version this package knows
	Project int64  `json:"project"` // the id of the project read

	// Rows read from each table.
	Documents     int `json:"documents"`
	Tags          int `json:"tags"`
	Highlights    int `json:"highlights"`
	HighlightTags int `json:"highlightTags"`
	Users         int `json:"users"`
	Commands      int `json:"commands"`

	// What the project got.
	Sources     int `json:"sources"`
	Codes       int `json:"codes"`       // tags, and ParentCodes
	ParentCodes int `json:"parentCodes"` // codes inferred from tag paths, not tags themselves
	Selections  int `json:"selections"`  // highlights placed
	Codings     int `json:"codings"`
	// Dated counts the selections whose author and date came from the
	// command log.
	Dated int `json:"dated"`

	// NotPlaced lists the highlights not placed.
	NotPlaced []Placement `json:"notPlaced"`
	// NotCarried names what the database holds that REFI-QDA cannot.
	NotCarried []string  `json:"notCarried"`
	Warnings   []Warning `json:"warnings"`
}

func (r *Report) warn(code WarningCode, table string, row int64, format string, args ...any) {
	r.Warnings = append(r.Warnings, Warning{Code: code, File: r.File, Table: table, Row: row, Message: fmt.Sprintf(format, args...)})
}

// Ledger returns what the read left out, in the form of the writer's
// ledger: a highlight not placed is a dropped selection, with its codings.
func (r *Report) Ledger() *refi.Ledger {
	l := refi.NewLedger()
	for _, p := range r.NotPlaced {
		name := fmt.Sprintf("highlight %d in %s", p.Highlight, p.Document)
		l.Add(refi.ItemSelections, "PlainTextSelection", refi.Dropped, 1, &refi.LedgerItem{Element: "PlainTextSelection", Name: name,
			Why: "not placed: " + p.Reason})
		if len(p.Tags) > 0 {
			l.Add(refi.ItemCodings, "Coding", refi.Dropped, len(p.Tags), &refi.LedgerItem{Element: "Coding", Name: name,
				Why: fmt.Sprintf("the highlight's tags (%s) with it", strings.Join(p.Tags, ", "))})
		}
	}
	return l
}
