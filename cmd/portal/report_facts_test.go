package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/evidenceportal/portal/internal/authz"
	"github.com/evidenceportal/portal/internal/store"
	"github.com/evidenceportal/portal/internal/store/storetest"
)

func TestReportFactsImportCommand(t *testing.T) {
	st, dbURL := storetest.New(t)
	ctx := context.Background()
	if err := st.SeedDemo(ctx); err != nil {
		t.Fatal(err)
	}
	id, err := st.CreateAssessment(ctx, "E06009901", "qs-only-2024", "admin@demo.test", store.AuditEntry{Action: "assessment_opened"})
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	write := func(name, body string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	good := write("facts.csv", "ons_code,year,population,budget_estimate,budget_actual,precept_full\n"+
		"E06009901,2022/23,\"210,390\",895817000,917896000,2022/23;2023/24\nE06009902,2022/23,1000,,,\n")
	bad := write("bad.csv", "ons_code,population\nE06009901,many\nE0600990,1\n")
	unknown := write("unknown.csv", "ons_code,population\nE06000999,1\n")
	big := write("big.csv", "ons_code,population\nE06009901,"+strings.Repeat("1", factsMaxBytes)+"\n")
	vars := env(map[string]string{"PORTAL_SESSION_SECRET": secret, "PORTAL_DATABASE_URL": dbURL, "USER": "tester"})
	tests := []struct {
		name     string
		args     []string
		wantCode int
		want     []string
	}{
		{"no subcommand", []string{"facts"}, 2, []string{"usage: portal report facts import"}},
		{"no file", []string{"facts", "import"}, 2, []string{"usage: portal report facts import"}},
		{"bad rows", []string{"facts", "import", bad}, 1, []string{"was not imported: 2 problems; nothing was stored",
			`Row 2: Population must be a whole number from 0 to 20,000,000, not "many"`, `Row 3: Enter the council's ONS code, like E06000001, not "E0600990"`}},
		{"unknown council", []string{"facts", "import", unknown}, 1, []string{"the portal has no council E06000999; nothing was stored"}},
		{"too large", []string{"facts", "import", big}, 1, []string{"is larger than 1048576 bytes; nothing was imported"}},
		{"imported", []string{"facts", "import", good}, 0, []string{"facts of 2 councils imported",
			"1 draft filled (a new version of \"About the local authority\"): E06009901 assessment",
			"1 council with no report being drafted (published reports are never changed): E06009902"}},
		{"again", []string{"facts", "import", "-by", "admin@demo.test", good}, 0, []string{"1 draft unchanged"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var out, errOut bytes.Buffer
			code := run(ctx, append([]string{"report"}, tt.args...), vars, &out, &errOut)
			all := out.String() + errOut.String()
			if code != tt.wantCode {
				t.Errorf("exit %d, want %d; output:\n%s", code, tt.wantCode, all)
			}
			for _, w := range tt.want {
				if !strings.Contains(all, w) {
					t.Errorf("output lacks %q:\n%s", w, all)
				}
			}
		})
	}
	secs, err := st.ReportSections(ctx, authz.AllLAs(), id)
	if err != nil {
		t.Fatal(err)
	}
	f := secs["about"].Facts
	if f == nil || f.Population == nil || *f.Population != 210390 || len(f.Precept) != 2 || secs["about"].UpdatedBy != "tester (portal report facts import)" {
		t.Errorf("about = %+v, want the imported facts", secs["about"])
	}
}
