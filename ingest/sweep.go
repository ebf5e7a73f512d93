package ingest

import (
	"context"
	"fmt"
	"log/slog"
	"strings"
	"time"

	"github.com/evidenceportal/portal/internal/blob"
	"github.com/evidenceportal/portal/internal/document"
	"github.com/evidenceportal/portal/internal/store"
)

// sweepAfter is how old leftovers must be before the sweeper removes them:
// far longer than any upload of an allowed size takes to stream.
const sweepAfter = 6 * time.Hour

// Sweep removes what a crash can leave behind: multipart uploads never
// finished (resumable ones after resumableExpiry), quarantined files whose
// document row was never written, and tusd's objects of resumable uploads
// not finished within resumableExpiry (counted as aborted).
// It is safe to run in several processes at once.
func Sweep(ctx context.Context, st *store.Store, bl *blob.Store, now time.Time) (aborted, removed int, err error) {
	before := now.Add(-sweepAfter)
	// Resumable uploads stream into quarantine too, as S3 multipart
	// uploads that may take up to resumableExpiry.
	if aborted, err = bl.AbortIncomplete(ctx, blob.QuarantinePrefix, now.Add(-resumableExpiry)); err != nil {
		return aborted, 0, err
	}
	if removed, err = sweepResumable(ctx, bl, now.Add(-resumableExpiry)); err != nil {
		return aborted, removed, err
	}
	aborted += removed
	removed = 0
	objs, err := bl.List(ctx, blob.QuarantinePrefix, before)
	if err != nil {
		return aborted, 0, err
	}
	ids := make([]string, 0, len(objs))
	for _, o := range objs {
		ids = append(ids, strings.TrimPrefix(o.Key, blob.QuarantinePrefix))
	}
	known, err := st.ExistingDocuments(ctx, ids)
	if err != nil {
		return aborted, 0, err
	}
	for _, id := range ids {
		if known[id] {
			continue // still waiting for its scan
		}
		if err := bl.Remove(ctx, blob.QuarantineKey(id)); err != nil {
			return aborted, removed, fmt.Errorf("sweep %s: %w", id, err)
		}
		removed++
	}
	return aborted, removed, nil
}

// resumableExpiry is how long a resumable upload may take from its start:
// after that the sweeper removes what it had sent.
const resumableExpiry = 24 * time.Hour

// sweepResumable removes tusd's objects (.info, .part) of resumable
// uploads begun before the time given; Sweep aborts their multipart upload.
func sweepResumable(ctx context.Context, bl *blob.Store, before time.Time) (int, error) {
	n := 0
	objs, err := bl.List(ctx, blob.ResumablePrefix, before)
	if err != nil {
		return n, err
	}
	for _, o := range objs {
		if err := bl.Remove(ctx, o.Key); err != nil {
			return n, fmt.Errorf("sweep %s: %w", o.Key, err)
		}
		if strings.HasSuffix(o.Key, ".info") {
			n++
		}
	}
	return n, nil
}

// SweepEvery runs Sweep every interval until ctx ends, logging what it did.
func SweepEvery(ctx context.Context, st *store.Store, bl *blob.Store, log *slog.Logger, interval time.Duration) {
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case now := <-t.C:
			aborted, removed, err := Sweep(ctx, st, bl, now)
			if err != nil && ctx.Err() == nil {
				log.Error("sweep failed", "error", err)
			}
			if aborted+removed > 0 {
				log.Info("swept leftovers", "aborted_uploads", aborted, "removed_objects", removed)
			}
		}
	}
}

// Retry starts a failed document again from the scan, for an admin.
func Retry(ctx context.Context, st *store.Store, id string, audit store.AuditEntry) (bool, error) {
	moved, err := st.MoveDocument(ctx, store.Transition{ID: id, From: []document.Status{document.Failed}, To: document.Received,
		Jobs: []store.Job{ScanJob{DocumentID: id}}})
	if err != nil || !moved {
		return moved, err
	}
	return true, st.Audit(ctx, audit)
}
