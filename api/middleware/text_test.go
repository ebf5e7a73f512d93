package middleware

import (
	"net/url"
	"testing"
)

func TestStorable(t *testing.T) {
	tests := []struct {
		in   string
		want bool
	}{
		{"plain", true},
		{"café", true},
		{"line\nbreak", true},
		{"nul\x00byte", false},
		{"bad \xff utf-8", false},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			if got := Storable(tt.in); got != tt.want {
				t.Errorf("Storable(%q) = %v, want %v", tt.in, got, tt.want)
			}
			if got := StorableValues(url.Values{"k": {tt.in}}); got != tt.want {
				t.Errorf("StorableValues(value %q) = %v, want %v", tt.in, got, tt.want)
			}
			if got := StorableValues(url.Values{tt.in: {"v"}}); got != tt.want {
				t.Errorf("StorableValues(key %q) = %v, want %v", tt.in, got, tt.want)
			}
		})
	}
}
