package store

import "slices"

// TagState is where a document's tags stand, for one kind of tag: what an
// inspector confirmed or rejected (their latest decision on each label),
// what the tagger suggests that nobody decided on yet, and the council's
// hints, which are never counted as confirmed.
type TagState struct {
	Confirmed []string
	Rejected  []string
	Suggested []string // whole-document suggestions at or above the threshold, undecided
	Hints     []string
}

// State works out the document's tags of a kind; suggestions below at are
// left out. Labels keep the order of the suggestions (most confident first)
// and then of the decisions.
func (t DocumentTags) State(kind string, at float64) TagState {
	var st TagState
	// The hint given at upload first, then the later ones.
	hint := t.QSHint
	if kind == TagCategory {
		hint = t.CategoryHint
	}
	if hint != "" {
		st.Hints = append(st.Hints, hint)
	}
	latest := map[string]string{}
	var order []string
	for _, d := range t.Decisions {
		if d.Kind != kind {
			continue
		}
		if d.Source == "la" {
			if !slices.Contains(st.Hints, d.Label) {
				st.Hints = append(st.Hints, d.Label)
			}
			continue
		}
		if _, seen := latest[d.Label]; !seen {
			order = append(order, d.Label)
		}
		latest[d.Label] = d.Decision
	}
	for _, label := range order {
		if latest[label] == DecisionReject {
			st.Rejected = append(st.Rejected, label)
		} else {
			st.Confirmed = append(st.Confirmed, label)
		}
	}
	for _, sg := range t.Suggestions {
		if sg.Page == 0 && sg.Kind == kind && sg.Confidence >= at {
			if _, decided := latest[sg.Label]; !decided {
				st.Suggested = append(st.Suggested, sg.Label)
			}
		}
	}
	return st
}

// Suggestion returns the suggestion of a label on a page (0 for the whole
// document), if the tagger made one.
func (t DocumentTags) Suggestion(page int, kind, label string) (TagSuggestion, bool) {
	for _, sg := range t.Suggestions {
		if sg.Page == page && sg.Kind == kind && sg.Label == label {
			return sg, true
		}
	}
	return TagSuggestion{}, false
}
