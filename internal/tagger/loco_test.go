package tagger

import (
	"fmt"
	"math"
	"slices"
	"strings"
	"testing"
)

func TestCouncilOf(t *testing.T) {
	tests := []struct {
		group, council, kind string
	}{
		{"Blackpool Council: local authority assessment", "Blackpool Council", KindCQC},
		{"Nottingham City Council assessment (pilot, 2023)", "Nottingham City Council", KindCQC},
		{"Central Bedfordshire adult social care procedures: Self-Neglect and Hoarding", "Central Bedfordshire", KindProcedure},
		{"document:0b6f", "document:0b6f", KindCQC},
		{"", "#0", KindCQC},
	}
	for _, tt := range tests {
		t.Run(tt.group, func(t *testing.T) {
			e := Example{Text: "x", QS: "equity", Group: tt.group}
			if got := CouncilOf(e); got != tt.council {
				t.Errorf("CouncilOf(%q) = %q, want %q", tt.group, got, tt.council)
			}
			if got := KindOf(e); got != tt.kind {
				t.Errorf("KindOf(%q) = %q, want %q", tt.group, got, tt.kind)
			}
		})
	}
	// The dev paragraphs come from 14 councils' CQC reports and one
	// council's procedures manual.
	councils := map[string]bool{}
	for _, e := range DevExamples() {
		councils[CouncilOf(e)] = true
	}
	if len(councils) != 15 {
		t.Errorf("dev paragraphs come from %d councils, want 15: %v", len(councils), councils)
	}
}

// TestLeaveOneCouncilOut: no model ever sees the council it ranks, every
// council is left out once, and negatives are trained on but not ranked.
func TestLeaveOneCouncilOut(t *testing.T) {
	ex := []Example{
		{Text: "a1", QS: "a", Group: "A: local authority assessment"},
		{Text: "a2", QS: "b", Group: "A: local authority assessment"},
		{Text: "b1", QS: "b", Group: "B adult social care procedures: x"},
		{Text: "c1", QS: "a", Group: "C: local authority assessment"},
		{Text: "c2", QS: "a", Group: "C: local authority assessment", Negative: true},
	}
	var fits int
	fit := func(train []Example) (Ranker, error) {
		fits++
		seen := map[string]bool{}
		for _, e := range train {
			seen[CouncilOf(e)] = true
		}
		return func(e Example) []string {
			if seen[CouncilOf(e)] {
				t.Errorf("ranked %q with a model trained on its council", e.Text)
			}
			return []string{"a", "b"}
		}, nil
	}
	preds, err := LeaveOneCouncilOut(ex, fit)
	if err != nil {
		t.Fatal(err)
	}
	if fits != 3 || len(preds) != 4 {
		t.Fatalf("%d fits and %d predictions, want 3 and 4", fits, len(preds))
	}
	if p := preds[2]; p.Council != "B" || p.Kind != KindProcedure || p.Label != "b" {
		t.Errorf("prediction 3 = %+v", p)
	}
	if got := Kinds(preds); !slices.Equal(got, []string{KindCQC, KindProcedure}) {
		t.Errorf("Kinds = %v", got)
	}
}

func TestSummarise(t *testing.T) {
	classes := []string{"a", "b"}
	right := func(council, label string) Prediction {
		other := map[string]string{"a": "b", "b": "a"}[label]
		return Prediction{Label: label, Council: council, Kind: KindCQC, Ranked: []string{label, other}}
	}
	wrong := func(council, label string) Prediction {
		p := right(council, label)
		slices.Reverse(p.Ranked)
		return p
	}
	t.Run("all right", func(t *testing.T) {
		preds := []Prediction{right("x", "a"), right("y", "b"), right("z", "a")}
		g := Summarise(classes, preds, "", 200)
		if g.Metrics.MacroF1 != 1 || g.MacroF1 != (Interval{1, 1}) || g.Councils != 3 {
			t.Errorf("Summarise = %+v", g)
		}
	})
	t.Run("one council wrong", func(t *testing.T) {
		// Council w gets everything wrong, the others everything right: the
		// interval must span from below the figure to 1.
		preds := []Prediction{wrong("w", "a"), wrong("w", "b"), right("x", "a"), right("y", "b"), right("z", "a"), right("z", "b")}
		g := Summarise(classes, preds, "", 1000)
		if math.Abs(g.Metrics.Top1-4.0/6) > 1e-9 {
			t.Errorf("top1 = %v, want 4/6", g.Metrics.Top1)
		}
		if g.Top1.Lo >= g.Metrics.Top1 || g.Top1.Hi != 1 || g.Top2 != (Interval{1, 1}) {
			t.Errorf("top1 interval %+v, top2 %+v", g.Top1, g.Top2)
		}
		if again := Summarise(classes, preds, "", 1000); !slices.Equal(again.F1, g.F1) || again.MacroF1 != g.MacroF1 {
			t.Error("Summarise is not deterministic")
		}
	})
	t.Run("one kind", func(t *testing.T) {
		p := right("v", "b")
		p.Kind = KindProcedure
		preds := []Prediction{wrong("w", "a"), p}
		if g := Summarise(classes, preds, KindProcedure, 100); g.Metrics.N != 1 || g.Metrics.Top1 != 1 || g.Councils != 1 {
			t.Errorf("procedure only = %+v", g)
		}
	})
}

// TestLeaveOneCouncilOutWithPages: the lines of one source and one
// statement are ranked as one page by the model that left their council
// out; a source of two statements is no page.
func TestLeaveOneCouncilOutWithPages(t *testing.T) {
	ex := []Example{
		{Text: "a1", QS: "a", Group: "A: local authority assessment", Source: "p1"},
		{Text: "a2", QS: "a", Group: "A: local authority assessment", Source: "p1"},
		{Text: "a3", QS: "b", Group: "A: local authority assessment", Source: "p2"},
		{Text: "a4", QS: "a", Group: "A: local authority assessment", Source: "p2"},
		{Text: "b1", QS: "b", Group: "B: local authority assessment", Source: "p3"},
		{Text: "b2", QS: "b", Group: "B: local authority assessment"},
	}
	var seen []string
	fit := func(train []Example) (Ranker, error) {
		return func(e Example) []string {
			for _, tr := range train {
				if CouncilOf(tr) == CouncilOf(e) {
					t.Errorf("ranked %q with a model trained on its council", e.Text)
				}
			}
			seen = append(seen, e.Text)
			return []string{"a", "b"}
		}, nil
	}
	paras, pages, err := LeaveOneCouncilOutWithPages(ex, fit)
	if err != nil {
		t.Fatal(err)
	}
	if len(paras) != 6 || len(pages) != 2 {
		t.Fatalf("%d paragraphs and %d pages, want 6 and 2", len(paras), len(pages))
	}
	if !slices.Contains(seen, "a1\na2") || !slices.Contains(seen, "b1") || pages[0].Label != "a" || pages[1].Council != "B" {
		t.Errorf("pages %+v, texts ranked %q", pages, seen)
	}
}

// TestLeaveOutFoldsByCouncil: beyond MaxCouncilFolds councils the councils
// are shared among that many folds, and still no model ever sees the
// council it ranks; an example's Council, when set, is its council.
func TestLeaveOutFoldsByCouncil(t *testing.T) {
	var ex []Example
	for i := range MaxCouncilFolds + 10 {
		for j := range 1 + i%3 {
			ex = append(ex, Example{Text: fmt.Sprintf("t%d-%d", i, j), QS: "a", Group: fmt.Sprintf("document:%d-%d", i, j),
				Council: fmt.Sprintf("la:%02d", i)})
		}
	}
	var fits int
	fit := func(train []Example) (Ranker, error) {
		fits++
		seen := map[string]bool{}
		for _, e := range train {
			seen[CouncilOf(e)] = true
		}
		return func(e Example) []string {
			if seen[CouncilOf(e)] {
				t.Errorf("ranked %q with a model trained on its council", e.Text)
			}
			return []string{"a"}
		}, nil
	}
	preds, _, err := leaveOut(ex, nil, MaxCouncilFolds, fit)
	if err != nil {
		t.Fatal(err)
	}
	if fits != MaxCouncilFolds || len(preds) != len(ex) {
		t.Errorf("%d fits and %d predictions, want %d and %d", fits, len(preds), MaxCouncilFolds, len(ex))
	}
	for _, p := range preds {
		if len(p.Ranked) == 0 || !strings.HasPrefix(p.Council, "la:") {
			t.Fatalf("prediction %+v", p)
		}
	}
	fits = 0
	if _, _, err := leaveOut(ex[:5], nil, MaxCouncilFolds, fit); err != nil || fits != 3 {
		t.Errorf("3 councils: %d fits (%v), want 3", fits, err)
	}
}
