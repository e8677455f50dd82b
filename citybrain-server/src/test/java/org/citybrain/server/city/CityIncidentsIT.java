package org.citybrain.server.city;

import static org.assertj.core.api.Assertions.assertThat;
import static org.citybrain.server.city.CityIT.eventually;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import org.citybrain.server.CityBrainServer;
import org.citybrain.server.ServerClient;
import org.citybrain.server.TestData;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * An incident in the city, found by the platform from the readings alone: Hangzhou at 50x with
 * the default detector interval, the pace IncidentDetectionBench measures.
 */
@SpringBootTest(classes = CityBrainServer.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"citybrain.admin-token=" + CityIT.ADMIN, "citybrain.mqtt.port=0", "citybrain.city.speed=50",
            "citybrain.congestion.enabled=false"})
@DirtiesContext // its city stops with its server instead of running on beside the next tests
class CityIncidentsIT {
    static final Path data = TestData.newDirectory();
    static final String ADMIN = CityIT.ADMIN;

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void settings(DynamicPropertyRegistry registry) {
        registry.add("citybrain.data-dir", data::toString);
        registry.add("citybrain.city.roadnet", () -> CityIT.SCENARIO.resolve("roadnet_4_4.json").toString());
        registry.add("citybrain.city.flow", () -> CityIT.SCENARIO.resolve("anon_4_4_hangzhou_real.json").toString());
    }

    JsonNode entity(String id) {
        ServerClient.Response r = new ServerClient(port).get("/ngsi-ld/v1/entities/" + id, ADMIN);
        assertThat(r.status()).as(id + ": " + r.body()).isEqualTo(200);
        return r.json();
    }

    ServerClient.Response send(String method, String path, String body) {
        return new ServerClient(port).send(method, path, ADMIN, body, "application/json");
    }

    @Test
    void aBlockedRoadIsDetectedFromTheReadingsAndRaisesAnAlertThatCanBeAcknowledged() {
        ServerClient.Response bad = send("POST", "/api/city/incidents", "{\"kind\":\"block-road\",\"road\":\"nowhere\","
                + "\"minutes\":5}");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.body()).contains("no road 'nowhere' in the city", "$.road");
        assertThat(send("POST", "/api/city/incidents", "{\"kind\":\"flood\"}").status()).isEqualTo(400);

        // a road blocked while empty shows little on its own detectors (the queue forms upstream):
        // block it once the morning traffic is on it, as IncidentDetectionBench does
        eventually(Duration.ofSeconds(240), () -> {
            assertThat(new ServerClient(port).get("/api/city", ADMIN).json().get("simulatedSeconds").asDouble())
                    .isBetween(900.0, 2400.0);
            return true;
        });
        ServerClient.Response r = send("POST", "/api/city/incidents", "{\"kind\":\"block-road\",\"road\":\"road_1_4_0\","
                + "\"minutes\":30}");
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        String id = r.json().get("id").asText();
        JsonNode incident = eventually(Duration.ofSeconds(240), () -> {
            JsonNode all = new ServerClient(port).get("/api/city/incidents", ADMIN).json();
            JsonNode mine = null;
            for (JsonNode i : all) {
                if (i.get("id").asText().equals(id)) {
                    mine = i;
                }
            }
            assertThat(mine).isNotNull();
            assertThat(mine.get("detectedAfterSeconds").isNumber()).as(mine.toString()).isTrue();
            return mine;
        });
        assertThat(incident.get("detectedAfterSeconds").asDouble()).isPositive();

        JsonNode alerts = new ServerClient(port).get("/ngsi-ld/v1/entities?type=Alert&q=alertSource==%22urn:ngsi-ld:RoadSegment:road_1_4_0%22",
                ADMIN).json();
        assertThat(alerts).isNotEmpty();
        JsonNode alert = alerts.get(0);
        assertThat(alert.at("/category/value").asText()).isEqualTo("traffic");
        assertThat(alert.at("/location/value/type").asText()).isEqualTo("Point");
        assertThat(alert.at("/acknowledged/value").asBoolean()).isFalse();
        ServerClient.Response ack = send("PATCH", "/ngsi-ld/v1/entities/" + alert.get("id").asText() + "/attrs",
                "{\"acknowledged\":{\"type\":\"Property\",\"value\":true}}");
        assertThat(ack.status()).as(ack.body()).isEqualTo(204);
        assertThat(entity(alert.get("id").asText()).at("/acknowledged/value").asBoolean()).isTrue();
    }

}
