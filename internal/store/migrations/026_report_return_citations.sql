-- A paragraph of the report may cite an answer of the council's submitted
-- information return (issue 13), as it cites a document's page: the item
-- of the assessment's own return. A submitted return is frozen, so the
-- item and its answer never change under the citation. The versions keep
-- the citations as cited (with the item's title) in JSON.
CREATE TABLE report_return_citations (
    assessment_id bigint NOT NULL,
    section       text NOT NULL,
    paragraph     integer NOT NULL CHECK (paragraph >= 1),
    item_id       bigint NOT NULL REFERENCES return_items (id),
    PRIMARY KEY (assessment_id, section, paragraph, item_id),
    FOREIGN KEY (assessment_id, section) REFERENCES report_sections (assessment_id, section) ON DELETE CASCADE
);
ALTER TABLE report_versions ADD COLUMN returns jsonb NOT NULL DEFAULT '[]';

-- A council's comment may be on one piece of evidence a paragraph cites:
-- citation names it within the paragraph ("doc:<id>:<page>",
-- "measure:<id>:<year>" or "return:<item id>"), citation_label is how the
-- report showed it when the comment was sent (the draft may change since).
ALTER TABLE fa_comments
    ADD COLUMN citation       text NOT NULL DEFAULT '' CHECK (length(citation) <= 200),
    ADD COLUMN citation_label text NOT NULL DEFAULT '' CHECK (length(citation_label) <= 1000),
    ADD CONSTRAINT fa_comments_citation_paragraph CHECK (citation = '' OR paragraph IS NOT NULL);
