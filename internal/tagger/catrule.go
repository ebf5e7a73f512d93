package tagger

import "strings"

// The evidence category of a passage says where the evidence comes from.
// CQC's key findings usually say so themselves ("people told us", "staff
// said", "partners told us", "data showed"), which gives a rule to label
// real passages with, written down here so that anyone can check a label:
// data/category-passages.jsonl is what CategoryPassages makes of the
// repository's labelled texts.
//
// For a sentence of a CQC report, in this order:
//
//  1. Someone is said to have told CQC something: the earliest of the
//     attributions in attributionCues decides, people's experience for
//     people, carers and families, feedback from staff and leaders for
//     staff, leaders, managers and the council's self-assessment, feedback
//     from partners for partners and providers.
//  2. Otherwise, a figure or data (outcomeCues): outcomes.
//  3. Otherwise, a policy, procedure, pathway, strategy or arrangement
//     (processCues): processes.
//  4. Otherwise the sentence is not labelled (and not in the set).
//
// A sentence of a council's procedures manual is processes: the document is
// itself the process, whatever the sentence mentions.

// Category slugs the tagger learns; observation is never used for councils.
const (
	CatPeople    = "people-experience"
	CatStaff     = "staff-leaders-feedback"
	CatPartners  = "partners-feedback"
	CatProcesses = "processes"
	CatOutcomes  = "outcomes"
)

// attributionCues are the phrases by which a CQC finding says who it comes
// from, with the category each gives.
func attributionCues() map[string]string {
	return map[string]string{
		"people told us": CatPeople, "people said": CatPeople, "people reported": CatPeople, "people described": CatPeople,
		"people felt": CatPeople, "people shared": CatPeople, "people we spoke": CatPeople, "people gave": CatPeople,
		"carers told us": CatPeople, "carers said": CatPeople, "carers reported": CatPeople, "carers felt": CatPeople,
		"carers described": CatPeople, "families told us": CatPeople, "families said": CatPeople, "residents told us": CatPeople,
		"feedback from people": CatPeople, "people's feedback": CatPeople, "feedback from carers": CatPeople,
		"feedback from unpaid carers": CatPeople,
		"adult social care survey":    CatPeople, "survey of adult carers": CatPeople, "complaints": CatPeople,
		"staff told us": CatStaff, "staff said": CatStaff, "staff reported": CatStaff, "staff felt": CatStaff,
		"staff described": CatStaff, "staff we spoke": CatStaff, "staff were positive": CatStaff, "leaders told us": CatStaff,
		"leaders said": CatStaff, "leaders reported": CatStaff, "leaders described": CatStaff, "leaders acknowledged": CatStaff,
		"leaders recognised": CatStaff, "leaders were aware": CatStaff, "leaders explained": CatStaff, "managers told us": CatStaff,
		"managers said": CatStaff, "social workers told us": CatStaff, "practitioners told us": CatStaff, "staff survey": CatStaff,
		"self-assessment": CatStaff, "self assessment": CatStaff,
		"partners told us": CatPartners, "partners said": CatPartners, "partners reported": CatPartners,
		"partners described": CatPartners, "partners felt": CatPartners, "partners were positive": CatPartners,
		"providers told us": CatPartners, "providers said": CatPartners, "providers reported": CatPartners,
		"providers felt": CatPartners, "feedback from partners": CatPartners, "feedback from providers": CatPartners,
		"partner organisations told us": CatPartners, "peer review": CatPartners,
	}
}

// outcomeCues mark a figure or data.
func outcomeCues() []string {
	return []string{"%", "per cent", "percent", "data showed", "data shows", "data from", "national data", "ascof",
		"the latest data", "figures showed", "performance data", "survey data"}
}

// processCues mark a description of how the council works.
func processCues() []string {
	return []string{"policy", "policies", "procedure", "procedures", "process", "processes", "pathway", "pathways",
		"protocol", "protocols", "strategy", "strategies", "framework", "guidance", "arrangements", "systems", "audit", "audits"}
}

// CategoryRule labels one sentence by the rule above, returning the
// category and the cue that decided it, or "" when the rule gives none.
func CategoryRule(sentence, kind string) (category, cue string) {
	s := spaced(sentence)
	if kind == KindProcedure {
		return CatProcesses, "procedures manual"
	}
	best := -1
	for c, label := range attributionCues() {
		if i := strings.Index(s, cuePattern(c)); i >= 0 && (best < 0 || i < best || i == best && len(c) > len(cue)) {
			best, category, cue = i, label, c
		}
	}
	if best >= 0 {
		return category, cue
	}
	for _, list := range []struct {
		label string
		cues  []string
	}{{CatOutcomes, outcomeCues()}, {CatProcesses, processCues()}} {
		for _, c := range list.cues {
			if countPattern(s, cuePattern(c)) > 0 {
				return list.label, c
			}
		}
	}
	return "", ""
}

// CategoryExample is a passage labelled with the evidence category it is,
// with the type of the document it comes from.
type CategoryExample struct {
	Text     string `json:"text"`
	Category string `json:"category"`
	Group    string `json:"doc"`
	// DocType is the document's type as the upload form has it
	// ("procedure"), or "" for a CQC report, which is not an upload.
	DocType string `json:"doc_type"`
	// Cue is the phrase the rule labelled the passage by, which Mask
	// removes to measure how far the rest of the text gets.
	Cue string `json:"cue,omitempty"`
	// Weight and Negative are as for Example; files never set them.
	Weight   float64 `json:"-"`
	Negative bool    `json:"-"`
}

// CategoryPassages labels the sentences of labelled texts by CategoryRule,
// keeping those the rule labels and of at least 40 bytes.
func CategoryPassages(ex []Example) []CategoryExample {
	var out []CategoryExample
	for _, e := range ex {
		kind := KindOf(e)
		docType := ""
		if kind == KindProcedure {
			docType = "procedure"
		}
		for _, sp := range sentences(e.Text) {
			s := e.Text[sp.start:sp.end]
			if len(s) < 40 {
				continue
			}
			if c, cue := CategoryRule(s, kind); c != "" {
				out = append(out, CategoryExample{Text: s, Category: c, Group: e.Group, DocType: docType, Cue: cue})
			}
		}
	}
	return out
}

// Masked returns the passage with every occurrence of its cue blanked
// out, to measure what the text says beside the phrase that labelled it.
func (c CategoryExample) Masked() string {
	if c.Cue == "" || c.DocType != "" {
		return c.Text
	}
	lower := strings.ToLower(c.Text)
	cue := strings.ToLower(c.Cue)
	var b strings.Builder
	for {
		i := strings.Index(lower, cue)
		if i < 0 {
			b.WriteString(c.Text)
			return b.String()
		}
		b.WriteString(c.Text[:i])
		b.WriteString(" ")
		c.Text, lower = c.Text[i+len(cue):], lower[i+len(cue):]
	}
}
