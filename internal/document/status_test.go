package document

import "testing"

func TestStatusMoves(t *testing.T) {
	tests := []struct {
		from, to Status
		ok       bool
	}{
		{Received, Scanning, true},
		{Scanning, Scanning, true},
		{Scanning, WaitingForScan, true},
		{WaitingForScan, Scanning, true},
		{Scanning, Extracting, true},
		{Scanning, Rejected, true},
		{Extracting, Tagging, true},
		{Tagging, Indexing, true},
		{Indexing, Ready, true},
		{Ready, Tagging, true},
		{Failed, Received, true},
		{Received, Extracting, false},
		{Received, Ready, false},
		{WaitingForScan, Extracting, false},
		{Rejected, Received, false},
		{Rejected, Extracting, false},
		{Withdrawn, Ready, false},
		{Withdrawn, Withdrawn, true},
		{"bogus", "bogus", false},
		{Ready, "bogus", false},
	}
	for _, tt := range tests {
		t.Run(string(tt.from)+"→"+string(tt.to), func(t *testing.T) {
			if got := tt.from.CanMove(tt.to); got != tt.ok {
				t.Errorf("%s.CanMove(%s) = %v, want %v", tt.from, tt.to, got, tt.ok)
			}
			if err := tt.from.Move(tt.to); (err == nil) != tt.ok {
				t.Errorf("%s.Move(%s) = %v, want ok=%v", tt.from, tt.to, err, tt.ok)
			}
		})
	}
}

func TestEveryStatusHasALabelAndAWayOn(t *testing.T) {
	for _, s := range All() {
		if s.Label() == "Unknown" {
			t.Errorf("%s has no label", s)
		}
		if !s.Final() && len(s.next()) == 0 {
			t.Errorf("%s is not final but leads nowhere", s)
		}
		for _, to := range s.next() {
			if !to.Valid() {
				t.Errorf("%s leads to unknown status %s", s, to)
			}
		}
	}
}
