package refi

import (
	"fmt"
	"strings"
)

// WarningCode names a kind of quirk or problem the reader met. The codes are
// stable strings, suitable for JSON and for filtering.
type WarningCode string

// The warnings the reader gives. Each is listed with what the reader does.
const (
	// WarnQDEName: the project file in the archive is not called project.qde
	// (ATLAS.ti writes "<project name>.qde", the spec's Annex "Project.qde").
	// The single *.qde at the root is read.
	WarnQDEName WarningCode = "qde-name"
	// WarnSourcesFolder: the sources folder is not "sources/" (NVivo for
	// Windows writes "Sources/"), or source files lie at the archive root.
	// Names are matched case-insensitively; the writer uses "sources/".
	WarnSourcesFolder WarningCode = "sources-folder"
	// WarnSourcePath: a source path has no URL scheme (qc writes
	// plainTextPath="board_2017.txt") or puts the folder in the URL
	// ("internal://sources/x.txt"). It is resolved as an internal file and
	// kept as written.
	WarnSourcePath WarningCode = "source-path"
	// WarnMissingSource: a source file named by the project is not in the
	// archive, or cannot be read (larger than Limits.MaxTextSize, corrupt,
	// or a zip bomb), or a text with selections has neither plainTextPath
	// nor PlainTextContent. Its text is unavailable; the project is still
	// read.
	WarnMissingSource WarningCode = "missing-source-file"
	// WarnInsecurePath: an archive entry name or a source path would escape
	// the archive (../, absolute, drive letter, backslash). The entry is
	// ignored and never copied; the path is never resolved.
	WarnInsecurePath WarningCode = "insecure-path"
	// WarnNamespace: the document uses another namespace than
	// urn:QDA-XML:project:1.0 (or codebook:1.0): a draft (project:0:10,
	// codebook:0:4), a typo (codebook:1:0) or none. Read as the standard one;
	// written with the standard namespace.
	WarnNamespace WarningCode = "namespace"
	// WarnGUIDForm (notice): GUIDs written in braces or in upper case. Both
	// are valid; they are compared case-insensitively without braces and
	// written back as they were read.
	WarnGUIDForm WarningCode = "guid-form"
	// WarnInvalidGUID: an identifier that is not a GUID (OpenQDA's "c001").
	// Kept as read; the writer replaces it with a GUID derived from it and records the
	// original, which this package restores when it reads the file again.
	WarnInvalidGUID WarningCode = "invalid-guid"
	// WarnDuplicateGUID: two objects share a GUID (other than NVivo's
	// case-codes and ATLAS.ti's PDF selections that share a GUID with the text
	// selection of the same passage). Both are kept.
	WarnDuplicateGUID WarningCode = "duplicate-guid"
	// WarnDanglingRef: a reference (CodeRef, NoteRef, SourceRef, user...)
	// names no object of the project. Kept as read.
	WarnDanglingRef WarningCode = "dangling-reference"
	// WarnEmptyContainer: an empty container the schema forbids (<Sets/>,
	// <Codes/>...). Read as empty; the writer omits it.
	WarnEmptyContainer WarningCode = "empty-container"
	// WarnColor: a colour that is not #RRGGBB or #RGB (rgb(), rgba(), ...).
	// Kept as read; the writer converts it to #RRGGBB (dropping alpha).
	WarnColor WarningCode = "color"
	// WarnCaseCode (notice): NVivo's convention of a code that is also a
	// case (same GUID), or a coding whose CodeRef names a case. Kept.
	WarnCaseCode WarningCode = "case-code"
	// WarnDocumentVariables (notice): a Case with no name and exactly one
	// SourceRef, MAXQDA's and Quirkos's way of attaching document variables
	// to a source. Kept as a case.
	WarnDocumentVariables WarningCode = "document-variable-case"
	// WarnUnknown: an element or attribute the schema does not define. Kept
	// in the Extensions of its parent.
	WarnUnknown WarningCode = "unknown-content"
	// WarnInvalidValue: an attribute or element value the schema does not
	// allow (a bad integer, boolean, date...). Kept as written in Extensions;
	// a required value that cannot be read makes its whole element an
	// extension.
	WarnInvalidValue WarningCode = "invalid-value"
	// WarnMissingAttr: a required attribute is missing. The element is kept
	// when the model can hold it without the attribute.
	WarnMissingAttr WarningCode = "missing-attribute"
	// WarnOrder: child elements are not in the order of the schema's
	// sequence. Read in any order; written in schema order.
	WarnOrder WarningCode = "element-order"
	// WarnDuplicateElement: an element that may occur once occurs again. The
	// extra one is kept in Extensions.
	WarnDuplicateElement WarningCode = "duplicate-element"
	// WarnSelectionRange: a selection with a negative position, start after
	// end, or an end past its text. Kept as read.
	WarnSelectionRange WarningCode = "selection-range"
	// WarnPositionUnit: the text's evidence about what positions count
	// disagrees with what the producer is known to write. The evidence wins
	// when it is decisive.
	WarnPositionUnit WarningCode = "position-unit"
	// WarnTextEncoding: a source text file is not valid UTF-8 (or has a
	// UTF-16 byte-order mark). Positions are counted on its bytes decoded with
	// U+FFFD for invalid sequences.
	WarnTextEncoding WarningCode = "text-encoding"
	// WarnDoctype: a DOCTYPE declaration. It is skipped; entities it declares
	// are never expanded.
	WarnDoctype WarningCode = "doctype"
	// WarnXMLEncoding: the document declares an encoding other than UTF-8
	// (which the standard requires) and was transcoded.
	WarnXMLEncoding WarningCode = "xml-encoding"
	// WarnTimezone (notice): a date and time without a time zone (the
	// schema allows it). It is kept without one, in [NoTimeZone], and
	// compared as UTC; a Profile whose tool writes zones writes it as UTC.
	WarnTimezone WarningCode = "timezone"
	// WarnContentAndPath: a text with both PlainTextContent and
	// plainTextPath, which the schema's comment forbids. The file is used.
	WarnContentAndPath WarningCode = "content-and-path"
	// WarnLegacyForm: a pre-release form of an element (Transana's
	// MemberSource@guid, MemberNote holding the GUID as text). Read as the
	// standard form and written in it.
	WarnLegacyForm WarningCode = "legacy-form"
)

// Level says how serious a warning is.
type Level uint8

const (
	// LevelWarning is a departure from the schema or the standard, or a
	// problem with the data. A strict Reader fails on these.
	LevelWarning Level = iota
	// LevelNotice is something valid but worth knowing: a producer's
	// convention such as upper-case GUIDs or NVivo's case-codes. A strict
	// Reader does not fail on notices.
	LevelNotice
)

// String returns "warning" or "notice".
func (l Level) String() string {
	if l == LevelNotice {
		return "notice"
	}
	return "warning"
}

// Level returns the level of warnings with this code.
func (c WarningCode) Level() Level {
	switch c {
	case WarnGUIDForm, WarnCaseCode, WarnDocumentVariables, WarnTimezone:
		return LevelNotice
	}
	return LevelWarning
}

// A Warning is a quirk or problem met while reading, with where it was met.
type Warning struct {
	Code    WarningCode `json:"code"`
	File    string      `json:"file,omitempty"` // file inside the archive, or the file read
	Path    string      `json:"path,omitempty"` // element path with sibling indices
	GUID    GUID        `json:"guid,omitempty"` // GUID of the nearest element that has one
	Attr    string      `json:"attr,omitempty"`
	Line    int         `json:"line,omitempty"`
	Message string      `json:"message"`
}

// String returns the warning on one line.
func (w Warning) String() string {
	var b strings.Builder
	writeLocation(&b, w.File, w.Line, w.Path, w.GUID, w.Attr)
	b.WriteString(w.Message)
	fmt.Fprintf(&b, " [%s]", w.Code)
	return b.String()
}

// warnings collects warnings, keeping at most max of each code and counting
// the rest.
type warnings struct {
	list    []Warning
	counts  map[WarningCode]int
	max     int
	strict  bool
	strictE error
}

func (ws *warnings) add(w Warning) {
	if ws.counts == nil {
		ws.counts = make(map[WarningCode]int)
	}
	ws.counts[w.Code]++
	if ws.strict && ws.strictE == nil && w.Code.Level() == LevelWarning {
		ws.strictE = &FormatError{File: w.File, Path: w.Path, GUID: w.GUID, Attr: w.Attr, Line: w.Line,
			Err: fmt.Errorf("%w: %s [%s]", ErrStrict, w.Message, w.Code)}
	}
	if ws.max > 0 && ws.counts[w.Code] > ws.max {
		return
	}
	ws.list = append(ws.list, w)
}

// addf adds the warning mk builds, building it only when it will be
// listed (mk may be expensive: it renders paths).
func (ws *warnings) addf(code WarningCode, mk func() Warning) {
	if ws.counts == nil {
		ws.counts = make(map[WarningCode]int)
	}
	if ws.max > 0 && ws.counts[code] >= ws.max && (!ws.strict || ws.strictE != nil || code.Level() != LevelWarning) {
		ws.counts[code]++
		return
	}
	w := mk()
	w.Code = code
	ws.add(w)
}

// result returns the kept warnings followed by one summary warning per code
// that had more than max.
func (ws *warnings) result() []Warning {
	out := ws.list
	if ws.max > 0 {
		for _, w := range ws.list {
			n := ws.counts[w.Code]
			if n > ws.max {
				out = append(out, Warning{Code: w.Code, File: w.File,
					Message: fmt.Sprintf("%d more warnings of this kind not listed (%d in all)", n-ws.max, n)})
				ws.counts[w.Code] = -n // report once
			}
		}
		for c, n := range ws.counts {
			if n < 0 {
				ws.counts[c] = -n
			}
		}
	}
	return out
}
