package api

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/evidenceportal/portal/api/request"
	"github.com/evidenceportal/portal/ingest"
	"github.com/evidenceportal/portal/ingest/sniff"
	"github.com/evidenceportal/portal/internal/authz"
	"github.com/evidenceportal/portal/internal/store"
	"github.com/evidenceportal/portal/internal/tusstore"
	"github.com/google/uuid"
	"github.com/labstack/echo/v4"
	"github.com/tus/tusd/v2/pkg/handler"
)

// tusBase is where resumable uploads (the tus protocol) are mounted. Under
// /api/ so that anonymous requests get 401 and errors come as JSON: the
// page's script and LA systems are its clients, never a person directly.
const tusBase = "/api/v1/uploads/"

// Metadata keys the portal sets on a tus upload itself; a client's values
// for them are dropped.
const (
	tusOwner = "portal_owner"
	tusLA    = "portal_la"
)

// tusFields are the metadata a client may send, as in the upload form.
var tusFields = []string{"filename", "filetype", "title", "type", "period", "qs_hint", "category_hint", "description", "replaces"}

// tusCaller is who sent a tus request, carried to tusd's callbacks in the
// request's context.
type tusCaller struct {
	p         authz.Principal
	ip, reqID string
}

type tusCallerKey struct{}

func (s *Server) newTusHandler(c *handler.StoreComposer) (*handler.UnroutedHandler, error) {
	h, err := handler.NewUnroutedHandler(handler.Config{
		StoreComposer: c,
		MaxSize:       s.opts.UploadMaxBytes,
		// Absolute, so that the Location of a new upload is the portal's
		// public address even behind a TLS-terminating proxy.
		BasePath:                  strings.TrimSuffix(s.opts.PublicURL, "/") + tusBase,
		DisableDownload:           true,
		DisableConcatenation:      true,
		Cors:                      &handler.CorsConfig{Disable: true},
		PreUploadCreateCallback:   s.tusCreate,
		PreFinishResponseCallback: s.tusFinish,
		Logger:                    tusstore.Logger(),
	})
	if err != nil {
		return nil, fmt.Errorf("tus handler: %w", err)
	}
	return h, nil
}

func (s *Server) tusRequest(h http.Handler) echo.HandlerFunc {
	return func(c echo.Context) error {
		p, _ := request.Principal(c)
		ctx := c.Request().Context()
		if id := c.Param("id"); id != "" {
			info, err := s.tus.Info(ctx, id)
			if errors.Is(err, handler.ErrNotFound) {
				return store.ErrNotFound
			}
			if err != nil {
				return err
			}
			if info.MetaData[tusOwner] != strconv.FormatInt(p.UserID, 10) || info.MetaData[tusLA] != p.LA {
				return store.ErrNotFound
			}
		}
		if msg := s.tusTooBig(c.Request()); msg != "" {
			// tusd refuses this before any hook with its own text; the form's
			// message is what the page's script shows.
			s.recordUploadRefusal(ctx, p, c.RealIP(), request.ID(c), map[string]string{"file": msg})
			c.Response().Header().Set("Tus-Resumable", "1.0.0")
			return c.JSON(http.StatusRequestEntityTooLarge, map[string]any{"error": map[string]string{"code": "too_large", "message": msg}})
		}
		ctx = context.WithValue(ctx, tusCallerKey{}, tusCaller{p: p, ip: c.RealIP(), reqID: request.ID(c)})
		// tusd's unrouted handler reads the upload id from the whole path,
		// as behind http.StripPrefix.
		r := c.Request().WithContext(ctx)
		r.URL.Path = c.Param("id")
		w := &tusResponse{ResponseWriter: c.Response()}
		h.ServeHTTP(w, r)
		w.finish(r.Method)
		if w.failed {
			s.log.Error("tus request failed", append(request.LogAttrs(c), "error", w.detail.String())...)
		}
		return nil
	}
}

// tusTooBig is the GOV.UK message for a new upload larger than the limit,
// or "" when r is not one.
func (s *Server) tusTooBig(r *http.Request) string {
	if r.Method != http.MethodPost || s.opts.UploadMaxBytes <= 0 {
		return ""
	}
	n, err := strconv.ParseInt(r.Header.Get("Upload-Length"), 10, 64)
	if err != nil || n <= s.opts.UploadMaxBytes {
		return ""
	}
	return ingest.MsgTooBig(sniff.CleanName(handler.ParseMetadataHeader(r.Header.Get("Upload-Metadata"))["filename"]), s.opts.UploadMaxBytes)
}

// tusResponse answers tusd's own refusals and server errors in the API's
// JSON with GOV.UK wording (tusd writes "ERR_CODE: text" as plain text).
// A server error's text, which names S3 internals, is kept for the log
// alone; a refusal is held until tusd has written its code (finish).
type tusResponse struct {
	http.ResponseWriter
	failed bool
	held   int // the status of a refusal being held, or 0
	detail strings.Builder
}

func (w *tusResponse) WriteHeader(code int) {
	if code >= 500 && !w.failed {
		w.failed = true
		h := w.Header()
		h.Set("Content-Type", "application/json")
		h.Del("Content-Length")
		w.ResponseWriter.WriteHeader(code)
		w.ResponseWriter.Write([]byte(`{"error":{"code":"internal","message":"Sorry, there is a problem with the service. Try again later."}}`))
		return
	}
	if code >= 400 && w.held == 0 && !strings.HasPrefix(w.Header().Get("Content-Type"), "application/json") {
		w.held = code
		return
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *tusResponse) Write(p []byte) (int, error) {
	if w.failed || w.held != 0 {
		if w.detail.Len() < 1024 {
			w.detail.Write(p[:min(len(p), 1024-w.detail.Len())])
		}
		return len(p), nil
	}
	return w.ResponseWriter.Write(p)
}

// finish writes a held refusal as JSON; a HEAD answer has no body.
func (w *tusResponse) finish(method string) {
	if w.held == 0 {
		return
	}
	code, _, _ := strings.Cut(w.detail.String(), ":")
	code = strings.TrimSpace(code)
	msg, ok := tusMessages[code]
	if !ok {
		msg = "The upload could not go on. Upload the file again."
	}
	apiCode := "upload_refused"
	if strings.HasPrefix(code, "ERR_") && ok {
		apiCode = strings.ToLower(strings.TrimPrefix(code, "ERR_"))
	}
	b, _ := json.Marshal(map[string]any{"error": map[string]string{"code": apiCode, "message": msg}})
	h := w.Header()
	h.Set("Content-Type", "application/json")
	h.Set("Content-Length", strconv.Itoa(len(b)))
	w.ResponseWriter.WriteHeader(w.held)
	if method != http.MethodHead {
		w.ResponseWriter.Write(b)
	}
}

// tusMessages are the GOV.UK wording of tusd's refusals that a client of
// the API can meet, by tusd's error code.
var tusMessages = map[string]string{
	"ERR_UPLOAD_NOT_FOUND":            "The upload could not be found. It may have expired or been cancelled: upload the file again.",
	"ERR_MISMATCHED_OFFSET":           "The upload is out of step: ask for its offset (HEAD) and send the file from there.",
	"ERR_UNSUPPORTED_VERSION":         "Send the header Tus-Resumable: 1.0.0.",
	"ERR_INVALID_CONTENT_TYPE":        "Send the file's bytes with Content-Type: application/offset+octet-stream.",
	"ERR_INVALID_UPLOAD_LENGTH":       "Send the size of the file in Upload-Length.",
	"ERR_INVALID_OFFSET":              "Send where the bytes start in Upload-Offset.",
	"ERR_UPLOAD_LOCKED":               "Another request is sending this upload. Wait for it to finish, then try again.",
	"ERR_UPLOAD_SIZE_EXCEEDED":        "The bytes sent go past the size given when the upload started.",
	"ERR_MAX_SIZE_EXCEEDED":           "The file is larger than the portal accepts.",
	"ERR_UPLOAD_STOPPED":              "The upload was stopped by the portal. Upload the file again.",
	"ERR_UPLOAD_INTERRUPTED":          "Another request for this upload interrupted this one. Send the rest of the file once.",
	"ERR_UNEXPECTED_EOF":              "The upload ended before the bytes it announced. Send the rest of the file.",
	"ERR_MODIFY_FINAL":                "This upload cannot be changed.",
	"ERR_CONCATENATION_UNSUPPORTED":   "Send the file as one upload.",
	"ERR_INVALID_CONCAT":              "Send the file as one upload.",
	"ERR_AMBIGUOUS_UPLOAD_LENGTH":     "Send Upload-Length or Upload-Defer-Length, not both.",
	"ERR_INVALID_UPLOAD_LENGTH_DEFER": "Send the size of the file in Upload-Length.",
	"ERR_NOT_IMPLEMENTED":             "The portal does not support this request.",
}

// Unwrap lets tusd's http.ResponseController reach the connection.
func (w *tusResponse) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// tusError is a refusal in the API's JSON shape, with GOV.UK wording.
func tusError(status int, code, msg string, extra map[string]any) handler.Error {
	e := map[string]any{"code": code, "message": msg}
	for k, v := range extra {
		e[k] = v
	}
	b, _ := json.Marshal(map[string]any{"error": e})
	return handler.Error{ErrorCode: code, Message: msg, HTTPResponse: handler.HTTPResponse{
		StatusCode: status, Body: string(b), Header: handler.HTTPHeader{"Content-Type": "application/json"}}}
}

// tusCreate checks a new upload's size and metadata by the form's rules
// and records who owns it; the upload's object id is the future document's.
func (s *Server) tusCreate(ev handler.HookEvent) (handler.HTTPResponse, handler.FileInfoChanges, error) {
	caller, ok := ev.Context.Value(tusCallerKey{}).(tusCaller)
	if !ok {
		return handler.HTTPResponse{}, handler.FileInfoChanges{}, errors.New("tus create without a caller")
	}
	if ev.Upload.SizeIsDeferred {
		return handler.HTTPResponse{}, handler.FileInfoChanges{}, tusError(http.StatusBadRequest, "length_required", "Send the size of the file in Upload-Length", nil)
	}
	fields := map[string]string{}
	for _, k := range tusFields {
		v := ev.Upload.MetaData[k]
		if len(v) > ingest.MaxFieldBytes || !utf8.ValidString(v) {
			return handler.HTTPResponse{}, handler.FileInfoChanges{}, tusError(http.StatusBadRequest, "bad_request", "Upload-Metadata values must be UTF-8 and at most 4 KB", nil)
		}
		if v = strings.TrimSpace(v); v != "" {
			fields[k] = v
		}
	}
	name := sniff.CleanName(fields["filename"])
	m, errs := ingest.CheckMetadata(s.catalogue, fields, 1)
	switch {
	case fields["filename"] == "":
		errs["file"] = ingest.MsgNoFile
	case ev.Upload.Size == 0:
		errs["file"] = ingest.MsgEmpty(name)
	}
	if m.Replaces != "" {
		if _, err := s.store.Document(ev.Context, caller.p.Scope(), m.Replaces); err != nil {
			errs["file"] = "The document you are replacing could not be found"
		}
	}
	if len(errs) > 0 {
		s.recordUploadRefusal(ev.Context, caller.p, caller.ip, caller.reqID, errs)
		return handler.HTTPResponse{}, handler.FileInfoChanges{}, tusError(http.StatusUnprocessableEntity, "invalid", firstError(errs), map[string]any{"fields": errs})
	}
	fields["filename"] = name
	fields[tusOwner] = strconv.FormatInt(caller.p.UserID, 10)
	fields[tusLA] = caller.p.LA
	return handler.HTTPResponse{}, handler.FileInfoChanges{ID: uuid.NewString(), MetaData: fields}, nil
}

// firstError is the first field error in the form's order.
func firstError(errs map[string]string) string {
	for _, f := range []string{"file", "type", "title", "period", "qs_hint", "category_hint", "description"} {
		if errs[f] != "" {
			return errs[f]
		}
	}
	return ""
}

// tusFinish takes a finished upload through the same intake as the form
// (kind from the bytes, quarantine, the row and its scan job in one
// transaction, duplicates) before the last PATCH is answered, and removes
// what tusd kept of it whatever the outcome. The answer names the new
// document in its Document-Id and Document-Location headers.
func (s *Server) tusFinish(ev handler.HookEvent) (handler.HTTPResponse, error) {
	ctx := ev.Context
	caller, ok := ctx.Value(tusCallerKey{}).(tusCaller)
	if !ok {
		return handler.HTTPResponse{}, errors.New("tus finish without a caller")
	}
	id, size := ev.Upload.ID, ev.Upload.Size
	sum, _ := s.tus.Sum(id, size)
	s.tus.Forget(id)
	recorded := false
	defer func() {
		// What tusd kept goes, and the file too unless it became a document.
		ctx := context.WithoutCancel(ctx)
		var err error
		if recorded {
			err = s.blob.RemoveAll(ctx, tusstore.MetaKeys(id)...)
		} else {
			err = s.tus.Terminate(ctx, id)
		}
		if err != nil {
			s.log.Error("remove finished tus upload", "upload_id", id, "request_id", caller.reqID, "error", err)
		}
	}()
	meta := ev.Upload.MetaData
	m, _ := ingest.CheckMetadata(s.catalogue, meta, 1)
	m.LA, m.UploadedBy = caller.p.LA, caller.p.UserID
	r, err := s.intake.ReceiveStored(ctx, tusstore.ObjectID(id), meta["filename"], sum)
	if msg := s.fileMessage(sniff.CleanName(meta["filename"]), err); msg != "" {
		s.log.Info("upload refused", "request_id", caller.reqID, "user", caller.p.UserID, "filename", sniff.CleanName(meta["filename"]), "reason", err.Error())
		s.recordUploadRefusal(ctx, caller.p, caller.ip, caller.reqID, map[string]string{"file": msg})
		return handler.HTTPResponse{}, tusError(http.StatusUnprocessableEntity, "invalid", msg, map[string]any{"fields": map[string]string{"file": msg}})
	}
	if err != nil {
		s.log.Error("receive tus upload", "request_id", caller.reqID, "upload_id", id, "error", err)
		return handler.HTTPResponse{}, tusError(http.StatusInternalServerError, "internal", "Sorry, there is a problem with the service. Try again later.", nil)
	}
	uid := caller.p.UserID
	d, err := s.intake.Record(ctx, r, m, store.AuditEntry{ActorUserID: &uid, ActorEmail: caller.p.Email,
		ActorRole: string(caller.p.Role), IP: caller.ip, RequestID: caller.reqID})
	var de *store.DuplicateError
	if errors.As(err, &de) {
		msg := s.duplicateMessage(de.Existing)
		return handler.HTTPResponse{}, tusError(http.StatusConflict, "duplicate", msg, map[string]any{"existing_id": de.Existing.ID})
	}
	if err != nil {
		s.log.Error("record tus upload", "request_id", caller.reqID, "doc_id", r.ID, "error", err)
		return handler.HTTPResponse{}, tusError(http.StatusInternalServerError, "internal", "Sorry, there is a problem with the service. Try again later.", nil)
	}
	recorded = true
	return handler.HTTPResponse{Header: handler.HTTPHeader{"Document-Id": d.ID, "Document-Location": "/documents/" + d.ID}}, nil
}
