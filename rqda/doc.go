// Package rqda reads RQDA projects (.rqda files) into REFI-QDA projects
// (package refi), so that they can be written as .qdpx and opened in other
// qualitative-analysis tools.
//
// RQDA (an R package for qualitative data analysis, archived from CRAN)
// keeps a project in one SQLite database. [Reader.ReadFile] opens it
// read-only and immutable (the file is never changed; see
// internal/sqlitedb), checks that it has RQDA's tables, reads them and
// builds the project. Database versions 0.1.5 to 0.2.2 are known
// (project.databaseversion); another version is read as far as its tables
// are understood, with a warning.
//
// # What is read
//
//   - source: each file becomes a TextSource (name, memo as description,
//     owner and date), its text in a file internal://GUID.txt of
//     [Result.Files].
//   - freecode: each code becomes a Code (colour: "#RRGGBB" or one of R's
//     colour names such as "aquamarine4", converted; memo as description).
//   - codecat and treecode: each code category becomes a Code that cannot be
//     applied (IsCodable false) with its codes as children, and also a Set of
//     those codes. A code in several categories is placed under the first
//     (by treecode row) and is a member of the Sets of all of them; a
//     warning names each other category.
//   - coding (and coding2, RQDA's second coding table): each coding becomes a
//     PlainTextSelection with one Coding; owner as the coding's and the
//     selection's creating user, date, memo as the selection's description.
//   - cases and caselinkage: each case becomes a Case; a link covering a
//     whole source becomes a SourceRef, a link to a passage a
//     PlainTextSelection (with no coding) and a SelectionRef.
//   - attributes, caseAttr and fileAttr: each attribute becomes a Variable,
//     its values VariableValues of cases and sources. A numeric attribute
//     is Integer when all its values are integers, Float when they are all
//     numbers, otherwise Text (with a warning); a character one is Text.
//     Empty and NULL values are not carried (counted in Report.EmptyValues).
//   - filecat and treefile: each file category becomes a Set of sources.
//   - journal: each journal becomes a Note (its text in a file).
//   - annotation: each annotation becomes a Note, anchored by an empty
//     PlainTextSelection at its position (carrying a NoteRef to it); one
//     whose position is outside its source is attached to the source.
//   - project: memo as the project's description, date as its creation
//     date; the project is named after the file.
//   - the owner columns: a User per distinct owner.
//
// # Deleted rows
//
// RQDA marks what the user deletes with status 0 (and codings removed with
// its Unmark button with -1) and keeps the rows. They are not carried, and
// are counted per table in Report.Deleted (Report.Unmarked for -1). Rows
// that belong to something deleted (codings of a deleted code or source,
// links of a deleted case, ...) are left out too, counted in
// Report.Cascaded. Rows that refer to something not in the database at all
// are left out with a warning, counted in Report.Dangling and listed in
// Report.Dropped.
//
// # Positions
//
// RQDA records a coding's place as selfirst and selend, R character
// offsets (code points, end exclusive) into the source's text, whose lines
// R joined with LF; REFI-QDA counts code points too. But RQDA also stores
// the passage itself (seltext), and its offsets disagree with the text for
// some codings: real files have selfirst -3 for a passage that starts the
// text, and passages shifted by one character. So each coding is placed
// where its seltext is (package internal/place): where RQDA recorded it if
// it is there, else wherever it occurs exactly, else with white space
// ignored (Report.Tolerant, with a warning); among several occurrences,
// the one nearest the recorded selfirst. A seltext that is not in its
// source, or occurs several times equally near, is never placed at a
// guessed position: the coding is left out, listed in Report.NotPlaced
// (source, table, row) and counted lost in [Report.Ledger]. Every coding
// placed exactly has its seltext as its text.
//
// A text that begins with a byte-order mark (R counts it as a character)
// is written without it, as REFI-QDA does not count it; RQDA's positions
// in it are moved back by one. A text that is not valid UTF-8 has its
// invalid bytes replaced by U+FFFD, in the text and in the passages alike.
//
// Case links and annotations have positions only; they are taken as
// recorded, and a link outside its source's text is left out with a
// warning.
//
// Dates are parsed as R's date() writes them ("Mon May 13 15:16:03 2019",
// the local time of the user's machine, whose zone RQDA does not record)
// and taken as UTC.
//
// # What is not carried
//
// REFI-QDA has no place for the owners and dates of codes, categories,
// cases and attributes, for modification dates (dateM), or for images
// (image, imageCoding: RQDA keeps the pictures outside the database, in
// project.imageDir); Report.NotCarried says so for each project, and the
// images are in the Ledger as dropped.
//
// # Safety
//
// The database is opened read-only and immutable: no journal or lock file
// is created beside it. Only tables are read (never views or triggers).
// Reader.MaxRows bounds the rows of each table (more fail the read with
// [ErrLimit]) and Reader.MaxValueBytes the size of each value (a row with a
// larger one is left out with a warning). A file that is not an RQDA
// project fails fast with [ErrNotRQDA], naming the tables expected; one
// SQLite cannot read fails with [ErrCorrupt], naming the table and row.
// GUIDs are derived from the table, the row's id and the project's
// creation date, so that reading a file twice gives the same project.
package rqda
