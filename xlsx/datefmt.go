package xlsx

// This file displays dates and times without excelize. excelize formats
// each date by looking up the language of the format for every year and
// day in it, and a format without a language tag ([$-409]) is looked for
// through every language it knows: about 150 µs a value, so that the
// "Modified On" column of a coding export of 20,000 references took three
// seconds. The formats displayed here are the ones made of day, month,
// year, hour, minute and second fields, AM/PM and literal text (custom
// ones, and the built-in date formats that excelize displays with a format
// code of its own), and each value is displayed exactly as excelize
// displays it (the tests compare the two on every format and value they
// try); any other format, value or cell type is left to excelize.

import (
	"strconv"
	"strings"
	"time"

	"github.com/xuri/nfp"
)

// dateLayout is the positive section of a date or time format that
// displayDate can display: its date-time fields and literal text, as the
// number format parser excelize uses reads them.
type dateLayout []nfp.Token

// parseDateLayout returns the layout of the number format code, or nil
// when displayDate cannot display it as excelize does: a language or
// currency tag, elapsed time ([h]), fractions of a second, a number, text
// or condition in the section numbers are shown with, or fields other than
// runs of one of y, m, d, h and s, and AM/PM or A/P in capitals.
func parseDateLayout(code string) dateLayout {
	p := nfp.NumberFormatParser()
	sections := p.Parse(code)
	var layout dateLayout
	for i, s := range sections {
		if s.Type != nfp.TokenSectionPositive {
			continue
		}
		if i != 0 {
			return nil // excelize shows numbers with the first positive section only; keep it simple
		}
		layout = s.Items
	}
	if len(layout) == 0 {
		return nil
	}
	fields := 0
	for _, tok := range layout {
		switch tok.TType {
		case nfp.TokenTypeLiteral:
		case nfp.TokenTypeDateTimes:
			if !isField(tok.TValue) && tok.TValue != "AM/PM" && tok.TValue != "A/P" {
				return nil
			}
			fields++
		default:
			return nil
		}
	}
	if fields == 0 {
		return nil
	}
	return layout
}

// builtInDateLayouts are the layouts of the built-in date and time
// formats that excelize displays with a format code of its own (the
// others depend on the language it is told).
var builtInDateLayouts = func() map[int]dateLayout {
	codes := map[int]string{14: "mm-dd-yy", 15: "d-mmm-yy", 16: "d-mmm", 17: "mmm-yy", 18: "h:mm AM/PM",
		19: "h:mm:ss AM/PM", 20: "hh:mm", 21: "hh:mm:ss", 22: "m/d/yy hh:mm", 45: "mm:ss"}
	layouts := map[int]dateLayout{}
	for id, code := range codes {
		layouts[id] = parseDateLayout(code)
	}
	return layouts
}()

// isField reports whether s is a run of one of the letters y, m, d, h and
// s, in either case.
func isField(s string) bool {
	if s == "" {
		return false
	}
	c := s[0] | 0x20
	if !strings.ContainsRune("ymdhs", rune(c)) {
		return false
	}
	for i := 1; i < len(s); i++ {
		if s[i]|0x20 != c {
			return false
		}
	}
	return true
}

// firstDateSerial and lastDateSerial bound the serial numbers displayDate
// displays: from 2 March 1900 (before it, excelize counts days as the
// Julian calendar and Lotus 1-2-3's 29 February 1900) to the last day of
// 9999.
const (
	firstDateSerial = 62
	lastDateSerial  = 2958466
)

// displayDate returns the number stored as raw, displayed with the layout
// in the workbook's date system (1904 when date1904 is set), and whether
// it could: raw must be a plain decimal number of the serials displayDate
// displays.
func (l dateLayout) displayDate(raw string, date1904 bool) (string, bool) {
	x, ok := serial(raw)
	if !ok {
		return "", false
	}
	t := excelTime(x, date1904)
	var b []byte
	ap := "" // the AM or PM chosen, for the rest of the value
	for i, tok := range l {
		v := tok.TValue
		if tok.TType == nfp.TokenTypeLiteral {
			b = append(b, v...)
			continue
		}
		if v == "AM/PM" || v == "A/P" {
			if ap == "" {
				ap = half(v, l.hourAfter(i, t))
			}
			b = append(b, ap...)
			continue
		}
		n := len(v)
		switch v[0] | 0x20 {
		case 'y':
			y := strconv.Itoa(t.Year())
			if n <= 2 {
				y = y[2:]
			}
			b = append(b, y...)
		case 'm':
			switch {
			case n <= 2 && l.isMinute(i):
				b = appendPadded(b, t.Minute(), n)
			case n <= 2:
				b = appendPadded(b, int(t.Month()), n)
			case n == 3:
				b = append(b, t.Month().String()[:3]...)
			case n == 5:
				b = append(b, t.Month().String()[:1]...)
			default:
				b = append(b, t.Month().String()...)
			}
		case 'd':
			switch n {
			case 1, 2:
				b = appendPadded(b, t.Day(), n)
			case 3:
				b = append(b, t.Weekday().String()[:3]...)
			default:
				b = append(b, t.Weekday().String()...)
			}
		case 'h':
			h := t.Hour()
			if next, ok := l.amPmAfter(i); ok {
				ap = half(next, h)
				if h > 12 {
					h -= 12
				}
			}
			if ap != "" {
				if l.hourAfter(i, t) < 0 && h > 12 {
					h -= 12
				}
				if h == 0 {
					h = 12
				}
			}
			b = appendPadded(b, h, n)
		case 's':
			b = appendPadded(b, t.Second(), n)
		}
	}
	return string(b), true
}

// appendPadded appends n, with two digits at least when width is not 1.
func appendPadded(b []byte, n, width int) []byte {
	if width != 1 && n < 10 {
		b = append(b, '0')
	}
	return strconv.AppendInt(b, int64(n), 10)
}

// half is the AM or PM half of an AM/PM field (A or P of A/P) for hour:
// the second from 12 on (an hour below 0 means no hour is shown after it).
func half(field string, hour int) string {
	am, pm, _ := strings.Cut(field, "/")
	if hour >= 12 {
		return pm
	}
	return am
}

// hourAfter returns the hour of t when a field after field i shows hours,
// else -1.
func (l dateLayout) hourAfter(i int, t time.Time) int {
	for _, tok := range l[i+1:] {
		if tok.TType == nfp.TokenTypeDateTimes && strings.ContainsAny(tok.TValue, "hH") {
			return t.Hour()
		}
	}
	return -1
}

// amPmAfter returns the AM/PM field that follows hour field i before any
// other hour field.
func (l dateLayout) amPmAfter(i int) (string, bool) {
	for _, tok := range l[i+1:] {
		if tok.TType != nfp.TokenTypeDateTimes {
			continue
		}
		if strings.ContainsAny(tok.TValue, "hH") {
			return "", false
		}
		if tok.TValue == "AM/PM" || tok.TValue == "A/P" {
			return tok.TValue, true
		}
	}
	return "", false
}

// isMinute reports whether the m or mm field i shows minutes: when the
// field before it shows hours or seconds, or the field after it seconds.
func (l dateLayout) isMinute(i int) bool {
	for j := i - 1; j >= 0; j-- {
		if l[j].TType == nfp.TokenTypeDateTimes {
			if strings.ContainsAny(l[j].TValue, "hHsS") {
				return true
			}
			break
		}
	}
	for _, tok := range l[i+1:] {
		if tok.TType == nfp.TokenTypeDateTimes {
			return strings.ContainsAny(tok.TValue, "sS")
		}
	}
	return false
}

// serial returns the number raw stores, as excelize reads it before
// displaying it (a number written with more than 15 digits is rounded to
// 15 significant digits), when raw is a plain decimal number within the
// serials displayDate displays.
func serial(raw string) (float64, bool) {
	dot := false
	for i := 0; i < len(raw); i++ {
		switch c := raw[i]; {
		case c >= '0' && c <= '9':
		case c == '.' && !dot && i > 0 && i < len(raw)-1:
			dot = true
		default:
			return 0, false
		}
	}
	if raw == "" {
		return 0, false
	}
	x, err := strconv.ParseFloat(raw, 64)
	if err != nil {
		return 0, false
	}
	if plain := strconv.FormatFloat(x, 'f', -1, 64); len(plain)-strings.Count(plain, ".") > 15 {
		x, _ = strconv.ParseFloat(strconv.FormatFloat(x, 'G', 15, 64), 64)
	}
	if x < firstDateSerial || x >= lastDateSerial {
		return 0, false
	}
	return x, true
}

// excelTime is the time a serial number from firstDateSerial on stands
// for, to the second, as excelize reckons it: the fraction of the day is
// taken with a nanosecond added and rounded to the second when past half
// a millisecond over it, else cut.
func excelTime(x float64, date1904 bool) time.Time {
	epoch := epoch1900
	if date1904 {
		epoch = epoch1904
	}
	days := int(x)
	day := float64(24 * time.Hour)
	t := epoch.AddDate(0, 0, days).Add(time.Duration(day * (x - float64(days) + 1e-9)))
	if t.Nanosecond()/1e6 > 500 {
		return t.Round(time.Second)
	}
	return t.Truncate(time.Second)
}
