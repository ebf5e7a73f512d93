package framework

import (
	"strings"
	"testing"
)

func TestDefaultReturnTemplate(t *testing.T) {
	c := load(t)
	tpl, err := c.LoadReturnTemplate(DefaultReturnTemplate)
	if err != nil {
		t.Fatalf("LoadReturnTemplate = %v", err)
	}
	if tpl.DueDays != 21 {
		t.Errorf("DueDays = %d, want 21 (CQC: 3 weeks to complete)", tpl.DueDays)
	}
	var parts []string
	for _, p := range tpl.Parts {
		parts = append(parts, p.Slug)
	}
	if got := strings.Join(parts, ","); got != "contacts,case-tracking,self-assessment,evidence" {
		t.Errorf("parts = %s, want the four parts of a council's return", got)
	}
	// Every quality statement has at least one evidence item, and the
	// contacts and case lists are marked as personal data.
	covered := map[string]bool{}
	for _, it := range tpl.Items {
		for _, qs := range it.QS {
			covered[qs] = true
		}
		if (it.Part == "contacts" || it.Part == "case-tracking") && !it.Personal {
			t.Errorf("item %s holds people's details but is not marked personal", it.Key)
		}
	}
	for _, s := range c.Statements {
		if !covered[s.Slug] {
			t.Errorf("no item relates to %s", s.Slug)
		}
	}
	if _, err := c.LoadReturnTemplate("nope"); err == nil {
		t.Error("LoadReturnTemplate(nope) = nil error")
	}
}

func TestCheckTemplate(t *testing.T) {
	c := load(t)
	good := func() ReturnTemplate {
		return ReturnTemplate{Slug: "t", Name: "T", DueDays: 21, Parts: []ReturnPart{{Slug: "p", Name: "P"}},
			Items: []TemplateItem{{Key: "a", Part: "p", Title: "A", Wanted: "W", Kind: AnswerText, Source: "S"}}}
	}
	tests := []struct {
		name   string
		change func(*ReturnTemplate)
		want   string
	}{
		{"good", func(*ReturnTemplate) {}, ""},
		{"unknown part", func(t *ReturnTemplate) { t.Items[0].Part = "x" }, "unknown part"},
		{"unknown kind", func(t *ReturnTemplate) { t.Items[0].Kind = "file" }, "unknown answer kind"},
		{"unknown statement", func(t *ReturnTemplate) { t.Items[0].QS = []string{"caring"} }, "unknown quality statement"},
		{"unknown category", func(t *ReturnTemplate) { t.Items[0].Categories = []string{"gossip"} }, "unknown evidence category"},
		{"no source", func(t *ReturnTemplate) { t.Items[0].Source = "" }, "where its text comes from"},
		{"table without columns", func(t *ReturnTemplate) { t.Items[0].Kind = AnswerTable }, "0 columns"},
		{"columns on text", func(t *ReturnTemplate) { t.Items[0].Columns = []string{"A"} }, "not a table"},
		{"item twice", func(t *ReturnTemplate) { t.Items = append(t.Items, t.Items[0]) }, `item "a" twice`},
		{"bad key", func(t *ReturnTemplate) { t.Items[0].Key = "A b" }, "not lower-case"},
		{"empty part", func(t *ReturnTemplate) { t.Parts = append(t.Parts, ReturnPart{Slug: "q", Name: "Q"}) }, `part "q" has no items`},
		{"due days", func(t *ReturnTemplate) { t.DueDays = 0 }, "due days"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tpl := good()
			tt.change(&tpl)
			err := c.checkTemplate(&tpl)
			switch {
			case tt.want == "" && err != nil:
				t.Errorf("checkTemplate = %v, want nil", err)
			case tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want)):
				t.Errorf("checkTemplate = %v, want an error with %q", err, tt.want)
			}
		})
	}
}
