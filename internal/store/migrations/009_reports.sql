-- The assessment report: each section's current text with the citations of
-- its paragraphs (and, for "about the local authority", its facts as
-- numbers), every saved version of a section (append-only), and what the
-- council's factual accuracy comments on the report point at.

CREATE TABLE report_sections (
    assessment_id bigint NOT NULL REFERENCES assessments (id),
    -- A key of internal/report.Sections, such as "summary" or "qs-equity".
    section       text NOT NULL CHECK (section ~ '^[a-z0-9-]{1,64}$'),
    body          text NOT NULL CHECK (length(body) <= 20000),
    facts         jsonb,
    -- Optimistic concurrency: a save names the version it was made from.
    version       integer NOT NULL DEFAULT 1,
    updated_by    text NOT NULL,
    updated_at    timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (assessment_id, section)
);

CREATE TABLE report_citations (
    assessment_id bigint NOT NULL,
    section       text NOT NULL,
    paragraph     integer NOT NULL CHECK (paragraph >= 1),
    document_id   uuid NOT NULL REFERENCES documents (id),
    page          integer NOT NULL CHECK (page >= 1),
    PRIMARY KEY (assessment_id, section, paragraph, document_id, page),
    FOREIGN KEY (assessment_id, section) REFERENCES report_sections (assessment_id, section) ON DELETE CASCADE
);

CREATE TABLE report_versions (
    id            bigserial PRIMARY KEY,
    assessment_id bigint NOT NULL REFERENCES assessments (id),
    section       text NOT NULL,
    version       integer NOT NULL,
    body          text NOT NULL,
    facts         jsonb,
    citations     jsonb NOT NULL DEFAULT '[]',
    actor_email   text NOT NULL,
    at            timestamptz NOT NULL DEFAULT now(),
    UNIQUE (assessment_id, section, version)
);
CREATE INDEX report_versions_at ON report_versions (assessment_id, at);

CREATE FUNCTION report_versions_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'report_versions is append-only';
END;
$$;
CREATE TRIGGER report_versions_no_update BEFORE UPDATE OR DELETE ON report_versions
    FOR EACH ROW EXECUTE FUNCTION report_versions_append_only();
CREATE TRIGGER report_versions_no_truncate BEFORE TRUNCATE ON report_versions
    FOR EACH STATEMENT EXECUTE FUNCTION report_versions_append_only();

-- A comment on the report names its section and, within it, a paragraph or
-- a figure, and says what kind of correction it is; qs stays '' for them.
ALTER TABLE fa_comments
    ADD COLUMN section   text NOT NULL DEFAULT '' CHECK (section ~ '^[a-z0-9-]{0,64}$'),
    ADD COLUMN paragraph integer CHECK (paragraph >= 1),
    ADD COLUMN figure    text NOT NULL DEFAULT '' CHECK (figure ~ '^[a-z0-9_]{0,32}$'),
    ADD COLUMN kind      text NOT NULL DEFAULT '' CHECK (kind IN ('', 'typo', 'inaccurate', 'omitted'));
