package api

import (
	"bytes"
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/evidenceportal/portal/internal/authz"
	"github.com/evidenceportal/portal/internal/outcomes"
	"github.com/evidenceportal/portal/internal/outcomes/outcomestest"
)

// outcomesRouteTable: the import page is for admins only; a form that is
// not multipart is refused before anything is read.
func outcomesRouteTable(routeFixtures) []routeCase {
	return []routeCase{
		{"GET", "/admin/outcomes", "/admin/outcomes", nil, adminOnly(200)},
		{"POST", "/admin/outcomes", "/admin/outcomes", url.Values{"year": {"2023-24"}}, adminOnly(400)},
	}
}

func TestOutcomeImportPage(t *testing.T) {
	opts := testOptions(t)
	opts.OutcomesMaxBytes = 200 << 10
	env := newTestEnv(t, opts)
	var file bytes.Buffer
	if err := outcomestest.Write(&file, outcomestest.Options{Layout: outcomes.ASCOF, Councils: outcomestest.Councils(2), Measures: env.srv.catalogue.Measures(), Seed: 1}); err != nil {
		t.Fatal(err)
	}
	good := file.Bytes()
	bad := []byte(strings.Replace(string(good), "Outcome,21.0", "Outcome,[c]", 1) + "1,<b>Evil</b>,Local authority,E06000999,,2A,Total,Outcome,3\n")
	form := func(year string, f []byte) []part {
		return []part{{field: "layout", body: []byte("ascof")}, {field: "year", body: []byte(year)}, {field: "source_url", body: []byte("https://digital.nhs.uk/ascof.csv")},
			{field: "file", filename: "ascof.csv", body: f}}
	}
	tests := []struct {
		name         string
		parts        []part
		token        bool
		as           string
		wantStatus   int
		wantLocation string
		want, not    []string
	}{
		{"imported", form("2023-24", good), true, "admin@demo.test", 303, "/admin/outcomes?layout=ascof&year=2023-24&result=added", nil, nil},
		{"again", form("2023-24", good), true, "admin@demo.test", 303, "/admin/outcomes?layout=ascof&year=2023-24&result=unchanged", nil, nil},
		{"bad rows", form("2022-23", bad), true, "admin@demo.test", 422, "",
			[]string{"There is a problem", "The file has 2 problems; nothing was imported", `Line 2, Measure value: the value is suppressed (&#34;[c]&#34;)`, `&#34;E06000999&#34; matches no council`},
			[]string{"<b>Evil</b>"}},
		{"bad year", form("2023", good), true, "admin@demo.test", 422, "", []string{"Enter the year the figures are for, like 2023-24"}, nil},
		{"no file", form("2023-24", nil)[:3], true, "admin@demo.test", 422, "", []string{"Select a CSV file"}, nil},
		{"too big", form("2021-22", bytes.Repeat([]byte("a"), 200<<10+1)), true, "admin@demo.test", 422, "", []string{"The file must be smaller than"}, nil},
		{"no token", form("2023-24", good), false, "admin@demo.test", 403, "", nil, nil},
		{"not an admin", form("2023-24", good), true, "inspector.a@demo.test", 403, "", nil, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := env.uploadAs(t, "/admin/outcomes", tt.as, tt.parts, tt.token)
			if rec.Code != tt.wantStatus {
				t.Fatalf("status %d, want %d; body %.500s", rec.Code, tt.wantStatus, rec.Body.String())
			}
			if tt.wantLocation != "" && rec.Header().Get("Location") != tt.wantLocation {
				t.Errorf("Location = %q, want %q", rec.Header().Get("Location"), tt.wantLocation)
			}
			for _, w := range tt.want {
				if !strings.Contains(rec.Body.String(), w) {
					t.Errorf("page lacks %q", w)
				}
			}
			for _, w := range tt.not {
				if strings.Contains(rec.Body.String(), w) {
					t.Errorf("page has %q", w)
				}
			}
		})
	}
	ds, err := env.st.OutcomeDatasets(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if len(ds) != 1 || ds[0].ImportedBy != "admin@demo.test" || ds[0].Year != "2023-24" {
		t.Errorf("datasets = %+v, want the one good import", ds)
	}
	page := env.request(t, http.MethodGet, "/admin/outcomes?layout=ascof&year=2023-24&result=added", "admin@demo.test", nil)
	if !strings.Contains(page.Body.String(), "imported: 114 figures") || !strings.Contains(page.Body.String(), ds[0].SHA256) {
		t.Errorf("page after import lacks the summary or the dataset: %.2000s", page.Body.String())
	}
	log, err := env.st.AuditLog(context.Background(), authz.AllLAs(), 50, 0)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, e := range log.Entries {
		if e.Action == "outcomes_imported" && e.ActorEmail == "admin@demo.test" {
			n++
		}
	}
	if n != 1 {
		t.Errorf("%d audit entries of imports, want 1", n)
	}
}
