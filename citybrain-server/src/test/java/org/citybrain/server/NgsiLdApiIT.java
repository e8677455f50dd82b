package org.citybrain.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The NGSI-LD API over HTTP, one test per rule of ETSI GS CIM 009 that the server implements,
 * named after it, plus every official Smart Data Models example as a fixture.
 */
@SpringBootTest(classes = CityBrainServer.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "citybrain.admin-token=" + NgsiLdApiIT.ADMIN)
class NgsiLdApiIT {
    static final String ADMIN = "admin-token-for-ngsi-ld-tests";
    static final Path data = TestData.newDirectory();
    static final String TRANSPORTATION =
            "https://raw.githubusercontent.com/smart-data-models/dataModel.Transportation/master/context.jsonld";
    static final String LINK = "<" + TRANSPORTATION + ">; rel=\"http://www.w3.org/ns/json-ld#context\"; type=\"application/ld+json\"";
    static final String V1 = "/ngsi-ld/v1";

    @LocalServerPort
    int port;
    ServerClient client;

    @DynamicPropertySource
    static void dataDir(DynamicPropertyRegistry registry) {
        registry.add("citybrain.data-dir", () -> data.toString());
    }

    @BeforeEach
    void client() {
        client = new ServerClient(port);
    }

    private ServerClient.Response post(String path, String body) {
        return client.send("POST", V1 + path, ADMIN, body, "application/json", Map.of("Link", LINK));
    }

    private ServerClient.Response get(String path) {
        return client.send("GET", V1 + path, ADMIN, null, null, Map.of("Link", LINK));
    }

    private static String flow(String id, double speed, double lon, double lat) {
        return "{\"id\":\"urn:ngsi-ld:TrafficFlowObserved:" + id + "\",\"type\":\"TrafficFlowObserved\","
                + "\"averageVehicleSpeed\":{\"type\":\"Property\",\"value\":" + speed + "},"
                + "\"intensity\":{\"type\":\"Property\",\"value\":10},"
                + "\"dateObserved\":{\"type\":\"Property\",\"value\":\"2026-11-29T08:00:00Z\"},"
                + "\"location\":{\"type\":\"GeoProperty\",\"value\":{\"type\":\"Point\",\"coordinates\":[" + lon + "," + lat + "]}}}";
    }

    @Test
    void createEntityAnswers201WithItsLocation() {
        ServerClient.Response r = post("/entities", flow("create-1", 40, -4.7, 41.6));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        assertThat(r.header("Location")).hasValue(V1 + "/entities/urn:ngsi-ld:TrafficFlowObserved:create-1");
    }

    @Test
    void creatingAnExistingEntityIsAlreadyExists() {
        post("/entities", flow("dup-1", 40, -4.7, 41.6));
        ServerClient.Response r = post("/entities", flow("dup-1", 41, -4.7, 41.6));
        assertThat(r.status()).isEqualTo(409);
        assertThat(r.json().get("type").asText()).isEqualTo("https://uri.etsi.org/ngsi-ld/errors/AlreadyExists");
    }

    @Test
    void retrievingAnUnknownEntityIsResourceNotFound() {
        ServerClient.Response r = get("/entities/urn:ngsi-ld:TrafficFlowObserved:nobody");
        assertThat(r.status()).isEqualTo(404);
        assertThat(r.json().get("type").asText()).isEqualTo("https://uri.etsi.org/ngsi-ld/errors/ResourceNotFound");
    }

    @Test
    void anEntityIdThatIsNotAUriIsBadRequestData() {
        ServerClient.Response r = post("/entities", "{\"id\":\"not a uri\",\"type\":\"TrafficFlowObserved\"}");
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().get("type").asText()).isEqualTo("https://uri.etsi.org/ngsi-ld/errors/BadRequestData");
        assertThat(r.json().get("jsonPath").asText()).isEqualTo("$.id");
    }

    @Test
    void malformedJsonIsInvalidRequestAndCreatesNothing() {
        ServerClient.Response r = post("/entities", "{\"id\":\"urn:ngsi-ld:X:1\",");
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().get("type").asText()).isEqualTo("https://uri.etsi.org/ngsi-ld/errors/InvalidRequest");
        assertThat(get("/entities/urn:ngsi-ld:X:1").status()).isEqualTo(404);
    }

    @Test
    void anObservationFromTheFarFutureIsRejectedAndWritesNothing() {
        String body = flow("future-1", 30, 0, 0).replace("\"intensity\":{\"type\":\"Property\",\"value\":10}",
                "\"intensity\":{\"type\":\"Property\",\"value\":10,\"observedAt\":\"2999-01-01T00:00:00Z\"}");
        ServerClient.Response r = post("/entities", body);
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().get("jsonPath").asText()).endsWith("intensity.observedAt");
        assertThat(get("/entities/urn:ngsi-ld:TrafficFlowObserved:future-1").status()).isEqualTo(404);
    }

    @Test
    void invalidGeoJsonIsBadRequestDataWithItsPath() {
        String body = flow("geo-bad", 30, 0, 0).replace("\"coordinates\":[0.0,0.0]", "\"coordinates\":[0.0]");
        ServerClient.Response r = post("/entities", body);
        assertThat(r.status()).as(r.body()).isEqualTo(400);
        assertThat(r.json().get("jsonPath").asText()).startsWith("$.location");
    }

    @Test
    void anLdJsonBodyWithoutContextIsRejected() {
        ServerClient.Response r = client.send("POST", V1 + "/entities", ADMIN, flow("ld-1", 1, 0, 0), "application/ld+json");
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().get("detail").asText()).contains("@context");
    }

    @Test
    void aJsonBodyWithAContextIsRejected() {
        String body = flow("ld-2", 1, 0, 0).replaceFirst("\\{", "{\"@context\":\"" + TRANSPORTATION + "\",");
        ServerClient.Response r = client.send("POST", V1 + "/entities", ADMIN, body, "application/json");
        assertThat(r.status()).isEqualTo(400);
    }

    @Test
    void anUnknownContextIsRejectedAndNeverFetched() {
        ServerClient.Response r = client.send("POST", V1 + "/entities", ADMIN, flow("ctx-1", 1, 0, 0), "application/json",
                Map.of("Link", "<https://example.org/unknown-context.jsonld>; rel=\"http://www.w3.org/ns/json-ld#context\""));
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().get("code").asText()).isEqualTo("UNKNOWN_CONTEXT");
    }

    @Test
    void termsAreExpandedWithTheRequestContextAndCompactedBack() {
        post("/entities", flow("terms-1", 33, -4.7, 41.6));
        JsonNode compact = get("/entities/urn:ngsi-ld:TrafficFlowObserved:terms-1").json();
        assertThat(compact.has("averageVehicleSpeed")).isTrue();
        JsonNode expanded = client.get(V1 + "/entities/urn:ngsi-ld:TrafficFlowObserved:terms-1", ADMIN).json();
        assertThat(expanded.has("averageVehicleSpeed")).as("core context only: names stay IRIs").isFalse();
        assertThat(expanded.fieldNames()).toIterable().anyMatch(n -> n.startsWith("https://") && n.endsWith("averageVehicleSpeed"));
    }

    @Test
    void acceptLdJsonPutsTheContextInTheBody() {
        post("/entities", flow("accept-1", 33, -4.7, 41.6));
        ServerClient.Response r = client.send("GET", V1 + "/entities/urn:ngsi-ld:TrafficFlowObserved:accept-1", ADMIN, null, null,
                Map.of("Link", LINK, "Accept", "application/ld+json"));
        assertThat(r.contentType()).hasValueSatisfying(t -> assertThat(t).startsWith("application/ld+json"));
        assertThat(r.json().get("@context").toString()).contains(TRANSPORTATION);
    }

    @Test
    void queryByTypeWithQAndPaginationCountsAllMatches() {
        for (int i = 0; i < 5; i++) {
            post("/entities", flow("q-" + i, 10 + i * 10, -4.7, 41.6).replace("\"type\":\"TrafficFlowObserved\"", "\"type\":\"TrafficFlowObserved\",\"laneId\":{\"type\":\"Property\",\"value\":77}"));
        }
        ServerClient.Response r = get("/entities?type=TrafficFlowObserved&q=laneId==77;averageVehicleSpeed%3E25&limit=2&offset=0&count=true");
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.header("NGSILD-Results-Count")).hasValue("3");
        assertThat(r.json()).hasSize(2);
        ServerClient.Response rest = get("/entities?type=TrafficFlowObserved&q=laneId==77;averageVehicleSpeed%3E25&limit=2&offset=2");
        assertThat(rest.json()).hasSize(1);
        assertThat(rest.json().get(0).get("averageVehicleSpeed").get("value").asDouble()).isEqualTo(50.0);
    }

    @Test
    void aQueryWithoutAnyConditionIsRejected() {
        assertThat(get("/entities").status()).isEqualTo(400);
    }

    @Test
    void aBadQIsBadRequestDataWithThePosition() {
        ServerClient.Response r = get("/entities?type=TrafficFlowObserved&q=speed%3E%3E1");
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().get("code").asText()).isEqualTo("INVALID_QUERY");
    }

    @Test
    void nearWithMaxDistanceKeepsOnlyEntitiesThatClose() {
        post("/entities", flow("near-a", 1, 120.100, 30.200).replace("intensity", "nearTest"));
        post("/entities", flow("near-b", 1, 120.110, 30.200).replace("intensity", "nearTest"));
        ServerClient.Response r = get("/entities?type=TrafficFlowObserved&attrs=nearTest&georel=near;maxDistance==500"
                + "&geometry=Point&coordinates=%5B120.1,30.2%5D");
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.json()).extracting(e -> e.get("id").asText()).containsExactly("urn:ngsi-ld:TrafficFlowObserved:near-a");
    }

    @Test
    void keyValuesGivesPlainValues() {
        post("/entities", flow("kv-1", 12.5, 0, 0));
        JsonNode kv = get("/entities/urn:ngsi-ld:TrafficFlowObserved:kv-1?options=keyValues").json();
        assertThat(kv.get("averageVehicleSpeed").asDouble()).isEqualTo(12.5);
    }

    @Test
    void appendWithNoOverwriteKeepsExistingAttributesAndSaysSo() {
        post("/entities", flow("app-1", 12.5, 0, 0));
        ServerClient.Response r = post("/entities/urn:ngsi-ld:TrafficFlowObserved:app-1/attrs?options=noOverwrite",
                "{\"averageVehicleSpeed\":{\"type\":\"Property\",\"value\":99},\"occupancy\":{\"type\":\"Property\",\"value\":0.4}}");
        assertThat(r.status()).as(r.body()).isEqualTo(207);
        JsonNode e = get("/entities/urn:ngsi-ld:TrafficFlowObserved:app-1").json();
        assertThat(e.get("averageVehicleSpeed").get("value").asDouble()).isEqualTo(12.5);
        assertThat(e.get("occupancy").get("value").asDouble()).isEqualTo(0.4);
    }

    @Test
    void updateChangesOnlyExistingAttributes() {
        post("/entities", flow("upd-1", 12.5, 0, 0));
        ServerClient.Response r = client.send("PATCH", V1 + "/entities/urn:ngsi-ld:TrafficFlowObserved:upd-1/attrs", ADMIN,
                "{\"averageVehicleSpeed\":{\"type\":\"Property\",\"value\":20},\"congested\":{\"type\":\"Property\",\"value\":true}}",
                "application/json", Map.of("Link", LINK));
        assertThat(r.status()).as(r.body()).isEqualTo(207);
        assertThat(r.json().get("notUpdated").get(0).get("attributeName").asText()).isEqualTo("congested");
        JsonNode e = get("/entities/urn:ngsi-ld:TrafficFlowObserved:upd-1").json();
        assertThat(e.get("averageVehicleSpeed").get("value").asDouble()).isEqualTo(20.0);
        assertThat(e.has("congested")).isFalse();
    }

    @Test
    void partialAttributeUpdateChangesTheValue() {
        post("/entities", flow("patch-1", 12.5, 0, 0));
        ServerClient.Response r = client.send("PATCH", V1 + "/entities/urn:ngsi-ld:TrafficFlowObserved:patch-1/attrs/intensity",
                ADMIN, "{\"value\":55}", "application/json", Map.of("Link", LINK));
        assertThat(r.status()).as(r.body()).isEqualTo(204);
        assertThat(get("/entities/urn:ngsi-ld:TrafficFlowObserved:patch-1").json().get("intensity").get("value").asInt()).isEqualTo(55);
    }

    @Test
    void deletingAnAttributeTwiceIsResourceNotFoundTheSecondTime() {
        post("/entities", flow("delattr-1", 12.5, 0, 0));
        String path = V1 + "/entities/urn:ngsi-ld:TrafficFlowObserved:delattr-1/attrs/intensity";
        assertThat(client.send("DELETE", path, ADMIN, null, null, Map.of("Link", LINK)).status()).isEqualTo(204);
        assertThat(client.send("DELETE", path, ADMIN, null, null, Map.of("Link", LINK)).status()).isEqualTo(404);
    }

    @Test
    void deleteEntityThenItIsGone() {
        post("/entities", flow("del-1", 12.5, 0, 0));
        assertThat(client.send("DELETE", V1 + "/entities/urn:ngsi-ld:TrafficFlowObserved:del-1", ADMIN, null).status()).isEqualTo(204);
        assertThat(get("/entities/urn:ngsi-ld:TrafficFlowObserved:del-1").status()).isEqualTo(404);
    }

    @Test
    void batchCreateReportsEachEntitysSuccessOrError() {
        post("/entities", flow("batch-exists", 1, 0, 0));
        String batch = "[" + flow("batch-new", 1, 0, 0) + "," + flow("batch-exists", 1, 0, 0) + ",{\"id\":\"bad id\",\"type\":\"X\"}]";
        ServerClient.Response r = post("/entityOperations/create", batch);
        assertThat(r.status()).as(r.body()).isEqualTo(207);
        assertThat(r.json().get("success")).extracting(JsonNode::asText).containsExactly("urn:ngsi-ld:TrafficFlowObserved:batch-new");
        assertThat(r.json().get("errors")).hasSize(2);
        assertThat(get("/entities/urn:ngsi-ld:TrafficFlowObserved:batch-new").status()).isEqualTo(200);
    }

    @Test
    void batchUpsertThenBatchDelete() {
        String batch = "[" + flow("up-1", 1, 0, 0) + "," + flow("up-2", 2, 0, 0) + "]";
        assertThat(post("/entityOperations/upsert", batch).status()).isIn(201, 204);
        assertThat(post("/entityOperations/upsert", batch.replace("\"value\":2.0", "\"value\":3.0")).status()).isIn(201, 204);
        assertThat(get("/entities/urn:ngsi-ld:TrafficFlowObserved:up-2").json().get("averageVehicleSpeed").get("value").asDouble())
                .isEqualTo(3.0);
        ServerClient.Response r = post("/entityOperations/delete",
                "[\"urn:ngsi-ld:TrafficFlowObserved:up-1\",\"urn:ngsi-ld:TrafficFlowObserved:up-2\"]");
        assertThat(r.status()).as(r.body()).isEqualTo(204);
        assertThat(get("/entities/urn:ngsi-ld:TrafficFlowObserved:up-1").status()).isEqualTo(404);
    }

    @Test
    void aBatchOverTheLimitIsRefusedWhole() {
        StringBuilder batch = new StringBuilder("[");
        for (int i = 0; i <= 1000; i++) {
            batch.append(i > 0 ? "," : "").append("{\"id\":\"urn:ngsi-ld:X:").append(i).append("\",\"type\":\"X\"}");
        }
        ServerClient.Response r = post("/entityOperations/create", batch.append("]").toString());
        assertThat(r.status()).isEqualTo(413);
        assertThat(get("/entities/urn:ngsi-ld:X:0").status()).isEqualTo(404);
    }

    @Test
    void typesAndAttributesListWhatEntitiesHave() {
        post("/entities", flow("types-1", 1, 0, 0));
        assertThat(get("/types").json().get("typeList")).extracting(JsonNode::asText).contains("TrafficFlowObserved");
        assertThat(get("/attributes").json().get("attributeList")).extracting(JsonNode::asText).contains("averageVehicleSpeed");
        JsonNode type = get("/types/TrafficFlowObserved").json();
        assertThat(type.get("entityCount").asLong()).isPositive();
    }

    @Test
    void anEntityBreakingItsSmartDataModelIsRejectedWithThePathAndRule() {
        String bad = "{\"id\":\"urn:ngsi-ld:TrafficFlowObserved:bad-sdm\",\"type\":\"TrafficFlowObserved\","
                + "\"intensity\":{\"type\":\"Property\",\"value\":\"many\"}}";
        ServerClient.Response r = post("/entities", bad);
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().get("code").asText()).isEqualTo("SCHEMA_VIOLATION");
        assertThat(r.json().get("jsonPath").asText()).isEqualTo("$.intensity");
        assertThat(get("/entities/urn:ngsi-ld:TrafficFlowObserved:bad-sdm").status()).isEqualTo(404);
    }

    @Test
    void aDevicesTelemetryShowsOnItsEntityUnderTheSameNamesAsApiWrites() {
        ServerClient.Response device = client.post("/api/devices", ADMIN, "{\"id\":\"tel-1\","
                + "\"entityId\":\"urn:ngsi-ld:TrafficFlowObserved:tel-1\",\"entityType\":\"TrafficFlowObserved\","
                + "\"attributeMapping\":{\"spd\":\"averageVehicleSpeed\"},\"@context\":\"" + TRANSPORTATION + "\"}");
        assertThat(device.status()).as(device.body()).isEqualTo(201);
        long now = System.currentTimeMillis();
        ServerClient.Response sent = client.post("/api/devices/tel-1/telemetry", device.json().get("token").asText(),
                "{\"ts\":" + now + ",\"values\":{\"spd\":47.5,\"intensity\":9}}");
        assertThat(sent.status()).as(sent.body()).isEqualTo(200);

        JsonNode entity = get("/entities/urn:ngsi-ld:TrafficFlowObserved:tel-1").json();
        assertThat(entity.get("type").asText()).isEqualTo("TrafficFlowObserved");
        assertThat(entity.get("averageVehicleSpeed").get("value").asDouble()).isEqualTo(47.5);
        assertThat(entity.get("intensity").get("value").asInt()).isEqualTo(9);
        assertThat(entity.get("averageVehicleSpeed").get("observedAt").asText()).isNotEmpty();

        ServerClient.Response found = get("/entities?type=TrafficFlowObserved&q=averageVehicleSpeed%3E47");
        assertThat(found.json()).extracting(e -> e.get("id").asText()).contains("urn:ngsi-ld:TrafficFlowObserved:tel-1");
    }

    /**
     * Retrieval and query keep the rendered JSON of entities (RenderedEntities): after every kind of
     * write, from the API or from a device, the very next read shows it, in each representation.
     */
    @Test
    void retrievalAndQueryShowEveryChangeAtOnceInEveryRepresentation() {
        String id = "urn:ngsi-ld:Sensor:fresh-1";
        String path = V1 + "/entities/" + id;
        ServerClient.Response created = client.post(V1 + "/entities", ADMIN,
                "{\"id\":\"" + id + "\",\"type\":\"Sensor\",\"temperature\":{\"type\":\"Property\",\"value\":20}}");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        assertTemperature(path, 20);

        assertThat(client.send("PATCH", path + "/attrs/temperature", ADMIN, "{\"value\":21}").status()).isEqualTo(204);
        assertTemperature(path, 21);

        assertThat(client.send("PATCH", path + "/attrs", ADMIN, "{\"temperature\":{\"type\":\"Property\",\"value\":22}}")
                .status()).isEqualTo(204);
        assertTemperature(path, 22);

        assertThat(client.post(path + "/attrs", ADMIN, "{\"humidity\":{\"type\":\"Property\",\"value\":60}}").status())
                .isEqualTo(204);
        assertThat(client.get(path + "?options=keyValues", ADMIN).json().get("humidity").asInt()).isEqualTo(60);
        assertThat(client.send("DELETE", path + "/attrs/humidity", ADMIN, null).status()).isEqualTo(204);
        assertThat(client.get(path, ADMIN).json().has("humidity")).isFalse();
        assertThat(client.get(path + "?options=keyValues", ADMIN).json().has("humidity")).isFalse();

        ServerClient.Response upsert = client.post(V1 + "/entityOperations/upsert", ADMIN,
                "[{\"id\":\"" + id + "\",\"type\":\"Sensor\",\"temperature\":{\"type\":\"Property\",\"value\":23}}]");
        assertThat(upsert.status()).as(upsert.body()).isEqualTo(204);
        assertTemperature(path, 23);

        // telemetry lays a fresh copy of the entity over the stored one on every read
        ServerClient.Response device = client.post("/api/devices", ADMIN, "{\"id\":\"fresh-1\",\"entityId\":\"" + id
                + "\",\"entityType\":\"Sensor\"}");
        assertThat(device.status()).as(device.body()).isEqualTo(201);
        String token = device.json().get("token").asText();
        long now = System.currentTimeMillis();
        for (int value = 24; value <= 26; value++) {
            ServerClient.Response sent = client.post("/api/devices/fresh-1/telemetry", token,
                    "{\"ts\":" + (now + value) + ",\"values\":{\"temperature\":" + value + "}}");
            assertThat(sent.status()).as(sent.body()).isEqualTo(200);
            assertTemperature(path, value);
        }

        assertThat(client.send("DELETE", path, ADMIN, null).status()).isEqualTo(204);
        assertThat(client.get(path, ADMIN).status()).isEqualTo(404);
        assertThat(client.post(V1 + "/entities", ADMIN,
                "{\"id\":\"" + id + "\",\"type\":\"Sensor\",\"temperature\":{\"type\":\"Property\",\"value\":5}}")
                .status()).isEqualTo(201);
        assertTemperature(path, 5);
    }

    /** Each representation, twice (the second answered from what the first rendered), shows {@code value}. */
    private void assertTemperature(String path, int value) {
        for (int i = 0; i < 2; i++) {
            JsonNode normalized = client.get(path, ADMIN).json();
            assertThat(normalized.get("temperature").get("value").asInt()).as(normalized.toString()).isEqualTo(value);
            assertThat(normalized.has("@context")).isFalse();
            assertThat(normalized.has("createdAt")).isFalse();
            assertThat(client.get(path + "?options=keyValues", ADMIN).json().get("temperature").asInt()).isEqualTo(value);
            ServerClient.Response ld = client.send("GET", path + "?options=keyValues", ADMIN, null, null,
                    Map.of("Accept", "application/ld+json"));
            assertThat(ld.contentType()).hasValueSatisfying(t -> assertThat(t).startsWith("application/ld+json"));
            assertThat(ld.json().get("temperature").asInt()).isEqualTo(value);
            assertThat(ld.json().has("@context")).isTrue();
            JsonNode withTimes = client.get(path + "?options=sysAttrs", ADMIN).json();
            assertThat(withTimes.get("temperature").get("value").asInt()).isEqualTo(value);
            assertThat(withTimes.has("modifiedAt")).isTrue();
            String id = path.substring(path.lastIndexOf('/') + 1);
            JsonNode queried = client.get(V1 + "/entities?type=Sensor&id=" + id, ADMIN).json();
            assertThat(queried).hasSize(1);
            assertThat(queried.get(0).get("temperature").get("value").asInt()).isEqualTo(value);
            JsonNode queriedKeyValues = client.get(V1 + "/entities?type=Sensor&id=" + id + "&options=keyValues", ADMIN).json();
            assertThat(queriedKeyValues.get(0).get("temperature").asInt()).isEqualTo(value);
        }
    }

    @Test
    void aDeviceWithAnUnknownContextIsRefused() {
        ServerClient.Response r = client.post("/api/devices", ADMIN, "{\"id\":\"tel-2\",\"entityId\":\"urn:ngsi-ld:X:tel-2\","
                + "\"entityType\":\"X\",\"@context\":\"https://example.org/nowhere.jsonld\"}");
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().get("code").asText()).isEqualTo("UNKNOWN_CONTEXT");
    }

    @Test
    void everyOfficialNormalizedExampleIsAcceptedAndReadBack() throws IOException {
        Path sdm = projectRoot().resolve("scenarios/sdm");
        Set<String> defective = knownDefects();
        List<String> failures = new ArrayList<>();
        int accepted = 0;
        try (Stream<Path> files = Files.list(sdm)) {
            for (Path dir : files.filter(Files::isDirectory).sorted().toList()) {
                Path example = dir.resolve("example-normalized.jsonld");
                String name = sdm.relativize(example).toString();
                if (!Files.exists(example) || defective.contains(name)) {
                    continue;
                }
                String body = Files.readString(example);
                ServerClient.Response r = client.send("POST", V1 + "/entities", ADMIN, body, "application/ld+json");
                if (r.status() != 201) {
                    failures.add(name + " -> " + r.status() + " " + r.body());
                    continue;
                }
                accepted++;
                String id = r.header("Location").orElseThrow().substring((V1 + "/entities/").length());
                JsonNode sent = client.json(body);
                JsonNode contexts = sent.get("@context");
                String context = contexts.get(contexts.size() - 1).asText(); // the model's, after the core one
                JsonNode back = client.send("GET", V1 + "/entities/" + id, ADMIN, null, null,
                        Map.of("Link", "<" + context + ">; rel=\"http://www.w3.org/ns/json-ld#context\"")).json();
                List<String> names = new ArrayList<>();
                sent.fieldNames().forEachRemaining(names::add);
                names.remove("@context");
                for (String n : names) {
                    if (!back.has(n)) {
                        failures.add(name + ": attribute " + n + " missing when read back");
                    }
                }
            }
        }
        assertThat(failures).isEmpty();
        assertThat(accepted).isGreaterThanOrEqualTo(15);
    }

    private static Set<String> knownDefects() throws IOException {
        Path tsv = projectRoot().resolve("citybrain-hub/src/test/resources/sdm-known-defects.tsv");
        Set<String> names = new java.util.HashSet<>();
        for (String line : Files.readAllLines(tsv)) {
            if (!line.isBlank() && !line.startsWith("#")) {
                names.add(line.split("\t")[0]);
            }
        }
        return names;
    }

    private static Path projectRoot() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isDirectory(p.resolve("scenarios")) && Files.isRegularFile(p.resolve("mvnw"))) {
                return p;
            }
        }
        throw new IllegalStateException("project root not found");
    }
}
