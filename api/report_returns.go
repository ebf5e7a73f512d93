package api

import (
	"fmt"
	"net/url"
	"strconv"

	"github.com/evidenceportal/portal/frontend"
	"github.com/evidenceportal/portal/internal/report"
	"github.com/evidenceportal/portal/internal/store"
)

// returnCiteRows adds to each paragraph the answers of the submitted
// return it cites, by title (no link: the caller adds one where the reader
// may open the item).
func returnCiteRows(ps []frontend.ReportParagraph, cites []store.ReturnCite) {
	for _, rc := range cites {
		if rc.Paragraph >= 1 && rc.Paragraph <= len(ps) {
			p := &ps[rc.Paragraph-1]
			p.Returns = append(p.Returns, frontend.ReturnCiteRow{Title: rc.Title, Item: rc.Item})
		}
	}
}

// linkReturnCites links each cited answer of the draft to its item's page.
func linkReturnCites(v *frontend.ReportSectionView, assessmentID int64) {
	for i := range v.Paragraphs {
		for j := range v.Paragraphs[i].Returns {
			r := &v.Paragraphs[i].Returns[j]
			r.Href = fmt.Sprintf("/assessments/%d/return/items/%d", assessmentID, r.Item)
		}
	}
}

// reportReturnInput is one row citing an item of the submitted return for
// a paragraph, the item selected selected.
func reportReturnInput(items []store.ReturnCite, para, selected string) frontend.ReportReturnInput {
	in := frontend.ReportReturnInput{Paragraph: para}
	for _, it := range items {
		v := strconv.FormatInt(it.Item, 10)
		in.Items = append(in.Items, frontend.Option{Value: v, Label: it.Title, Selected: v == selected})
	}
	return in
}

// reportReturnInputs are the cited rows and an empty one; none when the
// council's return is not submitted (nothing may be cited).
func reportReturnInputs(items []store.ReturnCite, cited []frontend.ReportReturnInput) []frontend.ReportReturnInput {
	if len(items) == 0 {
		return nil
	}
	return append(cited, reportReturnInput(items, "", ""))
}

// parseReportReturns reads the section form's citations of the submitted
// return (paragraph and item), keeping what was typed for the form shown
// again. Which items may be cited is the store's to check.
func parseReportReturns(vals url.Values, in *store.ReportSectionInput, form *frontend.ReportSectionForm) {
	paras, items := vals["cite_rpara"], vals["cite_item"]
	for i := range items {
		para, v := nth(paras, i), nth(items, i)
		row := frontend.ReportReturnInput{Paragraph: para}
		if v != "" {
			row.Items = []frontend.Option{{Value: v}}
		}
		form.Returns = append(form.Returns, row)
		if v == "" && para == "" {
			continue
		}
		pn, err := strconv.Atoi(para)
		item, err2 := strconv.ParseInt(v, 10, 64)
		switch {
		case v == "":
			form.CiteError = "Choose the answer of the information return each paragraph cites"
		case err != nil || pn < 1:
			form.CiteError = "Enter the number of the paragraph each citation supports, like 2"
		case err2 != nil || item < 1:
			form.CiteError = returnCiteMessage
		default:
			in.Returns = append(in.Returns, store.ReturnCite{Paragraph: pn, Item: item})
		}
	}
}

// returnCiteMessage refuses an item that may not be cited, whatever the
// reason (another council's, another assessment's, a return not
// submitted, personal data, missing): the same words, so nothing leaks.
const returnCiteMessage = "Choose an answer of the council's submitted information return from the list"

// returnParagraphsIn holds when every return citation names a paragraph of
// the text.
func returnParagraphsIn(body string, rs []store.ReturnCite) bool {
	n := len(report.Paragraphs(body))
	for _, r := range rs {
		if r.Paragraph > n {
			return false
		}
	}
	return true
}

// selectedReturns are the rows of a refused form again, each with the
// items offered and what was chosen selected, and an empty row.
func selectedReturns(items []store.ReturnCite, rows []frontend.ReportReturnInput) []frontend.ReportReturnInput {
	var cited []frontend.ReportReturnInput
	for _, r := range rows {
		if r.Paragraph == "" && len(r.Items) == 0 {
			continue
		}
		sel := ""
		if len(r.Items) > 0 {
			sel = r.Items[0].Value
		}
		cited = append(cited, reportReturnInput(items, r.Paragraph, sel))
	}
	return reportReturnInputs(items, cited)
}
