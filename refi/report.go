package refi

// Report is what a write did with its input: the changes it made, in the
// order made, and the ledger that accounts for every item of the input
// (kept, converted, repaired, moved, renamed, made invisible or dropped).
// Every writer of this module returns one with its error; after an error
// it holds what was known when the write stopped (with [ErrLost], the
// whole ledger of what would have been lost), or is nil when nothing was
// written.
type Report struct {
	Changes []Change `json:"changes,omitempty"`
	Ledger  *Ledger  `json:"ledger"`
}
