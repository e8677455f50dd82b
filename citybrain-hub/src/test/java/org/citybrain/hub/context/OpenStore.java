package org.citybrain.hub.context;

import java.nio.file.Path;
import java.time.Instant;
import org.citybrain.hub.store.WalStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** A fresh store per test on a WAL of readings in a temporary directory, with a hand-moved clock. */
abstract class OpenStore {
    static final Instant T0 = Instant.parse("2025-05-01T08:00:00Z");

    @TempDir
    Path dir;

    final TestClock clock = new TestClock(T0);
    WalStore readings;
    EmbeddedContextStore store;

    @BeforeEach
    void open() {
        readings = WalStore.open(dir.resolve("wal"));
        store = EmbeddedContextStore.open(dir.resolve("context"), readings, clock);
    }

    @AfterEach
    void close() {
        store.close();
        readings.close();
    }
}
