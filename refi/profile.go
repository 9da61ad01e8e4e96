package refi

import (
	"bytes"
	"fmt"
	"sort"
	"strings"
)

// LineEndings is how a profile writes the line breaks of plain-text files.
type LineEndings string

// Line ending choices.
const (
	KeepLineEndings LineEndings = ""     // as the file has them
	LF              LineEndings = "LF"   // "\n"
	CRLF            LineEndings = "CRLF" // "\r\n"
)

// Profile describes the conventions a target tool expects of a .qdpx, which
// the standard leaves open or which tools read differently: what text
// positions count, how plain-text files end their lines and whether they
// start with a byte-order mark, where document variables go, and how source
// files are named; and what the tool's importer is known to need (names it
// keeps unique, the one form of case links it reads, what it does not show
// at all: see [Profile.Notes]). A [Writer] with a Profile converts the
// project to it, keeping every selection on the same passage, and its
// [Report] says what it changed and counts in the [Ledger] what became of
// every item: renamed, moved, dropped, or invisible in the tool.
type Profile struct {
	// Name is the profile's short name (spec, nvivo, atlasti, maxqda,
	// qualcoder); Tool is the software it is for.
	Name, Tool string
	// Positions is the convention positions are written in.
	Positions Positions
	// LineEndings and BOM say how plain-text source files are written.
	LineEndings LineEndings
	BOM         bool
	// CaseVariables puts document variables in a nameless case with one
	// SourceRef (MAXQDA's and QualCoder's reading) instead of in the
	// source's own VariableValues (the schema's place).
	CaseVariables bool
	// GroupVariables also writes each variable value as a set named
	// "variable: value" of the sources it applies to, which is how ATLAS.ti
	// shows document and case attributes.
	GroupVariables bool
	// PDFTopLeft means the tool reads PDF coordinates from the top-left
	// corner of the page (QualCoder) instead of the standard's bottom-left.
	// The writer cannot convert without the page sizes; it reports the PDF
	// selections concerned.
	PDFTopLeft bool
	// NoPDFText means the tool does not import text selections in a PDF's
	// text representation (NVivo); the writer reports them.
	NoPDFText bool
	// ZonedTimes means the tool writes every date and time with a time
	// zone: audit dates and times read without one ([NoTimeZone]) are
	// written as UTC, and reported. Variable values are written as they are.
	ZonedTimes bool

	// adapt restructures the project for what the tool's importer is known
	// to read (see the profile's documentation).
	adapt func(*adapter) []Change
}

// The profiles of the tools this package knows. The conventions come from
// their exports and importers: NVivo counts UTF-16 code units on CR LF text
// with a BOM; ATLAS.ti and MAXQDA count CR LF as one character; MAXQDA and
// QualCoder read document variables from nameless cases; ATLAS.ti shows
// attributes as groups; QualCoder reads PDF coordinates from the top left.
// The four tools write every date and time with a zone (Z). Files are
// always written in "sources/" and named <GUID>.<ext>. What each adapts
// for its tool's importer is in importers.go (NVivo, ATLAS.ti, MAXQDA:
// from their documentation and reports) and qualcoder.go (QualCoder's
// importer, read and run).
var profiles = []Profile{
	{Name: "spec", Tool: "the REFI-QDA standard", Positions: Positions{Unit: CodePoints}, LineEndings: LF, adapt: adaptSpec},
	{Name: "nvivo", Tool: "NVivo", Positions: Positions{Unit: UTF16}, LineEndings: CRLF, BOM: true, NoPDFText: true, ZonedTimes: true, adapt: adaptNVivo},
	{Name: "atlasti", Tool: "ATLAS.ti", Positions: Positions{Unit: CodePoints, CRLFAsOne: true}, LineEndings: LF, GroupVariables: true, ZonedTimes: true, adapt: adaptATLASti},
	{Name: "maxqda", Tool: "MAXQDA", Positions: Positions{Unit: CodePoints, CRLFAsOne: true}, LineEndings: LF, CaseVariables: true, ZonedTimes: true, adapt: adaptMAXQDA},
	{Name: "qualcoder", Tool: "QualCoder", Positions: Positions{Unit: CodePoints}, LineEndings: LF, CaseVariables: true, PDFTopLeft: true, ZonedTimes: true, adapt: adaptQualCoder},
}

// ProfileNames returns the names of the known profiles.
func ProfileNames() []string {
	out := make([]string, len(profiles))
	for i, p := range profiles {
		out[i] = p.Name
	}
	return out
}

// LookupProfile returns the profile with the given name (case-insensitive).
func LookupProfile(name string) (*Profile, error) {
	for _, p := range profiles {
		if strings.EqualFold(p.Name, name) {
			return &p, nil
		}
	}
	return nil, fmt.Errorf("refi: unknown profile %q (known: %s)", name, strings.Join(ProfileNames(), ", "))
}

// profileOrigin is the origin written for a project converted to a profile:
// it names the profile (so this package reads the positions right) and the
// original producer.
func profileOrigin(prof *Profile, origin string) string {
	if strings.HasPrefix(origin, "qdabridge") {
		if i := strings.Index(origin, "from "); i >= 0 {
			origin = strings.TrimSuffix(origin[i+5:], ")")
		} else {
			origin = ""
		}
	}
	if origin == "" {
		return fmt.Sprintf("qdabridge (profile %s)", prof.Name)
	}
	return fmt.Sprintf("qdabridge (profile %s; from %s)", prof.Name, origin)
}

// profileOfOrigin recognises an origin written by profileOrigin.
func profileOfOrigin(origin string) (*Profile, bool) {
	if !strings.HasPrefix(origin, "qdabridge") {
		return nil, false
	}
	i := strings.Index(origin, "(profile ")
	if i < 0 {
		return nil, false
	}
	rest := origin[i+len("(profile "):]
	end := strings.IndexAny(rest, ";)")
	if end < 0 {
		return nil, false
	}
	p, err := LookupProfile(rest[:end])
	return p, err == nil
}

// textConverter rewrites one plain text for a profile and maps positions
// from the project's convention on the old text to the profile's on the new.
type textConverter struct {
	length   int64 // of the text in from, when only positions are checked
	from, to Positions
	old      *Text
	new      *Text
	out      []byte // the new file, with a BOM when the profile wants one
	// breaks are byte offsets in the old text where a line break was
	// rewritten, with the change in length from that point on.
	breaks []lineBreak
}

type lineBreak struct {
	at    int // offset in the old text of the first byte after the break
	delta int // cumulative change in length up to and including this break
	mid   int // offset in the old text between CR and LF, or -1
}

// newTextConverter converts text b (a file's bytes or inline content).
// Inline content is never rewritten (rewrite false): only positions are
// converted.
func newTextConverter(b []byte, from Positions, prof *Profile, rewrite bool) *textConverter {
	c := &textConverter{from: from, to: prof.Positions, old: NewText(b)}
	s := c.old.String()
	if !rewrite || prof.LineEndings == KeepLineEndings {
		c.new = c.old
		if rewrite {
			c.out = withBOM(s, prof.BOM)
		}
		return c
	}
	var nb strings.Builder
	nb.Grow(len(s) + len(s)/40)
	delta := 0
	last := 0
	for i := 0; i < len(s); i++ {
		ch := s[i]
		if ch != '\r' && ch != '\n' {
			continue
		}
		n, mid := 1, -1
		if ch == '\r' && i+1 < len(s) && s[i+1] == '\n' {
			n, mid = 2, i+1
		}
		want := "\n"
		if prof.LineEndings == CRLF {
			want = "\r\n"
		}
		if s[i:i+n] != want {
			nb.WriteString(s[last:i])
			nb.WriteString(want)
			last = i + n
			delta += len(want) - n
			c.breaks = append(c.breaks, lineBreak{at: i + n, delta: delta, mid: mid})
		}
		i += n - 1
	}
	nb.WriteString(s[last:])
	ns := nb.String()
	if len(c.breaks) == 0 {
		ns = s
	}
	c.new = NewText(withBOM(ns, true)) // a U+FEFF that starts ns is text, not a mark
	c.out = withBOM(ns, prof.BOM)
	return c
}

// withBOM returns s with a byte-order mark in front when bom is set, and
// also when s itself starts with U+FEFF: readers take a leading U+FEFF for
// a byte-order mark and leave it out, so the text's own must come after
// one, or every position would move by one character.
func withBOM(s string, bom bool) []byte {
	if bom || strings.HasPrefix(s, "\uFEFF") {
		return append([]byte("\uFEFF"), s...)
	}
	return []byte(s)
}

// mapByte maps a byte offset of the old text to the new text. An offset
// between CR and LF maps to before the rewritten break, and split says so.
func (c *textConverter) mapByte(b int) (n int, split bool) {
	i := sort.Search(len(c.breaks), func(i int) bool { return c.breaks[i].at > b })
	if i < len(c.breaks) && c.breaks[i].mid == b {
		// inside this break: before it
		d := 0
		if i > 0 {
			d = c.breaks[i-1].delta
		}
		return b - 1 + d, true
	}
	if i == 0 {
		return b, false
	}
	return b + c.breaks[i-1].delta, false
}

// position converts one position. split says it lay between the CR and LF
// of a line break that the new text writes as one character, and was moved
// before it.
func (c *textConverter) position(pos int64) (n int64, split bool, err error) {
	b, err := c.old.Offset(pos, c.from)
	if err != nil {
		return pos, false, err
	}
	nb, split := c.mapByte(b)
	n, err = c.new.Position(nb, c.to)
	return n, split, err
}

// sameBytes reports whether the file does not change.
func (c *textConverter) sameBytes(orig []byte) bool { return bytes.Equal(orig, c.out) }
