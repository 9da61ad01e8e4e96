// Package maxqda reads MAXQDA's "Coded Segments" export (Export > Coded
// Segments, as an Excel workbook .xlsx, or the same table saved as CSV)
// into a REFI-QDA project, like package nvivo does for NVivo's Coding
// Summary.
//
// # What is read
//
// Each row is one coded segment at one code: the document (and its
// document group), the code's path (parent and child joined by "\"), the
// Beginning and End paragraph numbers, the segment's text, who created and
// last modified it and when, and its comment. Rows of the same document,
// text and paragraphs are one segment coded at several codes (MAXQDA writes
// one row per code): one selection with one coding per code.
//
// Columns are found by their header, in any order, in English or German
// ("Dokumentname", "Anfang", "Erstellt von", ...) and Spanish; the
// workbook's first sheet with the Document name, Code and Segment columns
// is read. A file without them fails at once with an error wrapping
// [ErrNotMAXQDA] that names the columns expected. CSV is read as UTF-8
// (a byte-order mark dropped), ";", "," or tab separated.
//
// # What is made
//
// Codes form a tree from the paths; a parent that is never applied itself
// cannot be applied (IsCodable false). Each document is a text source,
// matched to a file of Reader.Documents by its name without extension
// (.txt or .docx); each segment is placed in it (see internal/place: exact,
// then ignoring white space; the Beginning paragraph chooses among
// repeated passages, then the row order). A segment that cannot be placed
// is reported with its sheet and row, never guessed. With
// Reader.PassageSources, a document not given gets a text made of its
// segments. Document groups become Sets of sources; coders become users;
// comments become the selection's description.
//
// Dates ("26.06.2022 13:40:33", day first, or Excel dates) are local time
// without a zone: they are kept without one unless Reader.Location names it.
//
// # What is not carried
//
// The weight score, the Area and Coverage % columns, the "Other codes
// assigned to segment" column (the same codings, repeated), and the
// code's colour (MAXQDA writes it as the colour of the "●" in the Color
// cell, which is not read). Segments of images, PDF areas and media have
// no text to place and are reported.
package maxqda
