package taguette

import (
	"strings"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// docText is a Taguette document's HTML seen two ways: raw is what
// Taguette's offsets count (the text nodes of the parsed HTML, entities
// decoded, tags left out, concatenated), plain is the text the source
// gets (the same text nodes, with line breaks added at block elements
// that the HTML does not already separate by a line break).
type docText struct {
	raw   string
	plain string
	runs  []run // the text nodes, in order
}

// run is one text node: raw[t:t+n] is plain[p:p+n].
type run struct{ t, p, n int }

// blocks are the elements that start and end a line in the plain text.
var blocks = map[atom.Atom]bool{
	atom.P: true, atom.Div: true, atom.H1: true, atom.H2: true, atom.H3: true,
	atom.H4: true, atom.H5: true, atom.H6: true, atom.Li: true, atom.Ul: true,
	atom.Ol: true, atom.Dl: true, atom.Dt: true, atom.Dd: true,
	atom.Blockquote: true, atom.Pre: true, atom.Hr: true, atom.Table: true,
	atom.Tr: true, atom.Td: true, atom.Th: true, atom.Section: true,
	atom.Article: true, atom.Header: true, atom.Footer: true, atom.Aside: true,
	atom.Nav: true, atom.Figure: true, atom.Figcaption: true,
	atom.Address: true, atom.Caption: true, atom.Title: true,
}

// parseDocument parses a document's contents as Taguette does (an HTML5
// parser building a whole document: BeautifulSoup with html5lib; the
// same algorithm as golang.org/x/net/html), and returns its texts.
func parseDocument(contents string) (*docText, error) {
	root, err := html.Parse(strings.NewReader(contents))
	if err != nil {
		return nil, err
	}
	return walk(root), nil
}

// snippetText returns the text of a stored snippet, parsed as the
// content of a body, so that leading white space is kept as it was in
// the document.
func snippetText(snippet string) (string, error) {
	body := &html.Node{Type: html.ElementNode, Data: "body", DataAtom: atom.Body}
	nodes, err := html.ParseFragment(strings.NewReader(snippet), body)
	if err != nil {
		return "", err
	}
	for _, n := range nodes {
		body.AppendChild(n)
	}
	return walk(body).raw, nil
}

// walk visits the tree in document order without recursion (the depth
// of a hostile document is not bounded).
func walk(root *html.Node) *docText {
	var raw, plain strings.Builder
	d := &docText{}
	breaks := 0 // line breaks owed before the next text
	boundary := func() {
		if plain.Len() > 0 && !strings.HasSuffix(plain.String(), "\n") && breaks == 0 {
			breaks = 1
		}
	}
	n := root
	for n != nil {
		switch n.Type {
		case html.TextNode:
			if n.Data != "" {
				if strings.HasPrefix(n.Data, "\n") && breaks > 0 {
					breaks--
				}
				if plain.Len() > 0 {
					plain.WriteString(strings.Repeat("\n", breaks))
				}
				breaks = 0
				d.runs = append(d.runs, run{t: raw.Len(), p: plain.Len(), n: len(n.Data)})
				raw.WriteString(n.Data)
				plain.WriteString(n.Data)
			}
		case html.ElementNode:
			if n.DataAtom == atom.Br {
				breaks++
			} else if blocks[n.DataAtom] {
				boundary()
			}
		}
		// Next node in document order; leaving a block element is a
		// boundary too.
		if n.FirstChild != nil && n.Type != html.CommentNode {
			n = n.FirstChild
			continue
		}
		for n != nil && n.NextSibling == nil {
			n = n.Parent
			if n != nil && n != root && n.Type == html.ElementNode && blocks[n.DataAtom] {
				boundary()
			}
			if n == root {
				n = nil
			}
		}
		if n != nil {
			if n.Type == html.ElementNode && blocks[n.DataAtom] {
				boundary()
			}
			n = n.NextSibling
		}
	}
	d.raw, d.plain = raw.String(), plain.String()
	return d
}

// roundUp moves a byte offset of raw forward to the start of a
// character, as Taguette's split_utf8 does.
func roundUp(s string, i int) int {
	for i < len(s) && !utf8.RuneStart(s[i]) {
		i++
	}
	return i
}

// plainOffset maps an offset of raw to one of plain: a start offset
// (after false) goes into the text node that begins there, an end offset
// (after true) stays at the end of the node before it.
func (d *docText) plainOffset(t int, end bool) int {
	lo, hi := 0, len(d.runs)
	for lo < hi { // first run whose end is past t (or reaches t, for an end)
		m := (lo + hi) / 2
		r := d.runs[m]
		if r.t+r.n > t || (end && r.t+r.n == t) {
			hi = m
		} else {
			lo = m + 1
		}
	}
	if lo == len(d.runs) {
		return len(d.plain)
	}
	r := d.runs[lo]
	if t < r.t {
		return r.p
	}
	return r.p + t - r.t
}
