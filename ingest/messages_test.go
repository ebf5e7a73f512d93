package ingest

import "testing"

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
