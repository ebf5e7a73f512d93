package api

import (
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/evidenceportal/portal/internal/authz"
	"github.com/evidenceportal/portal/internal/store"
	"github.com/labstack/echo/v4"
)

// touchEvery limits how often a busy session writes its idle clock.
const touchEvery = time.Minute

func (s *Server) sessionCookieName() string {
	if s.secure {
		// The __Host- prefix makes browsers insist on Secure, Path=/ and no
		// Domain, so no other site on a parent domain can plant it.
		return "__Host-portal_session"
	}
	return "portal_session"
}

// hashSessionID keys the stored hash with the session secret, so that a
// copy of the sessions table is useless without the secret.
func (s *Server) hashSessionID(id string) []byte {
	m := hmac.New(sha256.New, s.opts.SessionSecret)
	m.Write([]byte(id))
	return m.Sum(nil)
}

func randomToken() string {
	b := make([]byte, 32)
	rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}

// startSession always makes a new session id, so an id planted before
// sign-in never becomes a signed-in one.
func (s *Server) startSession(c echo.Context, u store.User) error {
	id := randomToken()
	sess := store.Session{
		IDHash:    s.hashSessionID(id),
		UserID:    u.ID,
		CSRFToken: randomToken(),
		ExpiresAt: time.Now().Add(s.opts.SessionMaxAge),
		IP:        c.RealIP(),
		UserAgent: truncate(c.Request().UserAgent(), 300),
	}
	if err := s.store.CreateSession(c.Request().Context(), sess); err != nil {
		return err
	}
	c.SetCookie(&http.Cookie{
		Name:     s.sessionCookieName(),
		Value:    id,
		Path:     "/",
		MaxAge:   int(s.opts.SessionMaxAge.Seconds()),
		HttpOnly: true,
		Secure:   s.secure,
		SameSite: http.SameSiteLaxMode,
	})
	return nil
}

func (s *Server) clearSessionCookie(c echo.Context) {
	c.SetCookie(&http.Cookie{Name: s.sessionCookieName(), Value: "", Path: "/", MaxAge: -1,
		HttpOnly: true, Secure: s.secure, SameSite: http.SameSiteLaxMode})
}

// loadPrincipal finds who is asking: a session cookie for browsers, or a
// bearer token from the identity provider for API clients. Anonymous
// requests go on without a principal; the routes decide what they allow.
func (s *Server) loadPrincipal(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		if isPublicFile(c.Request().URL.Path) {
			// Assets and probes need nobody: spare the database the lookups.
			return next(c)
		}
		ctx := c.Request().Context()
		if token, ok := bearerToken(c.Request()); ok {
			p, err := s.principalFromBearer(ctx, token)
			if err != nil {
				return err
			}
			c.Set(ctxPrincipal, p)
			return next(c)
		}
		ck, err := c.Cookie(s.sessionCookieName())
		if err != nil || ck.Value == "" {
			return next(c)
		}
		hash := s.hashSessionID(ck.Value)
		sess, u, err := s.store.ActiveSession(ctx, hash, s.opts.SessionIdle)
		if errors.Is(err, store.ErrNotFound) {
			s.clearSessionCookie(c)
			return next(c)
		}
		if err != nil {
			return fmt.Errorf("load session: %w", err)
		}
		p, err := s.store.Principal(ctx, u)
		if err != nil {
			return fmt.Errorf("load principal: %w", err)
		}
		if time.Since(sess.LastSeenAt) > touchEvery {
			if err := s.store.TouchSession(ctx, hash); err != nil {
				return fmt.Errorf("touch session: %w", err)
			}
		}
		c.Set(ctxPrincipal, p)
		c.Set(ctxSession, sess)
		return next(c)
	}
}

func isPublicFile(path string) bool {
	return strings.HasPrefix(path, "/static/") || strings.HasPrefix(path, "/assets/") ||
		path == "/healthz" || path == "/readyz" || path == "/favicon.ico"
}

func bearerToken(r *http.Request) (string, bool) {
	h := r.Header.Get("Authorization")
	scheme, token, ok := strings.Cut(h, " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") || strings.TrimSpace(token) == "" {
		return "", false
	}
	return strings.TrimSpace(token), true
}

func principalOf(c echo.Context) (authz.Principal, bool) {
	p, ok := c.Get(ctxPrincipal).(authz.Principal)
	return p, ok
}

func sessionOf(c echo.Context) (store.Session, bool) {
	sess, ok := c.Get(ctxSession).(store.Session)
	return sess, ok
}

// errUnauthenticated is answered with 401 on the API; pages redirect to sign-in
// before it arises.
var errUnauthenticated = errors.New("not signed in")

// requireUser lets signed-in people through; pages send others to sign in and
// come back, the API answers 401.
func (s *Server) requireUser(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		if _, ok := principalOf(c); ok {
			return next(c)
		}
		if isAPI(c) {
			return errUnauthenticated
		}
		target := "/login"
		if c.Request().Method == http.MethodGet {
			target += "?next=" + url.QueryEscape(c.Request().URL.RequestURI())
		}
		return c.Redirect(http.StatusFound, target)
	}
}

// require lets through only principals whose role allows the action.
func (s *Server) require(a authz.Action) echo.MiddlewareFunc {
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			p, _ := principalOf(c)
			if err := p.Require(a); err != nil {
				return err
			}
			return next(c)
		}
	}
}

func isAPI(c echo.Context) bool { return strings.HasPrefix(c.Request().URL.Path, "/api/") }

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n]
}

// SweepSessions deletes stale sessions every interval until ctx ends.
func (s *Server) SweepSessions(ctx context.Context, interval time.Duration) {
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			n, err := s.store.DeleteStaleSessions(ctx, s.opts.SessionIdle)
			if err != nil && ctx.Err() == nil {
				s.log.Error("session sweep failed", "error", err)
				continue
			}
			if n > 0 {
				s.log.Info("stale sessions deleted", "count", n)
			}
		}
	}
}
