package frontend

// Section50Page shows the section 50 letters of a published assessment
// whose scores trigger the duty: each letter drafted from its template,
// whether it was sent, and, for those who may, the form that records it.
type Section50Page struct {
	Layout     Layout
	Href       string // the assessment's page
	LAName     string
	Published  string
	Rule       string
	Source     string
	Statements []string
	Flash      string
	CanRecord  bool
	Letters    []Section50LetterView
}

// Section50LetterView is one letter: as drafted (or, once sent, as it was
// sent), its state and its form.
type Section50LetterView struct {
	Key, Title, Recipient, Subject string
	Paragraphs                     []string
	// Sent says when it was sent and who recorded it; "" until then.
	Sent   string
	Action string
	// The form's fields, shown again with Error when refused.
	Day, Month, Year string
	Error            string
}

// Section50Summary is what the assessment page says of section 50: the
// statements that triggered it and where each letter stands.
type Section50Summary struct {
	Href       string
	Statements []string
	Letters    []Section50Status
}

// Section50Status is one letter's title and state.
type Section50Status struct {
	Title, Status string
}
