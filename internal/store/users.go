package store

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/evidenceportal/portal/internal/authz"
)

// User is a person who has signed in at least once.
type User struct {
	ID          int64
	Issuer      string
	Subject     string
	Email       string
	Name        string
	Role        authz.Role
	LA          string
	CreatedAt   time.Time
	LastLoginAt *time.Time
	// TokensValidAfter: a bearer token issued before it is refused.
	TokensValidAfter time.Time
}

// Identity is what the identity provider says about a person at sign-in.
type Identity struct {
	Issuer  string
	Subject string
	Email   string
	Name    string
	// IssuedAt is when the provider issued the token the claims come
	// from; zero means now (a browser sign-in).
	IssuedAt time.Time
}

// UpsertUser creates the user on first sign-in and otherwise brings email,
// name, role and council up to date with the provider's claims. When login is
// set it also records the sign-in time. A change of role or council
// revokes every bearer token issued before the claims that changed it.
func (s *Store) UpsertUser(ctx context.Context, id Identity, a authz.Assignment, login bool) (User, error) {
	var la *string
	if a.LA != "" {
		la = &a.LA
	}
	var u User
	var userLA *string
	var issued *time.Time
	if !id.IssuedAt.IsZero() {
		issued = &id.IssuedAt
	}
	err := s.pool.QueryRow(ctx, `INSERT INTO users (issuer, subject, email, name, role, la_code, last_login_at)
		VALUES ($1, $2, $3, $4, $5, $6, CASE WHEN $7 THEN now() END)
		ON CONFLICT (issuer, subject) DO UPDATE SET email = EXCLUDED.email, name = EXCLUDED.name,
			role = EXCLUDED.role, la_code = EXCLUDED.la_code,
			last_login_at = CASE WHEN $7 THEN now() ELSE users.last_login_at END,
			tokens_valid_after = CASE WHEN (users.role, users.la_code) IS DISTINCT FROM (EXCLUDED.role, EXCLUDED.la_code)
				THEN greatest(users.tokens_valid_after, coalesce($8::timestamptz, now())) ELSE users.tokens_valid_after END
		RETURNING `+userColumns,
		id.Issuer, id.Subject, strings.ToLower(id.Email), id.Name, string(a.Role), la, login, issued).
		Scan(&u.ID, &u.Issuer, &u.Subject, &u.Email, &u.Name, &u.Role, &userLA, &u.CreatedAt, &u.LastLoginAt, &u.TokensValidAfter)
	if err != nil {
		return User{}, fmt.Errorf("upsert user %s: %w", id.Email, err)
	}
	if userLA != nil {
		u.LA = *userLA
	}
	return u, nil
}

const userColumns = `id, issuer, subject, email, name, role, la_code, created_at, last_login_at, tokens_valid_after`

// RevokeTokens refuses from now on every bearer token already issued to
// the user: at sign-out and at an admin's "sign out everywhere".
func (s *Store) RevokeTokens(ctx context.Context, userID int64) error {
	if _, err := s.pool.Exec(ctx, `UPDATE users SET tokens_valid_after = now() WHERE id = $1`, userID); err != nil {
		return fmt.Errorf("revoke tokens of user %d: %w", userID, err)
	}
	return nil
}

// UserByEmail finds the user who last signed in with this email address.
func (s *Store) UserByEmail(ctx context.Context, email string) (User, error) {
	return s.scanUser(ctx, `WHERE email = $1 ORDER BY last_login_at DESC NULLS LAST LIMIT 1`, strings.ToLower(email))
}

// UserByIdentity finds the user the provider knows as issuer and subject.
func (s *Store) UserByIdentity(ctx context.Context, issuer, subject string) (User, error) {
	return s.scanUser(ctx, `WHERE issuer = $1 AND subject = $2`, issuer, subject)
}

// User returns a user by id.
func (s *Store) User(ctx context.Context, id int64) (User, error) {
	return s.scanUser(ctx, `WHERE id = $1`, id)
}

func (s *Store) scanUser(ctx context.Context, where string, args ...any) (User, error) {
	var u User
	var la *string
	err := s.pool.QueryRow(ctx, `SELECT `+userColumns+` FROM users `+where, args...).
		Scan(&u.ID, &u.Issuer, &u.Subject, &u.Email, &u.Name, &u.Role, &la, &u.CreatedAt, &u.LastLoginAt, &u.TokensValidAfter)
	if err != nil {
		return User{}, fmt.Errorf("get user: %w", notFound(err))
	}
	if la != nil {
		u.LA = *la
	}
	return u, nil
}

// Users lists every user, most recent sign-in first (for admins).
func (s *Store) Users(ctx context.Context) ([]User, error) {
	rows, err := s.pool.Query(ctx, `SELECT id, issuer, subject, email, name, role, la_code, created_at, last_login_at
		FROM users ORDER BY last_login_at DESC NULLS LAST, email`)
	if err != nil {
		return nil, fmt.Errorf("list users: %w", err)
	}
	defer rows.Close()
	var out []User
	for rows.Next() {
		var u User
		var la *string
		if err := rows.Scan(&u.ID, &u.Issuer, &u.Subject, &u.Email, &u.Name, &u.Role, &la, &u.CreatedAt, &u.LastLoginAt); err != nil {
			return nil, fmt.Errorf("scan user: %w", err)
		}
		if la != nil {
			u.LA = *la
		}
		out = append(out, u)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("list users: %w", err)
	}
	return out, nil
}

// Principal is the user as the authorization layer needs it, with an
// inspector's assignments read fresh so that a removed assignment takes
// effect on the next request.
func (s *Store) Principal(ctx context.Context, u User) (authz.Principal, error) {
	p := authz.Principal{UserID: u.ID, Email: u.Email, Name: u.Name, Role: u.Role, LA: u.LA}
	if u.Role == authz.RoleInspector {
		las, err := s.AssignedLAs(ctx, u.Email)
		if err != nil {
			return authz.Principal{}, err
		}
		p.Assigned = las
	}
	return p, nil
}

// InspectorFilter chooses the CQC inspectors an admin may add to an
// assessment.
type InspectorFilter struct {
	// Text, when not empty, keeps those whose name or email holds it,
	// whatever its case.
	Text string
	// NotOn leaves out the inspectors already on this assessment.
	NotOn int64
	// Limit bounds the list; at most 200 (50 when zero).
	Limit int
}

// Inspectors lists the people whose last sign-in gave them the inspector
// role, by name then email, one per email address: roles come from the
// identity provider, so someone who has never signed in, or signed in with
// another role, is not one. It reads one more than the limit, so that the
// caller can say the list is cut.
func (s *Store) Inspectors(ctx context.Context, f InspectorFilter) ([]User, error) {
	if f.Limit <= 0 {
		f.Limit = 50
	}
	f.Limit = min(f.Limit, 200)
	rows, err := s.pool.Query(ctx, `SELECT id, email, name FROM (
			SELECT DISTINCT ON (email) id, email, name, role FROM users
			ORDER BY email, last_login_at DESC NULLS LAST, id DESC) u
		WHERE role = $1
			AND ($2 = '' OR strpos(lower(email), lower($2)) > 0 OR strpos(lower(name), lower($2)) > 0)
			AND NOT EXISTS (SELECT 1 FROM assessment_inspectors i WHERE i.assessment_id = $3 AND i.email = u.email)
		ORDER BY lower(coalesce(nullif(name, ''), email)), email LIMIT $4`, string(authz.RoleInspector), strings.TrimSpace(f.Text), f.NotOn, f.Limit+1)
	if err != nil {
		return nil, fmt.Errorf("list inspectors: %w", err)
	}
	defer rows.Close()
	var out []User
	for rows.Next() {
		u := User{Role: authz.RoleInspector}
		if err := rows.Scan(&u.ID, &u.Email, &u.Name); err != nil {
			return nil, fmt.Errorf("scan inspector: %w", err)
		}
		out = append(out, u)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("list inspectors: %w", err)
	}
	return out, nil
}
