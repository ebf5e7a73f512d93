package api

import (
	"net/http"

	"github.com/evidenceportal/portal/api/request"
	"github.com/evidenceportal/portal/frontend"
	"github.com/labstack/echo/v4"
)

// showNotifications lists what the signed-in person was told about (a
// return issued or submitted, a request raised, answered or accepted) and
// marks it read. Notifications hold what happened and a link, never
// evidence content; each person sees only their own.
func (s *Server) showNotifications(c echo.Context) error {
	p, _ := request.Principal(c)
	ns, err := s.store.Notifications(c.Request().Context(), p.Email)
	if err != nil {
		return err
	}
	page := frontend.NotificationsPage{Layout: s.layout(c)}
	for _, n := range ns {
		page.Notifications = append(page.Notifications, frontend.NotificationRow{Message: n.Message, Href: n.Href,
			When: govDate(n.CreatedAt, s.loc), New: !n.Read})
	}
	return s.pages.Render(c, http.StatusOK, "notifications", page)
}
