-- Where a document's type and its period came from (issue 17, item 7):
-- 'person' (the uploader chose it; every document before this migration),
-- 'none' (left empty at upload and nothing guessed yet: the type is then
-- "other", the period empty), 'name' (guessed from the file name) or
-- 'text' (guessed from the first pages of its text once read). A guess only
-- ever replaces 'none', 'name' or 'text', never a person's choice.
ALTER TABLE documents
    ADD COLUMN type_from   text NOT NULL DEFAULT 'person' CHECK (type_from IN ('person', 'none', 'name', 'text')),
    ADD COLUMN period_from text NOT NULL DEFAULT 'person' CHECK (period_from IN ('person', 'none', 'name', 'text'));
