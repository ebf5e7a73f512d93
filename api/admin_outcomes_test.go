package api

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/evidenceportal/portal/internal/authz"
	"github.com/evidenceportal/portal/internal/outcomes"
	"github.com/evidenceportal/portal/internal/outcomes/outcomestest"
	"github.com/evidenceportal/portal/internal/store"
)

// outcomesRouteTable: the import page is for admins only; a form that is
// not multipart is refused before anything is read.
func outcomesRouteTable(routeFixtures) []routeCase {
	return []routeCase{
		{"GET", "/admin/outcomes", "/admin/outcomes", nil, adminOnly(200)},
		{"POST", "/admin/outcomes", "/admin/outcomes", url.Values{"year": {"2023-24"}}, adminOnly(400)},
		{"GET", "/api/v1/las/:code/outcomes", "/api/v1/las/E06009901/outcomes", nil, signedIn(401, 200)},
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
			[]string{"There is a problem", "The file has 2 problems; nothing was imported", "2 problems: 1 in Measure value, 1 in ONS code", `Line 2, Measure value: the value is suppressed (&#34;[c]&#34;)`, `&#34;E06000999&#34; matches no council`},
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

// TestOutcomesShownUnderStatements imports two years for the demo councils
// and checks the figures beside England's under each statement, on the
// council's page, the scoring page and the JSON API.
func TestOutcomesShownUnderStatements(t *testing.T) {
	env := newTestEnv(t, testOptions(t))
	ctx := context.Background()
	ms := env.srv.catalogue.Measures()
	for i, year := range []string{"2022-23", "2023-24"} {
		var b bytes.Buffer
		if err := outcomestest.Write(&b, outcomestest.Options{Layout: outcomes.ASCS, Councils: outcomestest.Councils(2), Measures: ms, Year: i, Seed: 1}); err != nil {
			t.Fatal(err)
		}
		// The England figure quoted in a published report.
		file := strings.Replace(b.String(), "England,England,E92000001,,Q3b,"+englandQ3b(t, b.String()), "England,England,E92000001,,Q3b,69.81", 1)
		if _, err := env.st.ImportOutcomes(ctx, store.OutcomeDataset{Publication: "ASCS " + year, Year: year, ImportedBy: "t"}, strings.NewReader(file),
			outcomes.ASCS, ms, env.auditAs("outcomes_imported")); err != nil {
			t.Fatal(err)
		}
	}
	id := env.openAssessment(t, "E06009901", "qs-only-2024", "inspector.a@demo.test")
	pages := []struct {
		name, path, as string
	}{
		{"council page", "/las/E06009901", "viewer.a@demo.test"},
		{"scoring page", "/assessments/" + strconv.FormatInt(id, 10) + "/statements/care-provision", "inspector.a@demo.test"},
		{"every statement, as the panel reads them", "/assessments/" + strconv.FormatInt(id, 10), "panel@demo.test"},
	}
	for _, p := range pages {
		t.Run(p.name, func(t *testing.T) {
			rec := env.request(t, http.MethodGet, p.path, p.as, nil)
			body := rec.Body.String()
			if rec.Code != 200 {
				t.Fatalf("status %d", rec.Code)
			}
			care := strings.Index(body, `id="care-provision"`)
			if p.name == "council page" {
				care = strings.Index(body, `id="outcomes-care-provision"`)
			}
			choice := strings.Index(body, `id="outcome-ASCS-CHOICE"`)
			if care < 0 || choice < care {
				t.Fatalf("choice over services (at %d) is not under care provision (at %d)", choice, care)
			}
			for _, w := range []string{"69.8%", "2022-23", "2023-24", "<svg", "of 2", "Higher is better"} {
				if !strings.Contains(body[choice:], w) {
					t.Errorf("measure lacks %q", w)
				}
			}
		})
	}
	cov := env.request(t, http.MethodGet, "/las/E06009901/coverage", "inspector.a@demo.test", nil)
	if !strings.Contains(cov.Body.String(), `<a class="govuk-link" href="/las/E06009901#outcomes-care-provision">1 national outcome measure</a>`) {
		t.Errorf("coverage does not count the survey measure under care provision's Outcomes")
	}
	rec := env.request(t, http.MethodGet, "/api/v1/las/E06009901/outcomes", "submitter.b@demo.test", nil)
	var got struct {
		LA       string `json:"la"`
		Outcomes []struct {
			Measure string  `json:"measure"`
			England float64 `json:"england"`
			Trend   []struct {
				Year string `json:"year"`
			} `json:"trend"`
		} `json:"outcomes"`
	}
	if err := json.Unmarshal(rec.Body.Bytes(), &got); err != nil || rec.Code != 200 {
		t.Fatalf("GET outcomes JSON = %d %v: %s", rec.Code, err, rec.Body.String())
	}
	if got.LA != "E06009901" || len(got.Outcomes) != 2 || got.Outcomes[0].Measure != "ASCS-CHOICE" || got.Outcomes[0].England != 69.81 || len(got.Outcomes[0].Trend) != 2 {
		t.Errorf("outcomes JSON = %+v", got)
	}
	if rec := env.request(t, http.MethodGet, "/api/v1/las/E06000000/outcomes", "admin@demo.test", nil); rec.Code != 404 {
		t.Errorf("outcomes of a council that does not exist = %d, want 404", rec.Code)
	}
}

// englandQ3b is the generated England figure of question 3b.
func englandQ3b(t *testing.T, file string) string {
	t.Helper()
	for _, line := range strings.Split(file, "\n") {
		if strings.HasPrefix(line, "England,England,E92000001,,Q3b,") {
			return strings.TrimPrefix(line, "England,England,E92000001,,Q3b,")
		}
	}
	t.Fatal("no England row for Q3b")
	return ""
}
