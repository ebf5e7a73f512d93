// Package report is the assessment report as CQC publishes it, apart from
// HTTP and storage: its sections in order (overall summary, people's
// experiences, each theme and quality statement, strengths, areas for
// development, direction of travel, about the local authority), the
// restricted Markdown inspectors write them in, the facts about the local
// authority written out in CQC's sentence patterns, and what changed
// between two versions of a section's text.
//
// Text is Markdown limited to paragraphs, lists, quotes and emphasis,
// rendered by goldmark with no HTML at all: markup a person types is shown
// as the characters they typed, never interpreted; links and images are not
// parsed, since evidence is cited by document and page, not by URL.
//
// Figures are numbers and years; every difference, share and sentence is
// computed here, so a report can never say "£22,079,000 more" of figures
// that differ by something else. A figure left out leaves its sentence out.
//
// It is pure: the catalogue comes from internal/framework; internal/store
// keeps the sections, their versions and the council's comments.
package report
