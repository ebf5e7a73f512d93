package api

import (
	"context"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/evidenceportal/portal/api/middleware"
	"github.com/evidenceportal/portal/api/render"
	"github.com/evidenceportal/portal/api/session"
	"github.com/evidenceportal/portal/api/signin"
	"github.com/evidenceportal/portal/frontend"
	"github.com/evidenceportal/portal/ingest"
	"github.com/evidenceportal/portal/internal/authz"
	"github.com/evidenceportal/portal/internal/blob"
	"github.com/evidenceportal/portal/internal/framework"
	"github.com/evidenceportal/portal/internal/pdf"
	"github.com/evidenceportal/portal/internal/store"
	"github.com/evidenceportal/portal/internal/tusstore"
	"github.com/evidenceportal/portal/search"
	"github.com/labstack/echo/v4"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/tus/tusd/v2/pkg/handler"
)

// Options configure the server.
type Options struct {
	// PublicURL is where people reach the portal, e.g. https://evidence.cqc.org.uk.
	// Cookies are marked Secure when it is https.
	PublicURL     string
	OIDC          signin.OIDC
	Groups        authz.GroupRules
	SessionSecret []byte
	SessionIdle   time.Duration
	SessionMaxAge time.Duration
	// TrustedProxies are the reverse proxies whose X-Forwarded-For is
	// believed for the client address in logs and the audit log; with none,
	// the connection's own address is used and the header is ignored.
	TrustedProxies []*net.IPNet
	// UploadMaxBytes is the largest file accepted.
	UploadMaxBytes int64
	// OutcomesMaxBytes is the largest outcome data file imported.
	OutcomesMaxBytes int64
	// Uploads bound the uploads in flight and their pace; zero fields
	// take DefaultUploadLimits.
	Uploads UploadLimits
	// Searches bound the searches in flight; zero fields take
	// DefaultSearchLimits.
	Searches SearchLimits
	// PersonalDataDays is how long after publication personal data answers
	// are kept (the item page says so); zero does not say.
	PersonalDataDays int
	// IndexMaxLag is how long the oldest change of the index's log this
	// node has not applied may wait before /readyz says not ready (the
	// load balancer then skips the node); zero means 30 seconds.
	IndexMaxLag time.Duration
}

// IndexLag says how long the oldest change of the index's change log this
// node has not applied has waited (ingest.Follower).
type IndexLag interface {
	Lag(ctx context.Context) (time.Duration, error)
}

// Deps are the parts the server uses.
type Deps struct {
	Store    *store.Store
	Blob     *blob.Store
	Clamd    *ingest.Clamd
	Intake   *ingest.Intake
	Index    *search.Index
	Renderer *frontend.Renderer
	Assets   *frontend.Assets
	Logger   *slog.Logger
	Metrics  prometheus.Registerer
	// Tus stores resumable uploads (internal/tusstore); nil serves none.
	Tus *tusstore.Store
	// PDF prints published reports to PDF; nil offers no PDF.
	PDF *pdf.Renderer
	// IndexLag, when set, makes readiness depend on the node's index
	// keeping up with the change log.
	IndexLag IndexLag
}

// Server serves the portal: its handlers, on the plumbing of the packages
// under api/.
type Server struct {
	opts       Options
	store      *store.Store
	blob       *blob.Store
	clamd      *ingest.Clamd
	intake     *ingest.Intake
	index      *search.Index
	catalogue  *framework.Catalogue
	calendar   *framework.Calendar
	returnTpl  *framework.ReturnTemplate // the information return new ones start from
	renderer   *frontend.Renderer
	pages      *render.Pages
	assets     *frontend.Assets
	log        *slog.Logger
	sessions   *session.Manager
	signin     *signin.Flow
	secure     bool
	loc        *time.Location
	metrics    *middleware.Metrics
	echo       *echo.Echo
	tus        *tusstore.Store
	pdf        *pdf.Renderer
	indexLag   IndexLag
	tusHandler *handler.UnroutedHandler
	uploads    slots
	searches   slots
	// costlySearches count the searches that are also costly (costlyShare).
	costlySearches slots
	// calendarWarning logs once that a deadline fell past the bank holidays known.
	calendarWarning sync.Once
}

// New builds the server and its routes.
func New(opts Options, deps Deps) (*Server, error) {
	opts.Uploads = opts.Uploads.withDefaults()
	opts.Searches = opts.Searches.withDefaults()
	s := &Server{
		opts:     opts,
		store:    deps.Store,
		blob:     deps.Blob,
		clamd:    deps.Clamd,
		intake:   deps.Intake,
		index:    deps.Index,
		renderer: deps.Renderer,
		pages:    render.New(deps.Renderer),
		assets:   deps.Assets,
		log:      deps.Logger,
		secure:   isHTTPS(opts.PublicURL),
		loc:      ukTime(),
		tus:      deps.Tus,
		pdf:      deps.PDF,
		indexLag: deps.IndexLag,
	}
	s.sessions = session.New(deps.Store, session.Options{Secret: opts.SessionSecret, Secure: s.secure,
		Idle: opts.SessionIdle, MaxAge: opts.SessionMaxAge})
	s.signin = signin.New(signin.Options{OIDC: opts.OIDC, Groups: opts.Groups, Secret: opts.SessionSecret, PublicURL: opts.PublicURL},
		deps.Store, s.sessions, s.pages, deps.Logger)
	cat, err := framework.Load()
	if err != nil {
		return nil, err
	}
	s.catalogue = cat
	if s.opts.OutcomesMaxBytes <= 0 {
		s.opts.OutcomesMaxBytes = 64 << 20
	}
	if s.calendar, err = framework.LoadCalendar(); err != nil {
		return nil, err
	}
	if s.returnTpl, err = cat.LoadReturnTemplate(framework.DefaultReturnTemplate); err != nil {
		return nil, err
	}
	if s.metrics, err = middleware.NewMetrics(deps.Metrics); err != nil {
		return nil, err
	}
	if s.tus != nil {
		if s.tusHandler, err = s.newTusHandler(s.tus.Composer); err != nil {
			return nil, err
		}
	}
	s.echo = s.routes()
	return s, nil
}

func isHTTPS(u string) bool { return strings.HasPrefix(strings.ToLower(u), "https://") }

// Handler is the portal's HTTP handler.
func (s *Server) Handler() http.Handler { return s.echo }

// SweepSessions deletes stale sessions every interval until ctx ends.
func (s *Server) SweepSessions(ctx context.Context, interval time.Duration) {
	s.sessions.Sweep(ctx, interval, s.log)
}

// Route is one registered method and path pattern.
type Route struct {
	Method string
	Path   string
}

// Routes lists every registered route, for the authorization table test.
func (s *Server) Routes() []Route {
	var out []Route
	for _, r := range s.echo.Routes() {
		out = append(out, Route{Method: r.Method, Path: r.Path})
	}
	return out
}
