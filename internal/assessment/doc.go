// Package assessment holds the rules of a CQC assessment of a council, apart
// from HTTP and storage: its states and the only transitions between them,
// who may make each, what the council may see when, what an inspector may
// do now, what waits for whom (notice.go: the one thing an assessment tells
// each person first), how its scores roll up to statement scores and a rating under its
// framework version, what a save records as a change of band, and the
// factual accuracy deadline; and the information return CQC issues to the
// council (return*.go): its states and who may do what in each, due dates
// and how they read, the status of each item, what a good answer is
// (links only http or https, bounded texts and tables, cited pages within
// the document) and how complete a return is.
//
// It is pure: the numbers come from internal/framework, the roles from
// internal/authz. The api package asks it what is allowed and what follows;
// internal/store persists what it decided, running Method.Rollup inside the
// saving transaction so that a change of band is recorded exactly.
package assessment
