package org.citybrain.server.city;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import org.citybrain.hub.context.ContextStore;
import org.citybrain.hub.context.EmbeddedContextStore;
import org.citybrain.hub.context.EntityChange;
import org.citybrain.hub.context.TypeInfo;
import org.citybrain.hub.jsonld.Contexts;
import org.citybrain.hub.jsonld.Expander;
import org.citybrain.hub.store.Reading;
import org.citybrain.hub.store.WalStore;
import org.citybrain.server.TestData;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The detector between the hub's change feed and its rule: it judges each round on the readings
 * its own payload carried, in order, and writes the Alert.
 */
class IncidentDetectorTest {
    static final Expander NAMES = Contexts.shipped().core();
    static final String LANE = CityModel.FLOW + "road_1_4_0_1";

    final Path data = TestData.newDirectory();
    final WalStore readings = WalStore.open(data.resolve("readings"));
    final ContextStore store = EmbeddedContextStore.open(data.resolve("context"), readings, Clock.systemUTC());
    final List<String> alarmed = new ArrayList<>();
    /** The city's clock, which the detector reads first thing in a round: closed, it holds the detector's thread. */
    volatile CountDownLatch clock = new CountDownLatch(0);
    final IncidentDetector detector = new IncidentDetector(IncidentRuleTest.MODEL, store, NAMES, IncidentRuleTest.ROUND,
            this::cityTime, (road, t) -> alarmed.add(road));

    double cityTime() {
        try {
            clock.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 1000;
    }

    @AfterEach
    void close() {
        detector.close();
        store.close();
        readings.close();
    }

    static Reading reading(String entity, String type, String attribute, int second, double value) {
        return new Reading("city-device", URI.create(entity), NAMES.expand(type), NAMES.expand(attribute),
                Instant.ofEpochSecond(1_800_000_000L + second), "{\"type\":\"Property\",\"value\":" + value + "}");
    }

    static EntityChange change(String entity, String type, List<Reading> carried) {
        Set<String> names = new java.util.HashSet<>();
        carried.forEach(r -> names.add(r.attribute()));
        return new EntityChange(URI.create(entity), NAMES.expand(type), names, EntityChange.Kind.UPDATED, System.nanoTime(),
                carried);
    }

    static EntityChange laneRound(String lane, int second, int intensity, double occupancy, int queue) {
        return change(lane, "TrafficFlowObserved", List.of(reading(lane, "TrafficFlowObserved", "intensity", second, intensity),
                reading(lane, "TrafficFlowObserved", "occupancy", second, occupancy),
                reading(lane, "TrafficFlowObserved", "queueLength", second, queue)));
    }

    static EntityChange phase(String intersection, int second, int phase) {
        String id = CityModel.TRAFFIC_SIGNAL + intersection;
        return change(id, "TrafficSignal", List.of(reading(id, "TrafficSignal", "currentPhase", second, phase)));
    }

    @Test
    void roundsThatQueuedBehindTheDetectorAreEachJudgedOnTheirOwnReadings() throws Exception {
        // the detector's thread is held while five rounds arrive; the lane moves again in the last one
        clock = new CountDownLatch(1);
        detector.changed(phase("intersection_2_4", 0, IncidentRuleTest.GREEN));
        for (int round = 0; round < 4; round++) {
            detector.changed(laneRound(LANE, round * 30, 0, 0.06, 10));
        }
        detector.changed(laneRound(LANE, 120, 6, 0.02, 0));
        clock.countDown();
        detector.settle();
        assertThat(alarmed).as("the blocked rounds before the last raised the alarm").containsExactly("road_1_4_0");
        assertThat(detector.alerts()).isEqualTo(1);
        assertThat(store.types()).extracting(TypeInfo::type).contains(NAMES.expand("Alert"));
    }

    @Test
    void aPayloadWithoutAllThreeReadingsIsNoRound() throws Exception {
        detector.changed(phase("intersection_2_4", 0, IncidentRuleTest.GREEN));
        for (int round = 0; round < 6; round++) {
            int second = round * 30;
            detector.changed(change(LANE, "TrafficFlowObserved", List.of(
                    reading(LANE, "TrafficFlowObserved", "intensity", second, 0),
                    reading(LANE, "TrafficFlowObserved", "occupancy", second, 0.06))));
        }
        detector.settle();
        assertThat(alarmed).isEmpty();
        assertThat(detector.alerts()).isZero();
    }
}
