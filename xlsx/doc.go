// Package xlsx reads and writes Excel workbooks (.xlsx), and reads CSV
// files, as plain tables: a header row and data rows of cells. It is a small
// layer over excelize (github.com/xuri/excelize/v2) shared by the readers of
// NVivo's spreadsheet exports and by the writer of project workbooks.
//
// Its API is what a Go program reading or writing tables uses, and nothing
// more: a [Reader] (its fields are the options and limits) that copies a
// workbook or a CSV file into a [Workbook] of [Sheet], [Row] and [Cell]
// values; a streaming [Writer] that writes sheets row by row, as
// archive/zip's Writer writes files ([NewWriter], [Writer.AddSheet],
// [SheetWriter.WriteRow], [Writer.Close]) and [WriteFile] around it;
// [CSVReader] for other delimited text; and [CellError] and the sentinel
// errors, which say what went wrong where. No excelize type appears in it,
// and a [Workbook] is a copy: reading opens the file, copies what is needed
// and closes it again.
//
// # Reading
//
// [Reader.Read] (and [Reader.ReadFile]) read every sheet of a workbook in
// workbook order, with the sheet names of the workbook part itself (not the
// stale titles in docProps/app.xml). Each [Sheet] has a Header (row 1), data
// Rows and the Merged ranges. Cells are looked up by column index or by the
// column's key; keys are unique per sheet: blank header cells get "colN"
// (N the 1-based column number), repeated names get " (2)", " (3)"... as
// described on [Column]. Rows are padded to the header width (excelize, like
// Excel, drops trailing empty cells); blank rows are left out, and
// [Row.Num] keeps the spreadsheet row number.
//
// Reading copes with what NVivo writes: SpreadsheetML with an "x:" prefix
// on every element, a stale <dimension>, UTF-8 byte order marks, blank
// header cells above icon columns, pictures anchored in column A, duplicate
// header names. Elements are matched by local name and the dimension is
// never used: all rows present are read.
//
// [Reader.ReadCSV] reads the CSV form of NVivo's lists and matrices into
// the same Sheet type. Its records may end in LF, CR LF or a lone CR (old
// Mac line ends), also mixed in one file; a lone CR inside a quoted field
// stays in the field. [CSVReader] reads records so for other delimited
// text (tab-separated, say), as encoding/csv does otherwise.
//
// # Displayed and raw values
//
// By default [Cell.Value] is the value as Excel displays it, with the
// cell's number format applied by excelize: a date serial with format
// m/d/yyyy h:mm AM/PM reads "3/2/2021 1:00 AM", a fraction with a percent
// format reads "0.27%". That is what the user sees and what NVivo's CSV
// exports contain, so a reader of NVivo exports gets the same strings from
// xlsx and CSV. Set [Reader.Raw] to get the stored value instead ("44257.04",
// "0.0027"). [Cell.Raw] always holds the stored value, and the conversions
// [Cell.Time], [Cell.Float], [Cell.Int] and [Cell.Bool] work on it, so they
// do not depend on the choice. excelize formats each distinct formatted
// value once, through a small scratch workbook that has the file's own
// styles, so that it never opens a sheet whole. Dates and times in the
// built-in date formats, and in custom formats made of day, month, year,
// hour, minute, second and AM/PM fields (such as the format of NVivo's
// "Modified On" columns), are displayed by this package itself, as
// excelize displays them, about a hundred times faster: there nearly every
// value is distinct.
//
// A cell's [CellType] is the type of its stored value. A number whose format
// is a date or time format has [TypeDate]. A formula cell has the type of
// its cached result, and [Cell.Formula] holds the formula text; formulas are
// never evaluated.
//
// # Dates
//
// [Cell.Time] accepts an Excel serial date (1900 date system, with Excel's
// phantom 29 February 1900; the 1904 date system when the workbook says
// so, see [Workbook.Date1904]) and dates written as text in one of the
// layouts of [Reader.DateLayouts], by default [DefaultDateLayouts]: NVivo's
// en-US "7/17/2019 7:55:35 PM" forms and ISO 8601. Spreadsheets have no time
// zones: times are returned as wall-clock times in UTC. Other locales'
// day/month order needs other layouts.
//
// # Limits
//
// A [Reader] bounds the work a file can cause: sheets per workbook, row and
// column numbers, cells kept in memory (padding included), bytes per cell,
// parts in the package, the compressed and uncompressed size of the input
// (the sizes the parts declare, and the bytes inflated), and how much a
// part may inflate ([Reader.MaxCompressionRatio]). The defaults, stated
// on each field, admit a 1,000,000-row sheet of 20 columns and stay
// bounded; the real NVivo exports of the test corpus use at most 14 parts,
// a compression ratio of 31 and 200 rows of 14 columns. Exceeding a limit
// gives an error wrapping [ErrTooLarge].
//
// Zip bombs are refused from the package's directory before anything is
// inflated: a directory claiming more than MaxParts parts, parts that
// overlap, and parts over 1 MiB that would inflate more than
// MaxCompressionRatio times. A part that inflates past the size its header
// declares is stopped there (archive/zip). Entities declared in a DOCTYPE
// are never expanded (encoding/xml refuses them), and nesting deeper than
// 512 elements gives ErrTooLarge. Read never panics on input; a panic
// inside excelize is turned into an error wrapping [ErrMalformed].
//
// Read reads the parts it needs one after the other, streaming each from
// the archive, and writes no file: time and memory grow with the sheets'
// size: a sheet of 1,048,576 rows reads in about the time of an
// encoding/xml token pass over it (BenchmarkReadMillionRows), and the rows
// it returns take about 80 bytes a cell, the peak heap about twice that. Only a workbook with shared formulas is also opened by
// excelize, whose temporary files (see [Reader].TempDir) are
// removed before Read returns, also after an error or a panic.
//
// Inputs that are not xlsx are recognised: an old binary .xls file gives
// [ErrLegacyXLS] (re-save it as .xlsx), an encrypted workbook
// [ErrEncrypted], a CSV or other non-zip input [ErrNotXLSX].
//
// # Writing
//
// A [Writer] writes sheets through excelize's StreamWriter, so that a
// million rows do not need a million rows of memory. Every sheet gets a bold,
// frozen header row, an autofilter, column widths from the content and
// wrapped text in columns of long text. [WriteFile] writes a file
// atomically.
//
// The StreamWriter keeps a sheet's rows beyond 16 MiB of XML in a
// temporary file (excelize-*, in [Writer].TempDir). [Writer.Close] and
// [Writer.Abort] remove it, and WriteFile removes it whatever fill does
// (return an error, panic); defer Abort after NewWriter to be sure. A process
// killed by a signal runs no deferred call: commands point TempDir at a
// directory of their own that is removed on SIGINT and SIGTERM
// (internal/cmdutil.Cleanup).
//
// Formula injection: a string is always written as a string cell (an inline
// string), never as a formula or a number, whatever it starts with ("=",
// "+", "-", "@", tab, carriage return): Excel shows "=HYPERLINK(...)" as
// that text and does not evaluate it. The text is stored unchanged, with no
// apostrophe or other prefix added, and reads back exactly.
//
// Characters that XML 1.0 does not allow (control characters other than tab,
// line feed and carriage return, and U+FFFE, U+FFFF), and invalid UTF-8,
// are replaced by U+FFFD when writing. Excel itself escapes control
// characters as "_x0001_", but excelize's writer escapes the underscore of
// such a sequence ("_x005F_x0001_") so that literal "_xHHHH_" text
// round-trips; an escaped control character cannot be produced through it.
// Reading decodes "_xHHHH_" escapes in files written by Excel.
//
// # Errors
//
// All errors start with "xlsx: ". Conditions callers branch on are
// sentinel errors ([ErrNotXLSX], [ErrTooLarge], ...), wrapped with details.
// An error about a place in a sheet is a [*CellError] carrying the sheet,
// row, column and header; its message reads like
//
//	xlsx: sheet "Codebook" row 7 column C (Description): <cause>
//
// Packages that interpret sheets build the same errors with [Sheet.ErrorAt].
//
// # Concurrency
//
// A [Reader] holds only options and is not modified by reading: one Reader
// may read several files from several goroutines at once, and so may the
// package's functions ([WriteFile] to different files). What reading returns
// ([Workbook], [Sheet], [Row], [Cell]) is not changed afterwards by this
// package and may be read from several goroutines at once. A [Writer] with
// its [SheetWriter] values, and a [CSVReader], are streams, as archive/zip's
// Writer and encoding/csv's Reader are: each is used by one goroutine at a
// time. No value keeps the result of a call for reading afterwards, except
// where the stream is: [CSVReader.FieldPos] is about the record last read.
package xlsx
