package api

// The quality statements and evidence categories an uploader may hint at
// come from the framework catalogue; categories are those in use by the
// interim version, which uses the most.

func (s *Server) validQS(slug string) bool {
	_, err := s.catalogue.Statement(slug)
	return err == nil
}

func (s *Server) validCategory(slug string) bool {
	v, err := s.catalogue.Version("interim-2023")
	return err == nil && v.Uses(slug)
}

// qsOptions and categoryOptions are the hint choices as value and label.
func (s *Server) qsOptions() [][2]string {
	var out [][2]string
	for _, q := range s.catalogue.Statements {
		out = append(out, [2]string{q.Slug, q.Name})
	}
	return out
}

func (s *Server) categoryOptions() [][2]string {
	var out [][2]string
	if v, err := s.catalogue.Version("interim-2023"); err == nil {
		for _, c := range v.CategoriesInUse() {
			out = append(out, [2]string{c.Slug, c.Name})
		}
	}
	return out
}
