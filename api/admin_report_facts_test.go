package api

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/evidenceportal/portal/internal/authz"
)

// TestReportFactsImportPage: an admin imports every council's facts from a
// CSV through the page; a file with problems or an unknown council imports
// nothing and lists them, escaped; the CSRF token and the admin role are
// required.
func TestReportFactsImportPage(t *testing.T) {
	env := newTestEnv(t, testOptions(t))
	id := env.openAssessment(t, "E06009901", "qs-only-2024", "inspector.a@demo.test")
	file := func(body string) []part { return []part{{field: "file", filename: "facts.csv", body: []byte(body)}} }
	good := file("ons_code,year,population,budget_estimate,budget_actual\nE06009901,2022/23,210390,895817000,917896000\nE06009902,,1000,,\n")
	tests := []struct {
		name       string
		parts      []part
		token      bool
		as         string
		wantStatus int
		want, not  []string
	}{
		{"bad rows", file("ons_code,population\nE06009901,<b>many</b>\n"), true, "admin@demo.test", 422,
			[]string{"There is a problem", "The file has 1 problem; nothing was imported", `Row 2: Population must be a whole number from 0 to 20,000,000, not &#34;&lt;b&gt;many&lt;/b&gt;&#34;`},
			[]string{"<b>many</b>"}},
		{"unknown council", file("ons_code\nE06000999\n"), true, "admin@demo.test", 422, []string{"The portal has no council E06000999: nothing was imported"}, nil},
		{"no file", nil, true, "admin@demo.test", 422, []string{"Select a CSV file"}, nil},
		{"too big", file("ons_code,population\nE06009901," + strings.Repeat("1", 1<<20) + "\n"), true, "admin@demo.test", 422, []string{"The file must be smaller than 1 MB"}, nil},
		{"no token", good, false, "admin@demo.test", 403, nil, nil},
		{"not an admin", good, true, "inspector.a@demo.test", 403, nil, nil},
		{"imported", good, true, "admin@demo.test", 200, []string{"Facts of 2 councils imported",
			fmt.Sprintf("1 draft report filled with the file&#39;s facts: E06009901 (assessment %d)", id), "1 council with no report being drafted: E06009902"}, nil},
		{"again", good, true, "admin@demo.test", 200, []string{"1 draft report unchanged"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := env.uploadAs(t, "/admin/report-facts", tt.as, tt.parts, tt.token)
			if rec.Code != tt.wantStatus {
				t.Fatalf("status %d, want %d; body %.500s", rec.Code, tt.wantStatus, rec.Body.String())
			}
			body := rec.Body.String()
			for _, w := range tt.want {
				if !strings.Contains(body, w) {
					t.Errorf("response lacks %q", w)
				}
			}
			for _, w := range tt.not {
				if strings.Contains(body, w) {
					t.Errorf("response has %q", w)
				}
			}
		})
	}
	secs, err := env.st.ReportSections(context.Background(), authz.AllLAs(), id)
	if err != nil {
		t.Fatal(err)
	}
	if f := secs["about"].Facts; f == nil || f.Population == nil || *f.Population != 210390 || secs["about"].UpdatedBy != "admin@demo.test" {
		t.Errorf("about = %+v, want the imported facts by the admin", secs["about"])
	}
}
