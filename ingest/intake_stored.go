package ingest

import (
	"context"
	"fmt"

	"github.com/evidenceportal/portal/ingest/sniff"
	"github.com/evidenceportal/portal/internal/blob"
	"github.com/google/uuid"
)

// ReceiveStored takes a file that a resumable upload finished in the
// bucket, already at its quarantine key under id (which becomes the
// document's id), and puts it through the same checks as Receive: its kind
// from its first bytes against the allow-list and its name, and the size
// limit. sum is its SHA-256 when the bytes were counted as they came, ""
// to read the object back for it. The caller removes the object on error.
func (in *Intake) ReceiveStored(ctx context.Context, id, filename, sum string) (Received, error) {
	if _, err := uuid.Parse(id); err != nil {
		return Received{}, fmt.Errorf("receive stored %s: id is not a UUID", id)
	}
	key := blob.QuarantineKey(id)
	name := sniff.CleanName(filename)
	info, err := in.blob.Stat(ctx, key)
	if err != nil {
		return Received{}, err
	}
	if info.Size == 0 {
		return Received{}, ErrEmpty
	}
	if info.Size > in.maxBytes {
		return Received{}, fmt.Errorf("%w: %d bytes", ErrTooLarge, info.Size)
	}
	head, err := in.blob.Head(ctx, key, sniff.HeadSize)
	if err != nil {
		return Received{}, err
	}
	kind, err := sniff.Detect(head, name)
	if err != nil {
		return Received{}, err
	}
	if sum == "" {
		obj, err := in.blob.Sum(ctx, key)
		if err != nil {
			return Received{}, err
		}
		if obj.Size != info.Size {
			return Received{}, fmt.Errorf("receive stored %s: size changed from %d to %d", key, info.Size, obj.Size)
		}
		sum = obj.SHA256
	}
	return Received{ID: id, Filename: name, Kind: kind, Size: info.Size, SHA256: sum}, nil
}
