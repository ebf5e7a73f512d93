package ingest

// Where a document's bytes live in the bucket. An upload lands in
// quarantine; only a clean scan moves it to files, where it can be read and
// downloaded; an infected one goes to infected, which nothing serves.
func quarantineKey(id string) string { return "quarantine/" + id }
func fileKey(id string) string       { return "files/" + id }
func infectedKey(id string) string   { return "infected/" + id }
func textKey(id string) string       { return "text/" + id + ".json" }

// resumablePrefix is where tusd keeps resumable uploads until they finish
// (internal/tusstore.Prefix; ingest does not import the AWS SDK behind it).
const resumablePrefix = "tus/"
