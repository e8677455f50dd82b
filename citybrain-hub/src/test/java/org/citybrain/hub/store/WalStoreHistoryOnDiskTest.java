package org.citybrain.hub.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The contract again with 1 KiB segments, so that nearly all history is in sealed segments and
 * read through their index files; and what keeps the store's memory bounded.
 */
class WalStoreHistoryOnDiskTest extends ReadingStoreContractTest {
    private static final WalOptions SMALL = WalOptions.DEFAULTS.withSegmentBytes(1024);

    @TempDir
    Path dir;

    @Override
    protected WalStore open() {
        return closeAfterTest(WalStore.open(dir, SMALL));
    }

    /** {@code count} readings of {@code series} series, round robin, one second apart per series. */
    private static List<Reading> readings(int series, int count) {
        List<Reading> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            URI entity = URI.create("urn:ngsi-ld:TrafficFlowObserved:road-" + (i % series));
            out.add(reading(entity, "TrafficFlowObserved", "intensity", T0.plusSeconds(i / series), i));
        }
        return out;
    }

    @Test
    void indexMemoryIsOneSegmentsWorthHoweverLongTheHistory() {
        WalStore store = open();
        long mostInMemory = 0;
        List<Reading> all = readings(20, 4000);
        for (int i = 0; i < all.size(); i += 10) {
            store.append(all.subList(i, i + 10));
            mostInMemory = Math.max(mostInMemory, store.indexEntriesInMemory());
        }
        // a record here is over 100 bytes, so a 1 KiB segment (plus one batch over) holds fewer than 20
        assertThat(mostInMemory).isPositive().isLessThan(20);
        URI road7 = URI.create("urn:ngsi-ld:TrafficFlowObserved:road-7");
        List<Reading> history = store.history(road7, "intensity", Instant.MIN, Instant.MAX);
        assertThat(history).hasSize(200);
        assertThat(history).extracting(Reading::observedAt).isSorted();
        assertThat(store.lastN(road7, "intensity", T0, T0.plusSeconds(100), 3)).extracting(Reading::observedAt)
                .containsExactly(T0.plusSeconds(97), T0.plusSeconds(98), T0.plusSeconds(99));
    }

    @Test
    void aLateCopyOfAReadingInASealedSegmentIsADuplicate() {
        WalStore store = open();
        List<Reading> all = readings(2, 200);
        for (Reading r : all) {
            store.append(List.of(r));
        }
        assertThat(store.recovery().segments()).isZero();
        assertThat(store.append(List.of(all.get(3), all.get(150)))).isEqualTo(new Appended(0, 2));
        Reading sameTimeOtherDevice = new Reading("d2", all.get(3).entityId(), all.get(3).entityType(), "intensity",
                all.get(3).observedAt(), "{\"type\":\"Property\",\"value\":1}");
        assertThat(store.append(List.of(sameTimeOtherDevice))).isEqualTo(new Appended(1, 0));
    }

    @Test
    void aMissingOrDamagedSegmentIndexIsRebuiltFromTheSegment() throws IOException {
        WalStore store = open();
        List<Reading> all = readings(3, 300);
        for (int i = 0; i < all.size(); i += 3) {
            store.append(all.subList(i, i + 3));
        }
        store.close();
        List<Path> indexes = files(".idx");
        assertThat(indexes).hasSizeGreaterThan(10);
        Files.delete(indexes.get(0));
        byte[] bytes = Files.readAllBytes(indexes.get(1));
        bytes[bytes.length / 2] ^= 0x10;
        Files.write(indexes.get(1), bytes);

        WalStore reopened = open();
        assertThat(files(".idx")).hasSameSizeAs(indexes);
        for (int road = 0; road < 3; road++) {
            URI entity = URI.create("urn:ngsi-ld:TrafficFlowObserved:road-" + road);
            assertThat(reopened.history(entity, "intensity", Instant.MIN, Instant.MAX)).hasSize(100);
            assertThat(reopened.latest(entity, "intensity").orElseThrow().observedAt()).isEqualTo(T0.plusSeconds(99));
        }
        assertThat(Files.readAllBytes(indexes.get(1))).isNotEqualTo(bytes);
    }

    @Test
    void theCurrentValueIsFoundInTheIndexesWithoutReplayingHistory() {
        WalStore store = open();
        URI road = URI.create("urn:ngsi-ld:TrafficFlowObserved:road-0");
        for (int s = 0; s < 50; s++) {
            store.append(List.of(reading(road, "TrafficFlowObserved", "intensity", T0.plusSeconds(s), s)));
        }
        // late and older readings in later segments, and a second device at the newest time
        for (int s = 0; s < 30; s++) {
            store.append(List.of(new Reading("d2", road, "TrafficFlowObserved", "intensity", T0.plusSeconds(s - 100),
                    "{\"type\":\"Property\",\"value\":-1}")));
        }
        store.append(List.of(new Reading("d2", road, "TrafficFlowObserved", "intensity", T0.plusSeconds(49),
                "{\"type\":\"Property\",\"value\":-49}")));
        Reading current = store.latest(road, "intensity").orElseThrow();
        store.close();

        WalStore reopened = open();
        assertThat(reopened.latest(road, "intensity")).contains(current);
        assertThat(current.deviceId()).isEqualTo("d1");
        assertThat(reopened.history(road, "intensity", Instant.MIN, Instant.MAX)).hasSize(81);
    }

    private List<Path> files(String suffix) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().endsWith(suffix)).sorted().toList();
        }
    }
}
