package ingest

import (
	"context"
	"log/slog"
	"sync/atomic"
	"testing"
	"time"
)

// TestPeriodicTaskRuns: a task given to the pipeline is run by River (the
// leader enqueues it at start), and a task list with a duplicate or
// unnamed task is refused.
func TestPeriodicTaskRuns(t *testing.T) {
	e := newEnv(t)
	var runs atomic.Int32
	ran := make(chan struct{}, 1)
	stop := e.pipelineWith(t, "127.0.0.1:1", func(o *Options) {
		o.Tasks = []Task{{Name: "count", Every: time.Hour, Timeout: time.Minute, Run: func(ctx context.Context) error {
			runs.Add(1)
			select {
			case ran <- struct{}{}:
			default:
			}
			return nil
		}}}
	})
	defer stop()
	select {
	case <-ran:
	case <-time.After(60 * time.Second):
		t.Fatal("the periodic task did not run within 60 s")
	}
	if n := runs.Load(); n != 1 {
		t.Errorf("task ran %d times at start, want once", n)
	}

	bad := []struct {
		name  string
		tasks []Task
	}{
		{"a duplicate", []Task{{Name: "a", Every: time.Hour, Run: func(context.Context) error { return nil }},
			{Name: "a", Every: time.Hour, Run: func(context.Context) error { return nil }}}},
		{"no name", []Task{{Every: time.Hour, Run: func(context.Context) error { return nil }}}},
		{"no interval", []Task{{Name: "a", Run: func(context.Context) error { return nil }}}},
		{"no function", []Task{{Name: "a", Every: time.Hour}}},
	}
	for _, b := range bad {
		t.Run(b.name, func(t *testing.T) {
			if _, err := NewPipeline(e.st, e.bl, NewClamd("127.0.0.1:1"), slog.New(slog.DiscardHandler), Options{Workers: 1, Tasks: b.tasks}); err == nil {
				t.Error("NewPipeline accepted the tasks")
			}
		})
	}
}
