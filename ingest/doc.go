// Package ingest is the life of an uploaded document: scan, sniff, extract,
// tag and hand over to indexing. The stages and the River jobs that run them
// come with the intake issue; so far it holds the virus scanner client that
// readiness checks and the scan stage share, and the worker loop.
package ingest
