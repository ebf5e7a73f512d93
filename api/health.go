package api

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"sync"
	"time"

	"github.com/evidenceportal/portal/api/request"
	"github.com/labstack/echo/v4"
)

// showHealth answers as long as the process serves requests.
func (s *Server) showHealth(c echo.Context) error {
	return c.JSON(http.StatusOK, map[string]string{"status": "ok"})
}

type readiness struct {
	Status string            `json:"status"`
	Checks map[string]string `json:"checks"`
}

// showReadiness checks, in parallel, each service the portal needs and says
// which one failed. Error details go to the log, not to the caller.
func (s *Server) showReadiness(c echo.Context) error {
	ctx, cancel := context.WithTimeout(c.Request().Context(), 3*time.Second)
	defer cancel()
	checks := map[string]func(context.Context) error{
		"postgres": s.store.Ping,
		"s3":       s.blob.Ping,
		"clamd":    s.clamd.Ping,
	}
	if s.indexLag != nil {
		checks["index"] = s.indexCaughtUp
	}
	res := readiness{Status: "ready", Checks: map[string]string{}}
	var mu sync.Mutex
	var wg sync.WaitGroup
	for name, check := range checks {
		wg.Go(func() {
			err := check(ctx)
			mu.Lock()
			defer mu.Unlock()
			if err != nil {
				res.Checks[name] = "unavailable"
				res.Status = "not ready"
				s.log.Warn("readiness check failed", append(request.LogAttrs(c), "check", name, "error", err)...)
				return
			}
			res.Checks[name] = "ok"
		})
	}
	wg.Wait()
	if res.Status != "ready" {
		return c.JSON(http.StatusServiceUnavailable, res)
	}
	return c.JSON(http.StatusOK, res)
}

// errIndexBehind: the node's index is further behind the change log than
// IndexMaxLag, so its searches would miss recent changes.
var errIndexBehind = errors.New("search index behind the change log")

func (s *Server) indexCaughtUp(ctx context.Context) error {
	lag, err := s.indexLag.Lag(ctx)
	if err != nil {
		return err
	}
	most := s.opts.IndexMaxLag
	if most <= 0 {
		most = 30 * time.Second
	}
	if lag > most {
		return fmt.Errorf("%w: %s", errIndexBehind, lag.Round(time.Millisecond))
	}
	return nil
}
