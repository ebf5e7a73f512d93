package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/evidenceportal/portal/internal/framework"
	"github.com/evidenceportal/portal/internal/store"
	"github.com/evidenceportal/portal/internal/tagger"
)

const tagEvalUsage = `usage: portal tag-eval [--shipped | --active | --no-train | --cv K | --categories] [--boot N] [--confusion] FILE.jsonl...

Tags each line {"text": ..., "qs": <slug>, "doc": ...} of the FILEs and
prints precision, recall and F1 per quality statement, then macro_f1, top1,
top2 and n.

  (no flag)    leave-one-council-out, the figure that counts: each council
               of the FILEs (read from "doc") is tagged by a model trained on
               the catalogue, the lexicon and every other council's lines of
               the FILEs; per kind of text (CQC findings, council
               procedures) and over all, each figure with a 95% interval
               from a bootstrap over councils
  --shipped    the model the portal ships with (catalogue, lexicon and the
               embedded labelled paragraphs), inflated on those paragraphs
  --active     the active model stored in the database (PORTAL_DATABASE_URL);
               the shipped one when there is none yet
  --cv K       K-fold cross-validation grouped by the "doc" field: train on
               the catalogue and the other folds of the FILEs only
  --no-train   the zero-shot model: catalogue and lexicon, no labelled text
  --categories evidence categories, leave-one-council-out: the sentences of
               the FILEs labelled by the rule of internal/tagger/catrule.go,
               learnt (text and document type), learnt from the text alone
               with the phrase that labelled it masked, and the cue phrases
  --boot N     bootstrap resamples for the intervals (default 1000)
  --confusion  also print the confusion matrix (rows: label, columns: first
               suggestion)
`

// tagEval is the tag-eval command; it needs no configuration and no
// service, and reads the active model from the database only with --active.
func tagEval(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("tag-eval", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() { fmt.Fprint(stderr, tagEvalUsage) }
	cv := fs.Int("cv", 0, "cross-validate with K folds grouped by doc")
	noTrain := fs.Bool("no-train", false, "use the zero-shot model")
	confusion := fs.Bool("confusion", false, "print the confusion matrix")
	shipped := fs.Bool("shipped", false, "use the shipped model")
	active := fs.Bool("active", false, "use the database's active model")
	boot := fs.Int("boot", tagger.BootstrapRounds, "bootstrap resamples of councils")
	categories := fs.Bool("categories", false, "measure evidence categories")
	// Flags may come before or after the files.
	var files []string
	for {
		if err := fs.Parse(args); err != nil {
			return 2
		}
		if fs.NArg() == 0 {
			break
		}
		files = append(files, fs.Arg(0))
		args = fs.Args()[1:]
	}
	modes := 0
	for _, on := range []bool{*cv > 0, *noTrain, *shipped, *active, *categories} {
		if on {
			modes++
		}
	}
	if len(files) == 0 || *cv < 0 || *boot < 0 || modes > 1 {
		fs.Usage()
		return 2
	}
	e := tagEvalRun{files: files, cv: *cv, noTrain: *noTrain, shipped: *shipped, confusion: *confusion, boot: *boot, categories: *categories}
	if *active {
		e.dbURL = getenv("PORTAL_DATABASE_URL")
		if e.dbURL == "" {
			fmt.Fprintln(stderr, "tag-eval: --active needs PORTAL_DATABASE_URL")
			return 2
		}
	}
	if err := e.run(ctx, stdout); err != nil {
		fmt.Fprintln(stderr, "tag-eval:", err)
		return 1
	}
	return 0
}

// tagEvalRun is one tag-eval: what to measure on which files.
type tagEvalRun struct {
	files                       []string
	cv, boot                    int
	noTrain, shipped, confusion bool
	categories                  bool
	dbURL                       string
}

func (e tagEvalRun) run(ctx context.Context, stdout io.Writer) error {
	cat, err := framework.Load()
	if err != nil {
		return err
	}
	var examples []tagger.Example
	for _, path := range e.files {
		ex, err := readLabelled(cat, path)
		if err != nil {
			return err
		}
		examples = append(examples, ex...)
	}
	files := strings.Join(e.files, ", ")
	var m tagger.Metrics
	switch {
	case e.cv > 0:
		m, err = tagger.CrossValidate(cat, examples, e.cv, tagger.DefaultOptions())
		if err != nil {
			return err
		}
		fmt.Fprintf(stdout, "cross-validation in %d folds grouped by doc: trained on the catalogue and the other folds of %s\n", m.Folds, files)
	case e.categories:
		return e.runCategories(stdout, examples, files)
	case e.noTrain || e.shipped || e.dbURL != "":
		model, err := tagger.Default(cat)
		what := "shipped model (catalogue, lexicon, embedded labelled paragraphs)"
		if e.noTrain {
			model, err = tagger.ZeroShot(cat)
			what = "zero-shot model (catalogue and lexicon only)"
		}
		if err != nil {
			return err
		}
		if e.dbURL != "" {
			if model, what, err = activeModel(ctx, e.dbURL, model); err != nil {
				return err
			}
		}
		m = tagger.EvaluateModel(model, examples)
		fmt.Fprintf(stdout, "%s %s\n", what, model.Version())
	default:
		preds, pages, err := tagger.LeaveOneCouncilOutWithPages(examples, tagger.QSFitter(cat, tagger.DefaultOptions()))
		if err != nil {
			return err
		}
		var classes []string
		for _, s := range cat.Statements {
			classes = append(classes, s.Slug)
		}
		all := tagger.Summarise(classes, preds, "", e.boot)
		fmt.Fprintf(stdout, "leave-one-council-out over %d councils: each tagged by a model trained on the catalogue, the lexicon and the other councils of %s; 95%% intervals from %d bootstrap resamples of councils\n",
			all.Councils, files, e.boot)
		kinds := tagger.Kinds(preds)
		if len(kinds) > 1 {
			for _, k := range kinds {
				g := tagger.Summarise(classes, preds, k, e.boot)
				fmt.Fprintf(stdout, "\n== %s: %d texts from %d councils\n", k, g.Metrics.N, g.Councils)
				printGrouped(stdout, g, e.confusion)
				printPages(stdout, classes, pages, k, e.boot)
			}
			fmt.Fprintf(stdout, "\n== all kinds: %d texts from %d councils\n", all.Metrics.N, all.Councils)
		}
		printGrouped(stdout, all, e.confusion)
		printPages(stdout, classes, pages, "", e.boot)
		printSummary(stdout, all.Metrics)
		return nil
	}
	printMetrics(stdout, m, e.confusion)
	printSummary(stdout, m)
	return nil
}

// runCategories measures evidence categories by leave-one-council-out.
func (e tagEvalRun) runCategories(stdout io.Writer, examples []tagger.Example, files string) error {
	g, err := tagger.NewGuesser()
	if err != nil {
		return err
	}
	ex := tagger.CategoryPassages(examples)
	if len(ex) == 0 {
		return fmt.Errorf("%s: no sentence the category rule labels", files)
	}
	opts := tagger.DefaultOptions()
	learnt, err := tagger.CategoriesOutOfCouncil(ex, tagger.CategoryFitter(g, opts, false, false))
	if err != nil {
		return err
	}
	masked, err := tagger.CategoriesOutOfCouncil(ex, tagger.CategoryFitter(g, opts, true, true))
	if err != nil {
		return err
	}
	cues, cuesMasked := slices.Clone(learnt), slices.Clone(learnt)
	for i := range ex {
		cues[i].Ranked = tagger.CueRanker(g)(ex[i])
		m := ex[i]
		m.Text = m.Masked()
		cuesMasked[i].Ranked = tagger.CueRanker(g)(m)
	}
	classes := tagger.Categories()
	all := tagger.Summarise(classes, learnt, "", e.boot)
	fmt.Fprintf(stdout, "evidence categories, leave-one-council-out over %d councils: %d sentences of %s labelled by the rule of internal/tagger/catrule.go; 95%% intervals from %d bootstrap resamples of councils\n",
		all.Councils, all.Metrics.N, files, e.boot)
	for _, k := range append(tagger.Kinds(learnt), "") {
		name := k
		if k == "" {
			name = "all kinds"
		}
		g := tagger.Summarise(classes, learnt, k, e.boot)
		fmt.Fprintf(stdout, "\n== %s: learnt from text and document type, %d passages from %d councils\n", name, g.Metrics.N, g.Councils)
		printGrouped(stdout, g, e.confusion)
		for _, v := range []struct {
			what  string
			preds []tagger.Prediction
		}{{"learnt, text alone, labelling phrase masked", masked}, {"cue phrases", cues}, {"cue phrases, labelling phrase masked", cuesMasked}} {
			s := tagger.Summarise(classes, v.preds, k, e.boot)
			fmt.Fprintf(stdout, "%-45s macro_f1 %.3f %s  top1 %.3f %s\n", v.what+":", s.Metrics.MacroF1, formatInterval(s.MacroF1), s.Metrics.Top1, formatInterval(s.Top1))
		}
	}
	printSummary(stdout, all.Metrics)
	return nil
}

// readLabelled reads FILE's examples and checks every label is a quality
// statement slug.
func readLabelled(cat *framework.Catalogue, path string) ([]tagger.Example, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	examples, err := tagger.ReadExamples(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	if len(examples) == 0 {
		return nil, fmt.Errorf("%s: no examples", path)
	}
	for i, e := range examples {
		if _, err := cat.Statement(e.QS); err != nil {
			return nil, fmt.Errorf("%s: example %d: %w", path, i+1, err)
		}
	}
	return examples, nil
}

// printMetrics prints the table per quality statement, the confusion matrix
// when asked, and last the one-line summary.
func printMetrics(w io.Writer, m tagger.Metrics, confusion bool) {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "qs\tprecision\trecall\tf1\tsupport")
	for _, c := range m.Classes {
		fmt.Fprintf(tw, "%s\t%.3f\t%.3f\t%.3f\t%d\n", c.QS, c.Precision, c.Recall, c.F1, c.Support)
	}
	tw.Flush()
	if confusion {
		printConfusion(w, m)
	}
}

// printSummary prints the one line that ends every tag-eval.
func printSummary(w io.Writer, m tagger.Metrics) {
	fmt.Fprintf(w, "macro_f1=%.3f top1=%.3f top2=%.3f n=%d\n", m.MacroF1, m.Top1, m.Top2, m.N)
}

// printGrouped prints a leave-one-council-out table: each statement's F1
// with its interval, then the figures with theirs.
func printGrouped(w io.Writer, g tagger.Grouped, confusion bool) {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "qs\tprecision\trecall\tf1\tf1 95%\tsupport")
	for i, c := range g.Metrics.Classes {
		if c.Support == 0 && c.Predicted == 0 {
			fmt.Fprintf(tw, "%s\t-\t-\t-\t-\t0\n", c.QS) // not in this kind of text
			continue
		}
		fmt.Fprintf(tw, "%s\t%.3f\t%.3f\t%.3f\t%s\t%d\n", c.QS, c.Precision, c.Recall, c.F1, formatInterval(g.F1[i]), c.Support)
	}
	tw.Flush()
	if confusion {
		printConfusion(w, g.Metrics)
	}
	fmt.Fprintf(w, "macro_f1 %.3f %s  top1 %.3f %s  top2 %.3f %s\n", g.Metrics.MacroF1, formatInterval(g.MacroF1),
		g.Metrics.Top1, formatInterval(g.Top1), g.Metrics.Top2, formatInterval(g.Top2))
}

// printConfusion prints the confusion matrix.
func printConfusion(w io.Writer, m tagger.Metrics) {
	fmt.Fprintln(w, "\nconfusion (rows: label, columns: first suggestion)")
	fmt.Fprintf(w, "%-18s", "")
	for i := range m.Classes {
		fmt.Fprintf(w, "%4d", i+1)
	}
	fmt.Fprintln(w)
	for i, row := range m.Confusion {
		fmt.Fprintf(w, "%d %-16s", i+1, m.Classes[i].QS)
		for _, n := range row {
			fmt.Fprintf(w, "%4d", n)
		}
		fmt.Fprintln(w)
	}
}

// printPages prints the document-level figures: each page (the lines of
// one source) tagged as one text.
func printPages(w io.Writer, classes []string, pages []tagger.Prediction, kind string, boot int) {
	g := tagger.Summarise(classes, pages, kind, boot)
	if g.Metrics.N == 0 {
		return
	}
	fmt.Fprintf(w, "whole pages (%d, the lines of one source joined): top1 %.3f %s  top2 %.3f %s\n", g.Metrics.N,
		g.Metrics.Top1, formatInterval(g.Top1), g.Metrics.Top2, formatInterval(g.Top2))
}

func formatInterval(i tagger.Interval) string { return fmt.Sprintf("[%.3f, %.3f]", i.Lo, i.Hi) }

// activeModel reads the active model from the database; with none stored
// yet, the shipped model is the one the portal would use.
func activeModel(ctx context.Context, dbURL string, shipped *tagger.Model) (*tagger.Model, string, error) {
	ctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	st, err := store.Open(ctx, dbURL)
	if err != nil {
		// Measuring still works without the service; the header says which
		// model was measured.
		return shipped, "shipped model (database not reachable)", nil
	}
	defer st.Close()
	tm, err := st.ActiveTagModel(ctx)
	if errors.Is(err, store.ErrNotFound) {
		return shipped, "shipped model (no model stored in the database yet)", nil
	}
	if err != nil {
		return nil, "", err
	}
	m := &tagger.Model{}
	if err := m.UnmarshalJSON(tm.Model); err != nil {
		return nil, "", err
	}
	return m, "active model from the database", nil
}
