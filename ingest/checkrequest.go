package ingest

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/evidenceportal/portal/internal/blob"
	"github.com/evidenceportal/portal/internal/store"
	"github.com/evidenceportal/portal/search"
)

// While portal serve owns the index no other process may open it, so
// portal index check asks the owner instead: it leaves a request file in
// the index directory, which KeepIndex picks up at its next tick, and
// waits for the report file. The directory's permissions are the access
// control, as for the index itself.
const (
	checkRequestFile = "check-request"
	checkReportFile  = "check-report-"
)

// CheckReports are what a check through the owner found: before, and after
// a repair when one was asked for.
type CheckReports struct {
	Before search.Report
	After  *search.Report `json:",omitempty"`
	Error  string         `json:",omitempty"`
}

// RequestCheck asks the index owner to check (and repair) the index in root
// and waits for its reports.
func RequestCheck(ctx context.Context, root string, repair bool) (CheckReports, error) {
	nonce := fmt.Sprintf("%d", time.Now().UnixNano())
	body := nonce + " check"
	if repair {
		body = nonce + " repair"
	}
	tmp := filepath.Join(root, checkRequestFile+".tmp")
	if err := os.WriteFile(tmp, []byte(body), 0o640); err != nil {
		return CheckReports{}, fmt.Errorf("ask the index owner for a check: %w", err)
	}
	if err := os.Rename(tmp, filepath.Join(root, checkRequestFile)); err != nil {
		return CheckReports{}, fmt.Errorf("ask the index owner for a check: %w", err)
	}
	report := filepath.Join(root, checkReportFile+nonce)
	for {
		b, err := os.ReadFile(report)
		if err == nil {
			os.Remove(report)
			var r CheckReports
			if err := json.Unmarshal(b, &r); err != nil {
				return CheckReports{}, fmt.Errorf("read the index owner's report: %w", err)
			}
			if r.Error != "" {
				return r, errors.New(r.Error)
			}
			return r, nil
		}
		select {
		case <-ctx.Done():
			return CheckReports{}, fmt.Errorf("wait for the index owner (is portal serve running?): %w", ctx.Err())
		case <-time.After(200 * time.Millisecond):
		}
	}
}

// answerCheck runs a check asked for by RequestCheck, if there is one.
func answerCheck(ctx context.Context, st *store.Store, bl *blob.Store, ix *search.Index, root string) (bool, error) {
	path := filepath.Join(root, checkRequestFile)
	b, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	os.Remove(path)
	nonce, mode, _ := strings.Cut(strings.TrimSpace(string(b)), " ")
	if nonce == "" || strings.ContainsAny(nonce, `/\.`) {
		return false, fmt.Errorf("bad index check request %q", b)
	}
	var out CheckReports
	out.Before, err = CheckIndex(ctx, st, ix)
	if err == nil && mode == "repair" && !out.Before.Clean() {
		if err = RepairIndex(ctx, st, bl, ix, out.Before); err == nil {
			var after search.Report
			after, err = CheckIndex(ctx, st, ix)
			out.After = &after
		}
	}
	if err != nil {
		out.Error = err.Error()
	}
	body, merr := json.Marshal(out)
	if merr != nil {
		return true, merr
	}
	tmp := filepath.Join(root, checkReportFile+nonce+".tmp")
	if werr := os.WriteFile(tmp, body, 0o640); werr != nil {
		return true, werr
	}
	return true, errors.Join(err, os.Rename(tmp, filepath.Join(root, checkReportFile+nonce)))
}
