package framework

import (
	"errors"
	"strings"
	"testing"
)

// TestSection50Letters: both letters draft from the published facts,
// naming every statement that triggered the duty, with no blank left.
func TestSection50Letters(t *testing.T) {
	c, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	if c.Section50.TriggerScore != 1 || !c.Section50.LeadershipExempt || !strings.Contains(c.Section50.Source, "Health and Social Care Act 2008") {
		t.Errorf("rule = %+v", c.Section50)
	}
	d := LetterData{LAName: "Ashford Vale Council", LACode: "E06009901", Published: "3 December 2026", Rating: "Inadequate", Percent: 31,
		Statements: []string{"Safeguarding", "Equity in experiences and outcomes"}, ReportURL: "https://portal.test/reports/7"}
	tests := []struct {
		key  string
		want []string
	}{
		{LetterSecretaryOfState, []string{"Dear Secretary of State,", "We published our assessment of Ashford Vale Council (E06009901) on 3 December 2026",
			"Inadequate (overall score 31)", "these quality statements 1", "\n- Safeguarding\n- Equity in experiences and outcomes\n",
			"https://portal.test/reports/7", "Chief Executive and its Director of Adult Social Services"}},
		{LetterCouncil, []string{"Dear Chief Executive and Director of Adult Social Services,", "written to the Secretary of State",
			"\n- Safeguarding\n- Equity in experiences and outcomes\n"}},
	}
	for _, tt := range tests {
		t.Run(tt.key, func(t *testing.T) {
			tpl, err := c.Section50.Letter(tt.key)
			if err != nil {
				t.Fatal(err)
			}
			l, err := tpl.Draft(d)
			if err != nil {
				t.Fatal(err)
			}
			for _, w := range tt.want {
				if !strings.Contains(l.Body, w) {
					t.Errorf("%s body lacks %q:\n%s", tt.key, w, l.Body)
				}
			}
			if !strings.Contains(l.Subject, "Ashford Vale Council") || l.Recipient == "" || strings.Contains(l.Body, "<no value>") {
				t.Errorf("letter = %+v", l)
			}
		})
	}
	one, _ := c.Section50.Letter(LetterCouncil)
	d.Statements = d.Statements[:1]
	if l, _ := one.Draft(d); !strings.Contains(l.Body, "this quality statement 1") {
		t.Errorf("one statement: %s", l.Body)
	}
	if _, err := c.Section50.Letter("minister"); !errors.Is(err, ErrUnknownLetter) {
		t.Errorf("Letter(minister) error = %v", err)
	}
}
