package org.citybrain.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * One Network in production mode when PostgreSQL goes away for real: the server reaches the
 * database through a {@link TcpProxy}, which the test cuts (every connection closed, the port
 * refusing). The management API then answers 503 with the same ProblemDetails as the hub's store
 * failures, reads and writes alike; Open311 answers 503 in GeoReport's own error format, JSON or
 * XML as asked. Once the database is back the same calls succeed, and nothing the outage refused
 * was written.
 */
class GovernStoreFailureIT {
    private static final String ADMIN = "admin-token-for-the-store-failure-tests";
    private static final String POTHOLE = "{\"category\":\"pothole\",\"description\":\"hole by the school\","
            + "\"location\":{\"lat\":39.92,\"long\":116.36}}";

    @BeforeAll
    static void database() {
        TestPostgres.requireOrSkip();
    }

    /** {@code jdbc:postgresql://host:port/db?...} with {@code port} on the loopback address instead. */
    private static String through(int port) {
        URI u = URI.create(TestPostgres.URL.substring("jdbc:".length()));
        return "jdbc:postgresql://127.0.0.1:" + port + u.getRawPath() + (u.getRawQuery() == null ? "" : "?" + u.getRawQuery());
    }

    private static TcpProxy proxyToTheDatabase() throws Exception {
        URI u = URI.create(TestPostgres.URL.substring("jdbc:".length()));
        return new TcpProxy(u.getHost(), u.getPort() < 0 ? 5432 : u.getPort());
    }

    /** A 503 ProblemDetails whose detail says {@code what}; the body. */
    private static JsonNode unavailable(ServerClient.Response r, String what) {
        assertThat(r.status()).as(r.body()).isEqualTo(503);
        assertThat(r.contentType()).hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
        JsonNode p = r.json();
        assertThat(p.get("type").asText()).isEqualTo("about:blank");
        assertThat(p.get("title").asText()).isEqualTo("Service Unavailable");
        assertThat(p.get("status").asInt()).isEqualTo(503);
        String detail = p.get("detail").asText();
        assertThat(detail).contains(what).contains("PostgreSQL");
        String[] parts = detail.split(": ");
        for (int i = 1; i < parts.length; i++) {
            assertThat(parts[i]).as("the operation is named once: " + detail).isNotEqualTo(parts[i - 1]);
        }
        return p;
    }

    private static ServerClient.Response eventually(Supplier<ServerClient.Response> call) throws InterruptedException {
        ServerClient.Response r = call.get();
        for (int i = 0; i < 50 && r.status() == 503; i++) { // a pooled connection broken by the cut fails once
            Thread.sleep(100);
            r = call.get();
        }
        return r;
    }

    @Test
    void whenPostgresqlGoesAwayGovernAnswers503AsTheHubDoesAndWritesNothing() throws Exception {
        String schema = TestPostgres.newSchema("server_fail_");
        try {
            outage(schema);
        } finally {
            TestPostgres.drop(schema); // the server has stopped
        }
    }

    private static void outage(String schema) throws Exception {
        Path dataDir = TestData.newDirectory();
        try (TcpProxy proxy = proxyToTheDatabase();
                ConfigurableApplicationContext server = CityBrainServer.start(0, dataDir.toString(),
                        "--citybrain.admin-token=" + ADMIN, "--citybrain.db.url=" + through(proxy.port()),
                        "--citybrain.db.user=" + System.getenv("CITYBRAIN_TEST_PG_USER"),
                        "--citybrain.db.password=" + System.getenv("CITYBRAIN_TEST_PG_PASSWORD"),
                        "--citybrain.db.schema=" + schema)) {
            ServerClient c = new ServerClient(((WebServerApplicationContext) server).getWebServer().getPort());
            ServerClient.Response reported = c.post("/api/govern/cases", ADMIN, POTHOLE);
            assertThat(reported.status()).as(reported.body()).isEqualTo(201);
            String id = reported.json().get("id").asText();
            String key = c.post("/api/govern/open311/keys", ADMIN, "{\"client\":\"citizen-app\"}").json().get("api_key").asText();
            String all = c.get("/api/govern/cases?count=true", ADMIN).header("X-Total-Count").orElseThrow();

            proxy.cut();

            // the management API: cases read and written, rules, as the hub answers its own store's failure
            unavailable(c.get("/api/govern/cases?count=true", ADMIN), "could not be read");
            unavailable(c.get("/api/govern/cases/" + id, ADMIN), "could not be read");
            JsonNode govern = unavailable(c.post("/api/govern/cases", ADMIN, POTHOLE), "not accepted");
            unavailable(c.post("/api/govern/cases/" + id + "/actions", ADMIN, "{\"action\":\"register\",\"version\":1}"),
                    "not accepted");
            unavailable(c.post("/api/govern/rules", ADMIN, "{\"id\":\"noise-high\",\"attribute\":\"LAeq\","
                    + "\"kind\":\"threshold\",\"above\":70,\"severity\":\"low\"}"), "not accepted");
            ServerClient.Response governAnswer = c.post("/api/govern/cases", ADMIN, POTHOLE);
            ServerClient.Response hubAnswer = c.send("POST", "/ngsi-ld/v1/entities", ADMIN,
                    "{\"id\":\"urn:ngsi-ld:Thing:outage\",\"type\":\"Thing\"}", "application/json");
            JsonNode hub = unavailable(hubAnswer, "not accepted");
            assertThat(govern.fieldNames()).toIterable().containsExactlyElementsOf(() -> hub.fieldNames());
            assertThat(governAnswer.header("Retry-After")).as("Retry-After as the hub's").isEqualTo(hubAnswer.header("Retry-After"));

            // Open311: 503 in GeoReport's error format, as asked
            ServerClient.Response json = c.get("/open311/v2/requests.json", null);
            assertThat(json.status()).as(json.body()).isEqualTo(503);
            assertThat(json.json().get(0).get("code").asInt()).isEqualTo(503);
            assertThat(json.json().get(0).get("description").asText()).contains("could not be read");
            ServerClient.Response xml = c.get("/open311/v2/requests/" + id + ".xml", null);
            assertThat(xml.status()).as(xml.body()).isEqualTo(503);
            assertThat(xml.body()).contains("<errors>").contains("<code>503</code>").contains("could not be read");
            ServerClient.Response post = c.form("/open311/v2/requests.json", Map.of("api_key", key, "service_code", "pothole",
                    "lat", "39.92", "long", "116.36", "description", "hole at the corner", "attribute[size]", "large"));
            assertThat(post.status()).as(post.body()).isEqualTo(503);
            assertThat(post.json().get(0).get("description").asText()).contains("not accepted");

            proxy.resume();

            // back: the same calls work, and what the outage refused was not written
            ServerClient.Response after = eventually(() -> c.get("/api/govern/cases?count=true", ADMIN));
            assertThat(after.status()).as(after.body()).isEqualTo(200);
            assertThat(after.header("X-Total-Count")).contains(all);
            ServerClient.Response one = eventually(() -> c.get("/api/govern/cases/" + id, ADMIN));
            assertThat(one.json().get("version").asLong()).isEqualTo(1);
            assertThat(eventually(() -> c.get("/api/govern/rules", ADMIN)).json().get("rules")).isEmpty();
            assertThat(eventually(() -> c.get("/open311/v2/requests.xml", null)).status()).isEqualTo(200);
            ServerClient.Response registered = eventually(() -> c.post("/api/govern/cases/" + id + "/actions", ADMIN,
                    "{\"action\":\"register\",\"version\":1}"));
            assertThat(registered.status()).as(registered.body()).isEqualTo(200);
        }
    }
}
