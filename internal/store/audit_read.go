package store

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/evidenceportal/portal/internal/authz"
	"github.com/jackc/pgx/v5"
)

// AuditPage is one page of the audit log, newest first.
type AuditPage struct {
	Entries []AuditEntry
	Total   int64
}

// AuditFilter narrows the audit log; zero fields do not narrow it.
type AuditFilter struct {
	Actor   string // the person's email, or part of it
	LA      string // council code
	Action  string // an action, or a prefix ending in * (access_*)
	Outcome string // OutcomeDone or OutcomeRefused
	From    time.Time
	To      time.Time // exclusive
}

// where is the filter and the scope as SQL over audit_log a, with its
// arguments.
func (f AuditFilter) where(scope authz.Scope) (string, []any) {
	all, codes := scopeArgs(scope)
	conds := []string{"($1 OR a.la_code = ANY($2))"}
	args := []any{all, codes}
	add := func(cond string, v any) {
		args = append(args, v)
		conds = append(conds, strings.ReplaceAll(cond, "?", fmt.Sprintf("$%d", len(args))))
	}
	if f.Actor != "" {
		add("strpos(a.actor_email, ?) > 0", strings.ToLower(f.Actor))
	}
	if f.LA != "" {
		add("a.la_code = ?", f.LA)
	}
	if prefix, ok := strings.CutSuffix(f.Action, "*"); ok {
		add("starts_with(a.action, ?)", prefix)
	} else if f.Action != "" {
		add("a.action = ?", f.Action)
	}
	if f.Outcome != "" {
		add("a.outcome = ?", f.Outcome)
	}
	if !f.From.IsZero() {
		add("a.at >= ?", f.From)
	}
	if !f.To.IsZero() {
		add("a.at < ?", f.To)
	}
	return strings.Join(conds, " AND "), args
}

const auditSelect = `SELECT a.id, a.at, a.actor_user_id, a.actor_email, a.actor_role, a.action, a.object_type, a.object_id,
		coalesce(a.la_code, ''), a.ip, a.request_id, a.detail, a.outcome, coalesce(r.repeats, 1), coalesce(r.objects, '{}')
	FROM audit_log a LEFT JOIN audit_repeats r ON r.entry_id = a.id`

// AuditLog returns entries within scope (entries about no council are shown
// only to an all-council scope), newest first.
func (s *Store) AuditLog(ctx context.Context, scope authz.Scope, limit, offset int) (AuditPage, error) {
	return s.AuditSearch(ctx, scope, AuditFilter{}, limit, offset)
}

// AuditSearch returns the entries within scope that the filter keeps,
// newest first, one page of them and how many there are.
func (s *Store) AuditSearch(ctx context.Context, scope authz.Scope, f AuditFilter, limit, offset int) (AuditPage, error) {
	where, args := f.where(scope)
	var page AuditPage
	if err := s.pool.QueryRow(ctx, `SELECT count(*) FROM audit_log a WHERE `+where, args...).Scan(&page.Total); err != nil {
		return AuditPage{}, fmt.Errorf("count audit log: %w", err)
	}
	n := len(args)
	rows, err := s.pool.Query(ctx, auditSelect+` WHERE `+where+fmt.Sprintf(` ORDER BY a.id DESC LIMIT $%d OFFSET $%d`, n+1, n+2),
		append(args, limit, offset)...)
	if err != nil {
		return AuditPage{}, fmt.Errorf("read audit log: %w", err)
	}
	err = eachAuditRow(rows, func(e AuditEntry) error {
		page.Entries = append(page.Entries, e)
		return nil
	})
	return page, err
}

// EachAudit calls fn for each entry the filter keeps, newest first, at most
// max of them, reading row by row so that an export of a million entries
// holds one in memory.
func (s *Store) EachAudit(ctx context.Context, f AuditFilter, max int, fn func(AuditEntry) error) error {
	where, args := f.where(authz.AllLAs())
	rows, err := s.pool.Query(ctx, auditSelect+` WHERE `+where+fmt.Sprintf(` ORDER BY a.id DESC LIMIT $%d`, len(args)+1), append(args, max)...)
	if err != nil {
		return fmt.Errorf("read audit log: %w", err)
	}
	return eachAuditRow(rows, fn)
}

func eachAuditRow(rows pgx.Rows, fn func(AuditEntry) error) error {
	defer rows.Close()
	for rows.Next() {
		var e AuditEntry
		var detail []byte
		if err := rows.Scan(&e.ID, &e.At, &e.ActorUserID, &e.ActorEmail, &e.ActorRole, &e.Action, &e.ObjectType,
			&e.ObjectID, &e.LA, &e.IP, &e.RequestID, &detail, &e.Outcome, &e.Repeats, &e.Objects); err != nil {
			return fmt.Errorf("scan audit entry: %w", err)
		}
		if err := json.Unmarshal(detail, &e.Detail); err != nil {
			return fmt.Errorf("decode audit detail of entry %d: %w", e.ID, err)
		}
		if err := fn(e); err != nil {
			return err
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("read audit log: %w", err)
	}
	return nil
}
