package qualcoder

import (
	"errors"
	"strings"

	"github.com/qdabridge/qdabridge/internal/sqlitedb"
)

// Errors a caller can test for with [errors.Is]. They come wrapped, usually
// inside an [*Error] that names the file, table and row.
var (
	// ErrNotQualCoder means the input is not a QualCoder project: not an
	// SQLite database, or one without QualCoder's tables. The convert
	// command tries another reader on it.
	ErrNotQualCoder = errors.New("qualcoder: not a QualCoder project (expected an SQLite database data.qda with the tables project, source, code_name, code_text)")

	// ErrNoDatabase means a folder was given that holds no data.qda.
	ErrNoDatabase = errors.New("qualcoder: no data.qda in the project folder")

	// ErrCorrupt means SQLite could not read the database (truncated,
	// malformed) or a row holds a value of the wrong kind.
	ErrCorrupt = errors.New("qualcoder: unreadable database (corrupt or truncated)")

	// ErrLimit means the project is larger than the Reader's limits allow.
	ErrLimit = errors.New("qualcoder: limit exceeded")
)

// Error reports a problem reading a project: File is the database read,
// Table and Row (the row's id, 0 when unknown) where it was met, Err the
// cause, which wraps one of the errors above.
type Error struct {
	File  string
	Table string
	Row   int64
	Err   error
}

// Error returns a one-line message such as
//
//	qualcoder: p.qda/data.qda: table code_text row 7: unreadable database ...
func (e *Error) Error() string {
	return sqlitedb.Message("qualcoder", e.File, e.Table, e.Row, e.Err)
}

// Unwrap returns the cause.
func (e *Error) Unwrap() error { return e.Err }

// WarningCode names a kind of [Warning].
type WarningCode string

// The warnings of a read. Nothing in the database is left out or changed
// without one of them (or an entry in Report.NotPlaced or
// Report.NotCarried).
const (
	// WarnVersion: the database is of a version newer than this package
	// knows (or its version cannot be read); what is understood is read.
	WarnVersion WarningCode = "database-version"
	// WarnMissingFile: a source's file is not in the project folder; the
	// source is kept without it.
	WarnMissingFile WarningCode = "missing-file"
	// WarnLinkedFile: a source's file is linked from outside the project
	// folder; it is named (absolute://) but not read.
	WarnLinkedFile WarningCode = "linked-file"
	// WarnUnsafePath: a media path that would leave the project folder, or
	// that names a link or a special file; it is not read.
	WarnUnsafePath WarningCode = "unsafe-path"
	// WarnOversize: a value or file larger than the Reader's limits; it is
	// left out.
	WarnOversize WarningCode = "oversize"
	// WarnBadValue: a value that cannot be read as what its column holds
	// (a date, a number, a colour); it is left out, the row kept.
	WarnBadValue WarningCode = "bad-value"
	// WarnMissingRef: a row refers to a code, category, source or case
	// that does not exist.
	WarnMissingRef WarningCode = "missing-reference"
	// WarnMoved: a coding's stored positions did not hold its passage; the
	// passage was found nearby and placed there.
	WarnMoved WarningCode = "moved"
	// WarnNotPlaced: a coding could not be placed (see Report.NotPlaced).
	WarnNotPlaced WarningCode = "not-placed"
	// WarnTree: the category or code tree has a cycle; the item is put at
	// the top level.
	WarnTree WarningCode = "code-tree"
	// WarnMediaKind: a source whose media path QualCoder would not
	// recognise; it is read as a text source.
	WarnMediaKind WarningCode = "media-kind"
)

// Warning is a problem met while reading that did not stop it.
type Warning struct {
	Code    WarningCode `json:"code"`
	File    string      `json:"file,omitempty"`
	Table   string      `json:"table,omitempty"`
	Row     int64       `json:"row,omitempty"`
	Message string      `json:"message"`
}

// String returns the warning on one line:
//
//	[missing-file] p.qda/data.qda: table source row 3: ...
func (w Warning) String() string {
	var b strings.Builder
	b.WriteString("[")
	b.WriteString(string(w.Code))
	b.WriteString("]")
	b.WriteString(sqlitedb.Place(w.File, w.Table, w.Row))
	b.WriteString(" ")
	b.WriteString(strings.Join(strings.Fields(w.Message), " "))
	return b.String()
}
