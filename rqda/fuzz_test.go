package rqda_test

import (
	"bytes"
	"encoding/hex"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/stretchr/testify/require"

	"github.com/qdabridge/qdabridge/internal/fuzzstat"
	"github.com/qdabridge/qdabridge/internal/sqlitedb/sqlitetest"
	"github.com/qdabridge/qdabridge/refi"
	"github.com/qdabridge/qdabridge/rqda"
)

// fuzzCount counts the inputs the fuzz targets run (see .ci/fuzz).
var fuzzCount fuzzstat.Counter

// fuzzReader bounds what one input may make the reader do.
var fuzzReader = rqda.Reader{MaxRows: 200, MaxValueBytes: 1 << 16}

// FuzzRead reads arbitrary bytes as an RQDA project: an error or a
// project, never a panic; a project converts to a .qdpx that reads back,
// and its ledger adds up.
func FuzzRead(f *testing.F) {
	for _, script := range []string{quirks, schema, withoutTables("image", "imageCoding", "coding2")} {
		b, err := os.ReadFile(sqlitetest.Create(f, "seed.rqda", script))
		require.NoError(f, err)
		f.Add(b)
		f.Add(b[:len(b)/2])
	}
	f.Add([]byte("SQLite format 3\x00"))
	f.Fuzz(func(t *testing.T, data []byte) {
		fuzzCount.Add()
		if len(data) > 1<<20 {
			return
		}
		path := filepath.Join(t.TempDir(), "fuzz.rqda")
		require.NoError(t, os.WriteFile(path, data, 0o644))
		res, err := fuzzReader.ReadFile(path)
		if err != nil {
			_ = err.Error()
			return
		}
		checkResult(t, res)
	})
}

// FuzzReadRows reads a well-formed RQDA database holding arbitrary values
// (texts, passages, positions, statuses, colours, attribute values): the
// read never fails, every coding is accounted for, and every coding placed
// exactly has its seltext as its text.
func FuzzReadRows(f *testing.F) {
	f.Add("Intro 😀 line.\nHe said: yes.", "yes.", 23.0, 27.0, int64(1), "aquamarine4", "34", "numeric", int64(1))
	f.Add("\uFEFFÄpfel", "pfel", 2.0, 6.0, int64(1), "#ff0000", "1.5", "numeric", int64(0))
	f.Add("abc", "", -3.0, 1e300, int64(-1), "", "x", "character", int64(1))
	f.Add("a\xffb", "\xff", math.NaN(), math.Inf(1), int64(7), "no", "", "", int64(-1))
	f.Fuzz(fuzzRows)
}

func fuzzRows(t *testing.T, text, seltext string, first, end float64, status int64, color, value, class string, linkStatus int64) {
	fuzzCount.Add()
	if len(text) > 4096 || len(seltext) > 4096 || len(color)+len(value)+len(class) > 1024 {
		return
	}
	x := func(s string) string { return "CAST(X'" + hex.EncodeToString([]byte(s)) + "' AS TEXT)" }
	num := func(v float64) string {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return "NULL"
		}
		return fmt.Sprint(v)
	}
	var b strings.Builder
	// no journal, no sync and one commit: the file is thrown away
	b.WriteString("PRAGMA synchronous=OFF; PRAGMA journal_mode=MEMORY; BEGIN;")
	b.WriteString(schema)
	fmt.Fprintf(&b, "INSERT INTO project VALUES (%s, 'Sun Jul 12 20:00:21 2020', NULL, %s, NULL, NULL);", x(class), x(value))
	fmt.Fprintf(&b, "INSERT INTO source VALUES ('s', 1, %s, NULL, %s, NULL, NULL, 1);", x(text), x(color))
	fmt.Fprintf(&b, "INSERT INTO source VALUES ('t', 2, %s, NULL, NULL, NULL, NULL, %d);", x(seltext), linkStatus)
	fmt.Fprintf(&b, "INSERT INTO freecode VALUES ('c', NULL, NULL, NULL, NULL, 1, %d, %s);", linkStatus, x(color))
	fmt.Fprintf(&b, "INSERT INTO freecode VALUES ('d', NULL, NULL, NULL, NULL, 2, 1, %s);", x(color))
	for i, cid := range []int{1, 2, 3} {
		fmt.Fprintf(&b, "INSERT INTO coding VALUES (%d, %d, %s, %s, %s, %d, %s, %s, NULL);", cid, 1+i%2, x(seltext), num(first), num(end), status, x(value), x(class))
	}
	fmt.Fprintf(&b, "INSERT INTO coding2 VALUES (2, 1, %s, %s, %s, 1, NULL, NULL, NULL);", x(seltext), num(end), num(first))
	fmt.Fprintf(&b, "INSERT INTO codecat VALUES (%s, NULL, 1, NULL, NULL, NULL, NULL, %d);", x(value), status)
	fmt.Fprintf(&b, "INSERT INTO treecode VALUES (1, 1, NULL, NULL, NULL, 1, NULL); INSERT INTO treecode VALUES (2, %d, NULL, NULL, NULL, 1, NULL);", linkStatus)
	fmt.Fprintf(&b, "INSERT INTO cases VALUES (%s, NULL, NULL, NULL, NULL, 1, %d);", x(value), linkStatus)
	fmt.Fprintf(&b, "INSERT INTO caselinkage VALUES (1, 1, %s, %s, 1, NULL, NULL, NULL);", num(first), num(end))
	fmt.Fprintf(&b, "INSERT INTO attributes VALUES ('a', %d, NULL, NULL, NULL, NULL, %s);", linkStatus, x(class))
	fmt.Fprintf(&b, "INSERT INTO caseAttr VALUES ('a', %s, 1, NULL, NULL, NULL, 1);", x(value))
	fmt.Fprintf(&b, "INSERT INTO fileAttr VALUES ('a', %s, %d, NULL, NULL, NULL, 1);", x(value), linkStatus)
	fmt.Fprintf(&b, "INSERT INTO annotation VALUES (1, %s, %s, NULL, NULL, NULL, 1);", num(first), x(value))
	fmt.Fprintf(&b, "INSERT INTO journal VALUES (%s, %s, %s, NULL, NULL, %d);", x(class), x(text), x(color), status)
	b.WriteString("COMMIT;")
	path := filepath.Join(t.TempDir(), "rows.rqda")
	sqlitetest.CreateAt(t, path, b.String())
	res, err := fuzzReader.ReadFile(path)
	require.NoError(t, err)
	rep := res.Report
	notPlaced := 0
	for _, n := range rep.NotPlaced {
		if n.Table != "caselinkage" {
			notPlaced++
		}
	}
	require.Equal(t, rep.Rows["coding"]+rep.Rows["coding2"],
		rep.Codings+notPlaced+rep.Dangling["coding"]+rep.Dangling["coding2"]+rep.Cascaded["coding"]+rep.Cascaded["coding2"]+
			rep.Deleted["coding"]+rep.Deleted["coding2"]+rep.OverLimit["coding"]+rep.OverLimit["coding2"], "every coding accounted for")
	require.Equal(t, rep.Codings, rep.Exact+rep.Tolerant)
	want := strings.TrimPrefix(strings.ToValidUTF8(seltext, "\uFFFD"), "\uFEFF")
	doc := res.Document()
	for _, s := range res.Project.Sources {
		ts := s.(*refi.TextSource)
		for i := range ts.Selections {
			sel := &ts.Selections[i]
			if len(sel.Codings) == 0 || rep.Tolerant > 0 {
				continue
			}
			got, err := doc.SelectionText(ts, sel)
			require.NoError(t, err)
			require.Equal(t, want, got)
		}
	}
	checkResult(t, res)
}

// checkResult checks what any read must give: a ledger that adds up and a
// project that writes as a .qdpx which reads back.
func checkResult(t *testing.T, res *rqda.Result) {
	require.NoError(t, res.Report.Ledger().Check())
	for _, w := range res.Report.Warnings {
		require.True(t, utf8.ValidString(w.String()), "a warning in UTF-8: %q", w.String())
	}
	var out bytes.Buffer
	_, err := (&refi.Writer{Limits: refi.Limits{MaxTextSize: 1 << 20}}).Write(&out, res.Document(), refi.FormatQDPX)
	require.NoError(t, err)
	doc, err := refi.ReadQDPX(bytes.NewReader(out.Bytes()), int64(out.Len()))
	require.NoError(t, err)
	doc.Close()
}
