package api

import (
	"bufio"
	"crypto/subtle"
	"errors"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"strings"
	"unicode/utf8"

	"github.com/evidenceportal/portal/ingest"
	"github.com/evidenceportal/portal/ingest/sniff"
	"github.com/evidenceportal/portal/internal/store"
	"github.com/labstack/echo/v4"
)

// maxFilesPerUpload bounds one form.
const maxFilesPerUpload = 20

// maxFieldBytes bounds each metadata field of an upload.
const maxFieldBytes = 4 << 10

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
	sess, cookieAuth := sessionOf(c)
	csrfOK := !cookieAuth || subtle.ConstantTimeCompare([]byte(c.Request().Header.Get("X-CSRF-Token")), []byte(sess.CSRFToken)) == 1
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
		if err != nil {
			return u, echo.NewHTTPError(http.StatusBadRequest, "malformed multipart form")
		}
		name := part.FormName()
		if part.FileName() == "" && name != "file" {
			v, err := readField(part)
			if err != nil {
				return u, err
			}
			if name == "csrf_token" && cookieAuth {
				csrfOK = csrfOK || subtle.ConstantTimeCompare([]byte(v), []byte(sess.CSRFToken)) == 1
			}
			u.fields[name] = v
			continue
		}
		if !csrfOK {
			return u, errCSRF
		}
		if part.FileName() == "" {
			// The file input sent with nothing chosen.
			io.Copy(io.Discard, io.LimitReader(part, 1<<20))
			continue
		}
		if len(u.files) >= maxFilesPerUpload {
			u.fileError = fmt.Sprintf("Select %d files or fewer at a time", maxFilesPerUpload)
			return u, nil
		}
		r, err := s.intake.Receive(c.Request().Context(), part.FileName(), part)
		if msg := s.fileMessage(sniff.CleanName(part.FileName()), err); msg != "" {
			u.fileError = msg
			s.log.Info("upload refused", append(logAttrs(c), "filename", sniff.CleanName(part.FileName()), "reason", err.Error())...)
			return u, nil
		}
		if err != nil {
			return u, err
		}
		u.files = append(u.files, r)
	}
	if !csrfOK {
		return u, errCSRF
	}
	return u, nil
}

func readField(p *multipart.Part) (string, error) {
	b, err := io.ReadAll(io.LimitReader(p, maxFieldBytes+1))
	if err != nil {
		return "", echo.NewHTTPError(http.StatusBadRequest, "malformed multipart form")
	}
	if len(b) > maxFieldBytes {
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
			s.log.Error("discard upload", append(logAttrs(c), "doc_id", f.ID, "error", err)...)
		}
	}
}

// uploadMetadata checks the fields of an upload form, returning GOV.UK
// field errors keyed by field id.
func (s *Server) uploadMetadata(fields map[string]string, files int) (ingest.Metadata, map[string]string) {
	m := ingest.Metadata{
		Title: fields["title"], Type: fields["type"], Period: fields["period"], QSHint: fields["qs_hint"],
		CategoryHint: fields["category_hint"], Description: fields["description"], Replaces: fields["replaces"],
	}
	errs := map[string]string{}
	if ingest.DocumentTypeLabel(m.Type) == "" {
		errs["type"] = "Select the type of document"
	}
	if utf8.RuneCountInString(m.Title) > 300 {
		errs["title"] = "Title must be 300 characters or fewer"
	}
	if files > 1 && m.Replaces != "" {
		errs["file"] = "Select one file: a new version is a single file"
	}
	if files > 1 && m.Title != "" {
		errs["title"] = "Leave the title empty when you upload several files: each takes its file name"
	}
	if utf8.RuneCountInString(m.Period) > 100 {
		errs["period"] = "The period must be 100 characters or fewer"
	}
	if utf8.RuneCountInString(m.Description) > 2000 {
		errs["description"] = "The description must be 2,000 characters or fewer"
	}
	if m.QSHint != "" && !s.validQS(m.QSHint) {
		errs["qs_hint"] = "Select a quality statement from the list"
	}
	if m.CategoryHint != "" && !s.validCategory(m.CategoryHint) {
		errs["category_hint"] = "Select an evidence category from the list"
	}
	for _, f := range []string{m.Title, m.Period, m.Description} {
		if strings.ContainsFunc(f, func(r rune) bool { return r < 0x20 && r != '\n' && r != '\r' && r != '\t' }) {
			errs["title"] = "Remove control characters from the form"
		}
	}
	return m, errs
}

// duplicateMessage says where the same file already is.
func (s *Server) duplicateMessage(d store.Document) string {
	return ingest.MsgDuplicate(d.Title, govDate(d.UploadedAt, s.loc))
}
