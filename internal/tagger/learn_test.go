package tagger

import (
	"fmt"
	"slices"
	"testing"
)

// people returns n labelled texts on one theme, each from a document of
// its own, as inspectors' decisions or councils' hints would give them.
func people(qs, theme string, n int, weight float64, negative bool) []Example {
	var out []Example
	for i := range n {
		out = append(out, Example{QS: qs, Group: fmt.Sprintf("person-%s-%d", qs, i), Weight: weight, Negative: negative,
			Text: fmt.Sprintf("%s This is note %d of the council's own papers.", theme, i)})
	}
	return out
}

// rawScore trains on the repository's paragraphs and extra, and returns the
// raw score of qs for text.
func rawScore(t *testing.T, extra []Example, qs, text string) float64 {
	t.Helper()
	opts := DefaultOptions()
	opts.CalibrationFolds = 0 // raw scores do not depend on it
	m, err := Train(catalogue(t), append(DevExamples(), extra...), opts)
	if err != nil {
		t.Fatalf("Train() = %v", err)
	}
	return m.raw(m.vector(text))[slices.Index(m.classes, qs)]
}

// TestTrainLearnsFromPeople: confirmed texts raise their statement's score
// on similar text, a hint less than a decision, and rejected texts lower
// it.
func TestTrainLearnsFromPeople(t *testing.T) {
	const (
		choir = "The community choir and the allotment club meet every Tuesday in the library hall."
		probe = "Residents told us the choir and the allotment club in the library hall gave them a reason to go out."
	)
	base := rawScore(t, nil, "learning", probe)
	for _, tc := range []struct {
		name  string
		extra []Example
		qs    string
		check func(got, base float64) bool
		want  string
	}{
		{"decisions raise", people("learning", choir, 3, 0, false), "learning", func(g, b float64) bool { return g > b+0.5 }, "well above"},
		{"hints raise less", people("learning", choir, 3, 0.5, false), "learning", func(g, b float64) bool {
			return g > b && g < rawScore(t, people("learning", choir, 3, 0, false), "learning", probe)
		}, "above, below decisions"},
		{"rejections lower", people("learning", choir, 3, 0, true), "learning", func(g, b float64) bool { return g < b }, "below"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := rawScore(t, tc.extra, tc.qs, probe)
			if !tc.check(got, base) {
				t.Errorf("raw score of %s = %.3f, base %.3f: want %s", tc.qs, got, base, tc.want)
			}
		})
	}
}

// TestNegativesNotScored: cross-validation trains on rejections but scores
// only texts with a true statement, and a rejection is not the same
// training data as a confirmation of the same text.
func TestNegativesNotScored(t *testing.T) {
	cat := catalogue(t)
	neg := people("safeguarding", "Adult social care front door.", 3, 0, true)
	ex := append(DevExamples(), neg...)
	opts := DefaultOptions()
	opts.Iterations = 50
	m, err := CrossValidate(cat, ex, 5, opts)
	if err != nil {
		t.Fatal(err)
	}
	if m.N != len(DevExamples()) {
		t.Errorf("cross-validation scored %d texts, want %d", m.N, len(DevExamples()))
	}
	if n := EvaluateModel(defaultModel(t), ex).N; n != len(DevExamples()) {
		t.Errorf("EvaluateModel scored %d texts, want %d", n, len(DevExamples()))
	}
	pos := people("safeguarding", "Adult social care front door.", 3, 0, false)
	a, err := Train(cat, ex, opts)
	if err != nil {
		t.Fatal(err)
	}
	again, err := Train(cat, ex, opts)
	if err != nil {
		t.Fatal(err)
	}
	b, err := Train(cat, append(DevExamples(), pos...), opts)
	if err != nil {
		t.Fatal(err)
	}
	if a.Version() != again.Version() {
		t.Errorf("training twice with rejections gave %s and %s", a.Version(), again.Version())
	}
	if a.Info().ExamplesHash == b.Info().ExamplesHash || a.Version() == b.Version() {
		t.Errorf("rejections and confirmations of the same texts give the same hash %s", a.Info().ExamplesHash)
	}
	if a.Info().Negatives != 3 || b.Info().Negatives != 0 {
		t.Errorf("Info().Negatives = %d and %d, want 3 and 0", a.Info().Negatives, b.Info().Negatives)
	}
	if _, err := Train(cat, []Example{{Text: "x", QS: "learning", Weight: -1}}, opts); err == nil {
		t.Error("Train accepted a negative weight")
	}
}
