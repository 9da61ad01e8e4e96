package xsd

import (
	"strings"
)

// builtin identifies a supported built-in simple type.
type builtin uint8

const (
	bString builtin = iota
	bToken
	bInteger
	bDecimal
	bBoolean
	bDate
	bDateTime
)

var builtinNames = [...]string{
	bString:   "string",
	bToken:    "token",
	bInteger:  "integer",
	bDecimal:  "decimal",
	bBoolean:  "boolean",
	bDate:     "date",
	bDateTime: "dateTime",
}

// simpleType is a built-in type or a restriction of one.
type simpleType struct {
	name     string // for messages: "xsd:integer" or "GUIDType"
	ns       string // namespace of the type name (for xsi:type)
	local    string // local part of the type name
	prim     builtin
	collapse bool // whiteSpace="collapse" (everything but xsd:string)
	// patterns are alternatives (pattern facets of one derivation step are
	// ORed); patternSrc holds their XSD source for messages.
	patterns   []matcher
	patternSrc []string
	enums      []string
}

// builtinTypes are the supported built-in types, by local name.
var builtinTypes = func() map[string]*simpleType {
	m := make(map[string]*simpleType, len(builtinNames))
	for i, n := range builtinNames {
		m[n] = &simpleType{
			name:     "xsd:" + n,
			ns:       nsXSD,
			local:    n,
			prim:     builtin(i),
			collapse: builtin(i) != bString,
		}
	}
	return m
}()

// trivial reports whether every string is a valid value, so that element
// content of this type need not be buffered.
func (t *simpleType) trivial() bool {
	return t.prim == bString && len(t.patterns) == 0 && len(t.enums) == 0
}

// patternText renders the pattern facets for messages: in double quotes
// but otherwise verbatim (Go quoting would double every backslash), on one
// line.
func (t *simpleType) patternText() string {
	p := strings.Join(t.patternSrc, "|")
	p = strings.NewReplacer("\n", `\n`, "\r", `\r`, "\t", `\t`).Replace(p)
	return `"` + p + `"`
}

// check validates a lexical value and returns "" or a problem description.
func (t *simpleType) check(v string) string {
	if t.collapse {
		v = collapseWS(v)
	}
	if !lexicalOK(t.prim, v) {
		return "invalid " + builtinTypes[builtinNames[t.prim]].name + " value " + quote(v)
	}
	if len(t.patterns) > 0 {
		ok := false
		for _, re := range t.patterns {
			if re.MatchString(v) {
				ok = true
				break
			}
		}
		if !ok {
			return "value " + quote(v) + " of type " + t.name + " does not match pattern " + t.patternText()
		}
	}
	if len(t.enums) > 0 {
		for _, e := range t.enums {
			if e == v {
				return ""
			}
		}
		return "value " + quote(v) + " is not one of the values of " + t.name + ": " + strings.Join(t.enums, ", ")
	}
	return ""
}

// isXMLSpace reports whether c is XML white space (#x20 | #x9 | #xD | #xA).
func isXMLSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\r'
}

// allXMLSpace reports whether b holds only XML white space.
func allXMLSpace(b []byte) bool {
	for _, c := range b {
		if !isXMLSpace(c) {
			return false
		}
	}
	return true
}

// collapseWS applies the XSD whiteSpace="collapse" facet: every XML white
// space character becomes a space, runs of spaces become one, and leading
// and trailing spaces are removed. (Unlike strings.Fields it does not treat
// non-XML space such as U+00A0 as white space.)
func collapseWS(s string) string {
	clean := true
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c == '\t' || c == '\n' || c == '\r' ||
			(c == ' ' && (i == 0 || i == len(s)-1 || s[i+1] == ' ')) {
			clean = false
			break
		}
	}
	if clean {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for i := 0; i < len(s); i++ {
		c := s[i]
		if isXMLSpace(c) {
			space = true
			continue
		}
		if space && b.Len() > 0 {
			b.WriteByte(' ')
		}
		space = false
		b.WriteByte(c)
	}
	return b.String()
}

// lexicalOK checks a whitespace-processed value against the lexical space of
// a built-in type.
func lexicalOK(p builtin, v string) bool {
	switch p {
	case bString, bToken:
		return true // any XML characters; encoding/xml has checked them
	case bInteger:
		return isInteger(v)
	case bDecimal:
		return isDecimal(v)
	case bBoolean:
		return v == "true" || v == "false" || v == "1" || v == "0"
	case bDate:
		return isDateTime(v, false)
	case bDateTime:
		return isDateTime(v, true)
	}
	return false
}

func isDigit(c byte) bool { return '0' <= c && c <= '9' }

// digits returns the length of the run of ASCII digits at the start of s.
func digits(s string) int {
	n := 0
	for n < len(s) && isDigit(s[n]) {
		n++
	}
	return n
}

// isInteger: [+-]?[0-9]+ of any length.
func isInteger(v string) bool {
	if v != "" && (v[0] == '+' || v[0] == '-') {
		v = v[1:]
	}
	return v != "" && digits(v) == len(v)
}

// isDecimal: [+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+) of any length, no exponent.
func isDecimal(v string) bool {
	if v != "" && (v[0] == '+' || v[0] == '-') {
		v = v[1:]
	}
	n := digits(v)
	rest := v[n:]
	if rest == "" {
		return n > 0
	}
	if rest[0] != '.' {
		return false
	}
	m := digits(rest[1:])
	return len(rest) == 1+m && n+m > 0
}

// two parses exactly two ASCII digits at the start of s.
func two(s string) (int, bool) {
	if len(s) < 2 || !isDigit(s[0]) || !isDigit(s[1]) {
		return 0, false
	}
	return int(s[0]-'0')*10 + int(s[1]-'0'), true
}

// isDateTime checks xsd:date (withTime false) or xsd:dateTime:
//
//	'-'? yyyy '-' mm '-' dd ('T' hh ':' mm ':' ss ('.' s+)?)? (Z | (+|-) hh ':' mm)?
//
// The year has at least four digits, no leading zero when longer, and is not
// 0000 (XSD 1.0). Leap years follow the Gregorian rule on the year as
// written, as libxml2 does for negative years.
func isDateTime(v string, withTime bool) bool {
	if v != "" && v[0] == '-' {
		v = v[1:]
	}
	n := digits(v)
	if n < 4 || (n > 4 && v[0] == '0') {
		return false
	}
	year := v[:n]
	v = v[n:]
	mod400, zero := 0, true
	for i := 0; i < len(year); i++ {
		d := int(year[i] - '0')
		mod400 = (mod400*10 + d) % 400
		if d != 0 {
			zero = false
		}
	}
	if zero {
		return false
	}
	leap := mod400%4 == 0 && (mod400%100 != 0 || mod400 == 0)
	if len(v) < 6 || v[0] != '-' || v[3] != '-' {
		return false
	}
	month, ok1 := two(v[1:])
	day, ok2 := two(v[4:])
	if !ok1 || !ok2 || month < 1 || month > 12 || day < 1 || day > daysIn(month, leap) {
		return false
	}
	v = v[6:]
	if withTime {
		if len(v) < 9 || v[0] != 'T' || v[3] != ':' || v[6] != ':' {
			return false
		}
		hh, ok1 := two(v[1:])
		mm, ok2 := two(v[4:])
		ss, ok3 := two(v[7:])
		if !ok1 || !ok2 || !ok3 {
			return false
		}
		v = v[9:]
		fracZero := true
		if v != "" && v[0] == '.' {
			f := digits(v[1:])
			if f == 0 {
				return false
			}
			fracZero = strings.Trim(v[1:1+f], "0") == ""
			v = v[1+f:]
		}
		switch {
		case hh == 24:
			// 24:00:00 is the end of the day (XSD 1.0 second edition).
			if mm != 0 || ss != 0 || !fracZero {
				return false
			}
		case hh > 23 || mm > 59 || ss > 59:
			return false
		}
	}
	return isTimezone(v)
}

// isTimezone checks an optional time zone: "", "Z" or (+|-)hh:mm with
// hh:mm at most 14:00.
func isTimezone(v string) bool {
	switch {
	case v == "" || v == "Z":
		return true
	case len(v) != 6 || (v[0] != '+' && v[0] != '-') || v[3] != ':':
		return false
	}
	hh, ok1 := two(v[1:])
	mm, ok2 := two(v[4:])
	return ok1 && ok2 && mm <= 59 && (hh < 14 || (hh == 14 && mm == 0))
}

func daysIn(month int, leap bool) int {
	switch month {
	case 2:
		if leap {
			return 29
		}
		return 28
	case 4, 6, 9, 11:
		return 30
	}
	return 31
}
