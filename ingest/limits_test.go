package ingest

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/evidenceportal/portal/internal/blob"
	"github.com/evidenceportal/portal/internal/document"
	"github.com/evidenceportal/portal/internal/servicetest"
)

// A document over the page limit ends rejected with a message that names
// the limit, and none of its text is kept; one within it ends ready.
func TestPageLimit(t *testing.T) {
	e := newEnv(t)
	stop := e.pipelineWith(t, servicetest.Env(t, "PORTAL_CLAMD_ADDR"), func(o *Options) {
		o.MaxPages = 3
		o.MaxTextBytes = 1 << 20
	})
	defer stop()
	page := strings.Repeat("Unpaid carers are offered an assessment within 28 days. ", 50) + "\n" // about 2,900 bytes: a page
	for _, tc := range []struct {
		name, body string
		want       document.Status
		reason     string
	}{
		{"within.txt", strings.Repeat(page, 3), document.Ready, ""},
		{"pages.csv", "note\n" + strings.Repeat(strings.Repeat("a b\n", 700), 5), document.Rejected,
			"The selected file pages.csv has more than 3 pages: split it into smaller files and upload each of them"},
		{"words.txt", strings.Repeat(page, 4), document.Rejected,
			"The selected file words.txt has more than 3 pages: split it into smaller files and upload each of them"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d, err := e.upload(t, tc.name, []byte(tc.body))
			if err != nil {
				t.Fatal(err)
			}
			got := e.waitFor(t, d.ID, document.Ready, document.Rejected, document.Failed)
			if got.Status != tc.want || got.StatusReason != tc.reason {
				t.Fatalf("%s: %s %q, want %s %q", tc.name, got.Status, got.StatusReason, tc.want, tc.reason)
			}
			_, err = e.bl.Stat(context.Background(), blob.TextKey(d.ID))
			if kept := !errors.Is(err, blob.ErrNotFound); kept != (tc.want == document.Ready) {
				t.Errorf("text kept = %v (%v), want %v", kept, err, tc.want == document.Ready)
			}
		})
	}
}

// The text limit: a text-like file over it is refused by the reader in
// the child, and the text of any file over it by the extract stage, both
// with the message naming the limit (issue 15: it said "could not be read").
func TestTextLimit(t *testing.T) {
	e := newEnv(t)
	stop := e.pipelineWith(t, servicetest.Env(t, "PORTAL_CLAMD_ADDR"), func(o *Options) {
		o.MaxTextBytes = 10 << 10
	})
	defer stop()
	d, err := e.upload(t, "long.txt", []byte(strings.Repeat("Carers strategy and safeguarding. ", 400))) // 13.6 KB
	if err != nil {
		t.Fatal(err)
	}
	got := e.waitFor(t, d.ID, document.Ready, document.Rejected, document.Failed)
	want := "The selected file long.txt holds more than 10KB of text: split it into smaller files and upload each of them"
	if got.Status != document.Rejected || got.StatusReason != want {
		t.Fatalf("%s %q, want rejected %q", got.Status, got.StatusReason, want)
	}
	if _, err := e.bl.Stat(context.Background(), blob.TextKey(d.ID)); !errors.Is(err, blob.ErrNotFound) {
		t.Errorf("text of a refused document: %v, want none", err)
	}
}
