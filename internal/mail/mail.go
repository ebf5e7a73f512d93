// Package mail sends the portal's emails through an SMTP relay (GOV.UK
// Notify's SMTP interface, a council's relay, or Mailpit in development),
// with the standard library's net/smtp: plain text only, one recipient a
// message, STARTTLS whenever the server offers it, required when the
// server is not on this machine.
package mail

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/tls"
	"encoding/hex"
	"errors"
	"fmt"
	"mime"
	"mime/quotedprintable"
	"net"
	"net/mail"
	"net/smtp"
	"net/textproto"
	"strings"
	"time"
)

// Options configure the relay.
type Options struct {
	// Addr is the relay's host:port.
	Addr string
	// From is the sender address, "Evidence Portal <portal@example.gov.uk>".
	From string
	// Username and Password sign in with PLAIN auth when Username is set
	// (net/smtp allows it only over TLS or to localhost).
	Username, Password string
	// Timeout bounds one message: dial, conversation and data.
	Timeout time.Duration
}

// DefaultTimeout bounds the sending of one message.
const DefaultTimeout = 30 * time.Second

// Message is one plain-text email to one person.
type Message struct {
	To      string
	Subject string
	Body    string
}

// Sender sends messages through the relay.
type Sender struct {
	opts Options
	from *mail.Address
	host string
}

// ErrRefused wraps a permanent refusal (an SMTP 5xx reply): sending the
// same message again will not help.
var ErrRefused = errors.New("refused by the mail server")

// New checks the options and returns a sender; it does not connect.
func New(o Options) (*Sender, error) {
	host, _, err := net.SplitHostPort(o.Addr)
	if err != nil || host == "" {
		return nil, fmt.Errorf("mail server address %q: want host:port", o.Addr)
	}
	from, err := mail.ParseAddress(o.From)
	if err != nil {
		return nil, fmt.Errorf("mail sender %q: %w", o.From, err)
	}
	if o.Timeout <= 0 {
		o.Timeout = DefaultTimeout
	}
	return &Sender{opts: o, from: from, host: host}, nil
}

// Send delivers m, or returns why not; an error wrapping ErrRefused is
// permanent.
func (s *Sender) Send(ctx context.Context, m Message) error {
	to, err := mail.ParseAddress(m.To)
	if err != nil {
		return fmt.Errorf("recipient %q: %w: %w", m.To, ErrRefused, err)
	}
	ctx, cancel := context.WithTimeout(ctx, s.opts.Timeout)
	defer cancel()
	var d net.Dialer
	conn, err := d.DialContext(ctx, "tcp", s.opts.Addr)
	if err != nil {
		return fmt.Errorf("connect to mail server %s: %w", s.opts.Addr, err)
	}
	deadline, _ := ctx.Deadline()
	if err := conn.SetDeadline(deadline); err != nil {
		conn.Close()
		return fmt.Errorf("mail server %s: %w", s.opts.Addr, err)
	}
	// The context's end also ends a conversation stuck past its deadline's
	// reach (a cancelled job).
	stop := context.AfterFunc(ctx, func() { conn.Close() })
	defer stop()
	c, err := smtp.NewClient(conn, s.host)
	if err != nil {
		conn.Close()
		return smtpErr("greeting", err)
	}
	defer c.Close()
	return s.converse(c, to.Address, s.compose(to, m))
}

func (s *Sender) converse(c *smtp.Client, to string, data []byte) error {
	if err := c.Hello("localhost"); err != nil {
		return smtpErr("hello", err)
	}
	if ok, _ := c.Extension("STARTTLS"); ok {
		if err := c.StartTLS(&tls.Config{ServerName: s.host, MinVersion: tls.VersionTLS12}); err != nil {
			return smtpErr("starttls", err)
		}
	} else if !loopback(s.host) {
		return fmt.Errorf("mail server %s offers no STARTTLS: refusing to send in the clear", s.opts.Addr)
	}
	if s.opts.Username != "" {
		if err := c.Auth(smtp.PlainAuth("", s.opts.Username, s.opts.Password, s.host)); err != nil {
			return smtpErr("auth", err)
		}
	}
	if err := c.Mail(s.from.Address); err != nil {
		return smtpErr("mail from", err)
	}
	if err := c.Rcpt(to); err != nil {
		return smtpErr("rcpt to", err)
	}
	w, err := c.Data()
	if err != nil {
		return smtpErr("data", err)
	}
	if _, err := w.Write(data); err != nil {
		return smtpErr("data", err)
	}
	if err := w.Close(); err != nil {
		return smtpErr("data", err)
	}
	// The message was accepted at the end of DATA; a failed QUIT does not
	// undo that, and reporting it would send the message twice.
	_ = c.Quit()
	return nil
}

// compose writes the message: headers folded by mime's encoder (so that
// nothing from a subject can add a header), a quoted-printable UTF-8 body.
func (s *Sender) compose(to *mail.Address, m Message) []byte {
	var b bytes.Buffer
	h := textproto.MIMEHeader{}
	h.Set("From", s.from.String())
	h.Set("To", to.String())
	h.Set("Subject", mime.QEncoding.Encode("utf-8", oneLine(m.Subject)))
	h.Set("Date", time.Now().Format(time.RFC1123Z))
	h.Set("Message-ID", "<"+randomID()+"@"+domain(s.from.Address)+">")
	h.Set("MIME-Version", "1.0")
	h.Set("Content-Type", "text/plain; charset=utf-8")
	h.Set("Content-Transfer-Encoding", "quoted-printable")
	h.Set("Auto-Submitted", "auto-generated")
	for _, k := range []string{"From", "To", "Subject", "Date", "Message-ID", "MIME-Version", "Content-Type",
		"Content-Transfer-Encoding", "Auto-Submitted"} {
		fmt.Fprintf(&b, "%s: %s\r\n", k, h.Get(k))
	}
	b.WriteString("\r\n")
	qp := quotedprintable.NewWriter(&b)
	qp.Write([]byte(strings.ReplaceAll(strings.ReplaceAll(m.Body, "\r\n", "\n"), "\n", "\r\n")))
	qp.Close()
	return b.Bytes()
}

func oneLine(s string) string {
	return strings.Join(strings.Fields(s), " ")
}

func domain(addr string) string {
	if i := strings.LastIndexByte(addr, '@'); i >= 0 {
		return addr[i+1:]
	}
	return "localhost"
}

func randomID() string {
	b := make([]byte, 16)
	rand.Read(b)
	return hex.EncodeToString(b)
}

// smtpErr names the step that failed and marks 5xx replies permanent.
func smtpErr(step string, err error) error {
	var tp *textproto.Error
	if errors.As(err, &tp) && tp.Code >= 500 {
		return fmt.Errorf("smtp %s: %w: %w", step, ErrRefused, err)
	}
	return fmt.Errorf("smtp %s: %w", step, err)
}

func loopback(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}
