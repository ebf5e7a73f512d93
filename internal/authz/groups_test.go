package authz

import (
	"errors"
	"testing"
)

func TestGroupRulesMap(t *testing.T) {
	rules := DefaultGroupRules()
	tests := []struct {
		name    string
		groups  []string
		want    Assignment
		wantErr error
	}{
		{"submitter", []string{"la:E06009901:submitter"}, Assignment{RoleLASubmitter, "E06009901"}, nil},
		{"viewer", []string{"la:E06009901:viewer"}, Assignment{RoleLAViewer, "E06009901"}, nil},
		{"submitter outranks viewer of same council", []string{"la:E06009901:viewer", "la:E06009901:submitter"}, Assignment{RoleLASubmitter, "E06009901"}, nil},
		{"inspector", []string{"cqc:inspector"}, Assignment{Role: RoleInspector}, nil},
		{"panel", []string{"cqc:panel"}, Assignment{Role: RolePanel}, nil},
		{"admin", []string{"cqc:admin"}, Assignment{Role: RoleAdmin}, nil},
		{"admin outranks inspector", []string{"cqc:inspector", "cqc:admin"}, Assignment{Role: RoleAdmin}, nil},
		{"unrelated groups ignored", []string{"staff", "la:E06009901:submitter", "everyone"}, Assignment{RoleLASubmitter, "E06009901"}, nil},
		{"no groups", nil, Assignment{}, ErrNoRole},
		{"only unrelated groups", []string{"staff"}, Assignment{}, ErrNoRole},
		{"unknown council role", []string{"la:E06009901:owner"}, Assignment{}, ErrNoRole},
		{"malformed council code", []string{"la:X06009901:submitter"}, Assignment{}, ErrNoRole},
		{"council code with suffix", []string{"la:E06009901x:submitter"}, Assignment{}, ErrNoRole},
		{"case matters", []string{"CQC:ADMIN"}, Assignment{}, ErrNoRole},
		{"two councils", []string{"la:E06009901:submitter", "la:E06009902:viewer"}, Assignment{}, ErrConflictingRoles},
		{"council and cqc", []string{"la:E06009901:submitter", "cqc:inspector"}, Assignment{}, ErrConflictingRoles},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := rules.Map(tt.groups)
			if !errors.Is(err, tt.wantErr) {
				t.Fatalf("Map(%q) error = %v, want %v", tt.groups, err, tt.wantErr)
			}
			if got != tt.want {
				t.Errorf("Map(%q) = %+v, want %+v", tt.groups, got, tt.want)
			}
		})
	}
}

func TestGroupRulesCustomPattern(t *testing.T) {
	rules := GroupRules{LAPattern: "council-{role}-{la}", Inspector: "Inspectors", Panel: "Panel", Admin: "Admins"}
	if err := rules.Validate(); err != nil {
		t.Fatalf("Validate() = %v", err)
	}
	got, err := rules.Map([]string{"council-viewer-E09000001"})
	if err != nil || got != (Assignment{RoleLAViewer, "E09000001"}) {
		t.Errorf("Map = %+v, %v; want viewer of E09000001", got, err)
	}
	if _, err := rules.Map([]string{"la:E06009901:submitter"}); !errors.Is(err, ErrNoRole) {
		t.Errorf("default-pattern group under custom rules: err = %v, want ErrNoRole", err)
	}
}

func TestGroupRulesValidate(t *testing.T) {
	tests := []struct {
		name  string
		rules GroupRules
		ok    bool
	}{
		{"default", DefaultGroupRules(), true},
		{"no la placeholder", GroupRules{LAPattern: "la:{role}", Inspector: "i", Panel: "p", Admin: "a"}, false},
		{"twice role", GroupRules{LAPattern: "{la}:{role}:{role}", Inspector: "i", Panel: "p", Admin: "a"}, false},
		{"empty admin", GroupRules{LAPattern: "{la}:{role}", Inspector: "i", Panel: "p"}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if err := tt.rules.Validate(); (err == nil) != tt.ok {
				t.Errorf("Validate() = %v, want ok=%v", err, tt.ok)
			}
		})
	}
}

func TestValidLACode(t *testing.T) {
	for code, want := range map[string]bool{
		"E06009901": true, "E08000025": true, "E09000001": true, "E10000002": true,
		"E07000001": false, "W06000001": false, "E0600990": false, "E060099011": false, "": false, "e06009901": false,
	} {
		if got := ValidLACode(code); got != want {
			t.Errorf("ValidLACode(%q) = %v, want %v", code, got, want)
		}
	}
}
