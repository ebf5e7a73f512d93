package api

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"

	"github.com/coreos/go-oidc/v3/oidc"
	"github.com/evidenceportal/portal/internal/authz"
	"github.com/evidenceportal/portal/internal/store"
	"golang.org/x/oauth2"
)

// OIDCOptions say which identity provider signs people in.
type OIDCOptions struct {
	Issuer       string
	ClientID     string
	ClientSecret string
	RedirectURL  string
	// GroupsClaim is the id token claim that lists the person's groups.
	GroupsClaim string
}

// oidcClient discovers the provider on first use and keeps it, so the
// portal starts (and answers /healthz) even while the provider is down.
type oidcClient struct {
	opts OIDCOptions

	mu         sync.Mutex
	provider   *oidc.Provider
	verifier   *oidc.IDTokenVerifier
	oauth      *oauth2.Config
	endSession string
}

func newOIDCClient(o OIDCOptions) *oidcClient { return &oidcClient{opts: o} }

// errProvider means the identity provider could not be reached.
var errProvider = errors.New("identity provider unavailable")

func (o *oidcClient) load(ctx context.Context) (*oauth2.Config, *oidc.IDTokenVerifier, error) {
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.provider != nil {
		return o.oauth, o.verifier, nil
	}
	p, err := oidc.NewProvider(ctx, o.opts.Issuer)
	if err != nil {
		return nil, nil, fmt.Errorf("discover %s: %w: %w", o.opts.Issuer, errProvider, err)
	}
	var extra struct {
		EndSession string `json:"end_session_endpoint"`
	}
	if err := p.Claims(&extra); err != nil {
		return nil, nil, fmt.Errorf("read provider metadata: %w", err)
	}
	o.provider, o.endSession = p, extra.EndSession
	o.verifier = p.Verifier(&oidc.Config{ClientID: o.opts.ClientID})
	o.oauth = &oauth2.Config{
		ClientID:     o.opts.ClientID,
		ClientSecret: o.opts.ClientSecret,
		RedirectURL:  o.opts.RedirectURL,
		Endpoint:     p.Endpoint(),
		Scopes:       []string{oidc.ScopeOpenID, "email", "profile", "groups"},
	}
	return o.oauth, o.verifier, nil
}

func (o *oidcClient) endSessionURL() string {
	o.mu.Lock()
	defer o.mu.Unlock()
	return o.endSession
}

// claims are what the portal reads from an id token.
type claims struct {
	Subject       string
	Email         string
	EmailVerified *bool
	Name          string
	Groups        []string
}

func (o *oidcClient) claimsOf(tok *oidc.IDToken) (claims, error) {
	var raw map[string]any
	if err := tok.Claims(&raw); err != nil {
		return claims{}, fmt.Errorf("decode id token claims: %w", err)
	}
	c := claims{Subject: tok.Subject}
	c.Email, _ = raw["email"].(string)
	c.Name, _ = raw["name"].(string)
	if v, ok := raw["email_verified"].(bool); ok {
		c.EmailVerified = &v
	}
	switch g := raw[o.opts.GroupsClaim].(type) {
	case []any:
		for _, x := range g {
			if s, ok := x.(string); ok {
				c.Groups = append(c.Groups, s)
			}
		}
	case string:
		c.Groups = []string{g}
	}
	return c, nil
}

// refusal is why a verified login still gets no access. Its message is shown
// to the person, so it must be plain and safe.
type refusal struct {
	reason  string
	message string
}

func (r *refusal) Error() string { return "login refused: " + r.reason }

// assignmentFor maps the claims to a role and checks the council exists.
func (s *Server) assignmentFor(ctx context.Context, c claims) (authz.Assignment, error) {
	if c.Email == "" || !strings.Contains(c.Email, "@") {
		return authz.Assignment{}, &refusal{"no email claim", "Your account has no email address. Ask your organisation's IT team to add one."}
	}
	if c.EmailVerified != nil && !*c.EmailVerified {
		return authz.Assignment{}, &refusal{"email not verified", "Your email address has not been verified by your organisation."}
	}
	a, err := s.opts.Groups.Map(c.Groups)
	switch {
	case errors.Is(err, authz.ErrNoRole):
		return authz.Assignment{}, &refusal{"no role in groups", "Your account has not been given access to this service."}
	case errors.Is(err, authz.ErrConflictingRoles):
		return authz.Assignment{}, &refusal{"conflicting roles in groups", "Your account has been given more than one role in this service, so we cannot tell which one to use."}
	case err != nil:
		return authz.Assignment{}, err
	}
	if a.LA != "" {
		if _, err := s.store.LA(ctx, authz.AllLAs(), a.LA); errors.Is(err, store.ErrNotFound) {
			return authz.Assignment{}, &refusal{"council not set up: " + a.LA, "Your council has not been set up in this service yet."}
		} else if err != nil {
			return authz.Assignment{}, err
		}
	}
	return a, nil
}

// principalFromBearer verifies an id token sent by an API client and maps it
// to the same user, role and council as a browser sign-in would.
func (s *Server) principalFromBearer(ctx context.Context, raw string) (authz.Principal, error) {
	_, verifier, err := s.oidc.load(ctx)
	if err != nil {
		return authz.Principal{}, err
	}
	tok, err := verifier.Verify(ctx, raw)
	if err != nil {
		return authz.Principal{}, fmt.Errorf("verify bearer token: %w: %w", errUnauthenticated, err)
	}
	c, err := s.oidc.claimsOf(tok)
	if err != nil {
		return authz.Principal{}, fmt.Errorf("%w: %w", errUnauthenticated, err)
	}
	a, err := s.assignmentFor(ctx, c)
	if err != nil {
		var r *refusal
		if errors.As(err, &r) {
			return authz.Principal{}, fmt.Errorf("%w: %s", authz.ErrForbidden, r.reason)
		}
		return authz.Principal{}, err
	}
	u, err := s.store.UpsertUser(ctx, store.Identity{Issuer: tok.Issuer, Subject: tok.Subject, Email: c.Email, Name: c.Name}, a, false)
	if err != nil {
		return authz.Principal{}, err
	}
	return s.store.Principal(ctx, u)
}
