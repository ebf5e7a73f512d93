package ingest

import (
	"context"
	"fmt"
	"time"

	"github.com/riverqueue/river"
)

// Task is background work other packages run on a schedule through this
// pipeline's River client (reminders and emails, deleting personal data):
// River's periodic jobs are enqueued by the cluster's elected leader only,
// so a task runs once per interval across every `portal serve` and
// `portal worker` process, and any of them may work it. Every process must
// be given the same tasks.
type Task struct {
	// Name identifies the task in its job's arguments.
	Name string
	// Every is how often it runs.
	Every time.Duration
	// Timeout bounds one run.
	Timeout time.Duration
	// Run does one pass; it must be safe to run twice at once (a slow run
	// and the next one), as a River job may be.
	Run func(ctx context.Context) error
}

// periodicQueue is the queue of tasks, apart from the ingest stages so that
// a flood of uploads does not hold up a reminder.
const periodicQueue = "periodic"

// TaskJob runs one Task by name.
type TaskJob struct {
	Task string `json:"task"`
}

// Kind names the job in River's table.
func (TaskJob) Kind() string { return "periodic_task" }

// InsertOpts: one run of a task pending at a time; a failed run is tried
// a few times, and the next interval brings a new one anyway.
func (TaskJob) InsertOpts() river.InsertOpts {
	return river.InsertOpts{Queue: periodicQueue, MaxAttempts: 5, UniqueOpts: uniquePending()}
}

type taskWorker struct {
	river.WorkerDefaults[TaskJob]
	tasks map[string]Task
}

// Work runs the named task; one this process does not know (a node of an
// older release) is an error so that River tries it again elsewhere.
func (w *taskWorker) Work(ctx context.Context, job *river.Job[TaskJob]) error {
	t, ok := w.tasks[job.Args.Task]
	if !ok {
		return fmt.Errorf("unknown periodic task %q", job.Args.Task)
	}
	return t.Run(ctx)
}

// Timeout is the task's own bound.
func (w *taskWorker) Timeout(job *river.Job[TaskJob]) time.Duration {
	if t, ok := w.tasks[job.Args.Task]; ok && t.Timeout > 0 {
		return t.Timeout
	}
	return 0
}

// addTasks registers the tasks' worker and their schedules.
func addTasks(workers *river.Workers, tasks []Task) ([]*river.PeriodicJob, error) {
	byName := make(map[string]Task, len(tasks))
	var periodic []*river.PeriodicJob
	for _, t := range tasks {
		if _, dup := byName[t.Name]; dup || t.Name == "" || t.Every <= 0 || t.Run == nil {
			return nil, fmt.Errorf("periodic task %q: a unique name, an interval and a function are needed", t.Name)
		}
		byName[t.Name] = t
		name := t.Name
		periodic = append(periodic, river.NewPeriodicJob(river.PeriodicInterval(t.Every),
			func() (river.JobArgs, *river.InsertOpts) { return TaskJob{Task: name}, nil },
			&river.PeriodicJobOpts{RunOnStart: true}))
	}
	river.AddWorker(workers, &taskWorker{tasks: byName})
	return periodic, nil
}
