package toolgen

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"time"
	"unicode/utf8"
)

// Shape is the size of a generated project.
type Shape struct {
	Sources    int    // transcripts
	TextLength int    // characters per transcript, about (±25 %)
	Codes      int    // codes, in Categories categories
	Categories int    // code categories (parent codes, folders)
	Users      int    // coders
	Codings    int    // codings: coded passages, one code each
	Seed       uint64 // the same shape and seed give the same project
}

// ForCodings returns the shape of a project of n codings the size of
// internal/synth's presets: 20,000 codings are its medium preset (200
// transcripts of about 5,000 characters, 80 codes), 200,000 its large one
// (1,000 transcripts of about 30,000 characters, 150 codes). Other counts
// keep 100 codings per transcript of about 5,000 characters.
func ForCodings(n int) Shape {
	switch {
	case n >= 200_000:
		return Shape{Sources: n / 200, TextLength: 30_000, Codes: 150, Categories: 10, Users: 4, Codings: n, Seed: 1}
	case n >= 20_000:
		return Shape{Sources: n / 100, TextLength: 5_000, Codes: 80, Categories: 8, Users: 3, Codings: n, Seed: 1}
	}
	return Shape{Sources: max(1, n/100), TextLength: 5_000, Codes: 20, Categories: 4, Users: 2, Codings: n, Seed: 1}
}

func (s Shape) check() error {
	if s.Sources < 1 || s.Codes < 1 || s.Categories < 1 || s.Users < 1 || s.Codings < 0 || s.TextLength < 500 {
		return fmt.Errorf("toolgen: invalid shape %+v: sources, codes, categories and users must be at least 1, text length at least 500", s)
	}
	return nil
}

// words are the words of the texts: accents, an emoji and CJK characters
// make code points, UTF-16 units and bytes differ.
var words = strings.Fields(`the interview water service customer price bill complaint said yes no because
perhaps année über señor niño café crème brûlée naïve façade déjà vu 😀 日本 東京 straße
we they think know about would could really very mother father school work money time
garden walking group nurse doctor clinic bus train neighbour family friend church market
rain winter summer morning evening house kitchen letter phone council rent repair waiting
list appointment medicine pharmacy pension benefit job shift manager colleague union strike
river bridge road village town city hospital ward visit carer daughter son sister brother
worried happy tired angry hopeful lonely busy quiet noisy cheap expensive fair unfair`)

// coding is one coded passage: code points [start, end) of source's text.
type coding struct {
	source, code, user int
	start, end         int // code points in the whole text
	byteStart, byteEnd int // UTF-8 bytes in the text without its line ends (Taguette's text nodes)
	text               string
	date               time.Time
}

// paragraph is one paragraph of a text.
type paragraph struct {
	text      string
	start     int // code point of its first character in the text
	textBytes int // UTF-8 bytes of the paragraphs before it (line ends left out)
}

type model struct {
	shape   Shape
	texts   []string
	pars    [][]paragraph
	codings []coding
}

// newModel generates the texts and codings of s.
func newModel(s Shape) (*model, error) {
	if err := s.check(); err != nil {
		return nil, err
	}
	r := rand.New(rand.NewPCG(s.Seed, 0x7001_9e11))
	m := &model{shape: s, texts: make([]string, s.Sources), pars: make([][]paragraph, s.Sources)}
	for i := range m.texts {
		m.texts[i], m.pars[i] = text(r, s.TextLength*3/4+r.IntN(s.TextLength/2+1), i%5 == 4)
	}
	seen := make(map[[5]int]bool, s.Codings)
	base := time.Date(2024, 1, 8, 9, 0, 0, 0, time.UTC)
	for len(m.codings) < s.Codings {
		c := coding{source: r.IntN(s.Sources), code: r.IntN(s.Codes), user: r.IntN(s.Users)}
		pars := m.pars[c.source]
		p := pars[r.IntN(len(pars))]
		runes := []rune(p.text)
		a := r.IntN(len(runes))
		for a > 0 && runes[a-1] != ' ' {
			a--
		}
		b := min(len(runes), a+60+r.IntN(240))
		for b < len(runes) && runes[b] != ' ' {
			b++
		}
		for b > a && (runes[b-1] == ' ' || runes[b-1] == '.') {
			b--
		}
		if b-a < 20 {
			continue
		}
		c.start, c.end = p.start+a, p.start+b
		key := [5]int{c.source, c.code, c.user, c.start, c.end}
		if seen[key] {
			continue
		}
		seen[key] = true
		c.text = string(runes[a:b])
		c.byteStart = p.textBytes + len(string(runes[:a]))
		c.byteEnd = c.byteStart + len(c.text)
		c.date = base.Add(time.Duration(len(m.codings)) * 37 * time.Second)
		m.codings = append(m.codings, c)
	}
	return m, nil
}

// text returns a text of about n characters in paragraphs of sentences,
// lines ended by CR LF when crlf.
func text(r *rand.Rand, n int, crlf bool) (string, []paragraph) {
	nl := "\n"
	if crlf {
		nl = "\r\n"
	}
	var b strings.Builder
	var pars []paragraph
	chars, textBytes := 0, 0
	for chars < n {
		var p strings.Builder
		for s := 3 + r.IntN(6); s > 0; s-- {
			for w := 6 + r.IntN(12); w > 0; w-- {
				word := words[r.IntN(len(words))]
				if (p.Len() == 0 || strings.HasSuffix(p.String(), ". ")) && word[0] >= 'a' && word[0] <= 'z' {
					word = strings.ToUpper(word[:1]) + word[1:]
				}
				p.WriteString(word)
				if w > 1 {
					p.WriteByte(' ')
				}
			}
			p.WriteString(". ")
		}
		pt := strings.TrimSuffix(p.String(), " ")
		if len(pars) > 0 {
			b.WriteString(nl)
			chars += utf8.RuneCountInString(nl)
		}
		pars = append(pars, paragraph{text: pt, start: chars, textBytes: textBytes})
		b.WriteString(pt)
		chars += utf8.RuneCountInString(pt)
		textBytes += len(pt)
	}
	return b.String(), pars
}

// Names of the model's objects, the same in every tool's form.
func sourceName(i int) string          { return fmt.Sprintf("Interview %d", i+1) }
func codeName(i int) string            { return fmt.Sprintf("Code %d", i+1) }
func categoryName(i int) string        { return fmt.Sprintf("Thème %d", i+1) }
func userName(i int) string            { return fmt.Sprintf("coder%d", i+1) }
func (m *model) category(code int) int { return code % m.shape.Categories }

// codingsStart is the date of the first coding, used for the other dates.
func (m *model) codingsStart() time.Time { return time.Date(2024, 1, 8, 9, 0, 0, 0, time.UTC) }
