package store_test

import (
	"errors"
	"testing"

	"github.com/evidenceportal/portal/internal/document"
	"github.com/evidenceportal/portal/internal/store"
)

func TestCitationErrorMessage(t *testing.T) {
	tests := []struct {
		name string
		e    store.CitationError
		want string
	}{
		{"past the end of one page", store.CitationError{Title: "Carers strategy", Page: 999, Pages: 1, Status: document.Ready},
			"Page 999 is past the end: Carers strategy has 1 page"},
		{"past the end of several", store.CitationError{Title: "Market position", Page: 13, Pages: 12, Status: document.Ready},
			"Page 13 is past the end: Market position has 12 pages"},
		{"page 0", store.CitationError{Title: "x", Page: 0, Pages: 3, Status: document.Ready}, "Enter a page number of 1 or more"},
		{"not read yet", store.CitationError{Title: "Survey", Page: 1, Status: document.Scanning},
			"Survey cannot be cited yet: it is still being checked and read"},
		{"withdrawn", store.CitationError{Title: "Old policy", Page: 1, Status: document.Withdrawn}, "Old policy cannot be cited: it has been withdrawn"},
		{"rejected", store.CitationError{Title: "Infected", Page: 1, Status: document.Rejected}, "Infected cannot be cited: it could not be checked and read"},
		{"not the council's", store.CitationError{Missing: true}, "Select a document of this local authority: the one given is not one of its documents"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.e.Message(); got != tt.want {
				t.Errorf("Message() = %q, want %q", got, tt.want)
			}
			if !errors.Is(&tt.e, store.ErrBadCitation) {
				t.Error("not an ErrBadCitation")
			}
		})
	}
}
