-- CityBrain hub, PostgreSQL dialect, schema version 2 (docs/hub/postgresql.md): everything the
-- embedded mode keeps in the data directory, for production mode (decision 0013). Applied once on
-- top of version 1, in one transaction under the migration lock. Never edited once released.

-- The NGSI-LD context: one row per entity, its whole state as the API wrote it (telemetry stays in
-- citybrain_current and is laid over it on reading). Ids in byte order ("C"), the order of query
-- results and of row locks.
CREATE TABLE citybrain_entity (
    id              text COLLATE "C" PRIMARY KEY,
    type            text        NOT NULL,
    -- incremented by every write; a write changes a row only at the version it read (optimistic
    -- check on top of the row lock it holds)
    version         bigint      NOT NULL,
    modified_at     timestamptz NOT NULL,
    -- true from the write until its history is in citybrain_reading; opening stores it again
    history_pending boolean     NOT NULL,
    -- attributes deleted through the API and when, {"name": "instant", ...}: readings of those
    -- show again only if observed later
    floors          text        NOT NULL,
    -- the entity in NGSI-LD normalized JSON with every system time
    entity          text        NOT NULL
) WITH (fillfactor = 80);
CREATE INDEX citybrain_entity_by_type ON citybrain_entity (type, id);

-- Registered devices, each as the device registry writes it (JSON: id, entityId, entityType,
-- attributeMapping, context, salt, sha256). The token itself is never stored, only a random salt
-- and SHA-256(salt || token). Devices are never changed: a row is written once.
CREATE TABLE citybrain_device (
    id            text PRIMARY KEY,
    body          text        NOT NULL,
    registered_at timestamptz NOT NULL DEFAULT now()
);

-- The API's users; SHA-256 of the token (Base64) is the lookup key.
CREATE TABLE citybrain_user (
    name         text PRIMARY KEY,
    role         text        NOT NULL,
    token_sha256 text        NOT NULL UNIQUE,
    created_at   timestamptz NOT NULL DEFAULT now()
);

-- NGSI-LD subscriptions, each as the subscription manager writes it (JSON with its @context and
-- delivery counters); modified_at is the subscription's, and the optimistic check of every change.
CREATE TABLE citybrain_subscription (
    id          text PRIMARY KEY,
    modified_at text        NOT NULL,
    body        text        NOT NULL,
    updated_at  timestamptz NOT NULL DEFAULT now()
);
