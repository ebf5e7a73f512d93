package frontend

// AdminOutcomesPage lists the imported outcome datasets and holds the import
// form; after a refused file, Problems are its rows' problems.
type AdminOutcomesPage struct {
	Layout   Layout
	Flash    string
	Datasets []OutcomeDatasetRow
	// The form, as sent.
	LayoutOptions []Option
	Publication   string
	Year          string
	SourceURL     string
	MaxSize       string
	// Field errors.
	LayoutError, PublicationError, YearError, SourceError, FileError string
	// ProblemSummary says how many problems a refused file had.
	ProblemSummary string
	// ProblemOverview counts them by column.
	ProblemOverview string
	Problems        []string
	MoreProblems    int
}

// OutcomeDatasetRow is one imported file.
type OutcomeDatasetRow struct {
	Year, Publication, Layout, SourceURL, ImportedBy, ImportedAt, SHA256 string
	Figures                                                              int
}

// OutcomeMeasure is one national outcome measure of a council, as shown
// under a quality statement: the latest figure beside England's, its
// region's and councils of its type, its place, and its series.
type OutcomeMeasure struct {
	ID, Name, Year, Source string
	Value, England         string
	// EnglandNote says when England is the mean of councils, not published.
	EnglandNote    string
	Region         string // "" when the region is unknown
	TypeName, Type string
	Rank, Quartile string
	Direction      string // "Higher is better"
	Trend          []OutcomePoint
	Chart          *OutcomeChart
}

// OutcomePoint is one year of the series.
type OutcomePoint struct{ Year, Value, England string }

// OutcomeChart is a small line chart of the series, drawn server-side as
// SVG; the same numbers are in the table beside it.
type OutcomeChart struct {
	Width, Height    int
	Council, England string // polyline points
	Label            string
}

// OutcomeStatement groups a council's measures under one quality statement.
type OutcomeStatement struct {
	Slug, Name string
	Measures   []OutcomeMeasure
}
