package store

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
)

// Notification is one thing a person is told about: what happened and a
// link, never evidence content.
type Notification struct {
	ID        int64
	Message   string
	Href      string
	CreatedAt time.Time
	Read      bool
}

// MaxNotificationsListed bounds a person's list of notifications.
const MaxNotificationsListed = 100

// notifyCouncil tells every known member of the council's staff about an
// event, in the transaction of the event. key names the event: a person
// is told about one event once, however often it is retried.
func notifyCouncil(ctx context.Context, tx pgx.Tx, la, key, msg, href string) error {
	_, err := tx.Exec(ctx, `INSERT INTO notifications (recipient, la_code, event_key, message, href)
		SELECT DISTINCT lower(email), $1, $2, $3, $4 FROM users WHERE la_code = $1 AND email LIKE '%@%'
		ON CONFLICT (recipient, event_key) DO NOTHING`, la, key, msg, href)
	if err != nil {
		return fmt.Errorf("notify council %s of %s: %w", la, key, err)
	}
	return nil
}

// notifyInspectors tells the assessment's inspectors about an event.
func notifyInspectors(ctx context.Context, tx pgx.Tx, assessmentID int64, la, key, msg, href string) error {
	_, err := tx.Exec(ctx, `INSERT INTO notifications (recipient, la_code, event_key, message, href)
		SELECT email, $2, $3, $4, $5 FROM assessment_inspectors WHERE assessment_id = $1
		ON CONFLICT (recipient, event_key) DO NOTHING`, assessmentID, la, key, msg, href)
	if err != nil {
		return fmt.Errorf("notify inspectors of assessment %d of %s: %w", assessmentID, key, err)
	}
	return nil
}

// Notifications lists what the person (by email) was told about, newest
// first, at most MaxNotificationsListed, and marks them read.
func (s *Store) Notifications(ctx context.Context, email string) ([]Notification, error) {
	rows, err := s.pool.Query(ctx, `SELECT id, message, href, created_at, read_at IS NOT NULL FROM notifications
		WHERE recipient = lower($1) ORDER BY created_at DESC, id DESC LIMIT $2`, email, MaxNotificationsListed)
	if err != nil {
		return nil, fmt.Errorf("list notifications: %w", err)
	}
	out, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (Notification, error) {
		var n Notification
		err := r.Scan(&n.ID, &n.Message, &n.Href, &n.CreatedAt, &n.Read)
		return n, err
	})
	if err != nil {
		return nil, fmt.Errorf("list notifications: %w", err)
	}
	if _, err := s.pool.Exec(ctx, `UPDATE notifications SET read_at = now() WHERE recipient = lower($1) AND read_at IS NULL`, email); err != nil {
		return nil, fmt.Errorf("mark notifications read: %w", err)
	}
	return out, nil
}

// UnreadNotifications counts what the person has not seen yet.
func (s *Store) UnreadNotifications(ctx context.Context, email string) (int, error) {
	var n int
	if err := s.pool.QueryRow(ctx, `SELECT count(*) FROM notifications WHERE recipient = lower($1) AND read_at IS NULL`, email).Scan(&n); err != nil {
		return 0, fmt.Errorf("count notifications: %w", err)
	}
	return n, nil
}
