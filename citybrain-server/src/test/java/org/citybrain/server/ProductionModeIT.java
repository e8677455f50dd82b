package org.citybrain.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The whole server in production mode ({@code citybrain.db.*} set): a device, its telemetry, an
 * entity created and queried through NGSI-LD, a subscription and a user; One Network's rule, Open311
 * key and cases (from Open311 and the API, moved through their lifecycle); the server restarts on
 * another, empty data directory, and all of it is still there, since all of it is in PostgreSQL.
 * A second server on the same database meanwhile sees the same state, and cannot win a
 * transition the first one already made.
 */
class ProductionModeIT {
    private static final String CITY_CONTEXT = "https://city.example.org/contexts/lighting.jsonld";
    private static final String CITY_LINK = "<" + CITY_CONTEXT + ">; rel=\"http://www.w3.org/ns/json-ld#context\"; "
            + "type=\"application/ld+json\"";
    private static final String ADMIN = "admin-token-for-production-mode";
    private static final String V1 = NgsiLdApiIT.V1;
    private static final String LINK = NgsiLdApiIT.LINK;
    private static final String ROAD = "urn:ngsi-ld:TrafficFlowObserved:prod-1";
    private static final NotificationReceiver receiver = new NotificationReceiver();
    private static String schema;

    @BeforeAll
    static void database() {
        TestPostgres.requireOrSkip();
        schema = TestPostgres.newSchema("server_prod_");
    }

    /** Every server of the class has stopped by now (each test closes its own), pass or fail. */
    @AfterAll
    static void closeReceiverAndDropSchema() {
        receiver.close();
        TestPostgres.drop(schema);
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

    /** The files in a data directory: in production mode none, the hub's and One Network's state being in PostgreSQL. */
    private static List<Path> filesIn(Path dir) throws Exception {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).toList();
        }
    }

    private static final String RULE = "{\"id\":\"noise-high\",\"attribute\":\"LAeq\",\"kind\":\"threshold\","
            + "\"above\":70,\"for\":\"PT10M\",\"severity\":\"low\"}";

    /** An Open311 request (a citizen's case) of a pothole in Xicheng with {@code key}. */
    private static ServerClient.Response pothole(ServerClient c, String key) {
        return c.form("/open311/v2/requests.json", Map.of("api_key", key, "service_code", "pothole", "lat", "39.92",
                "long", "116.36", "description", "hole at the corner", "attribute[size]", "large"));
    }

    private static ServerClient.Response act(ServerClient c, String caseId, String action, long version) {
        return c.post("/api/govern/cases/" + caseId + "/actions", ADMIN, "{\"action\":\"" + action + "\",\"version\":"
                + version + "}");
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
        String open311Key;
        String citizenCase;
        String inspectorCase;
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

            ServerClient.Response context = c.send("POST", V1 + "/jsonldContexts?url=" + CITY_CONTEXT, ADMIN,
                    "{\"@context\":{\"lux\":\"https://city.example.org/ns#lux\"}}", "application/json", Map.of());
            assertThat(context.status()).as(context.body()).isEqualTo(201);

            assertThat(c.post("/api/govern/rules", ADMIN, RULE).status()).isEqualTo(201);
            ServerClient.Response issued = c.post("/api/govern/open311/keys", ADMIN, "{\"client\":\"city-app\"}");
            assertThat(issued.status()).as(issued.body()).isEqualTo(201);
            open311Key = issued.json().get("api_key").asText();
            ServerClient.Response requested = pothole(c, open311Key);
            assertThat(requested.status()).as(requested.body()).isEqualTo(201);
            citizenCase = requested.json().get(0).get("service_request_id").asText();
            ServerClient.Response reported = c.post("/api/govern/cases", ADMIN, "{\"category\":\"noise\",\"description\":"
                    + "\"loud works at night\",\"source\":\"INSPECTOR\",\"location\":{\"lat\":39.92,\"long\":116.41}}");
            assertThat(reported.status()).as(reported.body()).isEqualTo(201);
            inspectorCase = reported.json().get("id").asText();
            assertThat(act(c, citizenCase, "REGISTER", 1).status()).isEqualTo(200);

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
                assertThat(o.send("GET", V1 + "/entities/" + ROAD, ADMIN, null, null, Map.of("Link", CITY_LINK)).status())
                        .as("the context the first server added").isEqualTo(200);

                assertThat(o.get("/api/govern/rules", ADMIN).body()).contains("noise-high");
                ServerClient.Response stale = act(o, citizenCase, "REJECT", 1);
                assertThat(stale.status()).as("the first server registered it: version 1 is stale").isEqualTo(409);
                assertThat(stale.json().get("code").asText()).isEqualTo("CONFLICT");
                assertThat(act(o, citizenCase, "DISPATCH", 2).status()).isEqualTo(200);
                assertThat(act(c, citizenCase, "DISPATCH", 2).status()).as("and now the other way round").isEqualTo(409);
                ServerClient.Response second = pothole(o, open311Key);
                assertThat(second.status()).as("the key issued on the first server").isEqualTo(201);
                assertThat(second.json().get(0).get("service_request_id").asText()).isNotIn(citizenCase, inspectorCase);
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

            assertThat(c.send("GET", V1 + "/entities/" + ROAD, ADMIN, null, null, Map.of("Link", CITY_LINK)).status())
                    .as("the added context").isEqualTo(200);
            assertThat(c.get("/api/govern/rules", ADMIN).json().get("rules").get(0).get("id").asText()).isEqualTo("noise-high");
            JsonNode citizen = c.get("/api/govern/cases/" + citizenCase, ADMIN).json();
            assertThat(citizen.get("status").asText()).isEqualTo("DISPATCHED");
            assertThat(citizen.get("version").asInt()).isEqualTo(3);
            assertThat(citizen.get("history").findValuesAsText("action")).containsExactly("NOTE", "REGISTER", "DISPATCH");
            assertThat(c.get("/api/govern/cases/" + inspectorCase, ADMIN).json().get("source").asText()).isEqualTo("INSPECTOR");
            ServerClient.Response all = c.get("/api/govern/cases?count=true&limit=2", ADMIN);
            assertThat(all.header("X-Total-Count")).contains("3");
            assertThat(all.json()).hasSize(2);
            JsonNode requests = c.get("/open311/v2/requests.json?service_code=pothole", null).json();
            assertThat(requests.findValuesAsText("service_request_id")).contains(citizenCase).hasSize(2);
            assertThat(pothole(c, open311Key).status()).as("the Open311 key still works").isEqualTo(201);
            assertThat(pothole(c, "not-a-key").status()).isEqualTo(403);
        }
    }
}
