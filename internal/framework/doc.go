// Package framework is the CQC local authority assessment framework as data:
// the four themes, the nine quality statements with their we and I statements
// and topic vocabulary, the six evidence categories, the score meanings, the
// evidence sources and the framework versions with their rating bands. It also
// holds the pure scoring rules on top of that data: a quality statement score
// from evidence category scores (2023 interim guidance), the overall rating
// from quality statement scores with where it sits in its band, and the
// section 50 flag. Beside the framework it keeps the default information
// return (data/la-return-*.json, [Catalogue.LoadReturnTemplate]): the items
// CQC asks a council for, each saying where its text comes from, checked
// against the catalogue's statements and categories.
// The outcome measure mapping (data/outcomes/, see [MeasureSet]) says which
// national outcome measure (ASCOF, the surveys) evidences which quality
// statement, with its current id and old aliases and where each mapping comes
// from; it is loaded and checked with the rest.
//
// The data is embedded JSON parsed by [Load]; nothing is parsed at init and
// nothing here does I/O. Two versions exist: "interim-2023", where inspectors
// score each evidence category of a quality statement, and "qs-only-2024",
// where they score each quality statement directly. Which categories a version
// uses, its bands and its position margin are data, not code.
//
// Percentages are sum / (4 × number scored) × 100 made a whole number by the
// version's rounding rule, and banding always uses that whole number: the
// published bands are whole-number ranges (38 then 39), and banding the value
// that is shown means the shown percentage and the rating can never
// disagree. Both versions round up, as CQC's published reports do (22/36 =
// 61.1% published as 62, 21/36 = 58.3% as 59, 32/36 = 88.9% as 89), for
// quality statement percentages under the interim version too: CQC says
// nothing else about them. So 38.9% is 39 (Requires improvement) and 62.5%
// is 63 (Good, or a quality statement score of 3).
package framework
