// Package workbook turns a REFI-QDA project into a spreadsheet workbook
// that researchers can read and edit, and reads an edited workbook back into
// the project.
//
// # Sheets
//
// A workbook has five sheets:
//
//   - Excerpts: one row per coded or annotated passage (see
//     refi.Document.Excerpts): Source, Participants, Start, End (code points
//     by default, see [Writer.Positions]), Text, Codes (one full code path a
//     line, names joined with " > "), Coder, Created, Memo, Kind, and the
//     Selections the row stands for.
//   - Codes: one row per code: Code (its full path), Description, Color,
//     Codable, Excerpts and Sources (counts), GUID.
//   - Participants: one row per case: Name, Description, one column per
//     attribute (variable), Sources, GUID.
//   - Sources: one row per source: Name, Kind, Path, Participants,
//     Selections, Codings, one column per document attribute, GUID.
//   - _qdabridge: a hidden sheet holding what the other sheets cannot show
//     — the whole project as REFI-QDA XML (GUIDs, users, sets, notes, links,
//     graphs, audit data) and its plain-text files — so that reading the
//     workbook back loses nothing. Leave it alone.
//
// Cells are plain values: strings that begin with =, +, -, @, tab or CR are
// written as text, never as formulas.
//
// # Editing
//
// [Reader.Read] starts from the project in the hidden sheet and applies
// what was changed in the visible sheets, identifying rows by their GUID (or
// Selections) column, so rows may be sorted, filtered and moved:
//
//   - Codes: change a code's path to rename it (last name) or move it
//     (parent path; missing parents are created); change its description,
//     colour or codable flag; add a row without a GUID to add a code.
//   - Participants and Sources: change a name, a description or an
//     attribute value (typed by the variable: integers, decimals, true/false,
//     dates); add a column to add a text attribute; add a participant row
//     without a GUID to add a case.
//   - Excerpts: add or remove code paths in Codes to add or remove codings;
//     change Memo; delete a row to delete the excerpt; add a row with a
//     Source, a Text found once in that source and Codes to add an excerpt.
//
// Every change applied is listed in [Result.Edits]; every row that cannot be
// applied — a code path that does not exist, a participant name typed
// twice, an excerpt whose text no longer matches its source — is listed in
// [Result.Problems] with its sheet, row and column, and nothing else is lost.
// A workbook read back without edits gives the project it was written from.
//
// # Concurrency
//
// A [Writer] and a [Reader] hold only options, set before first use. A
// write or a read keeps nothing in them and returns what it did (a
// [refi.Report], a [Result]), so one Writer, or one Reader, may be used by
// several goroutines at once, and so may the package's functions. A
// [Result] belongs to the caller; nothing else refers to it.
package workbook
