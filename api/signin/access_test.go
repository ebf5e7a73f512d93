package signin

import (
	"testing"

	"github.com/evidenceportal/portal/internal/authz"
	"github.com/evidenceportal/portal/internal/store"
)

func TestUnchanged(t *testing.T) {
	u := store.User{Email: "sam@council.test", Name: "Sam", Role: authz.RoleLASubmitter, LA: "E09000001"}
	same := claims{Email: "Sam@Council.test", Name: "Sam"}
	as := authz.Assignment{Role: authz.RoleLASubmitter, LA: "E09000001"}
	tests := []struct {
		name string
		c    claims
		a    authz.Assignment
		want bool
	}{
		{"same claims, email in another case", same, as, true},
		{"new email", claims{Email: "sam.b@council.test", Name: "Sam"}, as, false},
		{"new name", claims{Email: "sam@council.test", Name: "Sam B"}, as, false},
		{"new role", same, authz.Assignment{Role: authz.RoleAdmin, LA: "E09000001"}, false},
		{"new council", same, authz.Assignment{Role: authz.RoleLASubmitter, LA: "E09000002"}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := unchanged(u, tt.c, tt.a); got != tt.want {
				t.Errorf("unchanged = %v, want %v", got, tt.want)
			}
		})
	}
}
