package org.citybrain.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.citybrain.hub.store.ReadingStore;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The NGSI-LD temporal API over HTTP (ETSI GS CIM 009, 6.18–6.19), one test per rule, named after
 * it: a device sends readings, the API writes attributes, and the history is read back with each
 * parameter; aggregates are checked against values computed here. Run on the embedded store by
 * {@link TemporalApiIT} and on PostgreSQL by {@link TemporalOnPostgresIT}.
 */
abstract class TemporalApiTests {
    static final String ADMIN = "admin-token-for-temporal-tests";
    /** Properties of both subclasses' servers. */
    static final String MAX_INSTANCES = "citybrain.temporal.max-instances=50";
    static final String RETENTION = "citybrain.temporal.retention=AgedSensor=P1D";
    static final String V1 = "/ngsi-ld/v1";
    private static final AtomicInteger NEXT = new AtomicInteger();

    @LocalServerPort
    int port;
    @Autowired
    ReadingStore readings;
    ServerClient client;
    /** The hour the fixture starts at: three hours of readings, every ten minutes. */
    final Instant base = Instant.now().truncatedTo(ChronoUnit.HOURS).minus(Duration.ofHours(4));

    @BeforeEach
    void client() {
        client = new ServerClient(port);
    }

    /** What one fixture entity was sent. */
    record Fed(String id, String type, List<Instant> times, List<Double> speeds) {
    }

    private static double speed(int i) {
        return 40 + (i * 7 % 13) + 0.5;
    }

    /**
     * A device of a new entity of {@code type} sends 18 readings (speed and intensity, every 10
     * minutes from {@link #base}); the API then appends a speed observed at base + 5 min and a
     * text status twice.
     */
    Fed feed(String type) {
        int n = NEXT.incrementAndGet();
        String entity = "urn:ngsi-ld:" + type + ":t" + n + "-" + System.nanoTime();
        ServerClient.Response device = client.post("/api/devices", ADMIN, "{\"id\":\"temporal-" + n + "-" + System.nanoTime()
                + "\",\"entityId\":\"" + entity + "\",\"entityType\":\"" + type + "\",\"attributeMapping\":{\"spd\":\"averageVehicleSpeed\"}}");
        assertThat(device.status()).as(device.body()).isEqualTo(201);
        String deviceId = device.json().get("id").asText();
        List<Instant> times = new ArrayList<>();
        List<Double> speeds = new ArrayList<>();
        StringBuilder payload = new StringBuilder("[");
        for (int i = 0; i < 18; i++) {
            Instant t = base.plus(Duration.ofMinutes(10L * i));
            times.add(t);
            speeds.add(speed(i));
            payload.append(i == 0 ? "" : ",").append("{\"ts\":").append(t.toEpochMilli())
                    .append(",\"values\":{\"spd\":").append(speed(i)).append(",\"intensity\":").append(i).append("}}");
        }
        ServerClient.Response sent = client.post("/api/devices/" + deviceId + "/telemetry", device.json().get("token").asText(),
                payload.append("]").toString());
        assertThat(sent.status()).as(sent.body()).isEqualTo(200);
        append(entity, "\"averageVehicleSpeed\":{\"type\":\"Property\",\"value\":99.5,\"observedAt\":\""
                + base.plus(Duration.ofMinutes(5)) + "\"}");
        append(entity, "\"status\":{\"type\":\"Property\",\"value\":\"free\",\"observedAt\":\"" + base.plus(Duration.ofMinutes(15)) + "\"}");
        append(entity, "\"status\":{\"type\":\"Property\",\"value\":\"jammed\",\"observedAt\":\"" + base.plus(Duration.ofMinutes(75)) + "\"}");
        return new Fed(entity, type, times, speeds);
    }

    private void append(String entity, String attribute) {
        ServerClient.Response r = client.send("POST", V1 + "/entities/" + entity + "/attrs", ADMIN, "{" + attribute + "}");
        assertThat(r.status()).as(r.body()).isEqualTo(204);
    }

    ServerClient.Response get(String path) {
        return client.get(V1 + path, ADMIN);
    }

    static String at(Instant t) {
        return URLEncoder.encode(t.toString(), StandardCharsets.UTF_8);
    }

    private static List<String> times(JsonNode instances) {
        List<String> out = new ArrayList<>();
        instances.forEach(i -> out.add(i.get("observedAt").asText()));
        return out;
    }

    @Test
    void retrievingTemporalEntityAnswersEveryInstanceOfEachAttributeOldestFirst() {
        Fed fed = feed("RoadSensor");
        ServerClient.Response r = get("/temporal/entities/" + fed.id());
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        JsonNode entity = r.json();
        assertThat(entity.get("id").asText()).isEqualTo(fed.id());
        assertThat(entity.get("type").asText()).isEqualTo("RoadSensor");
        JsonNode speed = entity.get("averageVehicleSpeed");
        assertThat(speed).hasSize(19);
        assertThat(speed.get(0).get("value").asDouble()).isEqualTo(fed.speeds().get(0));
        assertThat(speed.get(1).get("value").asDouble()).isEqualTo(99.5); // the API's write, between two readings
        assertThat(speed.get(1).get("observedAt").asText()).isEqualTo(base.plus(Duration.ofMinutes(5)).toString());
        assertThat(times(speed)).isSorted();
        assertThat(entity.get("intensity")).hasSize(18);
        assertThat(entity.get("status")).extracting(s -> s.get("value").asText()).containsExactly("free", "jammed");
    }

    @Test
    void timerelBeforeAnswersInstancesObservedBeforeTimeAt() {
        Fed fed = feed("RoadSensor");
        JsonNode speed = get("/temporal/entities/" + fed.id() + "?attrs=averageVehicleSpeed&timerel=before&timeAt="
                + at(fed.times().get(3))).json().get("averageVehicleSpeed");
        assertThat(times(speed)).containsExactly(fed.times().get(0).toString(), base.plus(Duration.ofMinutes(5)).toString(),
                fed.times().get(1).toString(), fed.times().get(2).toString());
    }

    @Test
    void timerelAfterAnswersInstancesObservedAfterTimeAt() {
        Fed fed = feed("RoadSensor");
        JsonNode intensity = get("/temporal/entities/" + fed.id() + "?attrs=intensity&timerel=after&timeAt="
                + at(fed.times().get(15))).json().get("intensity");
        assertThat(intensity).extracting(i -> i.get("value").asInt()).containsExactly(16, 17);
    }

    @Test
    void timerelBetweenIncludesTimeAtAndExcludesEndTimeAt() {
        Fed fed = feed("RoadSensor");
        JsonNode intensity = get("/temporal/entities/" + fed.id() + "?attrs=intensity&timerel=between&timeAt="
                + at(fed.times().get(4)) + "&endTimeAt=" + at(fed.times().get(7))).json().get("intensity");
        assertThat(intensity).extracting(i -> i.get("value").asInt()).containsExactly(4, 5, 6);
    }

    @Test
    void timeAtWithAnOffsetIsTheSameInstantInAnyZone() {
        Fed fed = feed("RoadSensor");
        String shanghai = fed.times().get(4).atOffset(java.time.ZoneOffset.ofHours(8)).toString();
        JsonNode intensity = get("/temporal/entities/" + fed.id() + "?attrs=intensity&timerel=before&timeAt="
                + URLEncoder.encode(shanghai, StandardCharsets.UTF_8)).json().get("intensity");
        assertThat(intensity).hasSize(4);
    }

    @Test
    void lastNAnswersTheLastNInstancesOfEachAttribute() {
        Fed fed = feed("RoadSensor");
        JsonNode entity = get("/temporal/entities/" + fed.id() + "?lastN=2").json();
        assertThat(entity.get("intensity")).extracting(i -> i.get("value").asInt()).containsExactly(16, 17);
        assertThat(entity.get("status")).extracting(i -> i.get("value").asText()).containsExactly("free", "jammed");
    }

    @Test
    void attrsProjectsTheAnswerOnTheNamedAttributes() {
        Fed fed = feed("RoadSensor");
        JsonNode entity = get("/temporal/entities/" + fed.id() + "?attrs=status,intensity").json();
        assertThat(entity.has("averageVehicleSpeed")).isFalse();
        assertThat(entity.has("status")).isTrue();
        assertThat(entity.has("intensity")).isTrue();
    }

    @Test
    void temporalValuesOptionAnswersValueAndTimePairs() {
        Fed fed = feed("RoadSensor");
        JsonNode intensity = get("/temporal/entities/" + fed.id() + "?attrs=intensity&options=temporalValues&lastN=3")
                .json().get("intensity");
        assertThat(intensity.get("type").asText()).isEqualTo("Property");
        assertThat(intensity.get("values")).hasSize(3);
        assertThat(intensity.get("values").get(0).get(0).asInt()).isEqualTo(15);
        assertThat(intensity.get("values").get(0).get(1).asText()).isEqualTo(fed.times().get(15).toString());
    }

    @Test
    void aggregatedValuesPerPeriodAreThoseOfTheInstancesInThatPeriod() {
        Fed fed = feed("RoadSensor");
        ServerClient.Response r = get("/temporal/entities/" + fed.id()
                + "?attrs=averageVehicleSpeed&aggrMethods=avg,min,max,sum,totalCount&aggrPeriodDuration=PT1H");
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        JsonNode speed = r.json().get("averageVehicleSpeed");
        assertThat(speed.get("type").asText()).isEqualTo("Property");
        for (int h = 0; h < 3; h++) {
            List<Double> values = new ArrayList<>(fed.speeds().subList(6 * h, 6 * h + 6));
            if (h == 0) {
                values.add(99.5);
            }
            double sum = values.stream().mapToDouble(Double::doubleValue).sum();
            Instant start = base.plus(Duration.ofHours(h));
            JsonNode avg = speed.get("avg").get(h);
            assertThat(avg.get(0).asDouble()).isCloseTo(sum / values.size(), within(1e-9));
            assertThat(avg.get(1).asText()).isEqualTo(start.toString());
            assertThat(avg.get(2).asText()).isEqualTo(start.plus(Duration.ofHours(1)).toString());
            assertThat(speed.get("sum").get(h).get(0).asDouble()).isCloseTo(sum, within(1e-9));
            assertThat(speed.get("min").get(h).get(0).asDouble()).isEqualTo(values.stream().mapToDouble(v -> v).min().getAsDouble());
            assertThat(speed.get("max").get(h).get(0).asDouble()).isEqualTo(values.stream().mapToDouble(v -> v).max().getAsDouble());
            assertThat(speed.get("totalCount").get(h).get(0).asLong()).isEqualTo(values.size());
        }
        assertThat(speed.get("avg")).hasSize(3);
    }

    @Test
    void aggregationCountsNonNumericValuesButDoesNotAverageThem() {
        Fed fed = feed("RoadSensor");
        JsonNode status = get("/temporal/entities/" + fed.id() + "?attrs=status&aggrMethods=totalCount,avg&aggrPeriodDuration=PT1H")
                .json().get("status");
        assertThat(status.get("totalCount")).hasSize(2); // hours 0 and 1; hour 2 has none and is left out
        assertThat(status.get("totalCount").get(1).get(1).asText()).isEqualTo(base.plus(Duration.ofHours(1)).toString());
        assertThat(status.get("avg")).isEmpty();
    }

    @Test
    void aggregationWithoutPeriodDurationIsOnePeriodOverTheRange() {
        Fed fed = feed("RoadSensor");
        JsonNode intensity = get("/temporal/entities/" + fed.id() + "?attrs=intensity&aggrMethods=sum&timerel=between&timeAt="
                + at(base) + "&endTimeAt=" + at(base.plus(Duration.ofHours(1)))).json().get("intensity");
        assertThat(intensity.get("sum")).hasSize(1);
        assertThat(intensity.get("sum").get(0).get(0).asDouble()).isEqualTo(0 + 1 + 2 + 3 + 4 + 5);
        assertThat(intensity.get("sum").get(0).get(2).asText()).isEqualTo(base.plus(Duration.ofHours(1)).toString());
    }

    @Test
    void queryingTemporalEntitiesByTypeAnswersEachEntityOfThatTypeInIdOrder() {
        String type = "Loop" + NEXT.incrementAndGet();
        Fed a = feed(type);
        Fed b = feed(type);
        ServerClient.Response r = get("/temporal/entities?type=" + type + "&attrs=intensity&lastN=1&count=true");
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        List<String> ids = new ArrayList<>(List.of(a.id(), b.id()));
        ids.sort(null);
        assertThat(r.json()).extracting(e -> e.get("id").asText()).containsExactlyElementsOf(ids);
        assertThat(r.header("NGSILD-Results-Count")).hasValue("2");
        assertThat(get("/temporal/entities?type=" + type + "&attrs=intensity&limit=1&offset=1").json())
                .extracting(e -> e.get("id").asText()).containsExactly(ids.get(1));
    }

    @Test
    void namesAreCompactedWithTheRequestContextAndLdJsonCarriesIt() {
        Fed fed = feed("RoadSensor");
        ServerClient.Response r = client.send("GET", V1 + "/temporal/entities/" + fed.id() + "?attrs=intensity&lastN=1", ADMIN,
                null, null, Map.of("Accept", "application/ld+json"));
        assertThat(r.contentType()).hasValueSatisfying(c -> assertThat(c).startsWith("application/ld+json"));
        assertThat(r.json().get("@context")).isNotNull();
        assertThat(r.json().has("intensity")).isTrue();
        // an IRI in attrs names the same attribute as its term
        assertThat(get("/temporal/entities/" + fed.id() + "?lastN=1&attrs="
                + URLEncoder.encode("https://uri.etsi.org/ngsi-ld/default-context/intensity", StandardCharsets.UTF_8)).json()
                .has("intensity")).isTrue();
    }

    @Test
    void timerelWithoutTimeAtIsBadRequestData() {
        Fed fed = feed("RoadSensor");
        for (String query : List.of("timerel=before", "timerel=between&timeAt=" + at(base), "timerel=during&timeAt=" + at(base),
                "timeAt=" + at(base), "lastN=0", "aggrMethods=median", "aggrMethods=avg&aggrPeriodDuration=P1M")) {
            ServerClient.Response r = get("/temporal/entities/" + fed.id() + "?" + query);
            assertThat(r.status()).as(query).isEqualTo(400);
            assertThat(r.json().get("type").asText()).as(query).isEqualTo("https://uri.etsi.org/ngsi-ld/errors/BadRequestData");
        }
    }

    @Test
    void retrievingTheHistoryOfAnUnknownEntityIsResourceNotFound() {
        ServerClient.Response r = get("/temporal/entities/urn:ngsi-ld:RoadSensor:nobody");
        assertThat(r.status()).isEqualTo(404);
        assertThat(r.json().get("type").asText()).isEqualTo("https://uri.etsi.org/ngsi-ld/errors/ResourceNotFound");
    }

    @Test
    void anAnswerOverTheInstanceLimitIsTooManyResultsNotATruncatedAnswer() {
        String type = "Busy" + NEXT.incrementAndGet();
        feed(type);
        feed(type);
        ServerClient.Response r = get("/temporal/entities?type=" + type); // 2 x 39 instances, limit 50
        assertThat(r.status()).isEqualTo(403);
        assertThat(r.json().get("type").asText()).isEqualTo("https://uri.etsi.org/ngsi-ld/errors/TooManyResults");
        assertThat(r.json().get("detail").asText()).contains("max-instances is 50");
        assertThat(get("/temporal/entities?type=" + type + "&attrs=intensity").status()).isEqualTo(200);
    }

    @Test
    void historyOlderThanTheRetentionOfItsTypeIsNotAnsweredButTheCurrentValueStays() {
        String entity = "urn:ngsi-ld:AgedSensor:a" + System.nanoTime();
        ServerClient.Response device = client.post("/api/devices", ADMIN, "{\"id\":\"aged-" + System.nanoTime()
                + "\",\"entityId\":\"" + entity + "\",\"entityType\":\"AgedSensor\"}");
        Instant old = Instant.now().minus(Duration.ofDays(3));
        Instant recent = Instant.now().minus(Duration.ofHours(2));
        client.post("/api/devices/" + device.json().get("id").asText() + "/telemetry", device.json().get("token").asText(),
                "[{\"ts\":" + old.toEpochMilli() + ",\"values\":{\"level\":1}},{\"ts\":" + recent.toEpochMilli()
                        + ",\"values\":{\"level\":2}},{\"ts\":" + old.toEpochMilli() + ",\"values\":{\"battery\":80}}]");

        JsonNode history = get("/temporal/entities/" + entity).json();
        assertThat(history.get("level")).extracting(i -> i.get("value").asInt()).containsExactly(2);
        assertThat(history.has("battery")).isFalse();
        assertThat(readings.latest(java.net.URI.create(entity), "https://uri.etsi.org/ngsi-ld/default-context/battery"))
                .hasValueSatisfying(b -> assertThat(b.value()).contains("80"));
    }
}
