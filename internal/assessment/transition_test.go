package assessment

import (
	"errors"
	"strings"
	"testing"

	"github.com/evidenceportal/portal/internal/authz"
	"github.com/google/go-cmp/cmp"
)

var (
	inspector = authz.Principal{Role: authz.RoleInspector, Email: "i@cqc.test"}
	panel     = authz.Principal{Role: authz.RolePanel, Email: "p@cqc.test"}
	admin     = authz.Principal{Role: authz.RoleAdmin, Email: "a@cqc.test"}
	submitter = authz.Principal{Role: authz.RoleLASubmitter, Email: "s@la.test", LA: "E06009901"}
	viewer    = authz.Principal{Role: authz.RoleLAViewer, Email: "v@la.test", LA: "E06009901"}
)

// TestTransitions tries every change of state by every role, on and off
// the assessment: only the four transitions exist, each for its role.
func TestTransitions(t *testing.T) {
	people := []struct {
		name string
		p    authz.Principal
		on   bool
	}{
		{"its inspector", inspector, true}, {"another inspector", inspector, false},
		{"panel", panel, false}, {"admin", admin, false}, {"submitter", submitter, false}, {"viewer", viewer, false},
	}
	allowed := map[[2]State]string{ // from, to: who may
		{InProgress, Calibration}:      "its inspector",
		{Calibration, InProgress}:      "panel",
		{Calibration, FactualAccuracy}: "panel",
		{FactualAccuracy, Published}:   "its inspector",
	}
	for _, from := range States() {
		for _, to := range States() {
			t.Run(string(from)+"->"+string(to), func(t *testing.T) {
				tr, err := Find(from, to)
				who, exists := allowed[[2]State{from, to}]
				if !exists {
					if !errors.Is(err, ErrNoTransition) {
						t.Fatalf("Find(%s, %s) = %v, want ErrNoTransition", from, to, err)
					}
					return
				}
				if err != nil {
					t.Fatalf("Find(%s, %s): %v", from, to, err)
				}
				for _, pp := range people {
					if got, want := tr.Allows(pp.p, pp.on), pp.name == who; got != want {
						t.Errorf("%s: Allows = %v, want %v", pp.name, got, want)
					}
				}
			})
		}
	}
	// Only the panel's decisions, which cannot be taken back, are confirmed.
	confirmed := map[[2]State]bool{{Calibration, InProgress}: true, {Calibration, FactualAccuracy}: true}
	for _, tr := range transitions() {
		t.Run("confirm "+string(tr.From)+"->"+string(tr.To), func(t *testing.T) {
			if got, want := tr.Confirm, confirmed[[2]State{tr.From, tr.To}]; got != want {
				t.Errorf("Confirm = %v, want %v", got, want)
			}
		})
	}
	if _, err := Find(InProgress, "archived"); !errors.Is(err, ErrUnknownState) {
		t.Errorf("Find(in_progress, archived) = %v, want ErrUnknownState", err)
	}
}

func TestCheckComment(t *testing.T) {
	ret, _ := Find(Calibration, InProgress)
	val, _ := Find(Calibration, FactualAccuracy)
	tests := []struct {
		name    string
		tr      Transition
		comment string
		want    error
	}{
		{"return with a reason", ret, "Safeguarding scores need evidence", nil},
		{"return without a reason", ret, "", ErrCommentNeeded},
		{"validate without a comment", val, "", nil},
		{"at the limit", val, strings.Repeat("é", MaxStateComment), nil},
		{"over the limit", ret, strings.Repeat("é", MaxStateComment+1), ErrCommentTooLong},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if err := tt.tr.CheckComment(tt.comment); !errors.Is(err, tt.want) {
				t.Errorf("CheckComment = %v, want %v", err, tt.want)
			}
		})
	}
}

func TestCheckPanelComment(t *testing.T) {
	tests := []struct {
		name, comment string
		want          error
	}{
		{"empty clears it", "", nil},
		{"a comment", "Cite the 2025 board report", nil},
		{"at the limit", strings.Repeat("é", MaxStateComment), nil},
		{"over the limit", strings.Repeat("é", MaxStateComment+1), ErrCommentTooLong},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if err := CheckPanelComment(tt.comment); !errors.Is(err, tt.want) {
				t.Errorf("CheckPanelComment = %v, want %v", err, tt.want)
			}
		})
	}
}

// TestOffers: pages offer exactly what the transitions allow.
func TestOffers(t *testing.T) {
	tests := []struct {
		name string
		p    authz.Principal
		on   bool
		st   State
		want Offer
	}{
		{"its inspector, in progress", inspector, true, InProgress, Offer{Score: true, SendCalibration: true, ViewDraft: true, DraftReport: true}},
		{"another inspector, in progress", inspector, false, InProgress, Offer{ViewDraft: true}},
		{"its inspector, calibration", inspector, true, Calibration, Offer{ViewDraft: true}},
		{"panel, calibration", panel, false, Calibration, Offer{Calibrate: true, PanelComment: true, ViewDraft: true}},
		{"panel, factual accuracy", panel, false, FactualAccuracy, Offer{ViewDraft: true}},
		{"admin, calibration", admin, false, Calibration, Offer{ViewDraft: true}},
		{"panel, in progress", panel, false, InProgress, Offer{ViewDraft: true}},
		{"its inspector, factual accuracy", inspector, true, FactualAccuracy, Offer{Publish: true, Answer: true, ViewDraft: true, DraftReport: true}},
		{"admin, factual accuracy", admin, false, FactualAccuracy, Offer{ViewDraft: true}},
		{"its inspector, published", inspector, true, Published, Offer{ViewDraft: true}},
		{"submitter, factual accuracy", submitter, false, FactualAccuracy, Offer{}},
		{"viewer, published", viewer, false, Published, Offer{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, Offers(tt.p, tt.on, tt.st)); diff != "" {
				t.Errorf("Offers (-want +got):\n%s", diff)
			}
		})
	}
}

func TestStates(t *testing.T) {
	tests := []struct {
		st          State
		known       bool
		frozen      bool
		councilSees bool
	}{
		{InProgress, true, false, false},
		{Calibration, true, true, false},
		{FactualAccuracy, true, true, true},
		{Published, true, true, true},
		{"draft", false, true, false},
	}
	for _, tt := range tests {
		t.Run(string(tt.st), func(t *testing.T) {
			if got := tt.st.Known(); got != tt.known {
				t.Errorf("Known = %v, want %v", got, tt.known)
			}
			if got := tt.st.Frozen(); got != tt.frozen {
				t.Errorf("Frozen = %v, want %v", got, tt.frozen)
			}
			if got := tt.st.CouncilSeesScores(); got != tt.councilSees {
				t.Errorf("CouncilSeesScores = %v, want %v", got, tt.councilSees)
			}
		})
	}
}
