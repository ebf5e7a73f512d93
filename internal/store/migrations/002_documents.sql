-- Evidence documents. The file lives in S3 under object_key; its derived text
-- under text/<id>.json. Status and its reason belong to the ingest pipeline.

CREATE TABLE documents (
    id            uuid PRIMARY KEY,
    la_code       text NOT NULL REFERENCES las (code),
    title         text NOT NULL CHECK (length(title) BETWEEN 1 AND 300),
    doc_type      text NOT NULL,
    period        text NOT NULL DEFAULT '',
    qs_hint       text NOT NULL DEFAULT '',
    category_hint text NOT NULL DEFAULT '',
    description   text NOT NULL DEFAULT '' CHECK (length(description) <= 2000),
    filename      text NOT NULL,
    kind          text NOT NULL,
    content_type  text NOT NULL,
    size          bigint NOT NULL CHECK (size > 0),
    sha256        text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
    object_key    text NOT NULL,
    status        text NOT NULL,
    status_reason text NOT NULL DEFAULT '',
    pages         integer NOT NULL DEFAULT 0,
    uploaded_by   bigint NOT NULL REFERENCES users (id),
    uploaded_at   timestamptz NOT NULL DEFAULT now(),
    updated_at    timestamptz NOT NULL DEFAULT now(),
    replaces      uuid REFERENCES documents (id)
);
CREATE INDEX documents_la ON documents (la_code, uploaded_at DESC);
CREATE INDEX documents_status ON documents (status) WHERE status NOT IN ('ready', 'rejected', 'withdrawn');
-- The same content twice in one council is one document (a withdrawn or
-- rejected copy does not count).
CREATE UNIQUE INDEX documents_la_sha256 ON documents (la_code, sha256) WHERE status NOT IN ('withdrawn', 'rejected');
