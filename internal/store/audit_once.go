package store

import (
	"context"
	"fmt"
)

// Outcomes of an audited action.
const (
	OutcomeDone    = "done"
	OutcomeRefused = "refused"
)

// MaxRepeatObjects is how many distinct objects an aggregated entry keeps
// (AuditOnce); the count of repeats goes on past it.
const MaxRepeatObjects = 20

// AuditOnce records e, but at most once per actor (or, for someone not
// signed in, address), action and minute: a repeat within the minute adds
// one to the first entry's count and, up to MaxRepeatObjects, its object
// to the entry's list. It is for what may come in floods: refusals,
// searches, views. Everything else uses Audit, one entry each.
func (s *Store) AuditOnce(ctx context.Context, e AuditEntry) error {
	key := "user:" + e.ActorEmail
	if e.ActorEmail == "" {
		key = "ip:" + e.IP
	}
	object := e.ObjectType + " " + e.ObjectID
	tx, err := s.pool.Begin(ctx)
	if err != nil {
		return fmt.Errorf("begin audit of %s: %w", e.Action, err)
	}
	defer tx.Rollback(ctx)
	var repeats int
	err = tx.QueryRow(ctx, `INSERT INTO audit_repeats (actor_key, action, minute, objects)
		VALUES ($1, $2, date_trunc('minute', now()), ARRAY[$3::text])
		ON CONFLICT (actor_key, action, minute) DO UPDATE SET repeats = audit_repeats.repeats + 1,
			objects = CASE WHEN cardinality(audit_repeats.objects) < $4 AND NOT $3 = ANY(audit_repeats.objects)
				THEN audit_repeats.objects || $3::text ELSE audit_repeats.objects END
		RETURNING repeats`, key, e.Action, object, MaxRepeatObjects).Scan(&repeats)
	if err != nil {
		return fmt.Errorf("count repeats of %s: %w", e.Action, err)
	}
	if repeats == 1 {
		id, err := insertAuditID(ctx, tx, e)
		if err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `UPDATE audit_repeats SET entry_id = $3
			WHERE actor_key = $1 AND action = $2 AND minute = date_trunc('minute', now()) AND entry_id = 0`, key, e.Action, id); err != nil {
			return fmt.Errorf("link repeats of %s: %w", e.Action, err)
		}
	}
	if err := tx.Commit(ctx); err != nil {
		return fmt.Errorf("commit audit of %s: %w", e.Action, err)
	}
	return nil
}
