package frontend

// AssessmentRow is one assessment in a list.
type AssessmentRow struct {
	Href       string
	LA         string
	LAName     string
	Version    string
	State      string
	StateClass string
	Opened     string
	Inspectors string
	// ID, InspectorList and Removable serve the admins' list, where each
	// inspector of an assessment not yet published has a remove button.
	ID            string
	InspectorList []string
	Removable     bool
	// Since is when it entered its current stage.
	Since string
	// Waiting is what waits for the person looking, under the stage:
	// "2 comments to answer".
	Waiting string
}

// AssessmentListPage lists the assessments a person may see.
type AssessmentListPage struct {
	Layout      Layout
	Assessments []AssessmentRow
}

// AdminAssessmentsPage lists every assessment, opens new ones and assigns
// their inspectors.
type AdminAssessmentsPage struct {
	Layout         Layout
	Flash          string
	Assessments    []AssessmentRow
	LAOptions      []Option
	VersionOptions []Option
	LAError        string
	VersionError   string
	// Removed says who was taken off which assessment and what became of
	// their assignment to its council.
	Removed *InspectorRemoval
}

// InspectorRemoval is the success banner after an inspector is removed
// from an assessment.
type InspectorRemoval struct {
	Email, LAName string
	// StillAssigned: their assignment to the council stays, so they still
	// read its evidence; removing it is done on the assignments page.
	StillAssigned bool
}

// AssessmentInspectorsPage offers the CQC inspectors who may be added to
// one assessment: people who signed in with the inspector role and are
// not on it yet, filtered by name or email and bounded.
type AssessmentInspectorsPage struct {
	Layout      Layout
	ID          string // the assessment's id
	Href        string // the assessment's page
	LAName      string
	State       string
	StateClass  string
	Current     []string // its inspectors now
	Filter      string
	Inspectors  []InspectorChoice
	More        bool // the list is cut: narrow it with the filter
	Limit       int
	ChoiceError string
}

// InspectorChoice is one inspector an admin may choose.
type InspectorChoice struct {
	ID, Name, Email string
	Checked         bool
}

// AssessmentResults are the computed results shown on an assessment.
type AssessmentResults struct {
	HasOverall    bool
	Percent       int
	Rating        string
	Position      string // "near the upper threshold of Good", ...
	Scored, Total int
	Complete      bool
	Section50     bool
	Section50QS   []string
	// Gap is how far the overall percentage is from the band above: "13
	// points from Outstanding (88%)"; empty in the top band.
	Gap string
}

// CitationRow is one cited page.
type CitationRow struct {
	Title string
	Href  string
	Page  int
}

// MeasureCitationRow is an outcome measure cited for a score or a
// paragraph, with its figure and England's as they were when cited.
type MeasureCitationRow struct {
	ID      string // the measure's code, 2A
	Name    string
	Source  string // ASCOF, ASCS
	Year    string
	Value   string
	England string
}

// DocPicker is the search of a citation picker: a GET form asking its page
// again with what was typed, and what it found (the lists of the picker
// hold those documents).
type DocPicker struct {
	ID     string // prefix of its ids; the lists it fills have data-picker="ID"
	Action string // the page, and fragment, the form asks again
	// Hidden are the query values that keep the page as it was (Label is
	// the name).
	Hidden     []Option
	Query      string
	Status     string // "Showing 1 to 50 of 230 documents matching “carers”"
	Prev, Next string
	// Found are the documents found, labelled as the page labels them, for
	// the script's fragment.
	Found []Option
}

// DocPickerResults is the fragment the picker's script asks for.
type DocPickerResults struct {
	Picker  DocPicker
	Options []Option
}

// OptionGroup is a labelled group of a select's options.
type OptionGroup struct {
	Label   string
	Options []Option
}

// MeasureInput is one outcome measure row of a citation picker: every
// measure and year the council has a figure for, the statement's own
// measures first.
type MeasureInput struct {
	Groups []OptionGroup
}

// CiteInput is one row of the evidence citation picker.
type CiteInput struct {
	Docs []Option
	Page string
}

// ScoreItem is one score: of a quality statement, or of one of its
// evidence categories under the interim method.
type ScoreItem struct {
	ID           string // prefix of the form's field ids
	QS           string
	QSName       string
	Category     string
	CategoryName string
	Score        int
	ScoreText    string
	Rationale    string
	Version      int
	UpdatedBy    string
	UpdatedAt    string
	Citations    []CitationRow
	CiteInputs   []CiteInput
	NoEvidence   bool
	// LA is the assessed council's code, for the picker's search link.
	LA string
	// MeasureCitations are the outcome measures cited; MeasureInputs the
	// picker's rows for them (none when the council has no figures).
	MeasureCitations []MeasureCitationRow
	MeasureInputs    []MeasureInput
	// Picker finds the documents its lists offer (the open form only).
	Picker *DocPicker
	// Editing: this item shows its form; the others show a Change link, so
	// that the page carries one evidence picker, not one per score.
	Editing        bool
	ScoreOptions   []Option
	ScoreError     string
	RationaleError string
	CitationError  string
	// Conflict is the newer value that refused this form's save.
	Conflict *ScoreItem
}

// QSSection is one quality statement on an assessment page.
type QSSection struct {
	Slug       string
	Number     int
	Name       string
	Leadership bool
	ScoreText  string // "3 – Good standard" or "Not scored yet"
	Percent    string // interim: "69% from 4 evidence categories"
	Items      []ScoreItem
	Comments   []CommentRow
	// Outcomes are the national outcome measures that evidence the statement.
	Outcomes []OutcomeMeasure
	// PanelComment is the calibration panel's comment on the statement;
	// PanelDraft and PanelError the panel's form shown again with its error.
	PanelComment *PanelCommentRow
	PanelDraft   string
	PanelError   string
	// Href is the statement's own page; Status ("Not started", "In
	// progress", "Completed") and StatusClass its task list status and tag
	// colour ("" for completed, shown as text); Scored of Total items
	// scored.
	Href          string
	Status        string
	StatusClass   string
	Scored, Total int
	// Gap is how far the statement is from the next score up, under a
	// version that scores categories: "19 points from 4 – Exceptional
	// standard (88%)".
	Gap string
}

// StatementFocus is the page of one statement of an assessment's task list:
// where it is among the nine, what the last save did, and where the
// statement and the overall rating now stand.
type StatementFocus struct {
	Number, Count int
	Name          string
	// Saved is the success banner after a save; nil otherwise.
	Saved *SavedScore
	// Prev and Next are the neighbouring statements' pages.
	Prev, Next *Link
	// Standing is the statement's score, the overall rating and how far
	// each is from the next band, as they are now.
	Standing []Fact
}

// SavedScore is the banner of a saved score: what was saved, where it
// leaves the statement and the overall rating, and what to do next.
type SavedScore struct {
	Heading string
	Lines   []string
	Next    *Link
}

// Link is a link with its text.
type Link struct {
	Href, Text string
}

// Fact is one row of a summary list.
type Fact struct {
	Key, Value string
}

// PanelCommentRow is the calibration panel's comment on one statement.
type PanelCommentRow struct {
	QSName string
	Href   string // the statement on the assessment page
	Body   string
	Author string
	When   string
}

// AssessmentDecisionPage confirms one of the calibration panel's decisions:
// validating (the council is told and has its deadline) or returning to the
// inspectors (with a reason).
type AssessmentDecisionPage struct {
	Layout Layout
	Href   string
	LAName string
	// Return: returning to the inspectors; otherwise validating.
	Return       bool
	Deadline     string
	Comment      string
	CommentError string
	// PanelComments go to the inspectors with the decision.
	PanelComments []PanelCommentRow
}

// CommentRow is one factual accuracy comment with its answer.
type CommentRow struct {
	ID     int64
	QSName string
	// Target and Kind say what a comment on the report is about ("Paragraph
	// 2", "Figure: Total spend, actual") and what kind of correction it is.
	Target      string
	Kind        string
	Body        string
	Evidence    *CitationRow
	Author      string
	When        string
	Response    string
	RespondedBy string
	RespondedAt string
	AnswerError string
}

// TransitionRow is one recorded state change.
type TransitionRow struct {
	When    string
	Who     string
	From    string
	To      string
	Comment string
}

// HistoryRow is one entry of the score history.
type HistoryRow struct {
	When      string
	Who       string
	What      string // quality statement, and category under the interim method
	Old       string
	New       string
	Rationale string
	Notes     []string // "Reviewed, unchanged", "Quality statement score 3 to 2", "Overall rating Good to Requires improvement"
}

// AssessmentPage is an assessment as CQC staff see it: the scoring page
// for its inspectors, read-only for the panel and admins.
type AssessmentPage struct {
	Layout       Layout
	ID           int64
	Href         string
	LA           string
	LAName       string
	VersionName  string
	Categories   bool // scored by evidence category
	State        string
	StateLabel   string
	StateClass   string
	Flash        string
	Warning      string
	Inspectors   []string
	Deadline     string
	LastAssessed string
	RatingChange string
	Results      AssessmentResults
	Statements   []QSSection
	Transitions  []TransitionRow
	History      []HistoryRow
	Comments     []CommentRow
	CanScore     bool
	CanSubmit    bool
	CanCalibrate bool
	// CanPanelComment: the panel may comment on each statement now.
	CanPanelComment bool
	CanPublish      bool
	CanAnswer       bool
	CanExport       bool
	// CanDownloadPack: the person may download the evidence pack.
	CanDownloadPack bool
	// Section50 is set when the published scores trigger section 50.
	Section50    *Section50Summary
	StateError   string
	StateComment string
	// PublishWait says why the rating cannot be published yet, to those
	// who could publish it (the words the refusal uses); CouncilDone when
	// the council said it had no more comments.
	PublishWait string
	CouncilDone string
	// SubmitWait says why the assessment cannot be sent to calibration yet,
	// to those who could send it.
	SubmitWait string
	// Notice is what waits for the person looking, or where it stands.
	Notice *Notice
	// ReportComments and ReportUnanswered count the council's comments on
	// the draft report, which are answered on the report page.
	ReportComments   int
	ReportUnanswered int
	// Statement is set on the page of one statement: Statements then holds
	// it alone, with its score forms.
	Statement *StatementFocus
	// ScoredStatements counts the statements with a score, for the task
	// list; CheckHref is the check answers page.
	ScoredStatements int
	CheckHref        string
}

// AssessmentLAPage is a council's own assessment: its state, and from
// factual accuracy onwards its scores, findings and comments.
type AssessmentLAPage struct {
	// Picker finds the documents the page's evidence lists offer.
	Picker      *DocPicker
	Layout      Layout
	ID          int64
	Href        string
	LAName      string
	VersionName string
	Categories  bool
	StateLabel  string
	StateClass  string
	StateSince  string
	Flash       string
	ShowScores  bool
	// CanDownloadPack: the person may download the pack of the council's
	// evidence of this assessment.
	CanDownloadPack bool
	Deadline        string
	Open            bool // comments may be sent now
	CanComment      bool
	// CouncilDone says who told CQC the council had no more comments, and when.
	CouncilDone  string
	LastAssessed string
	RatingChange string
	PublishedAt  string
	Results      AssessmentResults
	Statements   []QSSection
	QSOptions    []Option
	DocOptions   []Option
	Comment      string
	Page         string
	QSError      string
	BodyError    string
	DocError     string
	// Notice is what waits for the council, or where it stands.
	Notice *Notice
}

// RatingRow is one council's published rating.
type RatingRow struct {
	LA string
	// Region is the council's region's name (and code), "" when the
	// region lookup does not have the council.
	Region, RegionCode string
	// ReportHref is the published report.
	ReportHref   string
	LAName       string
	Rating       string
	Percent      int
	Position     string
	QS           []RatingQS
	PublishedAt  string
	LastAssessed string
	RatingChange string
}

// RatingQS is one quality statement's published score.
type RatingQS struct {
	Name  string
	Score int
}

// RatingsPage is the public list of published ratings.
type RatingsPage struct {
	Layout  Layout
	Ratings []RatingRow
	// Query and Rating narrow the list (by name or code, by overall
	// rating); All is how many there are before; Filtered says whether
	// anything narrows it.
	Query, Rating, Region        string
	RatingOptions, RegionOptions []Option
	All                          int
	Filtered                     bool
	// Key says what each quality statement score means, 4 first.
	Key []Option
}
