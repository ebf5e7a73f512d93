package ingest

import (
	"context"
	"errors"
	"fmt"
	"slices"

	"github.com/evidenceportal/portal/internal/authz"
	"github.com/evidenceportal/portal/internal/document"
	"github.com/evidenceportal/portal/internal/store"
	"github.com/riverqueue/river"
)

// indexQueue is worked only by the process that owns the index directory.
const indexQueue = "index"

// IndexJob puts a document's pages into the search index.
type IndexJob struct {
	DocumentID string `json:"document_id"`
}

// Kind names the job in River's table.
func (IndexJob) Kind() string { return "ingest_index" }

// InsertOpts puts the job on the index owner's queue.
func (IndexJob) InsertOpts() river.InsertOpts {
	o := noRepeatCheck()
	o.Queue = indexQueue
	return o
}

// SuggestAt is the confidence from which the tagger's guess is shown as a
// suggestion (of a quality statement or an evidence category), on pages, in
// the index and in coverage alike.
const SuggestAt = 0.5

type indexWorker struct {
	river.WorkerDefaults[IndexJob]
	p *Pipeline
}

// Work indexes every page of a document with its tags from PostgreSQL, then
// the document is ready. Indexing again replaces the pages, so a retry after
// a crash does no harm.
func (w *indexWorker) Work(ctx context.Context, job *river.Job[IndexJob]) error {
	p, id := w.p, job.Args.DocumentID
	d, err := p.store.DocumentForWork(ctx, id)
	if errors.Is(err, store.ErrNotFound) {
		return river.JobCancel(fmt.Errorf("index %s: document gone", id))
	}
	if err != nil {
		return err
	}
	if d.Status != document.Indexing {
		return nil
	}
	err = w.index(ctx, d)
	if err != nil && lastTry(job.Attempt, job.MaxAttempts) {
		// Pages go in by batches: a failed document leaves none behind
		// (a try that failed before this one removed its own at start).
		if derr := p.index.DeleteDocument(context.WithoutCancel(ctx), id); derr != nil {
			p.log.Error("remove pages of failed document", "doc_id", id, "error", derr)
		}
		p.fail(ctx, id, []document.Status{document.Indexing}, err)
		return river.JobCancel(err)
	}
	return err
}

func (w *indexWorker) index(ctx context.Context, d store.Document) error {
	p := w.p
	text, err := ReadText(ctx, p.blob, d.ID)
	if err != nil {
		return err
	}
	tags, err := p.store.DocumentTags(ctx, authz.AllLAs(), d.ID)
	if err != nil {
		return err
	}
	pages := indexPages(d, text, tags)
	if err := p.index.DeleteDocument(ctx, d.ID); err != nil {
		return err
	}
	if err := p.index.Put(ctx, pages); err != nil {
		return err
	}
	// Search shows the current version of a document only.
	var jobs []store.Job
	if d.Replaces != "" {
		jobs = append(jobs, UnindexJob{DocumentID: d.Replaces})
	}
	_, err = p.move(ctx, store.Transition{ID: d.ID, From: []document.Status{document.Indexing}, To: document.Ready, Reason: d.StatusReason, Jobs: jobs})
	return err
}

// pageTags are a page's tags of a kind for the index: confirmed are the
// document's tags an inspector confirmed; suggested are the council's hints
// and the tagger's suggestions for this page from SuggestAt, leaving out
// what an inspector decided either way.
func pageTags(tags store.DocumentTags, kind string, page int) (confirmed, suggested []string) {
	st := tags.State(kind, SuggestAt)
	confirmed = st.Confirmed
	decided := append(slices.Clone(st.Confirmed), st.Rejected...)
	for _, h := range st.Hints {
		if !slices.Contains(decided, h) {
			suggested = append(suggested, h)
		}
	}
	for _, sg := range tags.Suggestions {
		if sg.Page == page && sg.Kind == kind && sg.Confidence >= SuggestAt &&
			!slices.Contains(decided, sg.Label) && !slices.Contains(suggested, sg.Label) {
			suggested = append(suggested, sg.Label)
		}
	}
	return confirmed, suggested
}
