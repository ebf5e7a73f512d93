package ingest

import (
	"testing"

	"github.com/evidenceportal/portal/internal/tagger"
)

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

func TestGuessFromText(t *testing.T) {
	g, err := tagger.NewGuesser()
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, title, text string
		want              Guess
	}{
		{"a strategy and its span", "carers", "Ashford Vale Council\nOur strategy for unpaid carers 2024-2027\nOur vision is that carers are supported. Strategic priorities follow.",
			Guess{"strategy", "2024 to 2027"}},
		{"minutes, no span", "Board 12 March", "Minutes of the meeting. Attendees: A, B. Apologies: C. Agenda item 1. Matters arising.",
			Guess{"minutes", ""}},
		{"a financial year", "notes", "Self-assessment 2024/25. What we do well, areas for improvement, how we know.",
			Guess{"self-assessment", "2024 to 2025"}},
		{"the span written most often wins", "", "Covering 2023-24. Looking back at 2021-22 and on to 2023-24 and 2023/24.",
			Guess{"", "2023 to 2024"}},
		{"ties: the first", "", "from 2022 to 2025, then 2025-2030", Guess{"", "2022 to 2025"}},
		{"one stray cue is not enough", "notes", "We agreed some actions.", Guess{}},
		{"nothing", "scan", "Lorem ipsum dolor sit amet.", Guess{}},
		{"a date is not a span", "", "Published 2024-03-15, reviewed 12/2024/25.", Guess{}},
		{"a year alone is not a period", "", "In 2024 we began.", Guess{}},
		{"backwards or decades apart", "", "2025-2019 and 2001-2030", Guess{}},
		{"part of a longer number", "", "ref 12024-25 and 2024-250", Guess{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := GuessFromText(g, tt.title, tt.text); got != tt.want {
				t.Errorf("GuessFromText(%q, %q) = %+v, want %+v", tt.title, tt.text, got, tt.want)
			}
		})
	}
}
