-- The search index's change log (issue 14). Every `portal serve` keeps its
-- own index and applies these rows in seq order from the last one it
-- applied, which it keeps inside its index. A row only names a document
-- whose searchable state may have changed (it became ready, was withdrawn
-- or superseded, its tags were decided, it failed): the node reads the
-- document's state as it is when it applies the row, so applying a row
-- twice, or after a later one, does no harm.
--
-- Rows are written last in the transaction that makes the change, under an
-- advisory lock held to commit (store.appendIndexChanges), so seq order is
-- commit order: a follower that sees seq n committed knows every lower seq
-- is committed or rolled back, and never skips one that commits later.
CREATE TABLE index_changes (
    seq         bigserial PRIMARY KEY,
    document_id uuid NOT NULL,
    la_code     text NOT NULL,
    kind        text NOT NULL CHECK (kind IN ('index', 'remove')),
    created_at  timestamptz NOT NULL DEFAULT now()
);

-- Where each node is in the log, for trimming and for operators.
CREATE TABLE index_nodes (
    node       text PRIMARY KEY,
    applied    bigint NOT NULL,
    seen_at    timestamptz NOT NULL DEFAULT now()
);

-- How far the log has been trimmed: a node whose position is below this
-- cannot follow the log and checks and repairs its index from the database.
CREATE TABLE index_log_trim (
    one             boolean PRIMARY KEY DEFAULT true CHECK (one),
    trimmed_through bigint NOT NULL
);
INSERT INTO index_log_trim (trimmed_through) VALUES (0);
