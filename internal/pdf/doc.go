// Package pdf prints HTML documents to PDF with headless Chromium through
// the DevTools protocol (chromedp); it is the only package of the portal
// that imports chromedp outside tests.
//
// Chromium was chosen on purpose: its printToPDF makes real text (the
// fonts embedded, the text extractable and searchable), a tagged PDF (the
// structure tree of headings, paragraphs, lists and tables, in the order
// of the document) and an outline (bookmarks) from the headings, and it
// takes the document's title and language from its <title> and <html
// lang>. The same templates as the public pages give the same content, and
// the browser test already needs Chromium.
//
// One browser process is shared by every PDF, started at the first and
// started again if it dies; each PDF is printed in a tab of its own with
// JavaScript off and the network blocked. At most Options.InFlight are
// rendered at once (the next gets ErrBusy), each within Options.Timeout.
// Caching is the caller's: a published report's PDF is made once per
// cluster and kept in PostgreSQL (store.MakeReportPDF).
package pdf
