package assessment

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/evidenceportal/portal/internal/authz"
)

func TestRequestOffers(t *testing.T) {
	insp := authz.Principal{Role: authz.RoleInspector}
	sub := authz.Principal{Role: authz.RoleLASubmitter, LA: "E06009901"}
	viewer := authz.Principal{Role: authz.RoleLAViewer, LA: "E06009901"}
	tests := []struct {
		name      string
		p         authz.Principal
		inspector bool
		st        string
		ast       State
		want      RequestOffer
	}{
		{"its inspector raises", insp, true, "", InProgress, RequestOffer{Raise: true}},
		{"and accepts an open one", insp, true, RequestOpen, InProgress, RequestOffer{Raise: true, Reply: true, Accept: true}},
		{"not a closed one", insp, true, RequestClosed, InProgress, RequestOffer{Raise: true}},
		{"another inspector does nothing", insp, false, RequestOpen, InProgress, RequestOffer{}},
		{"nothing once published", insp, true, RequestOpen, Published, RequestOffer{}},
		{"the submitter replies", sub, false, RequestOpen, InProgress, RequestOffer{Reply: true}},
		{"not once closed", sub, false, RequestClosed, InProgress, RequestOffer{}},
		{"the viewer reads", viewer, false, RequestOpen, InProgress, RequestOffer{}},
		{"admins read", authz.Principal{Role: authz.RoleAdmin}, false, RequestOpen, InProgress, RequestOffer{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := RequestOffers(tt.p, tt.inspector, tt.st, tt.ast); got != tt.want {
				t.Errorf("RequestOffers = %+v, want %+v", got, tt.want)
			}
		})
	}
}

func TestCheckRequest(t *testing.T) {
	today := time.Date(2026, 5, 1, 0, 0, 0, 0, time.UTC)
	known := func(s string) bool { return s == "safeguarding" || s == "equity" }
	tests := []struct {
		name  string
		in    RequestInput
		field string
	}{
		{"good", RequestInput{QS: []string{"safeguarding", "safeguarding"}, Wanted: " Section 42 data ", Due: today.AddDate(0, 0, 7)}, ""},
		{"due today", RequestInput{QS: []string{"equity"}, Wanted: "x", Due: today}, ""},
		{"no statement", RequestInput{Wanted: "x", Due: today}, "qs"},
		{"unknown statement", RequestInput{QS: []string{"caring"}, Wanted: "x", Due: today}, "qs"},
		{"nothing wanted", RequestInput{QS: []string{"equity"}, Wanted: " ", Due: today}, "wanted"},
		{"too long", RequestInput{QS: []string{"equity"}, Wanted: strings.Repeat("x", MaxRequestText+1), Due: today}, "wanted"},
		{"no date", RequestInput{QS: []string{"equity"}, Wanted: "x"}, "due"},
		{"in the past", RequestInput{QS: []string{"equity"}, Wanted: "x", Due: today.AddDate(0, 0, -1)}, "due"},
		{"too far", RequestInput{QS: []string{"equity"}, Wanted: "x", Due: today.AddDate(0, 0, MaxDueDays+1)}, "due"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := CheckRequest(tt.in, known, today)
			var ie *InputError
			switch {
			case tt.field == "" && err != nil:
				t.Errorf("CheckRequest = %v", err)
			case tt.field == "" && (len(got.QS) != 1 || got.Wanted != strings.TrimSpace(tt.in.Wanted)):
				t.Errorf("CheckRequest = %+v, want cleaned", got)
			case tt.field != "" && (!errors.As(err, &ie) || ie.Field != tt.field):
				t.Errorf("CheckRequest = %v, want an error on %s", err, tt.field)
			}
		})
	}
}

func TestCheckMessage(t *testing.T) {
	tests := []struct {
		name  string
		in    Message
		field string
	}{
		{"text", Message{Text: "Attached"}, ""},
		{"a document with a page", Message{Document: "d", Page: 3}, ""},
		{"a link", Message{Link: "https://example.org/r"}, ""},
		{"empty", Message{Text: "  "}, "message"},
		{"javascript link", Message{Text: "see", Link: "javascript:alert(1)"}, "link"},
		{"a page without a document", Message{Text: "x", Page: 2}, "page"},
		{"too long", Message{Text: strings.Repeat("x", MaxAnswerText+1)}, "message"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := CheckMessage(tt.in)
			var ie *InputError
			if (tt.field == "") != (err == nil) || (err != nil && (!errors.As(err, &ie) || ie.Field != tt.field)) {
				t.Errorf("CheckMessage = %v, want field %q", err, tt.field)
			}
		})
	}
}
