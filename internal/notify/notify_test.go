package notify_test

import (
	"strings"
	"testing"
	"time"

	"github.com/evidenceportal/portal/internal/framework"
	"github.com/evidenceportal/portal/internal/notify"
	"github.com/evidenceportal/portal/internal/store"
)

func TestWindow(t *testing.T) {
	cal, err := framework.LoadCalendar()
	if err != nil {
		t.Fatal(err)
	}
	london, err := time.LoadLocation("Europe/London")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name        string
		now         time.Time
		today, soon string
	}{
		{"a Monday: the Thursday", time.Date(2026, 11, 30, 9, 0, 0, 0, time.UTC), "2026-11-30", "2026-12-03"},
		{"a Friday: over the weekend to the Wednesday", time.Date(2026, 12, 4, 9, 0, 0, 0, time.UTC), "2026-12-04", "2026-12-09"},
		{"before Christmas: the bank holidays are not working days", time.Date(2026, 12, 22, 9, 0, 0, 0, time.UTC), "2026-12-22", "2026-12-29"},
		{"half past midnight in summer is already the next UK day", time.Date(2026, 6, 30, 23, 30, 0, 0, time.UTC), "2026-07-01", "2026-07-06"},
		{"a Saturday: three working days from the weekend", time.Date(2026, 12, 5, 12, 0, 0, 0, time.UTC), "2026-12-05", "2026-12-09"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			today, soon, err := notify.Window(tt.now, london, cal)
			if err != nil {
				t.Fatal(err)
			}
			if got := today.Format(time.DateOnly); got != tt.today {
				t.Errorf("today = %s, want %s", got, tt.today)
			}
			if got := soon.Format(time.DateOnly); got != tt.soon {
				t.Errorf("soon = %s, want %s", got, tt.soon)
			}
		})
	}
}

func TestCompose(t *testing.T) {
	m := notify.Compose("https://evidence.example.gov.uk", store.Outgoing{ID: 7, Recipient: "submitter@ashford.gov.uk",
		Message: "Your council's information return is due on 9 December 2026", Href: "/assessments/3/return"})
	checks := []struct {
		name string
		ok   bool
	}{
		{"to the recipient", m.To == "submitter@ashford.gov.uk"},
		{"the subject says what happened", m.Subject == "Evidence Portal: Your council's information return is due on 9 December 2026"},
		{"the body says what happened", strings.HasPrefix(m.Body, "Your council's information return is due on 9 December 2026.\n")},
		{"the body links to it", strings.Contains(m.Body, "\nhttps://evidence.example.gov.uk/assessments/3/return\n")},
		{"the body says not to reply", strings.Contains(m.Body, "Do not reply")},
	}
	for _, c := range checks {
		t.Run(c.name, func(t *testing.T) {
			if !c.ok {
				t.Errorf("%+v", m)
			}
		})
	}
}
