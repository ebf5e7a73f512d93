package assessment

import (
	"errors"
	"fmt"
	"time"
)

// ErrCommentsOpen means the council may still send factual accuracy
// comments: the deadline has not passed and it has not said it has no more.
var ErrCommentsOpen = errors.New("factual accuracy check still open")

// ErrUnanswered means a factual accuracy comment has no answer yet.
var ErrUnanswered = errors.New("factual accuracy comment not answered")

// FactualAccuracyCheck is where an assessment's factual accuracy check
// stands, as the rules of comments and publication read it.
type FactualAccuracyCheck struct {
	State    State
	Deadline *time.Time
	// CouncilDone: the council has said it has no more comments.
	CouncilDone bool
	// Unanswered counts the council's comments without an answer.
	Unanswered int
}

// CommentsOpen reports whether the council may still send factual accuracy
// comments on the UK day today (from Day): in the check, up to and
// including its deadline, until it says it has no more.
func (f FactualAccuracyCheck) CommentsOpen(today time.Time) bool {
	return f.State == FactualAccuracy && f.Deadline != nil && !f.CouncilDone && !Day(today).After(Day(*f.Deadline))
}

// PublishBlock is why the assessment cannot be published on the UK day
// today, nil when it can (as far as the check goes; the transition's own
// rules still apply): ErrCommentsOpen while the council may still comment,
// ErrUnanswered while a comment waits for an answer. Pages say it with
// PublishBlockText and the store refuses with it, so the two agree.
func (f FactualAccuracyCheck) PublishBlock(today time.Time) error {
	switch {
	case f.State != FactualAccuracy:
		return ErrNoTransition
	case f.CommentsOpen(today):
		return ErrCommentsOpen
	case f.Unanswered > 0:
		return ErrUnanswered
	}
	return nil
}

// PublishBlockText says in words why publication waits, "" when it does not.
func (f FactualAccuracyCheck) PublishBlockText(today time.Time) string {
	switch err := f.PublishBlock(today); {
	case err == nil:
		return ""
	case errors.Is(err, ErrCommentsOpen):
		text := fmt.Sprintf("You can publish the rating after the council's deadline for factual accuracy comments "+
			"(the end of %s), or sooner if the council says it has no more comments", f.Deadline.Format("Monday 2 January 2006"))
		if f.Unanswered > 0 {
			text += fmt.Sprintf(", once every comment is answered (%s to answer)", Plural(f.Unanswered, "comment"))
		}
		return text
	case errors.Is(err, ErrUnanswered):
		return fmt.Sprintf("Answer every factual accuracy comment before publishing: %s to answer", Plural(f.Unanswered, "comment"))
	}
	return "The rating can only be published during the factual accuracy check"
}

// Plural is n and the noun, with an s unless n is 1: "1 comment", "3 comments".
func Plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}
