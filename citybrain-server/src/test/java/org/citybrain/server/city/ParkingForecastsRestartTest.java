package org.citybrain.server.city;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.citybrain.hub.context.ChangeFeed;
import org.citybrain.hub.context.ContextStore;
import org.citybrain.hub.context.EmbeddedContextStore;
import org.citybrain.hub.entity.Entity;
import org.citybrain.hub.entity.EntityJson;
import org.citybrain.hub.entity.ReadOptions;
import org.citybrain.hub.entity.Representation;
import org.citybrain.hub.ingest.DeviceRegistry;
import org.citybrain.hub.ingest.Ingestor;
import org.citybrain.hub.jsonld.Contexts;
import org.citybrain.hub.jsonld.Expander;
import org.citybrain.hub.store.ReadingStore;
import org.citybrain.hub.store.WalStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The forecasts across a restart of the server's stores and of the component on them (closed and
 * opened again on the same directory, as {@code citybrain serve} does): unchanged forecasts are not
 * written again, a car park changed while the server was down gets its forecasts written on the
 * first round, and one changed after the restart at once. The clock stands still within one 15-min
 * slot, so the slot the forecasts are for does not move.
 */
class ParkingForecastsRestartTest {
    static final Expander CORE = Contexts.shipped().core();
    static final URI PARK = URI.create("urn:ngsi-ld:OffStreetParking:west");
    static final List<URI> FORECASTS = List.of(URI.create("urn:ngsi-ld:OffStreetParkingForecast:west:PT15M"),
            URI.create("urn:ngsi-ld:OffStreetParkingForecast:west:PT30M"),
            URI.create("urn:ngsi-ld:OffStreetParkingForecast:west:PT60M"));

    @TempDir
    Path dir;
    /** 09:02 UTC, two minutes into a slot; the store's modifiedAt comes from the same clock. */
    final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-11-30T09:02:00Z"));
    final Clock clock = new Clock() {
        @Override
        public Instant instant() {
            return now.get();
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    };
    Server server;

    /** The server's readings and context stores, opened again on the same place by each restart. */
    record Stores(ReadingStore readings, ContextStore store, AutoCloseable... more) implements AutoCloseable {
        @Override
        public void close() throws Exception {
            store.close();
            for (AutoCloseable c : more) {
                c.close();
            }
            readings.close();
        }
    }

    /** The embedded stores in {@link #dir}, as {@code citybrain serve} keeps them in its data directory. */
    Stores open(ChangeFeed changes) {
        WalStore readings = WalStore.open(dir.resolve("readings"));
        return new Stores(readings, EmbeddedContextStore.open(dir.resolve("context"), readings, clock, changes));
    }

    /** The parts of the server the forecasts live on. */
    final class Server implements AutoCloseable {
        final ChangeFeed changes = new ChangeFeed();
        final Stores stores = open(changes);
        final ContextStore store = stores.store();
        final Ingestor ingestor = new Ingestor(DeviceRegistry.open(dir.resolve("devices.json")), stores.readings(),
                org.citybrain.hub.ingest.IngestOptions.DEFAULTS, clock, Optional.of(Contexts.shipped()), changes);
        ParkingForecasts forecasts;

        /** Starts the forecasts as the server's configuration does. */
        void startForecasts() throws Exception {
            forecasts = new ParkingForecasts(store, ingestor, CORE, clock, 1, ZoneOffset.UTC);
            changes.addListener(forecasts::changed);
            forecasts.start();
            forecasts.settle();
        }

        void carPark(int total, int free) {
            String json = "{\"id\":\"" + PARK + "\",\"type\":\"OffStreetParking\","
                    + "\"name\":{\"type\":\"Property\",\"value\":\"Car park west\"},"
                    + "\"location\":{\"type\":\"GeoProperty\",\"value\":{\"type\":\"Point\",\"coordinates\":[120.1035,30.2812]}},"
                    + "\"totalSpotNumber\":{\"type\":\"Property\",\"value\":" + total + "},"
                    + "\"availableSpotNumber\":{\"type\":\"Property\",\"value\":" + free + "}}";
            Entity park = CORE.expand(EntityJson.read(json, Representation.NORMALIZED, ReadOptions.strict()));
            assertThat(store.batch(org.citybrain.hub.context.BatchOperation.UPSERT_UPDATE, List.of(park)).success())
                    .containsExactly(PARK);
        }

        /** Forecast id → its modifiedAt, once all three say {@code free} of {@code total}. */
        Map<URI, Instant> forecastsSaying(int free, int total) throws Exception {
            for (int i = 0; i < 300; i++) {
                forecasts.settle();
                Map<URI, Instant> modified = new HashMap<>();
                for (URI id : FORECASTS) {
                    store.find(id).map(CORE::compact)
                            .filter(f -> f.property("availableSpotNumber").orElseThrow().value().asInt() == free)
                            .filter(f -> f.property("totalSpotNumber").orElseThrow().value().asInt() == total)
                            .ifPresent(f -> modified.put(id, f.modifiedAt().orElseThrow()));
                }
                if (modified.size() == FORECASTS.size()) {
                    return modified;
                }
                Thread.sleep(20);
            }
            throw new AssertionError("the forecasts do not say " + free + " of " + total + ": "
                    + FORECASTS.stream().map(store::find).toList());
        }

        @Override
        public void close() throws Exception {
            if (forecasts != null) {
                forecasts.close();
            }
            changes.close();
            stores.close();
        }
    }

    @AfterEach
    void stop() throws Exception {
        if (server != null) {
            server.close();
            server = null;
        }
    }

    /** The store's modifiedAt is now, made a few nanoseconds later where writes would share an instant. */
    private void writtenNow(Instant modifiedAt) {
        assertThat(modifiedAt).isBetween(now.get(), now.get().plusMillis(1));
    }

    private Server restart() throws Exception {
        server.close();
        now.set(now.get().plusSeconds(60));
        server = new Server();
        return server;
    }

    @Test
    void unchangedForecastsAreNotWrittenAgainAfterARestartAndAChangedCarParkIsWrittenAtOnce() throws Exception {
        server = new Server();
        server.startForecasts();
        server.carPark(120, 40);
        Map<URI, Instant> first = server.forecastsSaying(40, 120);

        restart().startForecasts();
        // the first round after the restart found the car park in the store and forecast it: it said the same
        assertThat(server.forecastsSaying(40, 120)).as("modifiedAt of the forecasts after the restart").isEqualTo(first);

        now.set(now.get().plusSeconds(60));
        server.carPark(120, 41);
        Map<URI, Instant> changed = server.forecastsSaying(41, 120);
        changed.forEach((id, at) -> assertThat(at).as(id.toString()).isAfter(first.get(id)).satisfies(ParkingForecastsRestartTest.this::writtenNow));
    }

    @Test
    void aCarParkChangedWhileTheServerWasDownHasItsForecastsWrittenOnTheFirstRound() throws Exception {
        server = new Server();
        server.startForecasts();
        server.carPark(120, 40);
        server.forecastsSaying(40, 120);

        restart().carPark(150, 40); // a new capacity, written before the forecasts start
        server.startForecasts();
        Map<URI, Instant> after = server.forecastsSaying(40, 150);
        after.forEach((id, at) -> assertThat(at).as(id.toString()).satisfies(this::writtenNow));
    }
}
