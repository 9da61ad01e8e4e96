// Package refi reads and writes REFI-QDA files, the exchange format of
// qualitative data analysis software (NVivo, ATLAS.ti, MAXQDA, QualCoder,
// Taguette and others): .qdpx projects (a zip holding project.qde and the
// source files), .qde project documents and .qdc codebooks. The standard and
// its schemas are at https://www.qdasoftware.org; they are embedded, and
// [ValidateProjectXML] and [ValidateCodebookXML] check a document against
// them.
//
// # Model
//
// [Project] holds every element and attribute of the two schemas as typed
// Go values (a codebook is read as a project of codes and sets): users, the code tree ([Code], with colour,
// description and isCodable), variables and typed [VariableValue]s, cases,
// the five kinds of [Source] with their selections, transcripts and sync
// points, PDF representations, codings, notes, links, sets and graphs, and
// the audit attributes. Slices keep document order. GUIDs are kept exactly as
// written ([GUID]); compare them with [GUID.Same]. What a producer wrote
// beyond the schema is kept in [Extensions].
//
// # Reading
//
// A [Reader] reads a .qdpx from an io.ReaderAt ([Reader.ReadQDPX]), a .qde
// or .qdc from an io.Reader ([Reader.ReadQDE], [Reader.ReadQDC]), or any of
// them from a path ([Reader.Open]). The result is a [Document]: the project
// (Format says whether it came from a codebook), the warnings met, what the text positions count, and (for an
// archive) an fs.FS over its files that reads them on demand.
//
// Source files are found by their paths: internal:// files in the archive
// (sources/, Sources/ or the root, names without regard to case), or, for a
// .qde opened from disk, in its folder likewise; relative:// and
// absolute:// files only in a folder the caller gives ([Reader.External],
// [Document.WithSources]), which stands for the project's basePath and is
// never left. A file the project names that is not there is a
// [WarnMissingSource] warning; [Document.MissingSources] checks again at
// any time.
//
// Reading streams the XML through a tokenizer built for large projects: it
// never builds a tree of the document, and memory grows with the model, not
// with the file.
//
// Reading is lenient. Every quirk of a real producer is read and reported as
// a [Warning] with a [WarningCode], the file, the element path with sibling
// indices (/Project/Sources/TextSource[3]/PlainTextSelection[12]), the GUID
// and the line: the project file under another name than project.qde,
// Sources/ for sources/, the draft and mistyped namespaces (project:0:10,
// codebook:0:4, codebook:1:0, none), braced and upper-case GUIDs,
// identifiers that are not GUIDs, empty containers, rgb() colours, source
// paths without internal://, dangling references, duplicate GUIDs, NVivo's
// cases that are also codes, MAXQDA's nameless cases for document variables,
// unknown elements and attributes, and selections outside their text. Nothing
// is changed silently.
//
// Elements are matched by their local name in any of the standard's
// namespaces, final or draft, of either schema (urn:QDA-XML:project:1.0,
// urn:QDA-XML:codebook:0:4, ...): MAXQDA 24 writes the code book of a
// project in urn:QDA-XML:codebook:0:4 inside a Project in
// urn:QDA-XML:project:1.0, and it is read as the project's code tree. A
// [WarnNamespace] warning is given where the document's namespace gives way
// to another (with the element path and GUID), once for all the content
// that inherits it; the writer uses the standard namespace throughout.
// Elements of any other namespace, and elements that no schema defines, are
// kept as [Extensions]. [Reader.Strict] turns warnings (not notices, see
// [Level]) into errors.
//
// Input that cannot be read gives an error: [ErrNotZip], [ErrNoProject],
// [ErrFormat], [ErrLimit], or a [*FormatError] (with file, path, GUID and
// line) wrapping [ErrSyntax] or [ErrEncoding]. Names in an archive and
// source paths that would leave the archive (../, absolute paths, drive
// letters, backslashes) are never followed; [Limits] bound entries, sizes and
// nesting against zip bombs and hostile XML; DOCTYPE entities are never
// expanded.
//
// # Text positions
//
// Selections count characters of the source's plain text, and producers
// disagree on what a character is: the standard says Unicode code points,
// NVivo counts UTF-16 code units (an emoji counts two; CR LF two), ATLAS.ti
// and MAXQDA count CR LF as one. A [Positions] value names a convention. The
// reader decides each project's convention from the producer and confirms it
// against the texts (the convention under which selections begin and end on
// word boundaries wins when the evidence is decisive, with a
// [WarnPositionUnit] warning when it overrides the producer); see
// [Document.Detection]. [Project.Positions] records it, and the numbers in
// the model stay as written. [Text] turns positions of any convention into
// Go strings and converts between conventions without changing the text;
// [Document.SelectionText] gives a selection's passage.
//
// # Writing
//
// A [Writer] writes a .qdpx, .qde or .qdc that validates against the
// official schema whatever the model holds: children in schema order, no
// empty containers, the standard namespace, colours as #RRGGBB, identifiers
// that are not GUIDs replaced by deterministic GUIDs, CR and attribute white
// space escaped so that it survives other parsers. Each write returns a
// [Report]: what it had to change, and the [Ledger] of every item. Extensions and the original
// form of repaired values go into processing instructions, which other tools
// ignore and this package reads back, so that read → write → read gives an
// equal project ([Diff], [Equal]) and the file stays valid. Source files are
// copied byte for byte; output is deterministic (fixed zip times), so
// archives can checksum it. [ValidateProjectXML] and [ValidateCodebookXML]
// check documents against the schemas.
//
// # Building
//
// [New] gives a Document to build a project in Go: the Add methods of
// [Project], [Code] and [Case] give every element a GUID, [Document.AddText]
// keeps a text with the document, [Document.SelectText] chooses a passage
// by its text, and [SelectionBase.AddCoding] codes it.
//
// # Concurrency
//
// A [Reader], a [Writer] and a [RoundTripChecker] keep nothing between
// calls: once their fields are set, each may be used from any number of
// goroutines at once. A [Document] may be read (texts, excerpts, writes)
// from many goroutines at once; its Project must not be changed while
// anything reads it, and building (the Add and Select methods) is for one
// goroutine.
package refi
