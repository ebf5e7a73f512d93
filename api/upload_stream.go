package api

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"strings"
	"unicode/utf8"

	"github.com/evidenceportal/portal/api/csrf"
	"github.com/evidenceportal/portal/api/request"
	"github.com/evidenceportal/portal/ingest"
	"github.com/evidenceportal/portal/ingest/sniff"
	"github.com/evidenceportal/portal/internal/store"
	"github.com/labstack/echo/v4"
)

// upload is a streamed multipart upload: the files already in quarantine
// and the other fields.
type upload struct {
	fields map[string]string
	files  []ingest.Received
	// fileError is the first problem with a file, in GOV.UK words.
	fileError string
}

// readUpload streams a multipart body. Each file goes straight to
// quarantine through the intake, never whole into memory or onto disk.
// Browsers must send the form's csrf_token field before its files (the form
// puts it first); API clients with a bearer token need none. On any error
// the files received so far are removed.
func (s *Server) readUpload(c echo.Context) (u upload, err error) {
	u.fields = map[string]string{}
	defer func() {
		if err != nil || u.fileError != "" {
			s.discard(c, u.files)
			u.files = nil
		}
	}()
	sess, cookieAuth := request.Session(c)
	csrfOK := !cookieAuth || csrf.Valid(c.Request().Header.Get(csrf.HeaderName), sess.CSRFToken)
	req := c.Request()
	// mime/multipart reads through a 4 KB buffer: a larger one in front of
	// the connection saves most of the read system calls of a big file.
	req.Body = struct {
		io.Reader
		io.Closer
	}{bufio.NewReaderSize(req.Body, 256<<10), req.Body}
	mr, err := req.MultipartReader()
	if err != nil {
		return u, echo.NewHTTPError(http.StatusBadRequest, "not a multipart form")
	}
	for {
		part, err := mr.NextPart()
		if errors.Is(err, io.EOF) {
			break
		}
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			return u, echo.NewHTTPError(http.StatusRequestEntityTooLarge)
		}
		if errors.Is(err, request.ErrBodyStalled) {
			return u, err
		}
		if err != nil {
			return u, echo.NewHTTPError(http.StatusBadRequest, "malformed multipart form")
		}
		name := part.FormName()
		if part.FileName() == "" && name != "file" {
			v, err := readField(part)
			if err != nil {
				return u, err
			}
			if name == csrf.FieldName && cookieAuth {
				csrfOK = csrfOK || csrf.Valid(v, sess.CSRFToken)
			}
			u.fields[name] = v
			continue
		}
		if !csrfOK {
			return u, csrf.ErrRejected
		}
		if part.FileName() == "" {
			// The file input sent with nothing chosen.
			io.Copy(io.Discard, io.LimitReader(part, 1<<20))
			continue
		}
		if len(u.files) >= ingest.MaxFiles {
			u.fileError = fmt.Sprintf("Select %d files or fewer at a time", ingest.MaxFiles)
			return u, nil
		}
		r, err := s.intake.Receive(c.Request().Context(), part.FileName(), part)
		if msg := s.fileMessage(sniff.CleanName(part.FileName()), err); msg != "" {
			u.fileError = msg
			s.log.Info("upload refused", append(request.LogAttrs(c), "filename", sniff.CleanName(part.FileName()), "reason", err.Error())...)
			return u, nil
		}
		if err != nil {
			return u, err
		}
		u.files = append(u.files, r)
	}
	if !csrfOK {
		return u, csrf.ErrRejected
	}
	return u, nil
}

func readField(p *multipart.Part) (string, error) {
	b, err := io.ReadAll(io.LimitReader(p, ingest.MaxFieldBytes+1))
	if err != nil {
		return "", echo.NewHTTPError(http.StatusBadRequest, "malformed multipart form")
	}
	if len(b) > ingest.MaxFieldBytes {
		return "", echo.NewHTTPError(http.StatusRequestEntityTooLarge)
	}
	if !utf8.Valid(b) {
		return "", echo.NewHTTPError(http.StatusBadRequest, "form fields must be UTF-8")
	}
	return strings.TrimSpace(string(b)), nil
}

// fileMessage turns an intake error about one file into the GOV.UK file
// upload pattern's wording; "" when err is not about the file.
func (s *Server) fileMessage(name string, err error) string {
	var mismatch *sniff.MismatchError
	switch {
	case err == nil:
		return ""
	case errors.Is(err, ingest.ErrEmpty):
		return ingest.MsgEmpty(name)
	case errors.Is(err, ingest.ErrTooLarge):
		return ingest.MsgTooBig(name, s.opts.UploadMaxBytes)
	case errors.Is(err, sniff.ErrPassword):
		return ingest.MsgPassword(name)
	case errors.As(err, &mismatch):
		return ingest.MsgMismatch(name, mismatch.Claimed.Short, mismatch.Actual.Name)
	case errors.Is(err, sniff.ErrUnsupported):
		return ingest.MsgWrongType(name, sniff.AllowedShort())
	}
	return ""
}

func (s *Server) discard(c echo.Context, files []ingest.Received) {
	for _, f := range files {
		if err := s.intake.Discard(c.Request().Context(), f); err != nil {
			s.log.Error("discard upload", append(request.LogAttrs(c), "doc_id", f.ID, "error", err)...)
		}
	}
}

// duplicateMessage says where the same file already is.
func (s *Server) duplicateMessage(d store.Document) string {
	return ingest.MsgDuplicate(d.Title, govDate(d.UploadedAt, s.loc))
}
