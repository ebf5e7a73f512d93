package assessment

import (
	"testing"

	"github.com/evidenceportal/portal/internal/authz"
)

// TestPackFor: who may download an assessment's evidence pack, and what
// it holds in each state.
func TestPackFor(t *testing.T) {
	insp := authz.Principal{Role: authz.RoleInspector, Email: "i@cqc"}
	council := authz.Principal{Role: authz.RoleLAViewer, LA: "E06009901"}
	tests := []struct {
		name      string
		p         authz.Principal
		inspector bool
		st        State
		want      PackContents
		ok        bool
	}{
		{"its inspector", insp, true, InProgress, PackContents{Audience: PackCQC, Scores: true, Report: true, Personal: true, Names: true}, true},
		{"another inspector", insp, false, Published, PackContents{}, false},
		{"an admin, no personal data", authz.Principal{Role: authz.RoleAdmin}, false, InProgress,
			PackContents{Audience: PackCQC, Scores: true, Report: true, Names: true}, true},
		{"the panel", authz.Principal{Role: authz.RolePanel}, false, Calibration, PackContents{}, false},
		{"the council before the check", council, false, Calibration, PackContents{Audience: PackCouncil, Personal: true}, true},
		{"the council in the check", council, false, FactualAccuracy,
			PackContents{Audience: PackCouncil, Scores: true, Report: true, Personal: true}, true},
		{"the council once published", authz.Principal{Role: authz.RoleLASubmitter, LA: "E06009901"}, false, Published,
			PackContents{Audience: PackCouncil, Scores: true, Report: true, Personal: true}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := PackFor(tt.p, tt.inspector, tt.st)
			if got != tt.want || ok != tt.ok {
				t.Errorf("PackFor() = %+v, %v; want %+v, %v", got, ok, tt.want, tt.ok)
			}
		})
	}
}
