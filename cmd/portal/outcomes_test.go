package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/evidenceportal/portal/internal/framework"
	"github.com/evidenceportal/portal/internal/outcomes"
	"github.com/evidenceportal/portal/internal/outcomes/outcomestest"
	"github.com/evidenceportal/portal/internal/store/storetest"
)

func TestOutcomesImportCommand(t *testing.T) {
	st, dbURL := storetest.New(t)
	ctx := context.Background()
	if err := st.SeedDemo(ctx); err != nil {
		t.Fatal(err)
	}
	cat, err := framework.Load()
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	good := filepath.Join(dir, "ascof.csv")
	var b bytes.Buffer
	if err := outcomestest.Write(&b, outcomestest.Options{Layout: outcomes.ASCOF, Councils: outcomestest.Councils(2), Measures: cat.Measures(), Seed: 1}); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(good, b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	bad := filepath.Join(dir, "bad.csv")
	if err := os.WriteFile(bad, []byte(strings.Replace(b.String(), "Outcome,21.0", "Outcome,x", 1)+"1,A,Local authority,E06000999,,2A,Total,Outcome,3\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	vars := map[string]string{"PORTAL_SESSION_SECRET": secret, "PORTAL_DATABASE_URL": dbURL, "USER": "tester"}
	tests := []struct {
		name     string
		args     []string
		env      map[string]string
		wantCode int
		want     []string
	}{
		{"no subcommand", []string{}, nil, 2, []string{"usage: portal outcomes import"}},
		{"no year", []string{"import", good}, nil, 2, []string{"year: Enter the year the figures are for, like 2023-24"}},
		{"bad layout", []string{"import", "-layout", "x", "-year", "2023-24", good}, nil, 2, []string{"layout: Select the kind of file"}},
		{"imported", []string{"import", "-year", "2023-24", "-source", "https://digital.nhs.uk/x.csv", good}, nil, 0, []string{"2023-24): imported", "of 2 councils, 19 measures"}},
		{"again", []string{"import", "-year", "2023-24", good}, nil, 0, []string{"already imported; nothing changed"}},
		{"bad rows", []string{"import", "-year", "2022-23", bad}, nil, 1, []string{"was not imported: 2 problems in 295 rows", `Line 2, Measure value: the value is suppressed ("x")`, `"E06000999" matches no council`}},
		{"too large", []string{"import", "-year", "2022-23", good}, map[string]string{"PORTAL_OUTCOMES_MAX_BYTES": "100"}, 1, []string{"larger than PORTAL_OUTCOMES_MAX_BYTES (100 bytes)"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := map[string]string{}
			for k, v := range vars {
				e[k] = v
			}
			for k, v := range tt.env {
				e[k] = v
			}
			var out, errOut bytes.Buffer
			code := run(ctx, append([]string{"outcomes"}, tt.args...), env(e), &out, &errOut)
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
	ds, err := st.OutcomeDatasets(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(ds) != 1 || ds[0].Year != "2023-24" || ds[0].SourceURL != "https://digital.nhs.uk/x.csv" || ds[0].ImportedBy != "tester (portal outcomes import)" {
		t.Errorf("datasets = %+v, want the one good import", ds)
	}
}
