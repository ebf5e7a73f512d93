package store

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/evidenceportal/portal/internal/authz"
	"github.com/jackc/pgx/v5/pgconn"
)

// AuditEntry is one line of the append-only audit log: who did what to which
// object, when and from where.
type AuditEntry struct {
	ID          int64
	At          time.Time
	ActorUserID *int64
	ActorEmail  string
	ActorRole   string
	Action      string
	ObjectType  string
	ObjectID    string
	LA          string
	IP          string
	RequestID   string
	Detail      map[string]string
}

// Audit appends an entry to the audit log.
func (s *Store) Audit(ctx context.Context, e AuditEntry) error {
	return insertAudit(ctx, s.pool, e)
}

// execer is what a pool and a transaction have in common.
type execer interface {
	Exec(ctx context.Context, sql string, args ...any) (pgconn.CommandTag, error)
}

func insertAudit(ctx context.Context, db execer, e AuditEntry) error {
	detail, err := json.Marshal(e.Detail)
	if err != nil {
		return fmt.Errorf("encode audit detail: %w", err)
	}
	if e.Detail == nil {
		detail = []byte("{}")
	}
	var la *string
	if e.LA != "" {
		la = &e.LA
	}
	_, err = db.Exec(ctx, `INSERT INTO audit_log
		(actor_user_id, actor_email, actor_role, action, object_type, object_id, la_code, ip, request_id, detail)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
		e.ActorUserID, e.ActorEmail, e.ActorRole, e.Action, e.ObjectType, e.ObjectID, la, e.IP, e.RequestID, detail)
	if err != nil {
		return fmt.Errorf("append audit entry %s: %w", e.Action, err)
	}
	return nil
}

// AuditPage is one page of the audit log, newest first.
type AuditPage struct {
	Entries []AuditEntry
	Total   int64
}

// AuditLog returns entries within scope (entries about no council are shown
// only to an all-council scope), newest first.
func (s *Store) AuditLog(ctx context.Context, scope authz.Scope, limit, offset int) (AuditPage, error) {
	all, codes := scopeArgs(scope)
	var page AuditPage
	if err := s.pool.QueryRow(ctx, `SELECT count(*) FROM audit_log WHERE ($1 OR la_code = ANY($2))`, all, codes).
		Scan(&page.Total); err != nil {
		return AuditPage{}, fmt.Errorf("count audit log: %w", err)
	}
	rows, err := s.pool.Query(ctx, `SELECT id, at, actor_user_id, actor_email, actor_role, action, object_type, object_id,
			coalesce(la_code, ''), ip, request_id, detail
		FROM audit_log WHERE ($1 OR la_code = ANY($2)) ORDER BY id DESC LIMIT $3 OFFSET $4`, all, codes, limit, offset)
	if err != nil {
		return AuditPage{}, fmt.Errorf("read audit log: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var e AuditEntry
		var detail []byte
		if err := rows.Scan(&e.ID, &e.At, &e.ActorUserID, &e.ActorEmail, &e.ActorRole, &e.Action, &e.ObjectType,
			&e.ObjectID, &e.LA, &e.IP, &e.RequestID, &detail); err != nil {
			return AuditPage{}, fmt.Errorf("scan audit entry: %w", err)
		}
		if err := json.Unmarshal(detail, &e.Detail); err != nil {
			return AuditPage{}, fmt.Errorf("decode audit detail of entry %d: %w", e.ID, err)
		}
		page.Entries = append(page.Entries, e)
	}
	if err := rows.Err(); err != nil {
		return AuditPage{}, fmt.Errorf("read audit log: %w", err)
	}
	return page, nil
}
