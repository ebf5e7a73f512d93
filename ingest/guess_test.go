package ingest

import "testing"

func TestGuessDetails(t *testing.T) {
	tests := []struct {
		name string
		want Guess
	}{
		{"ASC self-assessment 2024-25.pdf", Guess{"self-assessment", "2024 to 2025"}},
		{"Self_Assessment_Oct2025.docx", Guess{"self-assessment", "2025"}},
		{"LGA peer review report.pdf", Guess{"peer-review", ""}},
		{"Peer review action plan 2025.xlsx", Guess{"action-plan", "2025"}},
		{"Market position statement 2024 to 2027.pdf", Guess{"strategy", "2024 to 2027"}},
		{"carers-strategy-2023-2026.pdf", Guess{"strategy", "2023 to 2026"}},
		{"Safeguarding Adults Board annual report 2023/24.pdf", Guess{"annual-report", "2023 to 2024"}},
		{"Board minutes 12 March 2025.docx", Guess{"minutes", "2025"}},
		{"ASCOF 2023-24.csv", Guess{"performance-data", "2023 to 2024"}},
		{"Carers survey results.csv", Guess{"survey-results", ""}},
		{"Hospital discharge protocol.pdf", Guess{"procedure", ""}},
		{"Charging policy.pdf", Guess{"policy", ""}},
		{"notes.txt", Guess{}},
		{"strategic thoughts.txt", Guess{}},          // a word that begins like a cue is not one
		{"Scan 20250312.pdf", Guess{}},               // a date stamp is not a year
		{"Plan 2025-2019.pdf", Guess{"", "2025"}},    // a span backwards keeps its first year
		{"policy.2024.pdf", Guess{"policy", "2024"}}, // separators of every kind
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := GuessDetails(tt.name); got != tt.want {
				t.Errorf("GuessDetails(%q) = %+v, want %+v", tt.name, got, tt.want)
			}
		})
	}
}
