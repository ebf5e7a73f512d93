package frontend

// ReturnPage is an assessment's information return: the draft inspectors
// edit and issue, the list of items the council answers and submits, and
// the progress both sides see. Filter narrows it to one part or one
// quality statement.
type ReturnPage struct {
	Layout         Layout
	Flash          string
	Href           string // the return's page
	AssessmentHref string
	LAName         string
	// Started: the assessment has a return (draft or later).
	Started                bool
	CanStart               bool
	CanEdit                bool // edit items and issue (draft)
	CanAnswer              bool
	CanSubmit              bool
	StateLabel, StateClass string
	DueDays                string
	DueDaysError           string
	Due                    string // "23 March 2026"
	DueText                string // "due in 4 days"
	Issued, Submitted      string
	SubmittedBy            string
	// Progress reads "9 of 11 required items answered".
	Progress string
	Complete bool
	Parts    []ReturnPartView
	QS       []ReturnFilterLink
	Filter   string // what the page is narrowed to, "" for everything
	// Overdue are items past their date, shown first.
	Overdue []ReturnItemRow
	// Missing are the required items without an answer, for the reasons
	// the submission asks for.
	Missing     []ReturnItemRow
	SubmitError string
	// NewItem is the form that adds an item to the draft.
	NewItem ReturnNewItemForm
}

// ReturnNewItemForm adds an item to a draft return: the choices, what was
// typed and what was wrong with each field.
type ReturnNewItemForm struct {
	Parts, Kinds, QS       []Option
	Title, Wanted, Columns string
	Required, Personal     bool
	PartError, TitleError  string
	WantedError, KindError string
	ColumnsError, QSError  string
}

// ReturnPartView is one part of a return with its items.
type ReturnPartView struct {
	Slug, Name, About, Href string
	Progress                string
	Items                   []ReturnItemRow
}

// ReturnFilterLink is a link to the return narrowed to a part or statement.
type ReturnFilterLink struct {
	Name, Href, Progress string
}

// ReturnItemRow is one item as lists and its own page show it.
type ReturnItemRow struct {
	ID, Href             string
	Key                  string
	Title, Wanted        string
	Kind, KindLabel      string
	Required, Personal   bool
	StatusLabel          string
	StatusClass          string
	QSNames, Categories  string
	Source               string
	Due                  string
	AnsweredBy, Answered string
	Link, Text           string
	Columns              []string
	Rows                 [][]string
	Citations            []ReturnCitationRow
	Reason               string
	HasAnswer            bool
	// Hidden: the answer holds personal data this person may not see.
	Hidden bool
	// Edit form of a draft item.
	TitleError, WantedError string
	ReasonError             string
}

// ReturnCitationRow is one cited document version.
type ReturnCitationRow struct {
	Title, Href string
	Page        int
	Section     string
	Withdrawn   bool
	// NewerHref links a newer version uploaded since, "" when none.
	NewerHref string
}

// ReturnItemPage is one item of a return: what is wanted, the answer and,
// for the council's submitters while the return is open, the answer form.
type ReturnItemPage struct {
	// Picker finds the documents the page's evidence lists offer.
	Picker     *DocPicker
	Layout     Layout
	Flash      string
	ReturnHref string
	Action     string
	LAName     string
	Item       ReturnItemRow
	CanAnswer  bool
	Version    int
	Link, Text string
	// TableRows are the table's inputs: the saved rows and some empty ones.
	TableRows [][]string
	CiteRows  []ReturnCiteInput
	// UploadHref uploads a new file with the item's statement as a hint.
	UploadHref string
	// Personal: the page says who may see the answer and when it is deleted.
	PersonalNote string
	// Error is what was wrong with the answer sent.
	Error string
}

// ReturnCiteInput is one row of the documents picker: a document of the
// council's own, a page and a section.
type ReturnCiteInput struct {
	N    int
	Docs []Option
	// Pick: the row lists the documents the picker found (an empty row).
	Pick    bool
	Page    string
	Section string
}

// DueRow is something due, on a home page.
type DueRow struct {
	Title, Href, Due, DueText string
	Overdue                   bool
}

// RequestsPage lists an assessment's further evidence requests and, for
// its inspectors, the form to raise one.
type RequestsPage struct {
	Layout         Layout
	Flash          string
	Href           string
	AssessmentHref string
	LAName         string
	Requests       []RequestRow
	CanRaise       bool
	QSOptions      []Option
	Wanted         string
	Day, Month     string
	Year           string
	QSError        string
	WantedError    string
	DueError       string
}

// RequestRow is one request in a list, or the head of its thread.
type RequestRow struct {
	ID, Href         string
	QSNames          string
	Wanted           string
	Due, DueText     string
	Overdue, Open    bool
	RaisedBy, Raised string
	ClosedBy, Closed string
}

// RequestPage is one request's thread, with the reply form while it is
// open and, for its inspector, the button that accepts the answer.
type RequestPage struct {
	// Picker finds the documents the page's evidence lists offer.
	Picker       *DocPicker
	Layout       Layout
	Flash        string
	ListHref     string
	Action       string
	LAName       string
	Request      RequestRow
	Messages     []MessageRow
	CanReply     bool
	CanAccept    bool
	Docs         []Option
	Text, Link   string
	Page         string
	MessageError string
}

// MessageRow is one message of a thread.
type MessageRow struct {
	Author, Role, When string
	Text, Link         string
	Doc                *CitationRow
}

// NotificationsPage lists what a person was told about, newest first.
type NotificationsPage struct {
	Layout        Layout
	Notifications []NotificationRow
}

// NotificationRow is one notification.
type NotificationRow struct {
	Message, Href, When string
	New                 bool
}
