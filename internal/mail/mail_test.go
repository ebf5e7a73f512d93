package mail_test

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"net/http"
	"strings"
	"testing"

	"github.com/evidenceportal/portal/internal/mail"
	"github.com/evidenceportal/portal/internal/servicetest"
)

func TestNewRefusesBadOptions(t *testing.T) {
	tests := []struct {
		name string
		o    mail.Options
	}{
		{"no port", mail.Options{Addr: "smtp.example.org", From: "portal@example.org"}},
		{"no host", mail.Options{Addr: ":25", From: "portal@example.org"}},
		{"no sender", mail.Options{Addr: "smtp.example.org:587"}},
		{"a sender that is no address", mail.Options{Addr: "smtp.example.org:587", From: "Evidence Portal"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := mail.New(tt.o); err == nil {
				t.Errorf("New(%+v) accepted", tt.o)
			}
		})
	}
}

// TestSendThroughMailpit: a message reaches a real SMTP server with its
// subject and UTF-8 body intact; a subject cannot add a header (no Bcc
// appears); a recipient that is no address is refused for good.
func TestSendThroughMailpit(t *testing.T) {
	mailpit := servicetest.Env(t, "PORTAL_TEST_MAILPIT_URL")
	s, err := mail.New(mail.Options{Addr: servicetest.Env(t, "PORTAL_SMTP_ADDR"), From: "Evidence Portal <portal@localhost>"})
	if err != nil {
		t.Fatal(err)
	}
	b := make([]byte, 4)
	rand.Read(b)
	to := "mailtest." + hex.EncodeToString(b) + "@example.gov.uk"
	ctx := context.Background()
	err = s.Send(ctx, mail.Message{To: to, Subject: "Spend £917,986,000\r\nBcc: thief@example.com",
		Body: "First line\nSecond line with £ and é\n"})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Send(ctx, mail.Message{To: "not an address", Subject: "x", Body: "x"}); !errors.Is(err, mail.ErrRefused) {
		t.Errorf("Send to a non-address = %v, want ErrRefused", err)
	}

	var list struct {
		Messages []struct {
			ID      string
			Subject string
			To, Bcc []struct{ Address string }
		}
	}
	get(t, mailpit+"/api/v1/search?query="+to, &list)
	if len(list.Messages) != 1 {
		t.Fatalf("Mailpit has %d messages to %s, want 1", len(list.Messages), to)
	}
	m := list.Messages[0]
	if m.Subject != "Spend £917,986,000 Bcc: thief@example.com" || len(m.Bcc) != 0 || len(m.To) != 1 {
		t.Errorf("subject %q, bcc %v, to %v: want the subject on one line and no Bcc", m.Subject, m.Bcc, m.To)
	}
	var full struct {
		Text string
		From struct{ Address, Name string }
	}
	get(t, mailpit+"/api/v1/message/"+m.ID, &full)
	if !strings.Contains(full.Text, "First line\r\nSecond line with £ and é") && !strings.Contains(full.Text, "First line\nSecond line with £ and é") {
		t.Errorf("text = %q", full.Text)
	}
	if full.From.Address != "portal@localhost" || full.From.Name != "Evidence Portal" {
		t.Errorf("from = %+v", full.From)
	}
}

func get(t *testing.T, url string, v any) {
	t.Helper()
	res, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	if res.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: %s", url, res.Status)
	}
	if err := json.NewDecoder(res.Body).Decode(v); err != nil {
		t.Fatal(err)
	}
}
