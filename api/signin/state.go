package signin

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"time"

	"github.com/labstack/echo/v4"
)

const (
	// StateCookie carries the sealed state of a sign-in between /login and
	// the callback.
	StateCookie = "portal_login"
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

// ErrExpired means the callback came without a usable login state: too
// late, from another browser, or forged.
var ErrExpired = errors.New("sign-in state missing, expired or mismatched")

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
func (f *Flow) loginAEAD() (cipher.AEAD, error) {
	m := hmac.New(sha256.New, f.opts.Secret)
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

func (f *Flow) seal(st loginState) (string, error) {
	plain, err := json.Marshal(st)
	if err != nil {
		return "", fmt.Errorf("encode login state: %w", err)
	}
	gcm, err := f.loginAEAD()
	if err != nil {
		return "", err
	}
	nonce := make([]byte, gcm.NonceSize())
	rand.Read(nonce)
	return base64.RawURLEncoding.EncodeToString(gcm.Seal(nonce, nonce, plain, []byte(StateCookie))), nil
}

func (f *Flow) loginStateOf(c echo.Context) (loginState, error) {
	ck, err := c.Cookie(StateCookie)
	if err != nil {
		return loginState{}, ErrExpired
	}
	return f.open(ck.Value)
}

// open reverses seal; anything wrong or expired is ErrExpired.
func (f *Flow) open(sealed string) (loginState, error) {
	raw, err := base64.RawURLEncoding.DecodeString(sealed)
	if err != nil {
		return loginState{}, ErrExpired
	}
	gcm, err := f.loginAEAD()
	if err != nil {
		return loginState{}, err
	}
	if len(raw) < gcm.NonceSize() {
		return loginState{}, ErrExpired
	}
	plain, err := gcm.Open(nil, raw[:gcm.NonceSize()], raw[gcm.NonceSize():], []byte(StateCookie))
	if err != nil {
		return loginState{}, ErrExpired
	}
	var st loginState
	if err := json.Unmarshal(plain, &st); err != nil || time.Now().After(st.Expires) {
		return loginState{}, ErrExpired
	}
	return st, nil
}
