package xlsx

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"
)

// CellType is the type of the value stored in a cell. For a formula cell it
// is the type of the cached result; see [Cell.Formula].
type CellType uint8

// Cell types.
const (
	TypeEmpty  CellType = iota // no value (or an empty string)
	TypeString                 // text: shared, inline or formula string; every CSV cell
	TypeNumber                 // a number, including percentages and other number formats
	TypeBool                   // a boolean: Raw is "1" or "0", Value "TRUE" or "FALSE"
	TypeDate                   // a number with a date or time format, or an ISO 8601 date cell
	TypeError                  // an error value such as "#DIV/0!" or "#N/A"
)

var typeNames = [...]string{"empty", "string", "number", "bool", "date", "error"}

// String returns the name of the type, such as "number".
func (t CellType) String() string {
	if int(t) < len(typeNames) {
		return typeNames[t]
	}
	return "CellType(" + strconv.Itoa(int(t)) + ")"
}

// A Cell is one cell of a [Row].
//
// Value is the text to use by default: the value as Excel displays it
// (number format applied: "7/17/2019 7:55 PM", "0.15%"), or the raw value when
// [Reader.Raw] is set. Raw is always the value as stored in the file: the
// Excel serial "43663.83" for a date, "0.0015" for a percentage, "1" for TRUE.
// For text cells both are the same string.
//
// The conversion methods [Cell.Time], [Cell.Float], [Cell.Int] and
// [Cell.Bool] work on Raw, so they do not depend on display formats.
//
// The zero Cell is an empty cell.
type Cell struct {
	Value   string   // as displayed, or raw when Reader.Raw is set
	Raw     string   // as stored
	Formula string   // the formula without "=", when the cell has one; it is never evaluated
	Type    CellType // type of the stored value

	ctx *cellContext // nil: 1900 date system and DefaultDateLayouts
}

// cellContext is what Cell.Time needs to know about the workbook and the
// Reader. It is shared by all cells of a workbook, and nil in the common
// case, so that cells stay small and compare equal to literal Cells.
type cellContext struct {
	date1904 bool     // the workbook uses the 1904 date system
	layouts  []string // Reader.DateLayouts; nil means DefaultDateLayouts
}

// newCellContext returns the context for the given settings, nil for the
// defaults.
func newCellContext(date1904 bool, layouts []string) *cellContext {
	if !date1904 && layouts == nil {
		return nil
	}
	return &cellContext{date1904: date1904, layouts: layouts}
}

// IsEmpty reports whether the cell holds no value. A formula cell without a
// cached result is empty.
func (c Cell) IsEmpty() bool { return c.Type == TypeEmpty }

// String returns c.Value.
func (c Cell) String() string { return c.Value }

// DefaultDateLayouts returns the Go time layouts that [Cell.Time] tries, in
// order, on dates written as text when [Reader.DateLayouts] is nil. They
// cover NVivo's en-US forms and ISO 8601:
//
//	1/2/2006 3:04:05 PM
//	1/2/2006 3:04 PM
//	1/2/2006 15:04:05
//	1/2/2006 15:04
//	1/2/2006
//	2006-01-02T15:04:05.999999999Z07:00
//	2006-01-02T15:04:05.999999999
//	2006-01-02 15:04:05.999999999
//	2006-01-02
//
// The result is a new slice on each call.
func DefaultDateLayouts() []string { return slices.Clone(defaultDateLayouts[:]) }

// defaultDateLayouts are the layouts DefaultDateLayouts returns; Cell.Time
// reads them without a copy.
var defaultDateLayouts = [...]string{
	"1/2/2006 3:04:05 PM",
	"1/2/2006 3:04 PM",
	"1/2/2006 15:04:05",
	"1/2/2006 15:04",
	"1/2/2006",
	time.RFC3339Nano,
	"2006-01-02T15:04:05.999999999",
	"2006-01-02 15:04:05.999999999",
	"2006-01-02",
}

// isoLayouts are tried on ISO 8601 date cells (t="d").
var isoLayouts = [...]string{
	time.RFC3339Nano,
	"2006-01-02T15:04:05.999999999",
	"2006-01-02 15:04:05.999999999",
	"2006-01-02T15:04",
	"2006-01-02",
	"15:04:05.999999999",
}

// Time returns the cell as a time.
//
// A number (or a cell of [TypeDate] holding a number) is read as an Excel
// serial date: days since 1899-12-30 in the 1900 date system (Excel's
// phantom 29 February 1900 included), or since 1904-01-01 when the workbook
// uses the 1904 date system. The time of day is rounded to the millisecond.
// An ISO 8601 date cell is parsed as such. Text is trimmed and parsed with the
// reader's [Reader.DateLayouts] (by default [DefaultDateLayouts]), the first
// layout that matches wins.
//
// Spreadsheets carry no time zone: the result is the wall-clock time in
// [time.UTC], unless the text itself has an offset.
//
// Time returns an error wrapping [ErrEmpty] for an empty cell and
// [ErrConvert] for a value that is not a date.
func (c Cell) Time() (time.Time, error) {
	raw := strings.TrimSpace(c.Raw)
	if c.Type == TypeEmpty || raw == "" {
		return time.Time{}, ErrEmpty
	}
	switch c.Type {
	case TypeNumber, TypeDate:
		if f, err := strconv.ParseFloat(raw, 64); err == nil {
			t, err := serialToTime(f, c.ctx != nil && c.ctx.date1904)
			if err != nil {
				return time.Time{}, err
			}
			return t, nil
		}
		for _, layout := range isoLayouts {
			if t, err := time.Parse(layout, raw); err == nil {
				return t, nil
			}
		}
	case TypeString:
		var layouts []string
		if c.ctx != nil {
			layouts = c.ctx.layouts
		}
		if layouts == nil {
			layouts = defaultDateLayouts[:]
		}
		for _, layout := range layouts {
			if t, err := time.Parse(layout, raw); err == nil {
				return t, nil
			}
		}
	}
	return time.Time{}, fmt.Errorf("%w: %q is not a date", ErrConvert, clip(raw))
}

// Float returns the cell as a float64. Numbers, dates (their serial) and
// booleans (1 or 0) convert directly. Text is trimmed and parsed; text
// ending in "%" is divided by 100 ("0.25%" is 0.0025, as NVivo writes
// coverage in CSV). NaN and infinities are rejected.
//
// Float returns an error wrapping [ErrEmpty] for an empty cell and
// [ErrConvert] for a value that is not a number.
func (c Cell) Float() (float64, error) {
	raw := strings.TrimSpace(c.Raw)
	if c.Type == TypeEmpty || raw == "" {
		return 0, ErrEmpty
	}
	if c.Type == TypeError {
		return 0, fmt.Errorf("%w: error value %q is not a number", ErrConvert, clip(raw))
	}
	scale := 1.0
	s := raw
	if c.Type == TypeString && strings.HasSuffix(s, "%") {
		s, scale = strings.TrimSpace(strings.TrimSuffix(s, "%")), 0.01
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
		return 0, fmt.Errorf("%w: %q is not a number", ErrConvert, clip(raw))
	}
	return f * scale, nil
}

// Int returns the cell as an int. The value must be a whole number: "3",
// "3.0" and "1E3" convert, "3.5" does not.
//
// Int returns an error wrapping [ErrEmpty] for an empty cell and
// [ErrConvert] for a value that is not a whole number or does not fit in an
// int.
func (c Cell) Int() (int, error) {
	raw := strings.TrimSpace(c.Raw)
	if c.Type == TypeEmpty || raw == "" {
		return 0, ErrEmpty
	}
	if c.Type != TypeError {
		if i, err := strconv.ParseInt(raw, 10, 0); err == nil {
			return int(i), nil
		}
	}
	f, err := c.Float()
	if err != nil {
		return 0, err
	}
	if f != math.Trunc(f) || f < math.MinInt64 || f >= math.MaxInt64 {
		return 0, fmt.Errorf("%w: %q is not a whole number", ErrConvert, clip(raw))
	}
	return int(f), nil
}

// Bool returns the cell as a bool. Boolean cells convert directly. Text is
// trimmed and matched case-insensitively: "true", "yes", "y", "1" are true,
// "false", "no", "n", "0" are false (NVivo writes both True/False and
// Yes/No). The numbers 1 and 0 convert too.
//
// Bool returns an error wrapping [ErrEmpty] for an empty cell and
// [ErrConvert] for any other value.
func (c Cell) Bool() (bool, error) {
	raw := strings.TrimSpace(c.Raw)
	if c.Type == TypeEmpty || raw == "" {
		return false, ErrEmpty
	}
	switch strings.ToLower(raw) {
	case "1", "true", "yes", "y":
		return true, nil
	case "0", "false", "no", "n":
		return false, nil
	}
	if c.Type == TypeNumber {
		if f, err := strconv.ParseFloat(raw, 64); err == nil && (f == 0 || f == 1) {
			return f == 1, nil
		}
	}
	return false, fmt.Errorf("%w: %q is not a boolean", ErrConvert, clip(raw))
}

// clip shortens long values quoted in error messages.
func clip(s string) string {
	const max = 64
	if len(s) <= max {
		return s
	}
	cut := max
	for cut > 0 && !isRuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + "…"
}

func isRuneStart(b byte) bool { return b&0xC0 != 0x80 }

// Excel serial dates.
var (
	epoch1900 = time.Date(1899, time.December, 30, 0, 0, 0, 0, time.UTC)
	epoch1904 = time.Date(1904, time.January, 1, 0, 0, 0, 0, time.UTC)
)

// maxSerial is 9999-12-31 23:59:59.999 in the 1900 date system, the last
// date Excel can show.
const maxSerial = 2958465.99999999

const msPerDay = 24 * 60 * 60 * 1000

// serialToTime converts an Excel serial date to a wall-clock time in UTC.
func serialToTime(serial float64, date1904 bool) (time.Time, error) {
	if math.IsNaN(serial) || serial < 0 || serial > maxSerial {
		return time.Time{}, fmt.Errorf("%w: %v is not a valid Excel date", ErrConvert, serial)
	}
	// Work in whole milliseconds, rounded, so that 0.5 ms noise from the
	// float representation disappears.
	ms := int64(math.Round(serial * msPerDay))
	days, rem := ms/msPerDay, ms%msPerDay
	var t time.Time
	switch {
	case date1904:
		t = epoch1904.AddDate(0, 0, int(days))
	case days >= 61 || days == 0:
		// From 1900-03-01 on the serial counts from 1899-12-30 because
		// Excel counts a 29 February 1900 that never existed. A bare time
		// (serial < 1) is taken on that epoch day, as most tools do.
		t = epoch1900.AddDate(0, 0, int(days))
	case days == 60:
		return time.Time{}, fmt.Errorf("%w: %v is Excel's non-existent 1900-02-29", ErrConvert, serial)
	default:
		// 1900-01-01 (serial 1) to 1900-02-28 (serial 59).
		t = epoch1900.AddDate(0, 0, int(days)+1)
	}
	return t.Add(time.Duration(rem) * time.Millisecond), nil
}

// timeToSerial converts the wall-clock time of t (in its own location) to
// an Excel serial date in the 1900 date system. ok is false for times Excel
// cannot represent (before 1900-01-01 or after 9999-12-31).
func timeToSerial(t time.Time) (serial float64, ok bool) {
	wall := time.Date(t.Year(), t.Month(), t.Day(), t.Hour(), t.Minute(), t.Second(), t.Nanosecond(), time.UTC)
	if wall.Year() < 1900 || wall.Year() > 9999 {
		return 0, false
	}
	// Whole seconds via Unix time: a time.Duration overflows after 292 years.
	secs := wall.Unix() - epoch1900.Unix()
	days := secs / 86400
	rem := time.Duration(secs%86400)*time.Second + time.Duration(wall.Nanosecond())
	if days < 61 {
		// Before 1900-03-01: one less, because of the phantom 1900-02-29.
		days--
	}
	ms := math.Round(float64(rem) / float64(time.Millisecond))
	return float64(days) + ms/msPerDay, true
}
