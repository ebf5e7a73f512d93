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
	sg := newSuggester(m, p.guesser, d.Type)
	if _, err := EachPage(ctx, p.blob, d.ID, func(pg extract.Page) error { sg.page(pg); return nil }); err != nil {
		return err
	}
	sugs := sg.result()
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
// evidence category (the model's learnt categories, given the document's
// type from the upload form; the guesser's cue phrases for a model stored
// without them), keeping a page's suggestions from pageFloor, and scores
// the document (page 0) by its best page for each label, with the passages
// of its best pages.
func Suggest(m *tagger.Model, g *tagger.Guesser, pages []extract.Page, docType string) []store.TagSuggestion {
	s := newSuggester(m, g, docType)
	for _, pg := range pages {
		s.page(pg)
	}
	return s.result()
}

// suggester is Suggest a page at a time, for the tag stage that reads a
// document's text page by page. Besides the pages' suggestions it keeps, per
// label, only the best confidence and the few best pages with passages
// that the document's suggestion shows, not a score for every page.
type suggester struct {
	m       *tagger.Model
	cats    *tagger.CategoryModel // nil: the guesser's cue phrases
	g       *tagger.Guesser
	docType string
	out     []store.TagSuggestion
	labels  [][2]string
	best    map[[2]string]*labelBest
}

type pageScore struct {
	page     int
	conf     float64
	passages []store.TagPassage
}

// labelBest is what the document's suggestion of a label needs.
type labelBest struct {
	conf float64
	seen bool
	top  []pageScore // up to tagger.MaxPassages, from pageFloor, with passages, best first
}

// better orders page scores as the document's passages are chosen: higher
// confidence first, then the earlier page.
func better(a, b pageScore) bool { return a.conf > b.conf || (a.conf == b.conf && a.page < b.page) }

func newSuggester(m *tagger.Model, g *tagger.Guesser, docType string) *suggester {
	s := &suggester{m: m, cats: m.Categories(), g: g, docType: docType, best: map[[2]string]*labelBest{}}
	// Every label gets a document suggestion, at zero if no page has it.
	for _, slug := range m.Classes() {
		s.label([2]string{store.TagQS, slug})
	}
	if s.cats != nil {
		for _, c := range tagger.Categories() {
			s.label([2]string{store.TagCategory, c})
		}
	} else if g != nil {
		for _, c := range g.Categories("") {
			s.label([2]string{store.TagCategory, c.Label})
		}
	}
	return s
}

func (s *suggester) label(key [2]string) *labelBest {
	b, ok := s.best[key]
	if !ok {
		b = &labelBest{}
		s.best[key] = b
		s.labels = append(s.labels, key)
	}
	return b
}

func (s *suggester) add(page int, kind, label string, conf float64, ps []tagger.Passage) {
	var passages []store.TagPassage
	for _, pp := range ps {
		passages = append(passages, store.TagPassage{Page: page, Start: pp.Start, End: pp.End, Text: pp.Text})
	}
	b := s.label([2]string{kind, label})
	sc := pageScore{page, conf, passages}
	if !b.seen || conf > b.conf {
		b.conf, b.seen = conf, true
	}
	if conf >= pageFloor {
		s.out = append(s.out, store.TagSuggestion{Page: page, Kind: kind, Label: label, Confidence: conf,
			Passages: passages, ModelVersion: s.m.Version()})
		if len(passages) > 0 {
			i := slices.IndexFunc(b.top, func(t pageScore) bool { return better(sc, t) })
			if i < 0 {
				i = len(b.top)
			}
			if i < tagger.MaxPassages {
				b.top = slices.Insert(b.top, i, sc)
				if len(b.top) > tagger.MaxPassages {
					b.top = b.top[:tagger.MaxPassages]
				}
			}
		}
	}
}

func (s *suggester) page(pg extract.Page) {
	r, cats, learnt := tagger.TagPage(s.m, pg.Text, s.docType)
	for _, sc := range r.Scores {
		s.add(pg.Number, store.TagQS, sc.QS, sc.Confidence, sc.Passages)
	}
	if learnt {
		for _, sc := range cats.Scores { // sc.QS is the category
			s.add(pg.Number, store.TagCategory, sc.QS, sc.Confidence, sc.Passages)
		}
	} else if s.g != nil {
		cats := s.g.Categories(pg.Text)
		cues := make([][]string, len(cats))
		for i, c := range cats {
			if c.Confidence >= pageFloor { // passages below it are never kept
				cues[i] = c.Cues
			}
		}
		passages := tagger.CuePassagesEach(pg.Text, cues)
		for i, c := range cats {
			s.add(pg.Number, store.TagCategory, c.Label, c.Confidence, passages[i])
		}
	}
}

// result is the pages' suggestions, then the document's for every label:
// its best page's confidence and the strongest passage of each of its best
// pages.
func (s *suggester) result() []store.TagSuggestion {
	out := s.out
	for _, key := range s.labels {
		b := s.best[key]
		doc := store.TagSuggestion{Page: 0, Kind: key[0], Label: key[1], Confidence: b.conf, ModelVersion: s.m.Version()}
		for _, ps := range b.top {
			doc.Passages = append(doc.Passages, ps.passages[0])
		}
		out = append(out, doc)
	}
	return out
}
