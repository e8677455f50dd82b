package org.citybrain.hub.context;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.citybrain.hub.context.ContextStoreContractTest.ROAD;
import static org.citybrain.hub.context.ContextStoreContractTest.entity;
import static org.citybrain.hub.context.ContextStoreContractTest.road;
import static org.citybrain.hub.context.ContextStoreContractTest.road1;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.citybrain.hub.entity.Attribute;
import org.citybrain.hub.entity.Entity;
import org.citybrain.hub.entity.Property;
import org.citybrain.hub.store.Reading;
import org.citybrain.hub.store.ReadingStore;
import org.citybrain.hub.store.pg.CurrentReadings;
import org.citybrain.hub.store.pg.PostgresDatabase;
import org.citybrain.hub.store.pg.PostgresReadingStore;
import org.citybrain.hub.store.pg.TestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Reads that fetch the current readings in the same statement as the entity rows (both stores on
 * one database, {@link CurrentReadings}) merge them by the overlay's rules: each case checks the
 * value shown, and that the store asking its ReadingStore apart (the two-query path, forced by a
 * ReadingStore that is not a {@link PostgresReadingStore}) shows exactly the same, by id, by page
 * and by filtered query.
 */
class PostgresOneStatementReadIT {
    private static final Instant T0 = OpenStore.T0;
    private static final URI OTHER = URI.create("urn:ngsi-ld:TrafficFlowObserved:road-2");

    private final TestClock clock = new TestClock(T0);
    private TestDatabase schema;
    private PostgresDatabase database;
    private PostgresReadingStore readings;
    private PostgresContextStore joined;
    private PostgresContextStore apart;

    @BeforeEach
    void open() {
        schema = TestDatabase.createOrSkip();
        database = PostgresDatabase.open(schema.options(), 4);
        readings = PostgresReadingStore.open(schema.options());
        joined = PostgresContextStore.open(database, readings, clock);
        apart = PostgresContextStore.open(database, StoreBackends.behindInterface(readings), clock);
    }

    @AfterEach
    void close() {
        if (readings != null) {
            readings.close();
        }
        if (database != null) {
            database.close();
        }
        if (schema != null) {
            schema.close();
        }
    }

    private void reading(URI entity, String attribute, Instant observedAt, String value) {
        readings.append(List.of(new Reading("loop-7", entity, "TrafficFlowObserved", attribute, observedAt, value)));
    }

    private void reading(String attribute, Instant observedAt, double value) {
        reading(ROAD, attribute, observedAt, "{\"type\":\"Property\",\"value\":" + value + "}");
    }

    /** The entity as the one-statement read shows it, checked equal to the two-query read by id, page and filter. */
    private Entity shown(URI id) {
        Entity entity = joined.find(id).orElseThrow();
        assertThat(apart.find(id)).contains(entity);
        EntityQuery page = new EntityQuery(Set.of("TrafficFlowObserved"), Set.of(), Optional.empty(), Set.of(),
                Optional.empty(), 0, 20, true);
        assertThat(joined.query(page)).isEqualTo(apart.query(page));
        assertThat(joined.query(page).entities()).contains(entity);
        EntityQuery filtered = new EntityQuery(Set.of(), Set.of(), Optional.empty(), Set.of(), Optional.of(e -> true), 0, 20, true);
        assertThat(joined.query(filtered)).isEqualTo(apart.query(filtered));
        assertThat(joined.query(filtered).entities()).contains(entity);
        return entity;
    }

    private static double number(Entity entity, String name) {
        return ((Property) entity.attribute(name).orElseThrow()).value().asDouble();
    }

    private Instant tick(long seconds) {
        clock.advance(Duration.ofSeconds(seconds));
        return clock.instant();
    }

    @Test
    void bothStoresOnOneDatabaseShareTheirTablesAndAnotherReadingStoreDoesNot() {
        assertThat(CurrentReadings.sameTables(readings, database.options())).isTrue();
        assertThat(CurrentReadings.sameTables(StoreBackends.behindInterface(readings), database.options())).isFalse();
        assertThat(CurrentReadings.sameTables(readings, database.options().withSchema("elsewhere"))).isFalse();
    }

    @Test
    void aRetrievalAsksTheReadingStoreNothing() {
        joined.create(road1("'speed': {'type': 'Property', 'value': 40}"));
        reading("speed", T0.plusSeconds(5), 48.5);
        readings.close(); // any question to it would now fail: "the store is closed"
        assertThat(number(joined.find(ROAD).orElseThrow(), "speed")).isEqualTo(48.5);
        assertThat(joined.query(EntityQuery.ofType("TrafficFlowObserved")).entities()).singleElement()
                .satisfies(e -> assertThat(number(e, "speed")).isEqualTo(48.5));
    }

    @Test
    void aReadingOlderThanTheFloorOfADeletedAttributeStaysHiddenAndANewerOneShows() {
        joined.create(road1("'speed': {'type': 'Property', 'value': 40}, 'name': {'type': 'Property', 'value': 'A1'}"));
        reading("speed", T0.plusSeconds(5), 48.5);
        Instant floor = tick(10);
        joined.deleteAttribute(ROAD, "speed");
        reading("speed", floor.minusSeconds(2), 45); // current now, but observed before the deletion
        assertThat(shown(ROAD).attributes()).containsOnlyKeys("name");
        reading("speed", floor, 46); // at the floor: not after it
        assertThat(shown(ROAD).attributes()).containsOnlyKeys("name");
        reading("speed", floor.plusSeconds(1), 50);
        Entity entity = shown(ROAD);
        assertThat(number(entity, "speed")).isEqualTo(50);
        assertThat(entity.attribute("speed").orElseThrow().meta().observedAt()).contains(floor.plusSeconds(1));
    }

    @Test
    void aReadingObservedAtTheStoredValuesTimeLeavesTheStoredValue() {
        joined.create(road1("'speed': {'type': 'Property', 'value': 40, 'observedAt': '2025-05-01T08:00:10Z'}"));
        reading("speed", T0.plusSeconds(10), 48.5);
        assertThat(number(shown(ROAD), "speed")).isEqualTo(40);
        reading("speed", T0.plusSeconds(10).plusNanos(1), 49.5);
        assertThat(number(shown(ROAD), "speed")).isEqualTo(49.5);
    }

    @Test
    void anEntityWithoutReadingsIsShownAsStoredBesideOneWithReadings() {
        Entity created = joined.create(road1("'speed': {'type': 'Property', 'value': 40}"));
        joined.create(road(OTHER.toString(), "'speed': {'type': 'Property', 'value': 30}"));
        reading(OTHER, "speed", T0.plusSeconds(5), "{\"type\":\"Property\",\"value\":35}");
        reading(OTHER, "occupancy", T0.plusSeconds(5), "{\"type\":\"Property\",\"value\":0.5}");
        assertThat(shown(ROAD)).isEqualTo(created);
        assertThat(number(shown(OTHER), "speed")).isEqualTo(35);
    }

    @Test
    void aReadingOfAnAttributeTheRowLacksAppearsWithItsObservedAtAndNoSystemTimes() {
        joined.create(road1("'speed': {'type': 'Property', 'value': 40}"));
        String text = "a \\\"quoted\\\" \\\\ back-slashed, {braced}, ü and 漢字";
        reading(ROAD, "note", T0.plusSeconds(3), "{\"type\":\"Property\",\"value\":\"" + text + "\",\"unitCode\":\"X\"}");
        reading("occupancy", T0.plusSeconds(4), 0.25);
        Entity entity = shown(ROAD);
        assertThat(entity.attributes()).containsOnlyKeys("speed", "note", "occupancy");
        Attribute note = entity.attribute("note").orElseThrow();
        assertThat(((Property) note).value().asText()).isEqualTo("a \"quoted\" \\ back-slashed, {braced}, ü and 漢字");
        assertThat(((Property) note).unitCode()).contains("X");
        assertThat(note.meta().observedAt()).contains(T0.plusSeconds(3));
        assertThat(note.meta().createdAt()).isEmpty();
        assertThat(number(entity, "occupancy")).isEqualTo(0.25);
        assertThat(number(entity, "speed")).isEqualTo(40);
    }

    @Test
    void aRecreatedEntityShowsOnlyReadingsObservedAfterItsCreation() {
        joined.create(road1(""));
        reading("speed", T0.plusSeconds(5), 48.5);
        tick(10);
        joined.delete(ROAD);
        joined.create(road1(""));
        assertThat(shown(ROAD).attributes()).isEmpty();
        reading("speed", clock.instant().plusSeconds(1), 52);
        assertThat(number(shown(ROAD), "speed")).isEqualTo(52);
    }

    /** The listings of the one-statement scan, checked equal to those of the store asking apart. */
    private List<TypeInfo> types() {
        List<TypeInfo> types = joined.types();
        assertThat(apart.types()).isEqualTo(types);
        return types;
    }

    private List<AttributeInfo> attributes() {
        List<AttributeInfo> attributes = joined.attributes();
        assertThat(apart.attributes()).isEqualTo(attributes);
        return attributes;
    }

    @Test
    void typesAndAttributesCountReadingsOnlyAfterTheFloorAcrossSeveralTypes() {
        URI device = URI.create("urn:ngsi-ld:Device:d1");
        URI parking = URI.create("urn:ngsi-ld:OffStreetParking:p1");
        joined.create(road1("'speed': {'type': 'Property', 'value': 40}, 'name': {'type': 'Property', 'value': 'A1'}"));
        joined.create(road(OTHER.toString(), ""));
        joined.create(entity("{'id': '" + device + "', 'type': 'Device', 'name': {'type': 'Property', 'value': 'd'}}"));
        joined.create(entity("{'id': '" + parking + "', 'type': 'OffStreetParking'}"));
        joined.delete(parking);
        joined.create(entity("{'id': '" + parking + "', 'type': 'OffStreetParking'}"));
        assertThat(types()).containsExactly(
                new TypeInfo("Device", 1, List.of("name")),
                new TypeInfo("OffStreetParking", 1, List.of()),
                new TypeInfo("TrafficFlowObserved", 2, List.of("name", "speed")));

        // attributes only readings have, on entities of two types
        reading(OTHER, "occupancy", T0.plusSeconds(5), "{\"type\":\"Property\",\"value\":0.5}");
        reading(device, "battery", T0.plusSeconds(5), "{\"type\":\"Property\",\"value\":0.9}");
        reading(parking, "occupancy", T0.plusSeconds(5), "{\"type\":\"Property\",\"value\":0.1}");
        // a reading from before the deletion of the parking's previous entity stays history
        reading(parking, "availableSpotNumber", T0.minusSeconds(5), "{\"type\":\"Property\",\"value\":7}");
        assertThat(types()).containsExactly(
                new TypeInfo("Device", 1, List.of("battery", "name")),
                new TypeInfo("OffStreetParking", 1, List.of("occupancy")),
                new TypeInfo("TrafficFlowObserved", 2, List.of("name", "occupancy", "speed")));
        assertThat(attributes()).containsExactly(
                new AttributeInfo("battery", 1, List.of("Device")),
                new AttributeInfo("name", 2, List.of("Device", "TrafficFlowObserved")),
                new AttributeInfo("occupancy", 2, List.of("OffStreetParking", "TrafficFlowObserved")),
                new AttributeInfo("speed", 1, List.of("TrafficFlowObserved")));

        // a deleted attribute: its readings up to the floor do not count, a later one does
        Instant floor = tick(10);
        joined.deleteAttribute(ROAD, "speed");
        joined.deleteAttribute(device, "battery");
        reading("speed", floor.minusSeconds(1), 45);
        reading(device, "battery", floor, "{\"type\":\"Property\",\"value\":0.8}");
        assertThat(types()).containsExactly(
                new TypeInfo("Device", 1, List.of("name")),
                new TypeInfo("OffStreetParking", 1, List.of("occupancy")),
                new TypeInfo("TrafficFlowObserved", 2, List.of("name", "occupancy")));
        assertThat(attributes()).extracting(AttributeInfo::name).containsExactly("name", "occupancy");
        reading("speed", floor.plusSeconds(1), 50);
        assertThat(attributes()).containsExactly(
                new AttributeInfo("name", 2, List.of("Device", "TrafficFlowObserved")),
                new AttributeInfo("occupancy", 2, List.of("OffStreetParking", "TrafficFlowObserved")),
                new AttributeInfo("speed", 1, List.of("TrafficFlowObserved")));
    }

    @Test
    void theListingsAskTheReadingStoreNothing() {
        joined.create(road1("'speed': {'type': 'Property', 'value': 40}"));
        reading("occupancy", T0.plusSeconds(5), 0.5);
        readings.close(); // any question to it would now fail: "the store is closed"
        assertThat(joined.types()).containsExactly(new TypeInfo("TrafficFlowObserved", 1, List.of("occupancy", "speed")));
        assertThat(joined.attributes()).extracting(AttributeInfo::name).containsExactly("occupancy", "speed");
    }

    @Test
    void theRulesOfAWriteSeeTheTelemetryReadWithTheRowAndAskTheReadingStoreNothing() {
        joined.create(road1("'speed': {'type': 'Property', 'value': 40}, 'name': {'type': 'Property', 'value': 'A1'}"));
        reading("occupancy", T0.plusSeconds(5), 0.5); // shown, from readings alone
        Instant floor = tick(10);
        joined.deleteAttribute(ROAD, "speed");
        reading("speed", floor.minusSeconds(1), 45); // hidden: before the deletion
        Entity speed = road1("'speed': {'type': 'Property', 'value': 60}");
        Attribute patch = speed.attribute("speed").orElseThrow();
        readings.close(); // any question to it would now fail: "the store is closed"

        // the writes below change nothing, so they store no history either
        UpdateResult noOverwrite = joined.append(ROAD, road1("'occupancy': {'type': 'Property', 'value': 0.9}"), true);
        assertThat(noOverwrite.updated()).isEmpty();
        assertThat(noOverwrite.notUpdated()).extracting(UpdateResult.NotUpdated::attributeName).containsExactly("occupancy");
        UpdateResult update = joined.update(ROAD, speed);
        assertThat(update.updated()).isEmpty();
        assertThat(update.notUpdated()).extracting(UpdateResult.NotUpdated::attributeName).containsExactly("speed");
        assertThatThrownBy(() -> joined.deleteAttribute(ROAD, "speed")).isInstanceOfSatisfying(ContextException.class,
                e -> assertThat(e.kind()).isEqualTo(ContextException.Kind.NOT_FOUND));
        assertThatThrownBy(() -> joined.patchAttribute(ROAD, "speed", patch)).isInstanceOfSatisfying(ContextException.class,
                e -> assertThat(e.kind()).isEqualTo(ContextException.Kind.NOT_FOUND));
        // the store that asks apart cannot
        assertThatThrownBy(() -> apart.update(ROAD, speed)).isNotInstanceOf(ContextException.class);
    }
}
