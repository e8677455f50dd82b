package org.citybrain.hub.context;

import java.time.Clock;
import java.time.Instant;
import org.citybrain.hub.store.ReadingStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * A fresh store per test, with a hand-moved clock; the subclass says which store on which
 * ReadingStore ({@link Embedded}: a WAL in a temporary directory; {@link Postgres}: a schema of
 * its own in the test database).
 */
abstract class OpenStore {
    static final Instant T0 = Instant.parse("2025-05-01T08:00:00Z");

    final TestClock clock = new TestClock(T0);
    ReadingStore readings;
    ContextStore store;
    private Backend backend;

    /** Where the stores of one test live. */
    interface Backend extends AutoCloseable {
        ReadingStore openReadings();

        ContextStore openStore(ReadingStore readings, Clock clock);

        @Override
        void close();
    }

    abstract Backend backend();

    @BeforeEach
    void open() {
        backend = backend();
        readings = backend.openReadings();
        store = backend.openStore(readings, clock);
    }

    /** Closes both stores and opens them again on what they stored (a restart). */
    void reopen() {
        store.close();
        store = null;
        readings.close();
        readings = backend.openReadings();
        store = backend.openStore(readings, clock);
    }

    @AfterEach
    void close() {
        if (store != null) {
            store.close();
        }
        if (readings != null) {
            readings.close();
        }
        if (backend != null) {
            backend.close();
        }
    }
}
