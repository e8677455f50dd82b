package org.citybrain.server.city;

import org.citybrain.hub.context.ChangeFeed;
import org.citybrain.hub.context.PostgresContextStore;
import org.citybrain.hub.store.pg.PostgresDatabase;
import org.citybrain.hub.store.pg.PostgresOptions;
import org.citybrain.hub.store.pg.PostgresReadingStore;
import org.citybrain.server.TestPostgres;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;

/**
 * {@link ParkingForecastsRestartTest} in production mode: the readings and the entities in
 * PostgreSQL (a schema of each test's own, dropped after it), so the forecasts a restart compares
 * with have been through the database's JSON. Skipped without a database ({@link TestPostgres}).
 */
class ParkingForecastsRestartOnPostgresIT extends ParkingForecastsRestartTest {
    final String schema = TestPostgres.newSchema("forecasts_it_");

    @BeforeAll
    static void database() {
        TestPostgres.requireOrSkip();
    }

    @Override
    Stores open(ChangeFeed changes) {
        PostgresOptions options = PostgresOptions.of(TestPostgres.URL, System.getenv("CITYBRAIN_TEST_PG_USER"),
                System.getenv("CITYBRAIN_TEST_PG_PASSWORD")).withSchema(schema);
        PostgresDatabase database = PostgresDatabase.open(options, 2);
        PostgresReadingStore readings = PostgresReadingStore.open(options);
        return new Stores(readings, PostgresContextStore.open(database, readings, clock, changes), database);
    }

    @AfterEach
    void dropSchema() throws Exception {
        stop(); // before the schema goes: JUnit runs this before the superclass's @AfterEach
        TestPostgres.drop(schema);
    }
}
