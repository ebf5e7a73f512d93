package store

import (
	"context"
	"fmt"
	"time"
)

// Session is a signed-in browser. Only a keyed hash of its id is kept.
type Session struct {
	IDHash     []byte
	UserID     int64
	CSRFToken  string
	CreatedAt  time.Time
	LastSeenAt time.Time
	ExpiresAt  time.Time
	IP         string
	UserAgent  string
}

// CreateSession records a new session.
func (s *Store) CreateSession(ctx context.Context, sess Session) error {
	_, err := s.pool.Exec(ctx, `INSERT INTO sessions (id_hash, user_id, csrf_token, expires_at, ip, user_agent)
		VALUES ($1, $2, $3, $4, $5, $6)`,
		sess.IDHash, sess.UserID, sess.CSRFToken, sess.ExpiresAt, sess.IP, sess.UserAgent)
	if err != nil {
		return fmt.Errorf("create session for user %d: %w", sess.UserID, err)
	}
	return nil
}

// ActiveSession returns the session and its user when the session has
// neither passed its absolute expiry nor been idle longer than idle;
// otherwise ErrNotFound.
func (s *Store) ActiveSession(ctx context.Context, idHash []byte, idle time.Duration) (Session, User, error) {
	var sess Session
	var u User
	var la *string
	err := s.pool.QueryRow(ctx, `SELECT s.id_hash, s.user_id, s.csrf_token, s.created_at, s.last_seen_at, s.expires_at,
			u.id, u.issuer, u.subject, u.email, u.name, u.role, u.la_code, u.created_at, u.last_login_at
		FROM sessions s JOIN users u ON u.id = s.user_id
		WHERE s.id_hash = $1 AND s.expires_at > now() AND s.last_seen_at > now() - make_interval(secs => $2)`,
		idHash, idle.Seconds()).
		Scan(&sess.IDHash, &sess.UserID, &sess.CSRFToken, &sess.CreatedAt, &sess.LastSeenAt, &sess.ExpiresAt,
			&u.ID, &u.Issuer, &u.Subject, &u.Email, &u.Name, &u.Role, &la, &u.CreatedAt, &u.LastLoginAt)
	if err != nil {
		return Session{}, User{}, fmt.Errorf("get session: %w", notFound(err))
	}
	if la != nil {
		u.LA = *la
	}
	return sess, u, nil
}

// TouchSession moves the session's idle clock to now.
func (s *Store) TouchSession(ctx context.Context, idHash []byte) error {
	if _, err := s.pool.Exec(ctx, `UPDATE sessions SET last_seen_at = now() WHERE id_hash = $1`, idHash); err != nil {
		return fmt.Errorf("touch session: %w", err)
	}
	return nil
}

// DeleteSession ends one session; ending one that is gone is not an error.
func (s *Store) DeleteSession(ctx context.Context, idHash []byte) error {
	if _, err := s.pool.Exec(ctx, `DELETE FROM sessions WHERE id_hash = $1`, idHash); err != nil {
		return fmt.Errorf("delete session: %w", err)
	}
	return nil
}

// DeleteUserSessions ends every session of a user, e.g. when their access
// was withdrawn at the identity provider.
func (s *Store) DeleteUserSessions(ctx context.Context, userID int64) error {
	if _, err := s.pool.Exec(ctx, `DELETE FROM sessions WHERE user_id = $1`, userID); err != nil {
		return fmt.Errorf("delete sessions of user %d: %w", userID, err)
	}
	return nil
}

// DeleteStaleSessions removes sessions past their absolute expiry or idle
// longer than idle, and says how many went.
func (s *Store) DeleteStaleSessions(ctx context.Context, idle time.Duration) (int64, error) {
	tag, err := s.pool.Exec(ctx, `DELETE FROM sessions WHERE expires_at <= now() OR last_seen_at <= now() - make_interval(secs => $1)`,
		idle.Seconds())
	if err != nil {
		return 0, fmt.Errorf("delete stale sessions: %w", err)
	}
	return tag.RowsAffected(), nil
}
