-- CityBrain hub, PostgreSQL dialect, schema version 3 (docs/hub/postgresql.md). Applied once on top
-- of version 2, in one transaction under the migration lock. Never edited once released.

-- Entities deleted and not created again, and when (an Instant as ISO-8601 text, nanoseconds kept;
-- empty: not known). A new entity of such an id shows only the readings observed after that time;
-- of any other id, every reading, also those observed before its creation.
CREATE TABLE citybrain_entity_deleted (
    id         text COLLATE "C" PRIMARY KEY,
    deleted_at text NOT NULL
);

-- Version 2 did not keep deletions, and showed on a new entity only the readings observed after
-- its creation. Ids that have readings but no entity (deleted, or never created) keep that rule.
INSERT INTO citybrain_entity_deleted (id, deleted_at)
SELECT DISTINCT c.entity_id, '' FROM citybrain_current AS c
WHERE NOT EXISTS (SELECT 1 FROM citybrain_entity AS e WHERE e.id = c.entity_id);
