package frontend

// DocumentTags is the tags part of a document's page. Inspectors see the
// suggestions apart from what they confirmed or rejected and decide one tag
// at a time; council staff see the suggestions and their council's hints.
type DocumentTags struct {
	Confirmed []TagRow
	Suggested []TagRow
	Rejected  []TagRow
	Hints     []TagRow // the council's, never shown as an inspector's
	Model     string   // version of the model that made the suggestions
	CanDecide bool     // an inspector assigned to the council
	CanHint   bool     // the council's submitter
	// ShowWho says whether the page may name who confirmed or rejected a
	// tag: CQC staff only, as everywhere a council looks.
	ShowWho bool
	// TagOptions are "qs:slug" and "category:slug" choices for adding a
	// tag or a hint.
	TagOptions []Option
	AddError   string
	// PageError is the add form's error on its page field, PageValue
	// what was typed there, shown again.
	PageError, PageValue string
	Flash                string
}

// TagRow is one tag of a document.
type TagRow struct {
	Kind       string // "qs" or "category"
	KindLabel  string // "Quality statement" or "Evidence category"
	Label      string // slug, sent back by the decision forms
	Name       string
	Confidence string // "87%", empty for a tag the tagger did not suggest
	Passages   []PassageLink
	By         string // who decided or hinted
	When       string
	// The decision form's buttons, for inspectors, with what it posts.
	CanAccept, CanReject bool
	DocID, CSRF          string
}

// PassageLink is a passage behind a suggestion, linking to where it is
// highlighted on its page. Text is plain text, escaped when shown.
type PassageLink struct {
	Page int
	Href string
	Text string
}

// TextSegment is part of a page's text; Mark segments are passages behind
// a suggestion, highlighted, with ID as their anchor and Title naming the
// tags they support.
type TextSegment struct {
	Text  string
	Mark  bool
	ID    string
	Title string
}

// CoveragePage is a council's evidence coverage: quality statements by
// evidence category, with the documents behind each cell.
type CoveragePage struct {
	Layout     Layout
	Code       string
	Name       string
	Categories []Option // column headings: slug as Value, name as Label
	Rows       []CoverageRow
	Documents  int // documents counted
	Gaps       int // cells with no document at all
}

// CoverageRow is one quality statement's row.
type CoverageRow struct {
	QS    string
	Name  string
	Cells []CoverageCell
}

// CoverageCell counts the documents of one quality statement and category:
// Confirmed where an inspector confirmed the statement, Suggested where only
// the tagger or the council's hint says so.
type CoverageCell struct {
	Confirmed int
	Suggested int
	Gap       bool
	Href      string
	// Measures counts national outcome measures with a figure for the
	// council that evidence the statement (Outcomes column only).
	Measures     int
	MeasuresHref string
}

// AdminTaggingPage shows the active tagger model's measured accuracy, how it
// moved since the previous model, the stored models and the re-tagging's
// progress.
type AdminTaggingPage struct {
	Layout    Layout
	Flash     string
	Active    TagModelRow
	HasActive bool
	Previous  string // version compared with, if any
	// PreviousOtherMeasure: the previous model's figures were measured
	// another way (by document), so no change is shown.
	PreviousOtherMeasure bool
	// ByCouncil: the figures leave councils out (Councils councils in
	// Folds folds); false for a model stored before that was measured.
	ByCouncil       bool
	Councils, Folds int
	Metrics         []QSMetricRow
	Summary         []QSMetricRow // macro-F1, top-1, top-2
	Models          []TagModelRow
	Retag           string // "12 of 40 documents re-tagged with qs-..."
	RetagDone       bool
	CanRollBack     bool
}

// TagModelRow is one stored model.
type TagModelRow struct {
	Version   string
	Created   string
	Examples  int
	Decisions int
	MacroF1   string
	Top2      string
	Active    bool
	Note      string
	// Where the examples came from: the repository's paragraphs, the
	// statements inspectors confirmed or rejected, and councils' hints.
	Repository, Confirmed, Rejected, Hints int
}

// QSMetricRow is one quality statement's (or one summary figure's)
// cross-validated scores and their change since the previous model.
type QSMetricRow struct {
	Name      string
	Precision string
	Recall    string
	F1        string
	// Interval is F1's (or the figure's) 95% interval from a bootstrap over
	// councils, "0.738 to 0.901", or "" when not measured.
	Interval string
	Change   string // "+0.031", "−0.012", "no change" or "" without a previous model
	Support  int
}

// BulkTagForm lets an inspector accept one tag on several search results.
type BulkTagForm struct {
	TagOptions []Option
	Return     string // the search's query string, to come back to
	Flash      string
	Error      string
}
