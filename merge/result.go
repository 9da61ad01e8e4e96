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
	Name string // the project's name
	// Positions is the input's convention; Converted says its positions
	// were converted to the merged project's.
	Positions refi.Positions
	Converted bool
	// Matched counts the items merged into matching items of an earlier
	// input, and Added the items added, by kind.
	Matched, Added Counts
	// OnlyCodes lists the paths ("Parent/Child") of the codes no other
	// input has.
	OnlyCodes []string
	// Unmatched lists the sources, cases, users and variables of this
	// input that no other input has, as "kind NAME".
	Unmatched []string
}

// Counts counts items by kind.
type Counts struct {
	Users, Codes, Variables, Cases, Sources, Notes, Selections, Codings, Sets, Links int
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
