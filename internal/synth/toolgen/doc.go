// Package toolgen generates, for benchmarks and tests, the project files of
// the tools qdabridge reads besides REFI-QDA: an RQDA project (.rqda), a
// QualCoder project folder (data.qda), a Taguette database (.sqlite3) and
// NVivo's spreadsheet exports (a codebook and a Coding Summary workbook,
// with the transcripts as .txt files).
//
// Every file is made from one deterministic model ([Shape], seeded): the
// same shape gives the same texts and codings in every tool's form. Texts
// hold accented letters, an emoji and CJK characters, so that code points,
// UTF-16 units and bytes differ, and one transcript in five ends its lines
// with CR LF. Each coded passage lies inside one paragraph and starts and
// ends at a word. Databases are written with modernc.org/sqlite.
package toolgen
