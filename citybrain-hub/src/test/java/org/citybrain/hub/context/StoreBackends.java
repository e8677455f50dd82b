package org.citybrain.hub.context;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import org.citybrain.hub.store.ReadingStore;
import org.citybrain.hub.store.WalStore;
import org.citybrain.hub.store.pg.PostgresDatabase;
import org.citybrain.hub.store.pg.PostgresReadingStore;
import org.citybrain.hub.store.pg.TestDatabase;

/** The two places a context store lives in the tests. */
final class StoreBackends {
    private StoreBackends() {
    }

    /** The embedded store and a WAL in a temporary directory, deleted on close. */
    static OpenStore.Backend embedded() {
        Path dir;
        try {
            dir = Files.createTempDirectory("citybrain-context-");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return new OpenStore.Backend() {
            @Override
            public ReadingStore openReadings() {
                return WalStore.open(dir.resolve("wal"));
            }

            @Override
            public ContextStore openStore(ReadingStore readings, Clock clock) {
                return EmbeddedContextStore.open(dir.resolve("context"), readings, clock);
            }

            @Override
            public void close() {
                try (var files = Files.walk(dir)) {
                    files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }
        };
    }

    /**
     * Both stores in PostgreSQL, in a schema of their own, dropped on close; the test is skipped
     * without {@code CITYBRAIN_TEST_PG_URL} (failed with {@code CITYBRAIN_REQUIRE_PG=true}).
     */
    static OpenStore.Backend postgres() {
        TestDatabase schema = TestDatabase.createOrSkip();
        PostgresDatabase database = PostgresDatabase.open(schema.options(), 4);
        return new OpenStore.Backend() {
            @Override
            public ReadingStore openReadings() {
                return PostgresReadingStore.open(schema.options());
            }

            @Override
            public ContextStore openStore(ReadingStore readings, Clock clock) {
                return PostgresContextStore.open(database, readings, clock);
            }

            @Override
            public void close() {
                database.close();
                schema.close();
            }
        };
    }

    /**
     * {@code target} behind the {@link ReadingStore} interface only: a context store given it
     * cannot tell it is a {@link PostgresReadingStore}, so it asks it for each entity's readings
     * apart instead of reading them with the rows.
     */
    static ReadingStore behindInterface(ReadingStore target) {
        return (ReadingStore) Proxy.newProxyInstance(ReadingStore.class.getClassLoader(),
                new Class<?>[] {ReadingStore.class}, (proxy, method, args) -> {
                    try {
                        return method.invoke(target, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }
}
