package agreement

import (
	"errors"
	"fmt"
	"strings"

	"github.com/qdabridge/qdabridge/refi"
)

// Errors [Compare] returns, wrapped with the details.
var (
	// ErrCoders means there are not the two coders a comparison needs: the
	// texts have codings by fewer than two, or fewer than two distinct
	// coders were asked for.
	ErrCoders = errors.New("agreement: not enough coders")
	// ErrNotFound means a coder or a code asked for is not in the project
	// (a coder must have a coding in the texts).
	ErrNotFound = errors.New("agreement: not found")
)

// Options choose what [Compare] compares. The zero value compares the two
// coders with the most codings on every code that has a coding.
type Options struct {
	// Coders are the coders compared, by name or GUID. Percentage agreement
	// and kappa compare the first two; alpha compares all of them. When
	// empty, kappa compares the two coders with the most codings, and alpha
	// every coder with a coding.
	Coders []string
	// Codes are the codes compared, by path (names joined with
	// [refi.PathSeparator], as [refi.JoinPath] writes them), name or GUID.
	// When empty, every codable code with at least one coding is compared.
	Codes []string
}

// Comparison is the agreement of coders A and B at one code in one source.
type Comparison struct {
	Code      refi.Ref `json:"code"`
	CodePath  string   `json:"codePath"`
	Source    refi.Ref `json:"source"`
	Size      int64    `json:"size"` // characters of the source
	Counts    Counts   `json:"counts"`
	Agreement float64  `json:"agreement"` // percentage, [Counts.Agreement]
	Kappa     float64  `json:"kappa"`     // [Counts.Kappa]
}

// CodeSummary is the agreement at one code over every source compared.
type CodeSummary struct {
	Code     refi.Ref `json:"code"`
	CodePath string   `json:"codePath"`
	Sources  int      `json:"sources"`
	Size     int64    `json:"size"` // characters of the sources compared
	// Agreement and Kappa are the means of the sources' figures, each
	// source weighing its number of characters.
	Agreement float64 `json:"agreement"`
	Kappa     float64 `json:"kappa"`
	// Alpha is Krippendorff's nominal alpha of the alpha coders over the
	// characters of the sources compared, or nil when it is undefined
	// (every value the same).
	Alpha *float64 `json:"alpha"`
}

// Skipped is a source left out of the comparison, and why.
type Skipped struct {
	Source refi.Ref `json:"source"`
	Reason string   `json:"reason"`
}

// Report is the result of [Compare].
type Report struct {
	A           refi.Ref      `json:"coderA"`      // coder A of percentage agreement and kappa
	B           refi.Ref      `json:"coderB"`      // coder B
	AlphaCoders []refi.Ref    `json:"alphaCoders"` // the coders alpha compares
	Positions   string        `json:"positions"`   // what the characters are, as refi.Positions.String gives it
	Comparisons []Comparison  `json:"comparisons"` // by code (in code book order), then source (in document order)
	Codes       []CodeSummary `json:"codes"`
	Skipped     []Skipped     `json:"skipped"`
	Warnings    []string      `json:"warnings"`
}

// Compare compares the coding of doc's coders as [Options] say. It fails
// with an error wrapping [ErrCoders] when the texts have codings by fewer
// than two coders or fewer than two distinct coders are asked for, and
// with one wrapping [ErrNotFound] when a coder asked for has no coding in
// the texts or a code asked for is not in the code book. Sources whose
// text cannot be read are skipped and listed in the report, not errors.
func Compare(doc *refi.Document, opt Options) (*Report, error) {
	if doc == nil || doc.Project == nil {
		return nil, errors.New("agreement: no project")
	}
	p := doc.Project
	x := refi.NewIndex(p)
	c := collect(doc, x)
	rep := &Report{Positions: p.Positions.String(), Comparisons: []Comparison{}, Codes: []CodeSummary{},
		Skipped: append([]Skipped{}, c.skipped...), Warnings: append([]string{}, c.warnings...)}
	coders, err := chooseCoders(c, x, opt.Coders)
	if err != nil {
		return nil, err
	}
	rep.A, rep.B = coders[0], coders[1]
	rep.AlphaCoders = coders
	if len(opt.Coders) == 0 {
		rep.AlphaCoders = c.allCoders(x)
	}
	codes, err := chooseCodes(p, x, c, opt.Codes)
	if err != nil {
		return nil, err
	}
	for _, code := range codes {
		sum := compareCode(c, code, x, rep)
		rep.Codes = append(rep.Codes, sum)
	}
	return rep, nil
}

// compareCode adds the comparisons of one code to rep and returns its
// summary.
func compareCode(c *collection, code *refi.Code, x *refi.Index, rep *Report) CodeSummary {
	key := code.GUID.Canonical()
	path := refi.JoinPath(x.CodePath(code.GUID))
	sum := CodeSummary{Code: refi.Ref{GUID: code.GUID, Name: code.Name}, CodePath: path}
	a, b := rep.A.GUID.Canonical(), rep.B.GUID.Canonical()
	var alpha alphaSums
	var wAgree, wKappa float64
	for _, t := range c.texts {
		if t.coded[a] || t.coded[b] {
			counts := countPair(t.spans(key, a), t.spans(key, b), t.size)
			cmp := Comparison{Code: sum.Code, CodePath: path, Source: t.ref, Size: t.size, Counts: counts,
				Agreement: counts.Agreement(), Kappa: counts.Kappa()}
			rep.Comparisons = append(rep.Comparisons, cmp)
			sum.Sources++
			sum.Size += t.size
			wAgree += float64(t.size) * cmp.Agreement
			wKappa += float64(t.size) * cmp.Kappa
		}
		coded := make([][]span, len(rep.AlphaCoders))
		present := make([]bool, len(rep.AlphaCoders))
		for i, u := range rep.AlphaCoders {
			g := u.GUID.Canonical()
			present[i] = t.coded[g]
			coded[i] = t.spans(key, g)
		}
		addAlpha(&alpha, coded, present, t.size)
	}
	if sum.Size > 0 {
		sum.Agreement = wAgree / float64(sum.Size)
		sum.Kappa = wKappa / float64(sum.Size)
	}
	if v, ok := alpha.alpha(); ok {
		sum.Alpha = &v
	}
	return sum
}

// chooseCodes returns the codes asked for, in code book order, or every
// codable code with a coding.
func chooseCodes(p *refi.Project, x *refi.Index, c *collection, asked []string) ([]*refi.Code, error) {
	want := map[*refi.Code]bool{}
	for _, s := range asked {
		code := findCode(p, x, s)
		if code == nil {
			return nil, fmt.Errorf("%w: code %q in the code book", ErrNotFound, s)
		}
		want[code] = true
	}
	var out []*refi.Code
	for code := range refi.AllCodes(p.Codes) {
		if len(asked) > 0 && want[code] || len(asked) == 0 && code.IsCodable && c.codedCodes[code.GUID.Canonical()] {
			out = append(out, code)
		}
	}
	return out, nil
}

// findCode finds a code by GUID, path or name (a path or name matched
// exactly first, then ignoring case).
func findCode(p *refi.Project, x *refi.Index, s string) *refi.Code {
	if c := x.Code(refi.GUID(s)); c != nil {
		return c
	}
	for _, fold := range []bool{false, true} {
		for code := range refi.AllCodes(p.Codes) {
			path := refi.JoinPath(x.CodePath(code.GUID))
			if same(path, s, fold) || same(code.Name, s, fold) {
				return code
			}
		}
	}
	return nil
}

func same(a, b string, fold bool) bool {
	if fold {
		return strings.EqualFold(a, b)
	}
	return a == b
}
