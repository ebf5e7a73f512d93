// Package notify tells people about what concerns them without their
// having to look: it writes the reminders of returns and further requests
// due in a few working days or overdue, and emails each notification
// through an SMTP relay. Both run as periodic River tasks (ingest.Task),
// once per cluster; the notifications themselves, and who was told of
// which event, are rows in PostgreSQL, so any node may do the work.
package notify

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"time"

	"github.com/evidenceportal/portal/internal/framework"
	"github.com/evidenceportal/portal/internal/mail"
	"github.com/evidenceportal/portal/internal/store"
)

// SoonWorkingDays: an item or request due within this many working days
// is "due soon" and its council is reminded.
const SoonWorkingDays = 3

// EmailBatch bounds the notifications one run emails; the rest wait for
// the next run, so one run's transaction stays short.
const EmailBatch = 100

// Sender delivers one email; *mail.Sender in production, the same against
// Mailpit in tests.
type Sender interface {
	Send(ctx context.Context, m mail.Message) error
}

// Notifier writes reminders and emails notifications.
type Notifier struct {
	store     *store.Store
	cal       *framework.Calendar
	loc       *time.Location
	sender    Sender
	publicURL string
	log       *slog.Logger
}

// New returns a notifier. sender may be nil: email is off and only the
// notifications page tells people. Dates are those of loc (UK time).
func New(st *store.Store, cal *framework.Calendar, loc *time.Location, sender Sender, publicURL string, log *slog.Logger) *Notifier {
	return &Notifier{store: st, cal: cal, loc: loc, sender: sender, publicURL: strings.TrimRight(publicURL, "/"), log: log}
}

// Emails reports whether email is on.
func (n *Notifier) Emails() bool { return n.sender != nil }

// Window is the days of reminders at now: today (the UK date) and the last
// day that counts as due soon, SoonWorkingDays working days on.
func Window(now time.Time, loc *time.Location, cal *framework.Calendar) (today, soon time.Time, err error) {
	local := now.In(loc)
	day := time.Date(local.Year(), local.Month(), local.Day(), 0, 0, 0, 0, time.UTC)
	last, err := cal.AddWorkingDays(day, SoonWorkingDays)
	if err != nil {
		return time.Time{}, time.Time{}, err
	}
	return day, last, nil
}

// Remind writes the due soon and overdue reminders of the day at now; it
// may run any number of times, on any node: each person hears of each
// once.
func (n *Notifier) Remind(ctx context.Context, now time.Time) error {
	today, soon, err := Window(now, n.loc, n.cal)
	if err != nil {
		return fmt.Errorf("reminders: %w", err)
	}
	written, err := n.store.Reminders(ctx, today, soon)
	if err != nil {
		return err
	}
	if written > 0 {
		n.log.Info("reminders written", "notifications", written, "today", today.Format(time.DateOnly))
	}
	return nil
}

// Email sends the notifications not emailed yet, at most EmailBatch. A
// recipient the relay refuses for good is logged and not tried again; any
// other failure stops the run, keeps the rest for the next one and is
// returned, so that River tries again.
func (n *Notifier) Email(ctx context.Context) error {
	if n.sender == nil {
		return nil
	}
	sent, err := n.store.EmailNotifications(ctx, EmailBatch, func(o store.Outgoing) error {
		err := n.sender.Send(ctx, Compose(n.publicURL, o))
		if errors.Is(err, mail.ErrRefused) {
			n.log.Warn("email refused for good: not sent", "notification", o.ID, "error", err)
		}
		return err
	}, func(err error) bool { return errors.Is(err, mail.ErrRefused) })
	if sent > 0 {
		n.log.Info("notifications emailed", "count", sent)
	}
	return err
}

// Compose is the email of a notification: what happened and a link to
// it, never evidence content (notifications hold none).
func Compose(publicURL string, o store.Outgoing) mail.Message {
	body := o.Message + ".\n\n" +
		"See it in the Evidence Portal:\n" + publicURL + o.Href + "\n\n" +
		"You get this email because you work on this assessment in the Evidence Portal. " +
		"Do not reply to it: nobody reads replies.\n"
	return mail.Message{To: o.Recipient, Subject: "Evidence Portal: " + o.Message, Body: body}
}
