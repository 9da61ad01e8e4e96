// Package sample embeds a small, entirely fictional REFI-QDA project used as
// demo data and as a test fixture.
//
// The project imitates a .qdpx exported by NVivo for Windows 12.6: seven
// invented interview transcripts about social prescribing in English
// primary care (two patients, a GP, a practice nurse, two link workers and
// the coordinator of a community gardening group), a three-level code tree,
// seven cases with classification variables, two coders, some 85 coded
// selections, a memo, an annotation and a set. Every person, practice and
// group in it is invented.
//
// It reproduces the NVivo quirks a reader has to cope with:
//
//   - the source folder is "Sources/" (capital S);
//   - each Sources/<guid>.txt is UTF-8 with a byte order mark and CRLF line
//     breaks;
//   - startPosition/endPosition count UTF-16 code units in the text as
//     stored (a CRLF counts 2, the BOM is not counted, the end is
//     exclusive), and several transcripts contain emoji outside the Basic
//     Multilingual Plane (including multi-code-point sequences such as 👍🏽
//     and a ZWJ family) before coded passages, so UTF-16 and code-point
//     offsets differ;
//   - each PlainTextSelection carries exactly one Coding, so a passage coded
//     at two codes appears as two selections with the same range;
//   - one selection is coded at a Case GUID rather than a Code GUID (NVivo's
//     case coding);
//   - an annotation is a Note joined to a selection by a Link.
//
// The project is generated from the human-authored files in content/ by
// [Generate] (go run ./internal/sample/gen from the module root, or
// go generate in this directory). The generator locates each coded passage
// by its exact text and computes the offsets, so the offsets never need to
// be edited by hand.
//
// [ExpectedExcerpts] lists every PlainTextSelection as one line of six
// tab-separated fields, with no header line:
//
//	selectionGUID  sourceName  start  end  codeName  text
//
// codeName is the name of the code (or, for the case coding, of the case)
// the selection's Coding refers to. text is the exact selected text, with
// CR, LF and tab written as the two-character sequences \r, \n and \t
// (passages contain no backslash, so no other escaping is needed).
package sample

import _ "embed"

//go:generate go run ./gen

// FileName is the file name of the embedded project.
const FileName = "social-prescribing.qdpx"

// QDPX holds the bytes of the fictional sample project (a REFI-QDA .qdpx
// archive in the shape of an NVivo for Windows 12.6 export).
//
//go:embed social-prescribing.qdpx
var QDPX []byte

// ExpectedExcerpts holds the expected-excerpts table described in the
// package documentation: one line per PlainTextSelection in [QDPX].
//
//go:embed expected_excerpts.tsv
var ExpectedExcerpts []byte
