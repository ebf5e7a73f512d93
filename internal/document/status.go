// Package document holds what a document's life is: its statuses, the only
// moves between them, and how each is named to the people who uploaded it.
// It is pure, so that the store can keep a document's status as this type
// and ingest, which drives the moves, and api, which shows them, share it.
package document

import "fmt"

// Status is where a document is in its life. The happy path runs
// received → scanning → extracting → tagging → indexing → ready; a document
// ends rejected (nothing more can be done with the file) or failed (the
// portal could not finish it after its retries; an admin can retry).
type Status string

// The statuses, in pipeline order.
const (
	Received       Status = "received"
	WaitingForScan Status = "waiting_for_scan"
	Scanning       Status = "scanning"
	Extracting     Status = "extracting"
	Tagging        Status = "tagging"
	Indexing       Status = "indexing"
	Ready          Status = "ready"
	Rejected       Status = "rejected"
	Failed         Status = "failed"
	Withdrawn      Status = "withdrawn"
)

// All lists every status in pipeline order.
func All() []Status {
	return []Status{Received, WaitingForScan, Scanning, Extracting, Tagging, Indexing, Ready, Rejected, Failed, Withdrawn}
}

// next lists where s may go. A stage retried after a crash finds the
// document already in its own status, so staying put is always allowed.
func (s Status) next() []Status {
	switch s {
	case Received:
		return []Status{Scanning, WaitingForScan, Failed, Withdrawn}
	case WaitingForScan:
		return []Status{Scanning, Failed, Withdrawn}
	case Scanning:
		return []Status{Extracting, WaitingForScan, Rejected, Failed, Withdrawn}
	case Extracting:
		return []Status{Tagging, Indexing, Rejected, Failed, Withdrawn}
	case Tagging:
		return []Status{Indexing, Failed, Withdrawn}
	case Indexing:
		return []Status{Ready, Failed, Withdrawn}
	case Ready:
		return []Status{Tagging, Indexing, Withdrawn}
	case Failed:
		return []Status{Received, Withdrawn}
	case Rejected:
		return []Status{Withdrawn}
	}
	return nil
}

// Valid reports whether s is a known status.
func (s Status) Valid() bool {
	for _, k := range All() {
		if s == k {
			return true
		}
	}
	return false
}

// Final reports whether nothing more will happen to the document without a
// person acting.
func (s Status) Final() bool {
	return s == Ready || s == Rejected || s == Failed || s == Withdrawn
}

// HasText reports whether the document's text has been read, so that its
// pages are known and it may be cited and counted as evidence (a ready
// document being tagged or indexed again keeps its text).
func (s Status) HasText() bool { return s == Tagging || s == Indexing || s == Ready }

// Downloadable reports whether the file may be handed out: scanned clean
// (so it is under files/), and neither withdrawn nor replaced by a failure.
func (s Status) Downloadable() bool { return s == Extracting || s.HasText() }

// WithText lists the statuses whose documents have their text.
func WithText() []Status { return []Status{Tagging, Indexing, Ready} }

// CanMove reports whether a document may go from s to to. Re-tagging and
// re-indexing a ready document (after a retrain or a new index mapping) are
// moves back; an admin's retry of a failed one starts again at received.
func (s Status) CanMove(to Status) bool {
	if s == to {
		return s.Valid()
	}
	for _, n := range s.next() {
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
	case Received:
		return "Received"
	case WaitingForScan:
		return "Waiting for virus scan"
	case Scanning:
		return "Checking for viruses"
	case Extracting:
		return "Reading the text"
	case Tagging:
		return "Finding quality statements"
	case Indexing:
		return "Adding to search"
	case Ready:
		return "Ready"
	case Rejected:
		return "Rejected"
	case Failed:
		return "Failed"
	case Withdrawn:
		return "Withdrawn"
	}
	return "Unknown"
}
