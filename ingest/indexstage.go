package ingest

import (
	"context"
	"errors"
	"fmt"
	"slices"

	"github.com/evidenceportal/portal/ingest/extract"
	"github.com/evidenceportal/portal/internal/authz"
	"github.com/evidenceportal/portal/internal/document"
	"github.com/evidenceportal/portal/internal/store"
	"github.com/evidenceportal/portal/search"
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

// index reads the document's text a page at a time and writes it to the
// index in batches (search.Full), so that its memory is one batch whatever
// the document's length.
func (w *indexWorker) index(ctx context.Context, d store.Document) error {
	p := w.p
	tags, err := p.store.DocumentTags(ctx, authz.AllLAs(), d.ID)
	if err != nil {
		return err
	}
	if err := p.index.DeleteDocument(ctx, d.ID); err != nil {
		return err
	}
	pg := pageMaker{d: d, tags: tags}
	var (
		batch []search.Page
		size  int
	)
	_, err = EachPage(ctx, p.blob, d.ID, func(tp extract.Page) error {
		sp := pg.page(tp)
		batch = append(batch, sp)
		size += len(sp.Body) + len(sp.Title)
		if !search.Full(len(batch), size) {
			return nil
		}
		err := p.index.Put(ctx, batch)
		batch, size = batch[:0], 0
		return err
	})
	if err != nil {
		return err
	}
	if err := p.index.Put(ctx, batch); err != nil {
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
// what an inspector decided either way. st is tags.State(kind, SuggestAt)
// and onPage the page's suggestions, worked out once per document: a
// document of 20,000 pages has about 100,000 suggestions.
func pageTags(st store.TagState, onPage []store.TagSuggestion, kind string) (confirmed, suggested []string) {
	confirmed = st.Confirmed
	decided := append(slices.Clone(st.Confirmed), st.Rejected...)
	for _, h := range st.Hints {
		if !slices.Contains(decided, h) {
			suggested = append(suggested, h)
		}
	}
	for _, sg := range onPage {
		if sg.Kind == kind && sg.Confidence >= SuggestAt &&
			!slices.Contains(decided, sg.Label) && !slices.Contains(suggested, sg.Label) {
			suggested = append(suggested, sg.Label)
		}
	}
	return confirmed, suggested
}
