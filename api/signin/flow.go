package signin

import (
	"crypto/subtle"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/coreos/go-oidc/v3/oidc"
	"github.com/evidenceportal/portal/api/render"
	"github.com/evidenceportal/portal/api/request"
	"github.com/evidenceportal/portal/api/session"
	"github.com/evidenceportal/portal/frontend"
	"github.com/evidenceportal/portal/internal/authz"
	"github.com/evidenceportal/portal/internal/store"
	"github.com/labstack/echo/v4"
	"golang.org/x/oauth2"
)

// Options configure sign-in.
type Options struct {
	OIDC   OIDC
	Groups authz.GroupRules
	// Secret derives the key that seals the login state cookie.
	Secret []byte
	// PublicURL is where people reach the portal; https marks the cookie
	// Secure.
	PublicURL string
}

// Flow is the sign-in and sign-out of the portal.
type Flow struct {
	opts     Options
	provider *provider
	st       *store.Store
	sessions *session.Manager
	pages    *render.Pages
	log      *slog.Logger
	secure   bool
}

// New signs people in into sessions, recording in st.
func New(opts Options, st *store.Store, sessions *session.Manager, pages *render.Pages, log *slog.Logger) *Flow {
	return &Flow{opts: opts, provider: &provider{opts: opts.OIDC}, st: st, sessions: sessions, pages: pages, log: log,
		secure: strings.HasPrefix(strings.ToLower(opts.PublicURL), "https://")}
}

// Start is GET /login: it sends the browser to the provider with a fresh
// state, nonce and PKCE verifier sealed in a cookie, and where to come back.
func (f *Flow) Start(c echo.Context) error {
	oauth, _, err := f.provider.load(c.Request().Context())
	if err != nil {
		return err
	}
	st := loginState{
		State:    session.NewToken(),
		Nonce:    session.NewToken(),
		Verifier: oauth2.GenerateVerifier(),
		Next:     safeNext(c.QueryParam("next")),
		Expires:  time.Now().Add(loginMaxAge),
	}
	sealed, err := f.seal(st)
	if err != nil {
		return err
	}
	c.SetCookie(&http.Cookie{Name: StateCookie, Value: sealed, Path: "/auth", MaxAge: int(loginMaxAge.Seconds()),
		HttpOnly: true, Secure: f.secure, SameSite: http.SameSiteLaxMode})
	return c.Redirect(http.StatusFound, oauth.AuthCodeURL(st.State, oidc.Nonce(st.Nonce), oauth2.S256ChallengeOption(st.Verifier)))
}

// Finish is GET /auth/callback: it checks the state, exchanges the code
// with the verifier, verifies the id token and its nonce, maps the claims
// to a role, and starts a new session; or refuses.
func (f *Flow) Finish(c echo.Context) error {
	ctx := c.Request().Context()
	st, err := f.loginStateOf(c)
	c.SetCookie(&http.Cookie{Name: StateCookie, Value: "", Path: "/auth", MaxAge: -1, HttpOnly: true, Secure: f.secure, SameSite: http.SameSiteLaxMode})
	if err != nil {
		return err
	}
	if subtle.ConstantTimeCompare([]byte(c.QueryParam("state")), []byte(st.State)) != 1 {
		return ErrExpired
	}
	if e := c.QueryParam("error"); e != "" {
		f.log.Info("sign-in ended at the provider", append(request.LogAttrs(c), "provider_error", request.Clip(e, 100))...)
		return c.Redirect(http.StatusFound, "/")
	}
	oauth, verifier, err := f.provider.load(ctx)
	if err != nil {
		return err
	}
	tok, err := oauth.Exchange(ctx, c.QueryParam("code"), oauth2.VerifierOption(st.Verifier))
	if err != nil {
		return fmt.Errorf("exchange code: %w: %w", ErrExpired, err)
	}
	rawID, ok := tok.Extra("id_token").(string)
	if !ok {
		return fmt.Errorf("token response without id_token: %w", ErrProvider)
	}
	idTok, err := verifier.Verify(ctx, rawID)
	if err != nil {
		return fmt.Errorf("verify id token: %w: %w", ErrExpired, err)
	}
	if subtle.ConstantTimeCompare([]byte(idTok.Nonce), []byte(st.Nonce)) != 1 {
		return fmt.Errorf("id token nonce mismatch: %w", ErrExpired)
	}
	cl, err := f.provider.claimsOf(idTok)
	if err != nil {
		return err
	}
	a, err := f.assignmentFor(ctx, cl)
	var r *refusal
	if errors.As(err, &r) {
		return f.refuse(c, idTok, cl, r)
	}
	if err != nil {
		return err
	}
	u, err := f.st.UpsertUser(ctx, store.Identity{Issuer: idTok.Issuer, Subject: idTok.Subject, Email: cl.Email, Name: cl.Name}, a, true)
	if err != nil {
		return err
	}
	if err := f.sessions.Start(c, u); err != nil {
		return err
	}
	uid := u.ID
	if err := f.st.Audit(ctx, store.AuditEntry{ActorUserID: &uid, ActorEmail: u.Email, ActorRole: string(u.Role),
		Action: "login", ObjectType: "user", ObjectID: u.Email, LA: u.LA, IP: c.RealIP(), RequestID: request.ID(c)}); err != nil {
		return err
	}
	return c.Redirect(http.StatusFound, st.Next)
}

// refuse shows the no-access page, creates no session, ends any the person
// still had, and records the refusal.
func (f *Flow) refuse(c echo.Context, tok *oidc.IDToken, cl claims, r *refusal) error {
	ctx := c.Request().Context()
	if u, err := f.st.UserByIdentity(ctx, tok.Issuer, tok.Subject); err == nil {
		if err := f.st.DeleteUserSessions(ctx, u.ID); err != nil {
			return err
		}
	}
	f.sessions.Clear(c)
	if err := f.st.Audit(ctx, store.AuditEntry{ActorEmail: cl.Email, Action: "login_refused", Outcome: store.OutcomeRefused, ObjectType: "user",
		ObjectID: cl.Email, IP: c.RealIP(), RequestID: request.ID(c),
		Detail: map[string]string{"reason": r.reason, "groups": request.Clip(strings.Join(cl.Groups, ","), 500)}}); err != nil {
		return err
	}
	f.log.Warn("login refused", append(request.LogAttrs(c), "email", cl.Email, "reason", r.reason)...)
	return f.pages.Render(c, http.StatusForbidden, "error", frontend.ErrorPage{
		Heading:    "You do not have access to this service",
		Paragraphs: []string{r.message, "If you think you should have access, contact your council's CQC assessment lead or your CQC administrator."},
		RequestID:  request.ID(c),
	})
}

// SignOut is POST /logout: it ends the session, refuses from then on the
// bearer tokens issued to the person before it, records it, and uses the
// provider's end_session_endpoint when it has one.
func (f *Flow) SignOut(c echo.Context) error {
	ctx := c.Request().Context()
	if err := f.sessions.End(c); err != nil {
		return err
	}
	if p, ok := request.Principal(c); ok {
		uid := p.UserID
		if err := f.st.RevokeTokens(ctx, uid); err != nil {
			return err
		}
		if err := f.st.Audit(ctx, store.AuditEntry{ActorUserID: &uid, ActorEmail: p.Email, ActorRole: string(p.Role),
			Action: "logout", ObjectType: "user", ObjectID: p.Email, LA: p.LA, IP: c.RealIP(), RequestID: request.ID(c)}); err != nil {
			return err
		}
	}
	after := strings.TrimRight(f.opts.PublicURL, "/") + "/signed-out"
	if end := f.provider.endSessionURL(); end != "" {
		q := url.Values{"client_id": {f.opts.OIDC.ClientID}, "post_logout_redirect_uri": {after}}
		sep := "?"
		if strings.Contains(end, "?") {
			sep = "&"
		}
		return c.Redirect(http.StatusSeeOther, end+sep+q.Encode())
	}
	return c.Redirect(http.StatusSeeOther, "/signed-out")
}
