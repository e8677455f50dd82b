package org.citybrain.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import org.citybrain.hub.ingest.Ingestor;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Device registration and telemetry through the running server; run on the embedded store by
 * {@link TelemetryOverHttpIT} and on PostgreSQL by {@link TelemetryOnPostgresIT}, each with a data
 * directory of its own.
 */
abstract class TelemetryTests {
    static final String ADMIN = "admin-token-for-telemetry-tests";

    @LocalServerPort
    int port;
    @Autowired
    Ingestor ingestor;
    ServerClient client;

    @BeforeEach
    void client() {
        client = new ServerClient(port);
    }

    private String register(String id) {
        ServerClient.Response response = client.post("/api/devices", ADMIN,
                "{\"id\":\"" + id + "\",\"entityId\":\"urn:ngsi-ld:TrafficFlowObserved:" + id + "\","
                        + "\"entityType\":\"TrafficFlowObserved\",\"attributeMapping\":{\"spd\":\"averageVehicleSpeed\"}}");
        assertThat(response.status()).as(response.body()).isEqualTo(201);
        return response.json().get("token").asText();
    }

    @Test
    void acknowledgedTelemetryIsStoredAndARetryIsADuplicate() {
        String token = register("loop-1");
        String payload = "{\"ts\": 1700000000000, \"values\": {\"spd\": 42.5, \"intensity\": 12}}";

        ServerClient.Response first = client.post("/api/devices/loop-1/telemetry", token, payload);
        assertThat(first.status()).as(first.body()).isEqualTo(200);
        assertThat(first.json().get("stored").asInt()).isEqualTo(2);

        ServerClient.Response retry = client.post("/api/devices/loop-1/telemetry", token, payload);
        assertThat(retry.json().get("stored").asInt()).isZero();
        assertThat(retry.json().get("duplicates").asInt()).isEqualTo(2);

        URI entity = URI.create("urn:ngsi-ld:TrafficFlowObserved:loop-1");
        // no @context at registration: names expand with the core context's default vocabulary
        assertThat(ingestor.current(entity, "https://uri.etsi.org/ngsi-ld/default-context/averageVehicleSpeed")).get()
                .satisfies(r -> assertThat(r.value()).contains("42.5"));
    }

    @Test
    void prometheusShowsTheIngestRateQueueDepthAndRejections() {
        String token = register("loop-metrics");
        client.post("/api/devices/loop-metrics/telemetry", token, "{\"ts\": 1700000000000, \"values\": {\"n\": 1}}");
        client.post("/api/devices/loop-metrics/telemetry", token, "{\"ts\": \"never\", \"values\": {\"n\": 1}}");
        ServerClient.Response response = client.get("/actuator/prometheus", ADMIN);
        String metrics = response.body();
        assertThat(metrics).as("%d %s", response.status(), metrics.substring(0, Math.min(300, metrics.length()))).contains("citybrain_ingest_readings_total{transport=\"http\"}", "citybrain_store_queue{",
                "citybrain_ingest_rejected_total{", "jvm_memory_used_bytes");
    }

    @Test
    void aWrongDeviceTokenIsRefusedAndStoresNothing() {
        register("loop-2");
        ServerClient.Response response = client.post("/api/devices/loop-2/telemetry", "wrong-token",
                "{\"ts\": 1700000000000, \"values\": {\"spd\": 1}}");
        assertThat(response.status()).isEqualTo(401);
        assertThat(ingestor.current(URI.create("urn:ngsi-ld:TrafficFlowObserved:loop-2"))).isEmpty();
    }

    @Test
    void badTelemetryIsA400WithTheJsonPathAndStoresNothing() {
        String token = register("loop-3");
        ServerClient.Response response = client.post("/api/devices/loop-3/telemetry", token,
                "[{\"ts\": 1700000000000, \"values\": {\"spd\": 1}}, {\"ts\": \"yesterday\", \"values\": {\"spd\": 2}}]");
        assertThat(response.status()).isEqualTo(400);
        JsonNode problem = response.json();
        assertThat(problem.get("type").asText()).startsWith("https://uri.etsi.org/ngsi-ld/errors/");
        assertThat(problem.get("jsonPath").asText()).startsWith("$[1]");
        assertThat(ingestor.current(URI.create("urn:ngsi-ld:TrafficFlowObserved:loop-3"))).isEmpty();
    }

    @Test
    void anOversizedBodyIsA413() {
        String token = register("loop-4");
        String big = "{\"ts\": 1700000000000, \"values\": {\"note\": \"" + "x".repeat(5000) + "\"}}";
        ServerClient.Response response = client.post("/api/devices/loop-4/telemetry", token, big);
        assertThat(response.status()).isEqualTo(413);
        assertThat(response.json().get("code").asText()).isEqualTo("PAYLOAD_TOO_LARGE");
    }

    @Test
    void registeringTheSameDeviceTwiceIsAConflict() {
        register("loop-5");
        ServerClient.Response again = client.post("/api/devices", ADMIN,
                "{\"id\":\"loop-5\",\"entityId\":\"urn:ngsi-ld:X:5\",\"entityType\":\"X\"}");
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.json().get("type").asText()).isEqualTo("https://uri.etsi.org/ngsi-ld/errors/AlreadyExists");
    }

    @Test
    void aDeviceWithAnEntityIdThatIsNotAUriIsRejectedWithItsPath() {
        ServerClient.Response response = client.post("/api/devices", ADMIN,
                "{\"id\":\"loop-6\",\"entityId\":\"not a uri\",\"entityType\":\"X\"}");
        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json().get("jsonPath").asText()).isEqualTo("$.entityId");
    }

    @Test
    void malformedJsonIsAnInvalidRequest() {
        ServerClient.Response response = client.post("/api/devices", ADMIN, "{\"id\":");
        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json().get("type").asText()).isEqualTo("https://uri.etsi.org/ngsi-ld/errors/InvalidRequest");
    }
}
