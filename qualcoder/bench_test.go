package qualcoder_test

import (
	"bytes"
	"io"
	"sync"
	"testing"
	"time"

	"github.com/qdabridge/qdabridge/internal/sqlitedb/sqlitetest"
	"github.com/qdabridge/qdabridge/internal/synth"
	"github.com/qdabridge/qdabridge/qualcoder"
	"github.com/qdabridge/qdabridge/refi"
)

// benchCodings is the size of the benchmark's projects.
const benchCodings = 20_000

// benchScript makes a v17 database of 200 texts of about 5,000 characters
// (with an emoji, so that code points and bytes differ), 80 codes in 8
// categories and 20,000 codings, each at its positions.
const benchScript = schemaV17 + `
INSERT INTO project VALUES ('v17', '2026-01-02 03:04:05', '', 'QualCoder 4.0', 0, 0, 'ann', '', NULL, NULL, NULL);
WITH RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT i+1 FROM s WHERE i < 200),
w(j) AS (SELECT 1 UNION ALL SELECT j+1 FROM w WHERE j < 800)
INSERT INTO source (id, name, fulltext, mediapath, memo, owner, date)
SELECT i, 'Interview ' || i, '🙂 ' || (SELECT group_concat('word' || ((j * 7 + i * 13) % 97), ' ') FROM w), NULL, '', 'ann', '2026-01-02 10:00:00' FROM s;
WITH RECURSIVE c(i) AS (SELECT 1 UNION ALL SELECT i+1 FROM c WHERE i < 8)
INSERT INTO code_cat (catid, name, owner, date, memo) SELECT i, 'Theme ' || i, 'ann', '2026-01-02 10:00:00', '' FROM c;
WITH RECURSIVE c(i) AS (SELECT 1 UNION ALL SELECT i+1 FROM c WHERE i < 80)
INSERT INTO code_name (cid, name, memo, catid, owner, date, color) SELECT i, 'Code ' || i, '', (i % 8) + 1, 'ann', '2026-01-02 10:00:00', '#336699' FROM c;
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i+1 FROM n WHERE i < 20000)
INSERT INTO code_text (cid, fid, seltext, pos0, pos1, owner, date, memo)
SELECT (i % 80) + 1, (i % 200) + 1, substr(s.fulltext, (i * 37) % 4000 + 1, 20 + i % 200), (i * 37) % 4000, (i * 37) % 4000 + 20 + i % 200,
  'coder' || (i / 4000), '2026-01-03 10:00:00', '' FROM n JOIN source s ON s.id = (i % 200) + 1;
`

var (
	baseOnce sync.Once
	baseQDPX []byte
)

// refiBaseline returns a function that reads and writes a REFI project of
// the same size (internal/synth: 200 transcripts of about 5,000
// characters, 20,000 codings).
func refiBaseline(b *testing.B) func() {
	baseOnce.Do(func() {
		opt := synth.Medium().Standard()
		opt.Codings = benchCodings
		var buf bytes.Buffer
		if err := synth.Write(&buf, opt); err != nil {
			b.Fatal(err)
		}
		baseQDPX = buf.Bytes()
	})
	return func() {
		doc, err := refi.ReadQDPX(bytes.NewReader(baseQDPX), int64(len(baseQDPX)))
		if err != nil {
			b.Fatal(err)
		}
		defer doc.Close()
		if _, err := (&refi.Writer{}).Write(io.Discard, doc, refi.FormatQDPX); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkRead reads a QualCoder database of 20,000 codings and writes it
// as a .qdpx; "x-refi" is its time over that of reading and writing a REFI
// project of the same size, run after each read, outside the timer, so
// that both see the same machine load.
func BenchmarkRead(b *testing.B) {
	path := sqlitetest.Create(b, "data.qda", benchScript)
	baseline := refiBaseline(b)
	baseline() // warm up
	r := &qualcoder.Reader{}
	var base, read time.Duration
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		start := time.Now()
		res, err := r.ReadFile(path)
		if err != nil {
			b.Fatal(err)
		}
		if res.Report.Codings != benchCodings || res.Report.AtPosition != benchCodings {
			b.Fatalf("%d codings, %d at their positions", res.Report.Codings, res.Report.AtPosition)
		}
		if _, err := (&refi.Writer{}).Write(io.Discard, res.Document(), refi.FormatQDPX); err != nil {
			b.Fatal(err)
		}
		read += time.Since(start)
		b.StopTimer()
		start = time.Now()
		baseline()
		base += time.Since(start)
		b.StartTimer()
	}
	b.ReportMetric(float64(base.Nanoseconds())/float64(b.N), "refi-ns/op")
	b.ReportMetric(float64(read)/float64(base), "x-refi")
}
