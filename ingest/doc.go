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
//	received → scanning → extracting → tagging → indexing → ready
//	ready → tagging               (re-tag after the active model changed)
//	ready → indexing              (re-index after a tag decision or a new mapping)
//	scanning → waiting_for_scan   (clamd unreachable: retried, never "clean")
//	scanning → rejected           (virus: file moved to infected/, never served)
//	extracting → rejected         (password protected, or no text could be read)
//	any stage → failed            (after its last try; an admin can retry)
//
// The tag stage (tagstage.go) scores every page with the active tagger
// model, stored in PostgreSQL (models.go: the shipped model is stored as the
// first one), and evidence categories by cue phrases; it stores the
// suggestions of each page and of the whole document, with their passages
// and model version, and moves the document to indexing in the same
// transaction. RetrainJob (retrain.go, daily and on an admin's demand)
// trains on the repository's paragraphs and the inspectors' decisions,
// stores the model as the active one and, when it is new, RetagAllJob sends
// every ready document back through tagging; progress is the share of
// documents whose suggestions name the active model.
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
