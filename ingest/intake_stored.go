package ingest

import (
	"context"
	"errors"
	"fmt"

	"github.com/evidenceportal/portal/ingest/sniff"
	"github.com/evidenceportal/portal/internal/blob"
	"github.com/google/uuid"
)

// ReceiveStored takes a file that a resumable upload finished in the
// bucket at key, and puts it through the same checks as Receive: its kind
// from its first bytes against the allow-list and its name, the size
// limit, its SHA-256 and size counted from the bytes stored. It then moves
// it to quarantine under id, which becomes the document's id. The caller
// removes what is left at key on error.
func (in *Intake) ReceiveStored(ctx context.Context, id, key, filename string) (Received, error) {
	if _, err := uuid.Parse(id); err != nil {
		return Received{}, fmt.Errorf("receive stored %s: id is not a UUID", key)
	}
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
	obj, err := in.blob.Sum(ctx, key)
	if err != nil {
		return Received{}, err
	}
	if obj.Size != info.Size {
		return Received{}, fmt.Errorf("receive stored %s: size changed from %d to %d", key, info.Size, obj.Size)
	}
	if err := in.blob.Move(ctx, key, quarantineKey(id)); err != nil {
		if errors.Is(err, blob.ErrNotFound) {
			return Received{}, fmt.Errorf("receive stored %s: %w", key, err)
		}
		return Received{}, err
	}
	return Received{ID: id, Filename: name, Kind: kind, Size: obj.Size, SHA256: obj.SHA256}, nil
}
