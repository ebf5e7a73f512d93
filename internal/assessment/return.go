package assessment

import (
	"fmt"
	"time"

	"github.com/evidenceportal/portal/internal/authz"
)

// ReturnState is where an information return is: a draft the inspectors
// edit, issued to the council, who answers it, or submitted and frozen.
type ReturnState string

// The states of a return, in order.
const (
	ReturnDraft     ReturnState = "draft"
	ReturnIssued    ReturnState = "issued"
	ReturnSubmitted ReturnState = "submitted"
)

// DefaultDueDays is how long a council has to complete a return: CQC gives
// 3 weeks. It is a setting of each return.
const DefaultDueDays = 21

// MaxDueDays bounds the due days an inspector may set.
const MaxDueDays = 120

// DueOn is the due date of a return issued at issued with days to complete
// it: days after the UK day of issue, at midnight UTC like every deadline.
func DueOn(issued time.Time, days int, loc *time.Location) time.Time {
	return Day(issued.In(loc)).AddDate(0, 0, days)
}

// DaysLeft is how many days remain until the due date on the UK day today:
// 0 on the day itself, negative once overdue.
func DaysLeft(due, today time.Time) int {
	return int(Day(due).Sub(Day(today)).Hours() / 24)
}

// DueText says when something is due as people read it: "due today", "due
// in 4 days", "overdue by 2 days".
func DueText(due, today time.Time) string {
	n := DaysLeft(due, today)
	switch {
	case n == 0:
		return "due today"
	case n == 1:
		return "due tomorrow"
	case n > 1:
		return fmt.Sprintf("due in %d days", n)
	case n == -1:
		return "overdue by 1 day"
	}
	return fmt.Sprintf("overdue by %d days", -n)
}

// ItemStatus is where one item of a return is, as both sides see it.
type ItemStatus string

// The statuses of an item.
const (
	ItemNotStarted ItemStatus = "not_started"
	ItemInProgress ItemStatus = "in_progress" // answered, the return not yet submitted
	ItemSubmitted  ItemStatus = "submitted"
	ItemOverdue    ItemStatus = "overdue" // past its due date and the return not submitted
)

// Label is the status as shown on a GOV.UK tag, with the tag's colour.
func (s ItemStatus) Label() (label, class string) {
	switch s {
	case ItemNotStarted:
		return "Not started", "govuk-tag--grey"
	case ItemInProgress:
		return "In progress", "govuk-tag--light-blue"
	case ItemSubmitted:
		return "Submitted", "govuk-tag--green"
	case ItemOverdue:
		return "Overdue", "govuk-tag--red"
	}
	return string(s), "govuk-tag--grey"
}

// StatusOf is the status of an item of a return in state st: answered
// says whether it has an answer, due is its due date (nil before issue).
func StatusOf(st ReturnState, answered bool, due *time.Time, today time.Time) ItemStatus {
	switch {
	case st == ReturnSubmitted:
		return ItemSubmitted
	case st == ReturnIssued && due != nil && DaysLeft(*due, today) < 0:
		return ItemOverdue
	case answered:
		return ItemInProgress
	}
	return ItemNotStarted
}

// ReturnOffer is what a person may do to a return now, so that pages offer
// only what the handlers allow.
type ReturnOffer struct {
	Issue  bool // create the draft, edit its items and issue it
	Answer bool // answer items, change answers
	Submit bool
	// ViewPersonal: see answers that hold personal data (contacts, case
	// lists): the council's own staff and the assessment's inspectors only.
	ViewPersonal bool
}

// ReturnOffers is what p may do to a return in state st of an assessment
// in state ast; inspector says whether p is one of its inspectors. The
// council is the store's business: p's scope already limits which returns
// p can reach at all.
func ReturnOffers(p authz.Principal, inspector bool, st ReturnState, ast State) ReturnOffer {
	cqcIssuer := (p.Role == authz.RoleInspector && inspector) || p.Role == authz.RoleAdmin
	council := p.Can(authz.ActionSubmitEvidence)
	return ReturnOffer{
		Issue:        cqcIssuer && st == ReturnDraft && ast != Published,
		Answer:       council && st == ReturnIssued,
		Submit:       council && st == ReturnIssued,
		ViewPersonal: p.Role.IsLA() || (p.Role == authz.RoleInspector && inspector),
	}
}

// MayOpenReturn reports whether p may start the draft return of an
// assessment in state ast that has none yet.
func MayOpenReturn(p authz.Principal, inspector bool, ast State) bool {
	return ReturnOffers(p, inspector, ReturnDraft, ast).Issue
}
