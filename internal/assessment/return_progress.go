package assessment

import (
	"cmp"
	"slices"
	"time"
)

// ItemFacts are what the progress of a return is worked out from, for
// one item.
type ItemFacts struct {
	Part     string
	QS       []string
	Required bool
	Answered bool
	// Reason is why a required item is not answered, given on submission.
	Reason string
	Due    *time.Time
}

// Tally counts the items of a part, a quality statement or a whole return.
type Tally struct {
	Items, Answered         int
	Required, RequiredAnswd int
}

// Done reports whether every required item is answered.
func (t Tally) Done() bool { return t.RequiredAnswd == t.Required }

// Progress is how far a return has got: overall, per part and per quality
// statement (an item counts towards each statement it relates to).
type Progress struct {
	All    Tally
	ByPart map[string]Tally
	ByQS   map[string]Tally
}

// ReturnProgress counts answered and required items.
func ReturnProgress(items []ItemFacts) Progress {
	p := Progress{ByPart: map[string]Tally{}, ByQS: map[string]Tally{}}
	add := func(t Tally, it ItemFacts) Tally {
		t.Items++
		if it.Answered {
			t.Answered++
		}
		if it.Required {
			t.Required++
			if it.Answered {
				t.RequiredAnswd++
			}
		}
		return t
	}
	for _, it := range items {
		p.All = add(p.All, it)
		p.ByPart[it.Part] = add(p.ByPart[it.Part], it)
		for _, qs := range it.QS {
			p.ByQS[qs] = add(p.ByQS[qs], it)
		}
	}
	return p
}

// Missing lists the indexes of the required items that are neither
// answered nor given a reason: a return may be submitted only when there
// are none.
func Missing(items []ItemFacts) []int {
	var out []int
	for i, it := range items {
		if it.Required && !it.Answered && it.Reason == "" {
			out = append(out, i)
		}
	}
	return out
}

// DueFirst orders items for lists of what is due: soonest due (so overdue)
// first, unanswered before answered on the same day, then those without a
// date, keeping the return's order otherwise.
func DueFirst(items []ItemFacts) []int {
	idx := make([]int, len(items))
	for i := range idx {
		idx[i] = i
	}
	slices.SortStableFunc(idx, func(a, b int) int {
		da, db := items[a].Due, items[b].Due
		switch {
		case da == nil && db == nil:
			return 0
		case da == nil:
			return 1
		case db == nil:
			return -1
		}
		if c := cmp.Compare(da.Unix(), db.Unix()); c != 0 {
			return c
		}
		return cmp.Compare(btoi(items[a].Answered), btoi(items[b].Answered))
	})
	return idx
}

func btoi(b bool) int {
	if b {
		return 1
	}
	return 0
}
