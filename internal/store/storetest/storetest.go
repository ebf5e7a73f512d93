// Package storetest gives tests a fresh, migrated PostgreSQL database of their
// own on the server `make test` started, dropped when the test ends.
package storetest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"net/url"
	"testing"

	"github.com/evidenceportal/portal/internal/servicetest"
	"github.com/evidenceportal/portal/internal/store"
	"github.com/jackc/pgx/v5"
)

// NewURL creates an empty database and returns its URL.
func NewURL(t testing.TB) string {
	t.Helper()
	admin := servicetest.Env(t, "PORTAL_TEST_PG_ADMIN_URL")
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, admin)
	if err != nil {
		t.Fatalf("connect to test PostgreSQL: %v", err)
	}
	b := make([]byte, 6)
	rand.Read(b)
	name := "test_" + hex.EncodeToString(b)
	if _, err := conn.Exec(ctx, "CREATE DATABASE "+name); err != nil {
		conn.Close(ctx)
		t.Fatalf("create database %s: %v", name, err)
	}
	t.Cleanup(func() {
		defer conn.Close(context.Background())
		if _, err := conn.Exec(context.Background(), "DROP DATABASE "+name+" WITH (FORCE)"); err != nil {
			t.Errorf("drop database %s: %v", name, err)
		}
	})
	u, err := url.Parse(admin)
	if err != nil {
		t.Fatalf("parse PORTAL_TEST_PG_ADMIN_URL: %v", err)
	}
	u.Path = "/" + name
	return u.String()
}

// New returns a store on a fresh database with every migration applied.
func New(t testing.TB) (*store.Store, string) {
	t.Helper()
	dbURL := NewURL(t)
	st, err := store.Open(context.Background(), dbURL)
	if err != nil {
		t.Fatalf("open store: %v", err)
	}
	t.Cleanup(st.Close)
	if _, err := st.Migrate(context.Background()); err != nil {
		t.Fatalf("migrate: %v", err)
	}
	return st, dbURL
}

// Exec runs one statement on the database at dbURL, for tests that must
// prove what the database itself refuses.
func Exec(t testing.TB, dbURL, sql string) error {
	t.Helper()
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, dbURL)
	if err != nil {
		t.Fatalf("connect: %v", err)
	}
	defer conn.Close(ctx)
	_, err = conn.Exec(ctx, sql)
	return err
}
