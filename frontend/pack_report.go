package frontend

import (
	"html/template"
	"io"
)

// packReport is the standalone report of an evidence pack, parsed once.
var packReport = template.Must(template.ParseFS(templateFiles, "templates/pack/report.html"))

// PackReport is the report as an evidence pack holds it: one HTML document
// that needs nothing else to be read (no script, no style sheet, no
// images), its citations linking the documents' files inside the pack.
type PackReport struct {
	Title, LAName string
	// Status says which version it is: the draft, or a published version.
	Status string
	// DraftMark, for a draft only, is the line that says it is not
	// published, shown above everything else but its title.
	DraftMark string
	Rating    string
	Percent   int
	// Made is when the pack was taken, as GOV.UK writes dates.
	Made     string
	Sections []ReportSectionView
}

// RenderPackReport writes the report of a pack to w.
func RenderPackReport(w io.Writer, r PackReport) error {
	return packReport.Execute(w, r)
}
