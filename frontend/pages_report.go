package frontend

import "html/template"

// ReportParagraph is one paragraph of a report section, rendered from the
// inspectors' restricted Markdown, with the evidence it cites.
type ReportParagraph struct {
	Number    int
	HTML      template.HTML
	Citations []CitationRow
	// Measures are the outcome measures it cites, as cited.
	Measures []MeasureCitationRow
	// Returns are the answers of the council's submitted information
	// return it cites.
	Returns []ReturnCiteRow
}

// ReturnCiteRow is one cited answer of the submitted information return:
// the item's title, and where signed-in readers open it (none in the
// published report and the pack).
type ReturnCiteRow struct {
	Title string
	Href  string
	// Item is the cited item's id.
	Item int64
}

// ReportReturnInput is one row citing an item of the submitted return for
// a paragraph: the items offered, the cited one selected.
type ReportReturnInput struct {
	Paragraph string
	Items     []Option
}

// ReportChange is one paragraph of what changed in a section since a
// reader last saw it.
type ReportChange struct {
	Added, Removed bool
	Text           string
}

// ReportField is one figure of the facts form.
type ReportField struct {
	Name, Label, Hint, Value, Error string
	Width                           string // govuk-input--width-N
}

// ReportCiteInput is one citation row of a section's form.
type ReportCiteInput struct {
	Paragraph string
	Docs      []Option
	Page      string
}

// ReportMeasureInput is one row citing an outcome measure for a paragraph.
type ReportMeasureInput struct {
	Paragraph string
	MeasureInput
}

// ReportSectionForm is the open form of one section.
type ReportSectionForm struct {
	Body      string
	Version   int
	BodyError string
	CiteError string
	Cites     []ReportCiteInput
	// Picker finds the documents the citation lists offer.
	Picker *DocPicker
	// Measures are the rows citing outcome measures (none when the council
	// has no figures).
	Measures []ReportMeasureInput
	// Returns are the rows citing items of the council's submitted
	// information return (none until it is submitted).
	Returns []ReportReturnInput
	// Fields are the facts, for "About the local authority" only.
	Fields []ReportField
	// Conflict is the newer text that refused this form's save.
	Conflict *ReportSectionView
}

// ReportSectionView is one section of a report as it is shown.
type ReportSectionView struct {
	Key   string
	Title string
	// Kind is the section's kind: summary, people, theme, qs, strengths,
	// development, direction or about.
	Kind string
	// For a quality statement: what people expect (its I statements), the
	// local authority commitment (its we statement) and its score.
	Expect     []string
	Commitment string
	ScoreText  string
	Paragraphs []ReportParagraph
	// Outcomes are the national outcome measures the section shows: the
	// live figures in the draft, those frozen at publication once published.
	Outcomes []OutcomeMeasure
	// Facts are the sentences about the local authority.
	Demographics []string
	Finances     []string
	Version      int
	UpdatedBy    string
	UpdatedAt    string
	EditHref     string
	Form         *ReportSectionForm
	// Changes is what changed since Baseline, shown when Changed.
	Changed  bool
	Changes  []ReportChange
	Comments []CommentRow
}

// ReportVersionRow is one saved version in the report's history.
type ReportVersionRow struct {
	When, Who, Section string
	Version            int
}

// ReportPage is the draft report of an assessment: written and changed by
// its inspectors section by section, read by the panel, checked by the
// council.
type ReportPage struct {
	// Picker finds the documents the page's evidence lists offer.
	Picker     *DocPicker
	Layout     Layout
	ID         int64
	Href       string
	LAName     string
	StateLabel string
	StateClass string
	Flash      string
	// Council: the page of the assessed council's staff; Visible is false
	// until the draft reaches them.
	Council bool
	Visible bool
	CanEdit bool
	// CanAnswer: the inspector may answer the council's comments.
	CanAnswer bool
	Deadline  string
	// Baseline says since when Changes are counted ("since the council
	// received the draft on 3 December 2026"), "" when there is none.
	Baseline string
	Sections []ReportSectionView
	Versions []ReportVersionRow
	// The council's comment form.
	CanComment     bool
	SectionOptions []Option
	KindOptions    []Option
	FigureOptions  []Option
	// CitationOptions are the pieces of evidence the draft cites, by
	// section, for a comment on one of them.
	CitationOptions []OptionGroup
	DocOptions      []Option
	Comment         ReportCommentForm
	// Correction is the correction of the published report, for CQC staff
	// once it is published; nil before.
	Correction *ReportCorrection
}

// ReportCorrection is the correction of a published report: its
// inspectors start one, change sections, and publish it as a new version
// with what changed.
type ReportCorrection struct {
	// Version is the version the public reads now, published on Published;
	// Next the one a correction publishes.
	Version, Next int
	Published     string
	PublicHref    string
	// Open: the inspectors are correcting it.
	Open       bool
	CanStart   bool
	CanPublish bool
	// Reason is the "What changed" text, shown again with ReasonError.
	Reason      string
	ReasonError string
	// Problem is why starting or publishing was refused.
	Problem string
}

// ReportCommentForm is a council's factual accuracy comment on the report,
// shown again with its errors.
type ReportCommentForm struct {
	Body, Paragraph, Page                           string
	SectionError, KindError, BodyError, TargetError string
	DocError                                        string
}

// PublicReportPage is one page of a published report, public without
// sign-in: its summary, one theme, or about the local authority.
type PublicReportPage struct {
	Layout      Layout
	Title       string
	LAName      string
	Href        string // the summary page
	PDFHref     string
	Rating      string
	Percent     int
	Published   string
	LastUpdated string
	// RatingChange says the previous assessment's rating when it was
	// another ("Previous rating: Good, published 3 December 2026").
	RatingChange string
	// Scores are every quality statement's score with its meaning.
	Scores []PublicScore
	// Nav is the report's pages, the current one marked.
	Nav      []NavItem
	Sections []ReportSectionView
	// Earlier is set when this is not the latest version of the report.
	Earlier *EarlierVersion
	// Versions lists every version of this report, newest first, when
	// there are several; Others the council's other assessments' reports.
	Versions []PublicVersion
	Others   []PublicVersion
}

// EarlierVersion says which version of a report a page shows, when a later
// one exists, and links the same page of the latest.
type EarlierVersion struct {
	Version    int
	LatestHref string
}

// PublicScore is one quality statement's published score.
type PublicScore struct {
	Name, Meaning, Href string
	Score               int
	// Reviewed is the day a reassessment kept the score of the council's
	// previous published assessment; Changed the previous score when it
	// changed ("2 – Some shortfalls").
	Reviewed string
	Changed  string
}

// PublicVersion is one publication of a council's report: its version,
// when, and what it changed ("" for the first).
type PublicVersion struct {
	Href, Published string
	Version         int
	Reason          string
	Current         bool
}

// ReportDocument is a whole published report as one document, the source
// of its PDF: the summary, each theme with its quality statements, and
// about the local authority, from the same sections as the public pages.
type ReportDocument struct {
	// Title is the document's title (the PDF's); Lang its language.
	Title, Lang string
	LAName      string
	Rating      string
	Percent     int
	Published   string
	LastUpdated string
	Version     int
	// Reason is what this version changed, "" for the first.
	Reason string
	// URL is where the public reads the report.
	URL          string
	RatingChange string
	Scores       []PublicScore
	Summary      []ReportSectionView
	Themes       []ReportDocumentTheme
	About        []ReportSectionView
}

// ReportDocumentTheme is one theme of a ReportDocument with its sections.
type ReportDocumentTheme struct {
	Name     string
	Sections []ReportSectionView
}

// AdminReportFactsPage imports the facts of every council from a CSV into
// their draft reports.
type AdminReportFactsPage struct {
	Layout    Layout
	MaxSize   string
	FileError string
	// Problems of a refused file; MoreProblems beyond those shown.
	Problems     []string
	MoreProblems int
	// Result says what an import did, line by line.
	Result []string
}
