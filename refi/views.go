package refi

import (
	"encoding/json"
	"fmt"
	"iter"
	"strings"
	"time"
)

// This file computes flat views of a project — participants, sources,
// codes and excerpts — as plain Go values for programs that ingest
// projects. The views never modify the project.

// AttributeValue is a typed variable value: the raw lexical form and, for its type,
// the parsed value. A value that does not parse keeps only Raw (and Err).
type AttributeValue struct {
	Type  VariableType
	Raw   string
	Text  string    // VarText
	Int   int64     // VarInteger
	Float float64   // VarFloat (also set for integers)
	Bool  bool      // VarBoolean
	Time  time.Time // VarDate and VarDateTime
	Err   error     // why Raw does not parse as Type
}

// String returns the value as written.
func (v AttributeValue) String() string { return v.Raw }

// MarshalJSON writes the value as [AttributeValue.Any] gives it.
func (v AttributeValue) MarshalJSON() ([]byte, error) { return json.Marshal(v.Any()) }

// Any returns the parsed value as a Go value (string, int64, float64, bool
// or time.Time), or the raw text when it does not parse, or nil when there is
// no value.
func (v AttributeValue) Any() any {
	if v.Type == "" {
		return nil
	}
	if v.Err != nil {
		return v.Raw
	}
	switch v.Type {
	case VarInteger:
		return v.Int
	case VarFloat:
		return v.Float
	case VarBoolean:
		return v.Bool
	case VarDate, VarDateTime:
		return v.Time
	}
	return v.Text
}

func valueOf(vv VariableValue) AttributeValue {
	v := AttributeValue{Type: vv.Type, Raw: vv.Value}
	switch vv.Type {
	case VarText:
		v.Text = vv.Value
	case VarInteger:
		v.Int, v.Err = vv.Int()
		v.Float = float64(v.Int)
	case VarFloat:
		v.Float, v.Err = vv.Float()
	case VarBoolean:
		v.Bool, v.Err = vv.Bool()
	case VarDate:
		v.Time, v.Err = vv.Date()
	case VarDateTime:
		v.Time, v.Err = vv.DateTime()
	}
	return v
}

// Ref names an object by GUID and name.
type Ref struct {
	GUID GUID   `json:"guid"`
	Name string `json:"name"`
}

// Participant is a case of the project: in an interview study, usually one
// person. Attributes are its variable values in the order of the project's
// variables.
type Participant struct {
	GUID        GUID
	Name        string
	Description string
	Attributes  []Attribute
	Sources     []Ref  // sources the case covers (SourceRef)
	Selections  []GUID // single selections assigned to the case (SelectionRef, and NVivo's codings at the case)
	// Code is the GUID of the code NVivo writes for the case (a code with
	// the case's GUID), or "" when there is none.
	Code GUID
}

// Participants returns the named cases of p in document order. A case with
// no name and a single source is not a participant but the way MAXQDA and
// Quirkos attach document variables to a source; [Project.SourceInfos]
// shows those.
func (p *Project) Participants() []Participant {
	x := NewIndex(p)
	bySel := caseCodings(p, x)
	names := newAttributeNamer(p, x)
	var out []Participant
	for _, c := range p.Cases {
		if isDocumentVariableCase(c) {
			continue
		}
		pt := Participant{GUID: c.GUID, Name: c.Name, Description: c.Description, Attributes: names.attributes(c.Values)}
		for _, g := range c.SourceRefs {
			r := Ref{GUID: g}
			if s := x.Source(g); s != nil {
				r.Name = s.Base().Name
			}
			pt.Sources = append(pt.Sources, r)
		}
		pt.Selections = append(pt.Selections, c.SelectionRefs...)
		pt.Selections = append(pt.Selections, bySel[c.GUID.Canonical()]...)
		if code := x.Code(c.GUID); code != nil {
			pt.Code = code.GUID
		}
		out = append(out, pt)
	}
	return out
}

// isDocumentVariableCase reports whether c is MAXQDA's nameless case that
// carries the variables of one source.
func isDocumentVariableCase(c *Case) bool {
	return c.Name == "" && len(c.SourceRefs) == 1 && len(c.SelectionRefs) == 0
}

func variableName(x *Index, g GUID) string {
	if v := x.Variable(g); v != nil {
		return v.Name
	}
	return string(g)
}

// caseCodings maps each case (canonical GUID) to the selections coded at it
// (NVivo's way of assigning text to a case).
func caseCodings(p *Project, x *Index) map[GUID][]GUID {
	out := map[GUID][]GUID{}
	if len(p.Cases) == 0 {
		return out
	}
	eachSelection(p, func(_ Source, _ *TextSource, b *SelectionBase, _ any) {
		for _, c := range b.Codings {
			if x.Case(c.Code) != nil {
				k := c.Code.Canonical()
				out[k] = append(out[k], b.GUID)
			}
		}
	})
	return out
}

// SourceInfo describes a source: its kind, name, document attributes and
// the participants it belongs to.
type SourceInfo struct {
	GUID    GUID
	Name    string
	Element string // TextSource, PictureSource, PDFSource, AudioSource, VideoSource
	Path    string // plainTextPath or path
	// Attributes are document variables: the source's own VariableValues
	// and those of a nameless single-source case (MAXQDA, Quirkos), in the
	// order of the project's variables.
	Attributes   []Attribute
	Participants []Ref // cases that cover the whole source
	Selections   int
	Codings      int
}

// SourceInfos returns every source of p in document order.
func (p *Project) SourceInfos() []SourceInfo {
	x := NewIndex(p)
	names := newAttributeNamer(p, x)
	byCase := map[GUID][]Ref{}
	docVars := map[GUID][]VariableValue{}
	for _, c := range p.Cases {
		for _, g := range c.SourceRefs {
			if isDocumentVariableCase(c) {
				docVars[g.Canonical()] = append(docVars[g.Canonical()], c.Values...)
				continue
			}
			byCase[g.Canonical()] = append(byCase[g.Canonical()], Ref{GUID: c.GUID, Name: c.Name})
		}
	}
	var out []SourceInfo
	for _, s := range p.Sources {
		b := s.Base()
		si := SourceInfo{GUID: b.GUID, Name: b.Name, Element: s.Element()}
		switch s := s.(type) {
		case *TextSource:
			si.Path = s.PlainTextPath
		case *PictureSource:
			si.Path = s.Path
		case *PDFSource:
			si.Path = s.Path
		case *AudioSource:
			si.Path = s.Path
		case *VideoSource:
			si.Path = s.Path
		}
		si.Attributes = names.attributes(append(append([]VariableValue(nil), b.Values...), docVars[b.GUID.Canonical()]...))
		si.Participants = byCase[b.GUID.Canonical()]
		si.Codings = len(b.Codings)
		out = append(out, si)
	}
	// count selections per source
	idx := map[GUID]int{}
	for i := range out {
		idx[out[i].GUID.Canonical()] = i
	}
	eachSelection(p, func(s Source, _ *TextSource, b *SelectionBase, _ any) {
		if s == nil {
			return
		}
		if i, ok := idx[s.Base().GUID.Canonical()]; ok {
			out[i].Selections++
			out[i].Codings += len(b.Codings)
		}
	})
	return out
}

// CodeInfo describes one code of the tree.
type CodeInfo struct {
	GUID        GUID
	Name        string
	Path        []string // names from the top of the tree down to this code
	Parent      GUID     // "" for a top-level code
	Depth       int      // 0 for a top-level code
	Color       string
	Description string
	Codable     bool
	// Case is true for a code that NVivo wrote for a case (same GUID).
	Case bool
	// Excerpts counts the codings at this code (of selections and whole
	// sources); Sources counts the distinct sources they are in.
	Excerpts int
	Sources  int
}

// CodeInfos returns every code of p, parents before children, in document
// order, with how often each is applied.
func (p *Project) CodeInfos() []CodeInfo {
	x := NewIndex(p)
	var out []CodeInfo
	pos := map[GUID]int{}
	walkCodes(p.Codes, func(c *Code, parents []*Code) bool {
		ci := CodeInfo{GUID: c.GUID, Name: c.Name, Depth: len(parents), Color: c.Color, Description: c.Description,
			Codable: c.IsCodable, Case: x.Case(c.GUID) != nil}
		for _, a := range parents {
			ci.Path = append(ci.Path, a.Name)
		}
		ci.Path = append(ci.Path, c.Name)
		if len(parents) > 0 {
			ci.Parent = parents[len(parents)-1].GUID
		}
		if _, dup := pos[c.GUID.Canonical()]; !dup {
			pos[c.GUID.Canonical()] = len(out)
		}
		out = append(out, ci)
		return true
	})
	sources := make([]map[GUID]bool, len(out))
	count := func(src Source, cs []Coding) {
		for _, c := range cs {
			i, ok := pos[c.Code.Canonical()]
			if !ok {
				continue
			}
			out[i].Excerpts++
			if src != nil {
				if sources[i] == nil {
					sources[i] = map[GUID]bool{}
				}
				sources[i][src.Base().GUID.Canonical()] = true
			}
		}
	}
	for _, s := range p.Sources {
		count(s, s.Base().Codings)
	}
	eachSelection(p, func(s Source, _ *TextSource, b *SelectionBase, _ any) { count(s, b.Codings) })
	for i := range out {
		out[i].Sources = len(sources[i])
	}
	return out
}

// SelectionEntry locates a selection in its project: the source it belongs
// to (nil for a selection in a note), the text it is a passage of (nil for
// areas and intervals), and the selection itself. The pointers point into
// the project.
type SelectionEntry struct {
	Source    Source
	Text      *TextSource
	Selection Selection
}

// Selections yields every selection of p in document order.
func (p *Project) Selections() iter.Seq[SelectionEntry] {
	return func(yield func(SelectionEntry) bool) {
		stop := false
		eachSelection(p, func(src Source, text *TextSource, _ *SelectionBase, sel any) {
			if !stop && !yield(SelectionEntry{src, text, sel.(Selection)}) {
				stop = true
			}
		})
	}
}

// eachSelection calls fn for every selection of the project with the source
// it belongs to (nil for a note), the text it is a passage of (nil for
// area and time selections), its common fields, and the selection itself
// (*TextSelection, *PictureSelection, *PDFSelection, *MediaSelection or
// *TranscriptSelection).
func eachSelection(p *Project, fn func(src Source, text *TextSource, b *SelectionBase, sel any)) {
	texts := func(src Source, t *TextSource) {
		if t == nil {
			return
		}
		for i := range t.Selections {
			fn(src, t, &t.Selections[i].SelectionBase, &t.Selections[i])
		}
	}
	for _, s := range p.Sources {
		switch s := s.(type) {
		case *TextSource:
			texts(s, s)
		case *PictureSource:
			texts(s, s.TextDescription)
			for i := range s.Selections {
				fn(s, nil, &s.Selections[i].SelectionBase, &s.Selections[i])
			}
		case *PDFSource:
			for i := range s.Selections {
				fn(s, nil, &s.Selections[i].SelectionBase, &s.Selections[i])
			}
			texts(s, s.Representation)
		case *AudioSource:
			media(s, s.Transcripts, s.Selections, fn)
		case *VideoSource:
			media(s, s.Transcripts, s.Selections, fn)
		}
	}
	for _, n := range p.Notes {
		texts(nil, n)
	}
}

func media(s Source, ts []*Transcript, sels []MediaSelection, fn func(Source, *TextSource, *SelectionBase, any)) {
	for i := range sels {
		fn(s, nil, &sels[i].SelectionBase, &sels[i])
	}
	for _, t := range ts {
		for i := range t.Selections {
			fn(s, nil, &t.Selections[i].SelectionBase, &t.Selections[i])
		}
	}
}

// ExcerptKind says what an excerpt is a part of.
type ExcerptKind string

// The kinds of excerpt.
const (
	ExcerptText        ExcerptKind = "text"        // a passage of a text source
	ExcerptPDFText     ExcerptKind = "pdf-text"    // a passage of a PDF's text representation
	ExcerptTranscript  ExcerptKind = "transcript"  // a passage of a transcript, between two sync points
	ExcerptNote        ExcerptKind = "note"        // a passage of a note
	ExcerptPicture     ExcerptKind = "picture"     // a rectangle of an image
	ExcerptPDFArea     ExcerptKind = "pdf-area"    // a rectangle of a PDF page
	ExcerptAudio       ExcerptKind = "audio"       // an interval of a recording
	ExcerptVideo       ExcerptKind = "video"       // an interval of a video
	ExcerptWhole       ExcerptKind = "whole"       // a coding of a whole source
	ExcerptDescription ExcerptKind = "description" // a passage of a picture's text description
)

// ExcerptCode is one code applied to an excerpt.
type ExcerptCode struct {
	GUID    GUID      `json:"guid"`
	Path    []string  `json:"path"`
	Coding  GUID      `json:"coding"`
	Coder   Ref       `json:"coder"`
	Created time.Time `json:"created"`
}

// Excerpt is one coded or annotated passage: where it is, its exact text,
// the codes applied to it, the participants it belongs to, who coded it and
// when, and any memo. Selections of the same source with the same span (NVivo
// writes one per code) are one excerpt; Selections lists them all.
type Excerpt struct {
	Kind       ExcerptKind `json:"kind"`
	Source     Ref         `json:"source"`
	Selections []GUID      `json:"selections"`
	// Start and End are the position of a text passage in the unit asked
	// for; Text is its exact text. For areas and intervals Text is empty.
	Start int64  `json:"start"`
	End   int64  `json:"end"`
	Text  string `json:"text"`
	// Page and the corners of a rectangle (pictures, PDF areas).
	Page    int64 `json:"page,omitempty"`
	FirstX  int64 `json:"firstX,omitempty"`
	FirstY  int64 `json:"firstY,omitempty"`
	SecondX int64 `json:"secondX,omitempty"`
	SecondY int64 `json:"secondY,omitempty"`
	// Begin and End of an interval in milliseconds (audio, video, and a
	// transcript passage when its sync points have times).
	BeginMS      int64         `json:"beginMs,omitempty"`
	EndMS        int64         `json:"endMs,omitempty"`
	Codes        []ExcerptCode `json:"codes"`
	Participants []Ref         `json:"participants"`
	Coder        Ref           `json:"coder"`
	Created      time.Time     `json:"created"`
	// Memo is the excerpt's description and the text of the notes attached
	// to it (NoteRefs, and links from notes, NVivo's annotations), separated
	// by blank lines.
	Memo string `json:"memo,omitempty"`

	err error // why the text could not be given (Document.Excerpts yields it)
}

// ExcerptOptions choose how excerpts are given.
type ExcerptOptions struct {
	// Positions is the convention Start and End are given in; the zero value
	// is the standard's (code points, CR LF as two).
	Positions Positions
	// Separate lists every selection as its own excerpt instead of merging
	// selections with the same span.
	Separate bool
	// All includes selections with no coding, description or note and
	// assigned to no case (by a case's SelectionRef).
	All bool
}

// Excerpts yields the excerpts of the document's project in document order,
// with their text read from the source files, each with the error met
// giving its text (a missing source file, a position outside the text,
// wrapping [ErrNotFound] or [ErrPosition]): such an excerpt is still given,
// with everything but its text, and the iteration goes on until the caller
// stops it. It holds one source text in memory at a time. The project is
// not changed.
func (d *Document) Excerpts(opt ExcerptOptions) iter.Seq2[*Excerpt, error] {
	return func(yield func(*Excerpt, error) bool) {
		ev := newExcerptView(d, opt)
		ev.run(func(e *Excerpt) bool { return yield(e, e.err) })
	}
}

type excerptView struct {
	d         *Document
	p         *Project
	opt       ExcerptOptions
	x         *Index
	srcCases  map[GUID][]Ref
	selCases  map[GUID][]Ref
	linkNotes map[GUID][]GUID
	users     map[GUID]Ref
	noteMemos map[*TextSource]string // what each note adds to a memo
}

func newExcerptView(d *Document, opt ExcerptOptions) *excerptView {
	p := d.Project
	ev := &excerptView{d: d, p: p, opt: opt, x: NewIndex(p), srcCases: map[GUID][]Ref{}, selCases: map[GUID][]Ref{},
		linkNotes: map[GUID][]GUID{}, users: map[GUID]Ref{}, noteMemos: map[*TextSource]string{}}
	for _, c := range p.Cases {
		if isDocumentVariableCase(c) {
			continue
		}
		r := Ref{GUID: c.GUID, Name: c.Name}
		for _, g := range c.SourceRefs {
			ev.srcCases[g.Canonical()] = append(ev.srcCases[g.Canonical()], r)
		}
		for _, g := range c.SelectionRefs {
			ev.selCases[g.Canonical()] = append(ev.selCases[g.Canonical()], r)
		}
	}
	for _, l := range p.Links {
		if ev.x.Note(l.Origin) != nil && l.Target != "" {
			ev.linkNotes[l.Target.Canonical()] = append(ev.linkNotes[l.Target.Canonical()], l.Origin)
		}
	}
	for _, u := range p.Users {
		ev.users[u.GUID.Canonical()] = Ref{GUID: u.GUID, Name: u.Name}
	}
	return ev
}

func (ev *excerptView) user(g GUID) Ref {
	if g == "" {
		return Ref{}
	}
	if r, ok := ev.users[g.Canonical()]; ok {
		return r
	}
	return Ref{GUID: g}
}

func (ev *excerptView) run(yield func(*Excerpt) bool) {
	p := ev.p
	stop := false
	emit := func(e *Excerpt) {
		if !stop && !yield(e) {
			stop = true
		}
	}
	for _, s := range p.Sources {
		if stop {
			return
		}
		src := Ref{GUID: s.Base().GUID, Name: s.Base().Name}
		if cs := s.Base().Codings; len(cs) > 0 {
			e := &Excerpt{Kind: ExcerptWhole, Source: src}
			ev.fill(e, s, &SelectionBase{Codings: cs})
			emit(e)
		}
		switch s := s.(type) {
		case *TextSource:
			ev.texts(s, s, ExcerptText, emit)
		case *PictureSource:
			if s.TextDescription != nil {
				ev.texts(s, s.TextDescription, ExcerptDescription, emit)
			}
			for i := range s.Selections {
				sel := &s.Selections[i]
				if !ev.wanted(&sel.SelectionBase) {
					continue
				}
				e := &Excerpt{Kind: ExcerptPicture, Source: src, Selections: []GUID{sel.GUID},
					FirstX: sel.FirstX, FirstY: sel.FirstY, SecondX: sel.SecondX, SecondY: sel.SecondY}
				ev.fill(e, s, &sel.SelectionBase)
				emit(e)
			}
		case *PDFSource:
			for i := range s.Selections {
				sel := &s.Selections[i]
				if !ev.wanted(&sel.SelectionBase) {
					continue
				}
				e := &Excerpt{Kind: ExcerptPDFArea, Source: src, Selections: []GUID{sel.GUID}, Page: sel.Page,
					FirstX: sel.FirstX, FirstY: sel.FirstY, SecondX: sel.SecondX, SecondY: sel.SecondY}
				if sel.Representation != nil {
					e.Text = sel.Representation.PlainTextContent
				}
				ev.fill(e, s, &sel.SelectionBase)
				emit(e)
			}
			if s.Representation != nil {
				ev.texts(s, s.Representation, ExcerptPDFText, emit)
			}
		case *AudioSource:
			ev.media(s, ExcerptAudio, s.Transcripts, s.Selections, emit)
		case *VideoSource:
			ev.media(s, ExcerptVideo, s.Transcripts, s.Selections, emit)
		}
	}
	for _, n := range p.Notes {
		if stop {
			return
		}
		ev.texts(nil, n, ExcerptNote, emit)
	}
}

func (ev *excerptView) wanted(b *SelectionBase) bool {
	g := b.GUID.Canonical()
	return ev.opt.All || len(b.Codings) > 0 || b.Description != "" || len(b.NoteRefs) > 0 ||
		len(ev.linkNotes[g]) > 0 || len(ev.selCases[g]) > 0
}

// texts emits the excerpts of the selections of one text.
func (ev *excerptView) texts(src Source, t *TextSource, kind ExcerptKind, emit func(*Excerpt)) {
	var sels []*TextSelection
	for i := range t.Selections {
		if ev.wanted(&t.Selections[i].SelectionBase) {
			sels = append(sels, &t.Selections[i])
		}
	}
	if len(sels) == 0 {
		return
	}
	txt, terr := ev.d.Text(t)
	ref := Ref{GUID: t.GUID, Name: t.Name}
	if src != nil {
		ref = Ref{GUID: src.Base().GUID, Name: src.Base().Name}
	}
	type group struct {
		start, end int64
		sels       []*TextSelection
	}
	var groups []*group
	if ev.opt.Separate {
		for _, s := range sels {
			groups = append(groups, &group{s.Start, s.End, []*TextSelection{s}})
		}
	} else {
		byspan := map[[2]int64]*group{}
		for _, s := range sels {
			k := [2]int64{s.Start, s.End}
			if g, ok := byspan[k]; ok {
				g.sels = append(g.sels, s)
				continue
			}
			g := &group{s.Start, s.End, []*TextSelection{s}}
			byspan[k] = g
			groups = append(groups, g)
		}
	}
	for _, g := range groups {
		e := &Excerpt{Kind: kind, Source: ref, Start: g.start, End: g.end}
		for _, s := range g.sels {
			e.Selections = append(e.Selections, s.GUID)
			ev.fill(e, src, &s.SelectionBase)
		}
		if terr != nil {
			e.err = terr
		} else {
			a, err := txt.Offset(g.start, ev.p.Positions)
			b, err2 := txt.Offset(g.end, ev.p.Positions)
			switch {
			case err != nil:
				e.err = err
			case err2 != nil:
				e.err = err2
			case a > b:
				e.err = fmt.Errorf("%w: start %d is after end %d", ErrPosition, g.start, g.end)
			default:
				e.Text = txt.String()[a:b]
				e.Start, _ = txt.Position(a, ev.opt.Positions)
				e.End, _ = txt.Position(b, ev.opt.Positions)
			}
		}
		emit(e)
	}
}

func (ev *excerptView) media(s Source, kind ExcerptKind, ts []*Transcript, sels []MediaSelection, emit func(*Excerpt)) {
	src := Ref{GUID: s.Base().GUID, Name: s.Base().Name}
	for i := range sels {
		sel := &sels[i]
		if !ev.wanted(&sel.SelectionBase) {
			continue
		}
		e := &Excerpt{Kind: kind, Source: src, Selections: []GUID{sel.GUID}, BeginMS: sel.Begin, EndMS: sel.End}
		ev.fill(e, s, &sel.SelectionBase)
		emit(e)
	}
	for _, t := range ts {
		var txt *Text
		var terr error
		loaded := false
		points := map[GUID]SyncPoint{}
		for _, sp := range t.SyncPoints {
			points[sp.GUID.Canonical()] = sp
		}
		for i := range t.Selections {
			sel := &t.Selections[i]
			if !ev.wanted(&sel.SelectionBase) {
				continue
			}
			if !loaded {
				txt, terr = ev.d.TranscriptText(t)
				loaded = true
			}
			e := &Excerpt{Kind: ExcerptTranscript, Source: src, Selections: []GUID{sel.GUID}}
			from, ok1 := points[sel.FromSyncPoint.Canonical()]
			to, ok2 := points[sel.ToSyncPoint.Canonical()]
			if ok1 && from.TimeStamp != nil {
				e.BeginMS = *from.TimeStamp
			}
			if ok2 && to.TimeStamp != nil {
				e.EndMS = *to.TimeStamp
			}
			switch {
			case terr != nil:
				e.err = terr
			case !ok1 || !ok2 || from.Position == nil || to.Position == nil:
				e.err = fmt.Errorf("%w: transcript selection without sync point positions", ErrPosition)
			default:
				a, err := txt.Offset(*from.Position, ev.p.Positions)
				b, err2 := txt.Offset(*to.Position, ev.p.Positions)
				if err == nil && err2 == nil && a <= b {
					e.Text = txt.String()[a:b]
					e.Start, _ = txt.Position(a, ev.opt.Positions)
					e.End, _ = txt.Position(b, ev.opt.Positions)
				} else if err != nil {
					e.err = err
				} else {
					e.err = err2
				}
			}
			ev.fill(e, s, &sel.SelectionBase)
			emit(e)
		}
	}
}

// fill adds the codes, participants, coder and memo of one selection.
func (ev *excerptView) fill(e *Excerpt, src Source, b *SelectionBase) {
	x := ev.x
	addPart := func(r Ref) {
		for _, p := range e.Participants {
			if p.GUID.Same(r.GUID) {
				return
			}
		}
		e.Participants = append(e.Participants, r)
	}
	if src != nil && len(e.Participants) == 0 {
		for _, r := range ev.srcCases[src.Base().GUID.Canonical()] {
			addPart(r)
		}
	}
	for _, r := range ev.selCases[b.GUID.Canonical()] {
		addPart(r)
	}
	for _, c := range b.Codings {
		code := x.Code(c.Code)
		if cs := x.Case(c.Code); cs != nil {
			// a coding at a case assigns the text to the case; it is not a
			// thematic code, even when NVivo also wrote a code for the case
			addPart(Ref{GUID: cs.GUID, Name: cs.Name})
			continue
		}
		ec := ExcerptCode{GUID: c.Code, Coding: c.GUID, Coder: ev.user(c.CreatingUser), Created: c.Created}
		if code != nil {
			ec.Path = x.CodePath(c.Code)
		}
		e.Codes = append(e.Codes, ec)
	}
	if e.Coder.GUID == "" {
		e.Coder = ev.user(b.CreatingUser)
		e.Created = b.Created
		if e.Coder.GUID == "" && len(b.Codings) > 0 {
			e.Coder = ev.user(b.Codings[0].CreatingUser)
			e.Created = b.Codings[0].Created
		}
	}
	var memo []string
	if e.Memo != "" {
		memo = append(memo, e.Memo)
	}
	if b.Description != "" {
		memo = append(memo, b.Description)
	}
	notes := append(append([]GUID(nil), b.NoteRefs...), ev.linkNotes[b.GUID.Canonical()]...)
	for _, g := range notes {
		if n := x.Note(g); n != nil {
			if m := ev.noteMemo(n); m != "" {
				memo = append(memo, m)
			}
		}
	}
	e.Memo = strings.Join(dedupe(memo), "\n\n")
}

// noteMemo returns what a note adds to a memo: its text, or its
// description when it has none. A note's file is read once, however many
// excerpts refer to it.
func (ev *excerptView) noteMemo(n *TextSource) string {
	if m, ok := ev.noteMemos[n]; ok {
		return m
	}
	m := n.Description
	if t, err := ev.d.Text(n); err == nil && t.String() != "" {
		m = t.String()
	}
	ev.noteMemos[n] = m
	return m
}

func dedupe(ss []string) []string {
	var out []string
	seen := map[string]bool{}
	for _, s := range ss {
		if !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	return out
}

// CodePaths returns the excerpt's code paths joined with [JoinPath].
func (e *Excerpt) CodePaths() []string {
	out := make([]string, 0, len(e.Codes))
	for _, c := range e.Codes {
		if c.Path == nil {
			out = append(out, string(c.GUID))
			continue
		}
		out = append(out, JoinPath(c.Path))
	}
	return out
}
