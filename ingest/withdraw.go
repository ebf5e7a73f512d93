package ingest

import (
	"context"

	"github.com/evidenceportal/portal/internal/authz"
	"github.com/evidenceportal/portal/internal/document"
	"github.com/evidenceportal/portal/internal/store"
	"github.com/riverqueue/river"
)

// UnindexJob takes a document's pages out of the search index: it was
// withdrawn, or a newer version of it is ready.
type UnindexJob struct {
	DocumentID string `json:"document_id"`
}

// Kind names the job in River's table.
func (UnindexJob) Kind() string { return "ingest_unindex" }

// InsertOpts puts the job on the queue index jobs were on.
func (UnindexJob) InsertOpts() river.InsertOpts {
	o := stageOpts()
	o.Queue = indexQueue
	return o
}

type unindexWorker struct {
	river.WorkerDefaults[UnindexJob]
	p *Pipeline
}

// Work writes the removal to the change log; every node applies it. Jobs
// of this kind are no longer enqueued (withdrawal and a new version write
// the log in their own transaction) but may wait from an earlier version.
func (w *unindexWorker) Work(ctx context.Context, job *river.Job[UnindexJob]) error {
	return w.p.store.RecordIndexChanges(ctx, store.Change{DocumentID: job.Args.DocumentID, Kind: store.ChangeRemove})
}

// withdrawableFrom is every status but withdrawn: a document is withdrawn
// whether it is still being processed (its stages then find it withdrawn
// and stop), ready, failed or rejected.
var withdrawableFrom = []document.Status{document.Received, document.WaitingForScan, document.Scanning,
	document.Extracting, document.Tagging, document.Indexing, document.Ready,
	document.Failed, document.Rejected}

// Withdraw takes a document of the council in scope out of the evidence,
// with the reason its council gave: its status becomes withdrawn, its
// pages leave the search index, and the audit log records who did it. It
// reports false when the document was already withdrawn.
func Withdraw(ctx context.Context, st *store.Store, scope authz.Scope, id, reason string, a store.AuditEntry) (bool, error) {
	a.Action, a.ObjectType, a.ObjectID = "document_withdrawn", "document", id
	if a.Detail == nil {
		a.Detail = map[string]string{}
	}
	a.Detail["reason"] = reason
	// The version this one replaced is the current one again: it goes back
	// into search in the same transaction.
	return st.WithdrawDocument(ctx, scope, store.Withdrawal{ID: id, Reason: reason, From: withdrawableFrom,
		To: document.Withdrawn, Audit: a,
		RestoreFrom: document.Ready, RestoreTo: document.Indexing,
		Restore: func(older string) []store.Job { return []store.Job{IndexJob{DocumentID: older}} }})
}
