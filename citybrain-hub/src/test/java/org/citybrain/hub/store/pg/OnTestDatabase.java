package org.citybrain.hub.store.pg;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** Tests on a fresh schema of the test database each (skipped when none is configured), opened with two connections. */
abstract class OnTestDatabase {
    protected TestDatabase schema;
    protected PostgresDatabase database;

    @BeforeEach
    void openTestDatabase() {
        schema = TestDatabase.createOrSkip();
        database = PostgresDatabase.open(schema.options(), 2);
    }

    @AfterEach
    void dropTestDatabase() {
        if (database != null) {
            database.close();
            schema.close();
        }
    }
}
