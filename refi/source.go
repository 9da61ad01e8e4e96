package refi

import "time"

// Source is a document of the project: a *TextSource, *PictureSource,
// *PDFSource, *AudioSource or *VideoSource. Use a type switch for the fields
// of each kind; Base gives the fields they share.
type Source interface {
	// Base returns the fields every kind of source has.
	Base() *SourceBase
	// Element returns the element name: "TextSource", "PictureSource",
	// "PDFSource", "AudioSource" or "VideoSource".
	Element() string
}

// SourceBase holds the fields every kind of source has.
type SourceBase struct {
	GUID        GUID
	Name        string
	Description string
	Audit
	Codings    []Coding // codings of the whole source
	NoteRefs   []GUID
	Values     []VariableValue // document variables attached to the source
	Extensions *Extensions
}

// Base returns b itself; it makes every source kind satisfy [Source].
func (b *SourceBase) Base() *SourceBase { return b }

// TextSource is a text document (TextSourceType). The same type describes a
// Note, the plain-text Representation of a PDF and the TextDescription of a
// picture, which the schema all define as TextSourceType.
//
// The text is either inline in PlainTextContent or in a file named by
// PlainTextPath, normally "internal://<file>" inside the archive's sources
// folder. Selection positions always refer to that plain text, never to the
// rich text (docx) file.
type TextSource struct {
	SourceBase
	PlainTextPath    string
	RichTextPath     string
	PlainTextContent string
	Selections       []TextSelection
}

// Element returns "TextSource".
func (*TextSource) Element() string { return "TextSource" }

// PictureSource is an image (jpg or png).
type PictureSource struct {
	SourceBase
	Path            string
	CurrentPath     string
	TextDescription *TextSource
	Selections      []PictureSelection
}

// Element returns "PictureSource".
func (*PictureSource) Element() string { return "PictureSource" }

// PDFSource is a PDF document. Area selections are PDFSelections; text
// selections live in the PlainTextSelections of its Representation.
type PDFSource struct {
	SourceBase
	Path           string
	CurrentPath    string
	Selections     []PDFSelection
	Representation *TextSource
}

// Element returns "PDFSource".
func (*PDFSource) Element() string { return "PDFSource" }

// AudioSource is an audio recording, with optional transcripts.
type AudioSource struct {
	SourceBase
	Path        string
	CurrentPath string
	Transcripts []*Transcript
	Selections  []MediaSelection
}

// Element returns "AudioSource".
func (*AudioSource) Element() string { return "AudioSource" }

// VideoSource is a video recording, with optional transcripts.
type VideoSource struct {
	SourceBase
	Path        string
	CurrentPath string
	Transcripts []*Transcript
	Selections  []MediaSelection
}

// Element returns "VideoSource".
func (*VideoSource) Element() string { return "VideoSource" }

// SelectionBase holds the fields every kind of selection has.
type SelectionBase struct {
	GUID        GUID
	Name        string
	Description string
	Audit
	Codings    []Coding
	NoteRefs   []GUID
	Extensions *Extensions
}

// Base returns the fields every kind of selection has.
func (b *SelectionBase) Base() *SelectionBase { return b }

// Selection is a selection of a source: a *TextSelection,
// *PictureSelection, *PDFSelection, *MediaSelection or
// *TranscriptSelection. Use a type switch for the fields of each kind;
// Base gives the fields they share.
type Selection interface {
	Base() *SelectionBase
}

// TextSelection is a PlainTextSelection: the passage [Start, End) of a text.
// The numbers are as written in the file; [Project.Positions] says what they
// count (see [Text] to turn them into text).
type TextSelection struct {
	SelectionBase
	Start, End int64
}

// PictureSelection is a rectangle of an image, given by two corners in
// pixels of the image after EXIF rotation.
type PictureSelection struct {
	SelectionBase
	FirstX, FirstY, SecondX, SecondY int64
}

// PDFSelection is a rectangle on a page of a PDF (page numbers from 0),
// optionally with the text it covers in Representation.
type PDFSelection struct {
	SelectionBase
	Page                             int64
	FirstX, FirstY, SecondX, SecondY int64
	Representation                   *TextSource
}

// MediaSelection is an AudioSelection or VideoSelection: the interval
// [Begin, End) in milliseconds from the start of the recording.
type MediaSelection struct {
	SelectionBase
	Begin, End int64
}

// Transcript is the text of a recording, synchronised to it by SyncPoints.
type Transcript struct {
	GUID             GUID
	Name             string
	Description      string
	PlainTextPath    string
	RichTextPath     string
	PlainTextContent string
	Audit
	SyncPoints []SyncPoint
	Selections []TranscriptSelection
	NoteRefs   []GUID
	Extensions *Extensions
}

// SyncPoint ties a character position of a transcript to a time of its
// recording. Both are optional in the schema.
type SyncPoint struct {
	GUID       GUID
	TimeStamp  *int64 // milliseconds
	Position   *int64 // character position in the transcript text
	Extensions *Extensions
}

// TranscriptSelection is a passage of a transcript between two sync points.
type TranscriptSelection struct {
	SelectionBase
	FromSyncPoint GUID
	ToSyncPoint   GUID
}

// Coding applies one code to a selection or to a whole source.
type Coding struct {
	GUID         GUID
	Code         GUID // the CodeRef target; NVivo may point it at a Case
	CreatingUser GUID
	Created      time.Time
	NoteRefs     []GUID
	Extensions   *Extensions
}
