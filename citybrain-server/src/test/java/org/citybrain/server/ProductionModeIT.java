package org.citybrain.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The whole server in production mode ({@code citybrain.db.*} set): a device, its telemetry, an
 * entity created and queried through NGSI-LD, a subscription and a user; the server restarts on
 * another, empty data directory, and all of it is still there, since all of it is in PostgreSQL.
 * A second server on the same database meanwhile sees the same state.
 */
class ProductionModeIT {
    private static final String ADMIN = "admin-token-for-production-mode";
    private static final String V1 = NgsiLdApiIT.V1;
    private static final String LINK = NgsiLdApiIT.LINK;
    private static final String ROAD = "urn:ngsi-ld:TrafficFlowObserved:prod-1";
    private static final NotificationReceiver receiver = new NotificationReceiver();
    private static String schema;

    @BeforeAll
    static void database() {
        TestPostgres.requireOrSkip();
        schema = "server_prod_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    }

    @AfterAll
    static void closeReceiver() {
        receiver.close();
    }

    /** A server in production mode on a data directory of its own (which must stay empty). */
    private static ConfigurableApplicationContext start(Path dataDir) {
        return CityBrainServer.start(0, dataDir.toString(), "--citybrain.admin-token=" + ADMIN,
                "--citybrain.db.url=" + TestPostgres.URL,
                "--citybrain.db.user=" + System.getenv("CITYBRAIN_TEST_PG_USER"),
                "--citybrain.db.password=" + System.getenv("CITYBRAIN_TEST_PG_PASSWORD"),
                "--citybrain.db.schema=" + schema);
    }

    private static ServerClient client(ConfigurableApplicationContext server) {
        return new ServerClient(((WebServerApplicationContext) server).getWebServer().getPort());
    }

    private static ServerClient.Response ngsi(ServerClient c, String method, String path, String body) {
        return c.send(method, V1 + path, ADMIN, body, body == null ? null : "application/json", Map.of("Link", LINK));
    }

    /**
     * The hub's state files in a data directory. One Network's cases, rules and Open311 keys
     * ({@code govern/}) still live in the data directory in production mode (docs/governance.md).
     */
    private static List<Path> filesIn(Path dir) throws Exception {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).filter(f -> !dir.relativize(f).startsWith("govern")).toList();
        }
    }

    /** A reading of {@code n} observed now (after the entity was created, so that it shows). */
    private static String reading(int n) {
        return "{\"ts\": " + System.currentTimeMillis() + ", \"values\": {\"n\": " + n + "}}";
    }

    /** Whether a notification whose body has {@code text} comes within 10 s (earlier ones are skipped). */
    private static boolean notifiedWith(String text) {
        for (NotificationReceiver.Received n = receiver.next("prod-1", 10); n != null; n = receiver.next("prod-1", 10)) {
            if (n.body().toString().contains(text)) {
                return true;
            }
        }
        return false;
    }

    @Test
    void everythingWrittenInProductionModeIsInPostgresqlAndSurvivesARestart() throws Exception {
        Path firstDir = TestData.newDirectory();
        String deviceToken;
        String userToken;
        try (ConfigurableApplicationContext first = start(firstDir)) {
            ServerClient c = client(first);
            ServerClient.Response created = ngsi(c, "POST", "/entities", "{\"id\":\"" + ROAD + "\",\"type\":\"TrafficFlowObserved\","
                    + "\"averageVehicleSpeed\":{\"type\":\"Property\",\"value\":31.5},"
                    + "\"dateObserved\":{\"type\":\"Property\",\"value\":\"2026-11-29T08:00:00Z\"},"
                    + "\"location\":{\"type\":\"GeoProperty\",\"value\":{\"type\":\"Point\",\"coordinates\":[-4.7,41.6]}}}");
            assertThat(created.status()).as(created.body()).isEqualTo(201);

            ServerClient.Response device = c.post("/api/devices", ADMIN, "{\"id\":\"prod-loop\",\"entityId\":\"" + ROAD
                    + "\",\"entityType\":\"TrafficFlowObserved\",\"attributeMapping\":{\"n\":\"intensity\"},\"@context\":\""
                    + NgsiLdApiIT.TRANSPORTATION + "\"}");
            assertThat(device.status()).as(device.body()).isEqualTo(201);
            deviceToken = device.json().get("token").asText();

            ServerClient.Response user = c.post("/api/users", ADMIN, "{\"name\":\"ops-1\",\"role\":\"OPERATOR\"}");
            assertThat(user.status()).as(user.body()).isEqualTo(201);
            userToken = user.json().get("token").asText();

            ServerClient.Response subscribed = ngsi(c, "POST", "/subscriptions", "{\"id\":\"urn:ngsi-ld:Subscription:prod-1\","
                    + "\"type\":\"Subscription\",\"entities\":[{\"type\":\"TrafficFlowObserved\"}],"
                    + "\"notification\":{\"endpoint\":{\"uri\":\"" + receiver.url("prod-1") + "\"}}}");
            assertThat(subscribed.status()).as(subscribed.body()).isEqualTo(201);

            ServerClient.Response telemetry = c.post("/api/devices/prod-loop/telemetry", deviceToken,
                    reading(17));
            assertThat(telemetry.status()).as(telemetry.body()).isEqualTo(200);
            assertThat(receiver.next("prod-1", 10)).as("the telemetry notifies the subscription").isNotNull();

            // a second server on the same database sees the same state
            Path otherDir = TestData.newDirectory();
            try (ConfigurableApplicationContext other = start(otherDir)) {
                ServerClient o = client(other);
                assertThat(o.post("/api/devices/prod-loop/telemetry", deviceToken,
                        reading(18)).status()).isEqualTo(200);
                assertThat(ngsi(o, "GET", "/entities/" + ROAD + "?options=keyValues", null).json().get("intensity").asInt())
                        .isEqualTo(18);
                assertThat(o.send("GET", V1 + "/types", userToken, null, null, Map.of("Link", LINK)).status()).isEqualTo(200);
            }
            assertThat(filesIn(otherDir)).as("nothing of the hub's state in the data directory").isEmpty();
        }
        assertThat(filesIn(firstDir)).as("nothing of the hub's state in the data directory").isEmpty();

        try (ConfigurableApplicationContext restarted = start(TestData.newDirectory())) {
            ServerClient c = client(restarted);
            JsonNode entity = ngsi(c, "GET", "/entities/" + ROAD + "?options=keyValues", null).json();
            assertThat(entity.get("averageVehicleSpeed").asDouble()).isEqualTo(31.5);
            assertThat(entity.get("intensity").asInt()).as("telemetry over the entity").isEqualTo(18);

            JsonNode near = ngsi(c, "GET", "/entities?type=TrafficFlowObserved&geometry=Point&georel=near;maxDistance==1000"
                    + "&coordinates=%5B-4.7,41.6%5D&count=true&q=averageVehicleSpeed%3E30", null).json();
            assertThat(near).hasSize(1);

            JsonNode subscription = ngsi(c, "GET", "/subscriptions/urn:ngsi-ld:Subscription:prod-1", null).json();
            assertThat(subscription.get("entities").get(0).get("type").asText()).isEqualTo("TrafficFlowObserved");

            assertThat(c.post("/api/devices/prod-loop/telemetry", deviceToken,
                    reading(19)).status()).as("the device token still works").isEqualTo(200);
            assertThat(notifiedWith("19")).as("the subscription still notifies").isTrue();
            assertThat(c.send("GET", V1 + "/types", userToken, null, null, Map.of("Link", LINK)).status())
                    .as("the user token still works").isEqualTo(200);
            assertThat(c.send("GET", V1 + "/types", "not-a-token-of-anyone", null, null, Map.of("Link", LINK)).status())
                    .isEqualTo(401);
        }
    }
}
