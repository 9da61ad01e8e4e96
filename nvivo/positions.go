package nvivo

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// span is a passage of a document's text: the byte offsets [Start, End) in
// the Go string of the text (without a byte order mark).
type span struct {
	Start, End int
}

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

// finder searches one document for many passages; the white-space
// normalised form of the document is built once, when first needed.
type finder struct {
	doc  string
	norm string  // doc with each white space run made one space
	orig []int32 // orig[i]: byte offset in doc of byte i of norm
	done bool
}

func newFinder(doc string) *finder { return &finder{doc: doc} }

func (f *finder) find(passage string) ([]span, bool) {
	if strings.TrimSpace(passage) == "" {
		return nil, false
	}
	var out []span
	for i := 0; i <= len(f.doc)-len(passage); {
		j := strings.Index(f.doc[i:], passage)
		if j < 0 {
			break
		}
		s := i + j
		out = append(out, span{s, s + len(passage)})
		_, n := utf8.DecodeRuneInString(f.doc[s:])
		i = s + n
	}
	if len(out) > 0 {
		return out, false
	}
	f.normalise()
	p := normText(passage)
	for i := 0; i <= len(f.norm)-len(p); {
		j := strings.Index(f.norm[i:], p)
		if j < 0 {
			break
		}
		s := i + j
		e := s + len(p)
		out = append(out, span{int(f.orig[s]), int(f.orig[e-1]) + 1})
		_, n := utf8.DecodeRuneInString(f.norm[s:])
		i = s + n
	}
	return out, len(out) > 0
}

func (f *finder) normalise() {
	if f.done {
		return
	}
	f.done = true
	var b strings.Builder
	b.Grow(len(f.doc))
	f.orig = make([]int32, 0, len(f.doc))
	inSpace := false
	for i := 0; i < len(f.doc); {
		r, n := utf8.DecodeRuneInString(f.doc[i:])
		if unicode.IsSpace(r) {
			if !inSpace {
				b.WriteByte(' ')
				f.orig = append(f.orig, int32(i))
				inSpace = true
			}
			i += n
			continue
		}
		inSpace = false
		for k := 0; k < n; k++ {
			b.WriteByte(f.doc[i+k])
			f.orig = append(f.orig, int32(i+k))
		}
		i += n
	}
	f.norm = b.String()
}

// orderRef is one reference of a group whose order is known (the
// references of one code in one file, by Reference Number).
type orderRef struct {
	cands []span
	coder string
}

// resolveOrder chooses, for each reference of a group in document order,
// the occurrences that are consistent with that order: a reference does
// not start before the one before it, and two references by the same coder
// do not overlap (NVivo merges them). It returns, per reference, the
// candidates that remain; a reference whose candidates cannot be ordered at
// all keeps them all.
func resolveOrder(refs []orderRef) [][]span {
	n := len(refs)
	out := make([][]span, n)
	ok := func(prev, next span, sameCoder bool) bool {
		if next.Start < prev.Start {
			return false
		}
		return !sameCoder || next.Start >= prev.End
	}
	// forward: the earliest feasible candidate of each reference
	early := make([]int, n) // index into cands, -1 when none
	for i := range refs {
		early[i] = -1
		for k, c := range refs[i].cands {
			if i == 0 || early[i-1] < 0 || ok(refs[i-1].cands[early[i-1]], c, refs[i-1].coder == refs[i].coder) {
				if early[i] < 0 || c.Start < refs[i].cands[early[i]].Start {
					early[i] = k
				}
			}
		}
	}
	// backward: the latest feasible candidate of each reference
	late := make([]int, n)
	for i := n - 1; i >= 0; i-- {
		late[i] = -1
		for k, c := range refs[i].cands {
			if i == n-1 || late[i+1] < 0 || ok(c, refs[i+1].cands[late[i+1]], refs[i].coder == refs[i+1].coder) {
				if late[i] < 0 || c.Start > refs[i].cands[late[i]].Start {
					late[i] = k
				}
			}
		}
	}
	for i := range refs {
		if early[i] < 0 || late[i] < 0 {
			out[i] = refs[i].cands
			continue
		}
		lo, hi := refs[i].cands[early[i]].Start, refs[i].cands[late[i]].Start
		for _, c := range refs[i].cands {
			if c.Start >= lo && c.Start <= hi {
				out[i] = append(out[i], c)
			}
		}
		if len(out[i]) == 0 {
			out[i] = refs[i].cands
		}
	}
	return out
}
