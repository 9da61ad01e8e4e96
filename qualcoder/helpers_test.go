package qualcoder_test

import (
	"bytes"
	"io/fs"
	"sort"
	"strings"
	"testing"

	"github.com/qdabridge/qdabridge/internal/schematest"
	"github.com/qdabridge/qdabridge/qualcoder"
	"github.com/qdabridge/qdabridge/refi"
	"github.com/stretchr/testify/require"
)

// convert writes res as a .qdpx, checks that its project.qde validates
// against the REFI-QDA schema, and reads it back with refi.
func convert(t testing.TB, res *qualcoder.Result) *refi.Document {
	t.Helper()
	var buf bytes.Buffer
	_, err := (&refi.Writer{}).Write(&buf, res.Document(), refi.FormatQDPX)
	require.NoError(t, err)
	doc, err := refi.ReadQDPX(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
	require.NoError(t, err)
	qde, err := fs.ReadFile(doc, "project.qde")
	require.NoError(t, err)
	schematest.RequireValidProject(t, qde)
	return doc
}

// sep separates the names of a code path (names may hold "/").
const sep = "\x1f"

// passage is a coded passage: the source, the code's path and the text.
type passage struct{ Source, Code, Text string }

// codePaths maps every code's GUID to its path of names ("a/b/c").
func codePaths(codes []*refi.Code) map[refi.GUID]string {
	out := map[refi.GUID]string{}
	var walk func([]*refi.Code, string)
	walk = func(cs []*refi.Code, prefix string) {
		for _, c := range cs {
			p := prefix + c.Name
			out[c.GUID.Canonical()] = p
			walk(c.Children, p+sep)
		}
	}
	walk(codes, "")
	return out
}

// tree lists the code tree as sorted paths, with "*" after a code that
// cannot be coded.
func tree(codes []*refi.Code) []string {
	var out []string
	var walk func([]*refi.Code, string)
	walk = func(cs []*refi.Code, prefix string) {
		for _, c := range cs {
			p := prefix + c.Name
			if !c.IsCodable {
				p += "*"
			}
			out = append(out, p)
			walk(c.Children, p+sep)
		}
	}
	walk(codes, "")
	sort.Strings(out)
	return out
}

// passages returns the sorted multiset of coded text passages of doc.
func passages(t testing.TB, doc *refi.Document) []passage {
	t.Helper()
	paths := codePaths(doc.Project.Codes)
	var out []passage
	visit := func(name string, ts *refi.TextSource) {
		for i := range ts.Selections {
			sel := &ts.Selections[i]
			if len(sel.Codings) == 0 {
				continue
			}
			text, err := doc.SelectionText(ts, sel)
			require.NoError(t, err)
			for _, c := range sel.Codings {
				out = append(out, passage{name, paths[c.Code.Canonical()], text})
			}
		}
	}
	for _, s := range doc.Project.Sources {
		switch s := s.(type) {
		case *refi.TextSource:
			visit(s.Name, s)
		case *refi.PDFSource:
			if s.Representation != nil {
				visit(s.Name, s.Representation)
			}
		}
	}
	sortPassages(out)
	return out
}

func sortPassages(ps []passage) {
	sort.Slice(ps, func(i, j int) bool {
		a, b := ps[i], ps[j]
		if a.Source != b.Source {
			return a.Source < b.Source
		}
		if a.Code != b.Code {
			return a.Code < b.Code
		}
		return a.Text < b.Text
	})
}

// counts counts what a REFI project holds.
type counts struct {
	Codes, Categories, Sources, Cases, Codings, Users, Variables, Values, Notes int
}

func countProject(p *refi.Project) counts {
	var c counts
	var walk func([]*refi.Code)
	walk = func(cs []*refi.Code) {
		for _, x := range cs {
			if x.IsCodable {
				c.Codes++
			} else {
				c.Categories++
			}
			walk(x.Children)
		}
	}
	walk(p.Codes)
	c.Sources, c.Cases, c.Users, c.Variables, c.Notes = len(p.Sources), len(p.Cases), len(p.Users), len(p.Variables), len(p.Notes)
	for _, cs := range p.Cases {
		c.Values += len(cs.Values)
	}
	for _, s := range p.Sources {
		c.Values += len(s.Base().Values)
		c.Codings += len(s.Base().Codings)
		switch s := s.(type) {
		case *refi.TextSource:
			for _, sel := range s.Selections {
				c.Codings += len(sel.Codings)
			}
		case *refi.PDFSource:
			for _, sel := range s.Selections {
				c.Codings += len(sel.Codings)
			}
			if s.Representation != nil {
				for _, sel := range s.Representation.Selections {
					c.Codings += len(sel.Codings)
				}
			}
		case *refi.PictureSource:
			for _, sel := range s.Selections {
				c.Codings += len(sel.Codings)
			}
		case *refi.AudioSource:
			for _, sel := range s.Selections {
				c.Codings += len(sel.Codings)
			}
		case *refi.VideoSource:
			for _, sel := range s.Selections {
				c.Codings += len(sel.Codings)
			}
		}
	}
	return c
}

// warningCodes lists the distinct warning codes in order of first use.
func warningCodes(ws []qualcoder.Warning) []qualcoder.WarningCode {
	var out []qualcoder.WarningCode
	for _, w := range ws {
		if len(out) == 0 || !containsCode(out, w.Code) {
			out = append(out, w.Code)
		}
	}
	return out
}

func containsCode(cs []qualcoder.WarningCode, c qualcoder.WarningCode) bool {
	for _, x := range cs {
		if x == c {
			return true
		}
	}
	return false
}

// joined renders warnings for a failure message.
func joined(ws []qualcoder.Warning) string {
	var b strings.Builder
	for _, w := range ws {
		b.WriteString(w.String())
		b.WriteString("\n")
	}
	return b.String()
}
