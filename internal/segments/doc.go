// Package segments is the engine shared by the readers of the coded-segment
// spreadsheets other tools export (maxqda, atlasti, taguette's highlights
// export, qualcoder's code text report): rows that each give a passage of
// a document, the codes applied to it and who coded it, but no usable
// character position.
//
// A reader maps its columns to [Row] values (and a codebook to [Code]
// values) in an [Input] and calls [Build], which makes the REFI-QDA
// project:
//
//   - codes: a tree from the code paths; a path's parents that are never
//     applied themselves are codes that cannot be applied (IsCodable
//     false), as categories and folders are;
//   - sources: one text source per document named by the rows;
//   - users: one per coder named;
//   - one PlainTextSelection per segment, placed in its document with
//     internal/place (exact, then white space tolerant; a paragraph or
//     character hint, then the order of the rows, chooses among repeated
//     passages), and one Coding per code of the segment;
//   - comments and memos as the selection's description;
//   - document groups and code groups as Sets.
//
// Rows are grouped into segments: rows with the same SegmentID in one
// document (Taguette's highlight id) are one segment; without an id, rows
// of one document with the same passage and the same position hint are
// one segment coded with several codes (MAXQDA and QualCoder write one row
// per code), unless a code repeats, which starts another segment.
//
// # Documents
//
// The documents are looked up in Options.Documents by the document's name
// without its extension, case-insensitively: a .txt document is read as
// UTF-8 (a byte-order mark is not part of the text), a .docx through
// internal/docx (the text of its paragraphs, one per line). With no
// document for a file, Options.PassageSources makes its text of its
// segments' passages, each segment's once, separated by blank lines, so
// that every coding is kept on its own passage; otherwise its codings are
// reported not placed, never guessed.
//
// # What is not carried
//
// Only what the rows say is carried: a position is found, never taken from
// the export (paragraph numbers and offsets only choose among the places a
// passage occurs); a segment placed by the white-space tolerant match has
// the document's text, which may differ from the stored passage in white
// space (counted in Report.Tolerant). What a reader leaves out of its
// export (weights, colours, areas) it lists in Input.NotCarried, which the
// report repeats; the codings of segments not placed are listed in the
// report and counted dropped by [Report.Ledger].
//
// # Tables
//
// [ReadTable] reads the spreadsheet or CSV form of an export into a
// [Table]: an .xlsx through the repository's xlsx package, anything else
// as CSV (UTF-8, a byte-order mark dropped, the delimiter sniffed among
// ";", "," and tab from the header line, bare quotes in unquoted fields
// tolerated with a warning). Everything is bounded by [Limits].
package segments
