package org.citybrain.hub.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.nio.charset.StandardCharsets;
import org.citybrain.hub.entity.NgsiLdException;
import org.citybrain.hub.store.Reading;
import org.citybrain.hub.store.StoreException;
import org.citybrain.hub.store.WalStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IngestorTest {
    private static final Instant NOW = Instant.parse("2025-05-01T08:00:00Z");
    private static final URI ROAD = URI.create("urn:ngsi-ld:TrafficFlowObserved:road-1");

    @TempDir
    Path dir;

    private WalStore store;
    private DeviceRegistry devices;
    private Ingestor ingestor;
    private String token;

    @BeforeEach
    void setUp() {
        store = WalStore.open(dir.resolve("wal"));
        devices = DeviceRegistry.open(dir.resolve("devices.json"));
        token = devices.register(Device.of("loop-7", ROAD.toString(), "TrafficFlowObserved")
                .withMapping(Map.of("spd", "averageVehicleSpeed"))).token();
        ingestor = new Ingestor(devices, store, IngestOptions.DEFAULTS, Clock.fixed(NOW, ZoneOffset.UTC));
    }

    @AfterEach
    void tearDown() {
        store.close();
    }

    private static String compact(Instant at, String values) {
        return "{\"ts\": " + at.toEpochMilli() + ", \"values\": " + values + "}";
    }

    private long intensityHistory() {
        return ingestor.history(ROAD, "intensity", Instant.EPOCH, NOW.plusSeconds(1)).size();
    }

    @Test
    void theChangeOfAPayloadCarriesItsDurableReadingsSoThatListenersNeedNoStoreRead() throws Exception {
        java.util.concurrent.BlockingQueue<org.citybrain.hub.context.EntityChange> heard =
                new java.util.concurrent.LinkedBlockingQueue<>();
        try (org.citybrain.hub.context.ChangeFeed feed = new org.citybrain.hub.context.ChangeFeed(16)) {
            feed.addListener(heard::add);
            Ingestor publishing = new Ingestor(devices, store, IngestOptions.DEFAULTS, Clock.fixed(NOW, ZoneOffset.UTC),
                    java.util.Optional.empty(), feed);
            publishing.accept("loop-7", token, "[" + compact(NOW, "{\"intensity\": 12, \"spd\": 48.5}") + ","
                    + compact(NOW.plusSeconds(60), "{\"intensity\": 13}") + "]");
            org.citybrain.hub.context.EntityChange change = heard.poll(5, TimeUnit.SECONDS);
            assertThat(change).isNotNull();
            assertThat(change.attributes()).containsExactlyInAnyOrder("intensity", "averageVehicleSpeed");
            assertThat(change.readings()).extracting(Reading::attribute, Reading::observedAt).containsExactly(
                    org.assertj.core.groups.Tuple.tuple("intensity", NOW),
                    org.assertj.core.groups.Tuple.tuple("averageVehicleSpeed", NOW),
                    org.assertj.core.groups.Tuple.tuple("intensity", NOW.plusSeconds(60)));
            assertThat(change.readings().get(2).value()).contains("13");
        }
    }

    @Test
    void acceptedReadingsBecomeCurrentValuesAndHistoryOfTheDevicesEntity() {
        IngestResult result = ingestor.accept("loop-7", token, compact(NOW, "{\"intensity\": 12, \"spd\": 48.5}"));
        assertThat(result).isEqualTo(new IngestResult(2, 2, 0));
        assertThat(ingestor.current(ROAD)).containsOnlyKeys("intensity", "averageVehicleSpeed");
        assertThat(ingestor.current(ROAD, "averageVehicleSpeed").map(Reading::value))
                .contains("{\"type\":\"Property\",\"value\":48.5}");
    }

    @Test
    void anAsynchronousAcceptCompletesOnceDurableAndRefusesABadPayloadAtOnce() throws Exception {
        CompletableFuture<IngestResult> first = ingestor.acceptAsync("loop-7", token, compact(NOW, "{\"intensity\": 12}")
                .getBytes(StandardCharsets.UTF_8));
        CompletableFuture<IngestResult> again = ingestor.acceptAsync("loop-7", token, compact(NOW, "{\"intensity\": 12}")
                .getBytes(StandardCharsets.UTF_8));
        assertThat(first.get(10, TimeUnit.SECONDS).stored() + again.get(10, TimeUnit.SECONDS).stored()).isEqualTo(1);
        assertThat(intensityHistory()).isEqualTo(1);
        assertThatThrownBy(() -> ingestor.acceptAsync("loop-7", token, "{\"ts\": 1, \"values\": 3}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(NgsiLdException.class);
        store.close();
        assertThatThrownBy(() -> ingestor.acceptAsync("loop-7", token, compact(NOW.plusSeconds(1), "{\"intensity\": 1}")
                .getBytes(StandardCharsets.UTF_8))).isInstanceOf(StoreException.class);
    }

    @Test
    void aWrongTokenStoresNothing() {
        assertThatThrownBy(() -> ingestor.accept("loop-7", "not-the-token", compact(NOW, "{\"intensity\": 1}")))
                .isInstanceOf(DeviceAuthenticationException.class);
        assertThat(ingestor.current(ROAD)).isEmpty();
    }

    @Test
    void aPayloadWithOneBadReadingStoresNone() {
        assertThatThrownBy(() -> ingestor.accept("loop-7", token, "[" + compact(NOW, "{\"intensity\": 1}") + ", "
                + compact(NOW.minusSeconds(1), "{\"intensity\": null}") + "]"))
                .isInstanceOf(NgsiLdException.class);
        assertThat(intensityHistory()).isZero();
    }

    @Test
    void aRepeatedPayloadIsAcknowledgedAgainButStoredOnce() {
        String payload = compact(NOW, "{\"intensity\": 12}");
        ingestor.accept("loop-7", token, payload);
        assertThat(ingestor.accept("loop-7", token, payload)).isEqualTo(new IngestResult(1, 0, 1));
        assertThat(intensityHistory()).isEqualTo(1);
    }

    @Test
    void aLateReadingIsInHistoryButTheNewerValueStaysCurrent() {
        ingestor.accept("loop-7", token, compact(NOW, "{\"intensity\": 20}"));
        ingestor.accept("loop-7", token, compact(NOW.minusSeconds(60), "{\"intensity\": 10}"));
        assertThat(ingestor.current(ROAD, "intensity").orElseThrow().observedAt()).isEqualTo(NOW);
        assertThat(intensityHistory()).isEqualTo(2);

        ingestor.accept("loop-7", token, compact(NOW.plusSeconds(1), "{\"intensity\": 30}"));
        assertThat(ingestor.current(ROAD, "intensity").orElseThrow().value()).contains("30");
    }

    @Test
    void currentStateAndHistoryAreRebuiltAfterReopening() {
        ingestor.accept("loop-7", token, compact(NOW, "{\"intensity\": 20}"));
        ingestor.accept("loop-7", token, compact(NOW.minusSeconds(60), "{\"intensity\": 10}"));
        store.close();
        store = WalStore.open(dir.resolve("wal"));
        ingestor = new Ingestor(DeviceRegistry.open(dir.resolve("devices.json")), store,
                IngestOptions.DEFAULTS, Clock.fixed(NOW, ZoneOffset.UTC));

        assertThat(ingestor.current(ROAD, "intensity").orElseThrow().observedAt()).isEqualTo(NOW);
        assertThat(intensityHistory()).isEqualTo(2);
        assertThat(ingestor.accept("loop-7", token, compact(NOW, "{\"intensity\": 20}")).duplicates()).isEqualTo(1);
    }

    @Test
    void aTransportThatAuthenticatedTheDeviceStoresForARegisteredDeviceOnly() {
        byte[] payload = compact(NOW, "{\"intensity\": 12}").getBytes(java.nio.charset.StandardCharsets.UTF_8);
        assertThat(ingestor.acceptFrom("loop-7", payload)).isEqualTo(new IngestResult(1, 1, 0));
        assertThat(intensityHistory()).isEqualTo(1);
        assertThatThrownBy(() -> ingestor.acceptFrom("loop-unknown", payload)).isInstanceOf(DeviceAuthenticationException.class);
    }
}
