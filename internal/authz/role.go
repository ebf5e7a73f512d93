package authz

// Role is what a signed-in person is to the portal. A person has exactly one.
type Role string

// The roles of DESIGN.md.
const (
	RoleLASubmitter Role = "la_submitter"
	RoleLAViewer    Role = "la_viewer"
	RoleInspector   Role = "inspector"
	RolePanel       Role = "panel"
	RoleAdmin       Role = "admin"
)

// Valid reports whether r is one of the portal's roles.
func (r Role) Valid() bool {
	switch r {
	case RoleLASubmitter, RoleLAViewer, RoleInspector, RolePanel, RoleAdmin:
		return true
	}
	return false
}

// IsLA reports whether r belongs to a council's staff rather than to CQC.
func (r Role) IsLA() bool { return r == RoleLASubmitter || r == RoleLAViewer }

// Label is the role's name as shown to people.
func (r Role) Label() string {
	switch r {
	case RoleLASubmitter:
		return "Council submitter"
	case RoleLAViewer:
		return "Council viewer"
	case RoleInspector:
		return "CQC inspector"
	case RolePanel:
		return "CQC calibration panel member"
	case RoleAdmin:
		return "CQC administrator"
	}
	return "Unknown role"
}
