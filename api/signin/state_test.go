package signin

import (
	"errors"
	"testing"
	"time"
)

func TestSafeNext(t *testing.T) {
	tests := []struct{ in, want string }{
		{"", "/"},
		{"/", "/"},
		{"/las/E06009901", "/las/E06009901"},
		{"/las/E06009901?tab=evidence#x", "/las/E06009901?tab=evidence"},
		{"https://evil.example/", "/"},
		{"//evil.example/", "/"},
		{"/\\evil.example", "/"},
		{"\\\\evil.example", "/"},
		{"http:/evil.example", "/"},
		{"javascript:alert(1)", "/"},
		{"/%2F%2Fevil.example", "/%2F%2Fevil.example"},
		{"/ok\r\nSet-Cookie: x=y", "/"},
		{"/login", "/"},
		{"/auth/callback?code=x", "/"},
		{"las", "/"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			if got := safeNext(tt.in); got != tt.want {
				t.Errorf("safeNext(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestLoginStateSealing(t *testing.T) {
	f := &Flow{opts: Options{Secret: []byte("0123456789abcdef0123456789abcdef")}}
	other := &Flow{opts: Options{Secret: []byte("another-secret-another-secret-xx")}}
	want := loginState{State: "st", Nonce: "n", Verifier: "v", Next: "/x", Expires: time.Now().Add(time.Minute).Round(0)}
	sealed, err := f.seal(want)
	if err != nil {
		t.Fatal(err)
	}
	got, err := f.open(sealed)
	if err != nil || !got.Expires.Equal(want.Expires) || got.State != want.State || got.Nonce != want.Nonce ||
		got.Verifier != want.Verifier || got.Next != want.Next {
		t.Fatalf("open(seal(%+v)) = %+v, %v", want, got, err)
	}
	if _, err := other.open(sealed); !errors.Is(err, ErrExpired) {
		t.Errorf("a login cookie sealed with one secret opened with another: %v", err)
	}
	tampered := []byte(sealed)
	tampered[len(tampered)/2] ^= 1
	if _, err := f.open(string(tampered)); !errors.Is(err, ErrExpired) {
		t.Errorf("a tampered login cookie opened: %v", err)
	}
	old := want
	old.Expires = time.Now().Add(-time.Second)
	late, err := f.seal(old)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.open(late); !errors.Is(err, ErrExpired) {
		t.Errorf("an expired login cookie opened: %v", err)
	}
}

// TestRevoked: a token from before the cut-off is refused, one from its
// second or later, when the cut-off is a token's own time, is not; a
// sign-out's cut-off within a second refuses tokens of that second.
func TestRevoked(t *testing.T) {
	cut := time.Date(2026, 12, 3, 10, 0, 5, 300_000_000, time.UTC)
	tests := []struct {
		name          string
		issued, after time.Time
		want          bool
	}{
		{"never revoked", cut, time.Unix(0, 0), false},
		{"issued before sign-out", cut.Add(-time.Hour), cut, true},
		{"issued in the second of the sign-out", cut.Truncate(time.Second), cut, true},
		{"issued the next second", cut.Truncate(time.Second).Add(time.Second), cut, false},
		{"the token whose claims changed the role", cut.Truncate(time.Second), cut.Truncate(time.Second), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := revoked(tt.issued, tt.after); got != tt.want {
				t.Errorf("revoked(%v, %v) = %v, want %v", tt.issued, tt.after, got, tt.want)
			}
		})
	}
}
