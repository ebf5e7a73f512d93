// Package render writes the portal's pages: each is rendered whole before a
// byte is sent, so that a template error becomes an error page rather than
// half a page.
package render

import (
	"bytes"

	"github.com/evidenceportal/portal/frontend"
	"github.com/labstack/echo/v4"
)

// Pages renders the templates of frontend.
type Pages struct{ r *frontend.Renderer }

// New renders with r.
func New(r *frontend.Renderer) *Pages { return &Pages{r: r} }

// Render writes page through the template name with the status.
func (p *Pages) Render(c echo.Context, status int, name string, page any) error {
	var buf bytes.Buffer
	if err := p.r.Render(&buf, name, page); err != nil {
		return err
	}
	return c.HTMLBlob(status, buf.Bytes())
}
