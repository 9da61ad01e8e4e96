package xlsx

import (
	"archive/zip"
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"sort"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/qdabridge/qdabridge/internal/regular"
	"github.com/qdabridge/qdabridge/internal/zipcheck"
	"github.com/xuri/excelize/v2"
)

// Default limits of a [Reader] that a program reading other tabular input
// (text reports, say) applies too, so that those inputs are bounded as a
// workbook is. The other limits are stated on their fields.
const (
	DefaultMaxRows      = 1_048_576 // row number; Excel's own maximum
	DefaultMaxColumns   = 16_384    // column number (XFD); Excel's own maximum
	DefaultMaxCellBytes = 1 << 20   // bytes of text in one cell
	DefaultMaxBytes     = 2 << 30   // uncompressed bytes of the package (or of a CSV file)
)

// The other defaults of a [Reader]. With the exported ones, they are large
// enough for a sheet of 1,000,000 rows by 20 columns, and small enough that
// a hostile file cannot make the reader use unbounded memory.
const (
	defaultMaxSheets      = 1024                               // sheets per workbook
	defaultMaxCells       = 20_000_000                         // cells kept in memory, padding included, per workbook
	defaultMemoryPartSize = 16 << 20                           // see Reader.memoryPartSize
	defaultMaxParts       = 10_000                             // parts (zip entries) in the package
	defaultMaxCompression = 100                                // largest compression ratio of a part over 1 MiB
	maxExcelRows          = excelize.TotalRows                 // 1,048,576
	maxExcelColumns       = excelize.MaxColumns                // 16,384
	oleSignature          = "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1" // OLE2 compound file (.xls, encrypted .xlsx)
)

// A Reader reads xlsx workbooks (and CSV files) into memory.
//
// Its fields are options. The zero value is ready to use and applies the
// defaults described on each field; set fields before calling a Read
// method. A Reader is not modified by reading (see Concurrency in the
// package documentation).
type Reader struct {
	// Raw makes Cell.Value the value as stored (the Excel serial of a date,
	// the fraction of a percentage, "1" for TRUE) instead of as displayed.
	// The default is as displayed, which is what a user sees in Excel and
	// what NVivo's CSV exports contain. Cell.Raw always holds the stored
	// value, whichever is chosen.
	//
	// Displaying has a cost only for cells with a style on a number or a
	// number format on text: excelize formats each distinct such value
	// once (a column of small counts costs next to nothing). Dates are
	// slow to format (about 100 µs each: 20 s for 200,000 distinct dates);
	// set Raw to read large date-heavy sheets quickly, and use Cell.Time.
	Raw bool

	// FillMerged gives every cell of a merged range the value of its
	// top-left cell. By default cells are as stored: only the top-left cell
	// of a merged range holds a value. Sheet.Merged lists the ranges either
	// way.
	FillMerged bool

	// DateLayouts are the Go time layouts that Cell.Time tries on dates
	// written as text. Nil means DefaultDateLayouts().
	DateLayouts []string

	// MaxSheets limits the number of sheets in a workbook.
	// Zero means 1024.
	MaxSheets int

	// MaxRows limits the spreadsheet row number of any cell (and for CSV
	// the number of records). Zero means [DefaultMaxRows] (1,048,576,
	// Excel's maximum), which is also the largest value used.
	MaxRows int

	// MaxColumns limits the column number of any cell (and for CSV the
	// number of fields in a record). Zero means [DefaultMaxColumns] (16,384,
	// column XFD, Excel's maximum), which is also the largest value used.
	MaxColumns int

	// MaxCells limits the number of cells kept in memory for the whole
	// workbook, counting the empty cells added to pad rows to the header
	// width and the cells filled by FillMerged. Zero means 20,000,000.
	MaxCells int

	// MaxCellBytes limits the text of one cell, in bytes.
	// Zero means [DefaultMaxCellBytes] (1 MiB).
	MaxCellBytes int

	// MaxBytes limits the input: the compressed file, and the sum of the
	// uncompressed sizes of the parts in it (excelize's UnzipSizeLimit).
	// For CSV it limits the size of the input. Zero means
	// [DefaultMaxBytes] (2 GiB).
	MaxBytes int64

	// TempDir is the directory for the temporary files of the one case
	// where a file is written while reading: a workbook with shared
	// formulas, whose formula text excelize works out. excelize then
	// opens the whole package and unzips its parts over 16 MiB (or over
	// MaxBytes, if smaller) to temporary files, which are removed before Read returns, also after
	// an error or a panic. Other workbooks are read part by part from the
	// archive, with no temporary file. "" means os.TempDir().
	TempDir string

	// MaxParts limits the number of parts (zip entries) of the package. It
	// is checked before the package's directory is read. Zero means
	// 10,000.
	MaxParts int

	// MaxCompressionRatio is the largest ratio of uncompressed to
	// compressed size accepted for a part larger than 1 MiB: zip bombs
	// compress a thousand to one, real workbooks at most about thirty to
	// one. Every part is checked, read or not, before anything is
	// inflated. Zero means 100.
	MaxCompressionRatio int64

	// memoryPartSize replaces defaultMemoryPartSize when not 0 (tests):
	// excelize unzips the parts larger than it to temporary files (its
	// UnzipXMLSizeLimit).
	memoryPartSize int64
}

// limits are the effective limits of a Reader.
type limits struct {
	sheets, rows, cols, cells, cellBytes, parts int
	bytes, memPart, ratio                       int64
}

func (rd *Reader) limits() limits {
	pick := func(v, def int) int {
		if v <= 0 {
			return def
		}
		return v
	}
	l := limits{
		sheets:    pick(rd.MaxSheets, defaultMaxSheets),
		rows:      min(pick(rd.MaxRows, DefaultMaxRows), maxExcelRows),
		cols:      min(pick(rd.MaxColumns, DefaultMaxColumns), maxExcelColumns),
		cells:     pick(rd.MaxCells, defaultMaxCells),
		cellBytes: pick(rd.MaxCellBytes, DefaultMaxCellBytes),
		parts:     pick(rd.MaxParts, defaultMaxParts),
		bytes:     rd.MaxBytes,
		memPart:   rd.memoryPartSize,
		ratio:     rd.MaxCompressionRatio,
	}
	if l.ratio <= 0 {
		l.ratio = defaultMaxCompression
	}
	if l.bytes <= 0 {
		l.bytes = DefaultMaxBytes
	}
	if l.memPart <= 0 {
		l.memPart = defaultMemoryPartSize
	}
	l.memPart = min(l.memPart, l.bytes)
	return l
}

// ReadFile reads the named xlsx file. It is [Reader.Read] on the opened
// file, which is closed before ReadFile returns.
func (rd *Reader) ReadFile(name string) (*Workbook, error) {
	if err := regular.Check(name); err != nil {
		if _, ok := err.(*fs.PathError); ok {
			return nil, fmt.Errorf("xlsx: %w", err)
		}
		return nil, fmt.Errorf("xlsx: %s is %w", name, err)
	}
	f, err := os.Open(name)
	if err != nil {
		return nil, fmt.Errorf("xlsx: %w", err)
	}
	defer f.Close()
	return rd.Read(f)
}

// Read reads a whole xlsx workbook from r and returns its content. It
// reads the parts it needs (workbook, relationships, shared strings,
// styles, sheets) one after the other from the archive, and writes no
// file; only a workbook with shared formulas is also opened by excelize,
// which is always closed, and its temporary files removed, before Read
// returns.
//
// Read returns an error wrapping:
//   - [ErrLegacyXLS] for an old binary .xls file (re-save it as .xlsx);
//   - [ErrEncrypted] for a password-protected workbook;
//   - [ErrNotXLSX] for anything else that is not an xlsx package (CSV,
//     text, HTML, other zip files, garbage);
//   - [ErrTooLarge] when a limit of the Reader is exceeded;
//   - [ErrMalformed] for an xlsx package with broken content;
//   - [ErrNoSheet] for a workbook without sheets.
//
// Errors about a place in a sheet are [*CellError] values. Read does not
// panic on any input.
func (rd *Reader) Read(r io.Reader) (wb *Workbook, err error) {
	lim := rd.limits()
	data, err := io.ReadAll(io.LimitReader(r, lim.bytes+1))
	if err != nil {
		return nil, fmt.Errorf("xlsx: reading input: %w", err)
	}
	if int64(len(data)) > lim.bytes {
		return nil, fmt.Errorf("%w: input larger than Reader.MaxBytes (%d bytes)", ErrTooLarge, lim.bytes)
	}
	if err := sniff(data); err != nil {
		return nil, err
	}
	defer func() {
		// excelize is not hardened against every malformed package; a
		// panic in it (or in this package) must not take the caller down.
		if p := recover(); p != nil {
			wb, err = nil, fmt.Errorf("%w: %s: %s", ErrMalformed, panicMarker, oneLine(fmt.Sprint(p)))
		}
	}()
	if err := checkBomb(data, lim); err != nil {
		return nil, err
	}
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrNotXLSX, err)
	}
	if err := checkParts(zr, int64(len(data)), lim); err != nil {
		return nil, err
	}
	// Our own look at the package first: a zip archive without a workbook
	// is not an xlsx file, whatever excelize would say about it.
	p := newPkg(zr, lim.bytes)
	p.charset = charsetReader()
	parts, err := p.workbookParts()
	if err != nil {
		return nil, err
	}
	if err := checkUnzipSize(zr, lim); err != nil {
		return nil, err
	}
	ex := &lazyExcelize{data: data, lim: lim, tempDir: rd.TempDir}
	defer func() {
		if cerr := ex.close(); cerr != nil && err == nil {
			wb, err = nil, fmt.Errorf("xlsx: closing workbook: %w", cerr)
		}
	}()
	return rd.readWorkbook(ex, p, parts, lim)
}

// charsetReader is excelize's reader of XML in other encodings than
// UTF-8, the one excelize used when it read the whole package.
var charsetReader = sync.OnceValue(func() func(string, io.Reader) (io.Reader, error) {
	f := excelize.NewFile()
	defer f.Close()
	return f.CharsetReader
})

// checkUnzipSize refuses a package whose parts declare more uncompressed
// bytes in all than Reader.MaxBytes, as excelize's UnzipSizeLimit did.
func checkUnzipSize(zr *zip.Reader, lim limits) error {
	var total uint64
	for _, f := range zr.File {
		total += f.UncompressedSize64
		if total > uint64(lim.bytes) {
			return fmt.Errorf("%w: uncompressed size exceeds Reader.MaxBytes (%d bytes)", ErrTooLarge, lim.bytes)
		}
	}
	return nil
}

// lazyExcelize opens the package with excelize the first time it is
// needed: only for shared formulas, whose text excelize works out from
// the formula they share. Everything else is read without excelize, so
// that reading a workbook makes no copy of its parts and no temporary
// file.
type lazyExcelize struct {
	data    []byte
	lim     limits
	tempDir string
	f       *excelize.File
	err     error
	opened  bool
}

func (l *lazyExcelize) file() (*excelize.File, error) {
	if !l.opened {
		l.opened = true
		l.f, l.err = excelize.OpenReader(bytes.NewReader(l.data), excelize.Options{
			UnzipSizeLimit:    l.lim.bytes,
			UnzipXMLSizeLimit: l.lim.memPart,
			TmpDir:            l.tempDir,
		})
		if l.err != nil {
			l.err = openError(l.err)
		}
	}
	return l.f, l.err
}

// close closes the excelize file, if it was opened, which removes its
// temporary files.
func (l *lazyExcelize) close() error {
	if l.f == nil {
		return nil
	}
	f := l.f
	l.f = nil
	return f.Close()
}

// checkBomb refuses a package whose directory claims more parts than
// Reader.MaxParts, before archive/zip reads the directory into memory.
func checkBomb(data []byte, lim limits) error {
	if n, ok := zipcheck.DirectoryRecords(bytes.NewReader(data), int64(len(data))); ok && n > uint64(lim.parts) {
		return fmt.Errorf("%w: the package has %d parts, more than Reader.MaxParts (%d)", ErrTooLarge, n, lim.parts)
	}
	return nil
}

// checkParts refuses the zip bombs that can be recognised from the
// directory: parts that overlap, and parts that would inflate more than
// Reader.MaxCompressionRatio times (excelize inflates every part).
func checkParts(zr *zip.Reader, size int64, lim limits) error {
	if len(zr.File) > lim.parts {
		return fmt.Errorf("%w: the package has %d parts, more than Reader.MaxParts (%d)", ErrTooLarge, len(zr.File), lim.parts)
	}
	if f, bad := zipcheck.Overlapping(zr.File, size); bad {
		return fmt.Errorf("%w: parts overlap or claim more data than the package holds (%s among them): a zip bomb or a corrupt file", ErrTooLarge, clip(f.Name))
	}
	for _, f := range zr.File {
		if zipcheck.TooCompressed(f, lim.ratio) {
			return fmt.Errorf("%w: part %s would inflate from %d to %d bytes, more than Reader.MaxCompressionRatio (%d) times: a zip bomb?", ErrTooLarge, clip(f.Name), f.CompressedSize64, f.UncompressedSize64, lim.ratio)
		}
	}
	return nil
}

// panicMarker is in the message of errors made from a recovered panic.
const panicMarker = "panic while reading"

// sniff recognises inputs that are not zip packages.
func sniff(data []byte) error {
	switch {
	case bytes.HasPrefix(data, []byte(oleSignature)):
		// An OLE2 compound file is an .xls workbook, or an xlsx encrypted
		// with a password (which is stored as an "EncryptedPackage" stream;
		// directory names are UTF-16LE).
		if bytes.Contains(data, utf16le("EncryptedPackage")) {
			return ErrEncrypted
		}
		return ErrLegacyXLS
	case bytes.HasPrefix(data, []byte("PK\x03\x04")), bytes.HasPrefix(data, []byte("PK\x05\x06")):
		return nil
	case len(data) == 0:
		return fmt.Errorf("%w: empty input", ErrNotXLSX)
	}
	head := data[:min(len(data), 512)]
	if utf8.Valid(head) && !bytes.ContainsRune(head, 0) {
		return fmt.Errorf("%w: input is text (CSV, HTML or similar), not a zip package; use ReadCSV for CSV", ErrNotXLSX)
	}
	return fmt.Errorf("%w: not a zip package", ErrNotXLSX)
}

func utf16le(s string) []byte {
	b := make([]byte, 0, 2*len(s))
	for i := 0; i < len(s); i++ {
		b = append(b, s[i], 0)
	}
	return b
}

// openError classifies an error from excelize.OpenReader.
func openError(err error) error {
	switch {
	case strings.Contains(err.Error(), "unzip size exceeds"): // excelize has no error value for it
		return fmt.Errorf("%w: uncompressed size exceeds Reader.MaxBytes: %w", ErrTooLarge, err)
	case errors.Is(err, excelize.ErrWorkbookFileFormat), errors.Is(err, zip.ErrFormat), errors.Is(err, zip.ErrAlgorithm):
		return fmt.Errorf("%w: %w", ErrNotXLSX, err)
	}
	return fmt.Errorf("%w: %w", ErrMalformed, err)
}

// readWorkbook copies every sheet out of the package.
func (rd *Reader) readWorkbook(ex *lazyExcelize, p *pkg, parts *workbookParts, lim limits) (*Workbook, error) {
	names := parts.names
	if len(names) == 0 {
		return nil, fmt.Errorf("%w: the workbook has no sheets", ErrNoSheet)
	}
	if len(names) > lim.sheets {
		return nil, fmt.Errorf("%w: %d sheets, more than Reader.MaxSheets (%d)", ErrTooLarge, len(names), lim.sheets)
	}
	wb := &Workbook{Date1904: parts.date1904}
	sst, err := p.sharedStrings(parts.sharedStrings, lim)
	if err != nil {
		return nil, err
	}
	formats, err := p.cellFormats(parts.styles)
	if err != nil {
		return nil, err
	}
	sc := &scanner{
		pkg: p, lim: lim, sst: sst, formats: formats,
		ctx: newCellContext(wb.Date1904, rd.DateLayouts), raw: rd.Raw, budget: lim.cells,
		styles: parts.styles, date1904: wb.Date1904,
	}
	for _, name := range names {
		part, ok := parts.sheets[strings.ToLower(name)]
		if !ok {
			return nil, &CellError{Sheet: name, Err: fmt.Errorf("%w: sheet has no part in the package", ErrMalformed)}
		}
		s, err := rd.readSheet(ex, sc, name, part)
		if err != nil {
			return nil, err
		}
		wb.Sheets = append(wb.Sheets, s)
	}
	return wb, nil
}

// readSheet reads one sheet: our own pass over its XML for positions,
// raw values, types, formulas and merged ranges, then the displayed values
// of the cells that have a number format (see display).
func (rd *Reader) readSheet(ex *lazyExcelize, sc *scanner, name, part string) (*Sheet, error) {
	scan, err := sc.scanSheet(name, part)
	if err != nil {
		return nil, err
	}
	if !rd.Raw && scan.formatted {
		if err := sc.display(name, scan.rows, &scan.display); err != nil {
			return nil, err
		}
	}
	scan.display = displayQueue{}
	if len(scan.sharedFormulas) > 0 {
		f, err := ex.file()
		if err != nil {
			return nil, err
		}
		for _, pos := range scan.sharedFormulas {
			ref, _ := excelize.CoordinatesToCellName(pos.col+1, scan.rows[pos.row].Num)
			formula, err := f.GetCellFormula(name, ref)
			if err != nil {
				return nil, &CellError{Sheet: name, Row: scan.rows[pos.row].Num, Col: pos.col + 1, Err: fmt.Errorf("%w: shared formula: %w", ErrMalformed, err)}
			}
			scan.rows[pos.row].Cells[pos.col].Formula = formula
		}
	}
	rows := scan.rows
	if rd.FillMerged && len(scan.merged) > 0 {
		if rows, err = sc.fillMerged(name, rows, scan.merged); err != nil {
			return nil, err
		}
	}
	var header []string
	if len(rows) > 0 && rows[0].Num == 1 {
		for _, c := range rows[0].Cells {
			header = append(header, c.Value)
		}
		rows = rows[1:]
	}
	return sc.finishSheet(name, header, rows, scan.mergedRefs())
}

// fillMerged copies the top-left value of each merged range into the
// other cells of the range, adding rows where needed.
func (sc *scanner) fillMerged(sheet string, rows []Row, merged []cellRange) ([]Row, error) {
	byNum := make(map[int]int, len(rows))
	for i, r := range rows {
		byNum[r.Num] = i
	}
	for _, m := range merged {
		ri, ok := byNum[m.r1]
		if !ok || m.c1-1 >= len(rows[ri].Cells) {
			continue
		}
		top := rows[ri].Cells[m.c1-1]
		if top.IsEmpty() {
			continue
		}
		top.Formula = ""
		if area := (m.r2 - m.r1 + 1) * (m.c2 - m.c1 + 1); area > sc.budget {
			return nil, &CellError{Sheet: sheet, Row: m.r1, Col: m.c1, Err: fmt.Errorf("%w: filling merged range %s would exceed Reader.MaxCells (%d)", ErrTooLarge, cellName(m.c1, m.r1)+":"+cellName(m.c2, m.r2), sc.lim.cells)}
		}
		for r := m.r1; r <= m.r2; r++ {
			i, ok := byNum[r]
			if !ok {
				rows = append(rows, Row{Num: r})
				i = len(rows) - 1
				byNum[r] = i
			}
			for c := m.c1; c <= m.c2; c++ {
				if r == m.r1 && c == m.c1 {
					continue
				}
				if err := sc.grow(sheet, &rows[i], c); err != nil {
					return nil, err
				}
				rows[i].Cells[c-1] = top
			}
		}
	}
	sort.Slice(rows, func(i, j int) bool { return rows[i].Num < rows[j].Num })
	return rows, nil
}

// finishSheet pads the rows to the header width and builds the key index.
func (sc *scanner) finishSheet(name string, header []string, rows []Row, merged []string) (*Sheet, error) {
	s := &Sheet{Name: name, Merged: merged}
	width := len(header)
	for i := range rows {
		if len(rows[i].Cells) < len(header) {
			if err := sc.grow(name, &rows[i], len(header)); err != nil {
				return nil, err
			}
		}
		width = max(width, len(rows[i].Cells))
	}
	s.index = newColumnIndex(header, width)
	s.Header = s.index.cols[:len(header):len(header)]
	for i := range rows {
		rows[i].index = s.index
	}
	if len(rows) > 0 {
		s.Rows = rows
	}
	return s, nil
}
