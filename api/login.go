package api

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/coreos/go-oidc/v3/oidc"
	"github.com/evidenceportal/portal/frontend"
	"github.com/evidenceportal/portal/internal/store"
	"github.com/labstack/echo/v4"
	"golang.org/x/oauth2"
)

const (
	loginCookie = "portal_login"
	loginMaxAge = 10 * time.Minute
)

// loginState travels in an encrypted cookie between /login and the callback.
type loginState struct {
	State    string    `json:"s"`
	Nonce    string    `json:"n"`
	Verifier string    `json:"v"`
	Next     string    `json:"x"`
	Expires  time.Time `json:"e"`
}

// errLoginExpired means the callback came without a usable login state:
// too late, from another browser, or forged.
var errLoginExpired = errors.New("sign-in state missing, expired or mismatched")

func (s *Server) startLogin(c echo.Context) error {
	oauth, _, err := s.oidc.load(c.Request().Context())
	if err != nil {
		return err
	}
	st := loginState{
		State:    randomToken(),
		Nonce:    randomToken(),
		Verifier: oauth2.GenerateVerifier(),
		Next:     safeNext(c.QueryParam("next")),
		Expires:  time.Now().Add(loginMaxAge),
	}
	sealed, err := s.seal(st)
	if err != nil {
		return err
	}
	c.SetCookie(&http.Cookie{Name: loginCookie, Value: sealed, Path: "/auth", MaxAge: int(loginMaxAge.Seconds()),
		HttpOnly: true, Secure: s.secure, SameSite: http.SameSiteLaxMode})
	return c.Redirect(http.StatusFound, oauth.AuthCodeURL(st.State, oidc.Nonce(st.Nonce), oauth2.S256ChallengeOption(st.Verifier)))
}

func (s *Server) finishLogin(c echo.Context) error {
	ctx := c.Request().Context()
	st, err := s.loginStateOf(c)
	c.SetCookie(&http.Cookie{Name: loginCookie, Value: "", Path: "/auth", MaxAge: -1, HttpOnly: true, Secure: s.secure, SameSite: http.SameSiteLaxMode})
	if err != nil {
		return err
	}
	if subtle.ConstantTimeCompare([]byte(c.QueryParam("state")), []byte(st.State)) != 1 {
		return errLoginExpired
	}
	if e := c.QueryParam("error"); e != "" {
		s.log.Info("sign-in ended at the provider", append(logAttrs(c), "provider_error", truncate(e, 100))...)
		return c.Redirect(http.StatusFound, "/")
	}
	oauth, verifier, err := s.oidc.load(ctx)
	if err != nil {
		return err
	}
	tok, err := oauth.Exchange(ctx, c.QueryParam("code"), oauth2.VerifierOption(st.Verifier))
	if err != nil {
		return fmt.Errorf("exchange code: %w: %w", errLoginExpired, err)
	}
	rawID, ok := tok.Extra("id_token").(string)
	if !ok {
		return fmt.Errorf("token response without id_token: %w", errProvider)
	}
	idTok, err := verifier.Verify(ctx, rawID)
	if err != nil {
		return fmt.Errorf("verify id token: %w: %w", errLoginExpired, err)
	}
	if subtle.ConstantTimeCompare([]byte(idTok.Nonce), []byte(st.Nonce)) != 1 {
		return fmt.Errorf("id token nonce mismatch: %w", errLoginExpired)
	}
	cl, err := s.oidc.claimsOf(idTok)
	if err != nil {
		return err
	}
	a, err := s.assignmentFor(ctx, cl)
	var r *refusal
	if errors.As(err, &r) {
		return s.refuseLogin(c, idTok, cl, r)
	}
	if err != nil {
		return err
	}
	u, err := s.store.UpsertUser(ctx, store.Identity{Issuer: idTok.Issuer, Subject: idTok.Subject, Email: cl.Email, Name: cl.Name}, a, true)
	if err != nil {
		return err
	}
	if old, err := c.Cookie(s.sessionCookieName()); err == nil && old.Value != "" {
		if err := s.store.DeleteSession(ctx, s.hashSessionID(old.Value)); err != nil {
			return err
		}
	}
	if err := s.startSession(c, u); err != nil {
		return err
	}
	uid := u.ID
	if err := s.store.Audit(ctx, store.AuditEntry{ActorUserID: &uid, ActorEmail: u.Email, ActorRole: string(u.Role),
		Action: "login", ObjectType: "user", ObjectID: u.Email, LA: u.LA, IP: c.RealIP(), RequestID: requestIDOf(c)}); err != nil {
		return err
	}
	return c.Redirect(http.StatusFound, st.Next)
}

// refuseLogin shows the no-access page, creates no session, ends any the
// person still had, and records the refusal.
func (s *Server) refuseLogin(c echo.Context, tok *oidc.IDToken, cl claims, r *refusal) error {
	ctx := c.Request().Context()
	if u, err := s.store.UserByIdentity(ctx, tok.Issuer, tok.Subject); err == nil {
		if err := s.store.DeleteUserSessions(ctx, u.ID); err != nil {
			return err
		}
	}
	s.clearSessionCookie(c)
	if err := s.store.Audit(ctx, store.AuditEntry{ActorEmail: cl.Email, Action: "login_refused", ObjectType: "user",
		ObjectID: cl.Email, IP: c.RealIP(), RequestID: requestIDOf(c),
		Detail: map[string]string{"reason": r.reason, "groups": truncate(strings.Join(cl.Groups, ","), 500)}}); err != nil {
		return err
	}
	s.log.Warn("login refused", append(logAttrs(c), "email", cl.Email, "reason", r.reason)...)
	return s.renderPage(c, http.StatusForbidden, "error", frontend.ErrorPage{
		Heading:    "You do not have access to this service",
		Paragraphs: []string{r.message, "If you think you should have access, contact your council's CQC assessment lead or your CQC administrator."},
		RequestID:  requestIDOf(c),
	})
}

func (s *Server) submitLogout(c echo.Context) error {
	ctx := c.Request().Context()
	if ck, err := c.Cookie(s.sessionCookieName()); err == nil && ck.Value != "" {
		if err := s.store.DeleteSession(ctx, s.hashSessionID(ck.Value)); err != nil {
			return err
		}
	}
	s.clearSessionCookie(c)
	if p, ok := principalOf(c); ok {
		uid := p.UserID
		if err := s.store.Audit(ctx, store.AuditEntry{ActorUserID: &uid, ActorEmail: p.Email, ActorRole: string(p.Role),
			Action: "logout", ObjectType: "user", ObjectID: p.Email, LA: p.LA, IP: c.RealIP(), RequestID: requestIDOf(c)}); err != nil {
			return err
		}
	}
	after := strings.TrimRight(s.opts.PublicURL, "/") + "/signed-out"
	if end := s.oidc.endSessionURL(); end != "" {
		q := url.Values{"client_id": {s.opts.OIDC.ClientID}, "post_logout_redirect_uri": {after}}
		sep := "?"
		if strings.Contains(end, "?") {
			sep = "&"
		}
		return c.Redirect(http.StatusSeeOther, end+sep+q.Encode())
	}
	return c.Redirect(http.StatusSeeOther, "/signed-out")
}

func (s *Server) showSignedOut(c echo.Context) error {
	return s.renderPage(c, http.StatusOK, "signed_out", frontend.SignedOutPage{Layout: s.layout(c)})
}

// safeNext keeps a post-login destination only when it is a path within the
// portal: no scheme, no host, no protocol-relative or backslash tricks.
func safeNext(next string) string {
	if next == "" || !strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") || strings.ContainsAny(next, "\\\x00\r\n\t") {
		return "/"
	}
	u, err := url.Parse(next)
	if err != nil || u.Scheme != "" || u.Host != "" || u.User != nil {
		return "/"
	}
	if strings.HasPrefix(u.Path, "/auth/") || u.Path == "/login" || u.Path == "/logout" {
		return "/"
	}
	return u.RequestURI()
}

// loginAEAD seals the login cookie with a key derived from the session
// secret, so the cookie is both secret and tamper-evident.
func (s *Server) loginAEAD() (cipher.AEAD, error) {
	m := hmac.New(sha256.New, s.opts.SessionSecret)
	m.Write([]byte("login-state-cookie"))
	block, err := aes.NewCipher(m.Sum(nil))
	if err != nil {
		return nil, fmt.Errorf("login state cipher: %w", err)
	}
	gcm, err := cipher.NewGCM(block)
	if err != nil {
		return nil, fmt.Errorf("login state cipher: %w", err)
	}
	return gcm, nil
}

func (s *Server) seal(st loginState) (string, error) {
	plain, err := json.Marshal(st)
	if err != nil {
		return "", fmt.Errorf("encode login state: %w", err)
	}
	gcm, err := s.loginAEAD()
	if err != nil {
		return "", err
	}
	nonce := make([]byte, gcm.NonceSize())
	rand.Read(nonce)
	return base64.RawURLEncoding.EncodeToString(gcm.Seal(nonce, nonce, plain, []byte(loginCookie))), nil
}

func (s *Server) loginStateOf(c echo.Context) (loginState, error) {
	ck, err := c.Cookie(loginCookie)
	if err != nil {
		return loginState{}, errLoginExpired
	}
	return s.open(ck.Value)
}

// open reverses seal; anything wrong or expired is errLoginExpired.
func (s *Server) open(sealed string) (loginState, error) {
	raw, err := base64.RawURLEncoding.DecodeString(sealed)
	if err != nil {
		return loginState{}, errLoginExpired
	}
	gcm, err := s.loginAEAD()
	if err != nil {
		return loginState{}, err
	}
	if len(raw) < gcm.NonceSize() {
		return loginState{}, errLoginExpired
	}
	plain, err := gcm.Open(nil, raw[:gcm.NonceSize()], raw[gcm.NonceSize():], []byte(loginCookie))
	if err != nil {
		return loginState{}, errLoginExpired
	}
	var st loginState
	if err := json.Unmarshal(plain, &st); err != nil || time.Now().After(st.Expires) {
		return loginState{}, errLoginExpired
	}
	return st, nil
}
