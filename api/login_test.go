package api

import "testing"

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
	s := &Server{opts: Options{SessionSecret: []byte("0123456789abcdef0123456789abcdef")}}
	other := &Server{opts: Options{SessionSecret: []byte("another-secret-another-secret-xx")}}
	sealed, err := s.seal(loginState{State: "st", Nonce: "n", Verifier: "v", Next: "/x"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := other.open(sealed); err == nil {
		t.Errorf("a login cookie sealed with one secret opened with another")
	}
	tampered := []byte(sealed)
	tampered[len(tampered)/2] ^= 1
	if _, err := s.open(string(tampered)); err == nil {
		t.Errorf("a tampered login cookie opened")
	}
}
