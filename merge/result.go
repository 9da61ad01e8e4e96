package merge

import (
	"github.com/qdabridge/qdabridge/refi"
	"github.com/qdabridge/qdabridge/remap"
)

// Options are the settings of [Projects]. The zero value gives the
// defaults.
type Options struct {
	// MinSimilarity is the least similarity ([remap.Map.Similarity]) at
	// which two texts of sources with the same name are taken for versions
	// of one text, the later input's selections being remapped onto the
	// first one's text. Zero means remap.DefaultMinSimilarity; a value
	// above 1 keeps every differing text apart.
	MinSimilarity float64
	// Name is the name of the merged project; "" keeps the first input's.
	Name string
}

// Result is the merged project and what the merge did.
type Result struct {
	// Document is the merged project, with its texts and files in memory,
	// ready for a [refi.Writer].
	Document *refi.Document
	// Positions is the convention of the merged project's positions: the
	// first input's.
	Positions refi.Positions
	// Inputs says, input by input, what was matched and what was added.
	Inputs []Input
	// Conflicts lists the conflicts met: variable types, attribute values,
	// sources with the same name and different texts, in the order met.
	Conflicts []Conflict
	// Remapped lists the sources whose selections were remapped onto
	// another input's version of their text.
	Remapped []Remapped
	// Ledger sums, over all inputs, where each input's items ended: kept
	// (added as they were), moved (merged into a matching item of an
	// earlier input), converted (selections whose positions were
	// converted or remapped exactly), renamed (kept apart under another
	// name), dropped (selections remapped onto text that no longer holds
	// them, and their codings).
	Ledger *refi.Ledger
}

// Input is what one input brought to the merge.
type Input struct {
	Name string `json:"name"` // the project's name
	// Positions is the input's convention; Converted says its positions
	// were converted to the merged project's.
	Positions refi.Positions `json:"-"`
	Converted bool           `json:"converted"`
	// Matched counts the items merged into matching items of an earlier
	// input, and Added the items added, by kind.
	Matched Counts `json:"matched"`
	Added   Counts `json:"added"`
	// OnlyCodes lists the paths ("Parent/Child") of the codes no other
	// input has.
	OnlyCodes []string `json:"onlyCodes"`
	// Unmatched lists the sources, cases, users and variables of a later
	// input that no earlier input has, as "kind NAME".
	Unmatched []string `json:"unmatched"`
}

// Counts counts items by kind.
type Counts struct {
	Users      int `json:"users"`
	Codes      int `json:"codes"`
	Variables  int `json:"variables"`
	Cases      int `json:"cases"`
	Sources    int `json:"sources"`
	Notes      int `json:"notes"`
	Selections int `json:"selections"`
	Codings    int `json:"codings"`
	Sets       int `json:"sets"`
	Links      int `json:"links"`
}

// Conflict is one conflict between inputs.
type Conflict struct {
	Input int    `json:"input"` // the later input, from 0
	Kind  string `json:"kind"`  // "variable type", "value", "source text"
	Name  string `json:"name"`
	// Detail says what differs and what was done.
	Detail string `json:"detail"`
}

// Remapped is a source of a later input whose text differs from the
// matching source's text, and what became of its selections.
type Remapped struct {
	Input      int     `json:"input"`
	Source     string  `json:"source"`
	Similarity float64 `json:"similarity"`
	Exact      int     `json:"exact"`
	Touched    int     `json:"touched"`
	Deleted    int     `json:"deleted"`
	// Changes lists the touched and deleted selections, with their old
	// and new text.
	Changes []Change `json:"changes,omitempty"`
}

// Change is one touched or deleted selection.
type Change struct {
	Status  remap.Status `json:"status"`
	OldText string       `json:"oldText"`
	NewText string       `json:"newText,omitempty"`
	Codings int          `json:"codings"`
}
