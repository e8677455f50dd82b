package org.citybrain.hub.context;

import static org.assertj.core.api.Assertions.assertThat;
import static org.citybrain.hub.context.ContextStoreContractTest.ROAD;
import static org.citybrain.hub.context.ContextStoreContractTest.road1;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.citybrain.hub.entity.Attribute;
import org.citybrain.hub.entity.Entity;
import org.citybrain.hub.entity.Property;
import org.citybrain.hub.store.Reading;
import org.junit.jupiter.api.Test;

/** Readings laid over the stored entities, and API writes kept as history in the ReadingStore: for every {@link ContextStore}. */
abstract class TelemetryAndHistoryContractTest extends OpenStore {
    private void reading(String attribute, Instant observedAt, double value) {
        readings.append(List.of(new Reading("loop-7", ROAD, "TrafficFlowObserved", attribute, observedAt,
                "{\"type\":\"Property\",\"value\":" + value + ",\"unitCode\":\"KMH\"}")));
    }

    private Attribute shown(String name) {
        return store.find(ROAD).orElseThrow().attribute(name).orElseThrow();
    }

    private static double number(Attribute a) {
        return ((Property) a).value().asDouble();
    }

    private List<Reading> history(String attribute) {
        return readings.history(ROAD, attribute, Instant.EPOCH, Instant.MAX).stream()
                .filter(r -> r.deviceId().equals(AbstractContextStore.HISTORY_SOURCE)).toList();
    }

    // ---------------------------------------------------------------- overlay

    @Test
    void aReadingObservedAfterTheStoredValueIsShownWithItsObservedAt() {
        store.create(road1("'speed': {'type': 'Property', 'value': 40}"));
        Instant observed = T0.plusSeconds(5);
        reading("speed", observed, 48.5);
        Property speed = (Property) shown("speed");
        assertThat(speed.value().asDouble()).isEqualTo(48.5);
        assertThat(speed.unitCode()).contains("KMH");
        assertThat(speed.meta().observedAt()).contains(observed);
        assertThat(speed.meta().createdAt()).as("system times of the stored attribute").contains(T0);
    }

    @Test
    void aReadingObservedBeforeTheStoredValueLeavesTheStoredValue() {
        store.create(road1("'speed': {'type': 'Property', 'value': 40, 'observedAt': '2025-05-01T08:00:10Z'}"));
        reading("speed", T0.plusSeconds(5), 48.5);
        assertThat(number(shown("speed"))).isEqualTo(40);
    }

    @Test
    void anAttributeOnlyReadingsHaveAppearsOnTheEntityAndInQueriesAndListings() {
        store.create(road1(""));
        reading("speed", T0.plusSeconds(5), 48.5);
        assertThat(number(shown("speed"))).isEqualTo(48.5);
        Page page = store.query(new EntityQuery(Set.of("TrafficFlowObserved"), Set.of(), Optional.empty(), Set.of("speed"),
                Optional.of(e -> e.property("speed").map(p -> p.value().asDouble() > 45).orElse(false)), 0, 20, true));
        assertThat(page.entities()).singleElement().satisfies(e -> assertThat(e.attributes()).containsOnlyKeys("speed"));
        assertThat(store.types()).singleElement().satisfies(t -> assertThat(t.attributeNames()).containsExactly("speed"));
    }

    @Test
    void aQueryFilterSeesTheReadingsValue() {
        store.create(road1("'speed': {'type': 'Property', 'value': 40}"));
        reading("speed", T0.plusSeconds(5), 48.5);
        EntityQuery fast = new EntityQuery(Set.of(), Set.of(), Optional.empty(), Set.of(),
                Optional.of(e -> e.property("speed").map(p -> p.value().asDouble() > 45).orElse(false)), 0, 20, true);
        assertThat(store.query(fast).total()).hasValue(1);
    }

    @Test
    void aDeletedAttributeComesBackOnlyWithAReadingObservedAfterTheDeletion() {
        store.create(road1("'speed': {'type': 'Property', 'value': 40}"));
        reading("speed", T0.plusSeconds(5), 48.5);
        clock.advance(Duration.ofSeconds(10));
        store.deleteAttribute(ROAD, "speed");
        assertThat(store.find(ROAD).orElseThrow().attributes()).isEmpty();
        reading("speed", T0.plusSeconds(20), 50);
        assertThat(number(shown("speed"))).isEqualTo(50);
    }

    @Test
    void readingsOfAnEntityNobodyCreatedAreHistoryOnly() {
        reading("speed", T0.plusSeconds(5), 48.5);
        assertThat(store.find(ROAD)).isEmpty();
        assertThat(store.query(EntityQuery.ofType("TrafficFlowObserved")).entities()).isEmpty();
    }

    @Test
    void aRecreatedEntityDoesNotShowTheReadingsOfTheDeletedOne() {
        store.create(road1(""));
        reading("speed", T0.plusSeconds(5), 48.5);
        clock.advance(Duration.ofSeconds(10));
        store.delete(ROAD);
        store.create(road1(""));
        assertThat(store.find(ROAD).orElseThrow().attributes()).isEmpty();
    }

    @Test
    void aReadingObservedBeforeTheEntitysCreationShowsOnIt() {
        reading("speed", T0.minusSeconds(60), 48.5); // a device that reported before anyone created its entity
        store.create(road1(""));
        assertThat(number(shown("speed"))).isEqualTo(48.5);
        reopen();
        assertThat(number(shown("speed"))).isEqualTo(48.5);
    }

    @Test
    void aRecreatedEntityShowsTheReadingsObservedAfterTheDeletionOnly() {
        store.create(road1(""));
        reading("speed", T0.plusSeconds(5), 48.5);
        clock.advance(Duration.ofSeconds(10));
        store.delete(ROAD);
        reading("intensity", T0.plusSeconds(12), 7); // after the deletion, before the new entity
        clock.advance(Duration.ofSeconds(10));
        store.create(road1(""));
        assertThat(store.find(ROAD).orElseThrow().attributes()).containsOnlyKeys("intensity");
        reopen();
        assertThat(store.find(ROAD).orElseThrow().attributes()).containsOnlyKeys("intensity");
    }

    @Test
    void aDeletionIsRememberedAcrossARestartUntilTheIdIsCreatedAgain() {
        store.create(road1(""));
        reading("speed", T0.plusSeconds(5), 48.5);
        clock.advance(Duration.ofSeconds(10));
        store.delete(ROAD);
        reopen();
        clock.advance(Duration.ofSeconds(10));
        store.create(road1(""));
        assertThat(store.find(ROAD).orElseThrow().attributes()).isEmpty();
        reading("speed", T0.plusSeconds(25), 50);
        assertThat(number(shown("speed"))).isEqualTo(50);
    }

    @Test
    void aBatchDeletionIsRememberedLikeAnyOther() {
        store.batch(BatchOperation.CREATE, List.of(road1("")));
        reading("speed", T0.plusSeconds(5), 48.5);
        clock.advance(Duration.ofSeconds(10));
        store.batchDelete(List.of(ROAD));
        reopen();
        clock.advance(Duration.ofSeconds(10));
        store.batch(BatchOperation.UPSERT_UPDATE, List.of(road1("")));
        assertThat(store.find(ROAD).orElseThrow().attributes()).isEmpty();
    }

    @Test
    void anUpdateOfAnAttributeOnlyReadingsHaveReplacesIt() {
        store.create(road1(""));
        reading("speed", T0.plusSeconds(5), 48.5);
        clock.advance(Duration.ofSeconds(10));
        UpdateResult result = store.update(ROAD, road1("'speed': {'type': 'Property', 'value': 30}"));
        assertThat(result.updated()).containsExactly("speed");
        assertThat(number(shown("speed"))).isEqualTo(30);
    }

    // ---------------------------------------------------------------- history of API writes

    @Test
    void everyAttributeAnApiWriteSetsIsAppendedToTheHistory() {
        store.create(road1("'speed': {'type': 'Property', 'value': 40, 'observedAt': '2025-05-01T07:59:00Z'}, "
                + "'intensity': {'type': 'Property', 'value': 12}"));
        clock.advance(Duration.ofSeconds(1));
        store.append(ROAD, road1("'intensity': {'type': 'Property', 'value': 13}"), false);
        assertThat(history("speed")).singleElement().satisfies(r -> {
            assertThat(r.observedAt()).isEqualTo(Instant.parse("2025-05-01T07:59:00Z"));
            assertThat(r.value()).isEqualTo("{\"type\":\"Property\",\"value\":40}");
        });
        assertThat(history("intensity")).extracting(Reading::observedAt).containsExactly(T0, T0.plusSeconds(1));
    }

    @Test
    void twoWritesOfOneAttributeAtTheSameClockTimeAreTwoHistoryEntries() {
        store.create(road1("'intensity': {'type': 'Property', 'value': 12}"));
        store.update(ROAD, road1("'intensity': {'type': 'Property', 'value': 13}"));
        assertThat(history("intensity")).extracting(r -> r.value().contains("13")).containsExactly(false, true);
        assertThat(store.find(ROAD).orElseThrow().modifiedAt()).contains(T0.plusNanos(1));
    }

    @Test
    void deletingAnEntityKeepsItsHistory() {
        Entity created = store.create(road1("'intensity': {'type': 'Property', 'value': 12}"));
        store.delete(ROAD);
        assertThat(history("intensity")).extracting(Reading::observedAt).containsExactly(created.modifiedAt().orElseThrow());
    }
}
