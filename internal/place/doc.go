// Package place finds where a coded passage is in the text it was coded
// in, for the readers of exports that store a passage's text but not (or
// not reliably) its position: NVivo's coding summaries, RQDA's seltext,
// Taguette's highlights, MAXQDA's coded segments, ATLAS.ti's quotations.
//
// # Finding
//
// [Finder.Find] returns every occurrence of a passage in a text:
//
//  1. exact: every place where the passage occurs byte for byte,
//     overlapping occurrences included;
//  2. failing that, tolerant: every place where it occurs once white
//     space is ignored. Precisely, the text and the passage are both
//     compared with each maximal run of white space (runes for which
//     [unicode.IsSpace] holds: space, tab, CR, LF, vertical tab, form
//     feed, NEL, NBSP U+00A0, the Unicode spaces U+2000 to U+200A, U+2028,
//     U+2029, U+202F, U+205F, U+3000, U+1680) made one space, and the
//     passage trimmed of white space at both ends. So CR LF matches LF, a
//     line break matches a space, a run of spaces and tabs matches one
//     space, and NBSP matches a space. Case, punctuation, quotes and
//     Unicode normal forms are not tolerated. A tolerant occurrence runs
//     from the first byte of its first non-space rune to the end of its
//     last non-space rune; white space the passage began or ended with is
//     not part of it.
//
// A passage that is empty or only white space is found nowhere.
// Occurrences are [Span]s of byte offsets in the Go string of the text, in
// the order they start; each begins and ends on a rune boundary when the
// text is valid UTF-8. Callers convert them to the character offsets their
// format counts in.
//
// # Choosing
//
// When a passage occurs more than once, something recorded with it may
// tell which occurrence it is:
//
//   - a position ([At], [Finder.AtChar]: a byte or character offset, even
//     one that is somewhat off) or a paragraph ([Finder.Paragraph]): a
//     [Hint], used by [Narrow], [Choose] and [Finder.Place]. The
//     occurrences that start nearest the hint are kept: distance is 0 for
//     an occurrence starting inside the hint's range, else the number of
//     bytes from the range's nearer end. Ties are not broken: two
//     occurrences equally near leave the passage [Ambiguous].
//   - the order of the references ([Order]): the references of one code
//     in one source, in the order the tool lists them, are in text order,
//     and one coder's references of one code do not overlap.
//
// [Decide] turns the occurrences found and those a hint or the order left
// into a [Placement]: [Exact] or [Tolerant] when one is left, [Ambiguous]
// when more than one is, [Missing] when there was none. Placement.Hinted
// says that a hint or the order chose among several occurrences (the
// "near hint" case).
//
// # Cost
//
// A [Finder] is made once per text and used for all its passages. An exact
// search scans the text once ([strings.Index], resumed after each
// occurrence): O(len(text)) per passage, in practice a fast scan. The tolerant
// form of the text (a copy, and 4 bytes per byte for the map back to the
// original offsets) is built once, on the first passage not found exactly,
// in O(len(text)); a tolerant search is then O(len(text)) too. [Order] is
// O(n·k) for n references of k occurrences each; [Narrow] is O(k). The
// paragraph and character indexes behind [Finder.Paragraph] and
// [Finder.AtChar] are built on first use in O(len(text)). A Finder is not
// safe for concurrent use; texts longer than 2 GiB are not supported.
package place
