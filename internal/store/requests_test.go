package store_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/evidenceportal/portal/internal/assessment"
	"github.com/evidenceportal/portal/internal/authz"
	"github.com/evidenceportal/portal/internal/document"
	"github.com/evidenceportal/portal/internal/store"
)

// TestFurtherRequests: raised by the assessment's inspector, answered in a
// thread with the council's own documents only, closed once, scoped.
func TestFurtherRequests(t *testing.T) {
	st := seeded(t)
	ctx := context.Background()
	ashford, brookmere := authz.OnlyLAs("E06009901"), authz.OnlyLAs("E06009902")
	audit := store.AuditEntry{Action: "test"}
	aid := openAssessment(t, st)
	in := assessment.RequestInput{QS: []string{"safeguarding"}, Wanted: "Section 42 enquiries by outcome", Due: time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)}
	if _, err := st.RaiseRequest(ctx, ashford, aid, in, "inspector.b@demo.test", audit); !errors.Is(err, authz.ErrForbidden) {
		t.Errorf("raised by an inspector not on it = %v, want ErrForbidden", err)
	}
	if _, err := st.RaiseRequest(ctx, brookmere, aid, in, "inspector.a@demo.test", audit); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("raised out of scope = %v, want ErrNotFound", err)
	}
	id, err := st.RaiseRequest(ctx, ashford, aid, in, "inspector.a@demo.test", audit)
	if err != nil {
		t.Fatal(err)
	}
	own := docIn(t, st, "E06009901", document.Status("ready"), 4)
	other := docIn(t, st, "E06009902", document.Status("ready"), 4)
	if err := st.AddRequestMessage(ctx, ashford, aid, id, assessment.Message{Document: other.ID, Page: 1}, "s", "la_submitter", audit); !errors.Is(err, store.ErrBadCitation) {
		t.Errorf("another council's document = %v, want ErrBadCitation", err)
	}
	if err := st.AddRequestMessage(ctx, ashford, aid, id, assessment.Message{Document: own.ID, Page: 5}, "s", "la_submitter", audit); !errors.Is(err, store.ErrBadCitation) {
		t.Errorf("a page past the end = %v, want ErrBadCitation", err)
	}
	if err := st.AddRequestMessage(ctx, brookmere, aid, id, assessment.Message{Text: "x"}, "s", "la_submitter", audit); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("out of scope = %v, want ErrNotFound", err)
	}
	if err := st.AddRequestMessage(ctx, ashford, aid, id, assessment.Message{Text: "Attached", Document: own.ID, Page: 2, Link: "https://example.org/sab"},
		"submitter.a@demo.test", "la_submitter", audit); err != nil {
		t.Fatal(err)
	}
	if open, err := st.Requests(ctx, ashford, 0, true); err != nil || len(open) != 1 {
		t.Errorf("open requests = %d, %v; want 1", len(open), err)
	}
	if open, err := st.Requests(ctx, brookmere, 0, false); err != nil || len(open) != 0 {
		t.Errorf("another council's requests = %d, %v; want none", len(open), err)
	}
	if err := st.CloseRequest(ctx, ashford, aid, id, "inspector.a@demo.test", audit); err != nil {
		t.Fatal(err)
	}
	if err := st.CloseRequest(ctx, ashford, aid, id, "inspector.a@demo.test", audit); !errors.Is(err, store.ErrWrongState) {
		t.Errorf("closing twice = %v, want ErrWrongState", err)
	}
	if err := st.AddRequestMessage(ctx, ashford, aid, id, assessment.Message{Text: "late"}, "s", "la_submitter", audit); !errors.Is(err, store.ErrWrongState) {
		t.Errorf("a message after closing = %v, want ErrWrongState", err)
	}
	r, err := st.Request(ctx, ashford, aid, id)
	if err != nil || r.State != "closed" || len(r.Messages) != 1 || r.Messages[0].DocumentID != own.ID || r.Messages[0].Page != 2 {
		t.Errorf("Request = %+v, %v", r, err)
	}
	if _, err := st.Request(ctx, ashford, aid+1, id); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("a request under another assessment = %v, want ErrNotFound", err)
	}
}
