package xlsx

import (
	"errors"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"
)

// Sentinel errors. Test for them with [errors.Is]; most are returned wrapped,
// often inside a [*CellError] that says where the problem is.
var (
	// ErrNotXLSX means the input is not an xlsx workbook: not a zip archive
	// at all (a CSV or text file, HTML, garbage), or a zip archive without
	// a workbook in it.
	ErrNotXLSX = errors.New("xlsx: not an xlsx workbook")

	// ErrLegacyXLS means the input is an old binary Excel workbook (.xls,
	// an OLE2 compound file). This package does not read that format: open
	// the file in Excel or LibreOffice and save it as .xlsx.
	ErrLegacyXLS = errors.New("xlsx: legacy binary .xls workbook (re-save it as .xlsx)")

	// ErrEncrypted means the input is a password-protected (encrypted)
	// workbook. Remove the password in Excel and save it again.
	ErrEncrypted = errors.New("xlsx: workbook is encrypted (remove the password and save it again)")

	// ErrMalformed means the input is an xlsx package whose content is
	// broken (invalid XML, cell references out of order, a shared string
	// index out of range, a sheet listed in the workbook but missing), or a
	// CSV file with invalid quoting or invalid UTF-8.
	ErrMalformed = errors.New("xlsx: malformed file")

	// ErrTooLarge means a limit of the [Reader] or of the xlsx format was
	// exceeded. The message says which one.
	ErrTooLarge = errors.New("xlsx: too large")

	// ErrNoSheet means a sheet was not found (see [Workbook.RequireSheet]),
	// or a workbook has no sheet at all.
	ErrNoSheet = errors.New("xlsx: no such sheet")

	// ErrMissingColumn means a required header column was not found (see
	// [Sheet.RequireColumn]).
	ErrMissingColumn = errors.New("xlsx: missing column")

	// ErrEmpty is returned by the conversion methods of [Cell] for an empty
	// cell, so that callers can tell "no value" from "bad value".
	ErrEmpty = errors.New("xlsx: empty cell")

	// ErrConvert is returned by the conversion methods of [Cell] when the
	// value cannot be converted to the requested type.
	ErrConvert = errors.New("xlsx: cannot convert cell value")

	// ErrSheetName means a sheet name given to [Writer.AddSheet] is not a
	// valid Excel sheet name, or is already used in the workbook.
	ErrSheetName = errors.New("xlsx: invalid sheet name")

	// ErrValue means a value given to [SheetWriter.WriteRow] cannot be
	// written: an unsupported Go type, or a NaN or infinite float.
	ErrValue = errors.New("xlsx: unsupported value")

	// ErrClosed means a [Writer] or [SheetWriter] was used after it was
	// closed or finished.
	ErrClosed = errors.New("xlsx: writer closed")
)

// A CellError reports a problem at a location in a workbook: a sheet, a row,
// a column, or one cell. It is returned by the [Reader] and the [Writer] and
// can be built by callers with [Sheet.ErrorAt], so that every package that
// reads spreadsheets reports locations the same way.
//
// Err is the cause. It is usually one of the sentinel errors of this package
// (possibly wrapped with details), and can be tested with [errors.Is].
type CellError struct {
	Sheet  string // sheet name; "" when unknown (and for CSV)
	Row    int    // 1-based spreadsheet row number; 0 when the error is not about a row
	Col    int    // 1-based column number (1 is column A); 0 when the error is not about a column
	Header string // header text of the column, when known
	Err    error  // the cause
}

// Error returns a one-line message such as
//
//	xlsx: sheet "Codebook" row 7 column C (Description): empty cell
//
// Parts that are unknown (zero) are left out.
func (e *CellError) Error() string {
	var b strings.Builder
	b.WriteString("xlsx:")
	if e.Sheet != "" {
		b.WriteString(" sheet ")
		b.WriteString(strconv.Quote(e.Sheet))
	}
	if e.Row > 0 {
		b.WriteString(" row ")
		b.WriteString(strconv.Itoa(e.Row))
	}
	if e.Col > 0 {
		b.WriteString(" column ")
		if name, err := excelize.ColumnNumberToName(e.Col); err == nil {
			b.WriteString(name)
		} else {
			b.WriteString(strconv.Itoa(e.Col))
		}
		if h := strings.TrimSpace(e.Header); h != "" {
			b.WriteString(" (")
			b.WriteString(oneLine(h))
			b.WriteString(")")
		}
	}
	b.WriteString(": ")
	if e.Err == nil {
		b.WriteString("unknown error")
	} else {
		// The cause usually starts with our own prefix; do not repeat it.
		b.WriteString(strings.TrimPrefix(e.Err.Error(), "xlsx: "))
	}
	return b.String()
}

// Unwrap returns the cause, so that [errors.Is] and [errors.As] see it.
func (e *CellError) Unwrap() error { return e.Err }

// Ref returns the A1-style reference of the cell ("C7"), the column letters
// alone when Row is 0, the row number alone when Col is 0, or "" when neither
// is known.
func (e *CellError) Ref() string {
	switch {
	case e.Col > 0 && e.Row > 0:
		if ref, err := excelize.CoordinatesToCellName(e.Col, e.Row); err == nil {
			return ref
		}
	case e.Col > 0:
		if name, err := excelize.ColumnNumberToName(e.Col); err == nil {
			return name
		}
	case e.Row > 0:
		return strconv.Itoa(e.Row)
	}
	return ""
}

// oneLine replaces line breaks so that error messages stay on one line.
func oneLine(s string) string {
	if !strings.ContainsAny(s, "\r\n") {
		return s
	}
	return strings.Join(strings.Fields(s), " ")
}
