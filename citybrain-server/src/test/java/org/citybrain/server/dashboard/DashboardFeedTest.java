package org.citybrain.server.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.citybrain.server.dashboard.CityViewTest.CORE;
import static org.citybrain.server.dashboard.CityViewTest.entity;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.UnaryOperator;
import org.citybrain.hub.context.ChangeFeed;
import org.citybrain.hub.context.EmbeddedContextStore;
import org.citybrain.hub.entity.Entity;
import org.citybrain.hub.entity.JsonLdContext;
import org.citybrain.hub.entity.Property;
import org.citybrain.hub.store.WalStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The feed over a real embedded context store and its change feed; rounds run by hand. */
class DashboardFeedTest {
    static final URI LANE = URI.create("urn:ngsi-ld:TrafficFlowObserved:r1_0");

    @TempDir
    Path dir;
    WalStore readings;
    ChangeFeed changes;
    EmbeddedContextStore store;
    final AtomicLong now = new AtomicLong(1_764_403_200_000L);
    final Clock clock = new Clock() {
        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(now.get());
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    };
    DashboardFeed feed;

    @BeforeEach
    void open() {
        readings = WalStore.open(dir.resolve("readings"));
        changes = new ChangeFeed();
        store = EmbeddedContextStore.open(dir.resolve("context"), readings, Clock.systemUTC(), changes);
        store.create(entity(CORE, "urn:ngsi-ld:RoadSegment:r1", "RoadSegment", "length", 0.5));
        store.create(entity(CORE, LANE.toString(), "TrafficFlowObserved", "intensity", 10, "occupancy", 0.2,
                "averageVehicleSpeed", 30, "refRoadSegment", URI.create("urn:ngsi-ld:RoadSegment:r1")));
        feed = new DashboardFeed(store, changes, clock, new DashboardFeed.Settings(Duration.ofHours(1), Duration.ofSeconds(10),
                Duration.ofMinutes(1), Duration.ofSeconds(60)));
        feed.load();
    }

    @AfterEach
    void close() {
        feed.close();
        store.close();
        changes.close();
        readings.close();
    }

    private void setOccupancy(double occupancy) {
        store.update(LANE, new Entity(LANE, CORE.expand("TrafficFlowObserved"),
                Map.of(CORE.expand("occupancy"), Property.of(occupancy)), JsonLdContext.EMPTY, Optional.empty(), Optional.empty()));
    }

    /** Rounds until one brings an update with flows, as the change feed delivers on its own thread. */
    private ObjectNode roundWithFlows() throws InterruptedException {
        for (int i = 0; i < 200; i++) {
            Optional<ObjectNode> update = feed.round();
            if (update.isPresent() && update.get().has("flows")) {
                return update.get();
            }
            Thread.sleep(10);
        }
        throw new AssertionError("no update with flows within 2 s");
    }

    @Test
    void theSnapshotHoldsTheEntitiesAndTheKeyFigures() {
        JsonNode snapshot = feed.snapshot();
        assertThat(snapshot.get("roads")).hasSize(1);
        assertThat(snapshot.get("flows").get(0).get("id").asText()).isEqualTo(LANE.toString());
        assertThat(snapshot.get("kpis").get("vehicles").asDouble()).isEqualTo(20.0);
        assertThat(snapshot.get("series").get("time")).isEmpty();
    }

    @Test
    void manyChangesOfOneEntityBecomeOneItemOfOneUpdate() throws InterruptedException {
        feed.round(); // the first sample
        for (int i = 1; i <= 50; i++) {
            setOccupancy(i / 100.0);
        }
        changes.close(); // waits until every change has been delivered to the feed's listener
        ObjectNode update = roundWithFlows();
        assertThat(update.get("flows")).hasSize(1);
        assertThat(update.get("flows").get(0).get("occupancy").asDouble()).isEqualTo(0.5);
        assertThat(update.get("kpis").get("vehicles").asDouble()).isEqualTo(0.5 * 500 / 5);
        assertThat(update.has("sample")).as("no sample before the sample interval passed").isFalse();
        assertThat(feed.round()).as("nothing new").isEmpty();
    }

    @Test
    void aSampleIsTakenEverySampleIntervalAndTheSeriesKeepsTheConfiguredHistory() {
        for (int i = 0; i < 10; i++) {
            assertThat(feed.round()).get().satisfies(u -> assertThat(u.get("sample").get("vehicles").asDouble()).isEqualTo(20));
            assertThat(feed.round()).isEmpty();
            now.addAndGet(10_000);
        }
        // one minute at one sample per 10 s
        assertThat(feed.snapshot().get("series").get("time")).hasSize(6);
        assertThat(feed.snapshot().get("series").get("vehicles").get(5).asDouble()).isEqualTo(20);
    }

    @Test
    void watchersGetTheSnapshotFirstThenTheUpdatesAndADeletion() throws Exception {
        List<String> events = new ArrayList<>();
        feed.watch((event, data) -> events.add(event + " " + data), UnaryOperator.identity());
        store.delete(LANE);
        changes.close();
        Optional<ObjectNode> update = Optional.empty();
        for (int i = 0; i < 200 && (update.isEmpty() || !update.get().has("removed")); i++) {
            update = feed.round();
            Thread.sleep(10);
        }
        assertThat(update).get().satisfies(u -> assertThat(u.get("removed").get(0).asText()).isEqualTo(LANE.toString()));
        assertThat(events).singleElement().asString().startsWith("snapshot {");
        assertThat(feed.watchers()).isEqualTo(1);
        feed.unwatch((event, data) -> { });
        assertThat(feed.watchers()).isEqualTo(1);
    }
}
