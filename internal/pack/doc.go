// Package pack writes and checks evidence packs: the ZIP archive of an
// assessment's evidence that inspectors, admins and the assessed council
// download. A pack is written entry by entry straight to its reader (an
// HTTP response), each entry hashed as it passes, and ends with its
// manifest: manifest.json and manifest.csv list every other file with its
// SHA-256, size and what it is (for a document: who uploaded it and when,
// its version, its tags and what cites it). Nothing is held whole: memory
// is a copy buffer and the compressor per pack, whatever its size.
//
// Verify checks a pack against its manifest: every file present, none
// extra, each of its size and SHA-256, the CSV manifest agreeing with the
// JSON one, and each document as it was hashed at upload. The manifest is
// not signed: it proves a pack whole and unaltered since it was written
// unless someone rewrote the manifest too, which the documents' hashes at
// upload (kept by the portal) still show.
package pack
