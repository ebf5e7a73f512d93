package store

import (
	"context"
	"fmt"
)

// DemoLAs are the councils of the development and test data. Dev only.
var DemoLAs = []LA{
	{Code: "E06009901", Name: "Ashford Vale Council"},
	{Code: "E06009902", Name: "Brookmere Borough Council"},
}

// DemoAssignments put each demo inspector on one demo council. Dev only.
var DemoAssignments = []Assignment{
	{Email: "inspector.a@demo.test", LA: "E06009901"},
	{Email: "inspector.b@demo.test", LA: "E06009902"},
}

// SeedDemo adds the demo councils and inspector assignments when missing and
// leaves everything else alone, so it can run on every start of `make run`.
// Demo users are not created here: they come into being at first sign-in,
// like real ones.
func (s *Store) SeedDemo(ctx context.Context) error {
	for _, la := range DemoLAs {
		if _, err := s.pool.Exec(ctx, `INSERT INTO las (code, name) VALUES ($1, $2) ON CONFLICT (code) DO NOTHING`,
			la.Code, la.Name); err != nil {
			return fmt.Errorf("seed council %s: %w", la.Code, err)
		}
	}
	for _, a := range DemoAssignments {
		if _, err := s.pool.Exec(ctx, `INSERT INTO inspector_assignments (email, la_code, created_by)
			VALUES ($1, $2, 'demo seed') ON CONFLICT DO NOTHING`, a.Email, a.LA); err != nil {
			return fmt.Errorf("seed assignment %s: %w", a.Email, err)
		}
	}
	return nil
}
