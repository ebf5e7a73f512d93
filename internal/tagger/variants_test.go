package tagger

import (
	"fmt"
	"os"
	"strings"
	"testing"
	"time"
)

// variant is one way of training tried for issue 18, measured by
// leave-one-council-out on every labelled text of the repository.
type variant struct {
	name string
	opts func(*Options)
	// data changes the training examples of each fold (never the texts
	// measured).
	data func([]Example) []Example
}

// devOnly keeps the dev paragraphs, the shipped model's data before issue
// 18, with the options of then.
func devOnly(ex []Example) []Example {
	dev := map[string]bool{}
	for _, e := range DevExamples() {
		dev[e.Text] = true
	}
	var out []Example
	for _, e := range ex {
		if dev[e.Text] {
			out = append(out, e)
		}
	}
	return out
}

func procedureWeight(w float64) func([]Example) []Example {
	return func(ex []Example) []Example {
		out := append([]Example(nil), ex...)
		for i := range out {
			if KindOf(out[i]) == KindProcedure {
				out[i].Weight = w
			}
		}
		return out
	}
}

// TestVariants prints the README's table of variants (issue 18). It
// trains about 24 models per variant, so it runs only when asked:
//
//	TAGGER_VARIANTS=1 go test ./internal/tagger -run TestVariants -v
//
// TAGGER_VARIANTS may also list the variants to run, separated by ";".
func TestVariants(t *testing.T) {
	only := os.Getenv("TAGGER_VARIANTS")
	if only == "" {
		t.Skip("TAGGER_VARIANTS is not set")
	}
	cat := catalogue(t)
	var classes []string
	for _, s := range cat.Statements {
		classes = append(classes, s.Slug)
	}
	set := func(f func(*Options)) func(*Options) { return f }
	variants := []variant{
		{name: "dev paragraphs only", data: devOnly},
		{name: "all labelled text"},
		{name: "all, procedures x0.5", data: procedureWeight(0.5)},
		{name: "all, procedures x2", data: procedureWeight(2)},
		{name: "all, centroid 0.5", opts: set(func(o *Options) { o.Centroid = 0.5 })},
		{name: "all, centroid 1", opts: set(func(o *Options) { o.Centroid = 1 })},
		{name: "all, centroid 2", opts: set(func(o *Options) { o.Centroid = 2 })},
		{name: "all, catalogue x0.5", opts: set(func(o *Options) { o.CatalogueWeight = 0.5 })},
		{name: "all, catalogue x2", opts: set(func(o *Options) { o.CatalogueWeight = 2 })},
		{name: "all, words in 1 group", opts: set(func(o *Options) { o.MinGroups = 1 })},
		{name: "all, no word pairs", opts: set(func(o *Options) { o.Bigrams = false })},
		{name: "all, centroid 4", opts: set(func(o *Options) { o.Centroid = 4 })},
		{name: "all, centroid 1, catalogue x0.5", opts: set(func(o *Options) { o.Centroid, o.CatalogueWeight = 1, 0.5 })},
		{name: "all, centroid 1, catalogue x0.75", opts: set(func(o *Options) { o.Centroid, o.CatalogueWeight = 1, 0.75 })},
		{name: "all, centroid 1, words in 1 group", opts: set(func(o *Options) { o.Centroid, o.MinGroups = 1, 1 })},
		{name: "all, centroid 1, catalogue x0.5, procedures x0.5", opts: set(func(o *Options) { o.Centroid, o.CatalogueWeight = 1, 0.5 }), data: procedureWeight(0.5)},
		{name: "all, centroid 1, procedures x0.5 (shipped)", opts: set(func(o *Options) { *o = DefaultOptions() }), data: procedureWeight(ProcedureWeight)},
		{name: "all, centroid 1, L2 x0.5", opts: set(func(o *Options) { o.Centroid, o.L2 = 1, 0.0001 })},
	}
	var page string // a page of about 4,000 characters
	for _, e := range DevExamples()[:6] {
		page += e.Text + "\n"
	}
	fmt.Printf("| variant | CQC macro-F1 [95%%] | CQC top-2 | procedures macro-F1 | all macro-F1 [95%%] | all top-1 | all top-2 [95%%] | tag µs/page |\n|---|---|---|---|---|---|---|---|\n")
	for _, v := range variants {
		if only != "1" && !strings.Contains(";"+only+";", ";"+v.name+";") {
			continue
		}
		opts := DefaultOptions()
		opts.Centroid = 0 // the options before issue 18, which each variant changes
		if v.opts != nil {
			v.opts(&opts)
		}
		if v.data == nil {
			// As measured: procedure chapters counting as much as a paragraph.
			v.data = procedureWeight(1)
		}
		inner := QSFitter(cat, opts)
		fit := func(train []Example) (Ranker, error) { return inner(v.data(train)) }
		preds, err := LeaveOneCouncilOut(RepositoryExamples(), fit)
		if err != nil {
			t.Fatal(err)
		}
		cqc, proc, all := Summarise(classes, preds, KindCQC, 1000), Summarise(classes, preds, KindProcedure, 1000), Summarise(classes, preds, "", 1000)
		train := v.data(RepositoryExamples())
		opts.CalibrationFolds = 0
		m, err := Train(cat, train, opts)
		if err != nil {
			t.Fatal(err)
		}
		start := time.Now()
		const n = 200
		for range n {
			m.Tag(page)
		}
		perPage := time.Since(start) / n
		fmt.Printf("| %s | %.3f [%.3f, %.3f] | %.3f | %.3f | %.3f [%.3f, %.3f] | %.3f | %.3f [%.3f, %.3f] | %d |\n", v.name,
			cqc.Metrics.MacroF1, cqc.MacroF1.Lo, cqc.MacroF1.Hi, cqc.Metrics.Top2, proc.Metrics.MacroF1,
			all.Metrics.MacroF1, all.MacroF1.Lo, all.MacroF1.Hi, all.Metrics.Top1, all.Metrics.Top2, all.Top2.Lo, all.Top2.Hi,
			perPage.Microseconds())
	}
}
