package xlsx

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"unicode/utf8"
)

// A CSVReader reads the records of delimited text one at a time. It is
// the record reader of [Reader.ReadCSV], for callers that read other
// delimited forms (tab-separated text, say) with the same rules.
//
// It reads as encoding/csv's Reader does, with FieldsPerRecord -1 (records
// may have any number of fields), except for line ends: encoding/csv ends a
// record only at LF or CR LF and keeps a lone CR in the field, so that a
// file written with old Mac line ends (CR alone) is read as one record, and
// a file with mixed line ends merges the records around each lone CR.
// CSVReader reads line ends as text editors show them:
//
//   - outside quotes, LF, CR LF and a lone CR each end a record;
//   - inside a quoted field, CR LF is read as LF (as encoding/csv does),
//     and LF and a lone CR are kept as they are;
//   - lines are counted the same way (each LF, CR LF or lone CR ends a
//     line), in errors and in [CSVReader.FieldPos]; columns count bytes.
//
// Empty lines are skipped. A [*csv.ParseError] wrapping [csv.ErrQuote] or
// [csv.ErrBareQuote] reports invalid quoting, with the line and column
// where it was found.
type CSVReader struct {
	// Comma is the field delimiter, ',' when set by NewCSVReader. It must
	// be a valid rune other than '"', '\r', '\n' and U+FFFD.
	Comma rune

	// LazyQuotes accepts a quote in an unquoted field, and a quote not
	// followed by the delimiter or a line end in a quoted field, as
	// encoding/csv's LazyQuotes does.
	LazyQuotes bool

	r         *bufio.Reader
	line      int    // lines read so far
	lone      bool   // the line just read ended in a lone CR
	raw       []byte // the line being parsed, its end normalised to "\n"
	buf       []byte // the fields of the record, one after the other
	ends      []int  // end of each field in buf
	positions []csvPos
	rec       []string
}

// csvPos is the line and byte column where a field starts, 1-based.
type csvPos struct{ line, col int }

// NewCSVReader returns a CSVReader with Comma ',' that reads from r.
func NewCSVReader(r io.Reader) *CSVReader {
	return &CSVReader{Comma: ',', r: bufio.NewReader(r)}
}

// errCSVDelim is returned for an unusable Comma.
var errCSVDelim = errors.New("xlsx: invalid CSV field delimiter")

// Read reads one record. It returns io.EOF when there is none left, a
// [*csv.ParseError] for invalid quoting (with the fields read before it),
// and any error of the underlying reader. The slice returned is reused by
// the next call; the strings in it are not.
func (cr *CSVReader) Read() ([]string, error) {
	if cr.Comma == '"' || cr.Comma == '\r' || cr.Comma == '\n' || !utf8.ValidRune(cr.Comma) || cr.Comma == utf8.RuneError || cr.Comma == 0 {
		return nil, errCSVDelim
	}
	// the first line that is not empty
	var (
		line    []byte
		errRead error
	)
	for errRead == nil {
		line, errRead = cr.readLine()
		if errRead == nil && len(line) == lengthNL(line) {
			continue
		}
		break
	}
	if errRead == io.EOF {
		return nil, errRead
	}
	const quoteLen = len(`"`)
	commaLen := utf8.RuneLen(cr.Comma)
	recLine := cr.line
	cr.buf, cr.ends, cr.positions = cr.buf[:0], cr.ends[:0], cr.positions[:0]
	pos := csvPos{line: cr.line, col: 1}
	var err error
parseField:
	for {
		if len(line) == 0 || line[0] != '"' {
			// an unquoted field
			i := bytes.IndexRune(line, cr.Comma)
			field := line
			if i >= 0 {
				field = field[:i]
			} else {
				field = field[:len(field)-lengthNL(field)]
			}
			if !cr.LazyQuotes {
				if j := bytes.IndexByte(field, '"'); j >= 0 {
					err = &csv.ParseError{StartLine: recLine, Line: cr.line, Column: pos.col + j, Err: csv.ErrBareQuote}
					break parseField
				}
			}
			cr.buf = append(cr.buf, field...)
			cr.ends = append(cr.ends, len(cr.buf))
			cr.positions = append(cr.positions, pos)
			if i >= 0 {
				line = line[i+commaLen:]
				pos.col += i + commaLen
				continue parseField
			}
			break parseField
		}
		// a quoted field
		fieldPos := pos
		line = line[quoteLen:]
		pos.col += quoteLen
		for {
			i := bytes.IndexByte(line, '"')
			switch {
			case i >= 0:
				cr.buf = append(cr.buf, line[:i]...)
				line = line[i+quoteLen:]
				pos.col += i + quoteLen
				switch rn, _ := utf8.DecodeRune(line); {
				case rn == '"': // "" is a quote
					cr.buf = append(cr.buf, '"')
					line = line[quoteLen:]
					pos.col += quoteLen
				case rn == cr.Comma: // end of the field
					line = line[commaLen:]
					pos.col += commaLen
					cr.ends = append(cr.ends, len(cr.buf))
					cr.positions = append(cr.positions, fieldPos)
					continue parseField
				case lengthNL(line) == len(line): // end of the record
					cr.ends = append(cr.ends, len(cr.buf))
					cr.positions = append(cr.positions, fieldPos)
					break parseField
				case cr.LazyQuotes: // a quote like any other character
					cr.buf = append(cr.buf, '"')
				default:
					err = &csv.ParseError{StartLine: recLine, Line: cr.line, Column: pos.col - quoteLen, Err: csv.ErrQuote}
					break parseField
				}
			case len(line) > 0:
				// the field goes on on the next line, with this line's end
				cr.buf = append(cr.buf, line...)
				if cr.lone && line[len(line)-1] == '\n' {
					cr.buf[len(cr.buf)-1] = '\r'
				}
				if errRead != nil {
					break parseField
				}
				pos.col += len(line)
				line, errRead = cr.readLine()
				if len(line) > 0 {
					pos.line++
					pos.col = 1
				}
				if errRead == io.EOF {
					errRead = nil
				}
			default:
				// the input ends inside the quotes
				if !cr.LazyQuotes && errRead == nil {
					err = &csv.ParseError{StartLine: recLine, Line: pos.line, Column: pos.col, Err: csv.ErrQuote}
					break parseField
				}
				cr.ends = append(cr.ends, len(cr.buf))
				cr.positions = append(cr.positions, fieldPos)
				break parseField
			}
		}
	}
	if err == nil {
		err = errRead
	}
	// one string for the record, sliced into fields
	str := string(cr.buf)
	cr.rec = cr.rec[:0]
	prev := 0
	for _, end := range cr.ends {
		cr.rec = append(cr.rec, str[prev:end])
		prev = end
	}
	return cr.rec, err
}

// FieldPos returns the line and column where field i of the record last
// returned by Read starts, both 1-based; columns count bytes. It returns
// 0, 0 for an index out of range.
func (cr *CSVReader) FieldPos(i int) (line, column int) {
	if i < 0 || i >= len(cr.positions) {
		return 0, 0
	}
	return cr.positions[i].line, cr.positions[i].col
}

// readLine reads the next line with its end: LF, CR LF or a lone CR,
// normalised to "\n" (cr.lone says whether it was a lone CR). The last line
// may have no end. The error is never io.EOF when bytes were read. The
// line is valid until the next call.
func (cr *CSVReader) readLine() ([]byte, error) {
	cr.raw, cr.lone = cr.raw[:0], false
	for {
		chunk, err := cr.r.Peek(max(cr.r.Buffered(), 1))
		if len(chunk) == 0 {
			if len(cr.raw) > 0 && err == io.EOF {
				err = nil
			}
			if len(cr.raw) > 0 {
				cr.line++
			}
			return cr.raw, err
		}
		i := bytes.IndexAny(chunk, "\r\n")
		if i < 0 {
			cr.raw = append(cr.raw, chunk...)
			_, _ = cr.r.Discard(len(chunk))
			continue
		}
		cr.raw = append(cr.raw, chunk[:i]...)
		cr.raw = append(cr.raw, '\n')
		_, _ = cr.r.Discard(i + 1)
		cr.line++
		if chunk[i] == '\r' {
			// a CR at the end of the buffer: look at the next byte
			if next, err := cr.r.Peek(1); len(next) == 1 && next[0] == '\n' {
				_, _ = cr.r.Discard(1)
			} else if err != nil && err != io.EOF {
				return cr.raw, err
			} else {
				cr.lone = true
			}
		}
		return cr.raw, nil
	}
}

// lengthNL is 1 when b ends in "\n", else 0.
func lengthNL(b []byte) int {
	if len(b) > 0 && b[len(b)-1] == '\n' {
		return 1
	}
	return 0
}

// csvError turns an error of a CSVReader into one of ReadCSV.
func csvError(err error, maxBytes int64) error {
	if errors.Is(err, ErrTooLarge) {
		return fmt.Errorf("%w: CSV input larger than Reader.MaxBytes (%d bytes)", ErrTooLarge, maxBytes)
	}
	return fmt.Errorf("%w: CSV: %w", ErrMalformed, err)
}
