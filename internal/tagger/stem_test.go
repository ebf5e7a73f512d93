package tagger

import "testing"

func TestStem(t *testing.T) {
	tests := []struct{ in, want string }{
		{"caresses", "caress"}, {"ponies", "poni"}, {"cats", "cat"}, {"feed", "feed"}, {"agreed", "agre"},
		{"plastered", "plaster"}, {"motoring", "motor"}, {"hopping", "hop"}, {"filing", "file"},
		{"happy", "happi"}, {"relational", "relat"}, {"conditional", "condit"}, {"generalization", "gener"},
		{"adjustment", "adjust"}, {"controll", "control"}, {"roll", "roll"}, {"rate", "rate"},
		{"assessments", "assess"}, {"assessing", "assess"}, {"assessed", "assess"},
		{"safeguarding", "safeguard"}, {"commissioning", "commiss"}, {"carers", "carer"},
		{"governance", "govern"}, {"partnerships", "partnership"}, {"prevention", "prevent"},
		{"preventative", "prevent"}, {"is", "is"}, {"naïve", "naïve"}, {"s42", "s42"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			if got := stem(tt.in); got != tt.want {
				t.Errorf("stem(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}
