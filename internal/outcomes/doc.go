// Package outcomes reads national outcome data (the Adult Social Care
// Outcomes Framework and the adult social care surveys) as published, and
// benchmarks a council against England, its region, councils of its type and
// every other council. It is pure: no database, no HTTP.
//
// A [Reader] streams a CSV row by row through a [Layout], the small mapping
// from a publication's columns and wording to ours: ASCOF's long format
// ([ASCOF]) and the Adult Social Care Survey's ([ASCS]) are two such
// mappings, and another layout is another value, not new code. Every row that
// is wrong (a missing column, a measure the mapping does not know, a value
// that is not a number, a suppressed cell such as [c] or x, an ONS code that
// matches no council, the same figure twice) is a [Problem] with its line;
// the caller imports nothing unless there are none, so a file is never half
// imported. Bounds: [MaxRows] rows, [MaxFieldBytes] a field, the first
// [MaxProblems] problems listed (all counted).
package outcomes
