package tagger

import (
	"fmt"
	"math"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestEvaluate(t *testing.T) {
	classes := []string{"a", "b", "c"}
	tests := []struct {
		name      string
		labels    []string
		ranked    [][]string
		want      []ClassMetrics
		macro     float64
		top1      float64
		top2      float64
		confusion [][]int
	}{
		{
			name:   "all right",
			labels: []string{"a", "b", "c"},
			ranked: [][]string{{"a", "b", "c"}, {"b", "a", "c"}, {"c", "a", "b"}},
			want: []ClassMetrics{
				{QS: "a", Precision: 1, Recall: 1, F1: 1, Support: 1, Predicted: 1},
				{QS: "b", Precision: 1, Recall: 1, F1: 1, Support: 1, Predicted: 1},
				{QS: "c", Precision: 1, Recall: 1, F1: 1, Support: 1, Predicted: 1},
			},
			macro: 1, top1: 1, top2: 1,
			confusion: [][]int{{1, 0, 0}, {0, 1, 0}, {0, 0, 1}},
		},
		{
			// a: tp 1, predicted 2 (P 1/2), support 2 (R 1/2), F1 1/2.
			// b: tp 1, predicted 2 (P 1/2), support 1 (R 1), F1 2/3.
			// c: tp 0, predicted 0, support 1: F1 0.
			name:   "mixed",
			labels: []string{"a", "a", "b", "c"},
			ranked: [][]string{{"a", "b", "c"}, {"b", "a", "c"}, {"b", "c", "a"}, {"a", "b", "c"}},
			want: []ClassMetrics{
				{QS: "a", Precision: 0.5, Recall: 0.5, F1: 0.5, Support: 2, Predicted: 2},
				{QS: "b", Precision: 0.5, Recall: 1, F1: 2.0 / 3, Support: 1, Predicted: 2},
				{QS: "c", Support: 1},
			},
			macro: (0.5 + 2.0/3) / 3, top1: 0.5, top2: 0.75,
			confusion: [][]int{{1, 1, 0}, {0, 1, 0}, {1, 0, 0}},
		},
		{
			// c is neither a label nor a first suggestion, so it is left
			// out of the macro average.
			name:   "class never seen",
			labels: []string{"a", "b"},
			ranked: [][]string{{"a", "c", "b"}, {"a", "b", "c"}},
			want: []ClassMetrics{
				{QS: "a", Precision: 0.5, Recall: 1, F1: 2.0 / 3, Support: 1, Predicted: 2},
				{QS: "b", Support: 1},
				{QS: "c"},
			},
			macro: (2.0 / 3) / 2, top1: 0.5, top2: 1,
			confusion: [][]int{{1, 0, 0}, {1, 0, 0}, {0, 0, 0}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Evaluate(classes, tt.labels, tt.ranked)
			approx := cmp.Comparer(func(x, y float64) bool { return math.Abs(x-y) < 1e-9 })
			if diff := cmp.Diff(tt.want, got.Classes, approx); diff != "" {
				t.Errorf("Evaluate classes (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tt.confusion, got.Confusion); diff != "" {
				t.Errorf("Evaluate confusion (-want +got):\n%s", diff)
			}
			if !cmp.Equal([]float64{tt.macro, tt.top1, tt.top2}, []float64{got.MacroF1, got.Top1, got.Top2}, approx) || got.N != len(tt.labels) {
				t.Errorf("Evaluate = macro %v top1 %v top2 %v n %d, want %v %v %v %d", got.MacroF1, got.Top1, got.Top2, got.N, tt.macro, tt.top1, tt.top2, len(tt.labels))
			}
		})
	}
}

func TestFolds(t *testing.T) {
	dev := groupKeys(DevExamples())
	tests := []struct {
		name      string
		groups    []string
		k         int
		wantFolds int
	}{
		{"dev in 5", dev, 5, 5},
		{"dev one group a fold", dev, 100, 16},
		{"one fold", dev, 1, 1},
		{"k zero is one fold", []string{"a", "b"}, 0, 1},
		{"uneven", []string{"a", "a", "a", "b", "c", "c", "d"}, 2, 2},
		{"empty", nil, 5, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Folds(tt.groups, tt.k)
			if len(got) != len(tt.groups) {
				t.Fatalf("Folds gave %d folds for %d examples", len(got), len(tt.groups))
			}
			foldOf := map[string]int{}
			used := map[int]bool{}
			for i, g := range tt.groups {
				if f, ok := foldOf[g]; ok && f != got[i] {
					t.Errorf("group %q is in folds %d and %d", g, f, got[i])
				}
				foldOf[g] = got[i]
				used[got[i]] = true
			}
			if len(used) != tt.wantFolds {
				t.Errorf("Folds(k=%d) used %d folds, want %d", tt.k, len(used), tt.wantFolds)
			}
			if again := Folds(tt.groups, tt.k); !slices.Equal(got, again) {
				t.Errorf("Folds is not deterministic: %v then %v", got, again)
			}
		})
	}
}

func TestFoldsBalanced(t *testing.T) {
	folds := Folds(groupKeys(DevExamples()), 5)
	size := make([]int, 5)
	for _, f := range folds {
		size[f]++
	}
	for f, n := range size {
		if n < 25 || n > 35 {
			t.Errorf("fold %d has %d of 150 examples, want 25-35 (sizes %v)", f, n, size)
		}
	}
}

// The floors are the measured numbers less a margin of about one or two
// paragraphs, so a change that makes the tagger worse fails here.
func TestCrossValidateDev(t *testing.T) {
	tests := []struct {
		k                       int
		minF1, minTop1, minTop2 float64
	}{
		// Measured 0.780, 0.793, 0.920 with the lexicon rebuilt from sources
		// outside the labelled paragraphs (issue 18; 0.772, 0.787, 0.913
		// before the centroid blend); the old lexicon, written by someone who
		// had read them, gave 0.838, 0.833, 0.967.
		{5, 0.75, 0.77, 0.89},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("k=%d", tt.k), func(t *testing.T) {
			m, err := CrossValidate(catalogue(t), DevExamples(), tt.k, DefaultOptions())
			if err != nil {
				t.Fatal(err)
			}
			t.Logf("macro_f1=%.3f top1=%.3f top2=%.3f", m.MacroF1, m.Top1, m.Top2)
			if m.MacroF1 < tt.minF1 || m.Top1 < tt.minTop1 || m.Top2 < tt.minTop2 {
				t.Errorf("CrossValidate(dev, %d) = macro_f1 %.3f top1 %.3f top2 %.3f, want at least %.2f %.2f %.2f",
					tt.k, m.MacroF1, m.Top1, m.Top2, tt.minF1, tt.minTop1, tt.minTop2)
			}
		})
	}
}

// The zero-shot model has never seen a labelled paragraph, and since issue
// 18 neither has its lexicon (see data/lexicon.json's "about"), so this is
// an honest figure for a council's first day. The old lexicon, written by
// someone who had read the dev paragraphs, gave 0.831, 0.820, 0.953.
func TestZeroShotDev(t *testing.T) {
	m := EvaluateModel(zeroShotModel(t), DevExamples())
	t.Logf("macro_f1=%.3f top1=%.3f top2=%.3f", m.MacroF1, m.Top1, m.Top2)
	if m.MacroF1 < 0.63 || m.Top2 < 0.82 { // measured 0.659, 0.673, 0.840
		t.Errorf("zero-shot on dev = macro_f1 %.3f top2 %.3f, want at least 0.63 and 0.82", m.MacroF1, m.Top2)
	}
}

// TestLeaveOneCouncilOutRepository: the figure that counts and that the
// README quotes, each council of the repository's labelled texts tagged by
// a model that never saw it, with the shipped options. The floors are the
// measured figures less about two paragraphs.
func TestLeaveOneCouncilOutRepository(t *testing.T) {
	preds, err := LeaveOneCouncilOut(RepositoryExamples(), QSFitter(catalogue(t), DefaultOptions()))
	if err != nil {
		t.Fatal(err)
	}
	var classes []string
	for _, s := range catalogue(t).Statements {
		classes = append(classes, s.Slug)
	}
	all, cqc := Summarise(classes, preds, "", 200), Summarise(classes, preds, KindCQC, 200)
	for _, g := range []Grouped{cqc, all} {
		m := g.Metrics
		t.Logf("%s: macro_f1=%.3f %v top1=%.3f top2=%.3f %v councils=%d", g.Kind, m.MacroF1, g.MacroF1, m.Top1, m.Top2, g.Top2, g.Councils)
		if g.MacroF1.Lo > m.MacroF1 || g.MacroF1.Hi < m.MacroF1 {
			t.Errorf("%s: macro-F1 %.3f outside its interval %v", g.Kind, m.MacroF1, g.MacroF1)
		}
	}
	// Measured: CQC findings 0.785, top-2 0.950 over 21 councils; all 0.781,
	// 0.946 over 24.
	if m := cqc.Metrics; m.MacroF1 < 0.76 || m.Top2 < 0.93 || cqc.Councils != 21 || all.Councils != 24 {
		t.Errorf("leave-one-council-out on CQC findings = macro_f1 %.3f top2 %.3f over %d councils (%d in all), want at least 0.76 and 0.93 over 21 (24)",
			m.MacroF1, m.Top2, cqc.Councils, all.Councils)
	}
}
