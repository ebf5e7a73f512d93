package ingest

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"unicode/utf8"

	"github.com/evidenceportal/portal/ingest/extract"
	"github.com/evidenceportal/portal/internal/blob"
	"github.com/evidenceportal/portal/internal/document"
	"github.com/evidenceportal/portal/internal/store"
	"github.com/riverqueue/river"
)

type extractWorker struct {
	river.WorkerDefaults[ExtractJob]
	p *Pipeline
}

// Text is what the extract stage keeps of a document in S3, at
// text/<id>.json: the text of each page.
type Text struct {
	DocumentID string         `json:"document_id"`
	Outcome    string         `json:"outcome"`
	Pages      []extract.Page `json:"pages"`
}

// Work reads the clean file's text in a child process, stores it and hands
// the document to the tag stage.
func (w *extractWorker) Work(ctx context.Context, job *river.Job[ExtractJob]) error {
	p, id := w.p, job.Args.DocumentID
	d, err := p.store.DocumentForWork(ctx, id)
	if errors.Is(err, store.ErrNotFound) {
		return river.JobCancel(fmt.Errorf("extract %s: document gone", id))
	}
	if err != nil {
		return err
	}
	if d.Status != document.Extracting {
		return nil
	}
	err = w.extract(ctx, d)
	if err != nil && lastTry(job.Attempt, job.MaxAttempts) {
		p.fail(ctx, id, []document.Status{document.Extracting}, err)
		return river.JobCancel(err)
	}
	return err
}

func (w *extractWorker) extract(ctx context.Context, d store.Document) error {
	p := w.p
	path, err := w.download(ctx, d)
	if err != nil {
		return err
	}
	defer os.Remove(path)
	lim := p.opts.ExtractLimits
	lim.OCR = p.opts.OCR
	lim.MaxText = p.opts.MaxTextBytes
	st, err := w.store(ctx, d, path, lim)
	reject := func(reason string) error {
		_, err := p.move(ctx, store.Transition{ID: d.ID, From: []document.Status{document.Extracting}, To: document.Rejected, Reason: reason})
		return err
	}
	switch {
	case errors.Is(err, extract.ErrEncrypted):
		return reject(MsgPassword(d.Filename))
	case errors.Is(err, extract.ErrTooLarge), errors.Is(err, errTooMuchText):
		p.log.Info("document refused", "doc_id", d.ID, "reason", err)
		return reject(MsgTooMuchText(d.Filename, p.opts.MaxTextBytes))
	case errors.Is(err, errTooManyPages):
		p.log.Info("document refused", "doc_id", d.ID, "reason", err)
		return reject(MsgTooManyPages(d.Filename, p.opts.MaxPages))
	case errors.Is(err, extract.ErrUnreadable):
		p.log.Info("document unreadable", "doc_id", d.ID, "reason", st.reason)
		return reject(MsgUnreadable(d.Filename))
	case err != nil:
		return err
	}
	if d.TypeFrom.Guessed() || d.PeriodFrom.Guessed() {
		if err := w.guess(ctx, d, st.start); err != nil {
			return err
		}
	}
	reason := ""
	if st.needsOCR {
		reason = "Some pages are images without text: their words cannot be searched yet."
	}
	_, err = p.move(ctx, store.Transition{ID: d.ID, From: []document.Status{document.Extracting}, To: document.Tagging,
		Reason: reason, Pages: st.pages, Jobs: []store.Job{TagJob{DocumentID: d.ID}}})
	return err
}

// Past these the extract stage refuses a document (Options.MaxPages and
// MaxTextBytes) and stores none of its text.
var (
	errTooManyPages = errors.New("more pages than the limit")
	errTooMuchText  = errors.New("more text than the limit")
)

// stored is what the extract stage kept of a file's text.
type stored struct {
	pages    int
	needsOCR bool
	reason   string // why the file is unreadable
	start    string // the text of the first pages, for guessing the type and period
}

// The type and period are guessed from the text of the first pages, where
// a document says what it is: at most guessPages pages, guessBytes bytes.
const (
	guessPages = 3
	guessBytes = 8000
)

// guess fills the type and period that nobody chose from what the start of
// the text suggests (GuessFromText), before the tag stage, which reads the
// type, runs; the change is audited as the tagger's.
func (w *extractWorker) guess(ctx context.Context, d store.Document, start string) error {
	g := GuessFromText(w.p.guesser, d.Title, start)
	if !d.TypeFrom.Guessed() {
		g.Type = ""
	}
	if !d.PeriodFrom.Guessed() {
		g.Period = ""
	}
	if g == (Guess{}) {
		return nil
	}
	changed, err := w.p.store.SetGuessedDetails(ctx, d.ID, store.TextGuess{Type: g.Type, Period: g.Period},
		store.AuditEntry{ActorEmail: "tagger", Action: "document_details_guessed", ObjectType: "document", ObjectID: d.ID, LA: d.LA})
	if errors.Is(err, store.ErrNotFound) {
		return nil // withdrawn meanwhile: the move below finds it gone too
	}
	if err != nil {
		return err
	}
	if len(changed) > 0 {
		w.p.log.Info("document details guessed", "doc_id", d.ID, "changed", strings.Join(changed, " and "), "type", g.Type, "period", g.Period)
	}
	return nil
}

// store reads the file's text in a child process and writes it to S3 page
// by page as the child prints it, counting pages and bytes against the
// limits. Anything but a complete text within them leaves no object: the
// upload to S3 is aborted.
func (w *extractWorker) store(ctx context.Context, d store.Document, path string, lim extract.Limits) (stored, error) {
	p := w.p
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	pr, pw := io.Pipe()
	put := make(chan error, 1)
	go func() {
		// The JSON of a page is at most about 6 times its text (every
		// byte a \u escape); 8 covers the field names too.
		_, err := p.blob.Put(ctx, blob.TextKey(d.ID), pr, 8*p.opts.MaxTextBytes+1<<20, "application/json")
		pr.CloseWithError(err) // a writer waiting on a failed upload stops
		put <- err
	}()
	var (
		st    stored
		tw    *textWriter
		bytes int64
	)
	res, err := extract.IsolatedEach(ctx, p.opts.Executable, path, d.Kind, lim, func(o extract.Outcome, pg extract.Page) error {
		if tw == nil {
			var err error
			if tw, err = newTextWriter(pw, d.ID, o); err != nil {
				return err
			}
		}
		st.pages++
		bytes += int64(len(pg.Text))
		switch {
		case st.pages > p.opts.MaxPages:
			return fmt.Errorf("%s: %w (%d)", d.ID, errTooManyPages, p.opts.MaxPages)
		case bytes > p.opts.MaxTextBytes:
			return fmt.Errorf("%s: %w (%d bytes)", d.ID, errTooMuchText, p.opts.MaxTextBytes)
		}
		st.needsOCR = st.needsOCR || pg.NeedsOCR
		if st.pages <= guessPages && len(st.start) < guessBytes {
			st.start = truncateUTF8(st.start+pg.Text+"\n", guessBytes)
		}
		return tw.page(pg)
	})
	if err == nil && tw == nil { // no pages: a valid, empty text
		tw, err = newTextWriter(pw, d.ID, res.Outcome)
	}
	if err == nil {
		err = tw.close()
	}
	if err != nil {
		st.reason = res.Reason
		cancel() // aborts the upload: no part of the text is kept
		pw.CloseWithError(err)
		<-put
		return st, err
	}
	pw.Close()
	if err := <-put; err != nil {
		return st, err
	}
	st.needsOCR = st.needsOCR || res.Outcome == extract.OutcomeNeedsOCR
	return st, nil
}

// download copies the clean file to a private temporary file for the
// child process to read.
func (w *extractWorker) download(ctx context.Context, d store.Document) (string, error) {
	r, err := w.p.blob.Open(ctx, blob.FileKey(d.ID))
	if err != nil {
		return "", err
	}
	defer r.Close()
	f, err := os.CreateTemp("", "portal-extract-*")
	if err != nil {
		return "", fmt.Errorf("create temporary file: %w", err)
	}
	if _, err := io.Copy(f, io.LimitReader(r, d.Size+1)); err != nil {
		f.Close()
		os.Remove(f.Name())
		return "", fmt.Errorf("download %s: %w", d.ID, err)
	}
	if err := f.Close(); err != nil {
		os.Remove(f.Name())
		return "", err
	}
	return f.Name(), nil
}

// ReadText reads the stored text of a document.
func ReadText(ctx context.Context, bl *blob.Store, id string) (Text, error) {
	r, err := bl.Open(ctx, blob.TextKey(id))
	if err != nil {
		return Text{}, err
	}
	defer r.Close()
	var t Text
	if err := json.NewDecoder(io.LimitReader(r, 256<<20)).Decode(&t); err != nil {
		return Text{}, fmt.Errorf("decode text of %s: %w", id, err)
	}
	return t, nil
}

// truncateUTF8 cuts s to at most n bytes without splitting a character.
func truncateUTF8(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}
