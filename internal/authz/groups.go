package authz

import (
	"errors"
	"fmt"
	"regexp"
	"strings"
)

// ErrNoRole means the groups claim gave the person no role in the portal.
var ErrNoRole = errors.New("no portal role in the groups claim")

// ErrConflictingRoles means the groups claim gave the person more than one
// council, or both a council role and a CQC role. Guessing which one was meant
// could leak one council's evidence to another, so such a login is refused.
var ErrConflictingRoles = errors.New("conflicting portal roles in the groups claim")

// GroupRules say which identity-provider groups give which role. They are
// configuration: another provider may name its groups differently.
type GroupRules struct {
	// LAPattern is the group of council staff, with {la} standing for the
	// council's ONS code and {role} for "submitter" or "viewer".
	LAPattern string
	Inspector string
	Panel     string
	Admin     string
}

// DefaultGroupRules are the group names of DESIGN.md.
func DefaultGroupRules() GroupRules {
	return GroupRules{
		LAPattern: "la:{la}:{role}",
		Inspector: "cqc:inspector",
		Panel:     "cqc:panel",
		Admin:     "cqc:admin",
	}
}

// Validate reports what is wrong with the rules, if anything.
func (g GroupRules) Validate() error {
	var problems []string
	if strings.Count(g.LAPattern, "{la}") != 1 || strings.Count(g.LAPattern, "{role}") != 1 {
		problems = append(problems, "the council group pattern must hold {la} and {role} once each")
	}
	if g.Inspector == "" || g.Panel == "" || g.Admin == "" {
		problems = append(problems, "the inspector, panel and admin groups must not be empty")
	}
	if len(problems) > 0 {
		return fmt.Errorf("group rules: %s", strings.Join(problems, "; "))
	}
	return nil
}

// Assignment is what a groups claim maps to: a role and, for council staff,
// the council's ONS code.
type Assignment struct {
	Role Role
	LA   string
}

// Map turns the groups of one login into a role. CQC roles rank admin, then
// inspector, then panel; a council submitter group outranks a viewer group of
// the same council. Groups that mean nothing to the portal are ignored.
func (g GroupRules) Map(groups []string) (Assignment, error) {
	laRe := g.laRegexp()
	var cqc []Role
	las := map[string]Role{}
	for _, grp := range groups {
		switch grp {
		case g.Admin:
			cqc = append(cqc, RoleAdmin)
			continue
		case g.Inspector:
			cqc = append(cqc, RoleInspector)
			continue
		case g.Panel:
			cqc = append(cqc, RolePanel)
			continue
		}
		m := laRe.FindStringSubmatch(grp)
		if m == nil {
			continue
		}
		code, kind := m[laRe.SubexpIndex("la")], m[laRe.SubexpIndex("role")]
		role := RoleLAViewer
		if kind == "submitter" {
			role = RoleLASubmitter
		}
		if las[code] != RoleLASubmitter {
			las[code] = role
		}
	}
	switch {
	case len(cqc) > 0 && len(las) > 0, len(las) > 1:
		return Assignment{}, ErrConflictingRoles
	case len(cqc) > 0:
		return Assignment{Role: highest(cqc)}, nil
	case len(las) == 1:
		for code, role := range las {
			return Assignment{Role: role, LA: code}, nil
		}
	}
	return Assignment{}, ErrNoRole
}

func highest(roles []Role) Role {
	rank := map[Role]int{RoleAdmin: 3, RoleInspector: 2, RolePanel: 1}
	best := roles[0]
	for _, r := range roles[1:] {
		if rank[r] > rank[best] {
			best = r
		}
	}
	return best
}

func (g GroupRules) laRegexp() *regexp.Regexp {
	p := regexp.QuoteMeta(g.LAPattern)
	p = strings.Replace(p, regexp.QuoteMeta("{la}"), `(?P<la>`+laCodePattern+`)`, 1)
	p = strings.Replace(p, regexp.QuoteMeta("{role}"), `(?P<role>submitter|viewer)`, 1)
	return regexp.MustCompile("^" + p + "$")
}
