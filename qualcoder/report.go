package qualcoder

import (
	"fmt"
	"path/filepath"

	"github.com/qdabridge/qdabridge/refi"
)

// Report says what a read found, made, moved and could not place. Its
// JSON form is the "qualcoder" object of the report of qdabridge convert
// --json.
type Report struct {
	File string `json:"file"`
	// Version is project.databaseversion as written ("v8"), VersionNumber
	// its number (0 when it cannot be read).
	Version       string `json:"databaseVersion"`
	VersionNumber int    `json:"databaseVersionNumber"`
	// Rows counts the rows read per table.
	Rows map[string]int `json:"rows"`

	Sources        int `json:"sources"`
	TextSources    int `json:"textSources"`
	PDFSources     int `json:"pdfSources"`
	PictureSources int `json:"pictureSources"`
	AudioSources   int `json:"audioSources"`
	VideoSources   int `json:"videoSources"`
	// MediaFiles counts the files of the project folder put in
	// Result.Files; MissingFiles those named but absent, LinkedFiles those
	// linked from outside the folder (named, not read).
	MediaFiles   int `json:"mediaFiles"`
	MissingFiles int `json:"missingFiles"`
	LinkedFiles  int `json:"linkedFiles"`

	Codes      int `json:"codes"`      // code_name rows made codes
	Categories int `json:"categories"` // code_cat rows made codes that cannot be coded
	// Codings counts the codings made: TextCodings + ImageCodings +
	// AVCodings, one selection each.
	Codings      int `json:"codings"`
	TextCodings  int `json:"textCodings"`
	ImageCodings int `json:"imageCodings"`
	AVCodings    int `json:"avCodings"`

	// AtPosition counts the text codings whose seltext is the text at
	// their stored positions; Moved those placed elsewhere by searching
	// for seltext near them (Tolerant of which with white space ignored);
	// Unchecked those without a seltext, placed at their positions.
	AtPosition int `json:"atPosition"`
	Moved      int `json:"moved"`
	Tolerant   int `json:"tolerant"`
	Unchecked  int `json:"unchecked"`

	Cases         int `json:"cases"`
	CaseLinks     int `json:"caseLinks"`     // case_text rows made source or selection references
	CaseLinksLost int `json:"caseLinksLost"` // case_text rows left out
	Variables     int `json:"variables"`
	Values        int `json:"values"`
	ValuesLost    int `json:"valuesLost"`
	Notes         int `json:"notes"` // Journals + Annotations
	Journals      int `json:"journals"`
	Annotations   int `json:"annotations"`
	Users         int `json:"users"`

	// NotPlaced lists the codings, annotations and case passages left
	// out, with where they are in the database and why.
	NotPlaced []NotPlaced `json:"notPlaced"`
	// NotCarried says what the database holds that REFI-QDA cannot.
	NotCarried []string  `json:"notCarried"`
	Warnings   []Warning `json:"warnings"`
	// WarningsOmitted counts the warnings beyond Reader.MaxWarnings.
	WarningsOmitted int `json:"warningsOmitted,omitempty"`

	maxWarn                                              int
	important, avLinks, avTextLinks, risLinks, mediaText int
	graphs                                               int
}

// NotPlaced is a coding, an annotation or a passage linked to a case
// (table case_text) that is not in the project.
type NotPlaced struct {
	Table  string `json:"table"`
	Row    int64  `json:"row"` // the row's id (ctid, imid, avid, anid)
	Source string `json:"source,omitempty"`
	Code   string `json:"code,omitempty"`
	Reason string `json:"reason"`
	Text   string `json:"text,omitempty"` // the passage, shortened
	// Element is the selection it would have been: PlainTextSelection,
	// PictureSelection, PDFSelection, AudioSelection or VideoSelection.
	Element string `json:"element"`
}

func (r *Report) warn(w Warning) {
	if len(r.Warnings) >= r.maxWarn {
		r.WarningsOmitted++
		return
	}
	r.Warnings = append(r.Warnings, w)
}

// Ledger returns what the database held that the project does not, in
// the form of refi's ledger: each coding not placed as a dropped selection
// and its dropped coding, each annotation not placed as a dropped note and
// selection, each case passage not placed as a dropped selection (all
// listed with their table and row), the attribute values left out and the
// graphs. Merge it with the ledger of writing the project
// (refi.Ledger.Merge) to account for a whole conversion.
func (r *Report) Ledger() *refi.Ledger {
	l := refi.NewLedger()
	base := filepath.Base(r.File)
	for _, p := range r.NotPlaced {
		where := fmt.Sprintf("%s table %s row %d", base, p.Table, p.Row)
		name := where
		if p.Code != "" {
			name = p.Code + " (" + where + ")"
		}
		switch p.Table {
		case "annotation": // a note on a passage: the note and its selection
			l.Add(refi.ItemNotes, "", refi.Dropped, 1, &refi.LedgerItem{Element: "Note", Name: name, Why: fmt.Sprintf("an annotation of %q not placed: %s", p.Source, p.Reason)})
			l.Add(refi.ItemSelections, p.Element, refi.Dropped, 1, &refi.LedgerItem{Name: name, Why: "the passage of an annotation not placed"})
		case "case_text": // a passage in a case: a selection without codings
			l.Add(refi.ItemSelections, p.Element, refi.Dropped, 1, &refi.LedgerItem{Name: name, Why: fmt.Sprintf("a passage of %q linked to a case, not placed: %s", p.Source, p.Reason)})
		default: // QualCoder's coding is a passage with one code: a selection and its coding
			l.Add(refi.ItemSelections, p.Element, refi.Dropped, 1, &refi.LedgerItem{Name: name, Why: fmt.Sprintf("a coded passage of %q not placed: %s", p.Source, p.Reason)})
			l.Add(refi.ItemCodings, "", refi.Dropped, 1, &refi.LedgerItem{Element: "Coding", Name: name, Why: "its passage was not placed"})
		}
	}
	if r.ValuesLost > 0 {
		l.Add(refi.ItemVariableValues, "", refi.Dropped, r.ValuesLost, &refi.LedgerItem{Element: "VariableValue", Name: base + " table attribute",
			Why: fmt.Sprintf("%d attribute values left out (see the warnings)", r.ValuesLost)})
	}
	if r.graphs > 0 {
		l.Add(refi.ItemGraphs, "", refi.Dropped, r.graphs, &refi.LedgerItem{Element: "Graph", Name: base + " table graph",
			Why: "QualCoder's graphs are not converted"})
	}
	return l
}
