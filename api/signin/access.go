package signin

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/evidenceportal/portal/api/request"
	"github.com/evidenceportal/portal/internal/authz"
	"github.com/evidenceportal/portal/internal/store"
)

// refusal is why a verified login still gets no access. Its message is shown
// to the person, so it must be plain and safe.
type refusal struct {
	reason  string
	message string
}

func (r *refusal) Error() string { return "login refused: " + r.reason }

// assignmentFor maps the claims to a role and checks the council exists.
func (f *Flow) assignmentFor(ctx context.Context, c claims) (authz.Assignment, error) {
	if c.Email == "" || !strings.Contains(c.Email, "@") {
		return authz.Assignment{}, &refusal{"no email claim", "Your account has no email address. Ask your organisation's IT team to add one."}
	}
	if c.EmailVerified != nil && !*c.EmailVerified {
		return authz.Assignment{}, &refusal{"email not verified", "Your email address has not been verified by your organisation."}
	}
	a, err := f.opts.Groups.Map(c.Groups)
	switch {
	case errors.Is(err, authz.ErrNoRole):
		return authz.Assignment{}, &refusal{"no role in groups", "Your account has not been given access to this service."}
	case errors.Is(err, authz.ErrConflictingRoles):
		return authz.Assignment{}, &refusal{"conflicting roles in groups", "Your account has been given more than one role in this service, so we cannot tell which one to use."}
	case err != nil:
		return authz.Assignment{}, err
	}
	if a.LA != "" {
		if _, err := f.st.LA(ctx, authz.AllLAs(), a.LA); errors.Is(err, store.ErrNotFound) {
			return authz.Assignment{}, &refusal{"council not set up: " + a.LA, "Your council has not been set up in this service yet."}
		} else if err != nil {
			return authz.Assignment{}, err
		}
	}
	return a, nil
}

// Bearer verifies an id token sent by an API client and maps it to the same
// user, role and council as a browser sign-in would. A token issued before
// the person last signed out, was signed out everywhere by an admin, or
// changed role or council is refused, however long it has left to run.
// What is accepted is what the provider signs for this client (the
// audience): an id token; Dex's access tokens are id tokens of the same
// shape and cannot be told apart, so they are accepted on the same terms.
func (f *Flow) Bearer(ctx context.Context, raw string) (authz.Principal, error) {
	_, verifier, err := f.provider.load(ctx)
	if err != nil {
		return authz.Principal{}, err
	}
	tok, err := verifier.Verify(ctx, raw)
	if err != nil {
		return authz.Principal{}, fmt.Errorf("verify bearer token: %w: %w", request.ErrUnauthenticated, err)
	}
	c, err := f.provider.claimsOf(tok)
	if err != nil {
		return authz.Principal{}, fmt.Errorf("%w: %w", request.ErrUnauthenticated, err)
	}
	known, err := f.st.UserByIdentity(ctx, tok.Issuer, tok.Subject)
	found := err == nil
	switch {
	case err == nil && revoked(tok.IssuedAt, known.TokensValidAfter):
		return authz.Principal{}, fmt.Errorf("%w: token issued %s, before sign-out or a change of role at %s", request.ErrUnauthenticated,
			tok.IssuedAt.UTC().Format(time.RFC3339), known.TokensValidAfter.UTC().Format(time.RFC3339Nano))
	case err != nil && !errors.Is(err, store.ErrNotFound):
		return authz.Principal{}, err
	}
	a, err := f.assignmentFor(ctx, c)
	if err != nil {
		var r *refusal
		if errors.As(err, &r) {
			return authz.Principal{}, fmt.Errorf("%w: %s", authz.ErrForbidden, r.reason)
		}
		return authz.Principal{}, err
	}
	if found && unchanged(known, c, a) {
		// Most requests come from someone already known as the token says:
		// no write, so a flood of requests (or of refusals) costs reads only.
		return f.st.Principal(ctx, known)
	}
	u, err := f.st.UpsertUser(ctx, store.Identity{Issuer: tok.Issuer, Subject: tok.Subject, Email: c.Email, Name: c.Name, IssuedAt: tok.IssuedAt}, a, false)
	if err != nil {
		return authz.Principal{}, err
	}
	return f.st.Principal(ctx, u)
}

// unchanged says whether u is already what claims c and assignment a would
// make of it, so that UpsertUser would change nothing.
func unchanged(u store.User, c claims, a authz.Assignment) bool {
	return u.Email == strings.ToLower(c.Email) && u.Name == c.Name && u.Role == a.Role && u.LA == a.LA
}

// revoked says whether a token issued at issued is refused by a cut-off
// of validAfter. Token times have whole seconds: a token issued in the
// second of a sign-out is refused, so none from before it gets through.
func revoked(issued, validAfter time.Time) bool {
	return issued.Before(validAfter)
}
