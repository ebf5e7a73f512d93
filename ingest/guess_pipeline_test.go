package ingest

import (
	"bytes"
	"context"
	"testing"

	"github.com/evidenceportal/portal/internal/authz"
	"github.com/evidenceportal/portal/internal/document"
	"github.com/evidenceportal/portal/internal/servicetest"
	"github.com/evidenceportal/portal/internal/store"
)

// TestPipelineGuessesFromText: once a document's text is read, a type or
// period nobody chose is filled from its first pages (type_from and
// period_from become "text", audited as the tagger's), a person's choice
// is kept, and a text that suggests nothing leaves the document as it was.
func TestPipelineGuessesFromText(t *testing.T) {
	e := newEnv(t)
	stop := e.pipeline(t, servicetest.Env(t, "PORTAL_CLAMD_ADDR"))
	defer stop()
	ctx := context.Background()
	strategy := "Ashford Vale Council\nOur strategy for unpaid carers 2024-2027\nOur vision is that carers are heard. Our strategic priorities for 2024-2027 follow.\n"
	minutes := "Minutes of the Safeguarding Adults Board\nAttendees: A, B. Apologies: C.\nAgenda item 1: matters arising.\n"
	tests := []struct {
		name, file, body string
		m                Metadata
		wantType         string
		wantTypeFrom     store.Source
		wantPeriod       string
		wantPeriodFrom   store.Source
		wantAudit        string // the audit entry's detail, "" for none
	}{
		{"left empty: both from the text", "upload-1.txt", strategy,
			Metadata{Type: "other", TypeFrom: store.FromNone, PeriodFrom: store.FromNone},
			"strategy", store.FromText, "2024 to 2027", store.FromText, "type=strategy old_type=other period=2024 to 2027 old_period="},
		{"a file name's guess gives way to the text", "Board.txt", minutes,
			Metadata{Type: "policy", TypeFrom: store.FromName, PeriodFrom: store.FromNone},
			"minutes", store.FromText, "", store.FromNone, "type=minutes old_type=policy"},
		{"a person's type stays, the empty period is filled", "upload-2.txt", strategy + " ",
			Metadata{Type: "policy"},
			"policy", store.FromPerson, "2024 to 2027", store.FromText, "period=2024 to 2027 old_period="},
		{"a person's choices stay", "upload-3.txt", strategy + "  ",
			Metadata{Type: "policy", Period: "2025"},
			"policy", store.FromPerson, "2025", store.FromPerson, ""},
		{"a text suggesting nothing changes nothing", "upload-4.txt", "Lorem ipsum dolor sit amet.\n",
			Metadata{Type: "other", TypeFrom: store.FromNone},
			"other", store.FromNone, "", store.FromNone, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := e.intake.Receive(ctx, tt.file, bytes.NewReader([]byte(tt.body)))
			if err != nil {
				t.Fatal(err)
			}
			m := tt.m
			m.LA, m.UploadedBy = "E06009901", e.user.ID
			d, err := e.intake.Record(ctx, r, m, store.AuditEntry{ActorEmail: e.user.Email})
			if err != nil {
				t.Fatal(err)
			}
			got := e.waitFor(t, d.ID, document.Ready, document.Rejected, document.Failed)
			if got.Status != document.Ready || got.Type != tt.wantType || got.TypeFrom != tt.wantTypeFrom ||
				got.Period != tt.wantPeriod || got.PeriodFrom != tt.wantPeriodFrom {
				t.Errorf("document = %s, type %q from %s, period %q from %s; want ready, %q from %s, %q from %s", got.Status,
					got.Type, got.TypeFrom, got.Period, got.PeriodFrom, tt.wantType, tt.wantTypeFrom, tt.wantPeriod, tt.wantPeriodFrom)
			}
			log, err := e.st.AuditLog(ctx, authz.AllLAs(), 200, 0)
			if err != nil {
				t.Fatal(err)
			}
			var audits []string
			for _, a := range log.Entries {
				if a.Action == "document_details_guessed" && a.ObjectID == d.ID {
					s := ""
					for _, k := range []string{"type", "old_type", "period", "old_period"} {
						if v, ok := a.Detail[k]; ok {
							if s != "" {
								s += " "
							}
							s += k + "=" + v
						}
					}
					audits = append(audits, a.ActorEmail+": "+s)
				}
			}
			switch {
			case tt.wantAudit == "" && len(audits) > 0:
				t.Errorf("audited %q, want nothing", audits)
			case tt.wantAudit != "" && (len(audits) != 1 || audits[0] != "tagger: "+tt.wantAudit):
				t.Errorf("audited %q, want [%q]", audits, "tagger: "+tt.wantAudit)
			}
		})
	}
}
