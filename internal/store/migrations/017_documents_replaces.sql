-- Newer versions of a document, found by the one they replace: each cited
-- document of a return says whether a newer version exists, and the
-- current-version checks of search and lists ask the same. Without it
-- each such question scanned every document (a return of 2,000 citations:
-- 2,000 scans of the table, about 350 ms).
CREATE INDEX documents_replaces ON documents (replaces) WHERE replaces IS NOT NULL;
