package nvivo

// The placement engine (finding a passage, the tolerant match, the
// reference order) is internal/place; MatchStatus is its place.Status under
// the name nvivo's report has always given it.

// MatchStatus says how a coded passage was placed in its document.
type MatchStatus string

// The ways a passage is placed, from the best.
const (
	// MatchExact: the coded text occurs in the document as it is, once, or
	// several times with the reference order telling which.
	MatchExact MatchStatus = "exact"
	// MatchTolerant: the coded text occurs once white space runs and line
	// ends are ignored (CR LF against LF, a line break against a space).
	MatchTolerant MatchStatus = "tolerant"
	// MatchAmbiguous: the text occurs several times and the reference order
	// does not say which; the passage is not placed.
	MatchAmbiguous MatchStatus = "ambiguous"
	// MatchMissing: the text does not occur in the document, or there is
	// no document; the passage is not placed.
	MatchMissing MatchStatus = "missing"
)
