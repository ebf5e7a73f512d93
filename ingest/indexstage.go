package ingest

import (
	"context"
	"errors"
	"fmt"
	"slices"

	"github.com/evidenceportal/portal/internal/document"
	"github.com/evidenceportal/portal/internal/store"
	"github.com/riverqueue/river"
)

// indexQueue was worked only by the process that owned the index
// directory. Every node now applies the change log to its own index, and
// index jobs go to the stages' queue; every process still works this queue
// for jobs enqueued before.
const indexQueue = "index"

// IndexJob makes a tagged document ready and writes it to the index's
// change log, in one transaction: every node's follower then puts its
// pages into its own index (Follower).
type IndexJob struct {
	DocumentID string `json:"document_id"`
}

// Kind names the job in River's table.
func (IndexJob) Kind() string { return "ingest_index" }

// InsertOpts: any process may work it.
func (IndexJob) InsertOpts() river.InsertOpts { return noRepeatCheck() }

// SuggestAt is the confidence from which the tagger's guess is shown as a
// suggestion (of a quality statement or an evidence category), on pages, in
// the index and in coverage alike.
const SuggestAt = 0.5

type indexWorker struct {
	river.WorkerDefaults[IndexJob]
	p *Pipeline
}

// Work moves the document to ready with its change (and the removal of the
// version it replaces: search shows the current version only) in the log.
// A retry after a crash finds the document ready and does nothing.
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
		p.fail(ctx, id, []document.Status{document.Indexing}, err)
		return river.JobCancel(err)
	}
	return err
}

func (w *indexWorker) index(ctx context.Context, d store.Document) error {
	changes := []store.Change{{DocumentID: d.ID, Kind: store.ChangeIndex}}
	if d.Replaces != "" {
		changes = append(changes, store.Change{DocumentID: d.Replaces, Kind: store.ChangeRemove})
	}
	_, err := w.p.move(ctx, store.Transition{ID: d.ID, From: []document.Status{document.Indexing}, To: document.Ready,
		Reason: d.StatusReason, Changes: changes})
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
