package org.citybrain.hub.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.citybrain.hub.store.ReadingStoreContractTest.ROAD;
import static org.citybrain.hub.store.ReadingStoreContractTest.T0;
import static org.citybrain.hub.store.ReadingStoreContractTest.reading;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * History queries racing what closes or deletes segment files: retention, closing the store, a
 * reader's interrupt. A query reads every segment it planned to read, or skips one that retention
 * deleted before the query reached it (all of it expired); never an error, never a gap in what is
 * not expired. Segments of 1 KiB, so that history is spread over many sealed segments.
 */
class WalStoreReadRaceTest {
    private static final WalOptions SMALL = WalOptions.DEFAULTS.withSegmentBytes(1024);
    private static final String TYPE = "TrafficFlowObserved";

    @TempDir
    Path dir;

    private final List<WalStore> opened = new ArrayList<>();

    @AfterEach
    void closeStores() {
        opened.forEach(WalStore::close);
    }

    private WalStore open() {
        WalStore store = WalStore.open(dir, SMALL);
        opened.add(store);
        return store;
    }

    /** Ten intensity readings a minute, one batch each, from minute {@code from} to {@code to}. */
    private static void storeMinutes(WalStore store, int from, int to) {
        for (int m = from; m < to; m++) {
            List<Reading> minute = new ArrayList<>();
            for (int s = 0; s < 10; s++) {
                minute.add(reading("d1", "intensity", m * 60 + s, s));
            }
            store.append(minute);
        }
    }

    private static List<Reading> intensity(WalStore store) {
        return store.history(ROAD, "intensity", Instant.MIN, Instant.MAX);
    }

    @Test
    void aScanReadsEverySegmentItPlannedEvenIfRetentionDeletesThemMeanwhile() throws IOException {
        WalStore store = open();
        storeMinutes(store, 0, 10);
        List<Reading> before = intensity(store);
        int segments = segmentFiles().size();
        Instant cutoff = T0.plusSeconds(8 * 60);

        List<Reading> seen = new ArrayList<>();
        store.scan(ROAD, "intensity", Instant.MIN, Instant.MAX, r -> {
            if (seen.isEmpty()) {
                // as if the retention sweep ran on another thread while this scan is under way
                assertThat(store.expire(TYPE, cutoff)).isEqualTo(80);
            }
            seen.add(r);
            return true;
        });

        assertThat(seen).isEqualTo(before);
        assertThat(segmentFiles()).as("deleted once the scan let go").hasSizeLessThan(segments - 4);
        assertThat(intensity(store)).isEqualTo(before.subList(80, 100));
        assertThat(openFilesOfDeletedSegments()).isZero();
    }

    @Test
    void aQueryInFlightWhenTheStoreClosesFinishesAndALaterOneIsToldTheStoreIsClosed() throws IOException {
        WalStore store = open();
        storeMinutes(store, 0, 10);
        List<Reading> before = intensity(store);

        List<Reading> seen = new ArrayList<>();
        store.scan(ROAD, "intensity", Instant.MIN, Instant.MAX, r -> {
            if (seen.isEmpty()) {
                // a benchmark closes the store and deletes its directory while a listener still reads
                store.close();
                deleteSegmentFiles();
            }
            seen.add(r);
            return true;
        });

        assertThat(seen).isEqualTo(before);
        assertThatThrownBy(() -> intensity(store)).isInstanceOf(StoreException.class)
                .hasMessageContaining(dir.toString()).hasMessageContaining("closed");
        assertThat(openFilesOfDeletedSegments()).isZero();
    }

    @Test
    void anInterruptedReaderFailsAloneAndLeavesHistoryReadableForEveryoneElse() {
        WalStore store = open();
        storeMinutes(store, 0, 10);
        List<Reading> before = intensity(store); // the segments' files are open now, shared by all readers

        Thread.currentThread().interrupt(); // Java closes an interruptible channel that its reader was interrupted on
        try {
            assertThatThrownBy(() -> intensity(store)).isInstanceOf(StoreException.class)
                    .hasMessageContaining("interrupted");
        } finally {
            Thread.interrupted();
        }

        assertThat(intensity(store)).isEqualTo(before);
        assertThat(store.lastN(ROAD, "intensity", Instant.MIN, Instant.MAX, 3)).isEqualTo(before.subList(97, 100));
        // the writer looks a late copy up in the same files: it must find it, and the store keep working
        assertThat(store.append(List.of(before.get(5)))).isEqualTo(new Appended(0, 1));
        storeMinutes(store, 10, 11);
        assertThat(intensity(store)).hasSize(110);
    }

    /**
     * A concurrent loop (not deterministic, so it logs its seed): readers query while a writer
     * appends (rolling segments over) and retention moves its cutoff up segment by segment. Every
     * answer holds, in order and once, every reading not expired when the query ended and nothing
     * expired when it began; no error; no file of a deleted segment is left open.
     */
    @Test
    void readersRacingAppendsAndRetentionNeverFailNorMissWhatIsNotExpired() throws Exception {
        long seed = System.nanoTime();
        System.out.println("readersRacingAppendsAndRetentionNeverFailNorMissWhatIsNotExpired seed " + seed);
        Random random = new Random(seed);
        WalStore store = open();
        storeMinutes(store, 0, 30);
        AtomicBoolean done = new AtomicBoolean();
        ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
        // in minutes: the cutoff retention has applied, and the one it is about to apply (both only go up)
        long[] cutoff = {0, 0};
        List<Thread> readers = new ArrayList<>();
        for (int t = 0; t < 3; t++) {
            int kind = t;
            readers.add(new Thread(() -> {
                try {
                    while (!done.get()) {
                        long first;
                        synchronized (cutoff) {
                            first = cutoff[0];
                        }
                        List<Reading> answer = kind == 2
                                ? store.lastN(ROAD, "intensity", Instant.MIN, T0.plusSeconds(30 * 60), 1_000)
                                : intensity(store);
                        long last;
                        synchronized (cutoff) {
                            last = cutoff[1];
                        }
                        checkAnswer(answer, first, last);
                    }
                } catch (Throwable e) {
                    failures.add(e);
                }
            }, "reader-" + t));
        }
        readers.forEach(Thread::start);
        try {
            for (int m = 30; m < 90 && failures.isEmpty(); m++) {
                storeMinutes(store, m, m + 1);
                if (random.nextInt(3) == 0) {
                    long next = Math.min(m - 20, cutoff[1] + 1 + random.nextInt(6));
                    synchronized (cutoff) {
                        cutoff[1] = next;
                    }
                    store.expire(TYPE, T0.plusSeconds(next * 60));
                    synchronized (cutoff) {
                        cutoff[0] = next;
                    }
                }
            }
        } finally {
            done.set(true);
            for (Thread reader : readers) {
                reader.join();
            }
        }
        assertThat(failures).isEmpty();
        store.expire(TYPE, T0.plusSeconds(cutoff[0] * 60)); // deletes what the last queries still held
        assertThat(openFilesOfDeletedSegments()).isZero();
    }

    /**
     * A query's answer, all of it among the first 30 minutes (appended before the readers
     * started): sorted, no reading twice, nothing from before {@code firstCutoff} minutes, and every
     * reading from {@code lastCutoff} on.
     */
    private static void checkAnswer(List<Reading> answer, long firstCutoff, long lastCutoff) {
        List<Long> seconds = answer.stream().map(r -> r.observedAt().getEpochSecond() - T0.getEpochSecond())
                .filter(s -> s < 30 * 60).toList();
        assertThat(seconds).isSorted().doesNotHaveDuplicates();
        if (!seconds.isEmpty()) {
            assertThat(seconds.get(0)).isGreaterThanOrEqualTo(firstCutoff * 60);
        }
        long expected = 30 * 10 - Math.min(30, lastCutoff) * 10;
        assertThat(seconds.stream().filter(s -> s >= lastCutoff * 60).count()).isEqualTo(expected);
    }

    private List<Path> segmentFiles() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().startsWith("segment-")).sorted().toList();
        }
    }

    private void deleteSegmentFiles() {
        try {
            for (Path p : segmentFiles()) {
                Files.delete(p);
            }
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    /** Files of this store's directory held open by this process after being deleted (Linux; 0 elsewhere). */
    private long openFilesOfDeletedSegments() throws IOException {
        Path fds = Path.of("/proc/self/fd");
        if (!Files.isDirectory(fds)) {
            return 0;
        }
        long count = 0;
        try (Stream<Path> links = Files.list(fds)) {
            for (Path link : links.toList()) {
                try {
                    String target = Files.readSymbolicLink(link).toString();
                    if (target.startsWith(dir.toString()) && target.endsWith("(deleted)")) {
                        count++;
                    }
                } catch (IOException e) {
                    // closed meanwhile
                }
            }
        }
        return count;
    }
}
