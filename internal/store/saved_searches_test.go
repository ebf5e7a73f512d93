package store_test

import (
	"context"
	"errors"
	"strconv"
	"testing"

	"github.com/evidenceportal/portal/internal/authz"
	"github.com/evidenceportal/portal/internal/store"
)

func TestSavedSearchesBelongToTheirOwner(t *testing.T) {
	st := seeded(t)
	ctx := context.Background()
	var users []store.User
	for _, email := range []string{"inspector.a@demo.test", "inspector.b@demo.test"} {
		u, err := st.UpsertUser(ctx, store.Identity{Issuer: "t", Subject: email, Email: email}, authz.Assignment{Role: authz.RoleInspector}, true)
		if err != nil {
			t.Fatal(err)
		}
		users = append(users, u)
	}
	a, b := users[0], users[1]
	ss, err := st.SaveSearch(ctx, store.SavedSearch{UserID: a.ID, Name: "Carers", Query: "q=carers&sort=date"}, store.AuditEntry{Action: "saved_search_created"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := st.SaveSearch(ctx, store.SavedSearch{UserID: a.ID, Name: "Carers", Query: "q=x"}, store.AuditEntry{}); !errors.Is(err, store.ErrConflict) {
		t.Errorf("same name twice = %v, want ErrConflict", err)
	}
	if _, err := st.SaveSearch(ctx, store.SavedSearch{UserID: b.ID, Name: "Carers", Query: "q=x"}, store.AuditEntry{Action: "saved_search_created"}); err != nil {
		t.Errorf("another inspector's search of the same name = %v, want saved", err)
	}
	tests := []struct {
		name string
		user int64
		want error
	}{
		{"owner", a.ID, nil},
		{"another inspector", b.ID, store.ErrNotFound},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := st.SavedSearch(ctx, tt.user, strconv.FormatInt(ss.ID, 10))
			if !errors.Is(err, tt.want) || (err == nil && got.Query != "q=carers&sort=date") {
				t.Errorf("SavedSearch = %+v, %v; want %v", got, err, tt.want)
			}
		})
	}
	if err := st.DeleteSavedSearch(ctx, b.ID, strconv.FormatInt(ss.ID, 10), store.AuditEntry{}); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("delete by another inspector = %v, want ErrNotFound", err)
	}
	if err := st.DeleteSavedSearch(ctx, a.ID, strconv.FormatInt(ss.ID, 10), store.AuditEntry{Action: "saved_search_deleted"}); err != nil {
		t.Fatal(err)
	}
	if list, err := st.SavedSearches(ctx, a.ID); err != nil || len(list) != 0 {
		t.Errorf("searches after delete = %v, %v; want none", list, err)
	}
	if list, err := st.SavedSearches(ctx, b.ID); err != nil || len(list) != 1 {
		t.Errorf("other inspector's searches = %v, %v; want 1", list, err)
	}
}
