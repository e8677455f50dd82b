package org.citybrain.hub.context;

import static org.assertj.core.api.Assertions.assertThat;
import static org.citybrain.hub.context.ContextStoreContractTest.ROAD;
import static org.citybrain.hub.context.ContextStoreContractTest.road;
import static org.citybrain.hub.context.ContextStoreContractTest.road1;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.citybrain.hub.entity.Entity;
import org.citybrain.hub.entity.Property;
import org.citybrain.hub.store.WalStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Parallel writers: every acknowledged write is there, also after reopening, and none is lost. */
class EmbeddedContextStoreConcurrencyTest {
    private static final int THREADS = 8;

    @TempDir
    Path dir;

    @Test
    void everyEntityCreatedByParallelWritersIsThereAfterReopening() throws Exception {
        int perThread = 100;
        try (WalStore readings = WalStore.open(dir.resolve("wal"))) {
            try (EmbeddedContextStore store = EmbeddedContextStore.open(dir.resolve("context"), readings, Clock.systemUTC())) {
                Parallel.run(THREADS, t -> {
                    for (int i = 0; i < perThread; i++) {
                        store.create(road("urn:ngsi-ld:TrafficFlowObserved:t" + t + "-" + i,
                                "'intensity': {'type': 'Property', 'value': " + i + "}"));
                    }
                });
            }
            try (EmbeddedContextStore store = EmbeddedContextStore.open(dir.resolve("context"), readings, Clock.systemUTC())) {
                EntityQuery all = new EntityQuery(Set.of("TrafficFlowObserved"), Set.of(), Optional.empty(), Set.of(),
                        Optional.empty(), 0, 0, true);
                assertThat(store.query(all).total()).hasValue(THREADS * perThread);
                for (int t = 0; t < THREADS; t++) {
                    for (int i = 0; i < perThread; i++) {
                        Entity e = store.find(URI.create("urn:ngsi-ld:TrafficFlowObserved:t" + t + "-" + i)).orElseThrow();
                        assertThat(e.property("intensity").orElseThrow().value().asInt()).isEqualTo(i);
                    }
                }
            }
        }
    }

    @Test
    void theLogIsCompactedWhileParallelWritersRunAndEveryWriteIsThereAfterReopening() throws Exception {
        int perThread = 300;
        Path context = dir.resolve("context");
        try (WalStore readings = WalStore.open(dir.resolve("wal"))) {
            try (EmbeddedContextStore store = EmbeddedContextStore.open(context, readings, Clock.systemUTC(), 32 << 10)) {
                // each thread creates 10 entities and updates them over and over: the log grows, the live state does not
                Parallel.run(THREADS, t -> {
                    for (int i = 0; i < perThread; i++) {
                        String id = "urn:ngsi-ld:TrafficFlowObserved:c" + t + "-" + (i % 10);
                        store.batch(BatchOperation.UPSERT_UPDATE, List.of(road(id, "'intensity': {'type': 'Property', 'value': " + i + "}")));
                        if (i % 50 == 49) {
                            store.delete(URI.create(id));
                        }
                    }
                });
            }
            // closing waits for a compaction under way: one generation is left
            assertThat(logFile(context).getFileName().toString()).as("compacted while open")
                    .isNotEqualTo("context-00000000000000000001.log");
            assertThat(Files.size(logFile(context))).as("the log stays near its live size, not that of the %d writes",
                    THREADS * perThread).isLessThan(256 << 10);
            try (EmbeddedContextStore store = EmbeddedContextStore.open(context, readings, Clock.systemUTC())) {
                for (int t = 0; t < THREADS; t++) {
                    for (int k = 0; k < 10; k++) {
                        int last = perThread - 10 + k; // each id's last write
                        Optional<Entity> e = store.find(URI.create("urn:ngsi-ld:TrafficFlowObserved:c" + t + "-" + k));
                        if (last % 50 == 49) {
                            assertThat(e).isEmpty();
                        } else {
                            assertThat(e.orElseThrow().property("intensity").orElseThrow().value().asInt()).isEqualTo(last);
                        }
                    }
                }
            }
        }
    }

    private static Path logFile(Path context) throws java.io.IOException {
        try (var files = Files.list(context)) {
            return files.filter(p -> p.getFileName().toString().matches("context-\\d{20}\\.log")).findFirst().orElseThrow();
        }
    }

    @Test
    void concurrentAppendsOfDifferentAttributesToOneEntityLoseNoUpdate() throws Exception {
        int rounds = 50;
        try (WalStore readings = WalStore.open(dir.resolve("wal"))) {
            Entity last;
            try (EmbeddedContextStore store = EmbeddedContextStore.open(dir.resolve("context"), readings, Clock.systemUTC())) {
                store.create(road1(""));
                Parallel.run(THREADS, t -> {
                    for (int i = 1; i <= rounds; i++) {
                        store.append(ROAD, Entity.of(ROAD, "TrafficFlowObserved").withAttribute("lane" + t, Property.of(i)), false);
                    }
                });
                last = store.find(ROAD).orElseThrow();
                for (int t = 0; t < THREADS; t++) {
                    assertThat(last.property("lane" + t).orElseThrow().value().asInt()).as("lane %d", t).isEqualTo(rounds);
                    assertThat(readings.history(ROAD, "lane" + t, Instant.EPOCH, Instant.MAX)).hasSize(rounds);
                }
            }
            try (EmbeddedContextStore store = EmbeddedContextStore.open(dir.resolve("context"), readings, Clock.systemUTC())) {
                assertThat(store.find(ROAD)).contains(last);
            }
        }
    }
}
