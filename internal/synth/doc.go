// Package synth generates realistic synthetic REFI-QDA projects of any size,
// from a few hundred to a million codings, as test data for benchmarks and
// round-trip checks.
//
// A project imitates an interview study about social prescribing in primary
// care: one transcript per interview, with speaker-labelled lines
// ("Interviewer:", "P012:") made of sentences drawn from a fixed vocabulary,
// accented letters and emoji (some outside the Basic Multilingual Plane, such
// as 😊 and 👍🏽) at a low rate; a code tree of themes with two or three
// levels of children, colours, descriptions and one folder that cannot be
// coded; one case per participant with typed variables; coded passages that
// begin and end on sentence boundaries, coded by several users; notes, sets
// and links.
//
// Everything is derived from [Options] (and its Seed) alone: the same options
// always give the same project and the same bytes. Source texts are never
// all held in memory: [Project] returns the model together with a lazy
// fs.FS that generates each text again when it is opened, so that a project
// with hundreds of megabytes of text can be written with a small footprint.
//
// Positions are computed with [refi.Text] on the text as stored (line ends
// as chosen, without the byte-order mark), in the convention Options.Positions
// names, so they are right by construction and the reader's detection of the
// convention agrees with them.
//
// The presets [Small], [Medium], [Large] and [Huge] have the shape of an
// NVivo for Windows export (UTF-16 positions, CR LF, byte-order mark), the
// hardest realistic case; [Options.Standard] turns any options into the
// standard's convention (code points, LF, no byte-order mark).
package synth
