// Package nvivo reads the spreadsheet exports of NVivo (QSR/Lumivero), turns
// them into a REFI-QDA project (package refi), and writes the sheets NVivo
// imports. It is for projects that never left NVivo as .qdpx: older
// versions, a failed export, a team that shared spreadsheets, an archive
// that kept only the Excel exports.
//
// A [Reader] reads one export (.xlsx, .csv or .txt) into an [Export]; the
// kind of export is detected from the content, never from the file name. A
// [Builder] combines any set of exports, with the source documents, into a
// [refi.Project] and a [Report]; a [Writer] writes classification sheets
// and codebooks in NVivo's layouts.
//
// # Supported exports
//
// Codebook (Export Codebook → Excel), kind "codebook": one sheet (named
// Codebook) with the columns Folder | Name | Description, and Files |
// References when "Include number of files and references" was ticked.
// Folder is the folder path (Codes\\My folder), Name the code's path inside
// the folder (Parent\Child). Read into a [CodebookSheet]; folders are kept apart
// from parent codes. It cannot carry GUIDs, colours, dates, users, the
// aggregate flag, memos, codings, or the descriptions of folders.
//
// Classification sheet (Export Classification Sheet), kind
// "classification": the classification's name in A1 (optional), attribute
// names in row 1, one case (or file) per row with its name, plain or
// hierarchical (Cases\\Participants\P01), in column A. Read into a
// [Classification]. The sheet carries no attribute types, descriptions,
// value lists or colours: types are inferred (see [AttributeType]) and the
// evidence kept.
//
// Coding Summary extract (text report "Coding Summary By Code" or "By
// File"), kind "coding-summary": the columns Hierarchical Name (of the
// code), Code Type, Description, Aggregate, List Order, Hierarchical Name
// (of the file), File Type, Classification, Folder Location, Coverage,
// Number Of Coding References, Reference Number, Coded By Initials,
// Modified On, Coded Text, in .xlsx (a long extract may be split over
// sheets with the same header; they are read as one) or in the .txt form.
// Columns are found by their header text; only the two hierarchical names
// and Coded Text are required. Read into a [CodingSummary], one [Reference]
// per row. It carries no character offsets (they are recovered from the
// documents, see below), no GUIDs, no full user names (initials only), no
// time zone, no memos; region codings (pictures, PDF areas, media) cannot be
// placed.
//
// List view (Export List), kind "list": the columns shown in the list view,
// for example Name | Files | References | Created On | Created By |
// Modified On | Modified By, or for files Name | Codes | References |
// Modified On | Modified By | Classification; NVivo's blank icon columns
// are skipped. Read into a [Table] ([Table.Items] gives typed rows). Names
// only, no hierarchy.
//
// Summary View of a code (Export Codes → Summary View), kind
// "summary-view": Name | In Folder | References | Coverage, one row per file
// coded at the code. The code itself is not named in the sheet.
//
// Matrix coding query result, kind "matrix"; crosstab query result, kind
// "crosstab"; framework matrix, kind "framework", in .xlsx or .csv: column
// labels "A : <name>", row labels "1 : <name>", and counts (matrix,
// crosstab) or summary text (framework) in the cells. Read into a [Table]
// with the indexes removed ("A : Issues" is Issues, [Label].Index keeps
// the A) and duplicate leaf names kept apart by [Label].Key.
//
// List views, summary views and query results carry no codings: they
// only enrich a project (names of files, codes and cases; the dates and
// users of files) or stand alone as data for analysis. A matrix alone gives
// no project at all ([ErrNothingToBuild]): its labels may be codes, cases
// or files.
//
// Old binary .xls workbooks are not read: they give an error wrapping
// [xlsx.ErrLegacyXLS] that asks to save the file as .xlsx (no pure-Go BIFF
// reader is maintained well enough to take as a dependency, and NVivo's
// .xls files are known to be malformed). Word frequency query results are
// recognised and refused ([ErrUnknownExport]).
//
// # Kind detection
//
// Detection looks at the header row, the labels in column A and the cells,
// in this order; the first rule that matches gives the kind
// ([Export].Detection says which):
//
//  1. a "Hierarchical Name" column and a "Coded Text" (or "Coded By
//     Initials") column: coding-summary;
//  2. "Folder" and "Name" columns: codebook;
//  3. "Name" and "In Folder" columns: summary-view;
//  4. "Word" and "Count" with "Length", "Weighted Percentage (%)" or
//     "Similar Words": a word frequency result, refused;
//  5. column labels "A : …" (at least half of the named columns) and row
//     labels "1 : …" (at least half of the rows): framework when most filled
//     cells are text, crosstab when there is a Total row and a Total column
//     or the columns are attribute values ("Gender = Female"), matrix
//     otherwise; a crosstab without the indexes is recognised by a blank
//     corner, numeric cells, and the same Total or attribute-value labels;
//  6. a "Name" column and a list-view column (Files, Sources, Codes, Nodes,
//     References, Created On, Created By, Modified On, Modified By,
//     Classification, Cases, Coverage, Size, Location): list; a list of
//     files has a Codes column, one of cases has Files and Classification,
//     one of codes has Files without Classification;
//  7. anything else with names in column A: classification.
//
// In a workbook the first sheet whose content matches is read; other sheets
// with rows are reported ([WarnSheets]). Text is recognised from its first
// line: tabs make it tab-separated, fields separated by ", " and never by
// a bare comma make it NVivo's text-report form, anything else is CSV.
// [Reader].Kind overrides detection.
//
// In every text form a line ends in LF, CR LF or a lone CR (old Mac line
// ends), and a file may mix them: a lone CR ends a record of a CSV or
// tab-separated file as LF does ([xlsx.CSVReader]), while inside a quoted
// field it stays in the field. Line numbers in warnings count every line
// end.
//
// # The text report form
//
// The .txt form of the Coding Summary separates fields by a comma and a
// space, doubles every double quote, and encloses a field in quotes only
// when it holds a comma; line breaks inside fields are written as they are,
// quoted or not. Records are rebuilt by counting fields: a record whose
// field count is below the header's continues on the next line; once
// complete, a following line with no comma continues its last (unquoted)
// field, since an unquoted field cannot hold a comma. Line breaks inside
// fields are kept as written.
//
// # Hierarchical names and aggregate codes
//
// [SplitName] splits "Nodes\\Errors\False Hit" into the folders [Nodes] and
// the path [Errors, False Hit]. The first folder is NVivo's root folder
// (Nodes, Codes, Cases, Files, Internals…, depending on version and
// language); the [Builder] drops it and makes the other folders codes that
// cannot be applied. Codes from different exports are the same code when
// their names below the root are the same (compared case-insensitively).
//
// A code marked Aggregate lists, besides its own references, those of its
// descendants. A reference of an aggregate code that has the same file,
// the same text (white space normalised) and the same coder as a
// reference of a descendant is marked [Reference].Repeat and does not
// become a coding; the rest are the aggregate code's own codings. Several
// coders on one passage give several references, and several codings, each
// with its coder (a [refi.User] whose ID and Name are the initials).
//
// # Unassigned and Not Applicable
//
// NVivo gives every attribute the values Unassigned (the default) and Not
// Applicable. In a classification sheet they appear as those labels (or
// the labels of a localised NVivo, which the caller names in
// [Reader].UnassignedLabels and NotApplicableLabels); an empty cell means no
// value. The policy:
//
//   - empty cells and Unassigned give no value: the case has no
//     VariableValue for the attribute (REFI-QDA has no "unassigned");
//   - Not Applicable gives no value either, by default; such values are
//     counted in [Report].NotApplicable and in a [WarnNotApplicable]
//     warning, since unlike Unassigned they are a statement. With
//     [Builder].KeepNotApplicable they are kept as text values, and the
//     attribute's variable becomes a Text variable;
//   - none of them counts as a value when inferring an attribute's type.
//
// [Writer.WriteClassification] writes no value as an empty cell, which
// NVivo's import reads as Unassigned in any language ([Writer].UnassignedLabel
// writes a label instead), and Not Applicable as "Not Applicable"
// ([Writer].NotApplicableLabel). A sheet cannot tell a text value from a
// label: a text value that is literally "Unassigned" or "Not Applicable"
// (or one of the Writer's labels) reads back as Unassigned or Not
// Applicable. The Writer writes it as it is and returns a
// [WarnLabelValue] warning for it.
//
// # Recovering positions
//
// No spreadsheet export carries character offsets. Given the source
// documents ([Builder].Documents: .txt files, stored as they are, or .docx
// files, whose paragraphs give the text), each coded text is looked for in
// the document of its file, matched by name (NVivo's file name,
// case-insensitive, with or without the extension, in any folder):
//
//  1. exactly ([MatchExact]);
//  2. failing that, with runs of white space and line ends ignored
//     ([MatchTolerant]): CR LF against LF, a line break against a space;
//  3. a text that occurs more than once is resolved by the reference order:
//     the references of one code in one file are in document order
//     (Reference Number, or row order), and one coder's references of one
//     code do not overlap, which often leaves one possible occurrence;
//     otherwise it is [MatchAmbiguous] and not placed;
//  4. a text not found is [MatchMissing]; so are all references of a file
//     without a document (unless [Builder].PassageSources is set).
//
// Placed passages become PlainTextSelections whose positions count Unicode
// code points, CR LF as two, in the stored text (the standard's
// convention, [refi.Positions] zero value). One selection holds the codings
// of all references placed on the same span. The [Report] counts exact,
// tolerant, ambiguous and missing placements and lists every reference not
// placed exactly with its export, row and line. A reference at a case
// (Code Type Case) assigns its passage to the case (SelectionRef), or the
// whole file (SourceRef) when it covers the whole document.
//
// The text of a .docx is the text of the paragraphs of word/document.xml
// in document order, joined by "\n", with a tab as "\t" and a line break
// inside a paragraph as "\n". Deleted text (tracked changes), field codes
// and the fallback copies of text boxes are left out; headers, footers,
// footnotes and comments are not read. This text is stored as the
// source's plain text, and the .docx as its rich text.
//
// A document is read only within bounds, checked before it is read: a file
// larger than [Builder].MaxDocumentBytes (256 MiB by default) is not opened
// for reading, and a .docx built to exhaust a reader (a zip bomb: text
// that would inflate more than 100 times its compressed size, or to more
// than 256 MiB, or more than 10,000 parts, or elements nested more than
// 512 deep) is refused from its zip directory before anything is inflated.
// Such a document is reported in a [WarnDocument] warning naming the file
// and saying why, and its file's passages are missing.
//
// # Writing
//
// [Writer.WriteClassification] writes a classification sheet in the layout
// of NVivo's import wizard (name in A1, attributes in row 1, cases in column
// A, typed cells); [ClassificationFromProject] makes one from a project's
// participants. [Writer.WriteCodebook] writes a codebook in the layout of
// NVivo's Excel codebook export; [CodebookFromProject] makes one from a
// project. Each write returns, with its error, warnings of what will not
// read back as given. Sheets written read back through [Reader] to the
// same values. NVivo also imports a REFI-QDA codebook (.qdc): package refi
// writes it ([refi.Writer.Write] with refi.FormatQDC).
//
// # Goroutines
//
// A [Reader] and a [Writer] keep no state between calls: once their fields
// are set, one value may be used by any number of goroutines at once. A
// [Builder] collects exports and is for one goroutine: Add the exports,
// then call Build. Exports, sheets and projects given to any of them are
// only read, and must not be changed while a call uses them; what a call
// returns is the caller's.
//
// # Errors
//
// Errors start with "nvivo: ". An export that cannot be read gives an
// [*Error] naming the export, wrapping a sentinel error of this package or
// of package xlsx, usually inside an [*xlsx.CellError] that gives the
// sheet, row and column. Problems with single rows and cells are
// [Warning]s, never silent: every row that is not read is counted in a
// [WarnRowSkipped] warning. Nothing in this package panics on input.
package nvivo
