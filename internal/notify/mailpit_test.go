package notify_test

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/evidenceportal/portal/internal/authz"
	"github.com/evidenceportal/portal/internal/framework"
	"github.com/evidenceportal/portal/internal/mail"
	"github.com/evidenceportal/portal/internal/notify"
	"github.com/evidenceportal/portal/internal/servicetest"
	"github.com/evidenceportal/portal/internal/store"
	"github.com/evidenceportal/portal/internal/store/storetest"
)

// mailbox is what Mailpit received for one address: subject and text of
// each message.
func mailbox(t *testing.T, mailpit, to string) map[string]string {
	t.Helper()
	var list struct {
		Messages []struct {
			ID      string
			Subject string
			To      []struct{ Address string }
		}
	}
	getJSON(t, mailpit+"/api/v1/messages?limit=1000", &list)
	got := map[string]string{}
	for _, m := range list.Messages {
		for _, a := range m.To {
			if strings.EqualFold(a.Address, to) {
				var full struct{ Text string }
				getJSON(t, mailpit+"/api/v1/message/"+m.ID, &full)
				if _, dup := got[m.Subject]; dup {
					t.Errorf("%s got %q twice", to, m.Subject)
				}
				got[m.Subject] = full.Text
			}
		}
	}
	return got
}

func getJSON(t *testing.T, url string, v any) {
	t.Helper()
	res, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	if res.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: %s %s", url, res.Status, b)
	}
	if err := json.Unmarshal(b, v); err != nil {
		t.Fatalf("GET %s: %v", url, err)
	}
}

// TestRemindersReachMailpit: a return issued and due tomorrow, then
// overdue, reminds the council's staff and the assessment's inspector by
// email through a real SMTP server, each event once however often the
// tasks run and with two runs at once; another council's staff hear
// nothing; no email holds more than what happened and a link.
func TestRemindersReachMailpit(t *testing.T) {
	mailpit := servicetest.Env(t, "PORTAL_TEST_MAILPIT_URL")
	smtpAddr := servicetest.Env(t, "PORTAL_SMTP_ADDR")
	st, dbURL := storetest.New(t)
	ctx := context.Background()
	if err := st.SeedDemo(ctx); err != nil {
		t.Fatal(err)
	}
	// Addresses of this run only: other tests share the Mailpit.
	b := make([]byte, 4)
	rand.Read(b)
	run := hex.EncodeToString(b)
	staff, other, inspector := "submitter."+run+"@ashford.test", "submitter."+run+"@brookmere.test", "inspector."+run+"@cqc.test"
	for _, u := range []struct {
		email string
		a     authz.Assignment
	}{
		{staff, authz.Assignment{Role: authz.RoleLASubmitter, LA: "E06009901"}},
		{other, authz.Assignment{Role: authz.RoleLASubmitter, LA: "E06009902"}},
		{inspector, authz.Assignment{Role: authz.RoleInspector}},
	} {
		if _, err := st.UpsertUser(ctx, store.Identity{Issuer: "t", Subject: u.email, Email: u.email}, u.a, true); err != nil {
			t.Fatal(err)
		}
	}
	audit := store.AuditEntry{Action: "test"}
	aid, err := st.CreateAssessment(ctx, "E06009901", "qs-only-2024", "admin@demo.test", audit)
	if err != nil {
		t.Fatal(err)
	}
	if err := st.AddAssessmentInspector(ctx, aid, inspector, audit); err != nil {
		t.Fatal(err)
	}
	cat, err := framework.Load()
	if err != nil {
		t.Fatal(err)
	}
	tpl, err := cat.LoadReturnTemplate(framework.DefaultReturnTemplate)
	if err != nil {
		t.Fatal(err)
	}
	ashford := authz.OnlyLAs("E06009901")
	rid, err := st.CreateReturn(ctx, ashford, aid, tpl, inspector, audit)
	if err != nil {
		t.Fatal(err)
	}
	london, err := time.LoadLocation("Europe/London")
	if err != nil {
		t.Fatal(err)
	}
	now := time.Now()
	if _, err := st.IssueReturn(ctx, ashford, rid, 1, now, london, inspector, audit); err != nil {
		t.Fatal(err)
	}

	sender, err := mail.New(mail.Options{Addr: smtpAddr, From: "Evidence Portal <portal@localhost>"})
	if err != nil {
		t.Fatal(err)
	}
	cal, err := framework.LoadCalendar()
	if err != nil {
		t.Fatal(err)
	}
	n := notify.New(st, cal, london, sender, "https://portal.test", slog.New(slog.NewTextHandler(io.Discard, nil)))
	runTwiceAtOnce := func() {
		t.Helper()
		for range 2 {
			if err := n.Remind(ctx, now); err != nil {
				t.Fatal(err)
			}
		}
		var wg sync.WaitGroup
		errs := make(chan error, 2)
		for range 2 {
			wg.Go(func() { errs <- n.Email(ctx) })
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			if err != nil {
				t.Fatal(err)
			}
		}
	}
	// A relay that is down keeps every notification for the next run.
	down := notify.New(st, cal, london, failing{}, "https://portal.test", slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err := down.Remind(ctx, now); err != nil {
		t.Fatal(err)
	}
	if err := down.Email(ctx); err == nil {
		t.Error("Email through a relay that is down = nil, want its error (River runs it again)")
	}
	runTwiceAtOnce()
	// Then the day passes: the return is overdue.
	if err := storetest.Exec(t, dbURL, fmt.Sprintf(`UPDATE info_returns SET due_on = current_date - 2 WHERE id = %d`, rid)); err != nil {
		t.Fatal(err)
	}
	runTwiceAtOnce()
	runTwiceAtOnce()

	link := fmt.Sprintf("https://portal.test/assessments/%d/return", aid)
	want := map[string][]string{
		staff: {
			"Evidence Portal: CQC has issued your council's information return",
			"Evidence Portal: Your council's information return is due on ",
			"Evidence Portal: Your council's information return was due on ",
		},
		inspector: {"Evidence Portal: The information return of Ashford Vale"},
		other:     nil,
	}
	for to, subjects := range want {
		t.Run(to, func(t *testing.T) {
			got := mailbox(t, mailpit, to)
			if len(got) != len(subjects) {
				t.Errorf("%d emails %v, want %d %v", len(got), keys(got), len(subjects), subjects)
			}
			for _, s := range subjects {
				found := false
				for subject, text := range got {
					if strings.HasPrefix(subject, s) {
						found = true
						if !strings.Contains(text, link) && !strings.Contains(text, fmt.Sprintf("https://portal.test/assessments/%d", aid)) {
							t.Errorf("%q: no link to the return in %q", subject, text)
						}
					}
				}
				if !found {
					t.Errorf("no email %q in %v", s, keys(got))
				}
			}
		})
	}
}

func keys(m map[string]string) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}

// failing is a relay that is down.
type failing struct{}

func (failing) Send(context.Context, mail.Message) error {
	return errors.New("connect to mail server: connection refused")
}
