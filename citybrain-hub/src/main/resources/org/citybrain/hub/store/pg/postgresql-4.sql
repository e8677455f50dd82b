-- CityBrain hub, PostgreSQL dialect, schema version 4 (docs/hub/postgresql.md). Applied once on top
-- of version 3, in one transaction under the migration lock. Never edited once released.

-- JSON-LD contexts added at run time (POST /ngsi-ld/v1/jsonldContexts): the hub's copy of a context
-- named by its own URL (url set), or one the hub hosts (url null). body: the document as given.
CREATE TABLE citybrain_jsonld_context (
    id         text COLLATE "C" PRIMARY KEY,
    url        text COLLATE "C" UNIQUE,
    created_at timestamptz NOT NULL,
    body       text NOT NULL
);
