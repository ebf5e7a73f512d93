package api

import (
	"context"
	"strconv"
	"testing"
)

func init() { routeSetups = append(routeSetups, setupAssessmentRoutes) }

// setupAssessmentRoutes opens the route table's assessment of Ashford Vale
// Council, in progress, with inspector.a as its inspector.
func setupAssessmentRoutes(t *testing.T, env *testEnv, fx *routeFixtures) {
	t.Helper()
	id := env.openAssessment(t, "E06009901", "qs-only-2024", "inspector.a@demo.test")
	fx.Assessment = strconv.FormatInt(id, 10)
}

// openAssessment opens an assessment as an admin would and puts the
// inspectors on it.
func (e *testEnv) openAssessment(t *testing.T, la, version string, inspectors ...string) int64 {
	t.Helper()
	ctx := context.Background()
	id, err := e.st.CreateAssessment(ctx, la, version, "admin@demo.test", e.auditAs("assessment_opened"))
	if err != nil {
		t.Fatal(err)
	}
	for _, in := range inspectors {
		if err := e.st.AddAssessmentInspector(ctx, id, in, e.auditAs("assessment_inspector_added")); err != nil {
			t.Fatal(err)
		}
	}
	return id
}
