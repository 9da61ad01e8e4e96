package rqda

import (
	"fmt"
	"path/filepath"

	"github.com/qdabridge/qdabridge/refi"
)

// Report says what a read found, made, left out and could not place. Its
// maps are keyed by RQDA's table names (source, freecode, coding, ...).
type Report struct {
	File    string `json:"file"`
	Version string `json:"version"` // project.databaseversion

	// Rows counts the rows read per table.
	Rows map[string]int `json:"rows"`
	// Deleted counts per table the rows the user deleted in RQDA (status
	// 0; for codings also -1, "unmarked"): they are not carried.
	Deleted map[string]int `json:"deleted"`
	// Unmarked is the part of Deleted["coding"] and Deleted["coding2"]
	// with status -1 (codings removed with RQDA's Unmark button).
	Unmarked int `json:"unmarked"`
	// Cascaded counts per table the active rows left out because what
	// they belong to was deleted: codings of a deleted code or source,
	// memberships of a deleted category, links and values of a deleted
	// case or source, values of a deleted attribute, annotations of a
	// deleted source.
	Cascaded map[string]int `json:"cascaded"`
	// Dangling counts per table the active rows left out because they
	// refer to a code, source, case, category or attribute that is not in
	// the database at all (each is also in Dropped).
	Dangling map[string]int `json:"dangling"`
	// OverLimit counts per table the rows left out because a value was
	// larger than Reader.MaxValueBytes.
	OverLimit map[string]int `json:"overLimit"`

	// What was made.
	Users         int `json:"users"`
	Sources       int `json:"sources"`
	Codes         int `json:"codes"`      // codes (freecode rows) that can be applied
	Categories    int `json:"categories"` // code categories, as codes that cannot be applied
	Codings       int `json:"codings"`
	Cases         int `json:"cases"`
	CaseSources   int `json:"caseSources"`   // case links covering a whole source
	CasePassages  int `json:"casePassages"`  // case links to a passage
	Variables     int `json:"variables"`     // attributes
	Values        int `json:"values"`        // attribute values of cases and sources
	EmptyValues   int `json:"emptyValues"`   // empty or NULL values, not carried
	CodeSets      int `json:"codeSets"`      // code categories as sets
	SourceSets    int `json:"sourceSets"`    // file categories as sets
	Journals      int `json:"journals"`      // notes from journal
	Annotations   int `json:"annotations"`   // notes from annotation
	MultiCategory int `json:"multiCategory"` // codes in more than one category
	// ByteOrderMarks counts the sources whose text began with a UTF-8
	// byte-order mark: it is left out of the text file (REFI-QDA does not
	// count it) and RQDA's positions in them are moved back by one.
	ByteOrderMarks int `json:"byteOrderMarks"`

	// Placement of the codings' seltext in their sources. Exact and
	// Tolerant were placed: AtRecorded of them exactly where selfirst and
	// selend say, Shifted elsewhere (Hinted of those chosen among several
	// occurrences by the recorded selfirst). Missing and Ambiguous were
	// not placed (see NotPlaced).
	Exact      int `json:"exact"`
	Tolerant   int `json:"tolerant"`
	Hinted     int `json:"hinted"`
	AtRecorded int `json:"atRecorded"`
	Shifted    int `json:"shifted"`
	Missing    int `json:"missing"`
	Ambiguous  int `json:"ambiguous"`

	// NotPlaced lists the codings and case links that are not in the
	// project because their passage could not be placed.
	NotPlaced []NotPlaced `json:"notPlaced"`
	// Dropped lists the other rows left out for a reason other than
	// deletion in RQDA (dangling references, values over the limits,
	// images).
	Dropped []Dropped `json:"dropped"`
	// NotCarried says what the database holds that REFI-QDA has no place
	// for, in words.
	NotCarried []string  `json:"notCarried"`
	Warnings   []Warning `json:"warnings"`
}

// NotPlaced is a coding or case link left out because its passage is not
// in its source (or occurs several times with nothing telling which).
type NotPlaced struct {
	Source string `json:"source"` // the source's name
	Table  string `json:"table"`  // coding, coding2 or caselinkage
	Row    int64  `json:"row"`    // rowid
	Code   string `json:"code,omitempty"`
	Case   string `json:"case,omitempty"`
	Reason string `json:"reason"`
	Text   string `json:"text,omitempty"` // the seltext, shortened
}

// Dropped is a row left out of the project for a reason other than its
// deletion in RQDA.
type Dropped struct {
	Kind    refi.ItemKind `json:"kind"`    // what it would have become
	Element string        `json:"element"` // e.g. "Coding", "PictureSource"
	Table   string        `json:"table"`
	Row     int64         `json:"row,omitempty"`
	Count   int           `json:"count"` // rows it stands for (1 but for summaries)
	Name    string        `json:"name,omitempty"`
	Why     string        `json:"why"`
}

func newReport(path string) *Report {
	return &Report{File: path, Rows: map[string]int{}, Deleted: map[string]int{}, Cascaded: map[string]int{},
		Dangling: map[string]int{}, OverLimit: map[string]int{}}
}

func (r *Report) warn(w Warning) { r.Warnings = append(r.Warnings, w) }

// Ledger returns what the read left out of the project, in the writer's
// ledger form: the codings whose seltext could not be placed (each a
// dropped selection and its dropped coding, listed with its table and
// row), the case links outside their source (dropped selections), and the
// rows of Dropped. Rows the user deleted in RQDA (Deleted,
// Cascaded) are not in it: they are not part of the project RQDA shows.
// Merge it with the ledger of writing the project (refi.Ledger.Merge) to
// account for a whole conversion.
func (r *Report) Ledger() *refi.Ledger {
	l := refi.NewLedger()
	base := filepath.Base(r.File)
	for _, p := range r.NotPlaced {
		where := fmt.Sprintf("%s table %s row %d", base, p.Table, p.Row)
		if p.Table == "caselinkage" {
			l.Add(refi.ItemSelections, "PlainTextSelection", refi.Dropped, 1, &refi.LedgerItem{Name: p.Case + " (" + where + ")",
				Why: fmt.Sprintf("a passage of %q linked to a case, not carried: %s", p.Source, p.Reason)})
			continue
		}
		// RQDA's coding is a passage with one code: a selection and its coding
		name := p.Code + " (" + where + ")"
		l.Add(refi.ItemSelections, "PlainTextSelection", refi.Dropped, 1, &refi.LedgerItem{Name: name,
			Why: fmt.Sprintf("a coded passage of %q not placed: %s", p.Source, p.Reason)})
		l.Add(refi.ItemCodings, "", refi.Dropped, 1, &refi.LedgerItem{Element: "Coding", Name: name, Why: "its passage was not placed"})
	}
	for _, d := range r.Dropped {
		why := fmt.Sprintf("%s (%s table %s row %d)", d.Why, base, d.Table, d.Row)
		l.Add(d.Kind, d.Element, refi.Dropped, d.Count, &refi.LedgerItem{Element: d.Element, Name: d.Name, Why: why})
		if d.Kind == refi.ItemCodings && d.Table != "imageCoding" {
			l.Add(refi.ItemSelections, "PlainTextSelection", refi.Dropped, d.Count, &refi.LedgerItem{Name: d.Name, Why: why})
		}
	}
	return l
}
