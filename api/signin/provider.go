package signin

import (
	"context"
	"errors"
	"fmt"
	"sync"

	"github.com/coreos/go-oidc/v3/oidc"
	"golang.org/x/oauth2"
)

// OIDC says which identity provider signs people in.
type OIDC struct {
	Issuer       string
	ClientID     string
	ClientSecret string
	RedirectURL  string
	// GroupsClaim is the id token claim that lists the person's groups.
	GroupsClaim string
}

// ErrProvider means the identity provider could not be reached.
var ErrProvider = errors.New("identity provider unavailable")

// provider discovers the identity provider on first use and keeps it.
type provider struct {
	opts OIDC

	mu         sync.Mutex
	discovered *oidc.Provider
	verifier   *oidc.IDTokenVerifier
	oauth      *oauth2.Config
	endSession string
}

func (o *provider) load(ctx context.Context) (*oauth2.Config, *oidc.IDTokenVerifier, error) {
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.discovered != nil {
		return o.oauth, o.verifier, nil
	}
	p, err := oidc.NewProvider(ctx, o.opts.Issuer)
	if err != nil {
		return nil, nil, fmt.Errorf("discover %s: %w: %w", o.opts.Issuer, ErrProvider, err)
	}
	var extra struct {
		EndSession string `json:"end_session_endpoint"`
	}
	if err := p.Claims(&extra); err != nil {
		return nil, nil, fmt.Errorf("read provider metadata: %w", err)
	}
	o.discovered, o.endSession = p, extra.EndSession
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

func (o *provider) endSessionURL() string {
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

func (o *provider) claimsOf(tok *oidc.IDToken) (claims, error) {
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
