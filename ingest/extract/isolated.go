package extract

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
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
}

// ocrMargin is the time kept, out of the limit, to write the result
// after OCR stopped for want of time.
const ocrMargin = 3 * time.Second

// DefaultLimits are what a worker gives one file.
func DefaultLimits() Limits { return Limits{Timeout: 30 * time.Second, Memory: 2 << 30} }

// Isolated runs `<exe> extract --kind KIND PATH` in a child process with a
// time limit and, where prlimit exists, an address-space limit, and reads
// the Result it prints as JSON. A child that panics, loops or runs out of
// memory makes the file unreadable; it never harms the caller.
func Isolated(ctx context.Context, exe, path, kind string, lim Limits) (Result, error) {
	ctx, cancel := context.WithTimeout(ctx, lim.Timeout)
	defer cancel()
	args := []string{"extract", "--kind", kind, path}
	if lim.OCR {
		args = []string{"extract", "--kind", kind, "--ocr", "--budget", (lim.Timeout - ocrMargin).String(), path}
	}
	name := exe
	if pl, err := exec.LookPath("prlimit"); err == nil && lim.Memory > 0 {
		args = append([]string{"--as=" + strconv.FormatInt(lim.Memory, 10), "--", exe}, args...)
		name = pl
	}
	cmd := exec.CommandContext(ctx, name, args...)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	cmd.Env = append(os.Environ(), "GOMAXPROCS=1")
	cmd.WaitDelay = 2 * time.Second
	runErr := cmd.Run()
	if ctx.Err() != nil {
		if errors.Is(ctx.Err(), context.DeadlineExceeded) {
			return Result{Outcome: OutcomeUnreadable, Reason: "reading took longer than " + lim.Timeout.String()},
				fmt.Errorf("%w: extraction timed out after %s", ErrUnreadable, lim.Timeout)
		}
		return Result{}, ctx.Err()
	}
	var res Result
	if err := json.Unmarshal(out.Bytes(), &res); err != nil || res.Outcome == "" {
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
	}
	return res, nil
}
