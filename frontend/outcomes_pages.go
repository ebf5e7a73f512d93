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
	Problems       []string
	MoreProblems   int
}

// OutcomeDatasetRow is one imported file.
type OutcomeDatasetRow struct {
	Year, Publication, Layout, SourceURL, ImportedBy, ImportedAt, SHA256 string
	Figures                                                              int
}
