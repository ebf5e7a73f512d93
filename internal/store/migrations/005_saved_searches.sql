-- Searches inspectors saved to run again. query is the search page's own
-- query string (q, sort and facet filters), so running one is a redirect.
CREATE TABLE saved_searches (
    id         bigserial PRIMARY KEY,
    user_id    bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    name       text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
    query      text NOT NULL CHECK (length(query) <= 2000),
    created_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE (user_id, name)
);
