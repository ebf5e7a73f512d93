package frontend

// Notice is a GOV.UK notification banner (the "Important" kind) saying what
// waits for the person on the page, or where things stand.
type Notice struct {
	Heading string
	// Body are plain paragraphs under the heading; Quote is someone's own
	// words (the panel's reason), shown with its line breaks.
	Body  []string
	Quote string
	// LinksIntro introduces the links when they follow a quote.
	LinksIntro string
	Links      []NoticeLink
}

// NoticeLink is a link in a notice, with text after it ("– due in 3 days").
type NoticeLink struct {
	Text  string
	Href  string
	After string
}

// WaitingRow is one assessment with what waits on it, on a home page.
type WaitingRow struct {
	Href   string
	LAName string
	// What says what waits: "Returned by the calibration panel on 3 December 2026".
	What string
	// Quote is the panel's reason, when returned.
	Quote string
}

// InspectorWaiting is what waits for an inspector on the assessments they
// are on, for their home page.
type InspectorWaiting struct {
	// Heading counts it: "1 assessment returned by the calibration panel
	// and 2 comments to answer"; "" when nothing waits.
	Heading  string
	Returned []WaitingRow
	ToAnswer []WaitingRow
}
