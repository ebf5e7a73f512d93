-- Tagging: the tagger's models, its suggestions per document and page, and
-- what people decided about them.

-- A model is data: the tagger's JSON, versioned by a hash of its content.
-- One is active; the others are kept so an admin can roll back.
CREATE TABLE tag_models (
    id         bigserial PRIMARY KEY,
    version    text NOT NULL UNIQUE,
    created_at timestamptz NOT NULL DEFAULT now(),
    -- labelled examples it was trained on (repository paragraphs and
    -- inspectors' decisions)
    examples   integer NOT NULL CHECK (examples >= 0),
    decisions  integer NOT NULL DEFAULT 0 CHECK (decisions >= 0),
    -- grouped cross-validation on the labelled data held when it was trained
    metrics    jsonb NOT NULL DEFAULT '{}',
    model      bytea NOT NULL,
    active     boolean NOT NULL DEFAULT false,
    note       text NOT NULL DEFAULT ''
);
CREATE UNIQUE INDEX tag_models_one_active ON tag_models (active) WHERE active;

-- What the tagger suggests. Page 0 is the whole document (its best page);
-- pages keep only suggestions worth showing. Passages are JSON
-- [{"page": n, "start": b, "end": b, "text": "..."}], plain text.
CREATE TABLE tag_suggestions (
    document_id   uuid NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    page          integer NOT NULL CHECK (page >= 0),
    kind          text NOT NULL CHECK (kind IN ('qs', 'category')),
    label         text NOT NULL,
    confidence    real NOT NULL CHECK (confidence BETWEEN 0 AND 1),
    passages      jsonb NOT NULL DEFAULT '[]',
    model_version text NOT NULL,
    created_at    timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (document_id, page, kind, label)
);
CREATE INDEX tag_suggestions_model ON tag_suggestions (model_version) WHERE page = 0;

-- Every decision, never updated: an inspector's accept, reject or add, or
-- a council's hint. The latest inspector decision on a label is the
-- document's state; hints stay the council's and are never an inspector's.
-- The text is what training learns from: the passages accepted, or the
-- page an added tag was about.
CREATE TABLE tag_decisions (
    id            bigserial PRIMARY KEY,
    document_id   uuid NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    la_code       text NOT NULL REFERENCES las (code),
    kind          text NOT NULL CHECK (kind IN ('qs', 'category')),
    label         text NOT NULL,
    decision      text NOT NULL CHECK (decision IN ('accept', 'reject', 'add', 'hint')),
    source        text NOT NULL CHECK (source IN ('inspector', 'la')),
    page          integer NOT NULL DEFAULT 0 CHECK (page >= 0),
    text          text NOT NULL DEFAULT '',
    model_version text NOT NULL DEFAULT '',
    confidence    real,
    decided_by    bigint NOT NULL REFERENCES users (id),
    decided_at    timestamptz NOT NULL DEFAULT now(),
    CHECK ((source = 'la') = (decision = 'hint'))
);
CREATE INDEX tag_decisions_document ON tag_decisions (document_id, kind, label, id DESC);
CREATE INDEX tag_decisions_la ON tag_decisions (la_code);
