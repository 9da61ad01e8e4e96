package segments

import (
	"io/fs"
	"time"
)

// Row is one row of an export: a passage of a document coded at one or
// more codes.
type Row struct {
	Sheet string // sheet the row is in ("" for CSV)
	Row   int    // 1-based row (or record) number, the header being 1

	Document  string     // the document's name as the export gives it
	Group     string     // document group, "" when none
	SegmentID string     // rows with the same id in one document are one segment
	Codes     [][]string // code paths, from the top
	Text      string     // the passage as the tool stored it
	Name      string     // the segment's name (an ATLAS.ti quotation's), "" when none

	Coder             string    // who created the coding
	Modifier          string    // who last changed it
	Created, Modified time.Time // zero when absent; wall-clock times
	Memo              string    // comment or memo on the passage or the coding

	// Position hints: ParaStart and ParaEnd are 1-based paragraph numbers
	// (0 when not known); CharStart is a character offset, -1 when not
	// known.
	ParaStart, ParaEnd int
	CharStart          int
}

// Code is a code of a codebook, or what a reader knows of a code.
type Code struct {
	Path        []string
	Description string
	Color       string   // "#RRGGBB", "" when none
	Groups      []string // code groups the code is in
}

// Input is what a reader gives [Build].
type Input struct {
	Tool string // package name, for messages and GUIDs: "maxqda"
	File string // the export's path, for messages
	Name string // the project's default name

	Rows  []Row
	Codes []Code // a codebook's codes, in its order; may be nil

	// RowsRead counts the data rows read per sheet ("" for CSV), those
	// skipped included.
	RowsRead map[string]int
	// Skipped are rows the reader could not use, already warned of.
	Skipped []NotPlaced
	// Warnings found by the reader.
	Warnings []Warning
	// NotCarried says what the export held that the project cannot hold.
	NotCarried []string
	// Ordered says that the rows of one code in one document are in text
	// order, so that the order can choose among repeated passages.
	Ordered bool
}

// Options are a reader's options that concern building.
type Options struct {
	// Documents holds the source documents (.txt, .docx); nil means none.
	Documents fs.FS
	// PassageSources gives a document that is not in Documents a text
	// made of its segments' passages (see the package documentation).
	PassageSources bool
	// Location is the time zone of the export's dates; nil keeps them
	// without a zone (refi.NoTimeZone).
	Location *time.Location
	// MaxDocumentBytes bounds a document file; zero means 256 MiB.
	MaxDocumentBytes int64
	// MaxWarnings bounds the warnings listed per code; zero means 1000.
	MaxWarnings int
}
