package nvivo

import (
	"regexp"
	"strings"
)

// SplitName splits an NVivo hierarchical name into the folders it is in and
// its path inside the innermost folder. NVivo separates folders with a
// double backslash and a parent code (or case) from its child with a single
// one:
//
//	Nodes\\Errors\False Hit  → folders [Nodes], path [Errors False Hit]
//	Files\\BWOH\\BWOH_Craft  → folders [Files BWOH], path [BWOH_Craft]
//	Issues\Heavy             → folders [], path [Issues Heavy]
//
// The first folder is NVivo's root folder (Nodes, Codes, Cases, Files,
// Internals, ...), whose word depends on the version and the language.
// White space around each name is removed and empty names are dropped.
func SplitName(s string) (folders, path []string) {
	parts := strings.Split(s, `\\`)
	last := parts[len(parts)-1]
	for _, f := range parts[:len(parts)-1] {
		if f = strings.TrimSpace(f); f != "" {
			folders = append(folders, f)
		}
	}
	for _, p := range strings.Split(last, `\`) {
		if p = strings.TrimSpace(p); p != "" {
			path = append(path, p)
		}
	}
	return folders, path
}

// JoinName is the inverse of [SplitName]: folders joined by a double
// backslash, then the path joined by single backslashes.
func JoinName(folders, path []string) string {
	var b strings.Builder
	for _, f := range folders {
		b.WriteString(f)
		b.WriteString(`\\`)
	}
	b.WriteString(strings.Join(path, `\`))
	return b.String()
}

// rootWords are the root folder names NVivo uses for each kind of item, in
// the English versions from NVivo 8 to 15.
var (
	caseRoots = []string{"cases", "case"}
	fileRoots = []string{"files", "internals", "sources", "externals", "documents", "datasets", "memos", "file"}
)

func isOneOf(s string, words []string) bool {
	s = strings.ToLower(strings.TrimSpace(s))
	for _, w := range words {
		if s == w {
			return true
		}
	}
	return false
}

var (
	colPrefix = regexp.MustCompile(`^\s*([A-Z]+) : `)
	rowPrefix = regexp.MustCompile(`^\s*(\d+) : `)
)

// stripLabel removes the index NVivo puts before the labels of matrix,
// crosstab and framework exports: "A : Issues" gives ("A", "Issues") and
// "12 : P07" gives ("12", "P07"). A label without such an index is returned
// trimmed, with an empty index.
func stripLabel(s string) (index, name string) {
	if m := colPrefix.FindStringSubmatchIndex(s); m != nil {
		return s[m[2]:m[3]], strings.TrimSpace(s[m[1]:])
	}
	if m := rowPrefix.FindStringSubmatchIndex(s); m != nil {
		return s[m[2]:m[3]], strings.TrimSpace(s[m[1]:])
	}
	return "", strings.TrimSpace(s)
}

// normHeader is the form header texts are compared in: lower case, white
// space runs made one space, trimmed.
func normHeader(s string) string {
	return strings.ToLower(strings.Join(strings.Fields(s), " "))
}

// normText is the form coded passages are compared in when looking for
// repeats: white space runs made one space, trimmed.
func normText(s string) string {
	return strings.Join(strings.Fields(s), " ")
}

// pathKey is a case-insensitive key for a list of names.
func pathKey(parts []string) string {
	return strings.ToLower(strings.Join(parts, "\x00"))
}

// naturalLess orders names case-insensitively, runs of digits by their
// value ("P2" before "P10").
func naturalLess(a, b string) bool {
	a, b = strings.ToLower(a), strings.ToLower(b)
	for a != "" && b != "" {
		da, db := digits(a), digits(b)
		if da > 0 && db > 0 {
			na, nb := strings.TrimLeft(a[:da], "0"), strings.TrimLeft(b[:db], "0")
			if len(na) != len(nb) {
				return len(na) < len(nb)
			}
			if na != nb {
				return na < nb
			}
			a, b = a[da:], b[db:]
			continue
		}
		if a[0] != b[0] {
			return a[0] < b[0]
		}
		a, b = a[1:], b[1:]
	}
	return len(a) < len(b)
}

func digits(s string) int {
	n := 0
	for n < len(s) && s[n] >= '0' && s[n] <= '9' {
		n++
	}
	return n
}
