package framework

// Section50 says whether scores trigger CQC's duty under section 50 of the
// Health and Social Care Act 2008 to tell the Secretary of State that a local
// authority is failing to perform its Care Act functions.
type Section50 struct {
	Triggered bool
	// Statements are the slugs of the quality statements that triggered
	// it, in number order.
	Statements []string
}

// Section50 checks quality statement scores, keyed by slug, for the section
// 50 duty by the catalogue's rule (data/section50.json): it is triggered
// when any quality statement that is not a Leadership statement scores the
// trigger score (1). Leadership statements scored 1 never trigger it.
// Partial scores are checked as they are; none at all trigger nothing.
func (v *Version) Section50(qsScores map[string]int) (Section50, error) {
	if err := v.checkQS(qsScores); err != nil {
		return Section50{}, err
	}
	var s Section50
	for _, qs := range v.cat.Statements {
		rule := v.cat.Section50
		if score, ok := qsScores[qs.Slug]; ok && score == rule.TriggerScore && !(qs.Leadership && rule.LeadershipExempt) {
			s.Triggered = true
			s.Statements = append(s.Statements, qs.Slug)
		}
	}
	return s, nil
}
