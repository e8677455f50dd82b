package org.citybrain.server.govern;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.citybrain.server.CityBrainServer;
import org.citybrain.server.ServerClient;
import org.citybrain.server.TestData;
import org.junit.jupiter.api.Test;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The rules' state across real server restarts, on one data directory: a persistence window open
 * at the stop completes after it (the alert starts at the first breaching reading of the first
 * life), an alert raised before a restart is neither raised again nor made a second case, it is
 * cleared after another restart by the first normal reading, and a sensor that never reported is
 * alerted by the absence rule of its type.
 */
class RulesRestartIT {
    static final String ADMIN = "admin-token-for-the-rules-restart-test";
    static final String RULES = "{\"rules\": ["
            + "{\"id\":\"pm25-high\",\"entityType\":\"AirQualityObserved\",\"attribute\":\"pm25\",\"kind\":\"threshold\","
            + "\"above\":75,\"for\":\"PT20S\",\"maxGap\":\"PT10M\",\"severity\":\"high\",\"subCategory\":\"airPollution\"},"
            + "{\"id\":\"noise-silent\",\"entityType\":\"NoiseLevelObserved\",\"attribute\":\"LAeq\",\"kind\":\"absence\","
            + "\"silentFor\":\"PT1S\",\"severity\":\"low\",\"subCategory\":\"noise\"}]}";

    /** The time of the first reading; the readings are 10 s apart. */
    Instant base;

    static ConfigurableApplicationContext start(Path dir) {
        return CityBrainServer.start(0, dir.toString(), "--citybrain.admin-token=" + ADMIN);
    }

    static ServerClient client(ConfigurableApplicationContext server) {
        return new ServerClient(((WebServerApplicationContext) server).getWebServer().getPort());
    }

    void pm25(ServerClient c, String token, int step, double value) {
        long ts = base.plus(Duration.ofSeconds(10L * step)).toEpochMilli();
        ServerClient.Response r = c.post("/api/devices/aq-1/telemetry", token, "{\"ts\":" + ts + ",\"values\":{\"pm25\":" + value + "}}");
        assertThat(r.status()).as(r.body()).isEqualTo(200);
    }

    static JsonNode alert(ServerClient c, String rule) {
        for (JsonNode a : c.get("/api/govern/alerts", ADMIN).json()) {
            if (a.get("rule").asText().equals(rule)) {
                return a;
            }
        }
        return null;
    }

    static JsonNode await(String what, java.util.function.Supplier<JsonNode> probe, Predicate<JsonNode> done)
            throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(40);
        JsonNode last = probe.get();
        while (!done.test(last) && System.nanoTime() < deadline) {
            Thread.sleep(100);
            last = probe.get();
        }
        assertThat(done.test(last)).as("%s: %s", what, last).isTrue();
        return last;
    }

    static int cases(ServerClient c, String category) {
        return c.get("/api/govern/cases?category=" + category, ADMIN).json().size();
    }

    @Test
    void rulesKeepTheirEpisodesAlertsAndExpectedSensorsAcrossRestarts() throws Exception {
        Path dir = TestData.newDirectory();
        String token;
        try (ConfigurableApplicationContext first = start(dir)) {
            ServerClient c = client(first);
            // after the start: readings observed before it (minus a minute) are history the rules skip
            base = Instant.ofEpochMilli(System.currentTimeMillis() - 30_000);
            assertThat(c.send("PUT", "/api/govern/rules", ADMIN, RULES).status()).isEqualTo(200);
            token = c.post("/api/devices", ADMIN, "{\"id\":\"aq-1\",\"entityId\":\"urn:ngsi-ld:AirQualityObserved:aq-1\","
                    + "\"entityType\":\"AirQualityObserved\"}").json().get("token").asText();
            assertThat(c.post("/api/devices", ADMIN, "{\"id\":\"noise-never\",\"entityId\":"
                    + "\"urn:ngsi-ld:NoiseLevelObserved:never\",\"entityType\":\"NoiseLevelObserved\"}").status()).isEqualTo(201);
            pm25(c, token, 0, 40);
            pm25(c, token, 1, 80);
            pm25(c, token, 2, 90); // breaching for 10 s of the 20 the rule needs
            // the noise sensor never sends anything: its absence rule alerts all the same
            JsonNode silent = await("absence alert", () -> alert(c, "noise-silent"), a -> a != null);
            assertThat(silent.get("entityId").asText()).isEqualTo("urn:ngsi-ld:NoiseLevelObserved:never");
            await("absence case", () -> c.get("/api/govern/cases?category=noise", ADMIN).json(), j -> j.size() == 1);
            assertThat(alert(c, "pm25-high")).isNull();
        }
        String pm25AlertId;
        try (ConfigurableApplicationContext second = start(dir)) {
            ServerClient c = client(second);
            assertThat(alert(c, "noise-silent")).as("restored, still active").isNotNull();
            pm25(c, token, 3, 95); // the window opened in the first life completes now
            JsonNode raised = await("threshold alert", () -> alert(c, "pm25-high"), a -> a != null);
            assertThat(Instant.parse(raised.get("from").asText())).isEqualTo(base.plus(Duration.ofSeconds(10)));
            assertThat(raised.get("readings").asInt()).isEqualTo(3);
            pm25AlertId = raised.get("id").asText();
            await("threshold case", () -> c.get("/api/govern/cases?category=airPollution", ADMIN).json(), j -> j.size() == 1);
            Thread.sleep(12_000); // a round of the absence check after the restart: the silent sensor's alert stays one
            assertThat(cases(c, "noise")).isEqualTo(1);
        }
        try (ConfigurableApplicationContext third = start(dir)) {
            ServerClient c = client(third);
            assertThat(alert(c, "pm25-high").get("id").asText()).isEqualTo(pm25AlertId);
            pm25(c, token, 4, 50);
            await("cleared", () -> c.get("/ngsi-ld/v1/entities/" + pm25AlertId + "?options=keyValues", ADMIN).json(),
                    e -> e != null && e.toString().contains("validTo"));
            assertThat(alert(c, "pm25-high")).isNull();
            assertThat(cases(c, "airPollution")).isEqualTo(1);
            assertThat(cases(c, "noise")).isEqualTo(1);
            assertThat(c.get("/actuator/prometheus", ADMIN).body()).contains("citybrain_rules_lag_seconds")
                    .contains("citybrain_rules_store_reads_total");
        }
    }
}
