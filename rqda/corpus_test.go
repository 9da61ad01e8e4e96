package rqda_test

import (
	"bytes"
	"io/fs"
	"path/filepath"
	"sort"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/qdabridge/qdabridge/internal/corpus"
	"github.com/qdabridge/qdabridge/internal/schematest"
	"github.com/qdabridge/qdabridge/internal/sqlitedb"
	"github.com/qdabridge/qdabridge/refi"
	"github.com/qdabridge/qdabridge/rqda"
)

// corpusFigure is what a corpus file holds, verified by hand against the
// database (sqlite3) and pinned here; the test also recomputes the counts
// of active rows with SQL.
type corpusFigure struct {
	sources, codes, categories, codings, cases, journals, annotations int
	variables, values, sets                                           int
	deleted                                                           map[string]int
	unmarked, dangling, shifted, multiCategory, boms                  int
	warnings                                                          []rqda.WarningCode
}

var corpusFigures = map[string]corpusFigure{
	"elinagomez-acoso-2019.rqda": {sources: 6, codes: 9, categories: 3, codings: 35, cases: 5, journals: 2,
		variables: 1, values: 2, sets: 3 + 4,
		deleted:  map[string]int{"attributes": 2, "coding": 9, "filecat": 1, "freecode": 5, "treefile": 1},
		unmarked: 8, shifted: 19, multiCategory: 2,
		warnings: []rqda.WarningCode{rqda.WarnCategory, rqda.WarnCategory}},
	"prevos-stakeholders-2013.rqda": {sources: 6, codes: 40, categories: 8, codings: 473, cases: 1, annotations: 8,
		sets: 8 + 3,
		deleted: map[string]int{"attributes": 1, "cases": 1, "codecat": 10, "coding": 11, "freecode": 2, "journal": 1,
			"treecode": 99, "treefile": 1},
		unmarked: 8, dangling: 3, shifted: 59, multiCategory: 8, boms: 1, // Stakeholder_B's text begins with U+FEFF
		warnings: []rqda.WarningCode{rqda.WarnCategory, rqda.WarnCategory, rqda.WarnCategory, rqda.WarnCategory,
			rqda.WarnCategory, rqda.WarnCategory, rqda.WarnCategory, rqda.WarnCategory,
			rqda.WarnDangling, rqda.WarnDangling, rqda.WarnDangling}},
	"qml-rqda-testproject-2020.rqda": {sources: 1, codes: 2, categories: 1, codings: 8, cases: 1, journals: 3,
		variables: 3, sets: 2, deleted: map[string]int{}},
	"robertour-2016.rqda": {sources: 6, codes: 12, categories: 4, codings: 121, sets: 4 + 2,
		deleted: map[string]int{"attributes": 7, "fileAttr": 1}},
	"rqda-empty-a.rqda":                 {deleted: map[string]int{}},
	"tobiasweise-opcw-csp-dg-2015.rqda": {sources: 13, codes: 2, codings: 21, deleted: map[string]int{"coding": 1}, unmarked: 1},
}

// active counts the rows of table that tail selects.
func count(t *testing.T, db *sqlitedb.DB, table, tail string) int {
	n := 0
	require.NoError(t, db.Query(sqlitedb.Query{Table: table, Columns: []string{"rowid"}, Tail: tail}, func(*sqlitedb.Row) error {
		n++
		return nil
	}))
	return n
}

// activeCodings returns the seltext of every coding RQDA shows (active,
// of an active code in an active source), by source name, sorted.
func activeCodings(t *testing.T, db *sqlitedb.DB) map[string][]string {
	names := map[int64]string{}
	require.NoError(t, db.Query(sqlitedb.Query{Table: "source", Columns: []string{"id", "name"}, Tail: "WHERE status = 1"}, func(r *sqlitedb.Row) error {
		id, _ := r.Int("id")
		names[id], _ = r.Text("name")
		return nil
	}))
	out := map[string][]string{}
	require.NoError(t, db.Query(sqlitedb.Query{Table: "coding", Columns: []string{"fid", "seltext"},
		Tail: "WHERE status = 1 AND cid IN (SELECT id FROM freecode WHERE status = 1) AND fid IN (SELECT id FROM source WHERE status = 1)"},
		func(r *sqlitedb.Row) error {
			fid, _ := r.Int("fid")
			s, _ := r.Text("seltext")
			out[names[fid]] = append(out[names[fid]], s)
			return nil
		}))
	for _, v := range out {
		sort.Strings(v)
	}
	return out
}

// TestCorpus reads every real RQDA project, converts it to .qdpx, reads
// that back and checks it: valid against the schema, the counts of
// sources, codes, cases and codings equal to the database's active rows,
// every coded selection's text equal to its seltext, deleted rows left out
// and counted.
func TestCorpus(t *testing.T) {
	dir := corpus.Dir(t, "rqda")
	files, err := filepath.Glob(filepath.Join(dir, "*.rqda"))
	require.NoError(t, err)
	require.Len(t, files, len(corpusFigures))
	for _, f := range files {
		name := filepath.Base(f)
		t.Run(name, func(t *testing.T) {
			want, ok := corpusFigures[name]
			require.True(t, ok, "new corpus file %s: pin its figures", name)
			res, err := (&rqda.Reader{}).ReadFile(f)
			require.NoError(t, err)
			rep := res.Report

			db, err := sqlitedb.Open(f)
			require.NoError(t, err)
			defer db.Close()
			texts := activeCodings(t, db)
			nCodings := 0
			for _, v := range texts {
				nCodings += len(v)
			}
			// the database's active rows, and the figures pinned
			assert.Equal(t, count(t, db, "source", "WHERE status = 1"), rep.Sources)
			assert.Equal(t, count(t, db, "freecode", "WHERE status = 1"), rep.Codes)
			assert.Equal(t, count(t, db, "cases", "WHERE status = 1"), rep.Cases)
			assert.Equal(t, nCodings, rep.Codings)
			for _, table := range []string{"source", "freecode", "coding", "codecat", "treecode", "cases", "caselinkage", "journal",
				"annotation", "attributes", "caseAttr", "fileAttr", "filecat", "treefile", "image", "imageCoding"} {
				assert.Equal(t, count(t, db, table, ""), rep.Rows[table], "rows of %s", table)
				assert.Equal(t, count(t, db, table, "WHERE status IS NOT 1 AND status IS NOT NULL"), rep.Deleted[table], "deleted in %s", table)
			}
			assert.Equal(t, want.sources, rep.Sources)
			assert.Equal(t, want.codes, rep.Codes)
			assert.Equal(t, want.categories, rep.Categories)
			assert.Equal(t, want.codings, rep.Codings)
			assert.Equal(t, want.cases, rep.Cases)
			assert.Equal(t, want.journals, rep.Journals)
			assert.Equal(t, want.annotations, rep.Annotations)
			assert.Equal(t, want.variables, rep.Variables)
			assert.Equal(t, want.values, rep.Values)
			assert.Equal(t, want.deleted, rep.Deleted)
			assert.Equal(t, want.unmarked, rep.Unmarked)
			assert.Equal(t, want.dangling, rep.Dangling["coding"])
			assert.Equal(t, want.shifted, rep.Shifted)
			assert.Equal(t, want.codings-want.shifted, rep.AtRecorded)
			assert.Equal(t, want.codings, rep.Exact, "every seltext found as it is")
			assert.Equal(t, want.multiCategory, rep.MultiCategory)
			assert.Equal(t, want.boms, rep.ByteOrderMarks)
			assert.Empty(t, rep.NotPlaced)
			var codes []rqda.WarningCode
			for _, w := range rep.Warnings {
				codes = append(codes, w.Code)
			}
			assert.Equal(t, want.warnings, codes, "%v", rep.Warnings)
			ledger := rep.Ledger()
			require.NoError(t, ledger.Check())
			assert.Equal(t, want.dangling, ledger.Row(refi.ItemCodings).Counts[refi.Dropped])
			assert.Equal(t, want.dangling, ledger.Row(refi.ItemSelections).Counts[refi.Dropped])

			// convert, read back, validate
			var out bytes.Buffer
			_, err = (&refi.Writer{}).Write(&out, res.Document(), refi.FormatQDPX)
			require.NoError(t, err)
			again, err := refi.ReadQDPX(bytes.NewReader(out.Bytes()), int64(out.Len()))
			require.NoError(t, err)
			defer again.Close()
			assert.Empty(t, again.Warnings)
			qde, err := fs.ReadFile(again, "project.qde")
			require.NoError(t, err)
			schematest.RequireValidProject(t, qde)
			assert.Empty(t, refi.Diff(res.Project, again.Project))

			p := again.Project
			c := p.Counts()
			assert.Equal(t, want.sources, c.Sources)
			assert.Equal(t, want.codes+want.categories, c.Codes)
			assert.Equal(t, want.cases, c.Cases)
			assert.Equal(t, want.codings, c.Codings)
			assert.Equal(t, want.journals+want.annotations, c.Notes)
			assert.Equal(t, want.sets, c.Sets)
			got := map[string][]string{}
			for _, s := range p.Sources {
				ts := s.(*refi.TextSource)
				for i := range ts.Selections {
					sel := &ts.Selections[i]
					if len(sel.Codings) == 0 {
						continue
					}
					txt, err := again.SelectionText(ts, sel)
					require.NoError(t, err)
					got[ts.Name] = append(got[ts.Name], txt)
				}
			}
			for _, v := range got {
				sort.Strings(v)
			}
			if len(texts) == 0 {
				texts = map[string][]string{}
			}
			assert.Equal(t, texts, got, "every coded selection's text is its seltext")
		})
	}
}
