package ingest

import (
	"context"
	"errors"
	"fmt"
	"io"
	"slices"

	"github.com/evidenceportal/portal/ingest/sniff"
	"github.com/evidenceportal/portal/internal/blob"
	"github.com/evidenceportal/portal/internal/document"
	"github.com/evidenceportal/portal/internal/store"
	"github.com/riverqueue/river"
)

type scanWorker struct {
	river.WorkerDefaults[ScanJob]
	p *Pipeline
}

// scanFrom are the statuses a scan may start (or resume) from.
var scanFrom = []document.Status{document.Received, document.WaitingForScan, document.Scanning}

// Work scans the quarantined file. Clean files move to files/ and on to
// extraction; infected ones to infected/, out of reach, and the document is
// rejected. A scanner that cannot be reached leaves the document "waiting
// for virus scan" and the job is retried: never is a file passed unscanned.
func (w *scanWorker) Work(ctx context.Context, job *river.Job[ScanJob]) error {
	p, id := w.p, job.Args.DocumentID
	d, err := p.store.DocumentForWork(ctx, id)
	if errors.Is(err, store.ErrNotFound) {
		return river.JobCancel(fmt.Errorf("scan %s: document gone", id))
	}
	if err != nil {
		return err
	}
	if !inStatus(d.Status, scanFrom) {
		return nil // scanned already: this is a repeat after a crash
	}
	if _, err := p.move(ctx, store.Transition{ID: id, From: []document.Status{document.Received, document.WaitingForScan}, To: document.Scanning}); err != nil {
		return err
	}
	err = w.scan(ctx, d)
	if err != nil && lastTry(job.Attempt, job.MaxAttempts) {
		p.fail(ctx, id, scanFrom, err)
		return river.JobCancel(err)
	}
	return err
}

func (w *scanWorker) scan(ctx context.Context, d store.Document) error {
	p, id := w.p, d.ID
	r, err := p.blob.Open(ctx, blob.QuarantineKey(id))
	if errors.Is(err, blob.ErrNotFound) {
		// A try before this one moved the file and stopped before saying so.
		if _, serr := p.blob.Stat(ctx, blob.FileKey(id)); serr == nil {
			return w.clean(ctx, d)
		}
		if _, serr := p.blob.Stat(ctx, blob.InfectedKey(id)); serr == nil {
			return w.infected(ctx, d, "")
		}
		return fmt.Errorf("scan %s: the uploaded file is missing", id)
	}
	if err != nil {
		return err
	}
	// The scanner reads the whole file, so active content is looked for
	// on the way, at no extra read.
	var active sniff.ActiveScanner
	res, err := p.clamd.Scan(ctx, io.TeeReader(r, &active))
	r.Close()
	if errors.Is(err, ErrScannerUnavailable) {
		if _, merr := p.move(ctx, store.Transition{ID: id, From: []document.Status{document.Scanning}, To: document.WaitingForScan,
			Reason: "Waiting for the virus scanner: the file will be checked as soon as it is available."}); merr != nil {
			return merr
		}
		return err
	}
	if err != nil {
		return err
	}
	if res.Infected {
		if err := p.blob.Move(ctx, blob.QuarantineKey(id), blob.InfectedKey(id)); err != nil {
			return err
		}
		return w.infected(ctx, d, res.Signature)
	}
	if what := active.Found(); what != "" {
		if err := p.blob.Move(ctx, blob.QuarantineKey(id), blob.InfectedKey(id)); err != nil {
			return err
		}
		return w.activeContent(ctx, d, what)
	}
	if err := p.blob.Move(ctx, blob.QuarantineKey(id), blob.FileKey(id)); err != nil {
		return err
	}
	return w.clean(ctx, d)
}

// activeContent rejects a file that can do more than be read (script,
// actions, attachments, another file joined to it), kept out of reach
// like an infected one.
func (w *scanWorker) activeContent(ctx context.Context, d store.Document, what string) error {
	moved, err := w.p.move(ctx, store.Transition{ID: d.ID, From: scanFrom, To: document.Rejected, Reason: MsgActiveContent(d.Filename, what)})
	if err != nil || !moved {
		return err
	}
	w.p.log.Warn("active content in upload", "doc_id", d.ID, "la", d.LA, "found", what)
	return w.p.store.Audit(ctx, store.AuditEntry{Action: "document_active_content", ObjectType: "document", ObjectID: d.ID, LA: d.LA,
		ActorEmail: "virus scanner", Outcome: store.OutcomeRefused, Detail: map[string]string{"found": what, "filename": d.Filename}})
}

func (w *scanWorker) clean(ctx context.Context, d store.Document) error {
	_, err := w.p.move(ctx, store.Transition{ID: d.ID, From: scanFrom, To: document.Extracting,
		Jobs: []store.Job{ExtractJob{DocumentID: d.ID}}})
	return err
}

func (w *scanWorker) infected(ctx context.Context, d store.Document, signature string) error {
	moved, err := w.p.move(ctx, store.Transition{ID: d.ID, From: scanFrom, To: document.Rejected, Reason: MsgVirus(d.Filename)})
	if err != nil || !moved {
		return err
	}
	w.p.log.Warn("virus found in upload", "doc_id", d.ID, "la", d.LA, "signature", signature)
	return w.p.store.Audit(ctx, store.AuditEntry{Action: "document_infected", ObjectType: "document", ObjectID: d.ID, LA: d.LA,
		ActorEmail: "virus scanner", Detail: map[string]string{"signature": signature, "filename": d.Filename}})
}

func inStatus(s document.Status, in []document.Status) bool {
	return slices.Contains(in, s)
}
