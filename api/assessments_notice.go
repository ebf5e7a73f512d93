package api

import (
	"fmt"

	"github.com/evidenceportal/portal/frontend"
	"github.com/evidenceportal/portal/internal/assessment"
	"github.com/evidenceportal/portal/internal/authz"
	"github.com/evidenceportal/portal/internal/store"
)

// maxNoticeLinks bounds the comments a notice links to; the count says
// how many there are.
const maxNoticeLinks = 10

// standing is where the assessment stands for its notice, from its row,
// its comments and its changes of state (oldest first).
func standing(a store.Assessment, comms []store.Comment, trs []store.StateTransition) assessment.Standing {
	st := assessment.Standing{FactualAccuracyCheck: factualAccuracyCheck(a, comms)}
	if n := len(trs); n > 0 {
		st.LastFrom = trs[n-1].From
	}
	return st
}

// staffNotice is the banner of the assessment's page for CQC staff, its
// own inspectors (who) told what waits for them; nil when nothing is to be
// said. pcs are the panel's comments on statements, linked from the
// banner of a returned assessment.
func (s *Server) staffNotice(a store.Assessment, who assessment.Audience, comms []store.Comment, trs []store.StateTransition, pcs []store.PanelComment) *frontend.Notice {
	st := standing(a, comms, trs)
	href := fmt.Sprintf("/assessments/%d", a.ID)
	switch st.NoticeFor(who, s.ukToday()) {
	case assessment.NoticeReturned:
		t := trs[len(trs)-1]
		n := &frontend.Notice{Heading: "Returned by the calibration panel",
			Body:  []string{fmt.Sprintf("%s returned the assessment to its inspectors on %s, saying:", t.ActorEmail, govDate(t.At, s.loc))},
			Quote: t.Comment}
		for _, pc := range pcs {
			if len(n.Links) == maxNoticeLinks {
				break
			}
			// On the statement's own page, which its inspectors score on.
			n.Links = append(n.Links, frontend.NoticeLink{Text: s.qsName(pc.QS),
				Href: href + "/statements/" + pc.QS + "#panel-comment-" + pc.QS + "-shown"})
		}
		if len(n.Links) > 0 {
			n.LinksIntro = "The panel also commented on " + assessment.Plural(len(pcs), "statement") + ":"
		}
		return n
	case assessment.NoticeToAnswer:
		n := &frontend.Notice{Heading: assessment.Plural(st.Unanswered, "comment") + " to answer"}
		for _, cm := range comms {
			if cm.RespondedAt != nil || len(n.Links) == maxNoticeLinks {
				continue
			}
			link := frontend.NoticeLink{Text: s.qsName(cm.QS), Href: fmt.Sprintf("#comment-%d", cm.ID)}
			if cm.Section != "" { // answered on the report page
				link = frontend.NoticeLink{Text: "The draft report: " + s.reportCommentRow(cm).QSName,
					Href: fmt.Sprintf("%s/report#comment-%d", href, cm.ID)}
			}
			link.After = "– sent by " + cm.AuthorEmail + " on " + govDate(cm.CreatedAt, s.loc)
			n.Links = append(n.Links, link)
		}
		return n
	case assessment.NoticeCanPublish:
		why := "The council's deadline for factual accuracy comments has passed and every comment is answered."
		if st.CouncilDone {
			why = "The council has said it has no more factual accuracy comments and every comment is answered."
		}
		return &frontend.Notice{Heading: "The rating can be published", Body: []string{why},
			Links: []frontend.NoticeLink{{Text: "Publish the rating", Href: "#state"}}}
	case assessment.NoticeCouncilCommenting:
		return &frontend.Notice{Heading: "The council can send comments until " + a.FADeadline.Format("Monday 2 January 2006"),
			Body: []string{"You can publish the rating after that day, or sooner if the council says it has no more comments."}}
	case assessment.NoticePublished:
		return s.publishedNotice(a)
	}
	return nil
}

// councilNotice is the banner of the council's own assessment page;
// canComment says whether this person may send comments.
func (s *Server) councilNotice(a store.Assessment, canComment bool) *frontend.Notice {
	st := assessment.Standing{FactualAccuracyCheck: factualAccuracyCheck(a, nil)}
	switch st.NoticeFor(assessment.AudienceCouncil, s.ukToday()) {
	case assessment.NoticeSendComments:
		deadline := a.FADeadline.Format("Monday 2 January 2006")
		n := &frontend.Notice{Heading: "Send any comments by " + deadline,
			Body: []string{fmt.Sprintf("Tell CQC about factual errors or omissions in the draft scores and report by the end of %s (%s).",
				deadline, assessment.DueText(*a.FADeadline, s.ukToday()))}}
		if canComment {
			n.Links = []frontend.NoticeLink{{Text: "Send a factual accuracy comment", Href: "#send-comment"},
				{Text: "Tell CQC you have no more comments", Href: "#end-comments"}}
		} else {
			n.Heading = "Your council can send comments until " + deadline
			n.Body = []string{"Your council's submitters can tell CQC about factual errors or omissions in the draft scores and report."}
		}
		return n
	case assessment.NoticeCommentsEnded:
		return &frontend.Notice{Heading: "You said you have no more comments",
			Body: []string{fmt.Sprintf("%s told CQC on %s. CQC publishes the rating once it has answered every comment.",
				a.FADoneBy, govDate(*a.FADoneAt, s.loc))}}
	case assessment.NoticeCommentsClosed:
		return &frontend.Notice{Heading: "The deadline for comments has passed",
			Body: []string{"It was the end of " + a.FADeadline.Format("Monday 2 January 2006") +
				". CQC publishes the rating once it has answered every comment."}}
	case assessment.NoticePublished:
		return s.publishedNotice(a)
	}
	return nil
}

func (s *Server) publishedNotice(a store.Assessment) *frontend.Notice {
	if a.PublishedAt == nil {
		return nil
	}
	return &frontend.Notice{Heading: "Published on " + govDate(*a.PublishedAt, s.loc),
		Links: []frontend.NoticeLink{{Text: "Read the published report", Href: fmt.Sprintf("/reports/%d", a.ID)}}}
}

// calibrationWait says why the assessment cannot be sent to calibration
// yet, in the words of both the page and the refusal.
func (s *Server) calibrationWait(r assessment.Results) string {
	scored := 0
	if r.Overall != nil {
		scored = r.Overall.Scored
	}
	return fmt.Sprintf("Score every quality statement before sending the assessment to calibration: %d of %d scored",
		scored, len(s.catalogue.Statements))
}

// audience is who p is to the assessment a: its council, one of its own
// inspectors, or other CQC staff.
func audience(p authz.Principal, a store.Assessment) assessment.Audience {
	switch {
	case p.Role.IsLA():
		return assessment.AudienceCouncil
	case p.Can(authz.ActionScore) && a.HasInspector(p.Email):
		return assessment.AudienceInspector
	}
	return assessment.AudienceStaff
}

// waitingText says in a few words, under the stage in a list of
// assessments, what waits for who on it; "" when the stage says enough.
func (s *Server) waitingText(w store.Waiting, who assessment.Audience) string {
	switch w.Standing.NoticeFor(who, s.ukToday()) {
	case assessment.NoticeReturned:
		return "Returned by the calibration panel"
	case assessment.NoticeToAnswer:
		return assessment.Plural(w.Standing.Unanswered, "comment") + " to answer"
	case assessment.NoticeCanPublish:
		return "The rating can be published"
	case assessment.NoticeCouncilCommenting:
		return "The council can send comments until " + w.Standing.Deadline.Format("2 January 2006")
	case assessment.NoticeSendComments:
		d := *w.Standing.Deadline
		return "Send any comments by " + d.Format("2 January 2006") + " (" + assessment.DueText(d, s.ukToday()) + ")"
	}
	return ""
}
