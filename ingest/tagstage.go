package ingest

import (
	"context"
	"errors"
	"fmt"
	"slices"

	"github.com/evidenceportal/portal/ingest/extract"
	"github.com/evidenceportal/portal/internal/document"
	"github.com/evidenceportal/portal/internal/store"
	"github.com/evidenceportal/portal/internal/tagger"
	"github.com/riverqueue/river"
)

// TagJob stores the tagger's suggestions for a document's pages.
type TagJob struct {
	DocumentID string `json:"document_id"`
}

// Kind names the job in River's table.
func (TagJob) Kind() string { return "ingest_tag" }

// InsertOpts: a document is tagged again after each retrain.
func (TagJob) InsertOpts() river.InsertOpts { return noRepeatCheck() }

// pageFloor is the least confidence a page's suggestion needs to be kept:
// below it a page says nothing worth showing, and 30,000 documents of 20
// pages would otherwise keep millions of rows of noise. The document's own
// suggestions (page 0) are all kept.
const pageFloor = 0.2

type tagWorker struct {
	river.WorkerDefaults[TagJob]
	p *Pipeline
}

// Work tags every page with the active model, stores the suggestions and
// hands the document to the index owner, in one transaction. A retry after
// a crash finds the document moved on and does nothing.
func (w *tagWorker) Work(ctx context.Context, job *river.Job[TagJob]) error {
	p, id := w.p, job.Args.DocumentID
	d, err := p.store.DocumentForWork(ctx, id)
	if errors.Is(err, store.ErrNotFound) {
		return river.JobCancel(fmt.Errorf("tag %s: document gone", id))
	}
	if err != nil {
		return err
	}
	if d.Status != document.Tagging {
		return nil
	}
	err = w.tag(ctx, d)
	if err != nil && lastTry(job.Attempt, job.MaxAttempts) {
		p.fail(ctx, id, []document.Status{document.Tagging}, err)
		return river.JobCancel(err)
	}
	return err
}

func (w *tagWorker) tag(ctx context.Context, d store.Document) error {
	p := w.p
	m, err := p.models.Active(ctx)
	if err != nil {
		return err
	}
	text, err := ReadText(ctx, p.blob, d.ID)
	if err != nil {
		return err
	}
	sugs := Suggest(m, p.guesser, text.Pages)
	err = p.store.SaveSuggestions(ctx, d.ID, sugs, store.Transition{ID: d.ID, From: []document.Status{document.Tagging},
		To: document.Indexing, Reason: d.StatusReason, Jobs: []store.Job{IndexJob{DocumentID: d.ID}}})
	if errors.Is(err, store.ErrNotMoved) {
		return nil
	}
	if err == nil {
		p.log.Info("document status", "doc_id", d.ID, "status", document.Indexing, "model", m.Version())
	}
	return err
}

// Suggest scores each page against every quality statement (the model) and
// evidence category (the guesser's cue phrases), keeping a page's
// suggestions from pageFloor, and scores the document (page 0) by its best
// page for each label, with the passages of its best pages.
func Suggest(m *tagger.Model, g *tagger.Guesser, pages []extract.Page) []store.TagSuggestion {
	var out []store.TagSuggestion
	type pageScore struct {
		page     int
		conf     float64
		passages []store.TagPassage
	}
	byLabel := map[[2]string][]pageScore{}
	var labels [][2]string
	add := func(page int, kind, label string, conf float64, ps []tagger.Passage) {
		key := [2]string{kind, label}
		if _, ok := byLabel[key]; !ok {
			labels = append(labels, key)
			byLabel[key] = nil
		}
		var passages []store.TagPassage
		for _, pp := range ps {
			passages = append(passages, store.TagPassage{Page: page, Start: pp.Start, End: pp.End, Text: pp.Text})
		}
		byLabel[key] = append(byLabel[key], pageScore{page, conf, passages})
		if conf >= pageFloor {
			out = append(out, store.TagSuggestion{Page: page, Kind: kind, Label: label, Confidence: conf,
				Passages: passages, ModelVersion: m.Version()})
		}
	}
	// Every label gets a document suggestion, at zero if no page has it.
	for _, slug := range m.Classes() {
		labels = append(labels, [2]string{store.TagQS, slug})
		byLabel[[2]string{store.TagQS, slug}] = nil
	}
	if g != nil {
		for _, c := range g.Categories("") {
			labels = append(labels, [2]string{store.TagCategory, c.Label})
			byLabel[[2]string{store.TagCategory, c.Label}] = nil
		}
	}
	for _, pg := range pages {
		r := m.Tag(pg.Text)
		for _, sc := range r.Scores {
			add(pg.Number, store.TagQS, sc.QS, sc.Confidence, sc.Passages)
		}
		if g != nil {
			cats := g.Categories(pg.Text)
			cues := make([][]string, len(cats))
			for i, c := range cats {
				if c.Confidence >= pageFloor { // passages below it are never kept
					cues[i] = c.Cues
				}
			}
			passages := tagger.CuePassagesEach(pg.Text, cues)
			for i, c := range cats {
				add(pg.Number, store.TagCategory, c.Label, c.Confidence, passages[i])
			}
		}
	}
	for _, key := range labels {
		scores := byLabel[key]
		slices.SortStableFunc(scores, func(a, b pageScore) int {
			switch {
			case a.conf > b.conf:
				return -1
			case a.conf < b.conf:
				return 1
			}
			return a.page - b.page
		})
		doc := store.TagSuggestion{Page: 0, Kind: key[0], Label: key[1], ModelVersion: m.Version()}
		if len(scores) > 0 {
			doc.Confidence = scores[0].conf
		}
		// The strongest passage of each of the best pages.
		for _, ps := range scores {
			if len(doc.Passages) == tagger.MaxPassages || ps.conf < pageFloor {
				break
			}
			if len(ps.passages) > 0 {
				doc.Passages = append(doc.Passages, ps.passages[0])
			}
		}
		out = append(out, doc)
	}
	return out
}
