package org.citybrain.hub.context;

import static org.assertj.core.api.Assertions.assertThat;
import static org.citybrain.hub.context.ContextStoreContractTest.ROAD;
import static org.citybrain.hub.context.ContextStoreContractTest.road;
import static org.citybrain.hub.context.ContextStoreContractTest.road1;

import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.citybrain.hub.entity.Entity;
import org.citybrain.hub.entity.Property;
import org.citybrain.hub.store.pg.PostgresDatabase;
import org.citybrain.hub.store.pg.PostgresOptions;
import org.citybrain.hub.store.pg.PostgresReadingStore;
import org.citybrain.hub.store.pg.TestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two hubs on one database (two stores, each with its own connections, as two servers would have):
 * racing writes lose nothing and create nothing twice; what one wrote the other reads; everything
 * is there after reopening; history a crash kept back is stored on the next open.
 */
class PostgresContextStoreSharingIT {
    private static final int THREADS = 8;

    private TestDatabase schema;
    private final List<AutoCloseable> open = new ArrayList<>();

    @BeforeEach
    void createSchema() {
        schema = TestDatabase.createOrSkip();
    }

    @AfterEach
    void dropSchema() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
        if (schema != null) {
            schema.close();
        }
    }

    /** One hub: its own database connections, readings store and context store. */
    private PostgresContextStore hub() {
        PostgresDatabase database = PostgresDatabase.open(schema.options(), 4);
        PostgresReadingStore readings = PostgresReadingStore.open(schema.options());
        PostgresContextStore store = PostgresContextStore.open(database, readings, Clock.systemUTC());
        open.add(database);
        open.add(readings);
        open.add(store);
        return store;
    }

    @Test
    void appendsOfTwoHubsToOneEntityLoseNoUpdate() throws Exception {
        PostgresContextStore a = hub();
        PostgresContextStore b = hub();
        a.create(road1(""));
        int rounds = 25;
        Parallel.run(THREADS, t -> {
            ContextStore store = t % 2 == 0 ? a : b;
            for (int i = 1; i <= rounds; i++) {
                store.append(ROAD, Entity.of(ROAD, "TrafficFlowObserved").withAttribute("lane" + t, Property.of(i)), false);
            }
        });
        Entity seenByA = a.find(ROAD).orElseThrow();
        for (int t = 0; t < THREADS; t++) {
            assertThat(seenByA.property("lane" + t).orElseThrow().value().asInt()).as("lane %d", t).isEqualTo(rounds);
        }
        assertThat(b.find(ROAD)).contains(seenByA);
    }

    @Test
    void twoHubsCreatingTheSameEntitiesAtOnceCreateEachOnce() throws Exception {
        PostgresContextStore a = hub();
        PostgresContextStore b = hub();
        int entities = 50;
        AtomicInteger created = new AtomicInteger();
        AtomicInteger refused = new AtomicInteger();
        Parallel.run(4, t -> {
            ContextStore store = t % 2 == 0 ? a : b;
            for (int i = 0; i < entities; i++) {
                try {
                    store.create(road("urn:ngsi-ld:TrafficFlowObserved:r" + i, "'intensity': {'type': 'Property', 'value': " + t + "}"));
                    created.incrementAndGet();
                } catch (ContextException e) {
                    assertThat(e.kind()).isEqualTo(ContextException.Kind.ALREADY_EXISTS);
                    refused.incrementAndGet();
                }
            }
        });
        assertThat(created.get()).isEqualTo(entities);
        assertThat(refused.get()).isEqualTo(3 * entities);
        EntityQuery all = new EntityQuery(Set.of("TrafficFlowObserved"), Set.of(), Optional.empty(), Set.of(),
                Optional.empty(), 0, 0, true);
        assertThat(b.query(all).total()).hasValue(entities);
    }

    @Test
    void everythingIsThereAfterReopening() {
        PostgresContextStore first = hub();
        Entity created = first.create(road1("'intensity': {'type': 'Property', 'value': 12}"));
        first.deleteAttribute(ROAD, "intensity");
        first.append(ROAD, road1("'occupancy': {'type': 'Property', 'value': 0.5}"), false);
        Entity before = first.find(ROAD).orElseThrow();
        assertThat(before.createdAt()).isEqualTo(created.createdAt());
        PostgresContextStore second = hub();
        assertThat(second.find(ROAD)).contains(before);
        assertThat(second.types()).extracting(TypeInfo::attributeNames).containsExactly(List.of("occupancy"));
    }

    @Test
    void historyThatACrashKeptBackIsStoredOnTheNextOpen() throws SQLException {
        PostgresContextStore first = hub();
        first.create(road1("'intensity': {'type': 'Property', 'value': 12}"));
        PostgresOptions options = schema.options();
        try (Connection c = DriverManager.getConnection(options.url(), options.user(), options.password());
             Statement s = c.createStatement()) {
            s.execute("SET search_path TO " + options.schema());
            // as if the process had died between the entity's commit and its history
            s.execute("DELETE FROM citybrain_reading");
            s.execute("UPDATE citybrain_entity SET history_pending = true");
        }
        hub();
        try (PostgresReadingStore readings = PostgresReadingStore.open(options)) {
            assertThat(readings.history(ROAD, "intensity", Instant.EPOCH, Instant.MAX))
                    .extracting(r -> r.deviceId()).containsExactly(AbstractContextStore.HISTORY_SOURCE);
        }
        assertThat(first.find(URI.create(ROAD.toString()))).isPresent();
    }
}
