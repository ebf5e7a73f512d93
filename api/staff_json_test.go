package api

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/evidenceportal/portal/internal/authz"
)

// cqcStaff are the demo CQC staff whose addresses no council may be given.
var cqcStaff = []string{"inspector.a@demo.test", "inspector.b@demo.test", "panel@demo.test", "admin@demo.test"}

// TestNoCQCStaffInCouncilJSON walks every JSON answer of the route table
// that council staff may get, for an assessment in factual accuracy with a
// comment an inspector answered and again once it is published, and looks
// for any CQC staff address in it.
func TestNoCQCStaffInCouncilJSON(t *testing.T) {
	env := newTestEnv(t, testOptions(t))
	ins := "inspector.a@demo.test"
	id := env.openAssessment(t, "E06009901", "qs-only-2024", ins)
	a := fmt.Sprintf("/assessments/%d", id)
	for _, q := range env.srv.catalogue.Statements {
		if rec := env.request(t, http.MethodPost, a+"/scores", ins, scoreValues(q.Slug, "", 3, 0, "Finding", env.doc.ID, "1")); rec.Code != http.StatusSeeOther {
			t.Fatalf("score %s = %d", q.Slug, rec.Code)
		}
	}
	move := func(who, to string) {
		t.Helper()
		if rec := env.request(t, http.MethodPost, a+"/state", who, url.Values{"to": {to}, "comment": {"because"}}); rec.Code != http.StatusSeeOther {
			t.Fatalf("move to %s = %d: %.300s", to, rec.Code, rec.Body.String())
		}
	}
	move(ins, "calibration")
	move("panel@demo.test", "factual_accuracy")
	if rec := env.request(t, http.MethodPost, a+"/comments", "submitter.a@demo.test", url.Values{"qs": {"equity"}, "comment": {"Missing survey"}}); rec.Code != http.StatusSeeOther {
		t.Fatalf("comment = %d", rec.Code)
	}
	cs, err := env.st.Comments(context.Background(), authz.AllLAs(), id)
	if err != nil || len(cs) != 1 {
		t.Fatal(cs, err)
	}
	if rec := env.request(t, http.MethodPost, fmt.Sprintf("%s/comments/%d/answer", a, cs[0].ID), ins, url.Values{"answer": {"Added"}}); rec.Code != http.StatusSeeOther {
		t.Fatalf("answer = %d", rec.Code)
	}
	if _, doc := env.assessmentJSON(t, id, ins); len(doc.Comments) != 1 || doc.Comments[0].RespondedBy != ins {
		t.Fatalf("inspectors see who answered: %+v", doc.Comments)
	}
	params := map[string]string{":id": env.doc.ID, ":code": "E06009901"}
	walk := func(t *testing.T) {
		n := 0
		for _, r := range env.srv.routeTable() {
			if r.method != http.MethodGet || !strings.HasPrefix(r.path, "/api/v1/") || strings.HasSuffix(r.path, "/file") {
				continue
			}
			target := r.path
			if strings.HasPrefix(target, "/api/v1/assessments/") {
				target = fmt.Sprintf("/api/v1/assessments/%d", id)
			}
			for k, v := range params {
				target = strings.ReplaceAll(target, k, v)
			}
			for _, who := range []string{"submitter.a@demo.test", "viewer.a@demo.test"} {
				rec := env.request(t, http.MethodGet, target+"?q=finding", who, nil)
				if rec.Code == http.StatusOK {
					n++
				}
				for _, staff := range cqcStaff {
					if strings.Contains(rec.Body.String(), staff) {
						t.Errorf("GET %s as %s (%d) holds %s: %.400s", target, who, rec.Code, staff, rec.Body.String())
					}
				}
			}
		}
		if n < 10 {
			t.Errorf("only %d JSON answers walked", n)
		}
	}
	t.Run("factual accuracy", walk)
	env.endComments(t, a)
	move(ins, "published")
	t.Run("published", walk)
}
