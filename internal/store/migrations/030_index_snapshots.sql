-- Snapshots of a node's search index published to S3 (issue 14), for a new
-- node to start from instead of reading every document's text: it unpacks
-- the latest one of its mapping version and follows the change log from
-- the snapshot's seq. The latest snapshot holds the log from being trimmed
-- past its seq (a row 'snapshot' in index_nodes).
CREATE TABLE index_snapshots (
    object_key      text PRIMARY KEY,
    mapping_version integer NOT NULL,
    seq             bigint NOT NULL,
    pages           bigint NOT NULL,
    shards          integer NOT NULL,
    size            bigint NOT NULL,
    sha256          text NOT NULL,
    node            text NOT NULL,
    created_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX index_snapshots_latest ON index_snapshots (mapping_version, created_at DESC);

-- One node at a time publishes: the one that takes this lease, once per
-- interval (a node that dies while publishing lets the lease run out).
CREATE TABLE index_snapshot_lease (
    one        boolean PRIMARY KEY DEFAULT true CHECK (one),
    node       text NOT NULL DEFAULT '',
    taken_at   timestamptz NOT NULL DEFAULT '-infinity'
);
INSERT INTO index_snapshot_lease DEFAULT VALUES;
