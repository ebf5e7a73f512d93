package ingest

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"strings"
	"testing"

	"github.com/evidenceportal/portal/ingest/sniff"
	"github.com/evidenceportal/portal/internal/blob"
	"github.com/google/uuid"
)

func TestReceiveStored(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	text := "Minutes of the carers' board, March 2025.\n"
	sum := sha256.Sum256([]byte(text))
	tests := []struct {
		name, filename, content, sum string
		wantErr                      error
		wantSum                      string
	}{
		{"read back for its hash", "minutes.txt", text, "", nil, hex.EncodeToString(sum[:])},
		{"hash counted on the way", "minutes.txt", text + " ", "counted", nil, "counted"},
		{"name and content disagree", "minutes.pdf", text + "  ", "", new(sniff.MismatchError), ""},
		{"not allowed", "tool.exe", "MZ\x90\x00" + strings.Repeat("\x00", 64), "", sniff.ErrUnsupported, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			id := uuid.NewString()
			if _, err := e.bl.Put(ctx, blob.QuarantineKey(id), strings.NewReader(tt.content), 1<<20, "application/octet-stream"); err != nil {
				t.Fatal(err)
			}
			r, err := e.intake.ReceiveStored(ctx, id, tt.filename, tt.sum)
			var mm *sniff.MismatchError
			switch {
			case tt.wantErr == nil && err != nil:
				t.Fatalf("ReceiveStored = %v", err)
			case errors.As(tt.wantErr, &mm) && !errors.As(err, &mm):
				t.Fatalf("ReceiveStored = %v, want a mismatch", err)
			case tt.wantErr != nil && !errors.As(tt.wantErr, &mm) && !errors.Is(err, tt.wantErr):
				t.Fatalf("ReceiveStored = %v, want %v", err, tt.wantErr)
			}
			if tt.wantErr == nil && (r.ID != id || r.SHA256 != tt.wantSum || r.Size != int64(len(tt.content)) || r.Kind.Short != "TXT") {
				t.Errorf("ReceiveStored = %+v", r)
			}
		})
	}
	if _, err := e.intake.ReceiveStored(ctx, "../files/x", "a.txt", ""); err == nil {
		t.Errorf("ReceiveStored accepted an id that is not a UUID")
	}
}
