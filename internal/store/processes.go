package store

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
)

// rescueLock keeps the take-back of dead processes' stages to one process
// at a time.
const rescueLock = 7365_0031

// ProcessAlive records that the ingest process client (a River client
// id) is alive.
func (s *Store) ProcessAlive(ctx context.Context, client string) error {
	if _, err := s.pool.Exec(ctx, `INSERT INTO ingest_processes (client_id) VALUES ($1)
		ON CONFLICT (client_id) DO UPDATE SET seen_at = now()`, client); err != nil {
		return fmt.Errorf("record ingest process %s: %w", client, err)
	}
	return nil
}

// ProcessStopped forgets a process that stopped cleanly (its stages
// finished or were handed back by River).
func (s *Store) ProcessStopped(ctx context.Context, client string) error {
	if _, err := s.pool.Exec(ctx, `DELETE FROM ingest_processes WHERE client_id = $1`, client); err != nil {
		return fmt.Errorf("forget ingest process %s: %w", client, err)
	}
	return nil
}

// RescueDeadProcesses takes back the stages that processes unseen for
// longer than stale were running: each job is made retryable now (or
// discarded at its last attempt), with an error saying why, as River's
// own rescuer does after its longer wait, and the dead processes are
// forgotten. It returns the jobs taken back. One process does it at a
// time; the others skip.
func (s *Store) RescueDeadProcesses(ctx context.Context, stale time.Duration) ([]int64, error) {
	var ids []int64
	err := pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		var got bool
		if err := tx.QueryRow(ctx, `SELECT pg_try_advisory_xact_lock($1)`, rescueLock).Scan(&got); err != nil || !got {
			return err
		}
		rows, err := tx.Query(ctx, `WITH dead AS (
				DELETE FROM ingest_processes WHERE seen_at < now() - make_interval(secs => $1) RETURNING client_id)
			UPDATE river_job SET
				state = CASE WHEN attempt < max_attempts THEN 'retryable'::river_job_state ELSE 'discarded'::river_job_state END,
				scheduled_at = now(),
				finalized_at = CASE WHEN attempt < max_attempts THEN NULL ELSE now() END,
				errors = array_append(errors, jsonb_build_object('at', now(), 'attempt', attempt,
					'error', 'the process running this stage stopped (no heartbeat)', 'trace', ''))
			WHERE state = 'running' AND attempted_by[array_length(attempted_by, 1)] IN (SELECT client_id FROM dead)
			RETURNING id`, stale.Seconds())
		if err != nil {
			return err
		}
		ids, err = pgx.CollectRows(rows, pgx.RowTo[int64])
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("take back the stages of stopped processes: %w", err)
	}
	return ids, nil
}
