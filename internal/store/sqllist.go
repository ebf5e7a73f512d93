package store

import (
	"strings"

	"github.com/evidenceportal/portal/internal/document"
)

// sqlList writes statuses as an SQL list, ('a', 'b'), for rules kept as
// constants elsewhere that queries test inline. Statuses are our own
// constants, never input, so quoting them is enough.
func sqlList(statuses []document.Status) string {
	q := make([]string, len(statuses))
	for i, s := range statuses {
		q[i] = "'" + strings.ReplaceAll(string(s), "'", "''") + "'"
	}
	return "(" + strings.Join(q, ", ") + ")"
}
