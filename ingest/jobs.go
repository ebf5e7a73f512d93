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
	return river.InsertOpts{Queue: queue, MaxAttempts: maxAttempts, UniqueOpts: river.UniqueOpts{ByArgs: true, ByState: waitingStates}}
}

// waitingStates are the states in which a stage's job counts as already
// there: one waiting or running makes a second one pointless, but a
// completed one must not stop the stage from running again (a retry by an
// admin, a rebuilt index, a version withdrawn).
var waitingStates = []rivertype.JobState{rivertype.JobStateAvailable, rivertype.JobStatePending,
	rivertype.JobStateRetryable, rivertype.JobStateRunning, rivertype.JobStateScheduled}

// stageTimeout bounds one try of a stage: scanning a large file takes a
// while, and extraction has its own 30-second limit inside.
const stageTimeout = 10 * time.Minute
