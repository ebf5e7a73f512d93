package assessment

// State is where an assessment is in CQC's process.
type State string

// The states, in the order an assessment goes through them.
const (
	InProgress      State = "in_progress"
	Calibration     State = "calibration"
	FactualAccuracy State = "factual_accuracy"
	Published       State = "published"
)

// States lists every state in order.
func States() []State { return []State{InProgress, Calibration, FactualAccuracy, Published} }

// Known reports whether s is one of the states.
func (s State) Known() bool {
	for _, k := range States() {
		if s == k {
			return true
		}
	}
	return false
}

// Frozen reports whether scores can no longer be changed: outside "in
// progress" the panel, the council and the public judge what was saved.
func (s State) Frozen() bool { return s != InProgress }

// CouncilSeesScores reports whether the assessed council may see its scores
// and findings: from the factual accuracy check onwards, never before.
func (s State) CouncilSeesScores() bool { return s == FactualAccuracy || s == Published }

// ReportEditable reports whether the inspectors may change the draft report:
// while they assess, and in the factual accuracy check, where they correct
// it in answer to the council. In calibration the panel judges what was
// sent; once published a report changes only by a new version.
func (s State) ReportEditable() bool { return s == InProgress || s == FactualAccuracy }
