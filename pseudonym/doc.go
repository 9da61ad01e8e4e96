// Package pseudonym replaces identifiers (participants' names, places)
// with pseudonyms everywhere text lives in a coded REFI-QDA project,
// keeping every coding on its passage.
//
// A [Key] is read from a CSV file of original,replacement[,category]
// lines ([ReadKey]). [Key.Apply] replaces every occurrence of every
// original in the texts of the project's text sources, notes, PDF
// representations and picture descriptions (remapping their selections
// with package remap, so that each selection covers its passage with the
// replacement in it), and in the names and descriptions of the project,
// users, codes, variables, cases, sources, selections, sets, links, graphs
// and transcripts, and in the values of text variables. It returns a log of
// every replacement: the log holds the identifiers, so keep it apart from
// the project.
//
// # Matching
//
// Originals match case-insensitively (Unicode simple case folding) unless
// [Options].CaseSensitive is set, and as whole words: an occurrence must not
// have a letter, digit or combining mark right before or after it. When
// originals overlap (one is a part of another, "Anna" and "Anna Smith"),
// the longest that matches at a place wins, and matching goes on after it.
// Replacements are written as "[replacement]" unless [Options].Unmarked is
// set.
//
// Transcripts of audio and video sources keep their texts: when one
// holds an original, Apply fails rather than leave it there. Vendor
// extensions are not changed. [Result.Write] writes the project without
// the old rich texts of the changed sources and reads the output again,
// failing when an original is still in it (in an extension, or in a file
// of the archive that nothing names).
package pseudonym
