// Package remap maps positions and ranges of a text through an edit of
// it, so that selections (coded passages) follow their text when the text
// is revised, pseudonymised or merged with another version of it.
//
// A [Map] is made from a list of replacements ([FromEdits]) or from a diff
// of two versions of a text ([Diff]). It knows which bytes of the old text
// were kept, and where they are in the new text. A range whose characters
// all survive, with nothing inserted between them, maps exactly
// ([Exact]); one that lost some characters, or had text inserted inside
// it, maps to the smallest range of the new text covering what survived of
// it ([Touched]); one whose characters were all removed is [Deleted].
// [Map.Cover] maps a range to cover also the replacements of the edits
// that changed it, as pseudonymising needs ("Anna said" becomes "[P1]
// said", not " said").
//
// A Map works on Go byte offsets; [Map.RangeIn] and [Map.PositionIn] take
// and give character positions in a [refi.Positions] convention (code
// points, UTF-16 units, CR LF counted as one or two). [ReviseSource] and
// [Revise] replace the text of a source of a [refi.Document] and remap its
// selections.
package remap
