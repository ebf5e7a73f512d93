package authz

import (
	"errors"
	"slices"
)

// ErrForbidden means the principal may not do what it asked.
var ErrForbidden = errors.New("forbidden")

// Principal is a signed-in person as the authorization layer sees them.
type Principal struct {
	UserID int64
	Email  string
	Name   string
	Role   Role
	// LA is the council of council staff, empty for CQC roles.
	LA string
	// Assigned are the councils an inspector is assigned to.
	Assigned []string
}

// Scope is the set of councils whose data a principal may reach. Every query
// that touches council data takes one, so that a forgotten check in a handler
// still cannot return another council's rows.
type Scope struct {
	all bool
	las []string
}

// AllLAs is the scope of CQC staff who work across every council.
func AllLAs() Scope { return Scope{all: true} }

// OnlyLAs is a scope limited to the given councils; with none it allows nothing.
func OnlyLAs(codes ...string) Scope { return Scope{las: slices.Clone(codes)} }

// All reports whether the scope spans every council.
func (s Scope) All() bool { return s.all }

// LAs are the councils of a limited scope (nil when All).
func (s Scope) LAs() []string {
	if s.all {
		return nil
	}
	if s.las == nil {
		return []string{}
	}
	return slices.Clone(s.las)
}

// Allows reports whether the scope reaches the council code.
func (s Scope) Allows(code string) bool { return s.all || slices.Contains(s.las, code) }

// Scope is the councils the principal may read. Admins and panel members see
// every council (panels calibrate across them; admins manage them); inspectors
// only their assignments; council staff only their own council.
func (p Principal) Scope() Scope {
	switch p.Role {
	case RoleAdmin, RolePanel:
		return AllLAs()
	case RoleInspector:
		return OnlyLAs(p.Assigned...)
	case RoleLASubmitter, RoleLAViewer:
		if p.LA == "" {
			return OnlyLAs()
		}
		return OnlyLAs(p.LA)
	}
	return OnlyLAs()
}

// Action is something a principal may be allowed to do.
type Action string

// The actions checked so far; later features add theirs here.
const (
	ActionManagePortal   Action = "manage_portal" // LAs, users, assignments, audit log
	ActionSubmitEvidence Action = "submit_evidence"
	ActionReviewEvidence Action = "review_evidence"
	// ActionScore: score an assessment, send it to calibration, answer
	// factual accuracy comments and publish (as one of its inspectors).
	ActionScore Action = "score"
	// ActionCalibrate: validate an assessment in calibration or return it.
	ActionCalibrate Action = "calibrate"
	// ActionCommentFactualAccuracy: send factual accuracy comments on the
	// council's own draft scores.
	ActionCommentFactualAccuracy Action = "comment_factual_accuracy"
	// ActionExportScores: download an assessment's scores as CSV.
	ActionExportScores Action = "export_scores"
	// ActionViewDraftScores: see scores and history in any state (CQC staff).
	ActionViewDraftScores Action = "view_draft_scores"
	// ActionViewCQCDecisions: see what CQC staff decided and who they are:
	// who decided a tag and what inspectors rejected, the inspectors on an
	// assessment. Council staff see which tags were confirmed, not by whom.
	ActionViewCQCDecisions Action = "view_cqc_decisions"
	// ActionWorkAcrossLAs: work with the evidence of several councils, so
	// that lists offer a choice of council.
	ActionWorkAcrossLAs Action = "work_across_las"
)

// Can reports whether the principal's role allows the action at all; which
// councils it applies to is the Scope's business.
func (p Principal) Can(a Action) bool {
	switch a {
	case ActionManagePortal:
		return p.Role == RoleAdmin
	case ActionSubmitEvidence:
		return p.Role == RoleLASubmitter
	case ActionReviewEvidence, ActionScore:
		return p.Role == RoleInspector
	case ActionCalibrate:
		return p.Role == RolePanel
	case ActionCommentFactualAccuracy:
		return p.Role == RoleLASubmitter
	case ActionExportScores:
		return p.Role == RoleInspector || p.Role == RoleAdmin
	case ActionViewDraftScores, ActionViewCQCDecisions, ActionWorkAcrossLAs:
		return p.Role == RoleInspector || p.Role == RolePanel || p.Role == RoleAdmin
	}
	return false
}

// Require returns ErrForbidden unless the principal can do a.
func (p Principal) Require(a Action) error {
	if !p.Can(a) {
		return ErrForbidden
	}
	return nil
}
