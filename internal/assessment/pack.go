package assessment

import "github.com/evidenceportal/portal/internal/authz"

// The audiences of an evidence pack.
const (
	PackCQC     = "cqc"
	PackCouncil = "council"
)

// PackContents is what an evidence pack holds for the person downloading
// it.
type PackContents struct {
	Audience string
	// Scores and Report: the scores with their rationales, the report, and
	// the documents they cite. Council staff get them only once they may
	// see the scores (CouncilSeesScores), never the draft before.
	Scores, Report bool
	// Personal: documents of the information return's items that hold
	// personal data (ReturnOffers' ViewPersonal).
	Personal bool
	// Names: who at CQC saved each score; council staff see what was
	// decided, not by whom.
	Names bool
}

// PackFor says whether p may download the evidence pack of an assessment
// in state st (inspector: p is one of its inspectors), and what it holds:
// its own inspectors and CQC administrators the whole pack; the council's
// staff the pack of their own evidence (what they submitted, and what the
// scores and report cite once they may see them). Other inspectors and
// the panel may not: they read the evidence in the portal.
func PackFor(p authz.Principal, inspector bool, st State) (PackContents, bool) {
	personal := ReturnOffers(p, inspector, ReturnIssued, st).ViewPersonal
	switch {
	case p.Role == authz.RoleAdmin || (p.Role == authz.RoleInspector && inspector):
		return PackContents{Audience: PackCQC, Scores: true, Report: true, Personal: personal, Names: true}, true
	case p.Role.IsLA():
		sees := st.CouncilSeesScores()
		return PackContents{Audience: PackCouncil, Scores: sees, Report: sees, Personal: personal}, true
	}
	return PackContents{}, false
}
