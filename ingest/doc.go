// Package ingest is the life of an uploaded document.
//
// Intake (intake.go) streams each file into the bucket's quarantine/ prefix
// while hashing and counting it; the first 8 KB decide its kind (package
// sniff). The document row (status received), its audit entry and its scan
// job are then written in one PostgreSQL transaction, so a file is either
// recorded with its work queued or not recorded at all; a failed stream
// aborts the multipart upload, a failed transaction removes the object, and
// Sweep removes what a crash left behind.
//
// The stages are River jobs in the "ingest" queue, run by Pipeline in
// `portal serve` and in any number of `portal worker` processes:
//
//	received → scanning → extracting → indexing → ready
//	(indexing also records the tagger's suggestions; a tagging stage of its
//	own comes with the tagging issue)
//	scanning → waiting_for_scan   (clamd unreachable: retried, never "clean")
//	scanning → rejected           (virus: file moved to infected/, never served)
//	extracting → rejected         (password protected, or no text could be read)
//	any stage → failed            (after its last try; an admin can retry)
//
// The index stage runs in the "index" queue, worked only by the process that
// owns the index directory (`portal serve`), so the index has one writer.
//
// Every stage is idempotent: it reads the document's status first and does
// nothing if its work is done; status moves are conditional updates that
// enqueue the next job in the same transaction; object moves can be
// repeated. River retries a failing stage with exponential backoff, up to
// 12 tries. Extraction runs in a child process (`portal extract`) with a
// time limit and, where prlimit exists, a memory limit.
package ingest
