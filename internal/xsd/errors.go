package xsd

import (
	"strconv"
	"strings"
)

// MaxErrors is the number of problems [Schema.Validate] reports in full.
// Further problems are counted and summarised by a final *Error whose Msg
// reads "...and N more".
const MaxErrors = 100

// An Error reports one problem found by [Schema.Validate]: a validity error
// or the well-formedness error that stopped parsing.
type Error struct {
	// Line is the 1-based line of the element, attribute or text at fault,
	// or 0 when unknown.
	Line int
	// Path is the indexed element path of the element at fault, such as
	// /Project/Sources/TextSource[2]/PlainTextSelection[5]. A step has an
	// index only when it is not the first sibling of that name. Path is
	// empty for problems outside the root element.
	Path string
	// Attr is the name of the attribute at fault (with its prefix, if it
	// has one), or empty.
	Attr string
	// Msg describes the problem.
	Msg string
	// Err is the underlying cause, such as an *xml.SyntaxError for a
	// document that is not well-formed, or nil.
	Err error
}

// Error returns the problem on one line, prefixed "xsd: ".
func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString("xsd: ")
	if e.Line > 0 {
		b.WriteString("line ")
		b.WriteString(strconv.Itoa(e.Line))
		b.WriteString(": ")
	}
	if e.Path != "" || e.Attr != "" {
		b.WriteString(e.Path)
		if e.Attr != "" {
			b.WriteString("/@")
			b.WriteString(e.Attr)
		}
		b.WriteString(": ")
	}
	b.WriteString(e.Msg)
	return b.String()
}

// Unwrap returns the underlying cause, if any.
func (e *Error) Unwrap() error { return e.Err }

// quote renders a value for a message: quoted, on one line and shortened
// when long.
func quote(s string) string {
	const max = 80
	if len(s) > max {
		cut := max
		for cut > 0 && !utf8RuneStart(s[cut]) {
			cut--
		}
		return strconv.Quote(s[:cut]) + "..."
	}
	return strconv.Quote(s)
}

func utf8RuneStart(b byte) bool { return b&0xC0 != 0x80 }
