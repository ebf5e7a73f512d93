package ingest

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"path"
	"strings"

	"github.com/evidenceportal/portal/ingest/sniff"
	"github.com/evidenceportal/portal/internal/blob"
	"github.com/evidenceportal/portal/internal/document"
	"github.com/evidenceportal/portal/internal/store"
	"github.com/google/uuid"
)

// ErrEmpty means the file had no bytes.
var ErrEmpty = errors.New("file is empty")

// ErrTooLarge means the file crossed the upload limit; nothing was kept.
var ErrTooLarge = errors.New("file too large")

// Intake receives uploads: it streams each file into quarantine while
// hashing and counting it, decides its kind from its first bytes, and
// records it with its first job in one transaction.
type Intake struct {
	store    *store.Store
	blob     *blob.Store
	maxBytes int64
}

// NewIntake returns an intake that accepts files up to maxBytes.
func NewIntake(st *store.Store, bl *blob.Store, maxBytes int64) *Intake {
	return &Intake{store: st, blob: bl, maxBytes: maxBytes}
}

// Received is a file stored in quarantine and not yet recorded.
type Received struct {
	ID       string
	Filename string
	Kind     sniff.Kind
	Size     int64
	SHA256   string
}

// Receive streams one file into quarantine. It never holds the whole file:
// the first bytes decide its kind, the rest pass through the hash on their
// way to S3. On any error nothing is left stored.
func (in *Intake) Receive(ctx context.Context, filename string, body io.Reader) (Received, error) {
	name := sniff.CleanName(filename)
	br := bufio.NewReaderSize(body, sniff.HeadSize)
	head, err := br.Peek(sniff.HeadSize)
	if err != nil && !errors.Is(err, io.EOF) && !errors.Is(err, bufio.ErrBufferFull) {
		return Received{}, fmt.Errorf("read %s: %w", name, err)
	}
	if len(head) == 0 {
		return Received{}, ErrEmpty
	}
	kind, err := sniff.Detect(head, name)
	if err != nil {
		return Received{}, err
	}
	id := uuid.NewString()
	obj, err := in.blob.Put(ctx, blob.QuarantineKey(id), br, in.maxBytes, kind.MIME)
	if errors.Is(err, blob.ErrTooLarge) {
		return Received{}, fmt.Errorf("%w: %w", ErrTooLarge, err)
	}
	if err != nil {
		return Received{}, err
	}
	return Received{ID: id, Filename: name, Kind: kind, Size: obj.Size, SHA256: obj.SHA256}, nil
}

// Discard removes a received file that will not be recorded.
func (in *Intake) Discard(ctx context.Context, r Received) error {
	return in.blob.Remove(context.WithoutCancel(ctx), blob.QuarantineKey(r.ID))
}

// Metadata is what the uploader says about a file.
type Metadata struct {
	LA           string
	UploadedBy   int64
	Title        string // defaults from the file name
	Type         string // one of DocumentTypes
	Period       string
	QSHint       string
	CategoryHint string
	Description  string
	Replaces     string // id of the document this is a new version of
	// TypeFrom and PeriodFrom say whether a person chose the type and
	// period (store.FromPerson, the default) or they are guesses; an empty
	// period nobody guessed is store.FromNone, for the text to fill.
	TypeFrom, PeriodFrom store.Source
}

// Record writes the document row, its audit entry and its scan job in one
// transaction. If that fails the quarantined file is removed; a duplicate
// gives store's DuplicateError naming the earlier document.
func (in *Intake) Record(ctx context.Context, r Received, m Metadata, audit store.AuditEntry) (store.Document, error) {
	title := strings.TrimSpace(m.Title)
	if title == "" {
		title = strings.TrimSuffix(r.Filename, path.Ext(r.Filename))
	}
	d := store.Document{ID: r.ID, LA: m.LA, Title: title, Type: m.Type, Period: m.Period, QSHint: m.QSHint,
		CategoryHint: m.CategoryHint, Description: m.Description, Filename: r.Filename, Kind: r.Kind.Short,
		ContentType: r.Kind.MIME, Size: r.Size, SHA256: r.SHA256, ObjectKey: blob.QuarantineKey(r.ID),
		Status: document.Received, UploadedBy: m.UploadedBy, Replaces: m.Replaces, TypeFrom: m.TypeFrom, PeriodFrom: m.PeriodFrom}
	if d.TypeFrom == "" {
		d.TypeFrom = store.FromPerson
	}
	if d.PeriodFrom == "" {
		d.PeriodFrom = store.FromPerson
		if d.Period == "" {
			d.PeriodFrom = store.FromNone
		}
	}
	audit.Action, audit.ObjectType, audit.ObjectID, audit.LA = "document_uploaded", "document", r.ID, m.LA
	audit.Detail = map[string]string{"filename": r.Filename, "sha256": r.SHA256, "size": fmt.Sprint(r.Size)}
	if m.Replaces != "" {
		// A new version: the log says of which document.
		audit.Detail["replaces"] = m.Replaces
	}
	if err := in.store.CreateDocument(ctx, d, audit, ScanJob{DocumentID: r.ID}); err != nil {
		if rerr := in.Discard(ctx, r); rerr != nil {
			err = errors.Join(err, rerr)
		}
		return store.Document{}, err
	}
	return in.store.DocumentForWork(ctx, r.ID)
}

// DocumentTypes are the kinds of document an uploader chooses from, slug
// to label, in the order the form lists them.
var DocumentTypes = [][2]string{
	{"policy", "Policy"},
	{"strategy", "Strategy"},
	{"procedure", "Procedure"},
	{"survey-results", "Survey results"},
	{"self-assessment", "Self-assessment"},
	{"peer-review", "Peer review"},
	{"performance-data", "Performance data"},
	{"action-plan", "Action plan"},
	{"annual-report", "Annual report"},
	{"minutes", "Minutes"},
	{"other", "Other"},
}

// DocumentTypeLabel is a type's label, or "" when the slug is unknown.
func DocumentTypeLabel(slug string) string {
	for _, t := range DocumentTypes {
		if t[0] == slug {
			return t[1]
		}
	}
	return ""
}
