// Package session keeps the portal's own browser sessions, server-side in
// PostgreSQL: the cookie (HttpOnly, SameSite=Lax, Secure and __Host- over
// https), the keyed hash under which a session id is stored, idle and
// absolute expiry, and the middleware that finds who is asking, from the
// session cookie or a bearer token.
package session

import (
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"github.com/evidenceportal/portal/api/request"
	"github.com/evidenceportal/portal/internal/authz"
	"github.com/evidenceportal/portal/internal/store"
	"github.com/labstack/echo/v4"
)

// touchEvery limits how often a busy session writes its idle clock.
const touchEvery = time.Minute

// Options set how sessions last and are keyed.
type Options struct {
	// Secret keys the stored hash of session ids.
	Secret []byte
	// Secure marks the cookie Secure and names it __Host-portal_session,
	// for a portal served over https.
	Secure bool
	Idle   time.Duration
	MaxAge time.Duration
}

// Manager starts, finds and ends sessions.
type Manager struct {
	st   *store.Store
	opts Options
}

// New keeps sessions in st.
func New(st *store.Store, opts Options) *Manager { return &Manager{st: st, opts: opts} }

// CookieName is the session cookie's name.
func (m *Manager) CookieName() string {
	if m.opts.Secure {
		// The __Host- prefix makes browsers insist on Secure, Path=/ and no
		// Domain, so no other site on a parent domain can plant it.
		return "__Host-portal_session"
	}
	return "portal_session"
}

// Hash is how a session id is stored: keyed with the session secret, so
// that a copy of the sessions table is useless without the secret.
func (m *Manager) Hash(id string) []byte {
	h := hmac.New(sha256.New, m.opts.Secret)
	h.Write([]byte(id))
	return h.Sum(nil)
}

// NewToken is 32 random bytes, URL-safe: session ids, CSRF tokens, the
// state and nonce of a sign-in.
func NewToken() string {
	b := make([]byte, 32)
	rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}

// Start begins a session for u, always with a new id, so that an id planted
// before sign-in never becomes a signed-in one; any session the browser
// had is ended first.
func (m *Manager) Start(c echo.Context, u store.User) error {
	if err := m.deleteStored(c); err != nil {
		return err
	}
	id := NewToken()
	sess := store.Session{
		IDHash:    m.Hash(id),
		UserID:    u.ID,
		CSRFToken: NewToken(),
		ExpiresAt: time.Now().Add(m.opts.MaxAge),
		IP:        c.RealIP(),
		UserAgent: request.Clip(c.Request().UserAgent(), 300),
	}
	if err := m.st.CreateSession(c.Request().Context(), sess); err != nil {
		return err
	}
	c.SetCookie(&http.Cookie{
		Name:     m.CookieName(),
		Value:    id,
		Path:     "/",
		MaxAge:   int(m.opts.MaxAge.Seconds()),
		HttpOnly: true,
		Secure:   m.opts.Secure,
		SameSite: http.SameSiteLaxMode,
	})
	return nil
}

// End deletes the browser's session, if it has one, and its cookie.
func (m *Manager) End(c echo.Context) error {
	if err := m.deleteStored(c); err != nil {
		return err
	}
	m.Clear(c)
	return nil
}

// deleteStored deletes the session the browser's cookie names, if any.
func (m *Manager) deleteStored(c echo.Context) error {
	if ck, err := c.Cookie(m.CookieName()); err == nil && ck.Value != "" {
		if err := m.st.DeleteSession(c.Request().Context(), m.Hash(ck.Value)); err != nil {
			return fmt.Errorf("end session: %w", err)
		}
	}
	return nil
}

// Clear removes the session cookie from the browser.
func (m *Manager) Clear(c echo.Context) {
	c.SetCookie(&http.Cookie{Name: m.CookieName(), Value: "", Path: "/", MaxAge: -1,
		HttpOnly: true, Secure: m.opts.Secure, SameSite: http.SameSiteLaxMode})
}

// Bearer maps a bearer token to who sent it (package signin verifies them).
type Bearer func(ctx context.Context, token string) (authz.Principal, error)

// Identify finds who is asking: a session cookie for browsers, or a bearer
// token for API clients. Anonymous requests go on without a principal; the
// routes decide what they allow. Public files skip the lookups.
func (m *Manager) Identify(bearer Bearer, public func(path string) bool) echo.MiddlewareFunc {
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			if public(c.Request().URL.Path) {
				return next(c)
			}
			ctx := c.Request().Context()
			if token, ok := bearerToken(c.Request()); ok {
				p, err := bearer(ctx, token)
				if err != nil {
					return err
				}
				request.SetPrincipal(c, p)
				return next(c)
			}
			ck, err := c.Cookie(m.CookieName())
			if err != nil || ck.Value == "" {
				return next(c)
			}
			hash := m.Hash(ck.Value)
			sess, u, err := m.st.ActiveSession(ctx, hash, m.opts.Idle)
			if errors.Is(err, store.ErrNotFound) {
				m.Clear(c)
				return next(c)
			}
			if err != nil {
				return fmt.Errorf("load session: %w", err)
			}
			p, err := m.st.Principal(ctx, u)
			if err != nil {
				return fmt.Errorf("load principal: %w", err)
			}
			if time.Since(sess.LastSeenAt) > touchEvery {
				if err := m.st.TouchSession(ctx, hash); err != nil {
					return fmt.Errorf("touch session: %w", err)
				}
			}
			request.SetPrincipal(c, p)
			request.SetSession(c, sess)
			return next(c)
		}
	}
}

func bearerToken(r *http.Request) (string, bool) {
	h := r.Header.Get("Authorization")
	scheme, token, ok := strings.Cut(h, " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") || strings.TrimSpace(token) == "" {
		return "", false
	}
	return strings.TrimSpace(token), true
}

// Sweep deletes stale sessions every interval until ctx ends.
func (m *Manager) Sweep(ctx context.Context, interval time.Duration, log *slog.Logger) {
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			n, err := m.st.DeleteStaleSessions(ctx, m.opts.Idle)
			if err != nil && ctx.Err() == nil {
				log.Error("session sweep failed", "error", err)
				continue
			}
			if n > 0 {
				log.Info("stale sessions deleted", "count", n)
			}
		}
	}
}
