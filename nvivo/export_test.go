package nvivo

// What the external tests (package nvivo_test) use of the package's
// internals. None of it is API: these names exist only in test builds.

// DocxText is docxText, the plain text of a .docx. The hostile .docx files
// of docx_hostile_test.go are tested both on it and through a Builder,
// with helpers shared with the other external tests.
var DocxText = docxText

// WriteTextRecord is writeTextRecord, for writing the sample's Coding
// Summary in NVivo's text form (sample_exports_test.go).
var WriteTextRecord = writeTextRecord
