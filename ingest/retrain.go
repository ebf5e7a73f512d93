package ingest

import (
	"context"
	"fmt"
	"strconv"

	"github.com/evidenceportal/portal/internal/blob"
	"github.com/evidenceportal/portal/internal/document"
	"github.com/evidenceportal/portal/internal/store"
	"github.com/evidenceportal/portal/internal/tagger"
	"github.com/riverqueue/river"
)

// RetrainJob trains a new tagger model on the repository's labelled
// paragraphs, the inspectors' decisions and the councils' hints, stores it as the active model
// (the previous one is kept for rollback) and, when it differs, re-tags
// every document.
type RetrainJob struct {
	// By is who asked: an admin's email, or "schedule".
	By string `json:"by"`
}

// Kind names the job in River's table.
func (RetrainJob) Kind() string { return "tag_retrain" }

// InsertOpts: one retrain pending at a time is enough.
func (RetrainJob) InsertOpts() river.InsertOpts {
	return river.InsertOpts{Queue: queue, MaxAttempts: 3, UniqueOpts: uniquePending()}
}

// RetagAllJob sends every ready document back through the tag stage after
// the active model changed.
type RetagAllJob struct {
	Version string `json:"version"`
}

// Kind names the job in River's table.
func (RetagAllJob) Kind() string { return "tag_retag_all" }

// InsertOpts: see RetrainJob.
func (RetagAllJob) InsertOpts() river.InsertOpts {
	return river.InsertOpts{Queue: queue, MaxAttempts: maxAttempts, UniqueOpts: uniquePending()}
}

type retrainWorker struct {
	river.WorkerDefaults[RetrainJob]
	p *Pipeline
}

// Work trains, measures and stores. Training is deterministic, so a retry
// stores the same version again, which is harmless.
func (w *retrainWorker) Work(ctx context.Context, job *river.Job[RetrainJob]) error {
	_, err := Retrain(ctx, w.p.store, w.p.blob, w.p.models, job.Args.By)
	return err
}

// Retrain trains a model on TrainingExamples, with evidence categories
// learnt from CategoryTrainingExamples, measures it by council
// (tagger.CouncilCrossValidate: no model is measured on a council it
// learnt from), makes it the active model and queues the re-tagging
// when its version is new. It returns the stored model.
func Retrain(ctx context.Context, st *store.Store, bl *blob.Store, ms *Models, by string) (store.TagModel, error) {
	ex, src, err := TrainingExamples(ctx, st, bl, ms.cat)
	if err != nil {
		return store.TagModel{}, err
	}
	opts := tagger.DefaultOptions()
	m, err := tagger.Train(ms.cat, ex, opts)
	if err != nil {
		return store.TagModel{}, fmt.Errorf("retrain tagger: %w", err)
	}
	catEx, catDecisions, err := CategoryTrainingExamples(ctx, st)
	if err != nil {
		return store.TagModel{}, err
	}
	src.Categories = catDecisions
	if m, err = tagger.WithLearntCategories(m, catEx); err != nil {
		return store.TagModel{}, fmt.Errorf("retrain tagger categories: %w", err)
	}
	g, err := tagger.CouncilCrossValidate(ms.cat, ex, opts)
	if err != nil {
		return store.TagModel{}, fmt.Errorf("retrain tagger: %w", err)
	}
	note := fmt.Sprintf("Retrained (%s) on %d repository paragraphs, %d inspector decisions and %d council hints",
		by, src.Repository, src.Decisions(), src.Hints)
	tm, err := storedModel(m, g, src, note)
	metrics := g.Metrics
	if err != nil {
		return store.TagModel{}, err
	}
	var jobs []store.Job
	if old, err := st.ActiveTagModelVersion(ctx); err != nil || old != m.Version() {
		jobs = append(jobs, RetagAllJob{Version: m.Version()})
	}
	a := store.AuditEntry{ActorEmail: "system", Action: "tag_model_trained", ObjectType: "tag_model", ObjectID: m.Version(),
		Detail: map[string]string{"by": by, "examples": strconv.Itoa(len(ex)), "decisions": strconv.Itoa(src.Decisions()),
			"confirmed": strconv.Itoa(src.Confirmed), "rejected": strconv.Itoa(src.Rejected), "hints": strconv.Itoa(src.Hints), "category_decisions": strconv.Itoa(src.Categories),
			"macro_f1": fmt.Sprintf("%.3f", metrics.MacroF1), "top2": fmt.Sprintf("%.3f", metrics.Top2)}}
	if err := st.ActivateTagModel(ctx, tm, a, jobs...); err != nil {
		return store.TagModel{}, err
	}
	return tm, nil
}

type retagAllWorker struct {
	river.WorkerDefaults[RetagAllJob]
	p *Pipeline
}

// Work moves every ready document to the tag stage. Moves are conditional,
// so a retry moves only what is left.
func (w *retagAllWorker) Work(ctx context.Context, job *river.Job[RetagAllJob]) error {
	_, err := Retag(ctx, w.p.store)
	return err
}

// Retag sends every ready document back through tagging (and so indexing),
// returning how many it moved.
func Retag(ctx context.Context, st *store.Store) (int, error) {
	ids, err := st.DocumentIDs(ctx, document.Ready)
	if err != nil {
		return 0, err
	}
	n := 0
	for _, id := range ids {
		d, err := st.DocumentForWork(ctx, id)
		if err != nil {
			return n, err
		}
		// The reason (such as pages needing OCR) still holds: keep it.
		moved, err := st.MoveDocument(ctx, store.Transition{ID: id, From: []document.Status{document.Ready}, To: document.Tagging,
			Reason: d.StatusReason, Jobs: []store.Job{TagJob{DocumentID: id}}})
		if err != nil {
			return n, err
		}
		if moved {
			n++
		}
	}
	return n, nil
}

// RetagStatuses are the statuses of documents a re-tag covers, for its
// progress.
var RetagStatuses = []document.Status{document.Ready, document.Tagging, document.Indexing}
