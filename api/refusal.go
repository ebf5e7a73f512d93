package api

import (
	"encoding/json"
	"errors"
	"io"
	"net/http"

	"github.com/evidenceportal/portal/frontend"
	"github.com/labstack/echo/v4"
)

// refusal is why a change to a return or a request was not made, worked
// out once for the form and the API: what the person must put right (422,
// one error per field) or why it cannot be made in this state (409). A
// role that may never make it is authz.ErrForbidden instead, a record out
// of reach store.ErrNotFound.
type refusal struct {
	status int
	errors []frontend.FieldError
}

func invalid(field, msg string) *refusal {
	return &refusal{status: http.StatusUnprocessableEntity, errors: []frontend.FieldError{{Field: field, Message: msg}}}
}

func conflict(msg string) *refusal {
	return &refusal{status: http.StatusConflict, errors: []frontend.FieldError{{Message: msg}}}
}

// message is the first (usually the only) message.
func (rf *refusal) message() string { return rf.errors[0].Message }

// refusalJSON answers a refusal as the API's other refusals are: 422
// "invalid" with the message of each field, or 409 "wrong_state".
func refusalJSON(c echo.Context, rf *refusal) error {
	if rf.status == http.StatusConflict {
		return c.JSON(rf.status, map[string]any{"error": map[string]string{"code": "wrong_state", "message": rf.message()}})
	}
	fields := map[string]string{}
	for _, e := range rf.errors {
		fields[e.Field] = e.Message
	}
	return c.JSON(rf.status, map[string]any{"error": map[string]any{"code": "invalid", "message": rf.message(), "fields": fields}})
}

// decodeJSON reads a JSON request body into v: 413 past the body limit,
// 400 when it is not JSON of v's shape (what says what was expected). An
// empty body is an empty object: the checks of what is missing follow.
func decodeJSON(c echo.Context, v any, what string) error {
	if err := json.NewDecoder(c.Request().Body).Decode(v); err != nil && !errors.Is(err, io.EOF) {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			return echo.NewHTTPError(http.StatusRequestEntityTooLarge)
		}
		return echo.NewHTTPError(http.StatusBadRequest, "the body is not "+what).SetInternal(err)
	}
	return nil
}
