// Package nvivoexports embeds a fictional set of NVivo spreadsheet exports
// of the social-prescribing sample (package internal/sample): a codebook, a
// case classification sheet, the Coding Summary By Code extract (as .xlsx
// and in NVivo's text form), a Files list view, and the interview
// transcripts (six .txt, one .docx). exports/README.md says what each file
// is and which NVivo quirks the set holds.
//
// The files are generated from the sample's .qdpx by
// "go test ./nvivo -run TestGenerateSampleExports -update", which writes
// them into exports/ here; the tests of the nvivo package and of
// qdabridge convert (internal/cli/convert) read this one copy.
package nvivoexports

import (
	"embed"
	"io/fs"
)

//go:embed exports
var files embed.FS

// Dir is the folder of the export set, relative to this package's
// directory.
const Dir = "exports"

// Transcripts is the folder of the transcripts inside [FS].
const Transcripts = "transcripts"

// Exports are the exports that together give the whole project, in the
// order to read them: the codebook, the case classification, the Coding
// Summary in its text form (the .xlsx form holds the same references) and
// the Files list view.
var Exports = []string{"codebook.xlsx", "classification.xlsx", "coding-summary-by-code.txt", "files-list.xlsx"}

// FS returns the export set: the files named in [Exports], the .xlsx form
// of the Coding Summary (coding-summary-by-code.xlsx), README.md, and the
// transcripts in the folder [Transcripts].
func FS() fs.FS {
	sub, err := fs.Sub(files, Dir)
	if err != nil {
		// fs.Sub fails only for an invalid path, and Dir is valid.
		panic("nvivoexports: " + err.Error())
	}
	return sub
}
