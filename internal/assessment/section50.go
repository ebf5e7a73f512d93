package assessment

import (
	"strconv"
	"strings"
	"time"

	"github.com/evidenceportal/portal/internal/authz"
)

// MayRecordSection50 reports whether p may record that a section 50 letter
// was sent: CQC administrators, who send CQC's formal correspondence;
// inspectors and the panel read the drafts.
func MayRecordSection50(p authz.Principal) bool { return p.Role == authz.RoleAdmin }

// CheckSentOn reads the day a letter was sent from the GOV.UK date input's
// three fields, as a day at midnight UTC: a real date, not after today
// and not before the day the assessment was published. The error, an
// *InputError of field "sent" (or "sent-day", "sent-month", "sent-year"
// for the part missing), says what is wrong in GOV.UK's words.
func CheckSentOn(day, month, year string, published, today time.Time) (time.Time, error) {
	day, month, year = strings.TrimSpace(day), strings.TrimSpace(month), strings.TrimSpace(year)
	switch {
	case day == "" && month == "" && year == "":
		return time.Time{}, bad("sent-day", "Enter the date the letter was sent")
	case day == "":
		return time.Time{}, bad("sent-day", "Date the letter was sent must include a day")
	case month == "":
		return time.Time{}, bad("sent-month", "Date the letter was sent must include a month")
	case year == "":
		return time.Time{}, bad("sent-year", "Date the letter was sent must include a year")
	}
	d, err1 := strconv.Atoi(day)
	m, err2 := strconv.Atoi(month)
	y, err3 := strconv.Atoi(year)
	if err1 != nil || err2 != nil || err3 != nil || len(year) != 4 || m < 1 || m > 12 || d < 1 {
		return time.Time{}, bad("sent-day", "Date the letter was sent must be a real date")
	}
	t := time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC)
	if t.Day() != d { // 31 April rolled into May
		return time.Time{}, bad("sent-day", "Date the letter was sent must be a real date")
	}
	switch {
	case t.After(Day(today)):
		return time.Time{}, bad("sent-day", "Date the letter was sent must be today or in the past")
	case t.Before(Day(published)):
		return time.Time{}, bad("sent-day", "Date the letter was sent must be on or after %s, when the report was published",
			Day(published).Format("2 January 2006"))
	}
	return t, nil
}
