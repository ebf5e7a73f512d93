package main

import (
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/url"
	"os"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/evidenceportal/portal/api"
	"github.com/evidenceportal/portal/internal/authz"
	"github.com/evidenceportal/portal/internal/mail"
	"github.com/evidenceportal/portal/internal/pdf"
)

// config is every setting of the portal, read from PORTAL_* environment
// variables only, here and nowhere else.
type config struct {
	ListenAddr    string
	PublicURL     string
	MetricsAddr   string
	DatabaseURL   string
	S3Endpoint    string
	S3Bucket      string
	S3AccessKey   string
	S3SecretKey   string
	S3UseTLS      bool
	S3Region      string
	OIDCIssuer    string
	OIDCClientID  string
	OIDCSecret    string
	OIDCRedirect  string
	OIDCGroups    string
	Groups        authz.GroupRules
	SessionSecret string
	SessionIdle   time.Duration
	SessionMaxAge time.Duration
	ClamdAddr     string
	IndexDir      string
	// NodeID names this node in the index's change log positions.
	NodeID string
	// IndexPoll is how often the index's change log is read without a
	// notification; IndexMaxLag how far behind it readiness tolerates;
	// IndexLogRetention how long it keeps a change a node has not applied.
	IndexPoll         time.Duration
	IndexMaxLag       time.Duration
	IndexLogRetention time.Duration
	// IndexSnapshotEvery is how often one node publishes a snapshot of its
	// index for new nodes to start from; zero never.
	IndexSnapshotEvery time.Duration
	UploadMaxBytes     int64
	OCR                bool
	LogLevel           slog.Level
	TrustedProxies     []*net.IPNet
	IngestWorkers      int
	SearchBudget       time.Duration
	// CostlySearchWorkers is how many shard searches of costly queries run
	// at once; zero is half the cores.
	CostlySearchWorkers int
	Uploads             api.UploadLimits
	Searches            api.SearchLimits
	MaxPages            int
	MaxTextBytes        int64
	MemoryLimit         int64
	// Mail is the SMTP relay notifications are emailed through; an empty
	// Addr turns email off.
	Mail mail.Options
	// PersonalDataDays is how long after publication the personal data
	// answers of a return are kept.
	PersonalDataDays int

	// OutcomesMaxBytes bounds an outcome data file (import command and page).
	OutcomesMaxBytes int64

	// PDF is the Chromium that prints published reports, and its bounds.
	PDF pdf.Options
}

// setting is one environment variable: its name, default and where it goes.
type setting struct {
	name   string
	def    string
	secret bool
	doc    string
	set    func(c *config, v string) error
}

func str(dst func(*config) *string) func(*config, string) error {
	return func(c *config, v string) error { *dst(c) = v; return nil }
}

var errEmpty = errors.New("must not be empty")

// settings lists every variable; the README's table documents the same list
// and a test keeps the two in step.
func settings() []setting {
	return []setting{
		{"PORTAL_LISTEN_ADDR", "127.0.0.1:8080", false, "address the portal serves HTTP on", str(func(c *config) *string { return &c.ListenAddr })},
		{"PORTAL_PUBLIC_URL", "http://127.0.0.1:8080", false, "URL people reach the portal at; https makes cookies Secure", str(func(c *config) *string { return &c.PublicURL })},
		{"PORTAL_METRICS_ADDR", "127.0.0.1:9464", false, "address of the Prometheus /metrics listener; keep it private", str(func(c *config) *string { return &c.MetricsAddr })},
		{"PORTAL_DATABASE_URL", "postgres://postgres@127.0.0.1:54329/portal?sslmode=disable", true, "PostgreSQL connection URL", str(func(c *config) *string { return &c.DatabaseURL })},
		{"PORTAL_S3_ENDPOINT", "127.0.0.1:9000", false, "S3 endpoint host:port", str(func(c *config) *string { return &c.S3Endpoint })},
		{"PORTAL_S3_BUCKET", "evidence", false, "bucket for evidence files and derived text", str(func(c *config) *string { return &c.S3Bucket })},
		{"PORTAL_S3_ACCESS_KEY", "portal-dev", false, "S3 access key", str(func(c *config) *string { return &c.S3AccessKey })},
		{"PORTAL_S3_SECRET_KEY", devS3SecretKey, true, "S3 secret key", str(func(c *config) *string { return &c.S3SecretKey })},
		{"PORTAL_S3_USE_TLS", "false", false, "use https to reach S3", func(c *config, v string) error {
			b, err := strconv.ParseBool(v)
			c.S3UseTLS = b
			return err
		}},
		{"PORTAL_S3_REGION", "us-east-1", false, "S3 region", str(func(c *config) *string { return &c.S3Region })},
		{"PORTAL_OIDC_ISSUER", "http://127.0.0.1:5556/dex", false, "OIDC issuer URL", str(func(c *config) *string { return &c.OIDCIssuer })},
		{"PORTAL_OIDC_CLIENT_ID", "evidence-portal", false, "OIDC client id", str(func(c *config) *string { return &c.OIDCClientID })},
		{"PORTAL_OIDC_CLIENT_SECRET", devOIDCSecret, true, "OIDC client secret", str(func(c *config) *string { return &c.OIDCSecret })},
		{"PORTAL_OIDC_REDIRECT_URL", "http://127.0.0.1:8080/auth/callback", false, "OIDC redirect URL, registered at the provider", str(func(c *config) *string { return &c.OIDCRedirect })},
		{"PORTAL_OIDC_GROUPS_CLAIM", "groups", false, "id token claim that lists the person's groups", str(func(c *config) *string { return &c.OIDCGroups })},
		{"PORTAL_GROUP_LA_PATTERN", "la:{la}:{role}", false, "group of council staff; {la} is the ONS code, {role} submitter or viewer", str(func(c *config) *string { return &c.Groups.LAPattern })},
		{"PORTAL_GROUP_INSPECTOR", "cqc:inspector", false, "group of CQC inspectors", str(func(c *config) *string { return &c.Groups.Inspector })},
		{"PORTAL_GROUP_PANEL", "cqc:panel", false, "group of calibration panel members", str(func(c *config) *string { return &c.Groups.Panel })},
		{"PORTAL_GROUP_ADMIN", "cqc:admin", false, "group of CQC administrators", str(func(c *config) *string { return &c.Groups.Admin })},
		{"PORTAL_SESSION_SECRET", "", true, "at least 32 characters; keys session hashes and the sign-in cookie (required)", str(func(c *config) *string { return &c.SessionSecret })},
		{"PORTAL_SESSION_IDLE_TIMEOUT", "30m", false, "sign out after this long without a request", duration(func(c *config) *time.Duration { return &c.SessionIdle })},
		{"PORTAL_SESSION_MAX_AGE", "12h", false, "sign out this long after sign-in, whatever happens", duration(func(c *config) *time.Duration { return &c.SessionMaxAge })},
		{"PORTAL_CLAMD_ADDR", "127.0.0.1:3310", false, "clamd TCP address host:port", str(func(c *config) *string { return &c.ClamdAddr })},
		{"PORTAL_INDEX_DIR", "var/index", false, "directory of the search index", str(func(c *config) *string { return &c.IndexDir })},
		{"PORTAL_NODE_ID", "", false, "name of this node in the index change log's positions; empty: host name and PORTAL_LISTEN_ADDR", str(func(c *config) *string { return &c.NodeID })},
		{"PORTAL_INDEX_POLL", "2s", false, "how often a node reads the index change log when no notification came", duration(func(c *config) *time.Duration { return &c.IndexPoll })},
		{"PORTAL_INDEX_MAX_LAG", "30s", false, "a node whose oldest unapplied index change is older than this is not ready (/readyz 503)", duration(func(c *config) *time.Duration { return &c.IndexMaxLag })},
		{"PORTAL_INDEX_LOG_RETENTION", "24h", false, "how long the index change log keeps a change some node has not applied; a node away longer repairs its index from the database", duration(func(c *config) *time.Duration { return &c.IndexLogRetention })},
		{"PORTAL_INDEX_SNAPSHOT_EVERY", "1h", false, "how often one node of the cluster publishes a snapshot of its search index to S3, from which a node started with an empty PORTAL_INDEX_DIR begins (0: never)", durationOrZero(func(c *config) *time.Duration { return &c.IndexSnapshotEvery })},
		{"PORTAL_UPLOAD_MAX_BYTES", "104857600", false, "largest file accepted, in bytes", func(c *config, v string) error {
			n, err := strconv.ParseInt(v, 10, 64)
			if err == nil && n <= 0 {
				err = errors.New("must be positive")
			}
			c.UploadMaxBytes = n
			return err
		}},
		{"PORTAL_OUTCOMES_MAX_BYTES", "67108864", false, "largest outcome data file (ASCOF, survey) imported, in bytes", func(c *config, v string) error {
			n, err := strconv.ParseInt(v, 10, 64)
			if err == nil && n <= 0 {
				err = errors.New("must be positive")
			}
			c.OutcomesMaxBytes = n
			return err
		}},
		{"PORTAL_TRUSTED_PROXIES", "", false, "comma-separated CIDRs of reverse proxies whose X-Forwarded-For is believed; empty: use the connection's address", func(c *config, v string) error {
			c.TrustedProxies = nil
			for _, part := range strings.Split(v, ",") {
				if part = strings.TrimSpace(part); part == "" {
					continue
				}
				_, n, err := net.ParseCIDR(part)
				if err != nil {
					return fmt.Errorf("%q is not a CIDR like 10.0.0.0/8", part)
				}
				c.TrustedProxies = append(c.TrustedProxies, n)
			}
			return nil
		}},
		{"PORTAL_INGEST_WORKERS", "4", false, "documents one process scans and reads at once", func(c *config, v string) error {
			n, err := strconv.Atoi(v)
			if err == nil && (n < 1 || n > 64) {
				err = errors.New("must be between 1 and 64")
			}
			c.IngestWorkers = n
			return err
		}},
		{"PORTAL_SEARCHES_IN_FLIGHT", "8", false, "searches one process runs at once; the next gets 429 and Retry-After", intRange(1, 10000, func(c *config) *int { return &c.Searches.InFlight })},
		{"PORTAL_SEARCHES_PER_PERSON", "2", false, "searches one person may run at once in one process", intRange(1, 1000, func(c *config) *int { return &c.Searches.PerPerson })},
		{"PORTAL_SEARCH_BUDGET", "2s", false, "longest one search may run; a query that would take longer is stopped and told so", duration(func(c *config) *time.Duration { return &c.SearchBudget })},
		{"PORTAL_COSTLY_SEARCH_WORKERS", "0", false, "shard searches of costly queries (a NOT alone, a prefix, a near spelling) one process runs at once, the rest wait within their budget; 0 is half the cores", intRange(0, 1024, func(c *config) *int { return &c.CostlySearchWorkers })},
		{"PORTAL_CHROMIUM", pdf.DefaultChromium, false, "Chromium executable that prints published reports to PDF (one process, started at the first PDF)", str(func(c *config) *string { return &c.PDF.Chromium })},
		{"PORTAL_PDF_IN_FLIGHT", "2", false, "report PDFs one process prints at once (each about 120 MB of the browser); the next gets 429 and Retry-After", intRange(1, 64, func(c *config) *int { return &c.PDF.InFlight })},
		{"PORTAL_PDF_TIMEOUT", "30s", false, "longest the printing of one report PDF may take", duration(func(c *config) *time.Duration { return &c.PDF.Timeout })},
		{"PORTAL_OCR", "off", false, "on: read PDF pages without a text layer with tesseract, within the 30 s extraction limit", func(c *config, v string) error {
			switch v {
			case "on":
				c.OCR = true
			case "off":
				c.OCR = false
			default:
				return errors.New("must be on or off")
			}
			return nil
		}},
		{"PORTAL_MAX_PAGES", "25000", false, "most pages one document may have; a document with more is refused and says so", func(c *config, v string) error {
			n, err := strconv.Atoi(v)
			if err == nil && (n < 1 || n > 1000000) {
				err = errors.New("must be between 1 and 1000000")
			}
			c.MaxPages = n
			return err
		}},
		{"PORTAL_MAX_TEXT_BYTES", "64MiB", false, "most text one document may hold (bytes, or KiB, MiB, GiB); a document with more is refused and says so", func(c *config, v string) error {
			n, err := parseSize(v)
			c.MaxTextBytes = n
			return err
		}},
		{"PORTAL_UPLOADS_IN_FLIGHT", "16", false, "uploads one process streams at once (each holds about 16 MiB); the next gets 429 and Retry-After", intRange(1, 10000, func(c *config) *int { return &c.Uploads.InFlight })},
		{"PORTAL_UPLOADS_PER_PERSON", "3", false, "uploads one person may stream at once in one process", intRange(1, 1000, func(c *config) *int { return &c.Uploads.PerPerson })},
		{"PORTAL_UPLOAD_MIN_RATE", "8192", false, "bytes per second an upload must average over the stall window, or it is dropped", func(c *config, v string) error {
			n, err := strconv.Atoi(v)
			if err == nil && n < 1 {
				err = errors.New("must be positive")
			}
			c.Uploads.MinRate = float64(n)
			return err
		}},
		{"PORTAL_UPLOAD_STALL_WINDOW", "30s", false, "an upload that sends nothing for this long, or too little over it, is dropped", duration(func(c *config) *time.Duration { return &c.Uploads.StallWindow })},
		{"PORTAL_MEMORY_LIMIT", "off", false, "soft memory limit of the Go runtime (debug.SetMemoryLimit; a size like 1GiB, or off); set it under the container's limit", memoryLimit},
		{"PORTAL_SMTP_ADDR", "", false, "host:port of the SMTP relay notifications are emailed through (GOV.UK Notify's SMTP, a council relay); empty: no email, the notifications page only", str(func(c *config) *string { return &c.Mail.Addr })},
		{"PORTAL_SMTP_FROM", "Evidence Portal <portal@localhost>", false, "sender of the emails", str(func(c *config) *string { return &c.Mail.From })},
		{"PORTAL_SMTP_USERNAME", "", false, "SMTP user name (PLAIN auth over TLS); empty: no auth", str(func(c *config) *string { return &c.Mail.Username })},
		{"PORTAL_SMTP_PASSWORD", "", true, "SMTP password", str(func(c *config) *string { return &c.Mail.Password })},
		{"PORTAL_PERSONAL_DATA_DAYS", "90", false, "days after publication that a return's personal data answers (contacts, case lists) are deleted", intRange(1, 3650, func(c *config) *int { return &c.PersonalDataDays })},
		{"PORTAL_LOG_LEVEL", "info", false, "debug, info, warn or error", func(c *config, v string) error {
			return c.LogLevel.UnmarshalText([]byte(v))
		}},
	}
}

func intRange(lo, hi int, dst func(*config) *int) func(*config, string) error {
	return func(c *config, v string) error {
		n, err := strconv.Atoi(v)
		if err == nil && (n < lo || n > hi) {
			err = fmt.Errorf("must be between %d and %d", lo, hi)
		}
		*dst(c) = n
		return err
	}
}

func duration(dst func(*config) *time.Duration) func(*config, string) error {
	return func(c *config, v string) error {
		d, err := time.ParseDuration(v)
		if err == nil && d <= 0 {
			err = errors.New("must be positive")
		}
		*dst(c) = d
		return err
	}
}

// durationOrZero is duration where zero turns the feature off.
func durationOrZero(dst func(*config) *time.Duration) func(*config, string) error {
	return func(c *config, v string) error {
		if v == "0" {
			*dst(c) = 0
			return nil
		}
		d, err := time.ParseDuration(v)
		if err == nil && d < 0 {
			err = errors.New("must not be negative")
		}
		*dst(c) = d
		return err
	}
}

// loadConfig reads the environment through getenv and reports every problem
// at once, so that a bad deployment is fixed in one go.
func loadConfig(getenv func(string) string) (config, error) {
	var c config
	var problems []string
	for _, s := range settings() {
		v := getenv(s.name)
		if v == "" {
			v = s.def
		}
		if err := s.set(&c, v); err != nil {
			problems = append(problems, fmt.Sprintf("%s: %v", s.name, err))
		}
	}
	if c.Mail.Addr != "" {
		if _, err := mail.New(c.Mail); err != nil {
			problems = append(problems, "PORTAL_SMTP_ADDR, PORTAL_SMTP_FROM: "+err.Error())
		}
	}
	if len(c.SessionSecret) < 32 {
		problems = append(problems, "PORTAL_SESSION_SECRET: must be at least 32 characters")
	}
	for name, v := range map[string]string{"PORTAL_PUBLIC_URL": c.PublicURL, "PORTAL_OIDC_ISSUER": c.OIDCIssuer, "PORTAL_OIDC_REDIRECT_URL": c.OIDCRedirect} {
		if u, err := url.Parse(v); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			problems = append(problems, name+": must be an http(s) URL")
		}
	}
	for name, v := range map[string]string{"PORTAL_DATABASE_URL": c.DatabaseURL, "PORTAL_S3_ENDPOINT": c.S3Endpoint, "PORTAL_S3_BUCKET": c.S3Bucket,
		"PORTAL_OIDC_CLIENT_ID": c.OIDCClientID, "PORTAL_OIDC_GROUPS_CLAIM": c.OIDCGroups, "PORTAL_CLAMD_ADDR": c.ClamdAddr, "PORTAL_INDEX_DIR": c.IndexDir} {
		if strings.TrimSpace(v) == "" {
			problems = append(problems, fmt.Sprintf("%s: %v", name, errEmpty))
		}
	}
	if err := c.Groups.Validate(); err != nil {
		problems = append(problems, err.Error())
	}
	problems = append(problems, devCredentials(c)...)
	if len(problems) > 0 {
		slices.Sort(problems)
		return c, fmt.Errorf("invalid configuration:\n  %s", strings.Join(problems, "\n  "))
	}
	return c, nil
}

// The defaults of the S3 and OIDC secrets are the credentials of the dev
// services that make run starts, so that it needs no setting. They are
// public (they are in this repository): a portal that would send them to a
// service that is not on this machine refuses to start.
const (
	devS3SecretKey   = "portal-dev-secret-key"
	devOIDCSecret    = "evidence-portal-dev-secret"
	devCredentialMsg = "is the development default, which is public; set the real secret (the default is accepted only for %s on loopback, as make run uses it)"
)

// devCredentials lists the dev secrets in use against a service that is
// not on loopback.
func devCredentials(c config) []string {
	var out []string
	if c.S3SecretKey == devS3SecretKey && !loopback(c.S3Endpoint) {
		out = append(out, "PORTAL_S3_SECRET_KEY: "+fmt.Sprintf(devCredentialMsg, "PORTAL_S3_ENDPOINT"))
	}
	if u, err := url.Parse(c.OIDCIssuer); c.OIDCSecret == devOIDCSecret && (err != nil || !loopback(u.Host)) {
		out = append(out, "PORTAL_OIDC_CLIENT_SECRET: "+fmt.Sprintf(devCredentialMsg, "PORTAL_OIDC_ISSUER"))
	}
	return out
}

// loopback reports whether hostport names this machine: localhost or a
// loopback address, with or without a port.
func loopback(hostport string) bool {
	host := hostport
	if h, _, err := net.SplitHostPort(hostport); err == nil {
		host = h
	}
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(strings.Trim(host, "[]"))
	return ip != nil && ip.IsLoopback()
}

// printConfig writes every setting with its value, secrets redacted.
func printConfig(w *os.File, getenv func(string) string) {
	for _, s := range settings() {
		v := getenv(s.name)
		src := "env"
		if v == "" {
			v, src = s.def, "default"
		}
		if s.secret && v != "" {
			v = redact(s.name, v)
		}
		fmt.Fprintf(w, "%-28s %-8s %s\n", s.name, src, v)
	}
}

func redact(name, v string) string {
	if name == "PORTAL_DATABASE_URL" {
		if u, err := url.Parse(v); err == nil {
			if _, has := u.User.Password(); has {
				u.User = url.UserPassword(u.User.Username(), "REDACTED")
			}
			return u.Redacted()
		}
	}
	return "REDACTED"
}
