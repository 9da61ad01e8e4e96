// Package qualcoder reads QualCoder projects (https://github.com/ccbogel/QualCoder)
// into REFI-QDA projects (package refi), without losing a coding.
//
// A QualCoder project is a folder NAME.qda holding the SQLite database
// data.qda and the project's files: documents/ (the originals of text
// documents and PDFs), images/, audio/ and video/. [Reader.ReadFile] takes
// the folder or the database file. The result is a [refi.Project], the
// files its sources name ([Result.Files]) and a [Report].
//
// # What is read
//
// The database's layout changed from version v1 to v17
// (project.databaseversion) by added columns and tables; a column a version
// lacks reads as NULL, so one reading serves every version:
//
//   - v1: project, source, code_name, code_cat, code_text, code_image,
//     code_av, cases, case_text, attribute_type, attribute, journal,
//     annotation; code_text rows are identified by their rowid;
//   - v2 code_text.avid, v3 important flags, v4 code_text.ctid, v5
//     source.av_text_id, v8 source.risid (all recorded in NotCarried when
//     used), v10 code_image.pdf_page (areas of PDF pages), v14 coder_names,
//     v16 code_name.supercid (codes under codes); v6, v7, v9, v11-v13,
//     v15 and v17 add only tables and columns of graphs, bookmarks and the
//     display, which REFI-QDA cannot hold.
//
// A database of a version newer than v17 ([KnownVersion]) is read as far as
// it is understood, with a [WarnVersion] warning.
//
// The tables become:
//
//   - source: text sources (mediapath NULL, or /docs/NAME for a document
//     kept in documents/, or docs:PATH for one linked from outside the
//     folder), PDF sources (the same, named *.pdf: the text becomes the
//     PDF's Representation), picture sources (/images/ or images:), audio
//     (/audio/, audio:) and video sources (/video/, video:). The text
//     (fulltext) is the file internal://GUID.txt; the folder's file is
//     carried as internal://GUID.ext (a .docx as the text's rich text), a
//     linked one is named absolute://PATH and not read. A missing file is a
//     [WarnMissingFile] warning; the source is kept. memo becomes the
//     description, owner and date the creating user and date.
//   - code_cat (categories, nested by supercatid) become codes that cannot
//     be coded; code_name (catid, supercid, color, memo) codable codes
//     under them or under other codes.
//   - code_text: a PlainTextSelection with one Coding (memo: its
//     description); code_image: a PictureSelection (x1, y1, width, height)
//     or, with pdf_page, a PDFSelection; code_av: an AudioSelection or
//     VideoSelection (pos0, pos1 in milliseconds).
//   - cases: cases; case_text: a whole source in the case when pos0 is 0
//     and pos1 is 0 or the length of the text (as QualCoder writes it),
//     otherwise a selection of the passage, without codings, that the case
//     refers to.
//   - attribute_type: variables (valuetype numeric: Float, character:
//     Text); attribute: their values on cases (attr_type case) and sources
//     (attr_type file). An empty numeric value is no value.
//   - journal: notes; annotation: a note referred to by a selection of the
//     passage annotated.
//   - owners (of every table) and coder_names: users.
//
// # Positions
//
// QualCoder's pos0 and pos1 count code points (Python string indexes) of
// source.fulltext, end exclusive, and seltext holds the coded passage;
// refi's positions count code points too. Each text coding is checked: when
// the text at its positions is its seltext it is placed there
// (Report.AtPosition); otherwise seltext is searched for with
// internal/place, nearest to pos0, and placed where it is found
// (Report.Moved, a [WarnMoved] warning). A passage not found, found several
// times with none nearest, or referring to a missing code or source is not
// placed: it is listed in Report.NotPlaced with its table and row and
// counted dropped in [Report.Ledger]. A coding is never placed at a guessed
// position. A coding without seltext is placed at its positions when they
// are a range of the text (Report.Unchecked).
//
// A text that begins with U+FEFF (QualCoder keeps the byte-order marks of
// the files it imported) is written with one more U+FEFF in front, since
// readers of REFI-QDA drop a leading byte-order mark and do not count it.
//
// Dates ("2024-09-29 08:58:44", QualCoder's local time without a zone) are
// taken in [Reader.Location], UTC by default, as QualCoder's own REFI-QDA
// export does.
//
// # Not carried
//
// REFI-QDA has no place for graphs (graph and gr_* tables), stored SQL
// queries, bibliography data (ris, source.risid), the link between an
// audio or video source and its transcript (av_text_id: the transcript
// stays a text source of its own) and between a text coding and an A/V
// coding (avid), the important flag of codings, the owners and dates of
// codes, categories, cases and attributes, whether an attribute is for
// cases or for files, and display settings. Report.NotCarried lists those a
// project uses; graphs are counted dropped in the ledger.
//
// # Safety
//
// The database is opened read-only and immutable through internal/sqlitedb
// (pure Go; no journal or WAL is written; views and triggers are never
// run); every query is bounded in rows ([Reader.MaxRows]) and value size
// ([Reader.MaxValueBytes]), and the texts together by
// [Reader.MaxTextBytes]. Media paths are names from the database: only
// files inside the project folder's documents/, images/, audio/ and
// video/ are read, never through a symbolic link, a path with "..", or a
// special file, and up to [Reader.MaxMediaBytes]; they are opened only when
// the project is written. Linked files outside the folder are named, not
// read. Problems are errors wrapping [ErrNotQualCoder], [ErrNoDatabase],
// [ErrCorrupt] or [ErrLimit] in an [*Error] naming file, table and row, or
// warnings that name them; no input makes the reader panic.
package qualcoder
