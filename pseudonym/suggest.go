package pseudonym

import (
	"fmt"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/qdabridge/qdabridge/refi"
)

// Suggestion is a word or name that may identify someone, with the number
// of its occurrences in the texts of the project.
type Suggestion struct {
	Original string `json:"original"`
	Category string `json:"category"` // "case", "user", "value" or "nearby"
	Count    int    `json:"count"`
}

// nearWords is how many words before and after a name Suggest looks at for
// capitalised words.
const nearWords = 5

// Suggest lists what may identify someone in the project of doc: the
// names of cases and users, and the capitalised words in them ("Zoë" of
// "P01 Zoë (patient)"); the values of text variables and their capitalised
// words; and the capitalised words that occur in the texts within five
// words of one of those, other than at the start of a sentence or line.
// Capitalised means an upper-case letter followed by a lower-case one.
// Counts are whole-word, case-insensitive occurrences in the texts of
// the project's text sources and notes. The list is sorted by category
// then by count, highest first. It fails when a text cannot be read.
func Suggest(doc *refi.Document) ([]Suggestion, error) {
	var texts []string
	for _, src := range textSources(doc.Project) {
		if src.PlainTextPath == "" && src.PlainTextContent == "" {
			continue
		}
		t, err := doc.Text(src)
		if err != nil {
			return nil, fmt.Errorf("pseudonym: the text of %q: %w", src.Name, err)
		}
		texts = append(texts, t.String())
	}
	s := &suggester{cat: map[string]string{}}
	p := doc.Project
	for _, c := range p.Cases {
		s.name(c.Name, "case")
	}
	for _, u := range p.Users {
		s.name(u.Name, "user")
	}
	values := func(vs []refi.VariableValue) {
		for _, v := range vs {
			if v.Type == refi.VarText || v.Type == "" {
				s.name(v.Value, "value")
			}
		}
	}
	for _, c := range p.Cases {
		values(c.Values)
	}
	for _, src := range p.Sources {
		values(src.Base().Values)
	}
	names := len(s.list)
	for _, t := range texts {
		s.nearby(t, names)
	}
	return s.counted(texts), nil
}

type suggester struct {
	list []Suggestion
	cat  map[string]string // folded original → category
}

func (s *suggester) add(w, category string) {
	w = strings.TrimSpace(w)
	if w == "" {
		return
	}
	if _, ok := s.cat[foldString(w)]; ok {
		return
	}
	s.cat[foldString(w)] = category
	s.list = append(s.list, Suggestion{Original: w, Category: category})
}

// name adds a name and the capitalised words in it.
func (s *suggester) name(n, category string) {
	words := capitalised(n)
	if len(words) == 0 {
		return
	}
	if strings.Join(words, " ") != strings.TrimSpace(n) && len(words) > 1 {
		s.add(strings.Join(words, " "), category)
	}
	if len(words) > 1 || words[0] == strings.TrimSpace(n) {
		s.add(n, category)
	}
	for _, w := range words {
		s.add(w, category)
	}
}

// capitalised returns the capitalised words of s.
func capitalised(s string) []string {
	var out []string
	for _, w := range strings.FieldsFunc(s, func(r rune) bool { return !isWord(r) && r != '-' && r != '\'' }) {
		if isCapitalised(w) {
			out = append(out, w)
		}
	}
	return out
}

func isCapitalised(w string) bool {
	r, n := utf8.DecodeRuneInString(w)
	r2, _ := utf8.DecodeRuneInString(w[n:])
	return unicode.IsUpper(r) && unicode.IsLower(r2)
}

// word is a word of a text, with whether it starts a sentence or line.
type word struct {
	text  string
	start bool
}

func words(t string) []word {
	var out []word
	start := true
	for i := 0; i < len(t); {
		r, n := utf8.DecodeRuneInString(t[i:])
		if !isWord(r) {
			if strings.ContainsRune(".!?:\n\r", r) {
				start = true
			}
			i += n
			continue
		}
		j := i
		for j < len(t) {
			r, n := utf8.DecodeRuneInString(t[j:])
			if !isWord(r) {
				break
			}
			j += n
		}
		out = append(out, word{t[i:j], start})
		start = false
		i = j
	}
	return out
}

// nearby adds the capitalised words near the first n suggestions in t.
func (s *suggester) nearby(t string, n int) {
	known := map[string]bool{}
	for _, sg := range s.list[:n] {
		for _, w := range words(sg.Original) {
			known[foldString(w.text)] = true
		}
	}
	ws := words(t)
	for i, w := range ws {
		if !known[foldString(w.text)] {
			continue
		}
		for j := max(0, i-nearWords); j < min(len(ws), i+nearWords+1); j++ {
			if v := ws[j]; !v.start && isCapitalised(v.text) && !known[foldString(v.text)] {
				s.add(v.text, "nearby")
			}
		}
	}
}

var categoryOrder = map[string]int{"case": 0, "user": 1, "value": 2, "nearby": 3}

// counted counts the suggestions in texts and sorts them.
func (s *suggester) counted(texts []string) []Suggestion {
	if len(s.list) == 0 {
		return []Suggestion{}
	}
	entries := make([]Entry, len(s.list))
	for i, sg := range s.list {
		entries[i] = Entry{Original: sg.Original}
	}
	// Count each original on its own, so that a name and its parts are
	// each counted.
	for i := range entries {
		m := newMatcher(entries[i:i+1], false)
		for _, t := range texts {
			s.list[i].Count += len(m.find(t))
		}
	}
	sort.SliceStable(s.list, func(a, b int) bool {
		x, y := s.list[a], s.list[b]
		if x.Category != y.Category {
			return categoryOrder[x.Category] < categoryOrder[y.Category]
		}
		return x.Count > y.Count
	})
	return s.list
}
