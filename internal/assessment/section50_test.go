package assessment

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/evidenceportal/portal/internal/authz"
)

func TestCheckSentOn(t *testing.T) {
	published := time.Date(2026, 11, 20, 15, 0, 0, 0, time.UTC)
	today := time.Date(2026, 12, 3, 9, 0, 0, 0, time.UTC)
	tests := []struct {
		name, day, month, year string
		want                   time.Time
		field, msg             string
	}{
		{"today", "3", "12", "2026", time.Date(2026, 12, 3, 0, 0, 0, 0, time.UTC), "", ""},
		{"the day published", " 20 ", "11", "2026", time.Date(2026, 11, 20, 0, 0, 0, 0, time.UTC), "", ""},
		{"nothing", "", "", "", time.Time{}, "sent-day", "Enter the date the letter was sent"},
		{"no day", "", "12", "2026", time.Time{}, "sent-day", "must include a day"},
		{"no month", "3", "", "2026", time.Time{}, "sent-month", "must include a month"},
		{"no year", "3", "12", "", time.Time{}, "sent-year", "must include a year"},
		{"31 November", "31", "11", "2026", time.Time{}, "sent-day", "must be a real date"},
		{"month 13", "1", "13", "2026", time.Time{}, "sent-day", "must be a real date"},
		{"words", "third", "12", "2026", time.Time{}, "sent-day", "must be a real date"},
		{"two-digit year", "3", "12", "26", time.Time{}, "sent-day", "must be a real date"},
		{"negative", "-3", "12", "2026", time.Time{}, "sent-day", "must be a real date"},
		{"tomorrow", "4", "12", "2026", time.Time{}, "sent-day", "must be today or in the past"},
		{"before publication", "19", "11", "2026", time.Time{}, "sent-day", "must be on or after 20 November 2026"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := CheckSentOn(tt.day, tt.month, tt.year, published, today)
			var ie *InputError
			switch {
			case tt.field == "" && (err != nil || !got.Equal(tt.want)):
				t.Errorf("CheckSentOn() = %v, %v; want %v", got, err, tt.want)
			case tt.field != "" && (!errors.As(err, &ie) || ie.Field != tt.field || !strings.Contains(ie.Message, tt.msg)):
				t.Errorf("CheckSentOn() error = %v, want %s %q", err, tt.field, tt.msg)
			}
		})
	}
	for _, r := range []authz.Role{authz.RoleInspector, authz.RolePanel, authz.RoleLASubmitter} {
		if MayRecordSection50(authz.Principal{Role: r}) {
			t.Errorf("MayRecordSection50(%s) = true", r)
		}
	}
	if !MayRecordSection50(authz.Principal{Role: authz.RoleAdmin}) {
		t.Error("an admin may not record")
	}
}
