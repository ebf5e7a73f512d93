package main

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"github.com/evidenceportal/portal/ingest"
	"github.com/evidenceportal/portal/internal/framework"
	"github.com/evidenceportal/portal/internal/mail"
	"github.com/evidenceportal/portal/internal/notify"
	"github.com/evidenceportal/portal/internal/store"
)

// Intervals of the periodic tasks. Each run is idempotent (who was told
// of which event, which notification was emailed and which return's
// personal data deleted are rows), so a run late or twice does no harm.
const (
	remindEvery         = time.Hour
	emailEvery          = 30 * time.Second
	personalDataEvery   = 6 * time.Hour
	personalDeleteBatch = 100
)

// tasks are the periodic work of the cluster. Every `portal serve` and
// `portal worker` is given the same list, email included whether or not
// this process has a relay (a process without one sends nothing), so
// whichever process River hands a run to knows it; River's elected
// leader enqueues each once per interval for the whole cluster.
func tasks(cfg config, st *store.Store, log *slog.Logger) ([]ingest.Task, error) {
	cal, err := framework.LoadCalendar()
	if err != nil {
		return nil, err
	}
	loc, err := time.LoadLocation("Europe/London")
	if err != nil {
		return nil, fmt.Errorf("load UK time zone: %w", err)
	}
	var sender notify.Sender
	if cfg.Mail.Addr != "" {
		s, err := mail.New(cfg.Mail)
		if err != nil {
			return nil, err
		}
		sender = s
	} else {
		log.Info("email off (PORTAL_SMTP_ADDR is empty): notifications are on the notifications page only")
	}
	n := notify.New(st, cal, loc, sender, cfg.PublicURL, log)
	return []ingest.Task{
		{Name: "reminders", Every: remindEvery, Timeout: 5 * time.Minute,
			Run: func(ctx context.Context) error { return n.Remind(ctx, time.Now()) }},
		{Name: "email", Every: emailEvery, Timeout: 10 * time.Minute, Run: n.Email},
		{Name: "personal-data", Every: personalDataEvery, Timeout: 10 * time.Minute,
			Run: func(ctx context.Context) error {
				return deletePersonalData(ctx, st, log, time.Now().AddDate(0, 0, -cfg.PersonalDataDays))
			}},
	}, nil
}

// deletePersonalData empties the personal data answers of returns whose
// assessment was published before the cut-off, in batches until none is
// left.
func deletePersonalData(ctx context.Context, st *store.Store, log *slog.Logger, publishedBefore time.Time) error {
	for {
		done, err := st.DeletePersonalAnswers(ctx, publishedBefore, personalDeleteBatch)
		for _, d := range done {
			log.Info("personal data answers deleted", "return", d.Return, "assessment", d.Assessment, "la", d.LA, "answers", d.Answers)
		}
		if err != nil || len(done) < personalDeleteBatch {
			return err
		}
	}
}
