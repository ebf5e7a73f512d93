package ingest

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/evidenceportal/portal/ingest/extract"
	"github.com/evidenceportal/portal/internal/blob"
	"github.com/evidenceportal/portal/internal/document"
	"github.com/evidenceportal/portal/internal/framework"
	"github.com/evidenceportal/portal/internal/store"
	"github.com/evidenceportal/portal/internal/tagger"
	"github.com/evidenceportal/portal/search"
	"github.com/jackc/pgx/v5"
	"github.com/riverqueue/river"
	"github.com/riverqueue/river/riverdriver/riverpgxv5"
	"github.com/riverqueue/river/rivertype"
)

// Options configure the workers.
type Options struct {
	// Workers is how many documents one process works on at once.
	Workers int
	// Executable is the portal binary, run as `portal extract` for each
	// file so a parser's failure stays in the child.
	Executable string
	// ExtractLimits bound each child.
	ExtractLimits extract.Limits
	// OCR reads PDF pages without a text layer with tesseract, inside the
	// child and its time limit (PORTAL_OCR).
	OCR bool
	// PollInterval is how often idle workers look for jobs (they are also
	// woken by PostgreSQL notifications).
	PollInterval time.Duration
	// Index is the search index when this process owns it (portal serve):
	// Run then also runs its Follower of the change log. Nil in `portal
	// worker`, which has no index.
	Index *search.Index
	// IndexDir is the directory of Index.
	IndexDir string
	// Follow configures the Follower.
	Follow FollowOptions
	// StageTimeout bounds one run of a stage (default 10 minutes: a scan
	// of the largest allowed file over INSTREAM).
	StageTimeout time.Duration
	// RescueAfter is how long a stage may stay running before it counts as
	// stuck (its worker was killed) and is tried again; it must exceed
	// StageTimeout (default: one minute more).
	RescueAfter time.Duration
	// Node names this process's machine (PORTAL_NODE_ID); the process's
	// River client id is it with a random suffix, unique per start.
	Node string
	// Heartbeat is how often this process records that it is alive
	// (default 10 s); a process unseen for DeadAfter (default 30 s) is
	// taken as dead, and the stages it was running are tried again at once
	// by whichever process notices first, instead of after RescueAfter.
	Heartbeat, DeadAfter time.Duration
	// Tagger is the shipped model: stored as the first model of a new
	// database and used when a stored one cannot be read. Trained at start
	// (tagger.Default) when nil.
	Tagger *tagger.Model
	// MaxPages is the most pages a document may have (PORTAL_MAX_PAGES,
	// default DefaultMaxPages); a document with more is refused with a
	// message that says so, and none of its text is kept.
	MaxPages int
	// MaxTextBytes is the most text a document may hold, in bytes
	// (PORTAL_MAX_TEXT_BYTES, default extract.DefaultMaxText); likewise.
	MaxTextBytes int64
	// RetrainEvery is how often the tagger is retrained on the inspectors'
	// decisions; 0 means daily, negative never (an admin can still ask).
	RetrainEvery time.Duration
	// Tasks run on a schedule, once per cluster (see Task).
	Tasks []Task
}

// DefaultMaxPages is the page limit of a document. The largest file of
// the real corpus (shared/corpus) has 352 pages; the text limit (64 MiB)
// makes about 22,400 pages of plain text, and 25,000 lets every file within
// it through while bounding the files whose pages hold little text (slides,
// sheets, scans). A page costs the tag stage its suggestions and the index
// a Bleve document, whatever its length.
const DefaultMaxPages = 25000

// Pipeline runs the ingest stages as River workers.
type Pipeline struct {
	store   *store.Store
	blob    *blob.Store
	clamd   *Clamd
	log     *slog.Logger
	opts    Options
	index   *search.Index
	models  *Models
	guesser *tagger.Guesser
	client  *river.Client[pgx.Tx]
	// clientID is this process's River client id, in ingest_processes.
	clientID string
	follow   *Follower // nil without an index
}

// NewPipeline builds the workers; Run starts them.
func NewPipeline(st *store.Store, bl *blob.Store, cl *Clamd, log *slog.Logger, opts Options) (*Pipeline, error) {
	if opts.Workers <= 0 {
		opts.Workers = 4
	}
	if opts.ExtractLimits.Timeout == 0 {
		opts.ExtractLimits = extract.DefaultLimits()
	}
	if opts.PollInterval == 0 {
		opts.PollInterval = time.Second
	}
	if opts.StageTimeout == 0 {
		opts.StageTimeout = stageTimeout
	}
	if opts.RescueAfter <= opts.StageTimeout {
		opts.RescueAfter = opts.StageTimeout + time.Minute
	}
	if opts.Heartbeat <= 0 {
		opts.Heartbeat = 10 * time.Second
	}
	if opts.DeadAfter <= opts.Heartbeat {
		opts.DeadAfter = 3 * opts.Heartbeat
	}
	if opts.MaxPages <= 0 {
		opts.MaxPages = DefaultMaxPages
	}
	if opts.MaxTextBytes <= 0 {
		opts.MaxTextBytes = extract.DefaultMaxText
	}
	if opts.RetrainEvery == 0 {
		opts.RetrainEvery = 24 * time.Hour
	}
	cat, err := framework.Load()
	if err != nil {
		return nil, err
	}
	if opts.Tagger == nil {
		if opts.Tagger, err = tagger.Default(cat); err != nil {
			return nil, err
		}
	}
	g, err := tagger.NewGuesser()
	if err != nil {
		return nil, err
	}
	p := &Pipeline{store: st, blob: bl, clamd: cl, log: log, opts: opts, index: opts.Index,
		models: NewModels(st, cat, opts.Tagger, log), guesser: g}
	workers := river.NewWorkers()
	river.AddWorker(workers, &scanWorker{p: p})
	river.AddWorker(workers, &extractWorker{p: p})
	river.AddWorker(workers, &tagWorker{p: p})
	river.AddWorker(workers, &indexWorker{p: p})
	river.AddWorker(workers, &unindexWorker{p: p})
	river.AddWorker(workers, &retrainWorker{p: p})
	river.AddWorker(workers, &retagAllWorker{p: p})
	periodic, err := addTasks(workers, opts.Tasks)
	if err != nil {
		return nil, err
	}
	if opts.RetrainEvery > 0 {
		periodic = append(periodic, river.NewPeriodicJob(river.PeriodicInterval(opts.RetrainEvery),
			func() (river.JobArgs, *river.InsertOpts) { return RetrainJob{By: "schedule"}, nil }, nil))
	}
	queues := map[string]river.QueueConfig{queue: {MaxWorkers: opts.Workers}, periodicQueue: {MaxWorkers: 2},
		indexQueue: {MaxWorkers: 1}}
	if opts.Index != nil {
		p.follow = NewFollower(st, bl, opts.Index, opts.IndexDir, log, opts.Follow)
	}
	node := opts.Node
	if node == "" {
		node = "portal"
	}
	suffix := make([]byte, 4)
	rand.Read(suffix)
	p.clientID = fmt.Sprintf("%.80s-%x", node, suffix)
	c, err := river.NewClient(riverpgxv5.New(st.Pool()), &river.Config{
		ID:           p.clientID,
		Queues:       queues,
		Workers:      workers,
		PeriodicJobs: periodic,
		JobTimeout:   opts.StageTimeout,
		// River's default waits an hour before it takes back the stage of
		// a killed worker.
		RescueStuckJobsAfter: opts.RescueAfter,
		FetchPollInterval:    opts.PollInterval,
		FetchCooldown:        min(opts.PollInterval, 100*time.Millisecond),
		Logger:               log.With("component", "river"),
		ErrorHandler:         &jobErrors{log: log},
	})
	if err != nil {
		return nil, fmt.Errorf("create ingest workers: %w", err)
	}
	p.client = c
	return p, nil
}

// Run works until ctx ends, then lets running stages finish (each is
// idempotent, so one cut short is simply tried again elsewhere).
func (p *Pipeline) Run(ctx context.Context) error {
	// The index follows the log whatever the stages do, so it starts
	// first; it runs until ctx ends even when the stages could not start
	// (Run then returns their error).
	if p.follow != nil {
		done := make(chan struct{})
		go func() { defer close(done); p.follow.Run(ctx) }()
		defer func() {
			if ctx.Err() == nil {
				p.log.Error("ingest workers could not start; the index still follows the change log")
			}
			<-done
		}()
	}
	if err := p.models.Ensure(ctx); err != nil {
		return fmt.Errorf("store the shipped tag model: %w", err)
	}
	// Alive before the first stage starts, so a stage is never last
	// attempted by a process that is not listed.
	if err := p.store.ProcessAlive(ctx, p.clientID); err != nil {
		return err
	}
	if err := p.client.Start(ctx); err != nil {
		return fmt.Errorf("start ingest workers: %w", err)
	}
	// The heartbeat goes on while the stages in flight finish, so that
	// no other process takes them back meanwhile.
	alive, stopAlive := context.WithCancel(context.WithoutCancel(ctx))
	beating := make(chan struct{})
	go func() { defer close(beating); p.keepAlive(alive) }()
	<-ctx.Done()
	stop, cancel := context.WithTimeout(context.WithoutCancel(ctx), 30*time.Second)
	defer cancel()
	err := p.client.Stop(stop)
	stopAlive()
	<-beating
	if err != nil && !errors.Is(err, context.Canceled) {
		return fmt.Errorf("stop ingest workers: %w", err)
	}
	// Stopped cleanly: nothing of ours is running any more.
	if err := p.store.ProcessStopped(stop, p.clientID); err != nil {
		p.log.Warn("forget this ingest process", "error", err)
	}
	return nil
}

// keepAlive records every Heartbeat that this process is alive and takes
// back the stages of processes that are not, until ctx ends.
func (p *Pipeline) keepAlive(ctx context.Context) {
	t := time.NewTicker(p.opts.Heartbeat)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		if err := p.store.ProcessAlive(ctx, p.clientID); err != nil && ctx.Err() == nil {
			p.log.Warn("ingest heartbeat", "error", err)
		}
		ids, err := p.store.RescueDeadProcesses(ctx, p.opts.DeadAfter)
		if err != nil && ctx.Err() == nil {
			p.log.Warn("take back stages of stopped processes", "error", err)
		}
		if len(ids) > 0 {
			p.log.Warn("stages of a stopped process taken back", "jobs", ids)
		}
	}
}

// Follower is the follower of the index's change log (nil without an
// index), for readiness and metrics.
func (p *Pipeline) Follower() *Follower { return p.follow }

// move changes a document's status and logs what did not work; stages call
// it for their own progress.
func (p *Pipeline) move(ctx context.Context, t store.Transition) (bool, error) {
	moved, err := p.store.MoveDocument(ctx, t)
	if err != nil {
		return false, err
	}
	if moved {
		p.log.Info("document status", "doc_id", t.ID, "status", t.To, "reason", t.Reason)
	}
	return moved, nil
}

// lastTry reports whether a failing stage should give up and fail its
// document instead of being retried.
func lastTry(attempt, max int) bool { return attempt >= max }

// fail marks a document failed after its last try, with a reason for the
// uploader; an admin can retry it.
func (p *Pipeline) fail(ctx context.Context, id string, from []document.Status, err error) {
	reason := "The portal could not process this file. Try uploading it again, or ask a CQC administrator to retry it."
	// A document failed after it was ready once (tagged again) leaves search.
	if _, merr := p.move(ctx, store.Transition{ID: id, From: from, To: document.Failed, Reason: reason,
		Changes: []store.Change{{DocumentID: id, Kind: store.ChangeRemove}}}); merr != nil {
		p.log.Error("mark document failed", "doc_id", id, "error", merr)
	}
	p.log.Error("document failed", "doc_id", id, "error", err)
}

// jobErrors logs a failed try once, with the stable keys.
type jobErrors struct{ log *slog.Logger }

func (h *jobErrors) HandleError(ctx context.Context, job *rivertype.JobRow, err error) *river.ErrorHandlerResult {
	h.log.Warn("ingest stage failed", "job_id", job.ID, "kind", job.Kind, "attempt", job.Attempt, "error", err)
	return nil
}

func (h *jobErrors) HandlePanic(ctx context.Context, job *rivertype.JobRow, panicVal any, trace string) *river.ErrorHandlerResult {
	h.log.Error("ingest stage panicked", "job_id", job.ID, "kind", job.Kind, "attempt", job.Attempt, "panic", fmt.Sprint(panicVal))
	return nil
}
