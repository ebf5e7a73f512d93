package store_test

import (
	"context"
	"slices"
	"testing"
	"time"
)

// TestRescueDeadProcesses: a stage last attempted by a process whose
// heartbeat is stale is made retryable at once with an error saying why
// (discarded at its last attempt); stages of a live process, of a process
// never listed, and jobs not running are left alone; the dead process is
// forgotten, so it is not taken back twice.
func TestRescueDeadProcesses(t *testing.T) {
	st := seeded(t)
	ctx := context.Background()
	pool := st.Pool()
	job := func(state string, attempt, maxAttempts int, by ...string) int64 {
		t.Helper()
		var id int64
		err := pool.QueryRow(ctx, `INSERT INTO river_job (args, kind, max_attempts, queue, state, attempt, attempted_at, attempted_by, priority,
				finalized_at)
			VALUES ('{}', 'scan', $1, 'ingest', $2::river_job_state, $3, now(), $4, 1,
				CASE WHEN $2 IN ('completed', 'discarded', 'cancelled') THEN now() END) RETURNING id`,
			maxAttempts, state, attempt, by).Scan(&id)
		if err != nil {
			t.Fatal(err)
		}
		return id
	}
	for _, c := range []string{"dead-1", "live-1"} {
		if err := st.ProcessAlive(ctx, c); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := pool.Exec(ctx, `UPDATE ingest_processes SET seen_at = now() - interval '1 minute' WHERE client_id = 'dead-1'`); err != nil {
		t.Fatal(err)
	}
	retried := job("running", 1, 5, "live-1", "dead-1") // moved from live-1 to dead-1: dead-1 ran it last
	last := job("running", 5, 5, "dead-1")
	live := job("running", 1, 5, "dead-1", "live-1")
	unlisted := job("running", 1, 5, "old-version")
	done := job("completed", 1, 5, "dead-1")

	ids, err := st.RescueDeadProcesses(ctx, 30*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	slices.Sort(ids)
	if !slices.Equal(ids, []int64{retried, last}) {
		t.Errorf("taken back %v, want %v", ids, []int64{retried, last})
	}
	for _, c := range []struct {
		id    int64
		state string
	}{{retried, "retryable"}, {last, "discarded"}, {live, "running"}, {unlisted, "running"}, {done, "completed"}} {
		var state, why string
		if err := pool.QueryRow(ctx, `SELECT state::text, coalesce(errors[array_length(errors, 1)]->>'error', '') FROM river_job WHERE id = $1`, c.id).Scan(&state, &why); err != nil {
			t.Fatal(err)
		}
		if state != c.state {
			t.Errorf("job %d is %s, want %s", c.id, state, c.state)
		}
		if taken := c.state == "retryable" || c.state == "discarded"; taken != (why != "") {
			t.Errorf("job %d error %q", c.id, why)
		}
	}
	again, err := st.RescueDeadProcesses(ctx, 30*time.Second)
	if err != nil || len(again) != 0 {
		t.Errorf("second take-back = %v, %v; want nothing", again, err)
	}
	var n int
	if err := pool.QueryRow(ctx, `SELECT count(*) FROM ingest_processes`).Scan(&n); err != nil || n != 1 {
		t.Errorf("%d processes listed (%v), want live-1 only", n, err)
	}
	if err := st.ProcessStopped(ctx, "live-1"); err != nil {
		t.Fatal(err)
	}
}
