package org.citybrain.hub.ingest;

import java.util.List;
import java.util.Map;
import org.citybrain.hub.store.pg.PostgresOptions;
import org.citybrain.hub.store.pg.PostgresReadingStore;
import org.citybrain.hub.store.pg.TestDatabase;
import org.junit.jupiter.api.Test;

/**
 * Kills a JVM that is ingesting into PostgreSQL, with SIGKILL, and checks that every reading it
 * had acknowledged is in the database afterwards, exactly once. The child reads its connection
 * from {@code CITYBRAIN_DB_*}, as the server will.
 */
class PostgresKillDuringIngestionIT {

    @Test
    void everyAcknowledgedReadingSurvivesKillNine() throws Exception {
        try (TestDatabase database = TestDatabase.createOrSkip()) {
            PostgresOptions options = database.options();
            ProcessBuilder child = KillNine.child("pg");
            String prefix = PostgresOptions.ENVIRONMENT_PREFIX;
            child.environment().putAll(Map.of(prefix + "_URL", options.url(), prefix + "_USER", options.user(),
                    prefix + "_PASSWORD", options.password(), prefix + "_SCHEMA", options.schema()));
            List<Integer> acknowledged = KillNine.acknowledgedUntilKilled(child);

            try (PostgresReadingStore store = PostgresReadingStore.open(options)) {
                KillNine.assertStoredOnce(store, acknowledged);
            }
        }
    }
}
