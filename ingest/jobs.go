package ingest

import (
	"time"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/rivertype"
)

// queue is the River queue of the ingest stages.
const queue = "ingest"

// maxAttempts is how often a stage is tried before its document fails.
// With River's exponential backoff the last try comes about a day later.
const maxAttempts = 12

// ScanJob scans an uploaded file for viruses.
type ScanJob struct {
	DocumentID string `json:"document_id"`
}

// Kind names the job in River's table.
func (ScanJob) Kind() string { return "ingest_scan" }

// InsertOpts makes a document's scan unique while it is pending, so an
// enqueue repeated after a crash does not scan twice.
func (ScanJob) InsertOpts() river.InsertOpts { return stageOpts() }

// ExtractJob reads the text of a scanned file.
type ExtractJob struct {
	DocumentID string `json:"document_id"`
}

// Kind names the job in River's table.
func (ExtractJob) Kind() string { return "ingest_extract" }

// InsertOpts: see ScanJob.
func (ExtractJob) InsertOpts() river.InsertOpts { return stageOpts() }

func stageOpts() river.InsertOpts {
	return river.InsertOpts{Queue: queue, MaxAttempts: maxAttempts, UniqueOpts: uniquePending()}
}

// uniquePending makes a job unique among those not yet finished. River's
// default also counts completed jobs (kept for a day), which would silently
// drop a document's second pass through a stage. Even so a job counts as
// running until River's completer catches up, after its stage has moved the
// document on: stages a document passes through again (tag after a retrain,
// index after a decision) use noRepeatCheck instead, and rely on their
// status check alone.
func uniquePending() river.UniqueOpts {
	return river.UniqueOpts{ByArgs: true, ByState: []rivertype.JobState{rivertype.JobStateAvailable, rivertype.JobStatePending,
		rivertype.JobStateRetryable, rivertype.JobStateRunning, rivertype.JobStateScheduled}}
}

// stageTimeout bounds one try of a stage: scanning a large file takes a
// while, and extraction has its own 30-second limit inside.
const stageTimeout = 10 * time.Minute

// noRepeatCheck are the options of stages a document may pass through
// again at any time; a duplicate finds the document moved on and does
// nothing.
func noRepeatCheck() river.InsertOpts {
	return river.InsertOpts{Queue: queue, MaxAttempts: maxAttempts}
}
