package frontend

// SearchPagination is the GOV.UK pagination of search results.
type SearchPagination struct {
	PrevHref, NextHref string
	Items              []PageLink
}

// PageLink is one numbered page of results, or an ellipsis between them.
type PageLink struct {
	Number   int
	Href     string
	Current  bool
	Ellipsis bool
	// Label, when set, is what a screen reader hears instead of "Page N"
	// (a screen of a document's text: "Pages 51 to 100").
	Label string
}

// SavedSearchesPage lists an inspector's saved searches, and shows the save
// form again when what was sent needs correcting.
type SavedSearchesPage struct {
	Layout    Layout
	Flash     string
	Searches  []SavedSearchRow
	Name      string
	NameError string
	Query     string // the query string being saved
	QueryText string // what it searches for, in words
}

// SavedSearchRow is one saved search.
type SavedSearchRow struct {
	Name         string
	QueryText    string
	Saved        string
	RunHref      string
	DeleteAction string
}
