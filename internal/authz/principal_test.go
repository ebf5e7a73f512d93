package authz

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestPrincipalScope(t *testing.T) {
	tests := []struct {
		name      string
		p         Principal
		wantAll   bool
		wantLAs   []string
		allowed   []string
		forbidden []string
	}{
		{"submitter", Principal{Role: RoleLASubmitter, LA: "E06009901"}, false, []string{"E06009901"}, []string{"E06009901"}, []string{"E06009902"}},
		{"viewer", Principal{Role: RoleLAViewer, LA: "E06009902"}, false, []string{"E06009902"}, []string{"E06009902"}, []string{"E06009901"}},
		{"council role without council", Principal{Role: RoleLAViewer}, false, []string{}, nil, []string{"E06009901", ""}},
		{"inspector", Principal{Role: RoleInspector, Assigned: []string{"E06009901"}}, false, []string{"E06009901"}, []string{"E06009901"}, []string{"E06009902"}},
		{"inspector without assignments", Principal{Role: RoleInspector}, false, []string{}, nil, []string{"E06009901"}},
		{"admin", Principal{Role: RoleAdmin}, true, nil, []string{"E06009901", "E06009902"}, nil},
		{"panel", Principal{Role: RolePanel}, true, nil, []string{"E06009901"}, nil},
		{"no role", Principal{}, false, []string{}, nil, []string{"E06009901"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := tt.p.Scope()
			if s.All() != tt.wantAll {
				t.Errorf("Scope().All() = %v, want %v", s.All(), tt.wantAll)
			}
			if diff := cmp.Diff(tt.wantLAs, s.LAs()); diff != "" {
				t.Errorf("Scope().LAs() mismatch (-want +got):\n%s", diff)
			}
			for _, code := range tt.allowed {
				if !s.Allows(code) {
					t.Errorf("Scope().Allows(%q) = false, want true", code)
				}
			}
			for _, code := range tt.forbidden {
				if s.Allows(code) {
					t.Errorf("Scope().Allows(%q) = true, want false", code)
				}
			}
		})
	}
}

func TestPrincipalCan(t *testing.T) {
	roles := []Role{RoleLASubmitter, RoleLAViewer, RoleInspector, RolePanel, RoleAdmin, ""}
	want := map[Action][]Role{
		ActionManagePortal:           {RoleAdmin},
		ActionSubmitEvidence:         {RoleLASubmitter},
		ActionReviewEvidence:         {RoleInspector},
		ActionScore:                  {RoleInspector},
		ActionCalibrate:              {RolePanel},
		ActionCommentFactualAccuracy: {RoleLASubmitter},
		ActionExportScores:           {RoleInspector, RoleAdmin},
		ActionViewDraftScores:        {RoleInspector, RolePanel, RoleAdmin},
		ActionViewCQCDecisions:       {RoleInspector, RolePanel, RoleAdmin},
		ActionWorkAcrossLAs:          {RoleInspector, RolePanel, RoleAdmin},
	}
	for action, allowed := range want {
		for _, r := range roles {
			t.Run(string(action)+"/"+string(r), func(t *testing.T) {
				p := Principal{Role: r}
				exp := false
				for _, a := range allowed {
					exp = exp || a == r
				}
				if got := p.Can(action); got != exp {
					t.Errorf("Principal{Role: %q}.Can(%q) = %v, want %v", r, action, got, exp)
				}
				if err := p.Require(action); (err == nil) != exp {
					t.Errorf("Require(%q) = %v, want allowed=%v", action, err, exp)
				}
			})
		}
	}
}

func TestScopeLAsIsACopy(t *testing.T) {
	s := OnlyLAs("E06009901")
	s.LAs()[0] = "E06009902"
	if !s.Allows("E06009901") || s.Allows("E06009902") {
		t.Errorf("mutating LAs() changed the scope")
	}
}
