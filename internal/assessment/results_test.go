package assessment

import (
	"testing"
	"time"

	"github.com/evidenceportal/portal/internal/framework"
	"github.com/google/go-cmp/cmp"
)

func method(t *testing.T, version string) Method {
	t.Helper()
	cat, err := framework.Load()
	if err != nil {
		t.Fatal(err)
	}
	v, err := cat.Version(version)
	if err != nil {
		t.Fatal(err)
	}
	return NewMethod(cat, v)
}

var slugs = []string{"assessing-needs", "healthier-lives", "equity", "care-provision", "partnerships",
	"safe-systems", "safeguarding", "governance", "learning"}

// direct gives the statements their scores in catalogue order.
func direct(scores ...int) []Score {
	var out []Score
	for i, n := range scores {
		out = append(out, Score{QS: slugs[i], Score: n})
	}
	return out
}

func TestResults(t *testing.T) {
	tests := []struct {
		name      string
		version   string
		scores    []Score
		percent   int
		rating    string
		complete  bool
		section50 []string
		qs        map[string]int
	}{
		{"five 4s and four 3s", "qs-only-2024", direct(4, 4, 4, 4, 4, 3, 3, 3, 3), 89, "outstanding", true, nil, nil},
		{"nine 3s", "qs-only-2024", direct(3, 3, 3, 3, 3, 3, 3, 3, 3), 75, "good", true, nil, nil},
		{"a 1 outside Leadership", "qs-only-2024", direct(3, 3, 3, 3, 3, 3, 1, 3, 3), 0, "", true, []string{"safeguarding"}, nil},
		{"a 1 in Leadership only", "qs-only-2024", direct(3, 3, 3, 3, 3, 3, 3, 1, 3), 0, "", true, nil, nil},
		{"half scored", "qs-only-2024", direct(3, 3, 3, 3), 0, "", false, nil, nil},
		{"interim: categories 3, 3, 3, 2 give 11/16, a 3", "interim-2023", []Score{
			{QS: "equity", Category: "people-experience", Score: 3}, {QS: "equity", Category: "staff-leaders-feedback", Score: 3},
			{QS: "equity", Category: "partners-feedback", Score: 3}, {QS: "equity", Category: "processes", Score: 2},
		}, 0, "", false, nil, map[string]int{"equity": 3}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := method(t, tt.version).Results(tt.scores)
			if err != nil {
				t.Fatal(err)
			}
			if r.Complete() != tt.complete {
				t.Errorf("Complete = %v, want %v", r.Complete(), tt.complete)
			}
			if tt.percent != 0 && (r.Overall == nil || r.Overall.Percent != tt.percent || r.Overall.Rating.Slug != tt.rating) {
				t.Errorf("Overall = %+v, want %d%% %s", r.Overall, tt.percent, tt.rating)
			}
			if diff := cmp.Diff(tt.section50, r.Section50.Statements); diff != "" || r.Section50.Triggered != (tt.section50 != nil) {
				t.Errorf("Section50 (-want +got):\n%s", diff)
			}
			if tt.qs != nil {
				if diff := cmp.Diff(tt.qs, r.QSScores); diff != "" {
					t.Errorf("QSScores (-want +got):\n%s", diff)
				}
			}
			if len(r.QS) != 9 {
				t.Errorf("got %d statements, want the catalogue's 9", len(r.QS))
			}
		})
	}
}

func TestRollupAndCompare(t *testing.T) {
	m := method(t, "qs-only-2024")
	three, two, four := 3, 2, 4
	all3 := direct(3, 3, 3, 3, 3, 3, 3, 3, 3)
	all3but := func(qs string, n int) []Score {
		out := direct(3, 3, 3, 3, 3, 3, 3, 3, 3)
		for i := range out {
			if out[i].QS == qs {
				out[i].Score = n
			}
		}
		return out
	}
	tests := []struct {
		name   string
		qs     string
		old    *int
		new    int
		before []Score
		after  []Score
		want   BandChange
	}{
		{"first score of an empty assessment", "equity", nil, 3, nil, direct(0, 0, 3)[2:],
			BandChange{NewQSScore: &three, NewRating: "good"}},
		{"reviewed, unchanged", "equity", &three, 3, all3, all3,
			BandChange{Reviewed: true, OldQSScore: &three, NewQSScore: &three, OldRating: "good", NewRating: "good"}},
		{"statement moves band, rating stays", "equity", &three, 2, all3, all3but("equity", 2),
			BandChange{OldQSScore: &three, NewQSScore: &two, QSBandChanged: true, OldRating: "good", NewRating: "good"}},
		{"rating moves band once complete", "equity", &four, 3, direct(4, 4, 4, 4, 4, 3, 3, 3, 3),
			direct(4, 4, 3, 4, 4, 3, 3, 3, 3),
			BandChange{OldQSScore: &four, NewQSScore: &three, QSBandChanged: true, OldRating: "outstanding", NewRating: "good", RatingChanged: true}},
		{"completing is not a rating change", "learning", nil, 3, direct(3, 3, 3, 3, 3, 3, 3, 3), all3,
			BandChange{NewQSScore: &three, OldRating: "good", NewRating: "good"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Compare(tt.qs, tt.old, tt.new, m.Rollup(tt.before), m.Rollup(tt.after))
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("Compare (-want +got):\n%s", diff)
			}
		})
	}
	if r := m.Rollup([]Score{{QS: "equity", Score: 7}}); r.Rating != "" || r.QS != nil {
		t.Errorf("Rollup of a score out of range = %+v, want nothing", r)
	}
}

func TestHistoryDates(t *testing.T) {
	t1 := time.Date(2026, 3, 1, 10, 0, 0, 0, time.UTC)
	t2, t3 := t1.Add(time.Hour), t1.Add(2*time.Hour)
	tests := []struct {
		name              string
		history           []Event
		assessed, changed *time.Time
	}{
		{"none", nil, nil, nil},
		{"saved, never moved band", []Event{{At: t3}, {At: t2}}, &t3, nil},
		{"moved band earlier", []Event{{At: t3}, {At: t2, RatingChanged: true}, {At: t1, RatingChanged: true}}, &t3, &t2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if diff := cmp.Diff(tt.assessed, LastAssessed(tt.history)); diff != "" {
				t.Errorf("LastAssessed (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tt.changed, RatingLastChanged(tt.history)); diff != "" {
				t.Errorf("RatingLastChanged (-want +got):\n%s", diff)
			}
		})
	}
}
