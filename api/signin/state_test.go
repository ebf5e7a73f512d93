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
