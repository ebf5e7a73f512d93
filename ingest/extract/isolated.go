package extract

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strconv"
	"time"
)

// Limits bound a child extraction process.
type Limits struct {
	Timeout time.Duration // whole run; a PDF must end within 30 seconds
	Memory  int64         // address space, in bytes
	// OCR lets the child read PDF pages without text with tesseract, within
	// the same time limit (`portal extract --ocr`).
	OCR bool
	// MaxText bounds a text-like file (TXT, CSV, HTML, EML) the child reads
	// (`portal extract --max-text`); 0 for DefaultMaxText.
	MaxText int64
}

// ocrMargin is the time kept, out of the limit, to write the result
// after OCR stopped for want of time.
const ocrMargin = 3 * time.Second

// DefaultLimits are what a worker gives one file.
func DefaultLimits() Limits { return Limits{Timeout: 30 * time.Second, Memory: 2 << 30} }

// Isolated runs `<exe> extract --kind KIND PATH` in a child process with a
// time limit and, where prlimit exists, an address-space limit, and reads
// the Result it prints as JSON. A child that panics, loops or runs out of
// memory makes the file unreadable; it never harms the caller. It keeps
// every page; IsolatedEach hands them over one at a time.
func Isolated(ctx context.Context, exe, path, kind string, lim Limits) (Result, error) {
	var pages []Page
	res, err := IsolatedEach(ctx, exe, path, kind, lim, func(_ Outcome, p Page) error { pages = append(pages, p); return nil })
	if res.Outcome == OutcomeText || res.Outcome == OutcomeNeedsOCR {
		res.Pages = pages
	}
	return res, err
}

// IsolatedEach is Isolated handing each page to fn, with the outcome the
// child printed before it, as the child prints it, so the caller never
// holds the whole text. The Result it returns has no
// pages; fn has seen them only when its outcome is text or needs OCR, and
// the caller must drop what it did with them otherwise. An error of fn
// stops the child and is returned as it is.
func IsolatedEach(ctx context.Context, exe, path, kind string, lim Limits, fn func(Outcome, Page) error) (Result, error) {
	ctx, cancel := context.WithTimeout(ctx, lim.Timeout)
	defer cancel()
	args := []string{"extract", "--kind", kind}
	if lim.OCR {
		args = append(args, "--ocr", "--budget", (lim.Timeout - ocrMargin).String())
	}
	if lim.MaxText > 0 {
		args = append(args, "--max-text", strconv.FormatInt(lim.MaxText, 10))
	}
	args = append(args, path)
	name := exe
	if pl, err := exec.LookPath("prlimit"); err == nil && lim.Memory > 0 {
		args = append([]string{"--as=" + strconv.FormatInt(lim.Memory, 10), "--", exe}, args...)
		name = pl
	}
	cmd := exec.CommandContext(ctx, name, args...)
	var errb bytes.Buffer
	cmd.Stderr = &limitedBuffer{b: &errb, n: 64 << 10}
	cmd.Env = append(os.Environ(), "GOMAXPROCS=1")
	cmd.WaitDelay = 2 * time.Second
	out, err := cmd.StdoutPipe()
	if err != nil {
		return Result{}, fmt.Errorf("extract: %w", err)
	}
	if err := cmd.Start(); err != nil {
		return Result{}, fmt.Errorf("start extract: %w", err)
	}
	var fnErr error
	res, decErr := DecodeResult(out, func(o Outcome, p Page) error {
		if fnErr = fn(o, p); fnErr != nil {
			cancel() // the child has nothing more to say that we want
		}
		return fnErr
	})
	io.Copy(io.Discard, out) // let a child that wrote more than we read end
	runErr := cmd.Wait()
	if fnErr != nil {
		return Result{}, fnErr
	}
	if ctx.Err() != nil {
		if errors.Is(ctx.Err(), context.DeadlineExceeded) {
			return Result{Outcome: OutcomeUnreadable, Reason: "reading took longer than " + lim.Timeout.String()},
				fmt.Errorf("%w: extraction timed out after %s", ErrUnreadable, lim.Timeout)
		}
		return Result{}, ctx.Err()
	}
	if decErr != nil || res.Outcome == "" {
		reason := "extraction process failed"
		if runErr != nil {
			reason += ": " + runErr.Error()
		}
		return Result{Outcome: OutcomeUnreadable, Reason: reason}, fmt.Errorf("%w: %s (%s)", ErrUnreadable, reason, firstLine(errb.String()))
	}
	switch res.Outcome {
	case OutcomeEncrypted:
		return res, fmt.Errorf("%w: %s", ErrEncrypted, res.Reason)
	case OutcomeUnreadable:
		return res, fmt.Errorf("%w: %s", ErrUnreadable, res.Reason)
	case OutcomeTooLarge:
		return res, fmt.Errorf("%w: %s", ErrTooLarge, res.Reason)
	}
	return res, nil
}

// limitedBuffer keeps the first n bytes written to it (a child's stderr:
// its first line says why it failed) and drops the rest.
type limitedBuffer struct {
	b *bytes.Buffer
	n int
}

func (l *limitedBuffer) Write(p []byte) (int, error) {
	if room := l.n - l.b.Len(); room > 0 {
		l.b.Write(p[:min(len(p), room)])
	}
	return len(p), nil
}
