package org.citybrain.hub.temporal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
import java.util.OptionalInt;
import java.util.Set;
import org.citybrain.hub.store.Reading;
import org.citybrain.hub.store.WalStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Queries and retention over a real store: ranges, lastN, limits, the retention cutoff. */
class TemporalHistoryTest {
    private static final Instant NOW = Instant.parse("2026-11-29T12:00:00Z");
    private static final String FLOW = "https://smartdatamodels.org/dataModel.Transportation/TrafficFlowObserved";
    private static final String AIR = "https://smartdatamodels.org/dataModel.Environment/AirQualityObserved";
    private static final URI ROAD = URI.create("urn:ngsi-ld:TrafficFlowObserved:road-1");
    private static final URI STATION = URI.create("urn:ngsi-ld:AirQualityObserved:station-1");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

    @TempDir
    Path dir;
    WalStore store;

    @BeforeEach
    void open() {
        store = WalStore.open(dir);
        List<Reading> readings = new ArrayList<>();
        for (int h = 48; h >= 1; h--) { // one reading an hour for two days, up to an hour ago
            Instant t = NOW.minus(Duration.ofHours(h));
            readings.add(new Reading("d1", ROAD, FLOW, "intensity", t, "{\"type\":\"Property\",\"value\":" + h + "}"));
            readings.add(new Reading("d2", STATION, AIR, "no2", t, "{\"type\":\"Property\",\"value\":" + h + "}"));
        }
        store.append(readings);
    }

    @AfterEach
    void close() {
        store.close();
    }

    private static TemporalHistory history(WalStore store, RetentionPolicy policy) {
        return new TemporalHistory(store, policy, CLOCK);
    }

    @Test
    void rangesIncludeTheirStartAndExcludeTheirEnd() {
        TemporalHistory history = history(store, RetentionPolicy.KEEP_EVERYTHING);
        TemporalHistory.Subject road = history.subject(ROAD).orElseThrow();
        Instant t = NOW.minus(Duration.ofHours(10));
        assertThat(history.instances(road, "intensity", TimeRange.between(t, t.plus(Duration.ofHours(3))), OptionalInt.empty(), 100))
                .extracting(Reading::observedAt).containsExactly(t, t.plus(Duration.ofHours(1)), t.plus(Duration.ofHours(2)));
        assertThat(history.instances(road, "intensity", TimeRange.before(t), OptionalInt.empty(), 100)).hasSize(38);
        assertThat(history.instances(road, "intensity", TimeRange.after(t), OptionalInt.empty(), 100)).hasSize(9);
    }

    @Test
    void lastNAnswersTheNewestInstancesOldestFirst() {
        TemporalHistory history = history(store, RetentionPolicy.KEEP_EVERYTHING);
        TemporalHistory.Subject road = history.subject(ROAD).orElseThrow();
        assertThat(history.instances(road, "intensity", TimeRange.ALL, OptionalInt.of(2), 100)).extracting(Reading::observedAt)
                .containsExactly(NOW.minus(Duration.ofHours(2)), NOW.minus(Duration.ofHours(1)));
    }

    @Test
    void moreInstancesThanTheLimitAreRefusedNotTruncated() {
        TemporalHistory history = history(store, RetentionPolicy.KEEP_EVERYTHING);
        TemporalHistory.Subject road = history.subject(ROAD).orElseThrow();
        assertThat(history.instances(road, "intensity", TimeRange.ALL, OptionalInt.empty(), 48)).hasSize(48);
        assertThatThrownBy(() -> history.instances(road, "intensity", TimeRange.ALL, OptionalInt.empty(), 47))
                .isInstanceOf(TemporalLimitException.class).hasMessageContaining("more than 47");
        assertThatThrownBy(() -> history.instances(road, "intensity", TimeRange.ALL, OptionalInt.of(48), 47))
                .isInstanceOf(TemporalLimitException.class);
    }

    @Test
    void historyOlderThanTheRetentionWindowIsNeverAnsweredEvenBeforeASweep() {
        RetentionPolicy policy = new RetentionPolicy(Map.of(FLOW, Duration.ofHours(24)));
        TemporalHistory history = history(store, policy);
        TemporalHistory.Subject road = history.subject(ROAD).orElseThrow();
        TemporalHistory.Subject station = history.subject(STATION).orElseThrow();

        assertThat(history.instances(road, "intensity", TimeRange.ALL, OptionalInt.empty(), 100)).hasSize(24);
        assertThat(history.aggregate(road, "intensity", TimeRange.ALL, Optional.empty(), 1).get(0).count()).isEqualTo(24);
        assertThat(history.instances(station, "no2", TimeRange.ALL, OptionalInt.empty(), 100)).hasSize(48);
    }

    @Test
    void aSweepExpiresEachTypeByItsOwnWindowAndKeepsCurrentValues() {
        RetentionPolicy policy = new RetentionPolicy(Map.of(FLOW, Duration.ofHours(24), AIR, Duration.ofHours(2)));
        assertThat(new Retention(store, policy, CLOCK).sweep()).isEqualTo(24 + 46);
        assertThat(store.history(ROAD, "intensity", Instant.MIN, Instant.MAX)).hasSize(24);
        assertThat(store.history(STATION, "no2", Instant.MIN, Instant.MAX)).hasSize(2);
        assertThat(store.latest(STATION, "no2").orElseThrow().observedAt()).isEqualTo(NOW.minus(Duration.ofHours(1)));
    }

    @Test
    void aRetentionTermStandsForEveryTypeItExpandsTo() {
        RetentionPolicy policy = RetentionPolicy.parse(" TrafficFlowObserved=P30D , AirQualityObserved=PT12H",
                name -> Set.of("https://example.org/a/" + name, "https://example.org/b/" + name));
        assertThat(policy.windows()).hasSize(4).containsEntry("https://example.org/b/AirQualityObserved", Duration.ofHours(12));
        assertThatThrownBy(() -> RetentionPolicy.parse("TrafficFlowObserved", n -> Set.of(n)))
                .hasMessageContaining("Type=Duration");
        assertThatThrownBy(() -> RetentionPolicy.parse("TrafficFlowObserved=P1M", n -> Set.of(n)))
                .hasMessageContaining("not an ISO 8601 duration");
    }

    @Test
    void entitiesOfSeveralTypesAreListedOnceInIdOrder() {
        TemporalHistory history = history(store, RetentionPolicy.KEEP_EVERYTHING);
        assertThat(history.entities(List.of(FLOW, AIR, FLOW))).containsExactly(STATION, ROAD);
        assertThat(history.subject(URI.create("urn:ngsi-ld:X:none"))).isEmpty();
        assertThat(history.subject(ROAD).orElseThrow().attributes()).containsExactly("intensity");
    }
}
