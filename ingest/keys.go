package ingest

// Where a document's bytes live in the bucket. An upload lands in
// quarantine; only a clean scan moves it to files, where it can be read and
// downloaded; an infected one goes to infected, which nothing serves.
func quarantineKey(id string) string { return "quarantine/" + id }
func fileKey(id string) string       { return "files/" + id }
func infectedKey(id string) string   { return "infected/" + id }
func textKey(id string) string       { return "text/" + id + ".json" }

// resumablePrefix is where tusd keeps its own objects of resumable uploads
// (internal/tusstore.MetaPrefix; ingest does not import the AWS SDK behind
// it). Their bytes stream straight to their quarantine key.
const resumablePrefix = "tus/"
