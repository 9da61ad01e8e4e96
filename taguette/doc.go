// Package taguette reads the project database of Taguette (a web tool for
// qualitative data analysis, https://www.taguette.org), which cannot export
// a .qdpx project: File → Export project gives an SQLite database
// (.sqlite3). A Reader turns it into a REFI-QDA project (package refi), the
// plain texts of its documents (Result.Files), and a Report.
//
// # What is read
//
// The tables of Taguette's schema (taguette/database/models.py), by name
// and column, at any of its alembic revisions up to db5e31a0233d:
//
//   - projects: the project's name, description and creation date;
//   - documents: each becomes a text source with its name, description and
//     date; its HTML (contents) becomes the plain text (see below);
//   - tags: each becomes a code with its description. A tag path is split
//     at Reader.Separator ("." by default) into a code path, the parents
//     that are not tags themselves made codes that cannot be applied;
//     Reader.Flat keeps Taguette's flat list. Codes get the GUIDs of
//     Taguette's own codebook export (uuid5 of the path in its namespace,
//     written here in lower case);
//     every other element gets a GUID derived from the row's id, so that
//     reading twice gives the same project;
//   - highlights and highlight_tags: each highlight becomes a text selection,
//     each of its tags a coding;
//   - users, project_members: users (named by login);
//   - commands: the log gives who added each document, highlight and tag of
//     a highlight, and when (the first such command). Taguette writes dates
//     without a zone, in UTC; they are read as UTC.
//
// What REFI-QDA cannot hold (the HTML formatting, file names, text
// direction, e-mail addresses, the rest of the log) is listed in
// Report.NotCarried.
//
// # Text and positions
//
// Taguette parses a document's HTML with an HTML5 parser (BeautifulSoup with
// html5lib) and counts a highlight's start_offset and end_offset in UTF-8
// bytes of the text nodes, tags left out and entities decoded (&amp; counts
// one byte, &nbsp; two: taguette/extract.py counts len(node.string.encode
// ('utf-8')) of the parsed text). This package parses with
// golang.org/x/net/html, which implements the same algorithm, so the text
// nodes are the same. The source's plain text is those text nodes in order,
// with a line break added where a block element (p, div, h1-h6, li, tr, td,
// br, ...) is not already followed by one in the HTML; an offset inside a
// text node maps to the same place in the plain text. An offset inside a
// character is moved to its end, as Taguette does.
//
// Every highlight is checked against the snippet Taguette stored with it:
// the text at its offsets must be the snippet's text. A highlight that does
// not match (or lies outside its document) is not placed, never placed at a
// guessed position: it is listed in Report.NotPlaced with its document and
// id, and its codings are counted lost in Report.Ledger. Selections count
// code points (the standard's convention).
//
// # Safety
//
// The database is opened read-only and immutable (file:PATH?mode=ro&
// immutable=1, with the pure-Go modernc.org/sqlite): it is never changed,
// no journal or WAL file appears beside it, and the tool still
// cross-compiles. Only tables (never views) of the expected names are
// read. Reader.MaxRows bounds the rows of each table, Reader.MaxTextSize
// each text (a larger document is skipped and reported, measured before it
// is loaded), Reader.MaxTotalSize all documents, and Reader.Timeout the
// whole read. Password hashes, e-mail addresses and the users' other
// columns are never selected. A file that is not SQLite,
// not a Taguette database, or corrupt gives an *Error naming the file, and
// the table and row where SQLite failed; nothing panics on input.
//
// A database of a newer schema than known is read as far as its tables
// and columns are understood, with WarnSchema warnings for the version and
// for the columns not read.
//
// # Spreadsheet exports
//
// Taguette's highlights export (all tags, or one tag's: .xlsx or .csv with
// the columns id, document, tag and content) and its codebook export (.csv:
// tag, description, number of highlights) are read by [HighlightsReader],
// which turns the highlights back into codings placed in the documents the
// caller gives (their text holds no positions), as the readers of MAXQDA's
// and ATLAS.ti's exports do; see its documentation.
//
// # Concurrency
//
// A Reader keeps nothing between calls: once its fields are set it may be
// shared by any number of goroutines. What ReadFile returns is the caller's.
package taguette
