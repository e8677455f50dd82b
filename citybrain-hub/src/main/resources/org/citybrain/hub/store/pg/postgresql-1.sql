-- CityBrain reading store, PostgreSQL dialect, schema version 1 (docs/hub/postgresql.md).
-- Applied once, in one transaction, by PostgresReadingStore into the configured schema, which then
-- records version 1 in citybrain_schema_version. A released version is never edited: a change is
-- the next file, postgresql-2.sql, applied on top.

-- observedAt is kept twice. observed_ns, nanoseconds since 1970-01-01T00:00Z, is the exact value
-- (Instants carry nanoseconds, timestamptz only microseconds): idempotence key and order.
-- observed_at is the same time floored to the microsecond, for SQL, BI and time-series tools.

-- Storage order, for readings of one series at the same time: each statement takes one block of
-- 65,536 numbers (a statement inserts at most that many rows) and numbers its rows within it.
CREATE SEQUENCE citybrain_reading_seq INCREMENT BY 65536 MINVALUE 0 START WITH 0;

-- Every reading ever stored: the history.
CREATE TABLE citybrain_reading (
    entity_id   text        NOT NULL,
    attribute   text        NOT NULL,
    observed_ns bigint      NOT NULL,
    device_id   text        NOT NULL,
    seq         bigint      NOT NULL,
    observed_at timestamptz NOT NULL,
    entity_type text        NOT NULL,
    -- the attribute in NGSI-LD normalized form without observedAt, compact JSON, byte for byte as
    -- received (text, not jsonb, which would reorder keys)
    value       text        NOT NULL,
    -- the idempotence key, and the index of history queries (entity, attribute, time range)
    PRIMARY KEY (entity_id, attribute, observed_ns, device_id)
);

-- The current value of every entity attribute: the reading with the greatest observed_ns, the
-- first stored on a tie. Rewritten often, so pages keep room for HOT updates.
CREATE TABLE citybrain_current (
    entity_id   text        NOT NULL,
    attribute   text        NOT NULL,
    observed_ns bigint      NOT NULL,
    device_id   text        NOT NULL,
    seq         bigint      NOT NULL,
    observed_at timestamptz NOT NULL,
    entity_type text        NOT NULL,
    value       text        NOT NULL,
    PRIMARY KEY (entity_id, attribute)
) WITH (fillfactor = 70);
