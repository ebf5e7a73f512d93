package assessment

import (
	"errors"
	"fmt"
	"unicode/utf8"

	"github.com/evidenceportal/portal/internal/authz"
)

// MaxText is the longest rationale, factual accuracy comment or answer, in
// characters.
const MaxText = 10000

// MaxStateComment is the longest comment on a change of state, in characters.
const MaxStateComment = 5000

// ErrNoTransition means there is no way from the assessment's state to the
// one asked for.
var ErrNoTransition = errors.New("no such change of state")

// ErrUnknownState means a state that does not exist was asked for.
var ErrUnknownState = errors.New("unknown assessment state")

// ErrCommentNeeded means the change needs a comment saying why.
var ErrCommentNeeded = errors.New("comment needed")

// ErrCommentTooLong means the comment is over MaxStateComment.
var ErrCommentTooLong = errors.New("comment too long")

// Transition is one change of state and who may make it.
type Transition struct {
	From, To State
	// Action is what the person's role must allow.
	Action authz.Action
	// InspectorOnly: only one of the assessment's own inspectors.
	InspectorOnly bool
	// NeedsComment: the change must say why (returning to the inspectors).
	NeedsComment bool
	// Confirm: pages ask for the change on a page of its own that says
	// what will happen, after the evidence has been read, never as one
	// click beside it. The panel's decisions cannot be taken back: the
	// council is told, or the inspectors are.
	Confirm bool
}

// transitions are the only changes of state there are: inspectors send an
// assessment to calibration; the panel returns it or validates it, which
// starts factual accuracy; inspectors publish once the council's window
// has closed and every comment is answered (FactualAccuracyCheck, applied
// by the store where the comments are).
func transitions() []Transition {
	return []Transition{
		{From: InProgress, To: Calibration, Action: authz.ActionScore, InspectorOnly: true},
		{From: Calibration, To: InProgress, Action: authz.ActionCalibrate, NeedsComment: true, Confirm: true},
		{From: Calibration, To: FactualAccuracy, Action: authz.ActionCalibrate, Confirm: true},
		{From: FactualAccuracy, To: Published, Action: authz.ActionScore, InspectorOnly: true},
	}
}

// Find is the transition from one state to another: ErrUnknownState when
// to is no state at all, ErrNoTransition when there is no way there from
// from.
func Find(from, to State) (Transition, error) {
	if !to.Known() {
		return Transition{}, fmt.Errorf("%w: %q", ErrUnknownState, to)
	}
	for _, t := range transitions() {
		if t.From == from && t.To == to {
			return t, nil
		}
	}
	return Transition{}, fmt.Errorf("%w: %s to %s", ErrNoTransition, from, to)
}

// Allows reports whether p may make the change; inspector says whether p
// is one of the assessment's inspectors.
func (t Transition) Allows(p authz.Principal, inspector bool) bool {
	return p.Can(t.Action) && (!t.InspectorOnly || inspector)
}

// CheckComment checks the comment given with the change (trimmed).
func (t Transition) CheckComment(comment string) error {
	switch {
	case t.NeedsComment && comment == "":
		return ErrCommentNeeded
	case utf8.RuneCountInString(comment) > MaxStateComment:
		return ErrCommentTooLong
	}
	return nil
}

// Offer is what a person may do to an assessment now, so that pages offer
// only what the handlers will allow.
type Offer struct {
	Score           bool // save scores
	SendCalibration bool // in progress to calibration
	Calibrate       bool // return or validate
	PanelComment    bool // the panel's comment on each statement, while it calibrates
	Publish         bool // factual accuracy to published
	Answer          bool // answer the council's factual accuracy comments
	ViewDraft       bool // see scores before the council may
	DraftReport     bool // write and change the draft report
}

// Offers is what p may do to an assessment in state st; inspector says
// whether p is one of its inspectors.
func Offers(p authz.Principal, inspector bool, st State) Offer {
	allowed := func(to State) bool {
		t, err := Find(st, to)
		return err == nil && t.Allows(p, inspector)
	}
	scorer := p.Can(authz.ActionScore) && inspector
	return Offer{
		Score:           scorer && st == InProgress,
		SendCalibration: allowed(Calibration),
		Calibrate:       allowed(InProgress) && allowed(FactualAccuracy),
		PanelComment:    p.Can(authz.ActionCalibrate) && st == Calibration,
		Publish:         allowed(Published),
		Answer:          scorer && st == FactualAccuracy,
		ViewDraft:       p.Can(authz.ActionViewDraftScores),
		DraftReport:     scorer && st.ReportEditable(),
	}
}

// CheckPanelComment checks the panel's comment on one statement (trimmed):
// empty clears it; it is as long as a comment on a change of state may be.
func CheckPanelComment(comment string) error {
	if utf8.RuneCountInString(comment) > MaxStateComment {
		return ErrCommentTooLong
	}
	return nil
}
