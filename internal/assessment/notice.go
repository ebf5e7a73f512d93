package assessment

import "time"

// Audience is who looks at an assessment, as far as what waits for them goes.
type Audience int

// The audiences.
const (
	// AudienceStaff is CQC staff not on the assessment: admins, the panel,
	// inspectors of other assessments.
	AudienceStaff Audience = iota
	// AudienceInspector is one of the assessment's own inspectors.
	AudienceInspector
	// AudienceCouncil is the assessed council's staff.
	AudienceCouncil
)

// Notice is the one thing an assessment tells the person looking at it
// first (its page's notification banner, their home page's counts): what
// waits for them, or where it stands when nothing does.
type Notice string

// The notices.
const (
	NoticeNone Notice = ""
	// NoticeReturned: the panel returned the assessment to the inspectors,
	// with a reason; told to CQC staff only, as the council never sees
	// calibration.
	NoticeReturned Notice = "returned"
	// NoticeToAnswer: council comments wait for the inspectors' answer.
	NoticeToAnswer Notice = "to_answer"
	// NoticeCanPublish: the window is closed and every comment answered:
	// the inspectors may publish (PublishBlock is nil).
	NoticeCanPublish Notice = "can_publish"
	// NoticeCouncilCommenting: nothing to answer yet, and the council may
	// still comment until its deadline.
	NoticeCouncilCommenting Notice = "council_commenting"
	// NoticeSendComments: the council may send comments until its deadline.
	NoticeSendComments Notice = "send_comments"
	// NoticeCommentsEnded: the council said it has no more comments.
	NoticeCommentsEnded Notice = "comments_ended"
	// NoticeCommentsClosed: the council's deadline passed without its word.
	NoticeCommentsClosed Notice = "comments_closed"
	// NoticePublished: the rating is published.
	NoticePublished Notice = "published"
)

// Standing is where an assessment stands, as its notice is worked out.
type Standing struct {
	FactualAccuracyCheck
	// LastFrom is the state it was in before its latest change of state,
	// "" when it never moved.
	LastFrom State
}

// Returned reports whether the assessment is back with its inspectors
// because the panel returned it: in progress, and the latest change came
// from calibration.
func (s Standing) Returned() bool { return s.State == InProgress && s.LastFrom == Calibration }

// NoticeFor is what the assessment tells who first on the UK day today.
// Inspectors in factual accuracy are told what they must do before what
// they wait for: answer comments, then publish, else wait for the council.
// The council is told its deadline while it may comment. Staff not on the
// assessment are told only that it was returned or published.
func (s Standing) NoticeFor(who Audience, today time.Time) Notice {
	switch {
	case s.State == Published:
		return NoticePublished
	case s.Returned() && who != AudienceCouncil:
		return NoticeReturned
	case s.State != FactualAccuracy:
		return NoticeNone
	}
	switch who {
	case AudienceInspector:
		switch {
		case s.Unanswered > 0:
			return NoticeToAnswer
		case s.PublishBlock(today) == nil:
			return NoticeCanPublish
		case s.CommentsOpen(today):
			return NoticeCouncilCommenting
		}
	case AudienceCouncil:
		switch {
		case s.CouncilDone:
			return NoticeCommentsEnded
		case s.CommentsOpen(today):
			return NoticeSendComments
		case s.Deadline != nil:
			return NoticeCommentsClosed
		}
	}
	return NoticeNone
}
