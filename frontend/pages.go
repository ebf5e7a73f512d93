package frontend

import "html/template"

// Layout is what every page shares: the title's error prefix, the signed-in
// person, the navigation and the CSRF token its forms carry.
type Layout struct {
	User      *User
	Nav       []NavItem
	CSRFToken string
	Errors    []FieldError
}

// HasErrors reports whether the page shows an error summary.
func (l Layout) HasErrors() bool { return len(l.Errors) > 0 }

// User is the signed-in person as the header shows them.
type User struct {
	Email  string
	Role   string
	LAName string
}

// NavItem is one link of the service navigation.
type NavItem struct {
	Label  string
	Href   string
	Active bool
}

// FieldError is one entry of a GOV.UK error summary; Field is the id of the
// input it links to.
type FieldError struct {
	Field   string
	Message string
}

// LALink is a council in a list.
type LALink struct {
	Code string
	Name string
	Href string
}

// Option is one choice of a select.
type Option struct {
	Value    string
	Label    string
	Selected bool
}

// StartPage is the service's front door for people not signed in.
type StartPage struct{ Layout Layout }

// LAHomePage is the start page of council staff.
type LAHomePage struct {
	Layout    Layout
	LACode    string
	LAName    string
	LAHref    string
	CanSubmit bool
	// Due is what CQC has asked for and the council has not sent yet.
	Due []DueRow
}

// InspectorHomePage lists an inspector's councils.
type InspectorHomePage struct {
	Layout Layout
	LAs    []LALink
	// Overdue are further evidence requests past their due date.
	Overdue []DueRow
	// Waiting is what waits for the inspector on their assessments.
	Waiting InspectorWaiting
}

// PanelHomePage is the start page of calibration panel members.
type PanelHomePage struct {
	Layout Layout
	LAs    []LALink
	// Awaiting are the assessments in calibration, longest waiting first.
	Awaiting []AssessmentRow
}

// AdminHomePage links to the administration pages.
type AdminHomePage struct{ Layout Layout }

// LAPage is the overview of one council.
type LAPage struct {
	Layout Layout
	Code   string
	Name   string
	// Ready counts the council's documents ready to read; Processing those
	// still being checked and read.
	Ready, Processing int
	DocumentsHref     string
	// Assessment is the stage of the council's latest assessment, empty
	// when none was opened.
	Assessment, AssessmentClass, AssessmentHref string
	// Outcomes are the council's national outcome figures by statement.
	Outcomes []OutcomeStatement
}

// ErrorPage explains a problem: not found, no access, a server error.
type ErrorPage struct {
	Layout     Layout
	Heading    string
	Paragraphs []string
	RequestID  string
}

// SignedOutPage confirms sign-out.
type SignedOutPage struct{ Layout Layout }

// CookiesPage lists the cookies the service sets.
type CookiesPage struct {
	Layout      Layout
	IdleTimeout string
	MaxAge      string
}

// AccessibilityPage is the accessibility statement.
type AccessibilityPage struct{ Layout Layout }

// AdminLAsPage lists councils and holds the add-a-council form.
type AdminLAsPage struct {
	Layout    Layout
	Flash     string
	LAs       []LALink
	Code      string
	Name      string
	CodeError string
	NameError string
}

// AssignmentRow is one inspector assignment.
type AssignmentRow struct {
	Email  string
	LA     string
	LAName string
	When   string
	By     string
}

// AdminAssignmentsPage lists assignments and holds the assign form.
type AdminAssignmentsPage struct {
	Layout      Layout
	Flash       string
	Assignments []AssignmentRow
	LAOptions   []Option
	Email       string
	EmailError  string
	LAError     string
}

// UserRow is one user in the admin list.
type UserRow struct {
	ID        int64
	Email     string
	Role      string
	LA        string
	LastLogin string
}

// AdminUsersPage lists users.
type AdminUsersPage struct {
	Layout Layout
	Flash  string
	Users  []UserRow
}

// AuditRow is one audit entry, formatted.
type AuditRow struct {
	When    string
	Who     string
	Action  string
	Object  string
	LA      string
	IP      string
	Detail  string
	Outcome string
	Repeats string // "and 41 more times in that minute: ..." for aggregated entries
}

// AdminAuditPage is one page of the audit log.
type AdminAuditPage struct {
	Layout   Layout
	Entries  []AuditRow
	Total    int64
	PrevHref string
	NextHref string
	// The filters as typed, the problems with them, and the export of
	// what they keep.
	Person, LA, Action, Outcome, From, To string
	FromError, ToError                    string
	CSVHref                               string
}

// DocumentRow is one document in a list.
type DocumentRow struct {
	ID          string
	Href        string
	Title       string
	LA          string
	Type        string
	UploadedBy  string
	UploadedAt  string
	Size        string
	Status      string
	StatusClass string // GOV.UK tag colour modifier
	Reason      string
	Pages       int
}

// DocumentsPage lists documents with filters.
type DocumentsPage struct {
	Layout        Layout
	Flash         string
	CanUpload     bool
	Documents     []DocumentRow
	StatusOptions []Option
	TypeOptions   []Option
	LAOptions     []Option // only for people who see several councils
	Refresh       bool     // some documents are still being processed
	// Total is how many documents the filters keep, over every page.
	Total      int
	Pagination *SearchPagination
}

// UploadPage is the upload form.
type UploadPage struct {
	Layout          Layout
	MaxSize         string
	Accept          string // the file input's accept attribute
	AllowedTypes    string
	TypeOptions     []Option
	QSOptions       []Option
	CategoryOptions []Option
	Title           string
	Period          string
	Description     string
	Replaces        string
	ReplacesTitle   string
	FileError       string
	TypeError       string
	TitleError      string
	PeriodError     string
	DescError       string
	QSError         string
	CategoryError   string
	DuplicateHref   string
}

// DocumentPage shows one document: its details, history and text.
type DocumentPage struct {
	Layout   Layout
	Doc      DocumentRow
	Filename string
	Kind     string
	Period   string
	// TypeGuess and PeriodGuess say a detail is a guess ("Guessed from the
	// text"); ChangeHref is where its uploader changes the details.
	TypeGuess, PeriodGuess string
	ChangeHref             string
	QSHint                 string
	Category               string
	Description            string
	SHA256                 string
	CanDownload            bool
	CanReplace             bool
	CanRetry               bool
	CanWithdraw            bool
	// Versions is the document's history, newest first, this one included
	// (marked Current) when there is more than one version.
	Versions []VersionRow
	// NewerHref links to the newest version when this one was replaced.
	NewerHref string
	TextPages []TextPage
	TextNote  string
	// TextRange and TextPagination are set when the text is longer than
	// one screen: which pages are shown, and links to the other screens.
	TextRange      string
	TextPagination *SearchPagination
	Tags           *DocumentTags // nil until the document was tagged
}

// VersionRow is one version in a document's history.
type VersionRow struct {
	DocumentRow
	Current bool
}

// TextPage is the extracted text of one page.
type TextPage struct {
	Number int
	Text   string
	// Segments, when set, are Text cut around highlighted passages.
	Segments []TextSegment
	// NeedsOCR: the page is an image with no text that was read.
	NeedsOCR bool
}

// SearchPage is the search form and its results, grouped by document.
type SearchPage struct {
	Layout     Layout
	Query      string
	QueryError string
	ByDate     bool
	Searched   bool
	Total      int
	Hits       []SearchHit
	Facets     []Facet
	Bulk       *BulkTagForm // inspectors: accept a tag on several results
	Pagination *SearchPagination
	// LikeTitle is set when the results are documents like this one.
	LikeTitle string
	LikeHref  string
	// SaveQuery is the query string the "Save this search" form sends;
	// empty when the person cannot save searches.
	SaveQuery string
	// Selected are the filters in force, each with a link that removes it;
	// ClearHref removes them all. Kept are the same as the search form's
	// hidden fields, so that a new search or sort keeps them.
	Selected  []SelectedFilter
	ClearHref string
	Kept      []KeptFilter
}

// SelectedFilter is one filter in force.
type SelectedFilter struct {
	Facet, Label string
	RemoveHref   string
}

// KeptFilter is a filter the search form sends again.
type KeptFilter struct{ Name, Value string }

// SearchHit is one document with its best pages.
type SearchHit struct {
	ID    string
	Title string
	Href  string
	LA    string
	Type  string
	Pages []SearchPageHit
	// SimilarHref finds documents like this one.
	SimilarHref string
}

// SearchPageHit is one matching page. Snippet is HTML made by the index's
// highlighter, which escapes the document's text and adds only <mark>.
type SearchPageHit struct {
	Number  int
	Href    string
	Snippet template.HTML
}

// Facet is one way to narrow results, with counts.
type Facet struct {
	Name   string
	Label  string
	Values []FacetValue
}

// FacetValue is one value of a facet.
type FacetValue struct {
	Label    string
	Count    int
	Href     string
	Selected bool
}

// SearchHelpPage documents the query language.
type SearchHelpPage struct{ Layout Layout }

// WithdrawPage confirms the withdrawal of a document and asks why.
type WithdrawPage struct {
	Layout           Layout
	Doc              DocumentRow
	Reason           string
	ReasonError      string
	AlreadyWithdrawn bool
}

// UploadDetailsPage sets each file's details after an upload of several:
// the review step, one fieldset a file.
type UploadDetailsPage struct {
	Layout Layout
	Files  []UploadFileDetails
}

// UploadFileDetails is one file of the review step, with its errors.
type UploadFileDetails struct {
	ID, Filename, Href  string
	Title, Period, Desc string
	TypeOptions         []Option
	// Guessed says what was guessed from what: "The type and period were
	// guessed from the file's name."; "" when nothing was.
	Guessed                                       string
	TitleError, TypeError, PeriodError, DescError string
}
