package org.citybrain.hub.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The contract ({@link ReadingStoreContractTest}) and what is particular to the log: files and recovery. */
class WalStoreTest extends ReadingStoreContractTest {
    @TempDir
    Path dir;

    @Override
    protected WalStore open() {
        return open(WalOptions.DEFAULTS);
    }

    private WalStore open(WalOptions options) {
        return closeAfterTest(WalStore.open(dir, options));
    }

    @Test
    void reopeningReplaysEveryRecordOfTheLog() {
        WalStore store = open();
        store.append(List.of(reading("d1", "intensity", 2, 20), reading("d1", "intensity", 1, 10)));
        store.append(List.of(reading("d1", "speed", 1, 42), reading("d1", "speed", 1, 42)));
        store.close();

        WalStore reopened = open();
        assertThat(reopened.recovery()).isEqualTo(new Recovery(1, 3, 0));
        assertThat(intensity(reopened)).hasSize(2);
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
    void withoutBatchDelayConcurrentAppendsStillShareSyncs() throws Exception {
        WalStore store = open(WalOptions.DEFAULTS.withMaxBatchDelay(Duration.ZERO));
        List<Appended> results = appendConcurrently(store, 400, s -> List.of(reading("d" + (s % 8), "intensity", s, s)));
        assertThat(results).allSatisfy(a -> assertThat(a.stored()).isEqualTo(1));
        assertThat(intensity(store)).hasSize(400);
    }

    /** Segments of 1 KiB, each with a minute of ten intensity readings (a batch is never split). */
    private WalStore storeWithMinutesInSegments(int minutes) {
        WalStore store = open(WalOptions.DEFAULTS.withSegmentBytes(1024));
        storeMoreMinutes(store, 0, minutes);
        return store;
    }

    @Test
    void retentionDeletesSealedSegmentsThatHoldOnlyExpiredReadings() throws IOException {
        WalStore store = storeWithMinutesInSegments(10);
        int before = segments().size();
        assertThat(before).isGreaterThan(5);

        store.expire("TrafficFlowObserved", T0.plusSeconds(5 * 60));
        List<Path> left = segments();
        assertThat(left.size()).isLessThan(before);
        store.close();

        WalStore reopened = open(WalOptions.DEFAULTS.withSegmentBytes(1024));
        assertThat(reopened.recovery().segments()).isEqualTo(left.size());
        // the partly expired segment still holds older readings, but the stored cutoff hides them
        assertThat(intensity(reopened).get(0).observedAt()).isEqualTo(T0.plusSeconds(5 * 60));
        assertThat(reopened.latest(ROAD, "intensity").orElseThrow().observedAt()).isEqualTo(T0.plusSeconds(9 * 60 + 9));
    }

    @Test
    void expiredHistoryStaysHiddenAfterReopeningWithoutAnotherExpire() {
        WalStore store = storeWithMinutesInSegments(10);
        Instant cutoff = T0.plusSeconds(4 * 60 + 5); // in the middle of a segment, which stays
        assertThat(store.expire("TrafficFlowObserved", cutoff)).isEqualTo(45);
        List<Reading> kept = intensity(store);
        store.close();

        WalStore reopened = open(WalOptions.DEFAULTS.withSegmentBytes(1024));
        assertThat(intensity(reopened)).isEqualTo(kept);
        assertThat(reopened.lastN(ROAD, "intensity", Instant.MIN, cutoff.plusSeconds(1), 10)).extracting(Reading::observedAt)
                .containsExactly(cutoff);
        assertThat(reopened.expire("TrafficFlowObserved", cutoff)).as("nothing more to hide").isZero();
        assertThat(reopened.expire("TrafficFlowObserved", cutoff.minusSeconds(60))).as("cutoffs never go back").isZero();
        assertThat(reopened.expire("TrafficFlowObserved", cutoff.plusSeconds(1))).isEqualTo(1);
        // a late reading from before the cutoff is acknowledged, and hidden like the rest
        reopened.append(List.of(reading("d2", "intensity", 10, 1)));
        assertThat(intensity(reopened)).isEqualTo(kept.subList(1, kept.size()));
    }

    @Test
    void aDamagedCutoffFileStopsOpeningAndSaysItIsSafeToDelete() throws IOException {
        WalStore store = storeWithMinutesInSegments(3);
        store.expire("TrafficFlowObserved", T0.plusSeconds(65)); // deletes minute 0's segment, hides half of minute 1's
        assertThat(intensity(store)).hasSize(15);
        store.close();
        Path file = dir.resolve(CutoffFile.NAME);
        byte[] bytes = Files.readAllBytes(file);
        bytes[12] ^= 1;
        Files.write(file, bytes);

        assertThatThrownBy(() -> WalStore.open(dir)).isInstanceOf(StoreException.class)
                .hasMessageContaining(file.toString()).hasMessageContaining("CRC32C").hasMessageContaining("deleting it is safe");
        Files.delete(file);
        assertThat(intensity(open(WalOptions.DEFAULTS.withSegmentBytes(1024)))).hasSize(20);
    }

    @Test
    void aSegmentHoldingACurrentValueIsKeptWhateverItsAge() throws IOException {
        WalStore store = storeWithMinutesInSegments(10);
        store.append(List.of(reading("d1", "speed", 1, 50))); // the only speed, so current; in the active segment
        store.append(List.of(reading("d1", "speed", 0, 40)));
        URI other = URI.create("urn:ngsi-ld:TrafficFlowObserved:quiet");
        store.append(List.of(new Reading("d9", other, "TrafficFlowObserved", "intensity", T0, "{\"type\":\"Property\",\"value\":1}")));
        storeMoreMinutes(store, 10, 20);

        store.expire("TrafficFlowObserved", T0.plus(Duration.ofDays(365)));
        store.close();

        WalStore reopened = open(WalOptions.DEFAULTS.withSegmentBytes(1024));
        assertThat(reopened.latest(other, "intensity")).isPresent();
        assertThat(reopened.latest(ROAD, "speed").orElseThrow().value()).contains("50.0");
        assertThat(reopened.latest(ROAD, "intensity").orElseThrow().observedAt()).isEqualTo(T0.plusSeconds(19 * 60 + 9));
    }

    @Test
    void segmentsWithReadingsOfATypeWithoutRetentionAreKept() throws IOException {
        WalStore store = storeWithMinutesInSegments(10);
        int before = segments().size();
        store.expire("AirQualityObserved", T0.plus(Duration.ofDays(365)));
        assertThat(segments()).hasSize(before);
        assertThat(intensity(store)).hasSize(100);
    }

    private static void storeMoreMinutes(WalStore store, int from, int to) {
        for (int m = from; m < to; m++) {
            List<Reading> minute = new java.util.ArrayList<>();
            for (int s = 0; s < 10; s++) {
                minute.add(reading("d1", "intensity", m * 60 + s, s));
            }
            store.append(minute);
        }
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
