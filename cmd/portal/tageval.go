package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"text/tabwriter"
	"time"

	"github.com/evidenceportal/portal/internal/framework"
	"github.com/evidenceportal/portal/internal/store"
	"github.com/evidenceportal/portal/internal/tagger"
)

const tagEvalUsage = `usage: portal tag-eval [--cv K] [--no-train] [--confusion] FILE.jsonl

Tags each line {"text": ..., "qs": <slug>} of FILE and prints precision,
recall and F1 per quality statement, then macro_f1, top1, top2 and n.

  (no flag)    the current model: with PORTAL_DATABASE_URL set, the active
               model stored in the database; without it, the model the
               portal ships with (catalogue, lexicon and the embedded
               labelled paragraphs), inflated on those paragraphs
  --shipped    the model the portal ships with, even with a database
  --cv K       K-fold cross-validation grouped by the "doc" field: train on
               the catalogue and the other folds of FILE only
  --no-train   the zero-shot model: catalogue and lexicon, no labelled text
  --confusion  also print the confusion matrix (rows: label, columns: first
               suggestion)
`

// tagEval is the tag-eval command; it needs no configuration and no
// service, and reads the active model from the database only when
// PORTAL_DATABASE_URL is set.
func tagEval(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("tag-eval", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() { fmt.Fprint(stderr, tagEvalUsage) }
	cv := fs.Int("cv", 0, "cross-validate with K folds grouped by doc")
	noTrain := fs.Bool("no-train", false, "use the zero-shot model")
	confusion := fs.Bool("confusion", false, "print the confusion matrix")
	shipped := fs.Bool("shipped", false, "use the shipped model even with a database")
	// Flags may come before or after the file.
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
	if len(files) != 1 || *cv < 0 || (*cv > 0 && *noTrain) || (*shipped && (*cv > 0 || *noTrain)) {
		fs.Usage()
		return 2
	}
	dbURL := getenv("PORTAL_DATABASE_URL")
	if *shipped || *noTrain || *cv > 0 {
		dbURL = ""
	}
	if err := runTagEval(ctx, files[0], *cv, *noTrain, *confusion, dbURL, stdout); err != nil {
		fmt.Fprintln(stderr, "tag-eval:", err)
		return 1
	}
	return 0
}

func runTagEval(ctx context.Context, path string, cv int, noTrain, confusion bool, dbURL string, stdout io.Writer) error {
	cat, err := framework.Load()
	if err != nil {
		return err
	}
	examples, err := readLabelled(cat, path)
	if err != nil {
		return err
	}
	var m tagger.Metrics
	switch {
	case cv > 0:
		m, err = tagger.CrossValidate(cat, examples, cv, tagger.DefaultOptions())
		if err != nil {
			return err
		}
		fmt.Fprintf(stdout, "cross-validation in %d folds grouped by doc: trained on the catalogue and the other folds of %s\n", m.Folds, path)
	default:
		model, err := tagger.Default(cat)
		what := "shipped model (catalogue, lexicon, embedded labelled paragraphs)"
		if noTrain {
			model, err = tagger.ZeroShot(cat)
			what = "zero-shot model (catalogue and lexicon only)"
		}
		if err != nil {
			return err
		}
		if dbURL != "" {
			if model, what, err = activeModel(ctx, dbURL, model); err != nil {
				return err
			}
		}
		m = tagger.EvaluateModel(model, examples)
		fmt.Fprintf(stdout, "%s %s\n", what, model.Version())
	}
	printMetrics(stdout, m, confusion)
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
	fmt.Fprintf(w, "macro_f1=%.3f top1=%.3f top2=%.3f n=%d\n", m.MacroF1, m.Top1, m.Top2, m.N)
}

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
