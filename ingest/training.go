package ingest

import (
	"context"
	"errors"
	"slices"
	"strings"

	"github.com/evidenceportal/portal/internal/blob"
	"github.com/evidenceportal/portal/internal/framework"
	"github.com/evidenceportal/portal/internal/store"
	"github.com/evidenceportal/portal/internal/tagger"
)

// TrainingTextMax bounds the text one decision or hint gives training.
const TrainingTextMax = 5000

// HintWeight is what a council's hint counts for beside an inspector's
// decision (1): councils tag their own evidence hopefully, and inspectors
// judge it, so a hint teaches less and only where no inspector decided.
const HintWeight = 0.5

// TrainingSources counts a model's labelled examples by where they came
// from.
type TrainingSources struct {
	// Repository is the labelled paragraphs of CQC reports shipped with
	// the portal.
	Repository int `json:"repository"`
	// Confirmed is the statements inspectors accepted or added, Rejected
	// those they rejected (negative examples).
	Confirmed int `json:"confirmed"`
	Rejected  int `json:"rejected"`
	// Hints is the statements councils hinted, at upload or later, where
	// no inspector decided.
	Hints int `json:"hints"`
	// Categories is the inspectors' decisions on evidence categories the
	// category model learnt from (beside the repository's labelled
	// passages); not counted in Total, which is the statements' examples.
	Categories int `json:"categories,omitempty"`
}

// Decisions is the number of inspectors' decisions.
func (s TrainingSources) Decisions() int { return s.Confirmed + s.Rejected }

// Total is the number of labelled examples.
func (s TrainingSources) Total() int { return s.Repository + s.Decisions() + s.Hints }

// TrainingExamples are the labelled texts a retrain learns from, grouped by
// document (so that no word of one document alone is learnt) and marked
// with their council (so that the figures are measured by council): the repository's
// paragraphs; each inspector's latest decision on a quality statement of a
// document (its accepted or rejected passages, or the page they added it
// for), a rejection as a negative example of that statement alone; and each
// statement a council hinted for one of its documents with text, where no
// inspector decided on it, from the start of the document's text, weighing
// HintWeight. Labels the catalogue no longer has are left out. The order is
// fixed, so training stays deterministic.
func TrainingExamples(ctx context.Context, st *store.Store, bl *blob.Store, cat *framework.Catalogue) ([]tagger.Example, TrainingSources, error) {
	examples := tagger.RepositoryExamples()
	src := TrainingSources{Repository: len(examples)}
	known := func(label string) bool { _, err := cat.Statement(label); return err == nil }
	decs, err := st.TrainingDecisions(ctx)
	if err != nil {
		return nil, TrainingSources{}, err
	}
	for _, d := range decs {
		if !known(d.Label) {
			continue
		}
		e := tagger.Example{Text: d.Text, QS: d.Label, Group: "document:" + d.DocumentID, Council: "la:" + d.LA}
		if d.Decision == store.DecisionReject {
			e.Negative = true
			src.Rejected++
		} else {
			src.Confirmed++
		}
		examples = append(examples, e)
	}
	hints, err := st.TrainingHints(ctx, RetagStatuses)
	if err != nil {
		return nil, TrainingSources{}, err
	}
	var textOf, text string // the last document read: hints come by document
	for _, h := range hints {
		if !known(h.Label) {
			continue
		}
		if textOf != h.DocumentID {
			t, err := ReadText(ctx, bl, h.DocumentID)
			if err != nil && !errors.Is(err, blob.ErrNotFound) {
				return nil, TrainingSources{}, err
			}
			textOf, text = h.DocumentID, TrainingText(t, 0)
		}
		if strings.TrimSpace(text) == "" {
			continue
		}
		examples = append(examples, tagger.Example{Text: text, QS: h.Label, Group: "document:" + h.DocumentID, Council: "la:" + h.LA,
			Weight: HintWeight})
		src.Hints++
	}
	return examples, src, nil
}

// TrainingText is what a label on a document teaches from: the text of
// the page (or, for page 0, of the document from its start), cut at about
// TrainingTextMax bytes.
func TrainingText(t Text, page int) string {
	var b strings.Builder
	for _, pg := range t.Pages {
		if page == 0 || pg.Number == page {
			b.WriteString(pg.Text)
			b.WriteString("\n")
		}
		if b.Len() >= TrainingTextMax {
			break
		}
	}
	s := b.String()
	if len(s) > TrainingTextMax {
		s = strings.ToValidUTF8(s[:TrainingTextMax], "")
	}
	return s
}

// CategoryTrainingExamples are the labelled passages the evidence category
// model learns from: the repository's (tagger.CategoryExamples) and each
// inspector's latest decision on a category of a document with its text
// and the document's type, a rejection as a negative example of that
// category alone, grouped by document. It returns them and how many came
// from decisions.
func CategoryTrainingExamples(ctx context.Context, st *store.Store) ([]tagger.CategoryExample, int, error) {
	examples := tagger.CategoryExamples()
	decs, err := st.TrainingCategoryDecisions(ctx)
	if err != nil {
		return nil, 0, err
	}
	n := 0
	for _, d := range decs {
		if !slices.Contains(tagger.Categories(), d.Label) {
			continue
		}
		examples = append(examples, tagger.CategoryExample{Text: d.Text, Category: d.Label, Group: "document:" + d.DocumentID,
			DocType: d.DocType, Negative: d.Decision == store.DecisionReject})
		n++
	}
	return examples, n, nil
}
