// Package atlasti reads two of ATLAS.ti's spreadsheet exports into a
// REFI-QDA project: the Quotation Manager's export (one row per
// quotation) and the codebook export (one row per code), as CSV (UTF-8,
// with or without a byte-order mark, ";" or "," separated; ATLAS.ti writes
// ";") or as Excel workbooks.
//
// # What is read
//
// From a quotation export: the quotation's number ("1:4", document 1,
// quotation 4) and name, its text (Text Content, quotes and all: ATLAS.ti
// stores the passage so), its document, its codes, its comment, its
// position (Initial Position, or the "¶ 4" Reference: a paragraph number)
// and its creation and modification dates ("3/25/25", month first; local
// time without a zone, kept without one unless Reader.Location names it).
// From a codebook export: each code's comment (its description) and code
// groups (the Code Group 1 to 4 columns; a code is in every group named in
// its row).
//
// Columns are found by their header, in any order, in English and in the
// Portuguese, Spanish and German forms known ("Extensão", "Documento",
// "Códigos", ...). A file that has neither the quotation columns (Text
// Content, Document, Codes) nor only the codebook columns (Code, and
// Comment and Code Group 1, 2... if any) fails at once with an error
// wrapping [ErrNotATLAS].
//
// # The Codes cell
//
// ATLAS.ti lists a quotation's codes in one cell separated by ", " (or by
// line breaks), and code names may themselves hold ", ". The cell is split
// at ", " and the pieces are joined back into exactly Number of Codes
// names, preferring names the codebook (Reader.Codebook) or the
// unambiguous cells of other quotations know; a cell that cannot be split
// so is reported.
//
// # Code names
//
// ATLAS.ti has flat code names; "Parent: child" is the usual way to show
// a hierarchy. A name "P: c" whose "P" is itself a code becomes the code
// "c" under "P"; set Reader.FlatNames to keep every name flat.
//
// # What is made
//
// One text source per document, one selection per quotation placed in the
// document (matched in Reader.Documents by name without extension; the
// paragraph chooses among repeated passages, then the quotation order),
// one coding per code, the comment as the selection's description, code
// groups as Sets of codes. A quotation that cannot be placed is reported
// with its row, never guessed; Reader.PassageSources makes a text of the
// quotations of a document not given.
//
// # What is not carried
//
// The Extension (number of paragraphs) and Number of Codes columns (used to
// check), code groups' own comments (not in the export), and code colours
// (not in the export).
package atlasti
