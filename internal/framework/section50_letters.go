package framework

import (
	"errors"
	"fmt"
	"strings"
	"text/template"
)

// Section50Rule is when scores trigger CQC's section 50 duty and the
// letters it then sends, as data (data/section50.json): the score that
// triggers it, whether Leadership statements are exempt, the rule in words
// with its source, and the templates of the two letters.
type Section50Rule struct {
	TriggerScore     int              `json:"trigger_score"`
	LeadershipExempt bool             `json:"leadership_exempt"`
	Rule             string           `json:"rule"`
	Source           string           `json:"source"`
	Letters          []LetterTemplate `json:"letters"`
}

// The keys of the two letters the duty asks for.
const (
	LetterSecretaryOfState = "secretary-of-state"
	LetterCouncil          = "council"
)

// LetterTemplate is one letter as data: its heading on the page and its
// recipient, subject and body as text/template over LetterData.
type LetterTemplate struct {
	Key       string `json:"key"`
	Title     string `json:"title"`
	Recipient string `json:"recipient"`
	Subject   string `json:"subject"`
	Body      string `json:"body"`

	recipient, subject, body *template.Template
}

// LetterData is what a letter is drafted from: the published assessment.
type LetterData struct {
	LAName, LACode string
	// Published is the day of publication as GOV.UK writes dates.
	Published string
	Rating    string
	Percent   int
	// Statements are the names of the statements that triggered it.
	Statements []string
	ReportURL  string
}

// Letter is a drafted letter, plain text.
type Letter struct {
	Key, Title, Recipient, Subject, Body string
}

// ErrUnknownLetter means a key names none of the letters.
var ErrUnknownLetter = errors.New("unknown section 50 letter")

func (r *Section50Rule) parse() error {
	keys := map[string]bool{}
	for i := range r.Letters {
		l := &r.Letters[i]
		if keys[l.Key] {
			return fmt.Errorf("section 50 letter %q twice", l.Key)
		}
		keys[l.Key] = true
		for _, t := range []struct {
			dst  **template.Template
			name string
			text string
		}{{&l.recipient, "recipient", l.Recipient}, {&l.subject, "subject", l.Subject}, {&l.body, "body", l.Body}} {
			tpl, err := template.New(l.Key + " " + t.name).Option("missingkey=error").Parse(t.text)
			if err != nil {
				return fmt.Errorf("section 50 letter %q: %w", l.Key, err)
			}
			*t.dst = tpl
		}
		// A template that cannot be drafted from real data fails at
		// start, not when the duty is triggered.
		if _, err := l.Draft(LetterData{LAName: "Test Council", LACode: "E06000000", Published: "1 April 2026", Rating: "Inadequate",
			Percent: 30, Statements: []string{"Safeguarding"}, ReportURL: "https://example.test/reports/1"}); err != nil {
			return err
		}
	}
	if !keys[LetterSecretaryOfState] || !keys[LetterCouncil] || len(keys) != 2 {
		return fmt.Errorf("section 50 letters are %v, want %q and %q", keys, LetterSecretaryOfState, LetterCouncil)
	}
	if r.TriggerScore < MinScore || r.TriggerScore > MaxScore || r.Rule == "" || r.Source == "" {
		return fmt.Errorf("section 50 rule: trigger score %d, rule and source must be given", r.TriggerScore)
	}
	return nil
}

// Draft writes the letter from d.
func (l *LetterTemplate) Draft(d LetterData) (Letter, error) {
	out := Letter{Key: l.Key, Title: l.Title}
	for _, t := range []struct {
		tpl *template.Template
		dst *string
	}{{l.recipient, &out.Recipient}, {l.subject, &out.Subject}, {l.body, &out.Body}} {
		var b strings.Builder
		if err := t.tpl.Execute(&b, d); err != nil {
			return Letter{}, fmt.Errorf("draft section 50 letter %q: %w", l.Key, err)
		}
		*t.dst = b.String()
	}
	return out, nil
}

// Letter is the template of the letter with the key.
func (r *Section50Rule) Letter(key string) (*LetterTemplate, error) {
	for i := range r.Letters {
		if r.Letters[i].Key == key {
			return &r.Letters[i], nil
		}
	}
	return nil, fmt.Errorf("letter %q: %w", key, ErrUnknownLetter)
}
