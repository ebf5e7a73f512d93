package ingest

import "fmt"

// Status is where a document is in its life. The happy path runs
// received → scanning → extracting → tagging → indexing → ready; a document
// ends rejected (nothing more can be done with the file) or failed (the
// portal could not finish it after its retries; an admin can retry).
type Status string

// The statuses, in pipeline order.
const (
	StatusReceived       Status = "received"
	StatusWaitingForScan Status = "waiting_for_scan"
	StatusScanning       Status = "scanning"
	StatusExtracting     Status = "extracting"
	StatusTagging        Status = "tagging"
	StatusIndexing       Status = "indexing"
	StatusReady          Status = "ready"
	StatusRejected       Status = "rejected"
	StatusFailed         Status = "failed"
	StatusWithdrawn      Status = "withdrawn"
)

// next lists where each status may go. A stage retried after a crash finds
// the document already in its own status, so staying put is always allowed.
var next = map[Status][]Status{
	StatusReceived:       {StatusScanning, StatusWaitingForScan, StatusFailed, StatusWithdrawn},
	StatusWaitingForScan: {StatusScanning, StatusFailed, StatusWithdrawn},
	StatusScanning:       {StatusExtracting, StatusWaitingForScan, StatusRejected, StatusFailed, StatusWithdrawn},
	StatusExtracting:     {StatusTagging, StatusIndexing, StatusRejected, StatusFailed, StatusWithdrawn},
	StatusTagging:        {StatusIndexing, StatusFailed, StatusWithdrawn},
	StatusIndexing:       {StatusReady, StatusFailed, StatusWithdrawn},
	StatusReady:          {StatusTagging, StatusIndexing, StatusWithdrawn},
	StatusFailed:         {StatusReceived, StatusWithdrawn},
	StatusRejected:       {StatusWithdrawn},
	StatusWithdrawn:      {},
}

// Valid reports whether s is a known status.
func (s Status) Valid() bool {
	_, ok := next[s]
	return ok
}

// Final reports whether nothing more will happen to the document without a
// person acting.
func (s Status) Final() bool {
	return s == StatusReady || s == StatusRejected || s == StatusFailed || s == StatusWithdrawn
}

// CanMove reports whether a document may go from s to to. Re-tagging and
// re-indexing a ready document (after a retrain or a new index mapping) are
// moves back; an admin's retry of a failed one starts again at received.
func (s Status) CanMove(to Status) bool {
	if s == to {
		return s.Valid()
	}
	for _, n := range next[s] {
		if n == to {
			return true
		}
	}
	return false
}

// Move returns an error naming both statuses when the move is not allowed.
func (s Status) Move(to Status) error {
	if !s.CanMove(to) {
		return fmt.Errorf("document cannot go from %s to %s", s, to)
	}
	return nil
}

// Label is the status as the uploader reads it, in GOV.UK tag wording.
func (s Status) Label() string {
	switch s {
	case StatusReceived:
		return "Received"
	case StatusWaitingForScan:
		return "Waiting for virus scan"
	case StatusScanning:
		return "Checking for viruses"
	case StatusExtracting:
		return "Reading the text"
	case StatusTagging:
		return "Finding quality statements"
	case StatusIndexing:
		return "Adding to search"
	case StatusReady:
		return "Ready"
	case StatusRejected:
		return "Rejected"
	case StatusFailed:
		return "Failed"
	case StatusWithdrawn:
		return "Withdrawn"
	}
	return "Unknown"
}
