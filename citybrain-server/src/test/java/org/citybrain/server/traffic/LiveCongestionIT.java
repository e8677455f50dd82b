package org.citybrain.server.traffic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.Map;
import org.citybrain.control.congestion.CongestionSnapshot;
import org.citybrain.server.CityBrainServer;
import org.citybrain.server.ServerClient;
import org.citybrain.server.TestData;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The congestion index over live TrafficFlowObserved entities, published as CongestionIndex
 * entities that the NGSI-LD API serves. Rounds are run by hand here (the timer's interval is an hour).
 */
@SpringBootTest(classes = CityBrainServer.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"citybrain.admin-token=" + LiveCongestionIT.ADMIN, "citybrain.congestion.interval=1h"})
class LiveCongestionIT {
    static final String ADMIN = "admin-token-for-congestion-tests";
    static final Path data = TestData.newDirectory();
    static final String LINK = "<" + LiveCongestion.TRANSPORTATION + ">; rel=\"http://www.w3.org/ns/json-ld#context\"";

    @LocalServerPort
    int port;
    @Autowired
    LiveCongestion congestion;

    @DynamicPropertySource
    static void dataDir(DynamicPropertyRegistry registry) {
        registry.add("citybrain.data-dir", data::toString);
    }

    private void post(ServerClient client, String body) {
        ServerClient.Response r = client.send("POST", "/ngsi-ld/v1/entityOperations/upsert", ADMIN, body, "application/json",
                Map.of("Link", LINK));
        assertThat(r.status()).as(r.body()).isIn(201, 204);
    }

    private static String lane(String id, String road, double kmh, int vehicles) {
        return "{\"id\":\"urn:ngsi-ld:TrafficFlowObserved:" + id + "\",\"type\":\"TrafficFlowObserved\","
                + "\"dateObserved\":{\"type\":\"Property\",\"value\":\"2026-11-29T08:00:00Z\"},"
                + "\"averageVehicleSpeed\":{\"type\":\"Property\",\"value\":" + kmh + "},"
                + "\"intensity\":{\"type\":\"Property\",\"value\":" + vehicles + "},"
                + "\"refRoadSegment\":{\"type\":\"Relationship\",\"object\":\"" + road + "\"}}";
    }

    @Test
    void roadsAndTheCityGetTheTravelTimeIndexOfTheirLiveObservations() {
        ServerClient client = new ServerClient(port);
        // two roads with a speed limit of 50 km/h: one at half of it on two lanes, one free
        ServerClient.Response seg = client.send("POST", "/ngsi-ld/v1/entityOperations/upsert", ADMIN,
                "[{\"id\":\"urn:ngsi-ld:RoadSegment:slow\",\"type\":\"RoadSegmentForTest\","
                        + "\"length\":{\"type\":\"Property\",\"value\":0.5},\"maximumAllowedSpeed\":{\"type\":\"Property\",\"value\":50}},"
                        + "{\"id\":\"urn:ngsi-ld:RoadSegment:free\",\"type\":\"RoadSegmentForTest\","
                        + "\"length\":{\"type\":\"Property\",\"value\":0.5},\"maximumAllowedSpeed\":{\"type\":\"Property\",\"value\":50}}]",
                "application/json", Map.of("Link", LINK));
        assertThat(seg.status()).as(seg.body()).isIn(201, 204);
        post(client, "[" + lane("slow-1", "urn:ngsi-ld:RoadSegment:slow", 25, 10) + ","
                + lane("slow-2", "urn:ngsi-ld:RoadSegment:slow", 25, 10) + ","
                + lane("free-1", "urn:ngsi-ld:RoadSegment:free", 50, 20) + "]");

        CongestionSnapshot snapshot = congestion.runOnce();

        assertThat(snapshot.road("urn:ngsi-ld:RoadSegment:slow").orElseThrow().index()).isCloseTo(2.0, within(1e-9));
        assertThat(snapshot.road("urn:ngsi-ld:RoadSegment:free").orElseThrow().index()).isCloseTo(1.0, within(1e-9));
        // vehicle-kilometre weighted: 20 vehicles at 2x and 20 at 1x over equal lengths → 1.5
        assertThat(snapshot.city().index()).isCloseTo(1.5, within(1e-9));

        JsonNode city = client.get("/ngsi-ld/v1/entities/urn:ngsi-ld:CongestionIndex:city", ADMIN).json();
        assertThat(city.get("type").asText()).isEqualTo("CongestionIndex");
        assertThat(city.get("travelTimeIndex").get("value").asDouble()).isCloseTo(1.5, within(1e-9));
        assertThat(city.get("congestionLevel").get("value").asText()).isEqualTo("LIGHT");
        ServerClient.Response roads = client.get("/ngsi-ld/v1/entities?type=CongestionIndex&q=scope==%22road%22&count=true", ADMIN);
        assertThat(roads.header("NGSILD-Results-Count")).hasValue("2");
    }
}
