package refi

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
)

// ItemKind names a kind of item a [Ledger] counts.
type ItemKind string

// The kinds of item, in the order a Ledger lists them.
const (
	ItemUsers          ItemKind = "users"
	ItemCodes          ItemKind = "codes"          // codes at every level of the tree
	ItemCases          ItemKind = "cases"          // cases, named or not
	ItemVariables      ItemKind = "variables"      // variable definitions
	ItemVariableValues ItemKind = "variableValues" // values of cases and sources
	ItemSources        ItemKind = "sources"        // by element: TextSource, PictureSource, PDFSource, AudioSource, VideoSource
	ItemSourceFiles    ItemKind = "sourceFiles"    // files the project names that the input holds
	ItemSelections     ItemKind = "selections"     // by element, those of notes, PDF representations and transcripts included
	ItemCodings        ItemKind = "codings"        // of selections and of whole sources
	ItemNotes          ItemKind = "notes"
	ItemLinks          ItemKind = "links"
	ItemSets           ItemKind = "sets"
	ItemGraphs         ItemKind = "graphs"
	ItemExtensions     ItemKind = "extensions" // attributes, elements and archive entries beyond the schema
)

// ItemKinds returns every kind of item, in ledger order.
func ItemKinds() []ItemKind { return append([]ItemKind(nil), itemKinds[:]...) }

var itemKinds = [...]ItemKind{ItemUsers, ItemCodes, ItemCases, ItemVariables, ItemVariableValues, ItemSources,
	ItemSourceFiles, ItemSelections, ItemCodings, ItemNotes, ItemLinks, ItemSets, ItemGraphs, ItemExtensions}

const nItemKinds = len(itemKinds)

func kindIndex(k ItemKind) int {
	for i, x := range itemKinds {
		if x == k {
			return i
		}
	}
	return -1
}

// Column says where an item of the input ended up in a conversion. Every
// item ends in exactly one column; when several apply, the later one in
// this list wins (an item renamed and converted is counted renamed).
type Column uint8

// The columns of a ledger.
const (
	// Kept: in the output as the input held it.
	Kept Column = iota
	// Converted: the same thing in another convention (positions, line
	// ends, file names, GUID form, time zone, a processing instruction
	// for what the schema has no place for).
	Converted
	// Repaired: a value the schema does not allow (an identifier that is
	// not a GUID, an empty GUID, a colour, a lexical form) written in a
	// form it does, with the same meaning; when a value has no such form
	// it is left out of the XML and kept for this package's reader.
	Repaired
	// Moved: the same information held another way, as the target reads
	// it (document variables in a nameless case, case links as codings,
	// a note as a journal).
	Moved
	// Renamed: given another name, so that the target keeps it apart or
	// shows it at all (duplicate code names, sources without a name).
	Renamed
	// Invisible: in the output, but the target's importer does not show
	// it.
	Invisible
	// Dropped: not in the output.
	Dropped
	nColumns
)

var columnNames = [nColumns]string{"kept", "converted", "repaired", "moved", "renamed", "invisible", "dropped"}

// String returns the column's name as in JSON: "kept", "converted", ...
func (c Column) String() string {
	if c < nColumns {
		return columnNames[c]
	}
	return fmt.Sprintf("Column(%d)", uint8(c))
}

// MarshalText gives the column's name.
func (c Column) MarshalText() ([]byte, error) { return []byte(c.String()), nil }

// A Ledger says, for every kind of item the input held, how many there
// were and where each ended: kept, converted, repaired, moved, renamed,
// invisible or dropped. For every kind the input equals the sum of the
// columns ([Ledger.Check]). Items renamed, invisible or dropped are listed
// with their name, GUID and why.
type Ledger struct {
	// Rows has one row per kind of item, in the order of [ItemKinds],
	// every kind present (zeros included).
	Rows []LedgerRow
}

// LedgerRow is what became of the items of one kind.
type LedgerRow struct {
	Kind  ItemKind
	Input int
	// Counts holds the number of items in each column, indexed by Column.
	Counts [nColumns]int
	// Parts breaks sources and selections down by element (TextSource,
	// PlainTextSelection, ...), for the elements present in the input.
	Parts []LedgerPart
	// Items lists the items renamed, invisible or dropped, in the order
	// met, at most 1,000 of them; Unlisted counts the others.
	Items    []LedgerItem
	Unlisted int
}

// LedgerPart is the row of one element kind within a row.
type LedgerPart struct {
	Element string
	Input   int
	Counts  [nColumns]int
}

// LedgerItem is one item renamed, invisible or dropped.
type LedgerItem struct {
	Column  Column `json:"column"`
	Element string `json:"element"` // e.g. "Code", "PlainTextSelection"
	Name    string `json:"name,omitempty"`
	GUID    GUID   `json:"guid,omitempty"`
	NewName string `json:"newName,omitempty"` // for a renamed item
	Why     string `json:"why"`
}

// maxLedgerItems is how many renamed, invisible and dropped items a
// ledger row lists; the rest are counted in LedgerRow.Unlisted.
const maxLedgerItems = 1000

// Sum returns the total of the row's columns.
func (r *LedgerRow) Sum() int { return sumColumns(r.Counts) }

func sumColumns(counts [nColumns]int) int {
	n := 0
	for _, v := range counts {
		n += v
	}
	return n
}

// Row returns the row of kind k (a zero row for an unknown kind).
func (l *Ledger) Row(k ItemKind) *LedgerRow {
	if l != nil {
		for i := range l.Rows {
			if l.Rows[i].Kind == k {
				return &l.Rows[i]
			}
		}
	}
	return &LedgerRow{Kind: k}
}

// Lost reports whether any item was dropped or will be invisible.
func (l *Ledger) Lost() bool {
	if l == nil {
		return false
	}
	for _, r := range l.Rows {
		if r.Counts[Dropped] > 0 || r.Counts[Invisible] > 0 {
			return true
		}
	}
	return false
}

// Total returns the number of items in column c over all kinds.
func (l *Ledger) Total(c Column) int {
	n := 0
	if l != nil {
		for _, r := range l.Rows {
			n += r.Counts[c]
		}
	}
	return n
}

// Check returns an error naming every kind (and element) whose input is
// not the sum of its columns. A ledger made by this package always
// balances; Check is for tests and for ledgers combined by hand.
func (l *Ledger) Check() error {
	var bad []string
	for _, r := range l.Rows {
		if s := r.Sum(); s != r.Input {
			bad = append(bad, fmt.Sprintf("%s: input %d, columns %d", r.Kind, r.Input, s))
		}
		if len(r.Parts) > 0 {
			sum := 0
			for _, p := range r.Parts {
				sum += p.Input
				if s := sumColumns(p.Counts); s != p.Input {
					bad = append(bad, fmt.Sprintf("%s %s: input %d, columns %d", r.Kind, p.Element, p.Input, s))
				}
			}
			if sum != r.Input {
				bad = append(bad, fmt.Sprintf("%s: input %d, parts %d", r.Kind, r.Input, sum))
			}
		}
	}
	if len(bad) > 0 {
		return fmt.Errorf("refi: ledger does not add up: %s", strings.Join(bad, "; "))
	}
	return nil
}

// Merge adds the counts and items of m to l, kind by kind. It is for a
// conversion in stages (NVivo's exports to a project, the project to a
// file): items dropped in the first stage never reach the second, so the
// inputs add up.
func (l *Ledger) Merge(m *Ledger) {
	if m == nil {
		return
	}
	for _, mr := range m.Rows {
		r := l.Row(mr.Kind)
		if kindIndex(mr.Kind) < 0 {
			continue
		}
		r.Input += mr.Input
		for c := range r.Counts {
			r.Counts[c] += mr.Counts[c]
		}
		for _, mp := range mr.Parts {
			p := r.part(mp.Element)
			p.Input += mp.Input
			for c := range p.Counts {
				p.Counts[c] += mp.Counts[c]
			}
		}
		for _, it := range mr.Items {
			r.listItem(it)
		}
		r.Unlisted += mr.Unlisted
	}
}

func (r *LedgerRow) part(element string) *LedgerPart {
	for i := range r.Parts {
		if r.Parts[i].Element == element {
			return &r.Parts[i]
		}
	}
	r.Parts = append(r.Parts, LedgerPart{Element: element})
	return &r.Parts[len(r.Parts)-1]
}

func (r *LedgerRow) listItem(it LedgerItem) {
	if len(r.Items) < maxLedgerItems {
		r.Items = append(r.Items, it)
	} else {
		r.Unlisted++
	}
}

// NewLedger returns a ledger with a zero row for every kind. Use [Ledger.Add]
// to count items, for a conversion this package does not make.
func NewLedger() *Ledger {
	l := &Ledger{Rows: make([]LedgerRow, nItemKinds)}
	for i, k := range itemKinds {
		l.Rows[i].Kind = k
	}
	return l
}

// Add counts n input items of kind k (element names the element kind for
// sources and selections, "" otherwise) in column c. For a renamed,
// invisible or dropped item, pass it as item (its Column is set to c); n
// is then usually 1.
func (l *Ledger) Add(k ItemKind, element string, c Column, n int, item *LedgerItem) {
	i := kindIndex(k)
	if i < 0 || c >= nColumns || n <= 0 {
		return
	}
	r := &l.Rows[i]
	r.Input += n
	r.Counts[c] += n
	if element != "" && (k == ItemSources || k == ItemSelections) {
		p := r.part(element)
		p.Input += n
		p.Counts[c] += n
	}
	if item != nil && c >= Renamed {
		it := *item
		it.Column = c
		if it.Element == "" {
			it.Element = element
		}
		r.listItem(it)
	}
}

// MarshalJSON writes the ledger as an object keyed by kind, in ledger
// order: {"users": {"input": N, "kept": N, "converted": N, "repaired": N,
// "moved": N, "renamed": N, "dropped": N, "invisible": N}, ...}, every
// column present; "kinds" breaks sources and selections down by element,
// "items" lists renamed, dropped and invisible items and "unlisted" counts
// those not listed.
func (l *Ledger) MarshalJSON() ([]byte, error) {
	var b bytes.Buffer
	b.WriteByte('{')
	for i, r := range l.Rows {
		if i > 0 {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, "%q:{", r.Kind)
		writeCounts(&b, r.Input, r.Counts)
		if len(r.Parts) > 0 {
			b.WriteString(`,"kinds":{`)
			for j, p := range r.Parts {
				if j > 0 {
					b.WriteByte(',')
				}
				fmt.Fprintf(&b, "%q:{", p.Element)
				writeCounts(&b, p.Input, p.Counts)
				b.WriteByte('}')
			}
			b.WriteByte('}')
		}
		if len(r.Items) > 0 {
			items, err := json.Marshal(r.Items)
			if err != nil {
				return nil, err
			}
			b.WriteString(`,"items":`)
			b.Write(items)
		}
		if r.Unlisted > 0 {
			fmt.Fprintf(&b, `,"unlisted":%d`, r.Unlisted)
		}
		b.WriteByte('}')
	}
	b.WriteByte('}')
	return b.Bytes(), nil
}

// jsonColumns is the order of the columns in JSON, as the format is
// documented: the losses last.
var jsonColumns = [...]Column{Kept, Converted, Repaired, Moved, Renamed, Dropped, Invisible}

func writeCounts(b *bytes.Buffer, input int, counts [nColumns]int) {
	fmt.Fprintf(b, `"input":%d`, input)
	for _, c := range jsonColumns {
		fmt.Fprintf(b, `,%q:%d`, c.String(), counts[c])
	}
}

// LossSummary says in one line how many items of each kind were dropped
// or made invisible ("2 users dropped, 1 links invisible"), or "nothing".
func (l *Ledger) LossSummary() string {
	var parts []string
	for _, r := range l.Rows {
		if n := r.Counts[Dropped]; n > 0 {
			parts = append(parts, fmt.Sprintf("%d %s dropped", n, r.Kind))
		}
		if n := r.Counts[Invisible]; n > 0 {
			parts = append(parts, fmt.Sprintf("%d %s invisible", n, r.Kind))
		}
	}
	if len(parts) == 0 {
		return "nothing"
	}
	return strings.Join(parts, ", ")
}
