package assessment

import (
	"testing"
	"time"
)

// TestNoticeFor tries every audience on every standing that tells one of
// them something: each is told only what is theirs.
func TestNoticeFor(t *testing.T) {
	deadline := time.Date(2027, 1, 6, 0, 0, 0, 0, time.UTC)
	before, after := deadline.AddDate(0, 0, -3), deadline.AddDate(0, 0, 1)
	fa := func(done bool, unanswered int) Standing {
		return Standing{FactualAccuracyCheck: FactualAccuracyCheck{State: FactualAccuracy, Deadline: &deadline,
			CouncilDone: done, Unanswered: unanswered}, LastFrom: Calibration}
	}
	in := func(last State) Standing {
		return Standing{FactualAccuracyCheck: FactualAccuracyCheck{State: InProgress}, LastFrom: last}
	}
	tests := []struct {
		name  string
		s     Standing
		today time.Time
		// want is what each audience is told: staff, inspector, council.
		want [3]Notice
	}{
		{"just opened", in(""), before, [3]Notice{}},
		{"returned by the panel", in(Calibration), before, [3]Notice{NoticeReturned, NoticeReturned, NoticeNone}},
		{"in calibration", Standing{FactualAccuracyCheck: FactualAccuracyCheck{State: Calibration}, LastFrom: InProgress}, before, [3]Notice{}},
		{"factual accuracy, nothing sent yet", fa(false, 0), before, [3]Notice{NoticeNone, NoticeCouncilCommenting, NoticeSendComments}},
		{"on the deadline day", fa(false, 0), deadline, [3]Notice{NoticeNone, NoticeCouncilCommenting, NoticeSendComments}},
		{"a comment to answer while the council may send more", fa(false, 1), before, [3]Notice{NoticeNone, NoticeToAnswer, NoticeSendComments}},
		{"council done, 2 to answer", fa(true, 2), before, [3]Notice{NoticeNone, NoticeToAnswer, NoticeCommentsEnded}},
		{"council done, all answered", fa(true, 0), before, [3]Notice{NoticeNone, NoticeCanPublish, NoticeCommentsEnded}},
		{"deadline passed, all answered", fa(false, 0), after, [3]Notice{NoticeNone, NoticeCanPublish, NoticeCommentsClosed}},
		{"deadline passed, 1 to answer", fa(false, 1), after, [3]Notice{NoticeNone, NoticeToAnswer, NoticeCommentsClosed}},
		{"published", Standing{FactualAccuracyCheck: FactualAccuracyCheck{State: Published, Deadline: &deadline}, LastFrom: FactualAccuracy},
			before, [3]Notice{NoticePublished, NoticePublished, NoticePublished}},
	}
	audiences := []struct {
		name string
		a    Audience
	}{{"staff", AudienceStaff}, {"inspector", AudienceInspector}, {"council", AudienceCouncil}}
	for _, tt := range tests {
		for i, au := range audiences {
			t.Run(tt.name+"/"+au.name, func(t *testing.T) {
				if got := tt.s.NoticeFor(au.a, tt.today); got != tt.want[i] {
					t.Errorf("NoticeFor(%s, %v) = %q, want %q", au.name, tt.today.Format(time.DateOnly), got, tt.want[i])
				}
			})
		}
	}
}

func TestReturned(t *testing.T) {
	tests := []struct {
		state, last State
		want        bool
	}{
		{InProgress, "", false},
		{InProgress, Calibration, true},
		{Calibration, InProgress, false},
		{FactualAccuracy, Calibration, false},
	}
	for _, tt := range tests {
		t.Run(string(tt.state)+" from "+string(tt.last), func(t *testing.T) {
			s := Standing{FactualAccuracyCheck: FactualAccuracyCheck{State: tt.state}, LastFrom: tt.last}
			if got := s.Returned(); got != tt.want {
				t.Errorf("Returned() = %v, want %v", got, tt.want)
			}
		})
	}
}
