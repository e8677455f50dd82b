package org.citybrain.hub.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** {@link ReadingIndex#current}: a read-only view of the series, safe against a concurrent writer. */
class ReadingIndexTest {
    private static final URI ROAD = URI.create("urn:ngsi-ld:TrafficFlowObserved:road-1");
    private static final Instant T0 = Instant.parse("2025-05-01T08:00:00Z");

    private final ReadingIndex index = new ReadingIndex();

    private static Reading reading(String attribute, long second) {
        return new Reading("loop-7", ROAD, "TrafficFlowObserved", attribute, T0.plusSeconds(second),
                "{\"type\":\"Property\",\"value\":" + second + "}");
    }

    private void offer(Reading r) {
        index.offer(index.series(r), r, 1);
    }

    @Test
    void currentShowsTheNewestValueOfEachSeriesAndFollowsLaterOnes() {
        offer(reading("speed", 5));
        offer(reading("intensity", 3));
        Map<String, Reading> current = index.current(ROAD);
        assertThat(current).isEqualTo(Map.of("speed", reading("speed", 5), "intensity", reading("intensity", 3)));
        offer(reading("speed", 7));
        offer(reading("speed", 6)); // late: history only
        offer(reading("occupancy", 1));
        assertThat(current).hasSize(3).containsEntry("speed", reading("speed", 7)).containsKey("occupancy");
        assertThat(new LinkedHashMap<>(current)).isEqualTo(current);
    }

    @Test
    void aSeriesWithoutAValueYetIsNotShownAndAnUnknownEntityIsEmpty() {
        index.series(ROAD, "speed"); // created, nothing offered yet (as while opening)
        assertThat(index.current(ROAD)).isEmpty();
        assertThat(index.current(ROAD).get("speed")).isNull();
        assertThat(index.current(ROAD).containsKey("speed")).isFalse();
        assertThat(index.current(URI.create("urn:ngsi-ld:X:unknown"))).isEmpty();
        offer(reading("speed", 1));
        assertThat(index.current(ROAD)).containsOnlyKeys("speed");
    }

    @Test
    void currentCannotBeChanged() {
        offer(reading("speed", 5));
        Map<String, Reading> current = index.current(ROAD);
        assertThatThrownBy(() -> current.put("speed", reading("speed", 9))).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> current.remove("speed")).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> current.entrySet().iterator().next().setValue(reading("speed", 9)))
                .isInstanceOf(UnsupportedOperationException.class);
        assertThat(index.current(ROAD)).containsEntry("speed", reading("speed", 5));
    }

    @Test
    void readersDuringIngestionSeeOnlyWholeValuesThatNeverGoBackInTime() throws Exception {
        int attributes = 50;
        int seconds = 2_000;
        AtomicBoolean done = new AtomicBoolean();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread writer = new Thread(() -> {
            for (long s = 1; s <= seconds; s++) {
                for (int a = 0; a < attributes; a++) {
                    offer(reading("a" + a, s));
                }
            }
            done.set(true);
        });
        List<Thread> readers = new ArrayList<>();
        for (int t = 0; t < 2; t++) {
            readers.add(new Thread(() -> {
                Map<String, Instant> seen = new LinkedHashMap<>();
                try {
                    while (!done.get()) {
                        Map<String, Reading> current = index.current(ROAD);
                        boolean empty = current.isEmpty();
                        int[] visited = {0};
                        current.forEach((name, r) -> {
                            visited[0]++;
                            assertThat(r.attribute()).isEqualTo(name);
                            Instant before = seen.put(name, r.observedAt());
                            assertThat(before == null || !r.observedAt().isBefore(before)).as(name).isTrue();
                        });
                        for (Map.Entry<String, Reading> e : current.entrySet()) {
                            assertThat(e.getValue().attribute()).isEqualTo(e.getKey());
                        }
                        // values only come, never go: found by isEmpty, found by the visit after it
                        assertThat(!empty && visited[0] == 0).as("not empty, then nothing to visit").isFalse();
                    }
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                }
            }));
        }
        readers.forEach(Thread::start);
        writer.start();
        writer.join();
        for (Thread r : readers) {
            r.join();
        }
        assertThat(failure.get()).isNull();
        assertThat(index.current(ROAD)).hasSize(attributes)
                .allSatisfy((name, r) -> assertThat(r.observedAt()).isEqualTo(T0.plusSeconds(seconds)));
    }
}
