package org.citybrain.hub.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Set;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntFunction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The {@link ReadingStore} contract, for every implementation: a subclass says how to open its
 * store on fresh, empty storage, and the same storage again within one test.
 */
public abstract class ReadingStoreContractTest {
    protected static final URI ROAD = URI.create("urn:ngsi-ld:TrafficFlowObserved:road-1");
    protected static final Instant T0 = Instant.parse("2025-05-01T08:00:00Z");

    private final List<ReadingStore> opened = new ArrayList<>();

    /**
     * Opens the store under test: on empty storage at the first call of a test, on the storage of
     * the earlier calls (closed by then) after that. Register it with {@link #closeAfterTest}.
     */
    protected abstract ReadingStore open();

    protected final <S extends ReadingStore> S closeAfterTest(S store) {
        opened.add(store);
        return store;
    }

    @AfterEach
    protected void closeStores() {
        opened.forEach(ReadingStore::close);
        opened.clear();
    }

    protected static Reading reading(String device, String attribute, long second, double value) {
        return reading(device, attribute, T0.plusSeconds(second), value);
    }

    protected static Reading reading(String device, String attribute, Instant at, double value) {
        return new Reading(device, ROAD, "TrafficFlowObserved", attribute, at,
                "{\"type\":\"Property\",\"value\":" + value + "}");
    }

    protected static Reading reading(URI entity, String type, String attribute, Instant at, double value) {
        return new Reading("d1", entity, type, attribute, at, "{\"type\":\"Property\",\"value\":" + value + "}");
    }

    protected static List<Reading> intensity(ReadingStore store) {
        return store.history(ROAD, "intensity", Instant.MIN, Instant.MAX);
    }

    @Test
    void appendedReadingsAreInHistoryInTimeOrderAndTheLatestIsCurrent() {
        ReadingStore store = open();
        store.append(List.of(reading("d1", "intensity", 2, 20), reading("d1", "intensity", 1, 10)));
        store.append(List.of(reading("d1", "intensity", 3, 30), reading("d1", "speed", 3, 50)));

        assertThat(intensity(store)).extracting(Reading::value).containsExactly(
                "{\"type\":\"Property\",\"value\":10.0}", "{\"type\":\"Property\",\"value\":20.0}",
                "{\"type\":\"Property\",\"value\":30.0}");
        assertThat(store.latest(ROAD, "intensity")).contains(reading("d1", "intensity", 3, 30));
        assertThat(store.current(ROAD)).containsOnlyKeys("intensity", "speed");
        assertThat(store.current(ROAD).get("speed")).isEqualTo(reading("d1", "speed", 3, 50));
    }

    @Test
    void nothingIsKnownAboutAnEntityBeforeItsFirstReading() {
        ReadingStore store = open();
        assertThat(store.append(List.of())).isEqualTo(new Appended(0, 0));
        assertThat(store.latest(ROAD, "intensity")).isEmpty();
        assertThat(store.current(ROAD)).isEmpty();
        assertThat(intensity(store)).isEmpty();
    }

    @Test
    void historyRangeIncludesFromAndExcludesTo() {
        ReadingStore store = open();
        for (int s = 0; s < 5; s++) {
            store.append(List.of(reading("d1", "intensity", s, s)));
        }
        assertThat(store.history(ROAD, "intensity", T0.plusSeconds(1), T0.plusSeconds(3)))
                .extracting(Reading::observedAt).containsExactly(T0.plusSeconds(1), T0.plusSeconds(2));
        assertThat(store.history(ROAD, "intensity", T0.plusSeconds(3), T0.plusSeconds(3))).isEmpty();
        assertThat(store.history(ROAD, "intensity", T0.plusSeconds(3), T0.plusSeconds(1))).isEmpty();
        assertThat(store.history(ROAD, "unknown", Instant.MIN, Instant.MAX)).isEmpty();
    }

    @Test
    void observationTimesKeepTheirNanoseconds() {
        ReadingStore store = open();
        Instant t = T0.plusNanos(123_456_789);
        store.append(List.of(reading("d1", "intensity", t.plusNanos(1), 2), reading("d1", "intensity", t, 1)));

        assertThat(store.append(List.of(reading("d1", "intensity", t, 9)))).isEqualTo(new Appended(0, 1));
        assertThat(intensity(store)).extracting(Reading::observedAt).containsExactly(t, t.plusNanos(1));
        assertThat(store.latest(ROAD, "intensity").orElseThrow().observedAt()).isEqualTo(t.plusNanos(1));
        assertThat(store.history(ROAD, "intensity", t, t.plusNanos(1))).extracting(Reading::observedAt)
                .containsExactly(t);
        assertThat(store.history(ROAD, "intensity", t.plusNanos(1), t.plusNanos(2))).extracting(Reading::observedAt)
                .containsExactly(t.plusNanos(1));
    }

    @Test
    void aDuplicateIsAcknowledgedButStoredOnceAndTheFirstValueWins() {
        ReadingStore store = open();
        assertThat(store.append(List.of(reading("d1", "intensity", 1, 10)))).isEqualTo(new Appended(1, 0));
        assertThat(store.append(List.of(reading("d1", "intensity", 1, 99), reading("d1", "intensity", 2, 20))))
                .isEqualTo(new Appended(1, 1));
        assertThat(store.append(List.of(reading("d1", "intensity", 3, 30), reading("d1", "intensity", 3, 31))))
                .isEqualTo(new Appended(1, 1));

        assertThat(intensity(store)).extracting(Reading::value).containsExactly(
                "{\"type\":\"Property\",\"value\":10.0}", "{\"type\":\"Property\",\"value\":20.0}",
                "{\"type\":\"Property\",\"value\":30.0}");
        assertThat(store.latest(ROAD, "intensity").orElseThrow().value()).contains("30.0");
    }

    @Test
    void readingsOfTwoDevicesAtTheSameTimeAreBothKeptInTheOrderStored() {
        ReadingStore store = open();
        store.append(List.of(reading("d2", "intensity", 1, 11), reading("d1", "intensity", 1, 10)));
        store.append(List.of(reading("d0", "intensity", 1, 12)));
        assertThat(intensity(store)).extracting(Reading::deviceId).containsExactly("d2", "d1", "d0");
        assertThat(store.latest(ROAD, "intensity").orElseThrow().deviceId()).isEqualTo("d2");
    }

    @Test
    void aLateReadingGoesIntoHistoryButNeverReplacesANewerCurrentValue() {
        ReadingStore store = open();
        store.append(List.of(reading("d1", "intensity", 10, 100)));
        store.append(List.of(reading("d1", "intensity", 5, 50)));
        store.append(List.of(reading("d1", "intensity", 4, 40), reading("d1", "intensity", 10, 101)));

        assertThat(store.latest(ROAD, "intensity")).contains(reading("d1", "intensity", 10, 100));
        assertThat(intensity(store)).extracting(Reading::observedAt)
                .containsExactly(T0.plusSeconds(4), T0.plusSeconds(5), T0.plusSeconds(10));
    }

    @Test
    void onATieTheCurrentValueStoredFirstStays() {
        ReadingStore store = open();
        store.append(List.of(reading("d1", "intensity", 10, 100)));
        store.append(List.of(reading("d2", "intensity", 10, 200)));
        store.append(List.of(reading("d3", "intensity", 9, 300), reading("d4", "intensity", 10, 400)));

        assertThat(store.latest(ROAD, "intensity")).contains(reading("d1", "intensity", 10, 100));
        assertThat(intensity(store)).hasSize(4);
    }

    @Test
    void scanVisitsTheRangeInHistoryOrderAndStopsWhenTheVisitorSaysSo() {
        ReadingStore store = open();
        List<Reading> batch = new ArrayList<>();
        for (int s = 0; s < 3000; s++) { // three devices at each time: ties across scan chunks
            for (int d = 0; d < 3; d++) {
                batch.add(reading("d" + (2 - d), "intensity", s, s));
            }
        }
        store.append(batch);

        List<Reading> scanned = new ArrayList<>();
        store.scan(ROAD, "intensity", T0.plusSeconds(10), T0.plusSeconds(2990), scanned::add);
        assertThat(scanned).hasSize(2980 * 3)
                .containsExactlyElementsOf(store.history(ROAD, "intensity", T0.plusSeconds(10), T0.plusSeconds(2990)));
        assertThat(scanned.get(0).deviceId()).isEqualTo("d2");

        List<Reading> firstFive = new ArrayList<>();
        store.scan(ROAD, "intensity", Instant.MIN, Instant.MAX, r -> firstFive.add(r) && firstFive.size() < 5);
        assertThat(firstFive).hasSize(5);
        store.scan(ROAD, "intensity", T0.plusSeconds(5), T0.plusSeconds(5), r -> {
            throw new AssertionError("an empty range visits nothing");
        });
    }

    @Test
    void lastNIsTheNewestNOfTheRangeOldestFirst() {
        ReadingStore store = open();
        for (int s = 0; s < 10; s++) {
            store.append(List.of(reading("d1", "intensity", s, s)));
        }
        store.append(List.of(reading("d2", "intensity", 7, 70)));

        assertThat(store.lastN(ROAD, "intensity", Instant.MIN, T0.plusSeconds(8), 3)).extracting(Reading::value)
                .containsExactly("{\"type\":\"Property\",\"value\":6.0}", "{\"type\":\"Property\",\"value\":7.0}",
                        "{\"type\":\"Property\",\"value\":70.0}");
        assertThat(store.lastN(ROAD, "intensity", T0.plusSeconds(8), Instant.MAX, 5)).hasSize(2);
        assertThat(store.lastN(ROAD, "intensity", Instant.MIN, Instant.MAX, 0)).isEmpty();
        assertThat(store.lastN(ROAD, "unknown", Instant.MIN, Instant.MAX, 3)).isEmpty();
        assertThatThrownBy(() -> store.lastN(ROAD, "intensity", Instant.MIN, Instant.MAX, -1))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void entitiesOfATypeAreThoseWithCurrentValuesOfItInIdOrder() {
        ReadingStore store = open();
        URI b = URI.create("urn:ngsi-ld:TrafficFlowObserved:b");
        URI a = URI.create("urn:ngsi-ld:TrafficFlowObserved:a");
        URI air = URI.create("urn:ngsi-ld:AirQualityObserved:a");
        store.append(List.of(reading(b, "TrafficFlowObserved", "intensity", T0, 1),
                reading(a, "TrafficFlowObserved", "intensity", T0, 1),
                reading(air, "AirQualityObserved", "no2", T0, 1)));

        assertThat(store.entities("TrafficFlowObserved")).containsExactly(a, b);
        assertThat(store.entities("AirQualityObserved")).containsExactly(air);
        assertThat(store.entities("Streetlight")).isEmpty();
    }

    @Test
    void entitiesWithAttributesAreThoseWithCurrentValuesOfAnyOfThemOfAnyTypeInIdOrder() {
        ReadingStore store = open();
        URI b = URI.create("urn:ngsi-ld:TrafficFlowObserved:b");
        URI a = URI.create("urn:ngsi-ld:TrafficFlowObserved:a");
        URI air = URI.create("urn:ngsi-ld:AirQualityObserved:a");
        store.append(List.of(reading(b, "TrafficFlowObserved", "intensity", T0, 1),
                reading(b, "TrafficFlowObserved", "occupancy", T0, 1),
                reading(a, "TrafficFlowObserved", "occupancy", T0, 1),
                reading(air, "AirQualityObserved", "no2", T0, 1)));

        assertThat(store.entitiesWith(Set.of("intensity", "no2"))).containsExactly(air, b);
        assertThat(store.entitiesWith(Set.of("occupancy", "intensity"))).as("once each").containsExactly(a, b);
        assertThat(store.entitiesWith(Set.of("pm10"))).isEmpty();
    }

    @Test
    void expireRemovesHistoryOfThatTypeBeforeTheCutoffButNeverCurrentValues() {
        ReadingStore store = open();
        URI air = URI.create("urn:ngsi-ld:AirQualityObserved:a");
        for (int s = 0; s < 5; s++) {
            store.append(List.of(reading("d1", "intensity", s, s), reading("d1", "speed", s, s),
                    reading(air, "AirQualityObserved", "no2", T0.plusSeconds(s), s)));
        }
        store.append(List.of(reading("d1", "speed", -10, -10))); // late, old, never current

        assertThat(store.expire("TrafficFlowObserved", T0.plusSeconds(3))).isEqualTo(7);
        assertThat(intensity(store)).extracting(Reading::observedAt).containsExactly(T0.plusSeconds(3), T0.plusSeconds(4));
        assertThat(store.history(ROAD, "speed", Instant.MIN, Instant.MAX)).hasSize(2);
        assertThat(store.history(air, "no2", Instant.MIN, Instant.MAX)).hasSize(5);

        // everything expired: history is empty, the current values stay
        store.expire("TrafficFlowObserved", T0.plusSeconds(60));
        assertThat(intensity(store)).isEmpty();
        assertThat(store.latest(ROAD, "intensity")).contains(reading("d1", "intensity", 4, 4));
        assertThat(store.current(ROAD)).containsOnlyKeys("intensity", "speed");
        assertThat(store.entities("TrafficFlowObserved")).containsExactly(ROAD);
        // newer readings go on as usual
        store.append(List.of(reading("d1", "intensity", 61, 61)));
        assertThat(intensity(store)).hasSize(1);
        assertThat(store.latest(ROAD, "intensity").orElseThrow().observedAt()).isEqualTo(T0.plusSeconds(61));
    }

    @Test
    void concurrentCopiesOfOneReadingAreStoredOnce() throws Exception {
        ReadingStore store = open();
        List<Appended> results = appendConcurrently(store, 64, i -> List.of(reading("d1", "intensity", 7, 70)));
        assertThat(results.stream().mapToInt(Appended::stored).sum()).isEqualTo(1);
        assertThat(intensity(store)).hasSize(1);
    }

    @Test
    void concurrentAppendsAreAllStoredAndEachIsToldItsOwnCounts() throws Exception {
        ReadingStore store = open();
        // every fifth call repeats the d1 reading of the call before it
        List<Appended> results = appendConcurrently(store, 400, s -> List.of(
                reading("d1", "intensity", s % 5 == 4 ? s - 1 : s, s), reading("d2", "intensity", s, s)));
        assertThat(results).allSatisfy(a -> assertThat(a.stored() + a.duplicates()).isEqualTo(2));
        assertThat(results.stream().mapToInt(Appended::stored).sum()).isEqualTo(720);
        assertThat(intensity(store)).hasSize(720);
        assertThat(store.latest(ROAD, "intensity").orElseThrow().observedAt()).isEqualTo(T0.plusSeconds(399));
    }

    /** Makes {@code calls} appends of {@code readings.apply(i)} from 8 threads; their results by i. */
    protected static List<Appended> appendConcurrently(ReadingStore store, int calls, IntFunction<List<Reading>> readings)
            throws InterruptedException, ExecutionException {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Appended>> futures = new ArrayList<>();
            for (int i = 0; i < calls; i++) {
                List<Reading> call = readings.apply(i);
                futures.add(pool.submit(() -> store.append(call)));
            }
            List<Appended> results = new ArrayList<>();
            for (Future<Appended> f : futures) {
                results.add(f.get());
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void everythingIsBackAfterCloseAndReopen() {
        ReadingStore store = open();
        store.append(List.of(reading("d1", "intensity", 2, 20), reading("d1", "intensity", 1, 10)));
        store.append(List.of(reading("d1", "speed", 1, 42)));
        store.close();

        ReadingStore reopened = open();
        assertThat(intensity(reopened)).extracting(Reading::observedAt)
                .containsExactly(T0.plusSeconds(1), T0.plusSeconds(2));
        assertThat(reopened.latest(ROAD, "intensity").orElseThrow().observedAt()).isEqualTo(T0.plusSeconds(2));
        assertThat(reopened.current(ROAD)).containsOnlyKeys("intensity", "speed");
        assertThat(reopened.append(List.of(reading("d1", "intensity", 1, 10)))).isEqualTo(new Appended(0, 1));
        reopened.append(List.of(reading("d1", "intensity", 3, 30)));
        reopened.close();

        assertThat(intensity(open())).hasSize(3);
    }

    @Test
    void anAppendAfterCloseIsRefused() {
        ReadingStore store = open();
        store.close();
        assertThatThrownBy(() -> store.append(List.of(reading("d1", "intensity", 1, 1))))
                .isInstanceOf(StoreException.class).hasMessageContaining("closed");
    }

    /**
     * Random appends of few devices, times and values (so with many duplicates, ties and late
     * readings) against a plain model of the contract: a list per series and a first-wins key set.
     */
    @Test
    void randomAppendsMatchASimpleModel() {
        long seed = System.nanoTime();
        System.out.println("randomAppendsMatchASimpleModel seed " + seed);
        Random random = new Random(seed);
        ReadingStore store = open();
        List<Reading> modelHistory = new ArrayList<>();
        Map<String, Reading> modelCurrent = new HashMap<>();
        for (int call = 0; call < 60; call++) {
            List<Reading> readings = new ArrayList<>();
            for (int k = random.nextInt(6); k >= 0; k--) {
                readings.add(reading("d" + random.nextInt(3), random.nextBoolean() ? "intensity" : "speed",
                        T0.plusMillis(random.nextInt(20)), random.nextInt(1000)));
            }
            int stored = 0;
            for (Reading r : readings) {
                if (modelHistory.stream().noneMatch(r::sameKey)) {
                    modelHistory.add(r);
                    stored++;
                    Reading current = modelCurrent.get(r.attribute());
                    if (current == null || r.observedAt().isAfter(current.observedAt())) {
                        modelCurrent.put(r.attribute(), r);
                    }
                }
            }
            assertThat(store.append(readings)).as("call %d, seed %d", call, seed)
                    .isEqualTo(new Appended(stored, readings.size() - stored));
        }
        for (String attribute : List.of("intensity", "speed")) {
            List<Reading> expected = modelHistory.stream().filter(r -> r.attribute().equals(attribute))
                    .sorted((a, b) -> a.observedAt().compareTo(b.observedAt())).toList(); // stable: ties stay in order
            assertThat(store.history(ROAD, attribute, Instant.MIN, Instant.MAX)).as("seed %d", seed)
                    .containsExactlyElementsOf(expected);
            assertThat(store.latest(ROAD, attribute)).as("seed %d", seed)
                    .isEqualTo(Optional.ofNullable(modelCurrent.get(attribute)));
        }
        assertThat(store.current(ROAD)).as("seed %d", seed).isEqualTo(modelCurrent);
    }
}
