package pack

import (
	"encoding/csv"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"
)

// Format names the layout of a pack's manifest; Verify refuses others.
const Format = "evidence-pack/1"

// The names of the manifest in a pack, at its root.
const (
	ManifestJSON = "manifest.json"
	ManifestCSV  = "manifest.csv"
)

// The kinds of file in a pack.
const (
	KindDocument = "document" // a document version as uploaded
	KindText     = "text"     // the text read from a document, page by page
	KindReport   = "report"   // the assessment report (HTML, PDF)
	KindScores   = "scores"   // the scores with their rationales
)

// The kinds of citation: what points at a document.
const (
	CitedByScore   = "score"
	CitedByReport  = "report"
	CitedByReturn  = "return"
	CitedByRequest = "request"
)

// Citation is one thing in the assessment that cites or submitted a
// document: a score, a paragraph of the report, an item of the information
// return or a message of a further evidence request.
type Citation struct {
	Kind string `json:"kind"`
	// Ref names it: "safeguarding", "safeguarding/outcomes" (a category
	// score), "qs-safeguarding paragraph 2", "return item carers-strategy",
	// "request 3".
	Ref string `json:"ref"`
	// Page is the page cited, 0 for the whole document.
	Page int `json:"page,omitempty"`
}

// String is the citation as the CSV manifest writes it.
func (c Citation) String() string {
	s := c.Kind + " " + c.Ref
	if c.Page > 0 {
		s += " page " + strconv.Itoa(c.Page)
	}
	return s
}

// File is one file of a pack as its manifest lists it. The document
// fields are set for a document and its text.
type File struct {
	Path   string `json:"path"`
	SHA256 string `json:"sha256"`
	Size   int64  `json:"size"`
	Kind   string `json:"kind"`

	DocumentID  string     `json:"document_id,omitempty"`
	Title       string     `json:"title,omitempty"`
	Filename    string     `json:"filename,omitempty"`
	ContentType string     `json:"content_type,omitempty"`
	UploadedBy  string     `json:"uploaded_by,omitempty"`
	UploadedAt  *time.Time `json:"uploaded_at,omitempty"`
	// Version counts from 1, the first upload of the document.
	Version  int    `json:"version,omitempty"`
	Replaces string `json:"replaces,omitempty"`
	// UploadSHA256 is the document's hash as the portal recorded it at
	// upload; for a document it must equal SHA256.
	UploadSHA256 string     `json:"upload_sha256,omitempty"`
	Tags         []string   `json:"tags,omitempty"`
	CitedBy      []Citation `json:"cited_by,omitempty"`
}

// Omitted is a cited or submitted document the pack could not hold, and
// why (withdrawn, or not scanned clean).
type Omitted struct {
	DocumentID string     `json:"document_id"`
	Title      string     `json:"title"`
	Reason     string     `json:"reason"`
	CitedBy    []Citation `json:"cited_by,omitempty"`
}

// Manifest describes a whole pack.
type Manifest struct {
	Format       string `json:"format"`
	AssessmentID int64  `json:"assessment_id"`
	LA           string `json:"la"`
	LAName       string `json:"la_name"`
	State        string `json:"state"`
	// Audience is "cqc" for inspectors and admins, "council" for the
	// council's own pack.
	Audience  string    `json:"audience"`
	CreatedAt time.Time `json:"created_at"`
	CreatedBy string    `json:"created_by"`
	Files     []File    `json:"files"`
	Omitted   []Omitted `json:"omitted,omitempty"`
	// Notes say what a pack leaves out by design, such as the report before
	// the council may read it.
	Notes []string `json:"notes,omitempty"`
}

var csvHeader = []string{"path", "sha256", "size", "kind", "document_id", "title", "filename", "uploaded_by", "uploaded_at",
	"version", "tags", "cited_by"}

// writeCSV writes the manifest's files as CSV, one row each, citations and
// tags joined with "; ". Cells a spreadsheet would run as a formula are
// defused with a leading apostrophe (only title and filename can be).
func writeCSV(w io.Writer, m Manifest) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(csvHeader); err != nil {
		return err
	}
	for _, f := range m.Files {
		var at string
		if f.UploadedAt != nil {
			at = f.UploadedAt.UTC().Format(time.RFC3339)
		}
		var version string
		if f.Version > 0 {
			version = strconv.Itoa(f.Version)
		}
		cites := make([]string, len(f.CitedBy))
		for i, c := range f.CitedBy {
			cites[i] = c.String()
		}
		if err := cw.Write([]string{f.Path, f.SHA256, strconv.FormatInt(f.Size, 10), f.Kind, f.DocumentID, defuse(f.Title),
			defuse(f.Filename), f.UploadedBy, at, version, strings.Join(f.Tags, "; "), defuse(strings.Join(cites, "; "))}); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

func defuse(v string) string {
	if v != "" && strings.ContainsAny(v[:1], "=+-@\t\r") {
		return "'" + v
	}
	return v
}

// csvRow is what Verify compares of a CSV manifest's row with the JSON.
type csvRow struct {
	sha  string
	size int64
}

func readCSV(r io.Reader) (map[string]csvRow, error) {
	cr := csv.NewReader(r)
	head, err := cr.Read()
	if err != nil {
		return nil, fmt.Errorf("read %s header: %w", ManifestCSV, err)
	}
	if strings.Join(head, ",") != strings.Join(csvHeader, ",") {
		return nil, fmt.Errorf("%s header is %q", ManifestCSV, strings.Join(head, ","))
	}
	out := map[string]csvRow{}
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			return out, nil
		}
		if err != nil {
			return nil, fmt.Errorf("read %s: %w", ManifestCSV, err)
		}
		n, err := strconv.ParseInt(rec[2], 10, 64)
		if err != nil {
			return nil, fmt.Errorf("%s: size of %s: %w", ManifestCSV, rec[0], err)
		}
		if _, dup := out[rec[0]]; dup {
			return nil, fmt.Errorf("%s lists %s twice", ManifestCSV, rec[0])
		}
		out[rec[0]] = csvRow{sha: rec[1], size: n}
	}
}
