package org.citybrain.hub.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WalStoreTest {
    private static final URI ROAD = URI.create("urn:ngsi-ld:TrafficFlowObserved:road-1");
    private static final Instant T0 = Instant.parse("2025-05-01T08:00:00Z");

    @TempDir
    Path dir;

    private final List<WalStore> opened = new ArrayList<>();

    @AfterEach
    void closeAll() {
        opened.forEach(WalStore::close);
    }

    private WalStore open() {
        return open(WalOptions.DEFAULTS);
    }

    private WalStore open(WalOptions options) {
        WalStore store = WalStore.open(dir, options);
        opened.add(store);
        return store;
    }

    private static Reading reading(String device, String attribute, long second, double value) {
        return new Reading(device, ROAD, "TrafficFlowObserved", attribute, T0.plusSeconds(second),
                "{\"type\":\"Property\",\"value\":" + value + "}");
    }

    private static List<Reading> intensity(WalStore store) {
        return store.history(ROAD, "intensity", Instant.MIN, Instant.MAX);
    }

    @Test
    void appendedReadingsAreInHistoryInTimeOrderAndTheLatestIsCurrent() {
        WalStore store = open();
        store.append(List.of(reading("d1", "intensity", 2, 20), reading("d1", "intensity", 1, 10)));
        store.append(List.of(reading("d1", "intensity", 3, 30), reading("d1", "speed", 3, 50)));

        assertThat(intensity(store)).extracting(Reading::value).containsExactly(
                "{\"type\":\"Property\",\"value\":10.0}", "{\"type\":\"Property\",\"value\":20.0}",
                "{\"type\":\"Property\",\"value\":30.0}");
        assertThat(store.latest(ROAD, "intensity")).contains(reading("d1", "intensity", 3, 30));
        assertThat(store.current(ROAD)).containsOnlyKeys("intensity", "speed");
    }

    @Test
    void historyRangeIncludesFromAndExcludesTo() {
        WalStore store = open();
        for (int s = 0; s < 5; s++) {
            store.append(List.of(reading("d1", "intensity", s, s)));
        }
        assertThat(store.history(ROAD, "intensity", T0.plusSeconds(1), T0.plusSeconds(3)))
                .extracting(Reading::observedAt).containsExactly(T0.plusSeconds(1), T0.plusSeconds(2));
        assertThat(store.history(ROAD, "unknown", Instant.MIN, Instant.MAX)).isEmpty();
    }

    @Test
    void aDuplicateIsAcknowledgedButStoredOnceAndTheFirstValueWins() {
        WalStore store = open();
        assertThat(store.append(List.of(reading("d1", "intensity", 1, 10)))).isEqualTo(new Appended(1, 0));
        assertThat(store.append(List.of(reading("d1", "intensity", 1, 99), reading("d1", "intensity", 2, 20))))
                .isEqualTo(new Appended(1, 1));
        assertThat(store.append(List.of(reading("d1", "intensity", 3, 30), reading("d1", "intensity", 3, 30))))
                .isEqualTo(new Appended(1, 1));

        assertThat(intensity(store)).hasSize(3);
        assertThat(intensity(store).get(0).value()).contains("10.0");
    }

    @Test
    void readingsOfTwoDevicesAtTheSameTimeAreBothKept() {
        WalStore store = open();
        store.append(List.of(reading("d1", "intensity", 1, 10), reading("d2", "intensity", 1, 11)));
        assertThat(intensity(store)).extracting(Reading::deviceId).containsExactly("d1", "d2");
        assertThat(store.latest(ROAD, "intensity").orElseThrow().deviceId()).isEqualTo("d1");
    }

    @Test
    void aLateReadingGoesIntoHistoryButNeverReplacesANewerCurrentValue() {
        WalStore store = open();
        store.append(List.of(reading("d1", "intensity", 10, 100)));
        store.append(List.of(reading("d1", "intensity", 5, 50)));

        assertThat(store.latest(ROAD, "intensity").orElseThrow().observedAt()).isEqualTo(T0.plusSeconds(10));
        assertThat(intensity(store)).extracting(Reading::observedAt)
                .containsExactly(T0.plusSeconds(5), T0.plusSeconds(10));
    }

    @Test
    void concurrentCopiesOfOneReadingAreStoredOnce() throws Exception {
        WalStore store = open();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Appended>> results = new ArrayList<>();
            for (int i = 0; i < 64; i++) {
                results.add(pool.submit(() -> store.append(List.of(reading("d1", "intensity", 7, 70)))));
            }
            int stored = 0;
            for (Future<Appended> f : results) {
                stored += f.get().stored();
            }
            assertThat(stored).isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
        assertThat(intensity(store)).hasSize(1);
    }

    @Test
    void everythingIsBackAfterCloseAndReopen() {
        WalStore store = open();
        store.append(List.of(reading("d1", "intensity", 2, 20), reading("d1", "intensity", 1, 10)));
        store.append(List.of(reading("d1", "speed", 1, 42)));
        store.close();

        WalStore reopened = open();
        assertThat(reopened.recovery()).isEqualTo(new Recovery(1, 3, 0));
        assertThat(intensity(reopened)).extracting(Reading::observedAt)
                .containsExactly(T0.plusSeconds(1), T0.plusSeconds(2));
        assertThat(reopened.latest(ROAD, "intensity").orElseThrow().observedAt()).isEqualTo(T0.plusSeconds(2));
        assertThat(reopened.append(List.of(reading("d1", "intensity", 1, 10)))).isEqualTo(new Appended(0, 1));
        reopened.append(List.of(reading("d1", "intensity", 3, 30)));
        reopened.close();

        assertThat(intensity(open())).hasSize(3);
    }

    @Test
    void aTornTailRecordIsCutOffAndEverythingBeforeItIsKept() throws IOException {
        WalStore store = open();
        for (int s = 0; s < 10; s++) {
            store.append(List.of(reading("d1", "intensity", s, s)));
        }
        store.close();
        Path segment = onlySegment();
        long size = Files.size(segment);
        try (FileChannel channel = FileChannel.open(segment, StandardOpenOption.WRITE)) {
            channel.truncate(size - 5);
        }

        WalStore reopened = open();
        assertThat(reopened.recovery().records()).isEqualTo(9);
        assertThat(reopened.recovery().truncatedBytes()).isPositive();
        assertThat(intensity(reopened)).extracting(Reading::observedAt).hasSize(9).last()
                .isEqualTo(T0.plusSeconds(8));
        reopened.append(List.of(reading("d1", "intensity", 9, 9)));
        reopened.close();

        WalStore again = open();
        assertThat(again.recovery()).isEqualTo(new Recovery(1, 10, 0));
    }

    @Test
    void garbageAfterTheLastRecordIsDropped() throws IOException {
        WalStore store = open();
        store.append(List.of(reading("d1", "intensity", 1, 1), reading("d1", "intensity", 2, 2)));
        store.close();
        Path segment = onlySegment();
        long size = Files.size(segment);
        // a plausible length followed by bytes whose checksum does not match, then zeros
        ByteBuffer garbage = ByteBuffer.allocate(64).putInt(40).putInt(0xCAFEBABE);
        Files.write(segment, garbage.array(), StandardOpenOption.APPEND);

        WalStore reopened = open();
        assertThat(reopened.recovery()).isEqualTo(new Recovery(1, 2, 64));
        assertThat(Files.size(segment)).isEqualTo(size);
        assertThat(intensity(reopened)).hasSize(2);
    }

    @Test
    void aFlippedByteInTheLastRecordIsCaughtByTheChecksum() throws IOException {
        WalStore store = open();
        store.append(List.of(reading("d1", "intensity", 1, 1)));
        store.append(List.of(reading("d1", "intensity", 2, 2)));
        store.close();
        Path segment = onlySegment();
        byte[] bytes = Files.readAllBytes(segment);
        bytes[bytes.length - 3] ^= 0x20;
        Files.write(segment, bytes);

        WalStore reopened = open();
        assertThat(intensity(reopened)).extracting(Reading::observedAt).containsExactly(T0.plusSeconds(1));
    }

    @Test
    void segmentsRollOverAtTheSizeLimitAndAreAllReplayed() throws IOException {
        WalStore store = open(WalOptions.DEFAULTS.withSegmentBytes(1024));
        for (int s = 0; s < 100; s++) {
            store.append(List.of(reading("d1", "intensity", s, s)));
        }
        store.close();
        List<Path> segments = segments();
        assertThat(segments).hasSizeGreaterThan(5);
        for (Path p : segments.subList(0, segments.size() - 1)) {
            assertThat(Files.size(p)).isLessThanOrEqualTo(1024);
        }

        WalStore reopened = open(WalOptions.DEFAULTS.withSegmentBytes(1024));
        assertThat(reopened.recovery().segments()).isEqualTo(segments.size());
        assertThat(intensity(reopened)).hasSize(100);
    }

    @Test
    void damageInASealedSegmentStopsOpeningInsteadOfLosingData() throws IOException {
        WalStore store = open(WalOptions.DEFAULTS.withSegmentBytes(1024));
        for (int s = 0; s < 50; s++) {
            store.append(List.of(reading("d1", "intensity", s, s)));
        }
        store.close();
        Path first = segments().get(0);
        byte[] bytes = Files.readAllBytes(first);
        bytes[40] ^= 0x01;
        Files.write(first, bytes);

        assertThatThrownBy(() -> open(WalOptions.DEFAULTS.withSegmentBytes(1024)))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining(first.getFileName().toString())
                .hasMessageContaining("not the last segment");
    }

    @Test
    void aSecondStoreCannotOpenADirectoryInUse() {
        open();
        assertThatThrownBy(() -> WalStore.open(dir)).isInstanceOf(StoreException.class).hasMessageContaining("in use");
    }

    @Test
    void anAppendAfterCloseIsRefused() {
        WalStore store = open();
        store.close();
        assertThatThrownBy(() -> store.append(List.of(reading("d1", "intensity", 1, 1))))
                .isInstanceOf(StoreException.class).hasMessageContaining("closed");
    }

    @Test
    void withoutBatchDelayConcurrentAppendsStillShareSyncs() throws Exception {
        WalStore store = open(WalOptions.DEFAULTS.withMaxBatchDelay(Duration.ZERO));
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Appended>> results = new ArrayList<>();
            for (int i = 0; i < 400; i++) {
                int s = i;
                results.add(pool.submit(() -> store.append(List.of(reading("d" + (s % 8), "intensity", s, s)))));
            }
            for (Future<Appended> f : results) {
                assertThat(f.get().stored()).isEqualTo(1);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(intensity(store)).hasSize(400);
    }

    private Path onlySegment() throws IOException {
        List<Path> segments = segments();
        assertThat(segments).hasSize(1);
        return segments.get(0);
    }

    private List<Path> segments() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".wal")).sorted().toList();
        }
    }
}
