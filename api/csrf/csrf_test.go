package csrf

import (
	"errors"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/evidenceportal/portal/api/request"
	"github.com/evidenceportal/portal/internal/store"
	"github.com/labstack/echo/v4"
)

func TestCheck(t *testing.T) {
	const token = "the-session-token"
	tests := []struct {
		name      string
		method    string
		session   bool
		form      url.Values
		header    map[string]string
		multipart bool
		streamed  bool
		want      error
	}{
		{"GET needs nothing", http.MethodGet, true, nil, nil, false, false, nil},
		{"form with the token", http.MethodPost, true, url.Values{FieldName: {token}}, nil, false, false, nil},
		{"form without it", http.MethodPost, true, url.Values{"x": {"1"}}, nil, false, false, ErrRejected},
		{"form with another token", http.MethodPost, true, url.Values{FieldName: {"guess"}}, nil, false, false, ErrRejected},
		{"header with the token", http.MethodPost, true, nil, map[string]string{HeaderName: token}, false, false, nil},
		{"cross-site, even with the token", http.MethodPost, true, url.Values{FieldName: {token}},
			map[string]string{"Sec-Fetch-Site": "cross-site"}, false, false, ErrRejected},
		{"cross-site without a session", http.MethodPost, false, nil, map[string]string{"Sec-Fetch-Site": "cross-site"}, false, false, ErrRejected},
		{"no session (a bearer client)", http.MethodDelete, false, nil, nil, false, false, nil},
		{"multipart on a streamed route", http.MethodPost, true, nil, nil, true, true, nil},
		{"multipart elsewhere", http.MethodPost, true, nil, nil, true, false, ErrRejected},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req := httptest.NewRequest(tt.method, "/x", strings.NewReader(tt.form.Encode()))
			switch {
			case tt.multipart:
				req.Header.Set(echo.HeaderContentType, "multipart/form-data; boundary=x")
			case tt.form != nil:
				req.Header.Set(echo.HeaderContentType, echo.MIMEApplicationForm)
			}
			for k, v := range tt.header {
				req.Header.Set(k, v)
			}
			c := echo.New().NewContext(req, httptest.NewRecorder())
			if tt.session {
				request.SetSession(c, store.Session{CSRFToken: token})
			}
			reached := false
			err := Check(func(string) bool { return tt.streamed })(func(echo.Context) error { reached = true; return nil })(c)
			if !errors.Is(err, tt.want) || reached != (tt.want == nil) {
				t.Errorf("Check = %v (handler reached: %v), want %v", err, reached, tt.want)
			}
		})
	}
	if Valid("", "") {
		t.Errorf("an empty token is valid against an empty session token")
	}
}
