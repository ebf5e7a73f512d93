-- Assessments: one council under one framework version, its inspectors,
-- scores with their cited evidence, the append-only history of every score
-- change, the state transitions and the factual accuracy comments.

CREATE TABLE assessments (
    id                bigserial PRIMARY KEY,
    la_code           text NOT NULL REFERENCES las (code),
    framework_version text NOT NULL,
    state             text NOT NULL DEFAULT 'in_progress'
                      CHECK (state IN ('in_progress', 'calibration', 'factual_accuracy', 'published')),
    created_by        text NOT NULL,
    created_at        timestamptz NOT NULL DEFAULT now(),
    state_changed_at  timestamptz NOT NULL DEFAULT now(),
    -- Last day (UK date) on which the council may send factual accuracy comments.
    fa_deadline       date,
    published_at      timestamptz,
    -- What was published, frozen: later changes never alter it.
    snapshot          jsonb,
    CHECK ((state = 'published') = (published_at IS NOT NULL AND snapshot IS NOT NULL))
);
-- A council has at most one assessment under way at a time.
CREATE UNIQUE INDEX assessments_one_open ON assessments (la_code) WHERE state <> 'published';
CREATE INDEX assessments_published ON assessments (la_code, published_at DESC) WHERE state = 'published';

CREATE TABLE assessment_transitions (
    id            bigserial PRIMARY KEY,
    assessment_id bigint NOT NULL REFERENCES assessments (id),
    from_state    text NOT NULL,
    to_state      text NOT NULL,
    actor_email   text NOT NULL,
    actor_role    text NOT NULL,
    comment       text NOT NULL DEFAULT '' CHECK (length(comment) <= 5000),
    at            timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX assessment_transitions_assessment ON assessment_transitions (assessment_id, id);

CREATE TABLE assessment_inspectors (
    assessment_id bigint NOT NULL REFERENCES assessments (id),
    email         text NOT NULL CHECK (email = lower(email) AND email LIKE '%@%'),
    added_by      text NOT NULL,
    added_at      timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (assessment_id, email)
);

-- category is '' for a quality statement scored directly (later method) and
-- an evidence category slug under the interim method.
CREATE TABLE assessment_scores (
    assessment_id bigint NOT NULL REFERENCES assessments (id),
    qs            text NOT NULL,
    category      text NOT NULL DEFAULT '',
    score         integer NOT NULL CHECK (score BETWEEN 1 AND 4),
    rationale     text NOT NULL CHECK (length(rationale) BETWEEN 1 AND 10000),
    -- Optimistic concurrency: a save names the version it was made from.
    version       integer NOT NULL DEFAULT 1,
    updated_by    text NOT NULL,
    updated_at    timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (assessment_id, qs, category)
);

CREATE TABLE score_citations (
    assessment_id bigint NOT NULL,
    qs            text NOT NULL,
    category      text NOT NULL,
    document_id   uuid NOT NULL REFERENCES documents (id),
    page          integer NOT NULL CHECK (page >= 1),
    PRIMARY KEY (assessment_id, qs, category, document_id, page),
    FOREIGN KEY (assessment_id, qs, category) REFERENCES assessment_scores (assessment_id, qs, category) ON DELETE CASCADE
);

CREATE TABLE score_history (
    id                 bigserial PRIMARY KEY,
    assessment_id      bigint NOT NULL REFERENCES assessments (id),
    qs                 text NOT NULL,
    category           text NOT NULL,
    actor_email        text NOT NULL,
    at                 timestamptz NOT NULL DEFAULT now(),
    old_score          integer,
    new_score          integer NOT NULL,
    rationale          text NOT NULL,
    citations          jsonb NOT NULL DEFAULT '[]',
    -- Saved with the same score: the score was reviewed, not changed.
    reviewed_unchanged boolean NOT NULL,
    -- The quality statement's score, and the overall rating, before and after.
    old_qs_score       integer,
    new_qs_score       integer,
    qs_band_changed    boolean NOT NULL,
    old_rating         text NOT NULL DEFAULT '',
    new_rating         text NOT NULL DEFAULT '',
    rating_changed     boolean NOT NULL
);
CREATE INDEX score_history_assessment ON score_history (assessment_id, id DESC);

CREATE FUNCTION score_history_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'score_history is append-only';
END;
$$;
CREATE TRIGGER score_history_no_update BEFORE UPDATE OR DELETE ON score_history
    FOR EACH ROW EXECUTE FUNCTION score_history_append_only();
CREATE TRIGGER score_history_no_truncate BEFORE TRUNCATE ON score_history
    FOR EACH STATEMENT EXECUTE FUNCTION score_history_append_only();

CREATE TABLE fa_comments (
    id            bigserial PRIMARY KEY,
    assessment_id bigint NOT NULL REFERENCES assessments (id),
    qs            text NOT NULL,
    body          text NOT NULL CHECK (length(body) BETWEEN 1 AND 10000),
    document_id   uuid REFERENCES documents (id),
    page          integer CHECK (page >= 1),
    author_email  text NOT NULL,
    created_at    timestamptz NOT NULL DEFAULT now(),
    response      text NOT NULL DEFAULT '' CHECK (length(response) <= 10000),
    responded_by  text NOT NULL DEFAULT '',
    responded_at  timestamptz
);
CREATE INDEX fa_comments_assessment ON fa_comments (assessment_id, id);
