package assessment

import (
	"strings"
	"time"
	"unicode/utf8"

	"github.com/evidenceportal/portal/internal/authz"
)

// A further evidence request is open until the inspector accepts the
// council's answer, then closed.
const (
	RequestOpen   = "open"
	RequestClosed = "closed"
)

// RequestOffer is what a person may do with a further evidence request.
type RequestOffer struct {
	Raise  bool // raise new requests on the assessment
	Reply  bool // add to the thread
	Accept bool // accept the answer, which closes the request
}

// RequestOffers is what p may do with a request in state st (RequestOpen
// or RequestClosed, "" for none yet) on an assessment in state ast;
// inspector says whether p is one of its inspectors. During the assessment
// its inspectors raise requests and accept the answers; the council's
// submitters answer; both may write in the thread while it is open.
func RequestOffers(p authz.Principal, inspector bool, st string, ast State) RequestOffer {
	insp := p.Role == authz.RoleInspector && inspector && ast != Published
	open := st == RequestOpen
	return RequestOffer{
		Raise:  insp,
		Reply:  open && (insp || p.Can(authz.ActionSubmitEvidence)),
		Accept: open && insp,
	}
}

// RequestInput is a request as an inspector writes it.
type RequestInput struct {
	QS     []string
	Wanted string
	Due    time.Time
}

// CheckRequest checks a request: one or more known statements (known says
// which slugs are), what is wanted, and a due date from today on.
func CheckRequest(in RequestInput, known func(string) bool, today time.Time) (RequestInput, error) {
	out := RequestInput{Wanted: strings.TrimSpace(in.Wanted), Due: Day(in.Due)}
	seen := map[string]bool{}
	for _, qs := range in.QS {
		if !known(qs) {
			return RequestInput{}, bad("qs", "Select quality statements from the list")
		}
		if !seen[qs] {
			seen[qs] = true
			out.QS = append(out.QS, qs)
		}
	}
	switch {
	case len(out.QS) == 0:
		return RequestInput{}, bad("qs", "Select at least one quality statement")
	case len(out.QS) > MaxRequestQS:
		return RequestInput{}, bad("qs", "Select up to %d quality statements", MaxRequestQS)
	case out.Wanted == "":
		return RequestInput{}, bad("wanted", "Say what evidence you need")
	case utf8.RuneCountInString(out.Wanted) > MaxRequestText:
		return RequestInput{}, bad("wanted", "What you need must be %s characters or fewer", thousands(MaxRequestText))
	case hasControl(out.Wanted):
		return RequestInput{}, bad("wanted", "Remove control characters from what you need")
	case in.Due.IsZero():
		return RequestInput{}, bad("due", "Enter the date the evidence is due")
	case DaysLeft(out.Due, today) < 0:
		return RequestInput{}, bad("due", "The due date must be today or in the future")
	case DaysLeft(out.Due, today) > MaxDueDays:
		return RequestInput{}, bad("due", "The due date must be within %d days", MaxDueDays)
	}
	return out, nil
}

// Message is one message of a request's thread: text, a link, a document
// of the council's own with a page, or several of these.
type Message struct {
	Text     string
	Link     string
	Document string
	Page     int
}

// CheckMessage checks a message of a thread: something in it, a bounded
// text, an http(s) link.
func CheckMessage(m Message) (Message, error) {
	out := Message{Text: strings.TrimSpace(m.Text), Document: strings.TrimSpace(m.Document), Page: m.Page}
	if strings.TrimSpace(m.Link) != "" {
		l, err := CheckLink(m.Link)
		if err != nil {
			return Message{}, err
		}
		out.Link = l
	}
	switch {
	case out.Text == "" && out.Link == "" && out.Document == "":
		return Message{}, bad("message", "Write a message, give a link or choose a document")
	case utf8.RuneCountInString(out.Text) > MaxAnswerText:
		return Message{}, bad("message", "The message must be %s characters or fewer", thousands(MaxAnswerText))
	case hasControl(out.Text):
		return Message{}, bad("message", "Remove control characters from the message")
	case out.Page < 0 || (out.Page > 0 && out.Document == ""):
		return Message{}, bad("page", "Enter a page number of 1 or more, of a document you chose")
	}
	return out, nil
}
