-- Ids come from addresses and forms as text. Compared as id::text = $1, a
-- lookup read every row of the table (20 ms per document at 100,000
-- documents). These turn text into a uuid, or into NULL when it is not one
-- in the canonical form id::text gives (so it matches nothing, exactly as
-- before, and a hostile id is never a cast error), so that the primary key
-- and the document_id indexes are used.
CREATE FUNCTION portal_uuid(t text) RETURNS uuid
    LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT CASE WHEN t ~ '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$' THEN t::uuid END
$$;

CREATE FUNCTION portal_uuids(t text[]) RETURNS uuid[]
    LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT ARRAY(SELECT portal_uuid(x) FROM unnest(t) AS x WHERE portal_uuid(x) IS NOT NULL)
$$;
