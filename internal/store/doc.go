// Package store is the portal's PostgreSQL: embedded migrations and the
// queries of every table. Queries that touch council data take an
// authz.Scope, so the database itself only ever returns rows the caller may see.
package store
