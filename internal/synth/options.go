package synth

import (
	"errors"
	"fmt"

	"github.com/qdabridge/qdabridge/refi"
)

// Options describe the project to generate. Counts are exact unless said
// otherwise; a zero count means none of that kind. Use a preset ([Small],
// [Medium], [Large], [Huge]) and change what you need.
type Options struct {
	// Transcripts is the number of interview transcripts (text sources).
	Transcripts int
	// TextLength is the approximate length of a transcript in characters;
	// each transcript's length varies by up to a quarter around it. Zero
	// means 5,000.
	TextLength int
	// Codings is the total number of Coding elements: every coded passage
	// (PlainTextSelection) carries one to three codings, so there are about
	// Codings/2 selections. Codings need at least one transcript and one
	// code.
	Codings int
	// Participants is the number of participants, each a Case with typed
	// variable values. Transcripts are dealt out over participants in turn,
	// so with more transcripts than participants some participants have
	// follow-up interviews. At least one is needed when there are
	// transcripts.
	Participants int
	// Codes is the number of codes in the code tree, at every level,
	// including the folder that cannot be coded (present from 8 codes on).
	Codes int
	// Users is the number of users (coders). Codings are spread over them.
	Users int
	// Notes is the number of notes (memos): half inline (PlainTextContent),
	// half in text files of the archive.
	Notes int
	// Sets is the number of sets of sources and of codes.
	Sets int
	// CRLF ends the lines of the texts with CR LF instead of LF.
	CRLF bool
	// BOM starts the text files with a UTF-8 byte-order mark (not counted
	// by positions).
	BOM bool
	// Positions is the convention selection positions are written in: the
	// zero value is the standard's (code points, CR LF counted as two);
	// refi.Positions{Unit: refi.UTF16} is NVivo's.
	Positions refi.Positions
	// Origin is the producer written in the project. The reader infers the
	// position convention from it, so it should name software that counts
	// as Positions says. Empty means "qdabridge synth" for the standard
	// convention, "NVivo for Windows 12.6" for UTF-16 and "MAXQDA 24" for
	// code points with CR LF as one.
	Origin string
	// Seed selects the project: the same options and seed always give the
	// same bytes; another seed gives another project of the same shape.
	Seed int64
}

// DefaultOrigin is the origin of projects in the standard convention.
const DefaultOrigin = "qdabridge synth"

// NVivoOrigin is the origin of the presets, which NVivo's position
// convention (UTF-16 code units) goes with.
const NVivoOrigin = "NVivo for Windows 12.6"

// nvivo returns o in the shape of an NVivo for Windows export.
func nvivo(o Options) Options {
	o.CRLF = true
	o.BOM = true
	o.Positions = refi.Positions{Unit: refi.UTF16}
	o.Origin = NVivoOrigin
	o.Seed = 1
	return o
}

// Small returns options for a small project for unit tests: 5 transcripts
// of about 2,000 characters, 200 codings, 5 participants, NVivo-shaped.
func Small() Options {
	return nvivo(Options{Transcripts: 5, TextLength: 2000, Codings: 200, Participants: 5,
		Codes: 25, Users: 2, Notes: 4, Sets: 3})
}

// Medium returns options for a medium project: 200 transcripts of about
// 5,000 characters, 20,000 codings, 100 participants, NVivo-shaped.
func Medium() Options {
	return nvivo(Options{Transcripts: 200, TextLength: 5000, Codings: 20_000, Participants: 100,
		Codes: 80, Users: 3, Notes: 20, Sets: 6})
}

// Large returns options for a large project: 1,000 transcripts of about
// 30,000 characters, 200,000 codings, 500 participants, NVivo-shaped.
func Large() Options {
	return nvivo(Options{Transcripts: 1000, TextLength: 30_000, Codings: 200_000, Participants: 500,
		Codes: 150, Users: 4, Notes: 60, Sets: 8})
}

// Huge returns options for a huge project: 3,000 transcripts of about
// 60,000 characters (some 180 MB of text), 1,000,000 codings, 2,000
// participants, NVivo-shaped.
func Huge() Options {
	return nvivo(Options{Transcripts: 3000, TextLength: 60_000, Codings: 1_000_000, Participants: 2000,
		Codes: 300, Users: 6, Notes: 200, Sets: 12})
}

// Preset returns the preset of that name: "small", "medium", "large" or
// "huge".
func Preset(name string) (Options, error) {
	switch name {
	case "small":
		return Small(), nil
	case "medium":
		return Medium(), nil
	case "large":
		return Large(), nil
	case "huge":
		return Huge(), nil
	}
	return Options{}, fmt.Errorf("synth: unknown preset %q (want small, medium, large or huge)", name)
}

// Standard returns o in the standard's convention: positions in code
// points, LF line ends, no byte-order mark, origin "qdabridge synth".
func (o Options) Standard() Options {
	o.CRLF = false
	o.BOM = false
	o.Positions = refi.Positions{}
	o.Origin = DefaultOrigin
	return o
}

// ErrOptions is wrapped by the errors for options that cannot be met.
var ErrOptions = errors.New("synth: invalid options")

// normalize checks o and fills in its defaults.
func (o Options) normalize() (Options, error) {
	var errs []error
	for _, f := range []struct {
		name string
		n    int
	}{{"Transcripts", o.Transcripts}, {"TextLength", o.TextLength}, {"Codings", o.Codings},
		{"Participants", o.Participants}, {"Codes", o.Codes}, {"Users", o.Users},
		{"Notes", o.Notes}, {"Sets", o.Sets}} {
		if f.n < 0 {
			errs = append(errs, fmt.Errorf("%w: %s is negative (%d)", ErrOptions, f.name, f.n))
		}
	}
	if o.Codings > 0 && o.Transcripts == 0 {
		errs = append(errs, fmt.Errorf("%w: %d codings need at least one transcript", ErrOptions, o.Codings))
	}
	if o.Codings > 0 && o.Codes == 0 {
		errs = append(errs, fmt.Errorf("%w: %d codings need at least one code", ErrOptions, o.Codings))
	}
	if o.Transcripts > 0 && o.Participants == 0 {
		errs = append(errs, fmt.Errorf("%w: %d transcripts need at least one participant", ErrOptions, o.Transcripts))
	}
	if o.Positions.Unit > refi.Bytes {
		errs = append(errs, fmt.Errorf("%w: unknown position unit %d", ErrOptions, o.Positions.Unit))
	}
	if len(errs) > 0 {
		return o, errors.Join(errs...)
	}
	if o.TextLength == 0 {
		o.TextLength = 5000
	}
	if o.Origin == "" {
		switch o.Positions {
		case refi.Positions{Unit: refi.UTF16}:
			o.Origin = NVivoOrigin
		case refi.Positions{CRLFAsOne: true}:
			o.Origin = "MAXQDA 24"
		default:
			o.Origin = DefaultOrigin
		}
	}
	return o, nil
}
