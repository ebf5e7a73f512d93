-- National outcome data: every import of a published file (ASCOF, the adult
-- social care surveys) is a dataset, one per layout and year; importing the
-- same layout and year again replaces it, a new year adds to the series.
-- The figures are published and national, not any council's evidence, so
-- they carry no scope: every signed-in role may read every council's.

CREATE TABLE outcome_datasets (
    id          bigserial PRIMARY KEY,
    layout      text NOT NULL CHECK (layout ~ '^[a-z0-9-]{1,40}$'),
    publication text NOT NULL CHECK (length(publication) BETWEEN 1 AND 300),
    -- The financial year the figures are for, as published: 2023-24.
    year        text NOT NULL CHECK (year ~ '^[0-9]{4}-[0-9]{2}$'),
    source_url  text NOT NULL DEFAULT '' CHECK (length(source_url) <= 2000),
    sha256      text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
    size        bigint NOT NULL CHECK (size > 0),
    figures     integer NOT NULL CHECK (figures >= 0),
    imported_by text NOT NULL,
    imported_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE (layout, year)
);

CREATE TABLE outcome_values (
    dataset_id     bigint NOT NULL REFERENCES outcome_datasets (id) ON DELETE CASCADE,
    level          text NOT NULL CHECK (level IN ('la', 'region', 'council_type', 'england')),
    -- The ONS code of a council, region or England, or a council type's name.
    area           text NOT NULL CHECK (length(area) BETWEEN 1 AND 1000),
    la_code        text REFERENCES las (code),
    -- The file's own code (for councils the CASSR code) and name, kept as published.
    file_code      text NOT NULL DEFAULT '',
    name           text NOT NULL DEFAULT '',
    region_code    text NOT NULL DEFAULT '',
    measure        text NOT NULL,
    disaggregation text NOT NULL,
    value          double precision NOT NULL,
    PRIMARY KEY (dataset_id, level, area, measure, disaggregation),
    CHECK ((level = 'la') = (la_code IS NOT NULL AND la_code = area))
);
CREATE INDEX outcome_values_la ON outcome_values (la_code, measure) WHERE la_code IS NOT NULL;
