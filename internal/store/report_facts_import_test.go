package store_test

import (
	"context"
	"errors"
	"testing"

	"github.com/evidenceportal/portal/internal/assessment"
	"github.com/evidenceportal/portal/internal/authz"
	"github.com/evidenceportal/portal/internal/report"
	"github.com/evidenceportal/portal/internal/store"
	"github.com/evidenceportal/portal/internal/store/storetest"
)

// TestImportFacts: the file's facts fill a draft's "About the local
// authority" as a new version; the same file again changes nothing; a new
// file replaces imported facts but never typed ones; drafts in calibration
// and published reports are not touched; a file naming an unknown council
// imports nothing; each import is one audit entry.
func TestImportFacts(t *testing.T) {
	st, _ := storetest.New(t)
	ctx := context.Background()
	if err := st.SeedDemo(ctx); err != nil {
		t.Fatal(err)
	}
	n := func(v int64) *int64 { return &v }
	all := authz.AllLAs()
	const ins = "inspector.a@demo.test"
	ashford := openAssessment(t, st)
	if _, err := saveSection(st, authz.OnlyLAs("E06009901"), ashford, "about", "A rural county.", 0, ins); err != nil {
		t.Fatal(err)
	}
	brook, err := st.CreateAssessment(ctx, "E06009902", "qs-only-2024", "admin@demo.test", store.AuditEntry{Action: "assessment_opened"})
	if err != nil {
		t.Fatal(err)
	}
	if err := st.MoveAssessment(ctx, all, store.StateChange{ID: brook, From: assessment.InProgress, To: assessment.Calibration,
		ActorEmail: "admin@demo.test"}, store.AuditEntry{Action: "assessment_calibration"}); err != nil {
		t.Fatal(err)
	}
	file := func(pop int64) []report.CouncilFacts {
		return []report.CouncilFacts{
			{Row: 2, LA: "E06009901", Facts: report.Facts{Population: n(pop), Year: "2022/23", BudgetEstimate: n(895817000)}},
			{Row: 3, LA: "E06009902", Facts: report.Facts{Population: n(99)}},
		}
	}
	imp := func(rows []report.CouncilFacts) (store.FactsImport, error) {
		return st.ImportFacts(ctx, rows, "admin@demo.test", store.AuditEntry{ActorEmail: "admin@demo.test", Action: "report_facts_imported"})
	}
	about := func() store.ReportSection {
		t.Helper()
		secs, err := st.ReportSections(ctx, all, ashford)
		if err != nil {
			t.Fatal(err)
		}
		return secs["about"]
	}

	bad := append(file(1), report.CouncilFacts{Row: 4, LA: "E06000999"})
	var unknown *store.UnknownCouncilsError
	if _, err := imp(bad); !errors.As(err, &unknown) || len(unknown.Codes) != 1 || unknown.Codes[0] != "E06000999" {
		t.Fatalf("import naming an unknown council = %v, want UnknownCouncilsError of E06000999", err)
	}
	if got := about(); got.Version != 1 || got.Facts != nil && !got.Facts.Empty() {
		t.Fatalf("after a refused import the section is version %d with %+v, want unchanged", got.Version, got.Facts)
	}

	res, err := imp(file(210390))
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Filled) != 1 || res.Filled[0].Assessment != ashford || len(res.Frozen) != 1 || res.Frozen[0].Assessment != brook {
		t.Errorf("first import = %+v, want Ashford filled, Brookmere frozen", res)
	}
	got := about()
	if got.Version != 2 || got.Body != "A rural county." || got.Facts == nil || *got.Facts.Population != 210390 || got.UpdatedBy != "admin@demo.test" {
		t.Errorf("about after the import = %+v, want version 2 with the text kept and the facts", got)
	}
	if res, err := imp(file(210390)); err != nil || len(res.Unchanged) != 1 || len(res.Filled) != 0 {
		t.Errorf("the same file again = %+v, %v; want unchanged", res, err)
	}
	if res, err := imp(file(210400)); err != nil || len(res.Filled) != 1 || *about().Facts.Population != 210400 || about().Version != 3 {
		t.Errorf("a new file = %+v, %v; want the imported facts replaced", res, err)
	}
	// An inspector types the facts: a later file leaves them.
	if _, err := st.SaveReportSection(ctx, authz.OnlyLAs("E06009901"), store.ReportSectionInput{Assessment: ashford, Section: "about",
		Body: "A rural county.", Facts: &report.Facts{Population: n(5)}, Version: 3, ActorEmail: ins}, store.AuditEntry{Action: "report_section_saved"}); err != nil {
		t.Fatal(err)
	}
	if res, err := imp(file(210500)); err != nil || len(res.KeptTyped) != 1 || *about().Facts.Population != 5 || about().Version != 4 {
		t.Errorf("a file after the inspector typed facts = %+v, %v; want them kept", res, err)
	}
	// Brookmere's report published: never changed, and no draft left.
	for _, mv := range [][2]assessment.State{{assessment.Calibration, assessment.FactualAccuracy}, {assessment.FactualAccuracy, assessment.Published}} {
		ch := store.StateChange{ID: brook, From: mv[0], To: mv[1], ActorEmail: "admin@demo.test"}
		if mv[1] == assessment.Published {
			ch.Snapshot = []byte(`{}`)
		}
		if err := st.MoveAssessment(ctx, all, ch, store.AuditEntry{Action: "assessment_" + string(mv[1])}); err != nil {
			t.Fatal(err)
		}
	}
	if res, err := imp(file(210500)); err != nil || len(res.NoDraft) != 1 || res.NoDraft[0] != "E06009902" {
		t.Errorf("an import after Brookmere's publication = %+v, %v; want Brookmere without a draft", res, err)
	}
	if secs, err := st.ReportSections(ctx, all, brook); err != nil || len(secs) != 0 {
		t.Errorf("Brookmere's published report has sections %+v, %v; want none written", secs, err)
	}
	vs, err := st.ReportVersions(ctx, all, ashford, 10)
	if err != nil || len(vs) != 4 || vs[1].ActorEmail != "admin@demo.test" || vs[1].Facts == nil || *vs[1].Facts.Population != 210400 {
		t.Errorf("versions = %+v, %v; want the imports kept as versions", vs, err)
	}
	log, err := st.AuditLog(ctx, all, 100, 0)
	if err != nil {
		t.Fatal(err)
	}
	count := 0
	for _, e := range log.Entries {
		if e.Action == "report_facts_imported" {
			count++
		}
	}
	if count != 5 {
		t.Errorf("%d report_facts_imported entries, want 5 (the refused import wrote none)", count)
	}
}
