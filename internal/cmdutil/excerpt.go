// Package cmdutil holds what the example commands share: the excerpt line
// format, safe output files and terminal detection.
package cmdutil

import (
	"strconv"
	"strings"

	"github.com/qdabridge/qdabridge/refi"
)

// ExcerptLine is one excerpt as the commands write it (JSON lines or CSV).
type ExcerptLine struct {
	Kind         refi.ExcerptKind `json:"kind"`
	Source       string           `json:"source"`
	SourceGUID   refi.GUID        `json:"sourceGUID"`
	Selections   []refi.GUID      `json:"selections,omitempty"`
	Start        int64            `json:"start"`
	End          int64            `json:"end"`
	Text         string           `json:"text"`
	Codes        []string         `json:"codes"`
	CodeGUIDs    []refi.GUID      `json:"codeGUIDs"`
	Participants []string         `json:"participants"`
	Coder        string           `json:"coder"`
	Created      string           `json:"created"`
	Memo         string           `json:"memo,omitempty"`
	Page         *int64           `json:"page,omitempty"`
	FirstX       *int64           `json:"firstX,omitempty"`
	FirstY       *int64           `json:"firstY,omitempty"`
	SecondX      *int64           `json:"secondX,omitempty"`
	SecondY      *int64           `json:"secondY,omitempty"`
	BeginMS      *int64           `json:"beginMs,omitempty"`
	EndMS        *int64           `json:"endMs,omitempty"`
	Error        string           `json:"error,omitempty"`
}

// ToLine turns an excerpt into its line.
func ToLine(e *refi.Excerpt, err error) ExcerptLine {
	l := ExcerptLine{Kind: e.Kind, Source: e.Source.Name, SourceGUID: e.Source.GUID, Selections: e.Selections,
		Start: e.Start, End: e.End, Text: e.Text, Codes: e.CodePaths(), CodeGUIDs: []refi.GUID{},
		Participants: []string{}, Coder: e.Coder.Name, Memo: e.Memo}
	if l.Coder == "" {
		l.Coder = string(e.Coder.GUID)
	}
	for _, c := range e.Codes {
		l.CodeGUIDs = append(l.CodeGUIDs, c.GUID)
	}
	for _, p := range e.Participants {
		name := p.Name
		if name == "" {
			name = string(p.GUID)
		}
		l.Participants = append(l.Participants, name)
	}
	if !e.Created.IsZero() {
		l.Created = refi.FormatDateTime(e.Created) // without a zone when it has none
	}
	ptr := func(v int64) *int64 { return &v }
	switch e.Kind {
	case refi.ExcerptPicture, refi.ExcerptPDFArea:
		if e.Kind == refi.ExcerptPDFArea {
			l.Page = ptr(e.Page)
		}
		l.FirstX, l.FirstY, l.SecondX, l.SecondY = ptr(e.FirstX), ptr(e.FirstY), ptr(e.SecondX), ptr(e.SecondY)
	case refi.ExcerptAudio, refi.ExcerptVideo, refi.ExcerptTranscript:
		l.BeginMS, l.EndMS = ptr(e.BeginMS), ptr(e.EndMS)
	}
	if err != nil {
		l.Error = err.Error()
	}
	return l
}

// CSVHeader is the header of the CSV form.
var CSVHeader = []string{"kind", "source", "sourceGUID", "selections", "start", "end", "text", "codes", "codeGUIDs",
	"participants", "coder", "created", "memo", "page", "firstX", "firstY", "secondX", "secondY", "beginMs", "endMs", "error"}

// Record returns the line as CSV cells, with cells that a spreadsheet
// would run as formulas quoted.
func (l ExcerptLine) Record() []string {
	opt := func(p *int64) string {
		if p == nil {
			return ""
		}
		return strconv.FormatInt(*p, 10)
	}
	guids := func(gs []refi.GUID) string {
		s := make([]string, len(gs))
		for i, g := range gs {
			s[i] = string(g)
		}
		return strings.Join(s, "; ")
	}
	rec := []string{string(l.Kind), l.Source, string(l.SourceGUID), guids(l.Selections),
		strconv.FormatInt(l.Start, 10), strconv.FormatInt(l.End, 10), l.Text, strings.Join(l.Codes, "; "), guids(l.CodeGUIDs),
		strings.Join(l.Participants, "; "), l.Coder, l.Created, l.Memo,
		opt(l.Page), opt(l.FirstX), opt(l.FirstY), opt(l.SecondX), opt(l.SecondY), opt(l.BeginMS), opt(l.EndMS), l.Error}
	for i, c := range rec {
		rec[i] = NoFormula(c)
	}
	return rec
}

// NoFormula keeps a spreadsheet from running a cell as a formula: a cell
// that starts with =, +, -, @, tab or CR gets a leading apostrophe.
func NoFormula(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}
