package blob

// The bucket's layout: where a document's bytes are at each stage, stated
// here once. An upload lands in quarantine; only a clean scan moves it to
// files, where it can be read and downloaded; an infected one goes to
// infected, which nothing serves. The text read from a file is kept under
// text. tusd keeps its own objects of resumable uploads (info and part
// files) under the resumable prefix; their bytes stream straight to their
// quarantine key.
const (
	QuarantinePrefix = "quarantine/"
	FilesPrefix      = "files/"
	InfectedPrefix   = "infected/"
	TextPrefix       = "text/"
	ResumablePrefix  = "tus/"
	// IndexSnapshotPrefix holds snapshots of a node's search index, for new
	// nodes to start from.
	IndexSnapshotPrefix = "index-snapshots/"
)

// QuarantineKey is where document id's upload waits for its virus scan.
func QuarantineKey(id string) string { return QuarantinePrefix + id }

// FileKey is where document id's file is once scanned clean.
func FileKey(id string) string { return FilesPrefix + id }

// InfectedKey is where document id's file is kept when infected.
func InfectedKey(id string) string { return InfectedPrefix + id }

// TextKey is where document id's text, page by page, is kept as JSON.
func TextKey(id string) string { return TextPrefix + id + ".json" }
