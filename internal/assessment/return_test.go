package assessment

import (
	"testing"
	"time"

	"github.com/evidenceportal/portal/internal/authz"
)

func TestDueOn(t *testing.T) {
	uk, err := time.LoadLocation("Europe/London")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name   string
		issued time.Time
		days   int
		want   string
	}{
		{"three weeks", time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC), 21, "2026-03-23"},
		// 23:30 UTC on 30 April is 1 May in the UK (BST).
		{"a UK day, not a UTC one", time.Date(2026, 4, 30, 23, 30, 0, 0, time.UTC), 21, "2026-05-22"},
		{"one day", time.Date(2026, 12, 31, 9, 0, 0, 0, time.UTC), 1, "2027-01-01"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := DueOn(tt.issued, tt.days, uk)
			if got.Format(time.DateOnly) != tt.want || got.Location() != time.UTC || !got.Equal(Day(got)) {
				t.Errorf("DueOn(%v, %d) = %v, want %s at midnight UTC", tt.issued, tt.days, got, tt.want)
			}
		})
	}
}

func TestDueText(t *testing.T) {
	due := time.Date(2026, 3, 23, 0, 0, 0, 0, time.UTC)
	tests := []struct {
		today time.Time
		want  string
	}{
		{due.AddDate(0, 0, -4), "due in 4 days"},
		{due.AddDate(0, 0, -1), "due tomorrow"},
		{due.Add(20 * time.Hour), "due today"},
		{due.AddDate(0, 0, 1), "overdue by 1 day"},
		{due.AddDate(0, 0, 2), "overdue by 2 days"},
		{due.AddDate(0, 0, -40), "due in 40 days"},
	}
	for _, tt := range tests {
		t.Run(tt.want, func(t *testing.T) {
			if got := DueText(due, tt.today); got != tt.want {
				t.Errorf("DueText(%v, %v) = %q, want %q", due, tt.today, got, tt.want)
			}
		})
	}
}

func TestStatusOf(t *testing.T) {
	due := time.Date(2026, 3, 23, 0, 0, 0, 0, time.UTC)
	before, after := due.AddDate(0, 0, -1), due.AddDate(0, 0, 1)
	tests := []struct {
		name     string
		st       ReturnState
		answered bool
		due      *time.Time
		today    time.Time
		want     ItemStatus
	}{
		{"draft", ReturnDraft, false, nil, before, ItemNotStarted},
		{"issued, not answered", ReturnIssued, false, &due, before, ItemNotStarted},
		{"issued, answered", ReturnIssued, true, &due, before, ItemInProgress},
		{"due today is not overdue", ReturnIssued, false, &due, due, ItemNotStarted},
		{"past due, not answered", ReturnIssued, false, &due, after, ItemOverdue},
		{"past due, answered but not submitted", ReturnIssued, true, &due, after, ItemOverdue},
		{"submitted", ReturnSubmitted, true, &due, after, ItemSubmitted},
		{"submitted with a reason", ReturnSubmitted, false, &due, before, ItemSubmitted},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := StatusOf(tt.st, tt.answered, tt.due, tt.today); got != tt.want {
				t.Errorf("StatusOf = %s, want %s", got, tt.want)
			}
		})
	}
}

func TestReturnOffers(t *testing.T) {
	sub := authz.Principal{Role: authz.RoleLASubmitter, LA: "E06009901"}
	viewer := authz.Principal{Role: authz.RoleLAViewer, LA: "E06009901"}
	insp := authz.Principal{Role: authz.RoleInspector, Email: "inspector.a@demo.test"}
	admin := authz.Principal{Role: authz.RoleAdmin}
	panel := authz.Principal{Role: authz.RolePanel}
	tests := []struct {
		name      string
		p         authz.Principal
		inspector bool
		st        ReturnState
		ast       State
		want      ReturnOffer
	}{
		{"its inspector edits the draft", insp, true, ReturnDraft, InProgress, ReturnOffer{Issue: true, ViewPersonal: true}},
		{"another inspector does not", insp, false, ReturnDraft, InProgress, ReturnOffer{}},
		{"an admin issues", admin, false, ReturnDraft, InProgress, ReturnOffer{Issue: true}},
		{"not once published", admin, false, ReturnDraft, Published, ReturnOffer{}},
		{"the panel only reads", panel, false, ReturnDraft, InProgress, ReturnOffer{}},
		{"issued: inspectors no longer edit", insp, true, ReturnIssued, InProgress, ReturnOffer{ViewPersonal: true}},
		{"issued: the submitter answers", sub, false, ReturnIssued, InProgress, ReturnOffer{Answer: true, Submit: true, ViewPersonal: true}},
		{"issued: the viewer sees, cannot answer", viewer, false, ReturnIssued, InProgress, ReturnOffer{ViewPersonal: true}},
		{"draft: the submitter waits", sub, false, ReturnDraft, InProgress, ReturnOffer{ViewPersonal: true}},
		{"submitted: frozen", sub, false, ReturnSubmitted, InProgress, ReturnOffer{ViewPersonal: true}},
		{"admins never see personal data", admin, false, ReturnSubmitted, InProgress, ReturnOffer{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := ReturnOffers(tt.p, tt.inspector, tt.st, tt.ast); got != tt.want {
				t.Errorf("ReturnOffers = %+v, want %+v", got, tt.want)
			}
		})
	}
}
