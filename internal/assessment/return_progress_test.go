package assessment

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

func TestReturnProgress(t *testing.T) {
	items := []ItemFacts{
		{Part: "contacts", Required: true, Answered: true},
		{Part: "evidence", QS: []string{"safeguarding"}, Required: true},
		{Part: "evidence", QS: []string{"safeguarding", "safe-systems"}, Required: false, Answered: true},
		{Part: "evidence", QS: []string{"equity"}, Required: true, Reason: "We have no JSNA this year"},
	}
	p := ReturnProgress(items)
	want := Progress{
		All: Tally{Items: 4, Answered: 2, Required: 3, RequiredAnswd: 1},
		ByPart: map[string]Tally{
			"contacts": {Items: 1, Answered: 1, Required: 1, RequiredAnswd: 1},
			"evidence": {Items: 3, Answered: 1, Required: 2},
		},
		ByQS: map[string]Tally{
			"safeguarding": {Items: 2, Answered: 1, Required: 1},
			"safe-systems": {Items: 1, Answered: 1},
			"equity":       {Items: 1, Required: 1},
		},
	}
	if diff := cmp.Diff(want, p); diff != "" {
		t.Errorf("ReturnProgress (-want +got):\n%s", diff)
	}
	if !p.ByPart["contacts"].Done() || p.All.Done() {
		t.Errorf("Done: contacts %v, all %v; want true, false", p.ByPart["contacts"].Done(), p.All.Done())
	}
	if diff := cmp.Diff([]int{1}, Missing(items)); diff != "" {
		t.Errorf("Missing (-want +got):\n%s", diff)
	}
	if got := Missing(items[:1]); got != nil {
		t.Errorf("Missing of a complete return = %v, want none", got)
	}
}

func TestDueFirst(t *testing.T) {
	d := func(day int) *time.Time { t := time.Date(2026, 3, day, 0, 0, 0, 0, time.UTC); return &t }
	items := []ItemFacts{
		{Due: nil},
		{Due: d(20), Answered: true},
		{Due: d(10)},
		{Due: d(20)},
	}
	if diff := cmp.Diff([]int{2, 3, 1, 0}, DueFirst(items)); diff != "" {
		t.Errorf("DueFirst (-want +got):\n%s", diff)
	}
}
