// Package agreement measures how far the coders of a REFI-QDA project agree,
// code by code and source by source, at the level of characters, as NVivo's
// Coding Comparison Query does.
//
// # Units
//
// Every character of a text source is a unit. For one code, a coder has
// coded a character when one of the coder's selections at that code covers
// it, or when the coder coded the whole source at the code; the coder's
// selections are united first, so that overlapping selections count each
// character once. The coder of a coding is its creating user, or else the
// creating user of its selection. Positions and the length of a text are
// counted in the project's own convention ([refi.Project.Positions],
// [refi.Text.Len]). Only text sources (and the text representation of a
// PDF) have characters: pictures, recordings and sources whose text cannot be
// read are left out and listed in [Report.Skipped].
//
// # Percentage agreement and Cohen's kappa (two coders)
//
// These follow NVivo's help, "Run a Coding Comparison query" (NVivo 10 and
// 11 for Windows, https://help-nv10.qsrinternational.com/desktop/procedures/run_a_coding_comparison_query.htm;
// NVivo 12: https://help-nv.qsrinternational.com/12/win/v12.1.55-d3ea61/Content/queries/coding-comparison-query.htm).
// They are computed for each combination of code and source, over the
// characters of the source. With N characters, of which A coded a, B coded b
// and both coded c:
//
//   - percentage agreement = (characters both coded + characters neither
//     coded) / N, as a percentage: (c + N - a - b + c) / N × 100. NVivo's
//     example: of 1000 characters, 50 coded by both, 150 by one of them and
//     800 by neither give (800 + 50) / 1000 = 85%.
//   - kappa = (TA - ΣEF) / (TU - ΣEF), where TU = N is the total of units,
//     TA the units of agreement and ΣEF the expected frequency of agreement
//     by chance, a·b/N + (N-a)·(N-b)/N. This is Cohen's
//     (po - pe) / (1 - pe).
//
// "If the users are in complete agreement then the Kappa coefficient (K) =
// 1" (NVivo's help). That is also
// the value here when the chance agreement is 1, which happens exactly when
// neither coder coded the source at the code, or both coded all of it
// (kappa would be 0/0). When only one of them coded, kappa is 0.
//
// NVivo's query gives no figure for a code over several sources; its help
// answers "How can I calculate an average Kappa coefficient or percentage
// agreement across multiple sources or nodes?" by averaging the figures of
// the sources outside NVivo, weighting each by the size of its source when
// sizes differ. [CodeSummary] gives that mean: each source weighs its number
// of characters (for sources of one size it is the plain mean).
//
// The sources compared are the text sources that at least one of the two
// coders coded (at any code); a code neither coded in such a source gives a
// row with 100% agreement and kappa 1, as in NVivo.
//
// # Krippendorff's alpha (two or more coders)
//
// Krippendorff's alpha for unitized data (u-alpha), which compares the
// segments coders mark, is not what is computed. Alpha here is the nominal
// alpha of K. Krippendorff, "Computing Krippendorff's Alpha-Reliability"
// (2011, https://repository.upenn.edu/asc_papers/43), applied to the
// characters as units and to one value per coder and character: 1 when the
// coder coded the character at the code, 0 when not. It is computed per code,
// over the characters of every source compared. With the coincidences
// o(0,1) of the values of different coders on a unit, each pair weighing
// 1/(m-1) for a unit with m values, n0 and n1 the numbers of pairable values
// 0 and 1 and n = n0 + n1:
//
//	alpha = 1 - (n - 1) · o(0,1) / (n0 · n1)
//
// It approximates u-alpha by cutting the text into units of one character,
// so that where the segments of two coders begin and end counts only
// through the characters they cover; for two coders and no missing values it
// approaches Scott's pi as the number of units grows, and so lies close to
// kappa. A coder who coded nothing at
// all in a source (at no code) is taken not to have read it: the coder's
// values there are missing, which alpha allows, and units with fewer than two
// values are not counted. (Kappa, following NVivo, counts such a coder as
// having coded nothing.) When every pairable value is the same, alpha is
// undefined (0/0) and [CodeSummary.Alpha] is nil.
package agreement
