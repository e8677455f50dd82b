package org.citybrain.server.govern;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.citybrain.server.CityBrainServer;
import org.citybrain.server.ServerClient;
import org.citybrain.server.TestData;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.w3c.dom.Document;

/**
 * One Network through the real server: rules over the API, telemetry raising an Alert entity and
 * a dispatched case, a case's lifecycle with optimistic locking over HTTP, and Open311 GeoReport v2
 * with every JSON answer validated against the GeoReport schemas (scenarios/open311).
 */
@SpringBootTest(classes = CityBrainServer.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "citybrain.admin-token=" + GovernApiIT.ADMIN)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GovernApiIT {
    static final String ADMIN = "admin-token-for-the-govern-tests";
    static final Path data = TestData.newDirectory();
    static final Path SCHEMAS = Path.of("..", "scenarios", "open311");
    static final ObjectMapper JSON = new ObjectMapper();

    @LocalServerPort
    int port;
    ServerClient client;
    String operator;

    @DynamicPropertySource
    static void dataDir(DynamicPropertyRegistry registry) {
        registry.add("citybrain.data-dir", () -> data.toString());
    }

    @BeforeAll
    void users() {
        client = new ServerClient(port);
        operator = client.newUser(ADMIN, "olga", "OPERATOR");
    }

    /** A GeoReport array schema with its {@code $ref} to the item schema replaced by that schema. */
    static Schema arraySchema(String array, String item) throws Exception {
        ObjectNode schema = (ObjectNode) JSON.readTree(Files.readString(SCHEMAS.resolve("georeport-v2-" + array + ".json")));
        ObjectNode items = (ObjectNode) JSON.readTree(Files.readString(SCHEMAS.resolve("georeport-v2-" + item + ".json")));
        ((ObjectNode) schema.get("items")).remove("$ref");
        ((ObjectNode) schema.get("items")).setAll(items);
        return schema(schema);
    }

    static Schema schema(JsonNode node) {
        SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_4, b -> b
                .schemaRegistryConfig(SchemaRegistryConfig.builder().formatAssertionsEnabled(true).build()));
        return registry.getSchema(node);
    }

    static void valid(Schema schema, JsonNode answer) {
        List<Error> errors = schema.validate(answer);
        assertThat(errors).as("%s", answer).isEmpty();
    }

    static Document xml(String text) throws Exception {
        return DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
    }

    ServerClient.Response form(String path, Map<String, String> fields) {
        return client.form(path, fields);
    }

    @Test
    void rulesAreManagedThroughTheApiAndBadOnesAreRefusedWithTheirPath() {
        String rule = "{\"id\":\"noise-high\",\"attribute\":\"LAeq\",\"kind\":\"threshold\",\"above\":70,\"for\":\"PT10M\","
                + "\"severity\":\"low\"}";
        assertThat(client.post("/api/govern/rules", operator, rule).status()).isEqualTo(201);
        assertThat(client.get("/api/govern/rules", operator).json().get("rules").toString()).contains("noise-high");
        ServerClient.Response bad = client.post("/api/govern/rules", operator, rule.replace("PT10M", "10m"));
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.json().get("detail").asText()).isEqualTo("request body: $.for: '10m' is not an ISO-8601 duration (e.g. PT1H, PT30M)");
        assertThat(client.send("DELETE", "/api/govern/rules/noise-high", operator, null).status()).isEqualTo(204);
        assertThat(Files.exists(data.resolve("govern").resolve("rules.json"))).isTrue();
    }

    @Test
    void aBreachingReadingRaisesAnAlertEntityAndADispatchedCase() throws Exception {
        String rule = "{\"id\":\"pm25-now\",\"entityType\":\"AirQualityObserved\",\"attribute\":\"pm25\",\"kind\":\"threshold\","
                + "\"above\":75,\"severity\":\"high\",\"category\":\"environment\",\"subCategory\":\"airPollution\"}";
        assertThat(client.post("/api/govern/rules", operator, rule).status()).isIn(200, 201);
        JsonNode device = client.post("/api/devices", operator, "{\"id\":\"aq-1\",\"entityId\":\"urn:ngsi-ld:AirQualityObserved:aq-1\","
                + "\"entityType\":\"AirQualityObserved\"}").json();
        long now = Instant.now().toEpochMilli();
        assertThat(client.post("/api/devices/aq-1/telemetry", device.get("token").asText(),
                "[{\"ts\":" + (now - 1000) + ",\"values\":{\"pm25\":40}},{\"ts\":" + now + ",\"values\":{\"pm25\":180}}]").status())
                .isEqualTo(200);
        JsonNode alerts = null;
        for (int i = 0; i < 100; i++) {
            alerts = client.get("/api/govern/alerts", operator).json();
            if (alerts.size() > 0) {
                break;
            }
            Thread.sleep(50);
        }
        assertThat(alerts).hasSize(1);
        assertThat(alerts.get(0).get("worst").asDouble()).isEqualTo(180);
        String alertId = alerts.get(0).get("id").asText();
        // the engine lists the alert at once; its entity and case are written after it, on their own thread
        ServerClient.Response entity = null;
        for (int i = 0; i < 100; i++) {
            entity = client.get("/ngsi-ld/v1/entities/" + alertId + "?options=keyValues", operator);
            if (entity.status() == 200 && client.get("/api/govern/cases?category=airPollution", operator).json().size() > 0) {
                break;
            }
            Thread.sleep(50);
        }
        assertThat(entity.status()).isEqualTo(200);
        assertThat(entity.body()).contains("airPollution").contains("urn:ngsi-ld:AirQualityObserved:aq-1");
        JsonNode cases = client.get("/api/govern/cases?category=airPollution", operator).json();
        assertThat(cases).hasSize(1);
        assertThat(cases.get(0).get("status").asText()).isEqualTo("DISPATCHED");
        assertThat(cases.get(0).get("department").asText()).isEqualTo("ecology-bureau");
        assertThat(cases.get(0).get("source").asText()).isEqualTo("ALERT");
    }

    @Test
    void aCaseMovesThroughItsLifecycleAndAStaleVersionGets409() {
        JsonNode c = client.post("/api/govern/cases", operator, "{\"category\":\"pothole\",\"description\":\"deep hole\","
                + "\"location\":{\"lat\":39.92,\"long\":116.41},\"source\":\"INSPECTOR\","
                + "\"attachments\":[\"https://photos.example/hole.jpg\"]}").json();
        String id = c.get("id").asText();
        assertThat(c.get("department").asText()).isEqualTo("dongcheng-urban-management");
        String path = "/api/govern/cases/" + id + "/actions";
        JsonNode registered = client.post(path, operator, "{\"action\":\"register\",\"version\":1}").json();
        assertThat(registered.get("status").asText()).isEqualTo("REGISTERED");
        ServerClient.Response stale = client.post(path, operator, "{\"action\":\"dispatch\",\"version\":1}");
        assertThat(stale.status()).isEqualTo(409);
        assertThat(stale.json().get("code").asText()).isEqualTo("CONFLICT");
        ServerClient.Response illegal = client.post(path, operator, "{\"action\":\"close\",\"version\":2}");
        assertThat(illegal.status()).isEqualTo(409);
        assertThat(illegal.json().get("code").asText()).isEqualTo("ILLEGAL_TRANSITION");
        JsonNode one = client.get("/api/govern/cases/" + id, operator).json();
        assertThat(one.get("history")).hasSize(2);
        assertThat(one.get("history").get(0).get("attachments").get(0).asText()).isEqualTo("https://photos.example/hole.jpg");
        assertThat(one.get("history").get(1).get("actor").asText()).isEqualTo("olga");
        JsonNode kpis = client.get("/api/govern/kpis", operator).json();
        assertThat(kpis.get("all").has("overdueNow")).isTrue();
        assertThat(kpis.get("all").get("openNow").asLong()).isEqualTo(
                client.get("/api/govern/cases", operator).json().findValues("status").stream()
                        .filter(st -> !st.asText().equals("CLOSED") && !st.asText().equals("REJECTED")).count());
        assertThat(client.get("/api/govern/cases/C-99999", operator).status()).isEqualTo(404);
    }

    /**
     * Makes {@code file} impossible to replace for real, whoever runs the test (root too): a
     * non-empty directory stands where the store renames its new content to. Runs {@code body},
     * then puts the file back as it was.
     */
    private static void unwritable(Path file, Runnable body) throws Exception {
        byte[] before = Files.exists(file) ? Files.readAllBytes(file) : null;
        Files.deleteIfExists(file);
        Files.createDirectories(file);
        Files.writeString(file.resolve("in-the-way"), "a directory where the store's file should be");
        try {
            body.run();
        } finally {
            Files.delete(file.resolve("in-the-way"));
            Files.delete(file);
            if (before != null) {
                Files.write(file, before);
            }
        }
    }

    private static void unavailable(ServerClient.Response r, Path file) {
        assertThat(r.status()).as(r.body()).isEqualTo(503);
        JsonNode p = r.json();
        assertThat(p.get("type").asText()).isEqualTo("about:blank");
        assertThat(p.get("title").asText()).isEqualTo("Service Unavailable");
        assertThat(p.get("status").asInt()).isEqualTo(503);
        assertThat(p.get("detail").asText()).contains("not accepted").contains(file.getFileName().toString());
    }

    @Test
    void rulesAndKeysThatCannotBeWrittenToTheDataDirectoryAnswer503NotABadRequest() throws Exception {
        String rule = "{\"id\":\"disk-check\",\"attribute\":\"LAeq\",\"kind\":\"threshold\",\"above\":70,"
                + "\"severity\":\"low\"}";
        Path rules = data.resolve("govern").resolve("rules.json");
        unwritable(rules, () -> {
            unavailable(client.post("/api/govern/rules", operator, rule), rules);
            unavailable(client.send("PUT", "/api/govern/rules", operator, "{\"rules\":[" + rule + "]}"), rules);
        });
        assertThat(client.get("/api/govern/rules", operator).json().toString()).as("nothing applied").doesNotContain("disk-check");
        Path keys = data.resolve("govern").resolve("open311-keys.json");
        unwritable(keys, () -> unavailable(client.post("/api/govern/open311/keys", ADMIN, "{\"client\":\"disk-check\"}"), keys));

        // the same calls once the files can be written
        assertThat(client.post("/api/govern/rules", operator, rule).status()).isEqualTo(201);
        assertThat(client.send("DELETE", "/api/govern/rules/disk-check", operator, null).status()).isEqualTo(204);
        assertThat(client.post("/api/govern/open311/keys", ADMIN, "{\"client\":\"disk-check\"}").status()).isEqualTo(201);
    }

    @Test
    void theFiltersChoicesAreTheConfiguredCategoriesAndTheRoutedDepartments() {
        JsonNode choices = client.get("/api/govern/choices", client.newUser(ADMIN, "vera", "VIEWER")).json();
        List<String> categories = new java.util.ArrayList<>();
        choices.get("categories").forEach(c -> categories.add(c.asText()));
        assertThat(categories).contains("pothole", "noise", "gas-leak").isSorted().doesNotHaveDuplicates();
        List<String> departments = new java.util.ArrayList<>();
        choices.get("departments").forEach(d -> departments.add(d.asText()));
        assertThat(departments).contains("dongcheng-urban-management", "city-operations", "gas-group").isSorted()
                .doesNotHaveDuplicates();
    }

    @Test
    void caseSearchesAreFilteredAndPagedOnTheServerNewestFirst() throws Exception {
        Schema requests = arraySchema("requests", "request");
        List<String> ids = new java.util.ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ids.add(client.post("/api/govern/cases", operator, "{\"category\":\"streetlight\",\"description\":\"dark "
                    + i + "\",\"location\":{\"lat\":39.92,\"long\":116.41}}").json().get("id").asText());
        }
        String registered = ids.get(1);
        assertThat(client.post("/api/govern/cases/" + registered + "/actions", operator,
                "{\"action\":\"reject\",\"version\":1}").status()).isEqualTo(200);
        List<String> newestFirst = new java.util.ArrayList<>(ids);
        java.util.Collections.reverse(newestFirst);

        ServerClient.Response first = client.get("/api/govern/cases?category=streetlight&limit=2&count=true", operator);
        assertThat(first.json().findValuesAsText("id")).containsExactlyElementsOf(newestFirst.subList(0, 2));
        assertThat(first.header("X-Total-Count")).contains("5");
        ServerClient.Response third = client.get("/api/govern/cases?category=streetlight&limit=2&offset=4", operator);
        assertThat(third.json().findValuesAsText("id")).containsExactly(newestFirst.get(4));
        assertThat(third.header("X-Total-Count")).as("only when asked").isEmpty();
        assertThat(client.get("/api/govern/cases?category=streetlight,noise&status=REJECTED,CLOSED&order=oldest", operator)
                .json().findValuesAsText("id")).containsExactly(registered);
        assertThat(client.get("/api/govern/cases?limit=10001", operator).status()).isEqualTo(400);
        assertThat(client.get("/api/govern/cases?order=random", operator).status()).isEqualTo(400);
        assertThat(client.get("/api/govern/cases?status=LOST", operator).status()).isEqualTo(400);

        JsonNode page2 = client.get("/open311/v2/requests.json?service_code=streetlight&status=open&page_size=2&page=2", null)
                .json();
        valid(requests, page2);
        List<String> open = newestFirst.stream().filter(id -> !id.equals(registered)).toList();
        assertThat(page2.findValuesAsText("service_request_id")).containsExactlyElementsOf(open.subList(2, 4));
        assertThat(client.get("/open311/v2/requests.json?service_code=streetlight&status=closed", null).json()
                .findValuesAsText("service_request_id")).containsExactly(registered);
        ServerClient.Response badSize = client.get("/open311/v2/requests.json?page_size=1001", null);
        assertThat(badSize.status()).isEqualTo(400);
        assertThat(badSize.json().get(0).get("description").asText()).contains("page_size");
    }

    @Test
    void open311AnswersMatchTheGeoReportSchemas() throws Exception {
        Schema services = arraySchema("services", "service");
        Schema requests = arraySchema("requests", "request");
        Schema definition = schema(JSON.readTree(Files.readString(SCHEMAS.resolve("georeport-v2-service-definition.json"))));

        ServerClient.Response list = client.get("/open311/v2/services.json", null);
        assertThat(list.status()).isEqualTo(200);
        valid(services, list.json());
        assertThat(list.json().toString()).contains("\"service_code\":\"pothole\"");
        ServerClient.Response def = client.get("/open311/v2/services/pothole.json", null);
        valid(definition, def.json());
        assertThat(def.json().get("attributes").get(0).get("values")).hasSize(3);
        assertThat(client.get("/open311/v2/services/nothing.json", null).status()).isEqualTo(404);

        String key = client.post("/api/govern/open311/keys", ADMIN, "{\"client\":\"city-app\"}").json().get("api_key").asText();
        Map<String, String> fields = new java.util.LinkedHashMap<>(Map.of("api_key", key, "service_code", "pothole",
                "lat", "39.92", "long", "116.36", "description", "hole at the corner", "attribute[size]", "large",
                "first_name", "Li"));
        ServerClient.Response created = form("/open311/v2/requests.json", fields);
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String id = created.json().get(0).get("service_request_id").asText();
        String token = created.json().get(0).get("token").asText();

        fields.put("api_key", "not-a-key");
        ServerClient.Response refused = form("/open311/v2/requests.json", fields);
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.json().get(0).get("code").asInt()).isEqualTo(403);
        fields.put("api_key", ADMIN);
        fields.put("attribute[size]", "huge");
        ServerClient.Response badValue = form("/open311/v2/requests.json", fields);
        assertThat(badValue.status()).isEqualTo(400);
        assertThat(badValue.json().get(0).get("description").asText()).contains("attribute[size]");
        fields.put("attribute[size]", "small");
        assertThat(form("/open311/v2/requests.xml", fields).status()).as("the admin token is a key too").isEqualTo(201);

        JsonNode one = client.get("/open311/v2/requests/" + id + ".json", null).json();
        valid(requests, one);
        assertThat(one.get(0).get("status").asText()).isEqualTo("open");
        assertThat(one.get(0).get("agency_responsible").asText()).isEqualTo("xicheng-urban-management");
        assertThat(OffsetDateTime.parse(one.get(0).get("expected_datetime").asText()))
                .isAfter(OffsetDateTime.parse(one.get(0).get("requested_datetime").asText()));
        JsonNode all = client.get("/open311/v2/requests.json?service_code=pothole&status=open", null).json();
        valid(requests, all);
        assertThat(all.size()).isGreaterThanOrEqualTo(2);
        assertThat(client.get("/open311/v2/tokens/" + token + ".json", null).json().get(0).get("service_request_id").asText())
                .isEqualTo(id);
        String start = OffsetDateTime.now(ZoneOffset.UTC).minusDays(200).withNano(0).toString();
        ServerClient.Response tooLong = client.get("/open311/v2/requests.json?start_date=" + start, null);
        assertThat(tooLong.status()).isEqualTo(400);

        Document xml = xml(client.get("/open311/v2/requests/" + id + ".xml", null).body());
        assertThat(xml.getDocumentElement().getNodeName()).isEqualTo("service_requests");
        assertThat(xml.getElementsByTagName("request").getLength()).isEqualTo(1);
        assertThat(xml.getElementsByTagName("service_request_id").item(0).getTextContent()).isEqualTo(id);
        Document servicesXml = xml(client.get("/open311/v2/services.xml", null).body());
        assertThat(servicesXml.getElementsByTagName("service").getLength()).isEqualTo(list.json().size());
        Document errorXml = xml(client.get("/open311/v2/requests/C-0.xml", null).body());
        assertThat(errorXml.getElementsByTagName("error").getLength()).isEqualTo(1);
    }
}
