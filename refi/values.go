package refi

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// VariableValue is the value of a Variable for a case or a source. The value
// is kept in the lexical form it was written in (so that 1 stays 1 and does
// not become true); the methods parse it. Type is the value element that was
// present (TextValue, BooleanValue, ...), or "" for a VariableValue with no
// value, which the schema allows.
type VariableValue struct {
	Variable   GUID // the VariableRef target
	Type       VariableType
	Value      string
	Extensions *Extensions
}

// ErrValueType is returned by the VariableValue accessors when the value is
// of another type.
var ErrValueType = errors.New("refi: variable value has another type")

func (v VariableValue) want(t VariableType) (string, error) {
	if v.Type != t {
		return "", fmt.Errorf("%w: %s value, not %s", ErrValueType, typeName(v.Type), t)
	}
	return strings.TrimSpace(v.Value), nil
}

func typeName(t VariableType) string {
	if t == "" {
		return "no"
	}
	return string(t)
}

// Text returns the value of a TextValue.
func (v VariableValue) Text() (string, error) {
	if v.Type != VarText {
		return "", fmt.Errorf("%w: %s value, not Text", ErrValueType, typeName(v.Type))
	}
	return v.Value, nil
}

// Bool returns the value of a BooleanValue (true, false, 1 or 0).
func (v VariableValue) Bool() (bool, error) {
	s, err := v.want(VarBoolean)
	if err != nil {
		return false, err
	}
	return parseXSDBool(s)
}

// Int returns the value of an IntegerValue. Values outside the range of an
// int64 give an error (the schema's xsd:integer is unbounded).
func (v VariableValue) Int() (int64, error) {
	s, err := v.want(VarInteger)
	if err != nil {
		return 0, err
	}
	return parseXSDInt(s)
}

// Float returns the value of a FloatValue (an xsd:decimal).
func (v VariableValue) Float() (float64, error) {
	s, err := v.want(VarFloat)
	if err != nil {
		return 0, err
	}
	if !validDecimal(s) {
		return 0, fmt.Errorf("refi: invalid decimal %q", s)
	}
	return strconv.ParseFloat(strings.TrimPrefix(s, "+"), 64)
}

// Date returns the value of a DateValue as midnight UTC of that day (or in
// the value's own time zone when it has one).
func (v VariableValue) Date() (time.Time, error) {
	s, err := v.want(VarDate)
	if err != nil {
		return time.Time{}, err
	}
	return parseXSDDate(s)
}

// DateTime returns the value of a DateTimeValue. A value without a time
// zone is in [NoTimeZone] (offset 0: it compares as UTC).
func (v VariableValue) DateTime() (time.Time, error) {
	s, err := v.want(VarDateTime)
	if err != nil {
		return time.Time{}, err
	}
	t, ok := parseDateTime([]byte(s), nil)
	if !ok {
		return time.Time{}, fmt.Errorf("refi: invalid dateTime %q", s)
	}
	return t, nil
}

// TextValue returns a VariableValue holding text s.
func TextValue(variable GUID, s string) VariableValue {
	return VariableValue{Variable: variable, Type: VarText, Value: s}
}

// BoolValue returns a VariableValue holding b.
func BoolValue(variable GUID, b bool) VariableValue {
	return VariableValue{Variable: variable, Type: VarBoolean, Value: strconv.FormatBool(b)}
}

// IntValue returns a VariableValue holding n.
func IntValue(variable GUID, n int64) VariableValue {
	return VariableValue{Variable: variable, Type: VarInteger, Value: strconv.FormatInt(n, 10)}
}

// FloatValue returns a VariableValue holding f in decimal notation (the
// schema's xsd:decimal has no exponent form). f must be finite.
func FloatValue(variable GUID, f float64) VariableValue {
	return VariableValue{Variable: variable, Type: VarFloat, Value: strconv.FormatFloat(f, 'f', -1, 64)}
}

// DateValue returns a VariableValue holding the calendar date of t.
func DateValue(variable GUID, t time.Time) VariableValue {
	return VariableValue{Variable: variable, Type: VarDate, Value: t.Format("2006-01-02")}
}

// DateTimeValue returns a VariableValue holding t.
func DateTimeValue(variable GUID, t time.Time) VariableValue {
	return VariableValue{Variable: variable, Type: VarDateTime, Value: formatDateTime(t)}
}

func parseXSDBool(s string) (bool, error) {
	switch s {
	case "true", "1":
		return true, nil
	case "false", "0":
		return false, nil
	}
	return false, fmt.Errorf("refi: invalid boolean %q", s)
}

// parseXSDInt parses an xsd:integer: an optional sign and decimal digits.
func parseXSDInt(s string) (int64, error) {
	t := strings.TrimPrefix(s, "+")
	if t == "" || t == "-" {
		return 0, fmt.Errorf("refi: invalid integer %q", s)
	}
	n, err := strconv.ParseInt(t, 10, 64)
	if err != nil {
		var ne *strconv.NumError
		if errors.As(err, &ne) && ne.Err == strconv.ErrRange {
			return 0, fmt.Errorf("refi: integer %q out of range", s)
		}
		return 0, fmt.Errorf("refi: invalid integer %q", s)
	}
	return n, nil
}

// validDecimal reports whether s is an xsd:decimal lexical value.
func validDecimal(s string) bool {
	if s != "" && (s[0] == '+' || s[0] == '-') {
		s = s[1:]
	}
	digits, dot := 0, false
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c >= '0' && c <= '9':
			digits++
		case c == '.' && !dot:
			dot = true
		default:
			return false
		}
	}
	return digits > 0
}

func validXSDInteger(s string) bool {
	if s != "" && (s[0] == '+' || s[0] == '-') {
		s = s[1:]
	}
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

func parseXSDDate(s string) (time.Time, error) {
	// A date is a dateTime without the time part: [-]YYYY-MM-DD[zone].
	s = strings.TrimSpace(s)
	i := 0
	if i < len(s) && s[i] == '-' {
		i++
	}
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		i++
	}
	i += 6 // -MM-DD
	if i > len(s) {
		return time.Time{}, fmt.Errorf("refi: invalid date %q", s)
	}
	t, ok := parseDateTime([]byte(s[:i]+"T00:00:00"+s[i:]), nil)
	if !ok {
		return time.Time{}, fmt.Errorf("refi: invalid date %q", s)
	}
	if t.Location() == noZone {
		t = t.In(time.UTC)
	}
	return t, nil
}

// noZone is the location of a date and time read without a time zone.
var noZone = time.FixedZone("", 0)

// NoTimeZone returns the location of a time read from an xsd:dateTime
// written without a time zone (the schema allows one to be left out). Its
// offset is 0, so such a time compares as UTC; the Writer writes it back
// without a zone, as it was, except for a [Profile] whose tool writes
// every time with one (then as UTC, reported). A time built in Go can be
// given this location to be written without a zone.
func NoTimeZone() *time.Location { return noZone }

// hasTimeZone reports whether t is written with a time zone: false for a
// time in [NoTimeZone].
func hasTimeZone(t time.Time) bool { return t.Location() != noZone }

// FormatDateTime returns t in the form the Writer writes it, an
// xsd:dateTime: seconds, a fraction only when t has one, then Z for a zero
// offset, the offset otherwise, or nothing for a time in [NoTimeZone]
// (time.Time's own formats and encoding/json write such a time with Z).
func FormatDateTime(t time.Time) string { return formatDateTime(t) }

// zoneCache hands out one *time.Location per UTC offset so that reading a
// large project does not allocate a location for every timestamp.
type zoneCache map[int]*time.Location

func (z zoneCache) get(offset int) *time.Location {
	if offset == 0 {
		return time.UTC
	}
	if z != nil {
		if loc, ok := z[offset]; ok {
			return loc
		}
	}
	loc := time.FixedZone("", offset)
	if z != nil {
		z[offset] = loc
	}
	return loc
}

// parseDateTime parses an xsd:dateTime: [-]YYYY-MM-DDThh:mm:ss[.fff][Z|(+|-)hh:mm].
// A value without a zone is in noZone (offset 0, written back without
// one). 24:00:00 is the end of the day. Surrounding white space is allowed
// (the type collapses it).
func parseDateTime(b []byte, zones zoneCache) (time.Time, bool) {
	for len(b) > 0 && isSpaceByte(b[0]) {
		b = b[1:]
	}
	for len(b) > 0 && isSpaceByte(b[len(b)-1]) {
		b = b[:len(b)-1]
	}
	neg := false
	if len(b) > 0 && b[0] == '-' {
		neg = true
		b = b[1:]
	}
	// year: at least 4 digits
	i := 0
	for i < len(b) && b[i] >= '0' && b[i] <= '9' {
		i++
	}
	if i < 4 || (i > 4 && b[0] == '0') || i > 9 {
		return time.Time{}, false
	}
	year := atoiDigits(b[:i])
	if year == 0 {
		return time.Time{}, false // XSD 1.0 has no year 0000
	}
	if neg {
		year = -year
	}
	b = b[i:]
	if len(b) < 15 || b[0] != '-' || b[3] != '-' || b[6] != 'T' || b[9] != ':' || b[12] != ':' {
		return time.Time{}, false
	}
	month, ok1 := two(b[1:3])
	day, ok2 := two(b[4:6])
	hour, ok3 := two(b[7:9])
	minute, ok4 := two(b[10:12])
	sec, ok5 := two(b[13:15])
	if !(ok1 && ok2 && ok3 && ok4 && ok5) {
		return time.Time{}, false
	}
	b = b[15:]
	nsec := 0
	if len(b) > 0 && b[0] == '.' {
		j := 1
		for j < len(b) && b[j] >= '0' && b[j] <= '9' {
			j++
		}
		if j == 1 {
			return time.Time{}, false
		}
		frac := b[1:j]
		scale := 100000000
		for k := 0; k < len(frac) && k < 9; k++ {
			nsec += int(frac[k]-'0') * scale
			scale /= 10
		}
		b = b[j:]
	}
	if month < 1 || month > 12 || day < 1 || day > daysIn(month, year) || minute > 59 || sec > 59 {
		return time.Time{}, false
	}
	if hour > 23 && !(hour == 24 && minute == 0 && sec == 0 && nsec == 0) {
		return time.Time{}, false
	}
	loc := time.UTC
	switch {
	case len(b) == 0:
		loc = noZone
	case len(b) == 1 && b[0] == 'Z':
	case len(b) == 6 && (b[0] == '+' || b[0] == '-') && b[3] == ':':
		zh, ok1 := two(b[1:3])
		zm, ok2 := two(b[4:6])
		if !ok1 || !ok2 || zm > 59 || zh > 14 || (zh == 14 && zm != 0) {
			return time.Time{}, false
		}
		off := zh*3600 + zm*60
		if b[0] == '-' {
			off = -off
		}
		loc = zones.get(off)
	default:
		return time.Time{}, false
	}
	return time.Date(year, time.Month(month), day, hour, minute, sec, nsec, loc), true
}

func isSpaceByte(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

func two(b []byte) (int, bool) {
	if b[0] < '0' || b[0] > '9' || b[1] < '0' || b[1] > '9' {
		return 0, false
	}
	return int(b[0]-'0')*10 + int(b[1]-'0'), true
}

func atoiDigits(b []byte) int {
	n := 0
	for _, c := range b {
		n = n*10 + int(c-'0')
	}
	return n
}

func daysIn(month, year int) int {
	switch month {
	case 2:
		if year%4 == 0 && (year%100 != 0 || year%400 == 0) {
			return 29
		}
		return 28
	case 4, 6, 9, 11:
		return 30
	}
	return 31
}

// formatDateTime writes t as an xsd:dateTime: seconds, a fraction only when
// t has one, and Z for UTC or the numeric offset of t's zone (no zone for a
// time in NoTimeZone).
func formatDateTime(t time.Time) string {
	return string(appendDateTime(nil, t))
}

func appendDateTime(b []byte, t time.Time) []byte {
	if t.Location() == noZone {
		return t.AppendFormat(b, "2006-01-02T15:04:05.999999999")
	}
	if _, off := t.Zone(); off == 0 {
		t = t.UTC()
	}
	return t.AppendFormat(b, "2006-01-02T15:04:05.999999999Z07:00")
}

// RGB is a colour as three 8-bit channels.
type RGB struct{ R, G, B uint8 }

// String returns c as #RRGGBB in upper case, the form the schema accepts.
func (c RGB) String() string { return fmt.Sprintf("#%02X%02X%02X", c.R, c.G, c.B) }

// ParseColor reads a colour in any of the forms producers write: the
// schema's #RRGGBB and #RGB, #RRGGBBAA, and CSS rgb(r, g, b) and
// rgba(r, g, b, a). It returns the colour and its alpha (1 when opaque);
// ok is false when s is not a colour.
func ParseColor(s string) (c RGB, alpha float64, ok bool) {
	s = strings.TrimSpace(s)
	alpha = 1
	if strings.HasPrefix(s, "#") {
		h := s[1:]
		for i := 0; i < len(h); i++ {
			if !isHex(h[i]) {
				return RGB{}, 0, false
			}
		}
		x := func(i, n int) uint8 {
			v, _ := strconv.ParseUint(h[i:i+n], 16, 8)
			if n == 1 {
				v *= 17
			}
			return uint8(v)
		}
		switch len(h) {
		case 3:
			return RGB{x(0, 1), x(1, 1), x(2, 1)}, 1, true
		case 6:
			return RGB{x(0, 2), x(2, 2), x(4, 2)}, 1, true
		case 8:
			return RGB{x(0, 2), x(2, 2), x(4, 2)}, float64(x(6, 2)) / 255, true
		}
		return RGB{}, 0, false
	}
	lower := strings.ToLower(s)
	var args string
	hasAlpha := false
	switch {
	case strings.HasPrefix(lower, "rgba(") && strings.HasSuffix(lower, ")"):
		args, hasAlpha = s[5:len(s)-1], true
	case strings.HasPrefix(lower, "rgb(") && strings.HasSuffix(lower, ")"):
		args = s[4 : len(s)-1]
	default:
		return RGB{}, 0, false
	}
	parts := strings.Split(args, ",")
	if len(parts) != 3 && !(hasAlpha && len(parts) == 4) {
		return RGB{}, 0, false
	}
	var ch [3]uint8
	for i := 0; i < 3; i++ {
		p := strings.TrimSpace(parts[i])
		if strings.HasSuffix(p, "%") {
			f, err := strconv.ParseFloat(strings.TrimSuffix(p, "%"), 64)
			if err != nil || f < 0 || f > 100 {
				return RGB{}, 0, false
			}
			ch[i] = uint8(f*255/100 + 0.5)
			continue
		}
		n, err := strconv.Atoi(p)
		if err != nil || n < 0 || n > 255 {
			return RGB{}, 0, false
		}
		ch[i] = uint8(n)
	}
	if len(parts) == 4 {
		f, err := strconv.ParseFloat(strings.TrimSpace(parts[3]), 64)
		if err != nil || f < 0 || f > 1 {
			return RGB{}, 0, false
		}
		alpha = f
	}
	return RGB{ch[0], ch[1], ch[2]}, alpha, true
}

// validSchemaColor reports whether s matches the schema's RGBType.
func validSchemaColor(s string) bool {
	s = strings.TrimSpace(s)
	if len(s) != 4 && len(s) != 7 || s[0] != '#' {
		return false
	}
	for i := 1; i < len(s); i++ {
		if !isHex(s[i]) {
			return false
		}
	}
	return true
}
