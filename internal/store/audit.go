package store

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
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
	// Outcome is OutcomeDone (the default) or OutcomeRefused.
	Outcome string
	// Repeats and Objects are read back for an entry AuditOnce wrote:
	// how many times it happened in its minute, and the first distinct
	// objects (type and id) it was about.
	Repeats int
	Objects []string
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
	args, err := auditArgs(e)
	if err != nil {
		return err
	}
	if _, err = db.Exec(ctx, insertAuditSQL, args...); err != nil {
		return fmt.Errorf("append audit entry %s: %w", e.Action, err)
	}
	return nil
}

// queryRower is what a pool and a transaction have in common for one row.
type queryRower interface {
	QueryRow(ctx context.Context, sql string, args ...any) pgx.Row
}

// insertAuditID appends e and says its id.
func insertAuditID(ctx context.Context, db queryRower, e AuditEntry) (int64, error) {
	args, err := auditArgs(e)
	if err != nil {
		return 0, err
	}
	var id int64
	if err := db.QueryRow(ctx, insertAuditSQL+` RETURNING id`, args...).Scan(&id); err != nil {
		return 0, fmt.Errorf("append audit entry %s: %w", e.Action, err)
	}
	return id, nil
}

const insertAuditSQL = `INSERT INTO audit_log
		(actor_user_id, actor_email, actor_role, action, object_type, object_id, la_code, ip, request_id, detail, outcome)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`

func auditArgs(e AuditEntry) ([]any, error) {
	detail, err := json.Marshal(e.Detail)
	if err != nil {
		return nil, fmt.Errorf("encode audit detail: %w", err)
	}
	if e.Detail == nil {
		detail = []byte("{}")
	}
	var la *string
	if e.LA != "" {
		la = &e.LA
	}
	outcome := e.Outcome
	if outcome == "" {
		outcome = OutcomeDone
	}
	return []any{e.ActorUserID, e.ActorEmail, e.ActorRole, e.Action, e.ObjectType, e.ObjectID, la, e.IP, e.RequestID, detail, outcome}, nil
}
