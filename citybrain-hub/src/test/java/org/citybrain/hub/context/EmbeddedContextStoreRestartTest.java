package org.citybrain.hub.context;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.citybrain.hub.context.ContextStoreContractTest.ROAD;
import static org.citybrain.hub.context.OpenStore.T0;
import static org.citybrain.hub.context.ContextStoreContractTest.road;
import static org.citybrain.hub.context.ContextStoreContractTest.road1;

import java.io.IOException;
import java.net.URI;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;
import org.citybrain.hub.entity.Entity;
import org.citybrain.hub.entity.Property;
import org.citybrain.hub.store.Appended;
import org.citybrain.hub.store.Reading;
import org.citybrain.hub.store.ReadingStore;
import org.citybrain.hub.store.StoreException;
import org.citybrain.hub.store.WalStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reopening gives back what was acknowledged, whole: after a clean close, a torn tail, a compaction. */
class EmbeddedContextStoreRestartTest {
    @TempDir
    Path dir;

    private final TestClock clock = new TestClock(T0);
    private final List<AutoCloseable> opened = new ArrayList<>();
    private WalStore readings;

    @AfterEach
    void closeAll() throws Exception {
        for (int i = opened.size() - 1; i >= 0; i--) {
            opened.get(i).close();
        }
    }

    private EmbeddedContextStore open(long compactMinBytes) {
        if (readings == null) {
            readings = WalStore.open(dir.resolve("wal"));
            opened.add(readings);
        }
        EmbeddedContextStore store = EmbeddedContextStore.open(dir.resolve("context"), readings, clock, compactMinBytes);
        opened.add(store);
        return store;
    }

    private EmbeddedContextStore open() {
        return open(EmbeddedContextStore.COMPACT_MIN_BYTES);
    }

    private void close(EmbeddedContextStore store) {
        store.close();
        opened.remove(store);
    }

    /** Everything a client could see: every entity, the type and attribute listings. */
    private static List<Object> snapshot(ContextStore store) {
        EntityQuery all = new EntityQuery(Set.of(), Set.of(), Optional.empty(), Set.of(), Optional.empty(), 0, 1_000_000, true);
        return List.of(store.query(all), store.types(), store.attributes());
    }

    private static Path logFile(Path contextDir) throws IOException {
        try (Stream<Path> files = Files.list(contextDir)) {
            return files.filter(p -> p.getFileName().toString().matches("context-\\d{20}\\.log")).findFirst().orElseThrow();
        }
    }

    private static String rid(int i) {
        return "urn:ngsi-ld:TrafficFlowObserved:r" + i;
    }

    /** Random NGSI-LD writes on a few entities; failures (missing entity, ...) are part of the mix. */
    private void randomWrites(ContextStore store, Random random, int count) {
        for (int n = 0; n < count; n++) {
            clock.advance(Duration.ofMillis(random.nextInt(3)));
            String id = rid(random.nextInt(6));
            String attribute = "a" + random.nextInt(4);
            Entity fragment = road(id, "'" + attribute + "': {'type': 'Property', 'value': " + n + "}");
            try {
                switch (random.nextInt(8)) {
                    case 0 -> store.create(fragment);
                    case 1 -> store.append(URI.create(id), fragment, random.nextBoolean());
                    case 2 -> store.update(URI.create(id), fragment);
                    case 3 -> store.patchAttribute(URI.create(id), attribute, Property.of(n));
                    case 4 -> store.deleteAttribute(URI.create(id), attribute);
                    case 5 -> store.delete(URI.create(id));
                    case 6 -> store.batch(BatchOperation.UPSERT_REPLACE, List.of(fragment, road(rid(9), "")));
                    default -> store.batch(BatchOperation.UPSERT_UPDATE, List.of(fragment));
                }
            } catch (ContextException expected) {
                // a write the rules refuse; it changed nothing
            }
        }
    }

    @Test
    void aReopenedStoreAnswersExactlyAsBeforeAfterRandomWrites() {
        long seed = System.nanoTime();
        System.out.println("aReopenedStoreAnswersExactlyAsBeforeAfterRandomWrites seed=" + seed);
        EmbeddedContextStore store = open();
        randomWrites(store, new Random(seed), 300);
        List<Object> before = snapshot(store);
        close(store);
        assertThat(snapshot(open())).as("seed %d", seed).isEqualTo(before);
    }

    @Test
    void aTornTailIsCutOffOnOpenAndEveryWholeWriteBeforeItIsKept() throws IOException {
        EmbeddedContextStore store = open();
        store.create(road(rid(1), "'a': {'type': 'Property', 'value': 1}"));
        store.create(road(rid(2), "'a': {'type': 'Property', 'value': 2}"));
        List<Object> twoEntities = snapshot(store);
        store.create(road(rid(3), "'a': {'type': 'Property', 'value': 3}"));
        close(store);
        Path log = logFile(dir.resolve("context"));
        // the last record is the MARK written on close (8 + 18 bytes); 30 bytes cut into the third create
        try (FileChannel channel = FileChannel.open(log, StandardOpenOption.WRITE)) {
            channel.truncate(channel.size() - 30);
        }
        EmbeddedContextStore reopened = open();
        assertThat(reopened.recovery().truncatedBytes()).isPositive();
        assertThat(snapshot(reopened)).isEqualTo(twoEntities);
        reopened.create(road(rid(3), "'a': {'type': 'Property', 'value': 3}"));
        assertThat(reopened.find(URI.create(rid(3)))).isPresent();
    }

    @Test
    void aLargeLogIsCompactedOnOpenIntoTheLiveEntities() throws IOException {
        EmbeddedContextStore store = open(); // not compacted while open: below 4 MiB
        store.create(road1("'a': {'type': 'Property', 'value': 0}"));
        store.create(road(rid(2), ""));
        for (int i = 1; i <= 200; i++) {
            clock.advance(Duration.ofMillis(1));
            store.update(ROAD, road1("'a': {'type': 'Property', 'value': " + i + "}"));
        }
        store.delete(URI.create(rid(2)));
        List<Object> before = snapshot(store);
        close(store);
        Path contextDir = dir.resolve("context");
        long sizeBefore = Files.size(logFile(contextDir));

        EmbeddedContextStore compacted = open(0);
        Path after = logFile(contextDir);
        assertThat(after.getFileName().toString()).isEqualTo("context-00000000000000000002.log");
        assertThat(Files.size(after)).isLessThan(sizeBefore / 20);
        assertThat(snapshot(compacted)).isEqualTo(before);
        close(compacted);
        assertThat(snapshot(open(0))).isEqualTo(before);
    }

    private void speedReading(Instant observedAt) {
        readings.append(List.of(new Reading("loop-7", ROAD, "TrafficFlowObserved", "speed", observedAt,
                "{\"type\":\"Property\",\"value\":48.5}")));
    }

    @Test
    void aDeletionIsKeptByTheCompactionThatDropsTheEntity() throws IOException {
        EmbeddedContextStore store = open();
        store.create(road1(""));
        speedReading(T0.plusSeconds(5));
        store.create(road(rid(2), "'a': {'type': 'Property', 'value': 0}"));
        for (int i = 1; i <= 200; i++) {
            clock.advance(Duration.ofMillis(1));
            store.update(URI.create(rid(2)), road(rid(2), "'a': {'type': 'Property', 'value': " + i + "}"));
        }
        clock.advance(Duration.ofSeconds(10));
        store.delete(ROAD);
        close(store);

        EmbeddedContextStore compacted = open(0);
        assertThat(logFile(dir.resolve("context")).getFileName().toString()).isEqualTo("context-00000000000000000002.log");
        close(compacted);
        EmbeddedContextStore reopened = open(0);
        clock.advance(Duration.ofSeconds(10));
        reopened.create(road1(""));
        assertThat(reopened.find(ROAD).orElseThrow().attributes()).as("the deleted entity's reading").isEmpty();
    }

    @Test
    void aDeletionLoggedWithoutItsTimeKeepsTheOlderRuleForTheNextEntityOfTheId() {
        // as a version that did not log the deletion time left it: created, then deleted
        ContextLog log = ContextLog.open(dir.resolve("context"), record -> { });
        log.start();
        log.historyDone(log.append(List.of(ContextRecords.put(road1("").withSystemTimes(T0, T0), Map.of()).payload()), true));
        log.historyDone(log.append(List.of(ContextRecords.delete(ROAD, null)), false));
        log.close();
        readings = WalStore.open(dir.resolve("wal"));
        opened.add(readings);
        speedReading(T0.plusSeconds(30)); // after the deletion, whenever that was

        clock.advance(Duration.ofSeconds(60));
        EmbeddedContextStore store = open();
        store.create(road1(""));
        assertThat(store.find(ROAD).orElseThrow().attributes()).as("readings before the new entity's creation").isEmpty();
        speedReading(T0.plusSeconds(61));
        assertThat(store.find(ROAD).orElseThrow().attributes()).containsOnlyKeys("speed");
    }

    @Test
    void aSecondStoreOnTheSameDirectoryIsRefused() {
        open();
        WalStore otherReadings = WalStore.open(dir.resolve("other-wal"));
        opened.add(otherReadings);
        assertThatThrownBy(() -> EmbeddedContextStore.open(dir.resolve("context"), otherReadings, clock))
                .isInstanceOf(StoreException.class).hasMessageContaining("in use");
    }

    /** A ReadingStore that fails every append, as one whose disk is full. */
    private record FailingAppends(ReadingStore delegate) implements ReadingStore {
        @Override
        public Appended append(List<Reading> readings) {
            if (readings.isEmpty()) {
                return new Appended(0, 0);
            }
            throw new StoreException("disk full");
        }

        @Override
        public Optional<Reading> latest(URI entityId, String attribute) {
            return delegate.latest(entityId, attribute);
        }

        @Override
        public Map<String, Reading> current(URI entityId) {
            return delegate.current(entityId);
        }

        @Override
        public List<Reading> history(URI entityId, String attribute, Instant from, Instant to) {
            return delegate.history(entityId, attribute, from, to);
        }

        @Override
        public void scan(URI entityId, String attribute, Instant from, Instant to,
                java.util.function.Predicate<Reading> visitor) {
            delegate.scan(entityId, attribute, from, to, visitor);
        }

        @Override
        public List<Reading> lastN(URI entityId, String attribute, Instant from, Instant to, int n) {
            return delegate.lastN(entityId, attribute, from, to, n);
        }

        @Override
        public List<URI> entities(String entityType) {
            return delegate.entities(entityType);
        }

        @Override
        public List<URI> entitiesWith(java.util.Set<String> attributes) {
            return delegate.entitiesWith(attributes);
        }

        @Override
        public long expire(String entityType, Instant before) {
            return delegate.expire(entityType, before);
        }

        @Override
        public void close() {
        }
    }

    @Test
    void historyThatCouldNotBeStoredIsStoredOnTheNextOpen() {
        readings = WalStore.open(dir.resolve("wal"));
        opened.add(readings);
        EmbeddedContextStore failing = EmbeddedContextStore.open(dir.resolve("context"), new FailingAppends(readings), clock);
        opened.add(failing);
        assertThatThrownBy(() -> failing.create(road1("'a': {'type': 'Property', 'value': 1}")))
                .isInstanceOf(StoreException.class);
        close(failing);
        assertThat(readings.history(ROAD, "a", Instant.EPOCH, Instant.MAX)).isEmpty();

        EmbeddedContextStore reopened = open();
        assertThat(reopened.find(ROAD)).isPresent();
        assertThat(readings.history(ROAD, "a", Instant.EPOCH, Instant.MAX)).singleElement()
                .satisfies(r -> assertThat(r.observedAt()).isEqualTo(T0));
        close(reopened);
        open();
        assertThat(readings.history(ROAD, "a", Instant.EPOCH, Instant.MAX)).hasSize(1);
    }
}
