package ingest

import "testing"

func TestStatusMoves(t *testing.T) {
	tests := []struct {
		from, to Status
		ok       bool
	}{
		{StatusReceived, StatusScanning, true},
		{StatusScanning, StatusScanning, true},
		{StatusScanning, StatusWaitingForScan, true},
		{StatusWaitingForScan, StatusScanning, true},
		{StatusScanning, StatusExtracting, true},
		{StatusScanning, StatusRejected, true},
		{StatusExtracting, StatusTagging, true},
		{StatusTagging, StatusIndexing, true},
		{StatusIndexing, StatusReady, true},
		{StatusReady, StatusTagging, true},
		{StatusFailed, StatusReceived, true},
		{StatusReceived, StatusExtracting, false},
		{StatusReceived, StatusReady, false},
		{StatusWaitingForScan, StatusExtracting, false},
		{StatusRejected, StatusReceived, false},
		{StatusRejected, StatusExtracting, false},
		{StatusWithdrawn, StatusReady, false},
		{StatusWithdrawn, StatusWithdrawn, true},
		{"bogus", "bogus", false},
		{StatusReady, "bogus", false},
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
	for s := range next {
		if s.Label() == "Unknown" {
			t.Errorf("%s has no label", s)
		}
		if !s.Final() && len(next[s]) == 0 {
			t.Errorf("%s is not final but leads nowhere", s)
		}
		for _, to := range next[s] {
			if !to.Valid() {
				t.Errorf("%s leads to unknown status %s", s, to)
			}
		}
	}
}

func TestMessages(t *testing.T) {
	tests := []struct{ got, want string }{
		{MsgTooBig("plan.pdf", 100<<20), "The selected file plan.pdf must be smaller than 100MB"},
		{MsgTooBig("plan.pdf", 1536<<20), "The selected file plan.pdf must be smaller than 1.5GB"},
		{MsgEmpty("a.csv"), "The selected file a.csv is empty"},
		{MsgWrongType("x.exe", []string{"PDF", "DOCX", "CSV"}), "The selected file x.exe must be a PDF, DOCX or CSV"},
		{MsgWrongType("x.exe", []string{"PDF"}), "The selected file x.exe must be a PDF"},
		{MsgVirus("x.pdf"), "The selected file x.pdf contains a virus"},
		{HumanSize(512 << 10), "512KB"},
		{HumanSize(10), "10 bytes"},
	}
	for _, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("got %q, want %q", tt.got, tt.want)
		}
	}
}
