package ingest

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/evidenceportal/portal/internal/servicetest"
)

// eicar is the anti-virus test file, built from parts so that this source
// file itself does not trip scanners.
func eicar() string {
	return `X5O!P%@AP[4\PZX54(P^)7CC)7}$` + "EICAR-STANDARD-ANTIVIRUS-TEST-FILE!" + `$H+H*`
}

func TestClamdScan(t *testing.T) {
	c := NewClamd(servicetest.Env(t, "PORTAL_CLAMD_ADDR"))
	ctx := context.Background()
	if err := c.Ping(ctx); err != nil {
		t.Fatalf("Ping: %v", err)
	}
	tests := []struct {
		name     string
		body     string
		infected bool
	}{
		{"clean text", "Our carers strategy 2024 to 2027.", false},
		{"empty", "", false},
		{"eicar", eicar(), true},
		{"eicar after a 200 KiB prefix spanning chunks", strings.Repeat("a", 200<<10) + "\n" + eicar(), true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := c.Scan(ctx, strings.NewReader(tt.body))
			if err != nil {
				t.Fatalf("Scan: %v", err)
			}
			if got.Infected != tt.infected {
				t.Errorf("Scan infected = %v (%q), want %v", got.Infected, got.Signature, tt.infected)
			}
			if tt.infected && got.Signature == "" {
				t.Errorf("Scan of infected stream gave no signature name")
			}
		})
	}
}

func TestClamdUnavailable(t *testing.T) {
	c := NewClamd("127.0.0.1:1")
	if err := c.Ping(context.Background()); !errors.Is(err, ErrScannerUnavailable) {
		t.Errorf("Ping of closed port = %v, want ErrScannerUnavailable", err)
	}
	if _, err := c.Scan(context.Background(), strings.NewReader("x")); !errors.Is(err, ErrScannerUnavailable) {
		t.Errorf("Scan on closed port = %v, want ErrScannerUnavailable", err)
	}
}
