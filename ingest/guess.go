package ingest

import (
	"regexp"
	"strconv"
	"strings"

	"github.com/evidenceportal/portal/internal/tagger"
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

// minTypeConfidence is the least confidence of the tagger's type guess
// (tagger.Guesser.DocumentType) that fills a type: below it one stray cue
// word ("actions", "this year") would decide.
const minTypeConfidence = 0.4

// textSpan is a span of years in running text: "2024/25", "2024-2027",
// "2024 to 2027". A year alone is not a period there (a date, a law's year).
var textSpan = regexp.MustCompile(`(20[0-9]{2})\s*(?:-|–|—|/|to)\s*(20[0-9]{2}|[0-9]{2})`)

// GuessFromText guesses a document's type and period from the start of its
// text: the type by the tagger's cue phrases (the title counts too), "" when
// nothing points to one firmly enough; the period as the span of years
// written most often (the first of those tied), "" when there is none.
// Like GuessDetails it only fills what a person left empty.
func GuessFromText(g *tagger.Guesser, title, text string) Guess {
	var out Guess
	if t := g.DocumentType(title, text); t.Label != "other" && t.Confidence >= minTypeConfidence && DocumentTypeLabel(t.Label) != "" {
		out.Type = t.Label
	}
	counts := map[string]int{}
	best := 0
	for _, ix := range textSpan.FindAllStringSubmatchIndex(text, -1) {
		if ix[0] > 0 && inNumber(text[ix[0]-1]) || ix[1] < len(text) && inNumber(text[ix[1]]) {
			continue // part of a longer number or a date: "12/2024/25"
		}
		first, end := text[ix[2]:ix[3]], text[ix[4]:ix[5]]
		if len(end) == 2 {
			end = first[:2] + end
		}
		start, _ := strconv.Atoi(first)
		stop, _ := strconv.Atoi(end)
		if stop <= start || stop-start > 10 {
			continue // "2024-03" is a month; a span of decades is not a period
		}
		p := first + " to " + end
		counts[p]++
		if counts[p] > best {
			best, out.Period = counts[p], p
		}
	}
	return out
}

// inNumber reports whether c continues a number or a date next to a span.
func inNumber(c byte) bool { return c >= '0' && c <= '9' || c == '/' }
