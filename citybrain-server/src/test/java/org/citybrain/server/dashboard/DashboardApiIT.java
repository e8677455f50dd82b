package org.citybrain.server.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
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

/** The dashboard's API over HTTP: the snapshot, the live stream as a plain SSE client reads it, acknowledging alerts. */
@SpringBootTest(classes = CityBrainServer.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"citybrain.admin-token=" + DashboardApiIT.ADMIN, "citybrain.congestion.interval=1h",
                "citybrain.dashboard.update-interval=" + DashboardApiIT.UPDATE_MILLIS + "ms",
                "citybrain.dashboard.tile-url=https://tiles.example.org/{z}/{x}/{y}.png"})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DashboardApiIT {
    static final String ADMIN = "admin-token-for-the-dashboard-api";
    static final int UPDATE_MILLIS = 300;
    static final Path data = TestData.newDirectory();

    @LocalServerPort
    int port;
    ServerClient client;
    String viewer;

    @DynamicPropertySource
    static void dataDir(DynamicPropertyRegistry registry) {
        registry.add("citybrain.data-dir", data::toString);
    }

    @BeforeAll
    void users() {
        client = new ServerClient(port);
        viewer = client.newUser(ADMIN, "vic", "VIEWER");
    }

    private void flow(String id, double occupancy) {
        ServerClient.Response r = client.post("/ngsi-ld/v1/entityOperations/upsert", ADMIN,
                "[{\"id\":\"urn:ngsi-ld:TrafficFlowObserved:" + id + "\",\"type\":\"TrafficFlowObserved\","
                        + "\"dateObserved\":{\"type\":\"Property\",\"value\":\"2026-11-29T08:00:00Z\"},"
                        + "\"intensity\":{\"type\":\"Property\",\"value\":6},"
                        + "\"occupancy\":{\"type\":\"Property\",\"value\":" + occupancy + "}}]");
        assertThat(r.status()).as(r.body()).isIn(201, 204);
    }

    @Test
    void theSnapshotNeedsAViewerAndHoldsTheEntitiesTheMapSettingsAndWhetherTheCityRuns() throws InterruptedException {
        flow("snap_0", 0.25);
        assertThat(client.get("/api/dashboard/snapshot", null).status()).isEqualTo(401);
        // the snapshot is the view as of the last round, at most one update interval behind the store
        JsonNode snapshot = client.get("/api/dashboard/snapshot", viewer).json();
        for (long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
                !snapshot.get("flows").findValuesAsText("id").contains("urn:ngsi-ld:TrafficFlowObserved:snap_0")
                        && System.nanoTime() < end; ) {
            Thread.sleep(UPDATE_MILLIS / 3);
            snapshot = client.get("/api/dashboard/snapshot", viewer).json();
        }
        assertThat(snapshot.get("flows").findValuesAsText("id")).contains("urn:ngsi-ld:TrafficFlowObserved:snap_0");
        assertThat(snapshot.get("map").get("tileUrl").asText()).isEqualTo("https://tiles.example.org/{z}/{x}/{y}.png");
        assertThat(snapshot.get("city").asBoolean()).as("no /api/city endpoints in this server").isFalse();
        assertThat(snapshot.get("live").get("updateMillis").asInt()).isEqualTo(UPDATE_MILLIS);
        assertThat(snapshot.get("kpis").get("vehicles").isNumber()).isTrue();
    }

    @Test
    void theStreamStartsWithTheSnapshotThenSendsChangesAtMostOncePerInterval() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/dashboard/stream"))
                .header("Authorization", "Bearer " + viewer).header("Accept", "text/event-stream").build();
        HttpResponse<java.io.InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).get().asString().startsWith("text/event-stream");
        BlockingQueue<String[]> events = new LinkedBlockingQueue<>();
        Thread reader = new Thread(() -> readEvents(response.body(), events), "sse-reader");
        reader.setDaemon(true);
        reader.start();
        try {
            String[] first = events.poll(20, TimeUnit.SECONDS);
            assertThat(first).isNotNull();
            assertThat(first[0]).isEqualTo("snapshot");
            assertThat(new ServerClient(port).json(first[1]).has("map")).isTrue();

            long start = System.nanoTime();
            for (int i = 1; i <= 40; i++) {
                flow("stream_0", i / 100.0);
            }
            // wait for the last value to arrive
            List<String[]> updates = new ArrayList<>();
            double last = -1;
            while (last != 0.4) {
                String[] e = events.poll(20, TimeUnit.SECONDS);
                assertThat(e).as("an update with occupancy 0.4").isNotNull();
                updates.add(e);
                for (JsonNode f : new ServerClient(port).json(e[1]).path("flows")) {
                    if (f.get("id").asText().endsWith("stream_0")) {
                        last = f.get("occupancy").asDouble();
                    }
                }
            }
            long elapsedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertThat(updates).allSatisfy(e -> assertThat(e[0]).isEqualTo("update"));
            // rounds run with a fixed delay of UPDATE_MILLIS: never more than one per interval
            assertThat(updates.size()).as("updates in %d ms", elapsedMillis).isLessThanOrEqualTo((int) (elapsedMillis / UPDATE_MILLIS + 1));
            // (that many changes of one entity in one round make one item: DashboardFeedTest)
        } finally {
            reader.interrupt();
            response.body().close();
        }
    }

    /** A minimal SSE reader: [event, data] per event, keep-alive comments skipped. */
    private static void readEvents(java.io.InputStream body, BlockingQueue<String[]> out) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
            String event = "message";
            StringBuilder data = new StringBuilder();
            for (String line; (line = in.readLine()) != null; ) {
                if (line.isEmpty()) {
                    if (data.length() > 0) {
                        out.add(new String[] {event, data.toString()});
                    }
                    event = "message";
                    data.setLength(0);
                } else if (line.startsWith("event:")) {
                    event = line.substring(6).trim();
                } else if (line.startsWith("data:")) {
                    data.append(line.substring(5).stripLeading());
                }
            }
        } catch (java.io.IOException e) {
            // the test closed the stream
        }
    }

    @Test
    void acknowledgingSetsTheAlertsPropertyAndRefusesWhatIsNoAlert() {
        ServerClient.Response created = client.post("/ngsi-ld/v1/entities", ADMIN,
                "{\"id\":\"urn:ngsi-ld:Alert:plain\",\"type\":\"Alert\","
                        + "\"category\":{\"type\":\"Property\",\"value\":\"traffic\"},"
                        + "\"alertSource\":{\"type\":\"Property\",\"value\":\"test\"},"
                        + "\"dateIssued\":{\"type\":\"Property\",\"value\":\"2026-11-29T08:05:00Z\"}}");
        assertThat(created.status()).as(created.body()).isEqualTo(201);

        // without the property yet: it is added
        assertThat(client.post("/api/dashboard/alerts/urn:ngsi-ld:Alert:plain/acknowledge", ADMIN, null).status()).isEqualTo(204);
        assertThat(client.get("/ngsi-ld/v1/entities/urn:ngsi-ld:Alert:plain", ADMIN).json().get("acknowledged").get("value")
                .asBoolean()).isTrue();
        // twice is fine
        assertThat(client.post("/api/dashboard/alerts/urn:ngsi-ld:Alert:plain/acknowledge", ADMIN, null).status()).isEqualTo(204);

        ServerClient.Response missing = client.post("/api/dashboard/alerts/urn:ngsi-ld:Alert:nothing/acknowledge", ADMIN, null);
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.json().get("detail").asText()).contains("urn:ngsi-ld:Alert:nothing");
        flow("not_an_alert", 0.1);
        ServerClient.Response wrong = client.post("/api/dashboard/alerts/urn:ngsi-ld:TrafficFlowObserved:not_an_alert/acknowledge",
                ADMIN, null);
        assertThat(wrong.status()).isEqualTo(400);
        assertThat(wrong.json().get("detail").asText()).contains("TrafficFlowObserved, not an Alert");
        assertThat(client.post("/api/dashboard/alerts/urn:ngsi-ld:Alert:plain/acknowledge", viewer, null).status()).isEqualTo(403);
    }

    @Test
    void thePageAndItsLibrariesAreServedWithoutAToken() {
        ServerClient.Response page = client.get("/", null);
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains("<div id=\"map\">");
        for (String path : List.of("/dashboard/dashboard.js", "/dashboard/dashboard.css", "/webjars/leaflet/dist/leaflet.js",
                "/webjars/leaflet/dist/leaflet.css", "/webjars/echarts/dist/echarts.min.js")) {
            assertThat(client.get(path, null).status()).as(path).isEqualTo(200);
        }
        assertThat(client.get("/dashboard/nothing.js", null).status()).isEqualTo(404);
    }

    @Test
    void settingsThatCannotWorkAreRefusedWithTheirName() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new DashboardFeed.Settings(Duration.ZERO, Duration.ofSeconds(1),
                Duration.ofHours(1), Duration.ofSeconds(60))).hasMessageContaining("citybrain.dashboard.update-interval");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new DashboardFeed.Settings(Duration.ofSeconds(1),
                Duration.ofMinutes(10), Duration.ofMinutes(1), Duration.ofSeconds(60))).hasMessageContaining("history");
    }
}
