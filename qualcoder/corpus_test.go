package qualcoder_test

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/qdabridge/qdabridge/internal/corpus"
	"github.com/qdabridge/qdabridge/internal/sqlitedb"
	"github.com/qdabridge/qdabridge/qualcoder"
	"github.com/qdabridge/qdabridge/refi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// dbPassages returns the sorted multiset of (source name, code name,
// seltext) of the code_text rows of a database, read directly.
func dbPassages(t *testing.T, file string) []passage {
	t.Helper()
	db, err := sqlitedb.Open(file)
	require.NoError(t, err)
	defer db.Close()
	names := func(table, id, name string) map[int64]string {
		m := map[int64]string{}
		require.NoError(t, db.Query(sqlitedb.Query{Table: table, Columns: []string{id, name}}, func(r *sqlitedb.Row) error {
			i, _ := r.Int(id)
			m[i], _ = r.Text(name)
			return nil
		}))
		return m
	}
	sources, codes := names("source", "id", "name"), names("code_name", "cid", "name")
	var out []passage
	require.NoError(t, db.Query(sqlitedb.Query{Table: "code_text", Columns: []string{"fid", "cid", "seltext"}}, func(r *sqlitedb.Row) error {
		fid, _ := r.Int("fid")
		cid, _ := r.Int("cid")
		s, _ := r.Text("seltext")
		out = append(out, passage{sources[fid], codes[cid], s})
		return nil
	}))
	sortPassages(out)
	return out
}

// leafNames replaces each passage's code path by its last name (QualCoder's
// code names are unique).
func leafNames(ps []passage) []passage {
	out := make([]passage, len(ps))
	for i, p := range ps {
		out[i] = passage{p.Source, p.Code[strings.LastIndex(p.Code, sep)+1:], p.Text}
	}
	sortPassages(out)
	return out
}

// TestCorpus reads each real project, converts it to a valid .qdpx and
// checks the figures against the database's rows and every coded passage
// against its seltext.
func TestCorpus(t *testing.T) {
	dir := corpus.Dir(t, "qualcoder")
	tests := []struct {
		project string
		version string
		want    counts // in the .qdpx read back
		rows    map[string]int
		files   int // media files of the folder carried
	}{
		{"rcurty-influencers-3.5.qda", "v8",
			counts{Codes: 15, Categories: 5, Sources: 6, Codings: 54, Users: 1, Variables: 3, Values: 18},
			map[string]int{"source": 6, "code_name": 15, "code_cat": 5, "code_text": 54, "attribute_type": 3, "attribute": 18, "cases": 0}, 6},
		{"ndporter-mannheimer-3.6.qda", "v8",
			counts{Codes: 230, Categories: 55, Sources: 30, Codings: 753, Users: 1},
			map[string]int{"source": 30, "code_name": 230, "code_cat": 55, "code_text": 753, "cases": 0}, 30},
		{"oltas0517-4.0beta.qda", "v17",
			counts{Codes: 151, Categories: 1, Sources: 2, Codings: 303, Users: 3},
			map[string]int{"source": 2, "code_name": 151, "code_cat": 1, "code_text": 303, "coder_names": 2}, 2},
	}
	for _, tt := range tests {
		t.Run(tt.project, func(t *testing.T) {
			res, err := (&qualcoder.Reader{}).ReadFile(filepath.Join(dir, tt.project))
			require.NoError(t, err)
			rep := res.Report
			assert.Equal(t, tt.version, rep.Version)
			assert.Empty(t, rep.Warnings, joined(rep.Warnings))
			assert.Empty(t, rep.NotPlaced)
			for table, n := range tt.rows {
				assert.Equal(t, n, rep.Rows[table], table)
			}
			assert.Equal(t, tt.want.Codes, rep.Codes)
			assert.Equal(t, tt.want.Categories, rep.Categories)
			assert.Equal(t, tt.want.Codings, rep.Codings)
			assert.Equal(t, tt.want.Codings, rep.AtPosition, "every passage at its stored positions")
			assert.Equal(t, tt.files, rep.MediaFiles)
			assert.Zero(t, rep.Ledger().Total(refi.Dropped))

			doc := convert(t, res)
			assert.Empty(t, doc.Warnings)
			assert.Equal(t, tt.want, countProject(doc.Project))
			// every coding's text is its seltext
			assert.Equal(t, dbPassages(t, filepath.Join(dir, tt.project, "data.qda")), leafNames(passages(t, doc)))
			// the .docx originals are carried
			rich := 0
			for _, s := range doc.Project.Sources {
				if ts, ok := s.(*refi.TextSource); ok && ts.RichTextPath != "" {
					rich++
				}
			}
			assert.Equal(t, tt.files, rich)
		})
	}
}

// TestCorpusOltasRoundTrip: oltas0517-4.0beta.qda is what QualCoder 4.0
// made of NVivo's oltas0517.qdpx (converted to the QualCoder profile);
// reading it back gives the original's code tree and coded passages.
func TestCorpusOltasRoundTrip(t *testing.T) {
	orig, err := refi.Open(filepath.Join(corpus.Dir(t, "refi"), "nvivo-win12.6-oltas0517.qdpx"))
	require.NoError(t, err)
	defer orig.Close()
	res, err := (&qualcoder.Reader{}).ReadFile(filepath.Join(corpus.Dir(t, "qualcoder"), "oltas0517-4.0beta.qda", "data.qda"))
	require.NoError(t, err)
	back := convert(t, res)

	assert.Equal(t, tree(orig.Project.Codes), tree(back.Project.Codes))
	want, got := passages(t, orig), passages(t, back)
	require.Len(t, want, 303)
	// QualCoder read NVivo's text files with universal newlines: its
	// fulltext has LF where NVivo's .txt has CR LF. Four passages end with
	// a line break and differ by that alone; every other is unchanged.
	crlf := 0
	for i, p := range want {
		if strings.Contains(p.Text, "\r\n") {
			crlf++
			want[i].Text = strings.ReplaceAll(p.Text, "\r\n", "\n")
		}
	}
	sortPassages(want)
	assert.Equal(t, 4, crlf, "passages with CR LF in the original")
	assert.Equal(t, want, got)
	assert.Equal(t, countProject(orig.Project).Codes+countProject(orig.Project).Categories,
		countProject(back.Project).Codes+countProject(back.Project).Categories, "152 codes")

	// Descriptions are kept; NVivo's codes had no colour, QualCoder gave
	// each codable code one.
	type info struct{ desc, color string }
	infos := func(p *refi.Project) map[string]info {
		out := map[string]info{}
		var walk func([]*refi.Code, string)
		walk = func(cs []*refi.Code, prefix string) {
			for _, c := range cs {
				out[prefix+c.Name] = info{c.Description, c.Color}
				walk(c.Children, prefix+c.Name+sep)
			}
		}
		walk(p.Codes, "")
		return out
	}
	a, b := infos(orig.Project), infos(back.Project)
	coloured := 0
	for k, v := range a {
		assert.Equal(t, v.desc, b[k].desc, k)
		assert.Empty(t, v.color, k)
		if b[k].color != "" {
			coloured++
		}
	}
	assert.Equal(t, 151, coloured)
	// Source names and creation dates are kept; QualCoder added a coder.
	for i, s := range orig.Project.Sources {
		assert.Equal(t, s.Base().Name, back.Project.Sources[i].Base().Name)
		assert.Equal(t, s.Base().Created, back.Project.Sources[i].Base().Created)
	}
	var users []string
	for _, u := range back.Project.Users {
		users = append(users, u.Name)
	}
	assert.Equal(t, []string{"Gergo", "📌 Speaker coding", "floriansipos"}, users)
	assert.Len(t, orig.Project.Users, 2)

	// Each coding has its selection's coder and date: QualCoder keeps one
	// coder per coded passage, the selection's. NVivo's codings were made
	// by another coder than their selection in the number of cases below.
	assert.Equal(t, coders(orig.Project), coders(back.Project))
	other := 0
	for _, s := range orig.Project.Sources {
		for _, sel := range s.(*refi.TextSource).Selections {
			for _, c := range sel.Codings {
				if c.CreatingUser.Canonical() != sel.CreatingUser.Canonical() {
					other++
				}
			}
		}
	}
	assert.Equal(t, 297, other, "NVivo's codings by another user than their selection: their coder and date are QualCoder's selection's")
}

// coders returns the sorted multiset of (source, code path with the
// selection's coder and date) of p's text codings.
func coders(p *refi.Project) []passage {
	names := map[refi.GUID]string{}
	for _, u := range p.Users {
		names[u.GUID.Canonical()] = u.Name
	}
	paths := codePaths(p.Codes)
	var out []passage
	for _, s := range p.Sources {
		for _, sel := range s.(*refi.TextSource).Selections {
			for _, c := range sel.Codings {
				out = append(out, passage{s.Base().Name, paths[c.Code.Canonical()] + " by " + names[sel.CreatingUser.Canonical()] + " " + sel.Created.String(), ""})
			}
		}
	}
	sortPassages(out)
	return out
}
