package api

import (
	"testing"

	"github.com/evidenceportal/portal/internal/authz"
	"github.com/google/go-cmp/cmp"
)

func TestNavFor(t *testing.T) {
	tests := []struct {
		name    string
		p       authz.Principal
		current string
		want    []string // hrefs, in order
		active  string
	}{
		{"council submitter", authz.Principal{Role: authz.RoleLASubmitter, LA: "E06009901"}, "/documents",
			[]string{"/", "/documents", "/search", "/las/E06009901", "/assessments"}, "/documents"},
		{"inspector", authz.Principal{Role: authz.RoleInspector}, "/searches",
			[]string{"/", "/search", "/searches", "/documents", "/assessments"}, "/searches"},
		{"panel", authz.Principal{Role: authz.RolePanel}, "/", []string{"/", "/assessments"}, "/"},
		// Every admin page is one click away, the tagging page included.
		{"admin", authz.Principal{Role: authz.RoleAdmin}, "/admin/tagging",
			[]string{"/", "/admin/las", "/admin/assignments", "/admin/assessments", "/admin/users", "/admin/audit", "/admin/tagging", "/admin/outcomes", "/admin/report-facts"}, "/admin/tagging"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var hrefs []string
			active := ""
			for _, it := range navFor(tt.p, tt.current) {
				hrefs = append(hrefs, it.Href)
				if it.Active {
					active = it.Href
				}
			}
			if diff := cmp.Diff(tt.want, hrefs); diff != "" {
				t.Errorf("navFor(%s) hrefs (-want +got):\n%s", tt.p.Role, diff)
			}
			if active != tt.active {
				t.Errorf("navFor(%s, %q) active = %q, want %q", tt.p.Role, tt.current, active, tt.active)
			}
		})
	}
}
