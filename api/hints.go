package api

import "github.com/evidenceportal/portal/ingest"

// qsOptions and categoryOptions are the hint choices as value and label;
// which are allowed is ingest's rule (ingest.HintQS, ingest.HintCategory).
func (s *Server) qsOptions() [][2]string {
	var out [][2]string
	for _, q := range s.catalogue.Statements {
		out = append(out, [2]string{q.Slug, q.Name})
	}
	return out
}

func (s *Server) categoryOptions() [][2]string {
	var out [][2]string
	for _, c := range ingest.HintCategories(s.catalogue) {
		out = append(out, [2]string{c.Slug, c.Name})
	}
	return out
}
