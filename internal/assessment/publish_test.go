package assessment

import (
	"errors"
	"strings"
	"testing"
	"time"
)

func TestCommentsOpen(t *testing.T) {
	deadline := time.Date(2027, 1, 6, 0, 0, 0, 0, time.UTC)
	tests := []struct {
		name  string
		f     FactualAccuracyCheck
		today time.Time
		want  bool
	}{
		{"before the deadline", FactualAccuracyCheck{State: FactualAccuracy, Deadline: &deadline}, deadline.AddDate(0, 0, -3), true},
		{"on the deadline", FactualAccuracyCheck{State: FactualAccuracy, Deadline: &deadline}, deadline, true},
		{"late on the deadline day", FactualAccuracyCheck{State: FactualAccuracy, Deadline: &deadline}, deadline.Add(23 * time.Hour), true},
		{"the day after", FactualAccuracyCheck{State: FactualAccuracy, Deadline: &deadline}, deadline.AddDate(0, 0, 1), false},
		{"council has no more", FactualAccuracyCheck{State: FactualAccuracy, Deadline: &deadline, CouncilDone: true}, deadline.AddDate(0, 0, -3), false},
		{"published", FactualAccuracyCheck{State: Published, Deadline: &deadline}, deadline.AddDate(0, 0, -3), false},
		{"no deadline", FactualAccuracyCheck{State: FactualAccuracy}, deadline, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.f.CommentsOpen(tt.today); got != tt.want {
				t.Errorf("CommentsOpen(%v) = %v, want %v", tt.today, got, tt.want)
			}
		})
	}
}

func TestPublishBlock(t *testing.T) {
	deadline := time.Date(2027, 1, 6, 0, 0, 0, 0, time.UTC)
	before, after := deadline.AddDate(0, 0, -1), deadline.AddDate(0, 0, 1)
	fa := func(done bool, unanswered int) FactualAccuracyCheck {
		return FactualAccuracyCheck{State: FactualAccuracy, Deadline: &deadline, CouncilDone: done, Unanswered: unanswered}
	}
	tests := []struct {
		name     string
		f        FactualAccuracyCheck
		today    time.Time
		want     error
		wantText string
	}{
		{"before the deadline", fa(false, 0), before, ErrCommentsOpen, "after the council's deadline for factual accuracy comments (the end of Wednesday 6 January 2027)"},
		{"on the deadline", fa(false, 0), deadline, ErrCommentsOpen, "or sooner if the council says it has no more comments"},
		{"before the deadline with a comment to answer", fa(false, 1), before, ErrCommentsOpen, "(1 comment to answer)"},
		{"after the deadline", fa(false, 0), after, nil, ""},
		{"council done before the deadline", fa(true, 0), before, nil, ""},
		{"council done, 2 unanswered", fa(true, 2), before, ErrUnanswered, "Answer every factual accuracy comment before publishing: 2 comments to answer"},
		{"after the deadline, 1 unanswered", fa(false, 1), after, ErrUnanswered, "1 comment to answer"},
		{"in calibration", FactualAccuracyCheck{State: Calibration}, after, ErrNoTransition, "only be published during the factual accuracy check"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.f.PublishBlock(tt.today); !errors.Is(got, tt.want) || (got == nil) != (tt.want == nil) {
				t.Errorf("PublishBlock(%v) = %v, want %v", tt.today, got, tt.want)
			}
			text := tt.f.PublishBlockText(tt.today)
			if (tt.wantText == "") != (text == "") || !strings.Contains(text, tt.wantText) {
				t.Errorf("PublishBlockText(%v) = %q, want it to contain %q", tt.today, text, tt.wantText)
			}
		})
	}
}
