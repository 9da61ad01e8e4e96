package rqda

import (
	"errors"
	"strings"

	"github.com/qdabridge/qdabridge/internal/sqlitedb"
)

// Sentinel errors. Test for them with [errors.Is]; they come wrapped in an
// [*Error] that names the file, and the table and row when there is one.
var (
	// ErrNotRQDA means the file is not an RQDA project: not an SQLite
	// database, or one without RQDA's tables. The message names the
	// tables and columns that were expected.
	ErrNotRQDA = errors.New("rqda: not an RQDA project (expected an SQLite database with tables " +
		"source(name, id, file, status), freecode(name, id, status) and coding(cid, fid, seltext, selfirst, selend, status))")

	// ErrCorrupt means SQLite could not read the database (corrupt or
	// truncated), or a row holds a value of the wrong type.
	ErrCorrupt = errors.New("rqda: unreadable database (corrupt or truncated)")

	// ErrLimit means a table holds more rows than [Reader.MaxRows].
	ErrLimit = errors.New("rqda: limit exceeded")
)

// Error reports a problem that stopped a read: File is the path given to
// [Reader.ReadFile], Table and Row (the SQLite rowid, 0 when unknown) the
// place at fault, Err the cause ([ErrNotRQDA], [ErrCorrupt], [ErrLimit] or
// an error of the file system).
type Error struct {
	File  string
	Table string
	Row   int64
	Err   error
}

// Error returns a one-line message such as
//
//	rqda: project.rqda: table coding row 12: unreadable database (corrupt or truncated): ...
func (e *Error) Error() string {
	return sqlitedb.Message("rqda", e.File, e.Table, e.Row, e.Err)
}

// Unwrap returns the cause.
func (e *Error) Unwrap() error { return e.Err }

// WarningCode names a kind of [Warning].
type WarningCode string

// The warnings of a read. Nothing in the database is left out or changed
// without one of them (or a count in the [Report]).
const (
	// WarnVersion: project.databaseversion is not one this package knows;
	// what is understood was read.
	WarnVersion WarningCode = "unknown-version"
	// WarnNotPlaced: a coding's seltext is not in its source (or occurs
	// several times with nothing telling which); the coding is left out.
	WarnNotPlaced WarningCode = "not-placed"
	// WarnTolerant: a coding's seltext was found only with white space
	// ignored; the selection's text differs from seltext in white space.
	WarnTolerant WarningCode = "tolerant"
	// WarnDangling: a row refers to a code, source, case, category or
	// attribute that does not exist; the row is left out.
	WarnDangling WarningCode = "dangling-reference"
	// WarnRange: a case link or an annotation lies outside its source's
	// text; it is left out (annotation: kept, attached to the source).
	WarnRange WarningCode = "out-of-range"
	// WarnValue: a value could not be read as its column's type (a
	// position that is not a number, a date RQDA did not write, a colour
	// R does not know, a numeric attribute value that is not a number).
	WarnValue WarningCode = "bad-value"
	// WarnLimit: a value larger than [Reader.MaxValueBytes] was not read;
	// the row is left out.
	WarnLimit WarningCode = "over-limit"
	// WarnCategory: a code is in several code categories; it is placed
	// under the first, and its other memberships are kept as Sets only.
	WarnCategory WarningCode = "several-categories"
	// WarnEncoding: a text is not valid UTF-8; invalid bytes were replaced
	// by U+FFFD in the text and in the passages coded in it alike.
	WarnEncoding WarningCode = "encoding"
	// WarnNotCarried: the database holds something REFI-QDA has no place
	// for (see Report.NotCarried).
	WarnNotCarried WarningCode = "not-carried"
)

// Warning is a problem met while reading that did not stop the read:
// Table and Row (SQLite rowid) say where.
type Warning struct {
	Code    WarningCode `json:"code"`
	File    string      `json:"file,omitempty"`
	Table   string      `json:"table,omitempty"`
	Row     int64       `json:"row,omitempty"`
	Message string      `json:"message"`
}

// String returns the warning on one line, with its place:
//
//	[not-placed] project.rqda: table coding row 12: seltext not found in source "Interview 1"
func (w Warning) String() string {
	var b strings.Builder
	b.WriteString("[")
	b.WriteString(string(w.Code))
	b.WriteString("]")
	b.WriteString(sqlitedb.Place(w.File, w.Table, w.Row))
	b.WriteString(" ")
	b.WriteString(w.Message)
	return b.String()
}
