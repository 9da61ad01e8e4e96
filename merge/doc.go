// Package merge merges REFI-QDA projects into one, by the rules NVivo
// documents for duplicates on import: two sources are the same when their
// name, kind and text match; two codes when their name and place in the
// code tree (their path) match; two cases and two sets by name; users by
// name (and id when both have one); variables by name and type.
//
// Codings of every input are kept with their coder: two coders' codings of
// one passage stay two codings, and the same passage, code and coder in
// two inputs is one coding, so that merging a project with a copy of
// itself gives the same project.
//
// A source whose text differs a little between inputs (same name,
// similarity at least [Options.MinSimilarity]) is matched by name, and the
// later input's selections are remapped onto the first text with package
// remap: touched ones are reported, wholly deleted ones are reported and
// counted dropped. Sources with the same name and very different texts,
// and variables with the same name and another type, are kept apart under
// "NAME (2)". For a case or source that has two different values of one
// variable, the first input's value wins and the conflict is reported.
//
// The merged project counts positions as the first input does; the
// selections of inputs counting otherwise are converted. The first
// input's GUIDs are kept; later inputs' GUIDs too, unless already taken.
package merge
