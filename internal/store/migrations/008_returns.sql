-- Information returns: what CQC asks a council for at the start of an
-- assessment (items copied from a template, editable until issued), the
-- council's answers item by item, the documents they cite, further evidence
-- requests during the assessment with their threads, and the notifications
-- people get about them. Every row carries its council (la_code) so that
-- every query can be limited to the caller's scope.

CREATE TABLE info_returns (
    id            bigserial PRIMARY KEY,
    assessment_id bigint NOT NULL UNIQUE REFERENCES assessments (id),
    la_code       text NOT NULL REFERENCES las (code),
    template      text NOT NULL,
    state         text NOT NULL DEFAULT 'draft' CHECK (state IN ('draft', 'issued', 'submitted')),
    -- Days after issue the items are due: 21 (3 weeks) unless the inspectors say otherwise.
    due_days      integer NOT NULL DEFAULT 21 CHECK (due_days BETWEEN 1 AND 120),
    created_by    text NOT NULL,
    created_at    timestamptz NOT NULL DEFAULT now(),
    issued_by     text NOT NULL DEFAULT '',
    issued_at     timestamptz,
    due_on        date,
    submitted_by  text NOT NULL DEFAULT '',
    submitted_at  timestamptz,
    -- When the personal data answers were deleted, a set time after publication.
    personal_deleted_at timestamptz,
    CHECK ((state = 'draft') = (issued_at IS NULL)),
    CHECK ((state = 'submitted') = (submitted_at IS NOT NULL))
);
CREATE INDEX info_returns_la ON info_returns (la_code, created_at DESC);

CREATE TABLE return_items (
    id          bigserial PRIMARY KEY,
    return_id   bigint NOT NULL REFERENCES info_returns (id) ON DELETE CASCADE,
    la_code     text NOT NULL REFERENCES las (code),
    position    integer NOT NULL,
    key         text NOT NULL CHECK (key ~ '^[a-z0-9-]{1,60}$'),
    part        text NOT NULL,
    title       text NOT NULL CHECK (length(title) BETWEEN 1 AND 300),
    wanted      text NOT NULL CHECK (length(wanted) BETWEEN 1 AND 5000),
    qs          text[] NOT NULL DEFAULT '{}',
    categories  text[] NOT NULL DEFAULT '{}',
    kind        text NOT NULL CHECK (kind IN ('documents', 'link', 'text', 'table')),
    columns     text[] NOT NULL DEFAULT '{}',
    required    boolean NOT NULL,
    -- Contacts and case lists: visible to the council's staff and the
    -- assessment's inspectors only, never indexed, every view audited.
    personal    boolean NOT NULL DEFAULT false,
    source      text NOT NULL DEFAULT '',
    due_on      date,
    UNIQUE (return_id, key)
);
CREATE INDEX return_items_return ON return_items (return_id, position);

-- One answer per item, changed in place until the return is submitted;
-- version guards against two people overwriting each other unseen.
CREATE TABLE return_answers (
    item_id      bigint PRIMARY KEY REFERENCES return_items (id) ON DELETE CASCADE,
    la_code      text NOT NULL REFERENCES las (code),
    link         text NOT NULL DEFAULT '' CHECK (length(link) <= 2000 AND (link = '' OR link ~ '^https?://')),
    body         text NOT NULL DEFAULT '' CHECK (length(body) <= 10000),
    table_rows   jsonb NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(table_rows) = 'array' AND jsonb_array_length(table_rows) <= 200),
    answered     boolean NOT NULL DEFAULT true,
    -- Why a required item is not answered, given on submission.
    reason       text NOT NULL DEFAULT '' CHECK (length(reason) <= 10000),
    version      integer NOT NULL DEFAULT 1,
    answered_by  text NOT NULL,
    answered_at  timestamptz NOT NULL DEFAULT now()
);

-- The exact document versions an answer points to: a document id is one
-- version, and its hash is kept so that what was submitted is provable.
CREATE TABLE return_citations (
    item_id     bigint NOT NULL REFERENCES return_answers (item_id) ON DELETE CASCADE,
    position    integer NOT NULL,
    document_id uuid NOT NULL REFERENCES documents (id),
    sha256      text NOT NULL,
    page        integer NOT NULL DEFAULT 0 CHECK (page >= 0),
    section     text NOT NULL DEFAULT '' CHECK (length(section) <= 200),
    PRIMARY KEY (item_id, position)
);
CREATE INDEX return_citations_document ON return_citations (document_id);

CREATE TABLE evidence_requests (
    id            bigserial PRIMARY KEY,
    assessment_id bigint NOT NULL REFERENCES assessments (id),
    la_code       text NOT NULL REFERENCES las (code),
    qs            text[] NOT NULL CHECK (cardinality(qs) BETWEEN 1 AND 9),
    wanted        text NOT NULL CHECK (length(wanted) BETWEEN 1 AND 5000),
    due_on        date NOT NULL,
    state         text NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'closed')),
    raised_by     text NOT NULL,
    raised_at     timestamptz NOT NULL DEFAULT now(),
    closed_by     text NOT NULL DEFAULT '',
    closed_at     timestamptz,
    CHECK ((state = 'closed') = (closed_at IS NOT NULL))
);
CREATE INDEX evidence_requests_assessment ON evidence_requests (assessment_id, id);
CREATE INDEX evidence_requests_open ON evidence_requests (la_code, due_on) WHERE state = 'open';

CREATE TABLE request_messages (
    id          bigserial PRIMARY KEY,
    request_id  bigint NOT NULL REFERENCES evidence_requests (id),
    la_code     text NOT NULL REFERENCES las (code),
    author      text NOT NULL,
    author_role text NOT NULL,
    body        text NOT NULL DEFAULT '' CHECK (length(body) <= 10000),
    link        text NOT NULL DEFAULT '' CHECK (length(link) <= 2000 AND (link = '' OR link ~ '^https?://')),
    document_id uuid REFERENCES documents (id),
    page        integer NOT NULL DEFAULT 0 CHECK (page >= 0),
    at          timestamptz NOT NULL DEFAULT now(),
    CHECK (body <> '' OR link <> '' OR document_id IS NOT NULL)
);
CREATE INDEX request_messages_request ON request_messages (request_id, id);

-- What each person hears about: one row per person and event, so that an
-- event is never told twice (event_key is unique per recipient); emailed_at
-- is set by the job that sent the email.
CREATE TABLE notifications (
    id         bigserial PRIMARY KEY,
    recipient  text NOT NULL CHECK (recipient = lower(recipient) AND recipient LIKE '%@%'),
    la_code    text REFERENCES las (code),
    event_key  text NOT NULL,
    message    text NOT NULL CHECK (length(message) BETWEEN 1 AND 500),
    href       text NOT NULL CHECK (href LIKE '/%'),
    created_at timestamptz NOT NULL DEFAULT now(),
    read_at    timestamptz,
    emailed_at timestamptz,
    UNIQUE (recipient, event_key)
);
CREATE INDEX notifications_recipient ON notifications (recipient, created_at DESC);
