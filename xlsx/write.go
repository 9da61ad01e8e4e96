package xlsx

import (
	"archive/zip"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"time"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/qdabridge/qdabridge/internal/safefile"
	"github.com/xuri/excelize/v2"
)

// Defaults of a [Writer].
const (
	defaultMinColumnWidth = 8.0                   // characters
	defaultMaxColumnWidth = 60.0                  // characters
	defaultSampleRows     = 100                   // rows looked at for column widths
	defaultDateFormat     = "yyyy-mm-dd"          // Excel number format of dates
	defaultDateTimeFormat = "yyyy-mm-dd hh:mm:ss" // Excel number format of date-times
	maxCellChars          = excelize.TotalCellChars
	maxSheetNameLength    = excelize.MaxSheetNameLength
	maxLayoutColumns      = 256 // columns that get a computed width and wrap style
)

// A Writer writes an xlsx workbook to an io.Writer, one sheet after the
// other, streaming rows through excelize's StreamWriter so that memory does
// not grow with the number of rows (rows beyond a buffer are kept in a
// temporary file until [Writer.Close], which zips them straight to the
// io.Writer; only a workbook whose sheets could reach 4 GiB is assembled
// in memory first, as excelize does, to mark those parts for Excel).
//
// Its exported fields are options; zero values mean the defaults. Set them
// before the first call to [Writer.AddSheet].
//
// Each sheet gets a bold header row that stays in view (panes frozen below
// row 1), an autofilter over the header and the rows, and column widths
// taken from the header and the first 100 rows, clamped to
// MinColumnWidth..MaxColumnWidth. Columns whose sampled text is longer than
// MaxColumnWidth or spans lines are formatted to wrap text. Only the first
// 256 columns are laid out so; further columns keep Excel's default width.
//
// A Writer must be closed with [Writer.Close], or discarded with
// [Writer.Abort], also after an error, to remove its temporary files:
// excelize keeps the rows of a sheet beyond 16 MiB of XML in a temporary
// file named excelize-* in TempDir. Point TempDir at a directory of one's
// own (a command's private temporary directory, see internal/cmdutil) to
// be sure nothing is left behind even when the process is killed.
type Writer struct {
	MinColumnWidth float64 // in characters; default 8
	MaxColumnWidth float64 // in characters; default 60, at most 255
	DateFormat     string  // number format of times at midnight; default "yyyy-mm-dd"
	DateTimeFormat string  // number format of other times; default "yyyy-mm-dd hh:mm:ss"
	TempDir        string  // directory for temporary files; "" means os.TempDir()

	out    io.Writer
	f      *excelize.File
	cur    *SheetWriter
	sheets []*SheetWriter  // every sheet added, flushed by Close
	names  map[string]bool // lower-cased names of the sheets added
	styles struct{ header, wrap, date, dateTime int }
	err    error // sticky: the workbook can no longer be written
	closed bool
	// xmlBound bounds the size of the sheets' XML from above (see
	// cellBound), to tell whether a part can exceed 4 GiB
	xmlBound int64
	// streamLimit replaces the constant streamLimit when not 0 (tests)
	streamLimit int64
	// sampleRows replaces defaultSampleRows, the rows looked at for the
	// column layout, when not 0 (tests)
	sampleRows int
}

// NewWriter returns a Writer that writes a workbook to w when it is
// closed.
func NewWriter(w io.Writer) *Writer {
	return &Writer{out: w}
}

// A SheetWriter writes the rows of one sheet. It is returned by
// [Writer.AddSheet] and is finished by the next AddSheet or by
// [Writer.Close].
type SheetWriter struct {
	w      *Writer
	name   string
	header []string
	sw     *excelize.StreamWriter

	sample  [][]any // rows held back until the column layout is known
	widths  []float64
	wrap    []bool
	laidOut bool
	row     int // number of the next row
	maxCol  int
	done    bool
	hidden  bool
	vals    []any // reused for each row
}

// Hide makes the sheet very hidden: spreadsheet applications do not show
// it, nor list it among the sheets a user can unhide. Use it for data the
// user should not edit. A workbook must keep at least one visible sheet.
func (s *SheetWriter) Hide() { s.hidden = true }

// ValidSheetName reports whether name can be the name of a sheet written by
// a [Writer]: not empty, at most 31 characters (UTF-16 code units, as Excel
// counts), none of : \ / ? * [ ], no control character, and not "History",
// which Excel reserves. It also rejects apostrophes, which Excel allows
// inside a name: excelize writes the autofilter's defined name without
// doubling them ('O'Brien'!A1:B2), which is not a valid reference. The
// error wraps [ErrSheetName].
func ValidSheetName(name string) error {
	bad := func(why string) error { return fmt.Errorf("%w %q: %s", ErrSheetName, name, why) }
	switch {
	case name == "":
		return fmt.Errorf("%w: empty", ErrSheetName)
	case !utf8.ValidString(name):
		return bad("not valid UTF-8")
	case len(utf16.Encode([]rune(name))) > maxSheetNameLength:
		return bad("longer than 31 characters")
	case strings.ContainsAny(name, `:\/?*[]`):
		return bad(`contains one of : \ / ? * [ ]`)
	case strings.Contains(name, "'"):
		return bad("contains an apostrophe")
	case strings.EqualFold(name, "History"):
		return bad("reserved by Excel")
	}
	for _, r := range name {
		if !validXMLChar(r) || r < 0x20 {
			return bad("contains a control character")
		}
	}
	return nil
}

// AddSheet adds a sheet with the given header and returns a SheetWriter
// for its rows. It finishes the sheet added before, whose SheetWriter can
// no longer be used. A nil or empty header gives a sheet without header
// row, frozen panes or autofilter.
//
// AddSheet returns an error wrapping [ErrSheetName] for an invalid or
// duplicate name (names are compared case-insensitively, as Excel does),
// [ErrTooLarge] for more than 16,384 header columns or a header text longer
// than 32,767 characters, [ErrClosed] after Close, and any error from
// finishing the previous sheet.
func (w *Writer) AddSheet(name string, header []string) (*SheetWriter, error) {
	if w.closed {
		return nil, ErrClosed
	}
	if w.err != nil {
		return nil, w.err
	}
	if err := ValidSheetName(name); err != nil {
		return nil, err
	}
	if w.names[strings.ToLower(name)] {
		return nil, fmt.Errorf("%w %q: the workbook already has a sheet of that name", ErrSheetName, name)
	}
	if len(header) > maxExcelColumns {
		return nil, fmt.Errorf("%w: %d header columns, more than Excel's %d", ErrTooLarge, len(header), maxExcelColumns)
	}
	hdr := make([]string, len(header))
	for i, h := range header {
		s, err := cleanString(h)
		if err != nil {
			return nil, &CellError{Sheet: name, Row: 1, Col: i + 1, Err: err}
		}
		hdr[i] = s
	}
	if err := w.finishSheet(); err != nil {
		return nil, err
	}
	if err := w.init(); err != nil {
		return nil, w.fail(err)
	}
	var err error
	if len(w.names) == 0 {
		err = w.f.SetSheetName("Sheet1", name)
	} else {
		_, err = w.f.NewSheet(name)
	}
	if err != nil {
		return nil, w.fail(fmt.Errorf("xlsx: adding sheet %q: %w", name, err))
	}
	w.names[strings.ToLower(name)] = true
	sw, err := w.f.NewStreamWriter(name)
	if err != nil {
		return nil, w.fail(fmt.Errorf("xlsx: adding sheet %q: %w", name, err))
	}
	s := &SheetWriter{w: w, name: name, header: hdr, sw: sw, row: 1}
	if len(hdr) > 0 {
		s.row = 2
	}
	s.maxCol = len(hdr)
	s.widths = make([]float64, len(hdr))
	s.wrap = make([]bool, len(hdr))
	for i, h := range hdr {
		s.measure(i, textWidth(h), strings.Contains(h, "\n"))
	}
	w.cur = s
	w.sheets = append(w.sheets, s)
	return s, nil
}

// init creates the excelize file and the styles on first use.
func (w *Writer) init() error {
	if w.f != nil {
		return nil
	}
	w.f = excelize.NewFile(excelize.Options{TmpDir: w.TempDir})
	w.names = map[string]bool{}
	dateFmt, dateTimeFmt := w.dateFormat(), w.dateTimeFormat()
	var err error
	if w.styles.header, err = w.f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}}); err != nil {
		return fmt.Errorf("xlsx: header style: %w", err)
	}
	if w.styles.wrap, err = w.f.NewStyle(&excelize.Style{Alignment: &excelize.Alignment{WrapText: true, Vertical: "top"}}); err != nil {
		return fmt.Errorf("xlsx: wrap style: %w", err)
	}
	if w.styles.date, err = w.f.NewStyle(&excelize.Style{CustomNumFmt: &dateFmt}); err != nil {
		return fmt.Errorf("xlsx: date format %q: %w", dateFmt, err)
	}
	if w.styles.dateTime, err = w.f.NewStyle(&excelize.Style{CustomNumFmt: &dateTimeFmt}); err != nil {
		return fmt.Errorf("xlsx: date-time format %q: %w", dateTimeFmt, err)
	}
	return nil
}

// fail records an error after which the workbook cannot be completed.
func (w *Writer) fail(err error) error {
	if w.err == nil {
		w.err = err
	}
	return err
}

func (w *Writer) finishSheet() error {
	if w.cur == nil {
		return nil
	}
	s := w.cur
	w.cur = nil
	if err := s.finish(); err != nil {
		return w.fail(err)
	}
	return nil
}

// Close finishes the last sheet and writes the workbook to the io.Writer
// given to NewWriter. It does not close that io.Writer. It always removes
// the Writer's temporary files.
//
// Close returns an error wrapping [ErrNoSheet] if no sheet was added (and
// writes nothing then), the first error that made the workbook impossible
// to complete (nothing is written then either), and any error writing to
// the io.Writer (which may then hold a partial file; [WriteFile] never
// leaves one). A second Close returns [ErrClosed].
func (w *Writer) Close() error {
	if w.closed {
		return ErrClosed
	}
	w.closed = true
	if w.f == nil {
		if w.err != nil {
			return w.err
		}
		return fmt.Errorf("%w: nothing to write; add a sheet first", ErrNoSheet)
	}
	err := w.finishSheet()
	if err == nil {
		err = w.err
	}
	if err == nil {
		err = w.flushSheets()
	}
	if err == nil {
		if werr := w.writeWorkbook(); werr != nil {
			err = fmt.Errorf("xlsx: writing workbook: %w", werr)
		}
	}
	if cerr := w.f.Close(); cerr != nil && err == nil {
		err = fmt.Errorf("xlsx: removing temporary files: %w", cerr)
	}
	return err
}

// Bounds of the XML excelize writes for a row and a cell (the tags, the
// reference, the style and type attributes; a number or date) and for
// each byte of text (escaped at most as "&quot;").
const (
	rowBound     = 64
	cellBound    = 128
	escapedBound = 6
	// streamLimit is the largest bound of the sheets' XML for which the
	// workbook is streamed to the io.Writer: below it no part of the
	// archive can reach 4 GiB.
	streamLimit = 3 << 30
)

// writeWorkbook writes the workbook to w.out. excelize's File.Write
// assembles the whole archive in memory before copying it out; handing it
// a zip writer on w.out makes it stream the archive there instead (the
// same bytes; its own buffer stays empty). Past streamLimit, excelize's
// own path is taken: it marks parts of 4 GiB or more in the local file
// headers afterwards, as Excel requires, which needs the whole archive.
func (w *Writer) writeWorkbook() error {
	limit := int64(streamLimit)
	if w.streamLimit != 0 {
		limit = w.streamLimit
	}
	if w.xmlBound >= limit {
		return w.f.Write(w.out)
	}
	w.f.SetZipWriter(func(io.Writer) excelize.ZipWriter { return zip.NewWriter(w.out) })
	return w.f.Write(io.Discard)
}

// Abort discards the workbook: it removes the Writer's temporary files
// and writes nothing. It does nothing after Close or Abort, so that it can
// be deferred right after NewWriter, to clean up when the caller returns
// early with an error or panics:
//
//	xw := xlsx.NewWriter(out)
//	defer xw.Abort()
//	... AddSheet, WriteRow ...
//	return xw.Close()
//
// After Abort, the Writer's methods return [ErrClosed].
func (w *Writer) Abort() {
	if w.closed {
		return
	}
	w.closed = true
	if w.f != nil {
		_ = w.f.Close()
	}
}

// WriteRow writes one row. Values may be:
//
//   - nil: an empty cell;
//   - string: a text cell, always, whatever it starts with: "=SUM(A1)",
//     "+1", "-12", "@x" are written as text, never as formulas or
//     numbers, and read back unchanged. Characters not allowed in XML 1.0
//     (control characters other than tab, line feed and carriage return,
//     U+FFFE, U+FFFF) and invalid UTF-8 are replaced by U+FFFD. The empty
//     string is an empty cell;
//   - bool, all int and uint types, float32 and float64: booleans and
//     numbers (NaN and infinities are rejected);
//   - time.Time: an Excel date with the Writer's DateFormat when its
//     wall-clock time is midnight, otherwise with DateTimeFormat. Excel has
//     no time zones: the wall-clock time in t's location is written. The
//     zero Time is an empty cell; a time before 1900 or after 9999, which
//     Excel cannot store as a date, is written as ISO 8601 text.
//
// A row may be shorter or longer than the header.
//
// WriteRow returns a [*CellError] wrapping [ErrValue] for another type or a
// non-finite float, or [ErrTooLarge] for text longer than Excel's 32,767
// characters (it does not truncate); nothing of the row is written then and
// the sheet can still be used. It returns [ErrTooLarge] past row 1,048,576
// or column 16,384, [ErrClosed] after the sheet was finished, and errors
// from excelize, after which the workbook cannot be completed.
func (s *SheetWriter) WriteRow(values ...any) error {
	w := s.w
	if s.done || w.closed {
		return fmt.Errorf("%w: sheet %q is finished", ErrClosed, s.name)
	}
	if w.err != nil {
		return w.err
	}
	if s.row > maxExcelRows {
		return &CellError{Sheet: s.name, Row: s.row, Err: fmt.Errorf("%w: more rows than Excel's %d", ErrTooLarge, maxExcelRows)}
	}
	if len(values) > maxExcelColumns {
		return &CellError{Sheet: s.name, Row: s.row, Err: fmt.Errorf("%w: %d values, more than Excel's %d columns", ErrTooLarge, len(values), maxExcelColumns)}
	}
	s.vals = s.vals[:0]
	bound := int64(rowBound)
	for i, v := range values {
		cv, width, multiline, err := s.convert(v)
		if err != nil {
			h := ""
			if i < len(s.header) {
				h = s.header[i]
			}
			return &CellError{Sheet: s.name, Row: s.row, Col: i + 1, Header: h, Err: err}
		}
		s.vals = append(s.vals, cv)
		bound += cellBound
		if str, ok := cv.(string); ok {
			bound += escapedBound * int64(len(str))
		}
		if !s.laidOut {
			s.measure(i, width, multiline)
		}
	}
	w.xmlBound += bound
	s.maxCol = max(s.maxCol, len(values))
	if !s.laidOut {
		s.sample = append(s.sample, append([]any(nil), s.vals...))
		s.row++
		if len(s.sample) >= w.samples() {
			return s.layout()
		}
		return nil
	}
	if err := s.setRow(s.row, s.vals); err != nil {
		return err
	}
	s.row++
	return nil
}

func (s *SheetWriter) setRow(num int, vals []any) error {
	if err := s.sw.SetRow(cellName(1, num), vals); err != nil {
		return s.w.fail(&CellError{Sheet: s.name, Row: num, Err: fmt.Errorf("xlsx: writing row: %w", err)})
	}
	return nil
}

// samples returns the number of rows looked at for the column layout.
func (w *Writer) samples() int {
	if w.sampleRows <= 0 {
		return defaultSampleRows
	}
	return w.sampleRows
}

// convert turns a Go value into what the excelize StreamWriter writes,
// and measures its text.
func (s *SheetWriter) convert(v any) (out any, width float64, multiline bool, err error) {
	switch v := v.(type) {
	case nil:
		return nil, 0, false, nil
	case string:
		if v == "" {
			return nil, 0, false, nil
		}
		c, err := cleanString(v)
		if err != nil {
			return nil, 0, false, err
		}
		return c, textWidth(c), strings.Contains(c, "\n"), nil
	case bool:
		return v, 5, false, nil
	case int:
		return int64(v), numWidth(strconv.Itoa(v)), false, nil
	case int8:
		return int64(v), numWidth(strconv.Itoa(int(v))), false, nil
	case int16:
		return int64(v), numWidth(strconv.Itoa(int(v))), false, nil
	case int32:
		return int64(v), numWidth(strconv.Itoa(int(v))), false, nil
	case int64:
		return v, numWidth(strconv.FormatInt(v, 10)), false, nil
	case uint:
		return uint64(v), numWidth(strconv.FormatUint(uint64(v), 10)), false, nil
	case uint8:
		return uint64(v), numWidth(strconv.Itoa(int(v))), false, nil
	case uint16:
		return uint64(v), numWidth(strconv.Itoa(int(v))), false, nil
	case uint32:
		return uint64(v), numWidth(strconv.FormatUint(uint64(v), 10)), false, nil
	case uint64:
		return v, numWidth(strconv.FormatUint(v, 10)), false, nil
	case float32:
		return s.convert(float64(v))
	case float64:
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return nil, 0, false, fmt.Errorf("%w: %v cannot be stored in a cell", ErrValue, v)
		}
		return v, numWidth(strconv.FormatFloat(v, 'g', 11, 64)), false, nil
	case time.Time:
		if v.IsZero() {
			return nil, 0, false, nil
		}
		serial, ok := timeToSerial(v)
		if !ok {
			iso := v.Format("2006-01-02T15:04:05.999999999")
			return iso, textWidth(iso), false, nil
		}
		h, m, sec := v.Clock()
		if h == 0 && m == 0 && sec == 0 && v.Nanosecond() == 0 {
			return excelize.Cell{StyleID: s.w.styles.date, Value: serial}, float64(len(s.w.dateFormat())) + 1, false, nil
		}
		return excelize.Cell{StyleID: s.w.styles.dateTime, Value: serial}, float64(len(s.w.dateTimeFormat())) + 1, false, nil
	}
	return nil, 0, false, fmt.Errorf("%w: type %T", ErrValue, v)
}

func (w *Writer) dateFormat() string {
	if w.DateFormat == "" {
		return defaultDateFormat
	}
	return w.DateFormat
}

func (w *Writer) dateTimeFormat() string {
	if w.DateTimeFormat == "" {
		return defaultDateTimeFormat
	}
	return w.DateTimeFormat
}

// measure records the width of a sampled value in column i (0-based).
func (s *SheetWriter) measure(i int, width float64, multiline bool) {
	for len(s.widths) <= i {
		s.widths = append(s.widths, 0)
		s.wrap = append(s.wrap, false)
	}
	s.widths[i] = max(s.widths[i], width)
	if multiline || width > s.w.maxWidth() {
		s.wrap[i] = true
	}
}

func (w *Writer) maxWidth() float64 {
	if w.MaxColumnWidth <= 0 {
		return defaultMaxColumnWidth
	}
	return min(w.MaxColumnWidth, excelize.MaxColumnWidth)
}

func (w *Writer) minWidth() float64 {
	if w.MinColumnWidth <= 0 {
		return defaultMinColumnWidth
	}
	return min(w.MinColumnWidth, w.maxWidth())
}

// layout sets the column widths and styles and the frozen panes, which
// the StreamWriter needs before the first row, then writes the header and
// the sampled rows.
func (s *SheetWriter) layout() error {
	s.laidOut = true
	w := s.w
	// excelize keeps column settings as one entry per column, inserts each
	// new one in front, and rescans them all on every call (quadratic), so
	// columns are set from the last to the first (which leaves them in the
	// ascending order Excel expects) and only up to maxLayoutColumns.
	for i := min(len(s.widths), maxLayoutColumns) - 1; i >= 0; i-- {
		width := min(max(s.widths[i]+2, w.minWidth()), w.maxWidth())
		if err := s.sw.SetColWidth(i+1, i+1, width); err != nil {
			return w.fail(&CellError{Sheet: s.name, Col: i + 1, Err: fmt.Errorf("xlsx: column width: %w", err)})
		}
		if s.wrap[i] {
			if err := s.sw.SetColStyle(i+1, i+1, w.styles.wrap); err != nil {
				return w.fail(&CellError{Sheet: s.name, Col: i + 1, Err: fmt.Errorf("xlsx: column style: %w", err)})
			}
		}
	}
	first := 1
	if len(s.header) > 0 {
		first = 2
		if err := s.sw.SetPanes(&excelize.Panes{
			Freeze:      true,
			YSplit:      1,
			TopLeftCell: "A2",
			ActivePane:  "bottomLeft",
			Selection:   []excelize.Selection{{SQRef: "A2", ActiveCell: "A2", Pane: "bottomLeft"}},
		}); err != nil {
			return w.fail(fmt.Errorf("xlsx: sheet %q: freezing the header: %w", s.name, err))
		}
		hdr := make([]any, len(s.header))
		for i, h := range s.header {
			// Blank names are written as empty text, so that the header
			// keeps its width when read back.
			hdr[i] = excelize.Cell{StyleID: w.styles.header, Value: h}
		}
		if err := s.setRow(1, hdr); err != nil {
			return err
		}
	}
	for i, vals := range s.sample {
		if err := s.setRow(first+i, vals); err != nil {
			return err
		}
	}
	s.sample = nil
	return nil
}

// finish writes what is held back and adds the autofilter. The sheet's
// stream is flushed by the Writer's Close, after the sheets to hide are
// hidden: excelize hides a sheet by reading every sheet of the workbook,
// which is cheap while each is still an open stream and costly (a full
// parse of the sheet's XML) once flushed.
func (s *SheetWriter) finish() error {
	if s.done {
		return nil
	}
	s.done = true
	if !s.laidOut {
		if err := s.layout(); err != nil {
			return err
		}
	}
	if len(s.header) > 0 {
		ref := "A1:" + cellName(max(s.maxCol, 1), s.row-1)
		if err := s.w.f.AutoFilter(s.name, ref, nil); err != nil {
			return fmt.Errorf("xlsx: sheet %q: autofilter: %w", s.name, err)
		}
	}
	return nil
}

// flushSheets hides the sheets to hide and flushes every sheet's stream.
func (w *Writer) flushSheets() error {
	for _, s := range w.sheets {
		if s.hidden {
			if err := w.f.SetSheetVisible(s.name, false, true); err != nil {
				return fmt.Errorf("xlsx: sheet %q: hiding: %w", s.name, err)
			}
		}
	}
	for _, s := range w.sheets {
		if err := s.sw.Flush(); err != nil {
			return fmt.Errorf("xlsx: sheet %q: %w", s.name, err)
		}
	}
	return nil
}

// validXMLChar reports whether r may appear in an XML 1.0 document.
func validXMLChar(r rune) bool {
	return r == '\t' || r == '\n' || r == '\r' ||
		(r >= 0x20 && r <= 0xD7FF) ||
		(r >= 0xE000 && r <= 0xFFFD) ||
		(r >= 0x10000 && r <= 0x10FFFF)
}

// cleanString replaces what cannot be stored in XML 1.0 by U+FFFD and
// checks Excel's length limit.
func cleanString(s string) (string, error) {
	ok := utf8.ValidString(s)
	if ok {
		for _, r := range s {
			if !validXMLChar(r) {
				ok = false
				break
			}
		}
	}
	if !ok {
		var b strings.Builder
		b.Grow(len(s))
		for _, r := range s { // invalid UTF-8 comes as utf8.RuneError
			if !validXMLChar(r) {
				r = utf8.RuneError
			}
			b.WriteRune(r)
		}
		s = b.String()
	}
	if len(s) > maxCellChars { // cheap test first: UTF-16 units <= bytes
		n := 0
		for _, r := range s {
			n += utf16.RuneLen(r)
		}
		if n > maxCellChars {
			return "", fmt.Errorf("%w: text of %d characters, more than Excel's %d per cell", ErrTooLarge, n, maxCellChars)
		}
	}
	return s, nil
}

// textWidth estimates the width of text in Excel's character units: the
// longest line, counting wide (East Asian, emoji) characters double.
func textWidth(s string) float64 {
	longest, n := 0, 0
	for _, r := range s {
		switch {
		case r == '\n':
			longest, n = max(longest, n), 0
		case r >= 0x1100 && (r <= 0x115F || (r >= 0x2E80 && r <= 0xA4CF) || (r >= 0xAC00 && r <= 0xD7A3) ||
			(r >= 0xF900 && r <= 0xFAFF) || (r >= 0xFE30 && r <= 0xFE4F) || (r >= 0xFF00 && r <= 0xFF60) ||
			(r >= 0xFFE0 && r <= 0xFFE6) || r >= 0x1F300):
			n += 2
		default:
			n++
		}
	}
	return float64(max(longest, n))
}

func numWidth(s string) float64 { return float64(len(s)) + 1 }

// WriteFile writes a workbook to the named file atomically: fill adds the
// sheets and rows to a Writer (it may also set the Writer's options first),
// the workbook goes to a temporary file in the same directory, which is
// synced to disk and then renamed to name. If fill or any step fails, or
// fill panics, the temporary file is removed and an existing file called
// name is left as it was. The new file has mode 0644, whatever the umask.
//
// WriteFile returns the error of fill, or of writing, syncing, closing or
// renaming the file.
func WriteFile(name string, fill func(w *Writer) error) error {
	err := safefile.Write(name, safefile.Options{}, func(out io.Writer) error {
		w := NewWriter(out)
		// nothing after Close; after an error or a panic in fill, the
		// temporary files are removed
		defer w.Abort()
		if err := fill(w); err != nil {
			return err
		}
		return w.Close()
	})
	if err != nil && strings.HasPrefix(err.Error(), "safefile: ") {
		return fmt.Errorf("xlsx: %w", err)
	}
	return err
}
