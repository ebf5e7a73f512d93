package api

import (
	"errors"
	"io"
	"net"
	"net/http"
	"os"
	"strconv"
	"time"

	"github.com/evidenceportal/portal/api/request"
	"github.com/labstack/echo/v4"
)

// UploadLimits bound what uploads may hold of one process. Each upload
// streaming to S3 holds about 16 MiB (internal/blob's three 5 MiB part
// buffers and the read buffer), so InFlight bounds the process's upload
// memory at about InFlight × 16 MiB (256 MiB by default). They are per
// process, because memory is: a cluster of n nodes takes n × InFlight.
type UploadLimits struct {
	InFlight  int     // uploads streaming at once in this process
	PerPerson int     // of which one person's
	MinRate   float64 // bytes per second a body must average over StallWindow
	// StallWindow is how long a body may send nothing, and the span over
	// which MinRate is measured.
	StallWindow time.Duration
}

// DefaultUploadLimits: 16 uploads in flight, 3 a person, and a body that
// sends less than 8 KiB/s over 30 s (a 50 MB file would take 100 minutes)
// or nothing for 30 s is dropped.
var DefaultUploadLimits = UploadLimits{InFlight: 16, PerPerson: 3, MinRate: 8 << 10, StallWindow: 30 * time.Second}

func (l UploadLimits) withDefaults() UploadLimits {
	d := DefaultUploadLimits
	if l.InFlight <= 0 {
		l.InFlight = d.InFlight
	}
	if l.PerPerson <= 0 {
		l.PerPerson = d.PerPerson
	}
	if l.MinRate <= 0 {
		l.MinRate = d.MinRate
	}
	if l.StallWindow <= 0 {
		l.StallWindow = d.StallWindow
	}
	return l
}

// retryAfter is what a refused upload is told to wait, in seconds.
const retryAfter = 30

// guardUploads holds each streamed upload (the form, the API, tus chunks)
// to a slot and to a pace: past the limits it is refused with 429 and
// Retry-After before a byte of its body is read, and a body that stalls is
// dropped.
func (s *Server) guardUploads(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		p, ok := request.Principal(c)
		if _, streamed := s.streamedBodyLimit(c.Request()); !streamed || !ok || c.Request().Method == http.MethodHead {
			return next(c)
		}
		l := s.opts.Uploads
		rc := http.NewResponseController(c.Response().Writer)
		if !s.uploads.take(p.UserID, l.InFlight, l.PerPerson) {
			// Without Connection: close, net/http would read up to 256 KB
			// of the unread body before answering, waiting on a client
			// that may never send it; the past deadline ends that read.
			c.Response().Header().Set("Retry-After", strconv.Itoa(retryAfter))
			c.Response().Header().Set("Connection", "close")
			_ = rc.SetReadDeadline(time.Now())
			return request.ErrTooManyUploads
		}
		defer s.uploads.release(p.UserID)
		req := c.Request()
		req.Body = &pacedBody{r: req.Body, rc: rc, limits: l, start: time.Now()}
		err := next(c)
		if errors.Is(err, request.ErrBodyStalled) {
			// The rest of the body will not come: answer and close,
			// rather than let net/http wait to read it.
			c.Response().Header().Set("Connection", "close")
			return err
		}
		_ = rc.SetReadDeadline(time.Time{}) // the connection may serve the next request
		return err
	}
}

// pacedBody is a request body that fails with request.ErrBodyStalled when
// nothing arrives for the stall window (a read deadline on the connection,
// so a silent client cannot hold a read forever) or when less than the
// minimum rate arrived over a window (a byte every 5 s).
type pacedBody struct {
	r      io.ReadCloser
	rc     *http.ResponseController
	limits UploadLimits
	start  time.Time // of the current window
	n      int64     // bytes in the current window
}

func (b *pacedBody) Read(p []byte) (int, error) {
	// Not every writer can set deadlines (a test recorder): then the rate
	// check alone applies.
	_ = b.rc.SetReadDeadline(time.Now().Add(b.limits.StallWindow))
	n, err := b.r.Read(p)
	b.n += int64(n)
	var ne net.Error
	if err != nil && (errors.Is(err, os.ErrDeadlineExceeded) || errors.As(err, &ne) && ne.Timeout()) {
		return n, request.ErrBodyStalled
	}
	if since := time.Since(b.start); since >= b.limits.StallWindow {
		if float64(b.n) < b.limits.MinRate*since.Seconds() {
			return n, request.ErrBodyStalled
		}
		b.start, b.n = time.Now(), 0
	}
	return n, err
}

func (b *pacedBody) Close() error { return b.r.Close() }
