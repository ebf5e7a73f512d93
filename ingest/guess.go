package ingest

import (
	"regexp"
	"strings"
)

// Guess is what a file's name suggests about it: a type of DocumentTypes
// and the period it covers, each "" when nothing does.
type Guess struct {
	Type   string
	Period string
}

// typeCues are words of a file name that name a type of document, the
// more particular first: a "peer review action plan" is an action plan.
var typeCues = []struct {
	words []string
	typ   string
}{
	{[]string{"self assessment", "selfassessment", "self evaluation"}, "self-assessment"},
	{[]string{"action plan", "improvement plan"}, "action-plan"},
	{[]string{"peer review", "peer challenge"}, "peer-review"},
	{[]string{"annual report", "local account"}, "annual-report"},
	{[]string{"minutes"}, "minutes"},
	{[]string{"survey"}, "survey-results"},
	{[]string{"ascof", "dashboard", "performance", "kpi", "scorecard"}, "performance-data"},
	{[]string{"procedure", "protocol", "guidance"}, "procedure"},
	{[]string{"policy"}, "policy"},
	{[]string{"strategy", "market position statement", "commissioning plan"}, "strategy"},
}

var (
	nameSeparators = regexp.MustCompile(`[\s_\-.]+`)
	// A span of years ("2024 to 2027", "2024-27", "2024/25") or a single
	// year, between 2000 and 2099.
	yearSpan = regexp.MustCompile(`(?:^|[^0-9])(20[0-9]{2})(?:\s*(?:-|–|/|_|to)\s*(20[0-9]{2}|[0-9]{2}))?(?:[^0-9]|$)`)
)

// GuessDetails guesses a file's type and period from simple cues in its
// name ("ASC self-assessment 2024-25.pdf" is a self-assessment of 2024 to
// 2025). The guess only fills what the uploader left empty; they see it
// and may change it.
func GuessDetails(filename string) Guess {
	base := filename
	if i := strings.LastIndex(base, "."); i > 0 {
		base = base[:i]
	}
	words := " " + strings.ToLower(nameSeparators.ReplaceAllString(base, " ")) + " "
	var g Guess
	for _, c := range typeCues {
		for _, w := range c.words {
			if strings.Contains(words, " "+w+" ") || strings.Contains(words, " "+w+"s ") {
				g.Type = c.typ
				break
			}
		}
		if g.Type != "" {
			break
		}
	}
	if m := yearSpan.FindStringSubmatch(strings.ToLower(base)); m != nil {
		g.Period = m[1]
		if end := m[2]; end != "" {
			if len(end) == 2 {
				end = m[1][:2] + end
			}
			if end > m[1] {
				g.Period = m[1] + " to " + end
			}
		}
	}
	return g
}
