package org.citybrain.server.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.citybrain.server.ServerClient;
import org.junit.jupiter.api.Test;

/**
 * The temporal API, read part (ETSI GS CIM 009, 5.7.3 retrieve and 5.7.4 query the temporal
 * evolution of entities; HTTP binding 6.18, 6.19; temporal query language 4.11; temporal
 * representations 4.5.8, 4.5.9, 4.5.19). History is written through the API: each write of an
 * attribute is one instance, observed at its {@code observedAt}. Each test makes entities of a type
 * of its own.
 */
class TemporalConformanceIT extends ConformanceServer {
    /** The fixture's first instant; every entity's instances are at base + minutes. */
    private static final Instant BASE = Instant.parse("2026-03-01T08:00:00Z");

    private static String type() {
        return "T" + UUID.randomUUID().toString().replace("-", "");
    }

    private static String at(int minutes) {
        return BASE.plus(Duration.ofMinutes(minutes)).toString();
    }

    private static String query(int minutes) {
        return URLEncoder.encode(at(minutes), StandardCharsets.UTF_8);
    }

    private static String speed(double value, int minutes) {
        return "\"speed\":{\"type\":\"Property\",\"value\":" + value + ",\"observedAt\":\"" + at(minutes) + "\"}";
    }

    /**
     * A new entity of {@code type} with speed 10, 20, 30, 40 observed at minutes 0, 10, 20, 30 and a
     * relationship {@code segment} to RoadSegment:a at minute 5 and RoadSegment:b at minute 25.
     */
    private String history(String type) {
        String id = id(type);
        ServerClient.Response r = call("POST", "/entities", "{\"id\":\"" + id + "\",\"type\":\"" + type + "\"," + speed(10, 0) + "}");
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        append(id, "\"segment\":{\"type\":\"Relationship\",\"object\":\"urn:ngsi-ld:RoadSegment:a\",\"observedAt\":\"" + at(5) + "\"}");
        append(id, speed(20, 10));
        append(id, speed(30, 20));
        append(id, "\"segment\":{\"type\":\"Relationship\",\"object\":\"urn:ngsi-ld:RoadSegment:b\",\"observedAt\":\"" + at(25) + "\"}");
        append(id, speed(40, 30));
        return id;
    }

    private void append(String id, String attribute) {
        ServerClient.Response r = call("POST", "/entities/" + id + "/attrs", "{" + attribute + "}");
        assertThat(r.status()).as(r.body()).isEqualTo(204);
    }

    private ServerClient.Response get(String pathAndQuery) {
        return call("GET", "/temporal/entities" + pathAndQuery, null);
    }

    private static List<String> ids(JsonNode array) {
        List<String> ids = new ArrayList<>();
        array.forEach(e -> ids.add(e.get("id").asText()));
        return ids;
    }

    // ------------------------------------------------------------------ 5.7.3 retrieve

    /** 6.3.4: an Accept that allows neither JSON nor JSON-LD is 406, on retrieval and query alike. */
    @Test
    void temporalAnswersToAnAcceptAllowingNeitherJsonNorJsonLdAre406() {
        String type = type();
        String id = history(type);
        for (String path : List.of("/" + id, "?type=" + type)) {
            ServerClient.Response r = client.send("GET", V1 + "/temporal/entities" + path, ADMIN, null, null,
                    Map.of("Accept", "text/html"));
            assertThat(r.status()).as(path + " " + r.body()).isEqualTo(406);
            ServerClient.Response json = client.send("GET", V1 + "/temporal/entities" + path, ADMIN, null, null,
                    Map.of("Accept", "text/html;q=0.9, application/json;q=0.5"));
            assertThat(json.status()).as(path + " " + json.body()).isEqualTo(200);
        }
    }

    /** 5.7.3.4: an entity id that is not a URI is BadRequestData. */
    @Test
    void retrieveTemporalWithAnIdThatIsNotAUriIsBadRequestData() {
        assertProblem(get("/not-a-uri"), 400, BAD_REQUEST_DATA);
    }

    /**
     * 5.2.20 and 4.5.8: the temporal representation: id, type, and per attribute the array of its
     * instances, each a full attribute (type, value or object) with its observedAt.
     */
    @Test
    void temporalRepresentationListsEachInstanceAsAnAttributeWithItsObservedAt() {
        String type = type();
        String id = history(type);
        JsonNode entity = get("/" + id).json();
        assertThat(entity.get("id").asText()).isEqualTo(id);
        assertThat(entity.get("type").asText()).isEqualTo(type);
        JsonNode speed = entity.get("speed");
        assertThat(speed).hasSize(4);
        for (int i = 0; i < 4; i++) {
            assertThat(speed.get(i).get("type").asText()).isEqualTo("Property");
            assertThat(speed.get(i).get("value").asDouble()).isEqualTo(10 * (i + 1));
            assertThat(speed.get(i).get("observedAt").asText()).isEqualTo(at(10 * i));
        }
        JsonNode segment = entity.get("segment");
        assertThat(segment).extracting(s -> s.get("type").asText()).containsExactly("Relationship", "Relationship");
        assertThat(segment).extracting(s -> s.get("object").asText())
                .containsExactly("urn:ngsi-ld:RoadSegment:a", "urn:ngsi-ld:RoadSegment:b");
    }

    /** 4.11: timerel=between needs an endTimeAt after timeAt. */
    @Test
    void timerelBetweenWithEndTimeAtNotAfterTimeAtIsBadRequestData() {
        String id = history(type());
        assertProblem(get("/" + id + "?timerel=between&timeAt=" + query(20) + "&endTimeAt=" + query(10)), 400, BAD_REQUEST_DATA);
        assertProblem(get("/" + id + "?timerel=between&timeAt=" + query(20) + "&endTimeAt=" + query(20)), 400, BAD_REQUEST_DATA);
    }

    /** 4.11: timeAt and endTimeAt are DateTimes. */
    @Test
    void timeAtThatIsNotADateTimeIsBadRequestData() {
        String id = history(type());
        assertProblem(get("/" + id + "?timerel=before&timeAt=yesterday"), 400, BAD_REQUEST_DATA);
        assertProblem(get("/" + id + "?timerel=between&timeAt=" + query(0) + "&endTimeAt=later"), 400, BAD_REQUEST_DATA);
    }

    /** 4.11: timeproperty is one of observedAt, createdAt, modifiedAt, deletedAt. */
    @Test
    void anUnknownTimepropertyIsBadRequestData() {
        String id = history(type());
        assertProblem(get("/" + id + "?timeproperty=updatedAt&timerel=before&timeAt=" + query(20)), 400, BAD_REQUEST_DATA);
    }

    /** 4.11: timeproperty observedAt is the default, and naming it changes nothing. */
    @Test
    void timepropertyObservedAtIsTheDefault() {
        String id = history(type());
        String range = "?attrs=speed&timerel=before&timeAt=" + query(20);
        assertThat(get("/" + id + range + "&timeproperty=observedAt").json()).isEqualTo(get("/" + id + range).json());
        assertThat(get("/" + id + range).json().get("speed")).hasSize(2);
    }

    /** 4.11 (not implemented): timeproperty createdAt or modifiedAt is OperationNotSupported, said so. */
    @Test
    void timepropertyModifiedAtIsOperationNotSupported() {
        String id = history(type());
        ServerClient.Response r = get("/" + id + "?timeproperty=modifiedAt&timerel=before&timeAt=" + query(20));
        assertProblem(r, 422, NOT_SUPPORTED);
        assertThat(r.json().get("detail").asText()).contains("modifiedAt");
    }

    /** 4.5.9 (options=temporalValues): a Relationship's instances are its objects with their times. */
    @Test
    void temporalValuesOfARelationshipAreObjectsWithTheirTimes() {
        String id = history(type());
        JsonNode segment = get("/" + id + "?attrs=segment&options=temporalValues").json().get("segment");
        assertThat(segment.get("type").asText()).isEqualTo("Relationship");
        assertThat(segment.get("objects").get(0).get(0).asText()).isEqualTo("urn:ngsi-ld:RoadSegment:a");
        assertThat(segment.get("objects").get(0).get(1).asText()).isEqualTo(at(5));
        assertThat(segment.get("objects").get(1).get(0).asText()).isEqualTo("urn:ngsi-ld:RoadSegment:b");
    }

    /** 5.7.3.4 (lastN): the last N instances of the range, whose times stay in ascending order. */
    @Test
    void lastNTakesTheLastInstancesOfTheTimeRange() {
        String id = history(type());
        JsonNode speed = get("/" + id + "?attrs=speed&lastN=2&timerel=before&timeAt=" + query(25)).json().get("speed");
        assertThat(speed).extracting(s -> s.get("value").asInt()).containsExactly(20, 30);
    }

    /** 4.5.19: the aggregated representation needs aggrMethods. */
    @Test
    void aggregatedValuesWithoutAggrMethodsIsBadRequestData() {
        String id = history(type());
        assertProblem(get("/" + id + "?options=aggregatedValues&aggrPeriodDuration=PT1H"), 400, BAD_REQUEST_DATA);
    }

    /** 4.5.19: aggregated values of the range: one period per aggrPeriodDuration, [value, start, end] per method. */
    @Test
    void aggregatedValuesArePerMethodAndPeriod() {
        String id = history(type());
        JsonNode speed = get("/" + id + "?attrs=speed&options=aggregatedValues&aggrMethods=max,totalCount&aggrPeriodDuration=PT15M"
                + "&timerel=between&timeAt=" + query(0) + "&endTimeAt=" + query(30)).json().get("speed");
        assertThat(speed.get("type").asText()).isEqualTo("Property");
        assertThat(speed.get("max")).hasSize(2);
        assertThat(speed.get("max").get(0).get(0).asDouble()).isEqualTo(20);
        assertThat(speed.get("max").get(0).get(1).asText()).isEqualTo(at(0));
        assertThat(speed.get("max").get(0).get(2).asText()).isEqualTo(at(15));
        assertThat(speed.get("max").get(1).get(0).asDouble()).isEqualTo(30);
        assertThat(speed.get("totalCount")).extracting(p -> p.get(0).asInt()).containsExactly(2, 1);
    }

    /** 4.5.19 (not implemented): distinctCount is OperationNotSupported, said so. */
    @Test
    void aggrMethodDistinctCountIsOperationNotSupported() {
        String id = history(type());
        assertProblem(get("/" + id + "?aggrMethods=distinctCount"), 422, NOT_SUPPORTED);
    }

    /** 6.3.6 and 6.19.3.1: as application/json, the context is named by a Link header, not put in the body. */
    @Test
    void retrieveTemporalAsJsonNamesTheContextInALinkHeader() {
        String id = history(type());
        ServerClient.Response r = linked("GET", "/temporal/entities/" + id + "?lastN=1", null);
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.contentType()).hasValueSatisfying(c -> assertThat(c).startsWith("application/json"));
        assertThat(r.json().has("@context")).isFalse();
        assertThat(r.header("Link")).hasValueSatisfying(l -> assertThat(l).contains(TRANSPORTATION));
    }

    // ------------------------------------------------------------------ 5.7.4 query

    /** 5.7.4.4: a query needs at least a type (or attributes, a q or a geo-query): BadRequestData otherwise. */
    @Test
    void queryTemporalWithoutAnySelectorIsBadRequestData() {
        assertProblem(get("?timerel=after&timeAt=" + query(0)), 400, BAD_REQUEST_DATA);
    }

    /** 5.7.4.4: an id in the list that is not a URI is BadRequestData. */
    @Test
    void queryTemporalWithAnIdThatIsNotAUriIsBadRequestData() {
        assertProblem(get("?type=" + type() + "&id=not-a-uri&timerel=after&timeAt=" + query(0)), 400, BAD_REQUEST_DATA);
    }

    /** 5.7.4.4: an entity without any instance in the time range is not in the answer, nor counted. */
    @Test
    void queryTemporalLeavesOutEntitiesWithoutInstancesInTheTimeRange() {
        String type = type();
        String early = history(type);
        String late = id(type);
        ServerClient.Response created = call("POST", "/entities", "{\"id\":\"" + late + "\",\"type\":\"" + type + "\","
                + speed(99, 120) + "}");
        assertThat(created.status()).isEqualTo(201);
        ServerClient.Response r = get("?type=" + type + "&count=true&timerel=after&timeAt=" + query(60));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(ids(r.json())).containsExactly(late);
        assertThat(r.header("NGSILD-Results-Count")).hasValue("1");
        assertThat(ids(get("?type=" + type + "&timerel=before&timeAt=" + query(60)).json())).containsExactly(early);
    }

    /** 5.7.4.4: with attrs, only entities with an instance of at least one of them are in the answer. */
    @Test
    void queryTemporalWithAttrsLeavesOutEntitiesWithoutThem() {
        String type = type();
        String withSegment = history(type);
        String withoutSegment = id(type);
        assertThat(call("POST", "/entities", "{\"id\":\"" + withoutSegment + "\",\"type\":\"" + type + "\"," + speed(5, 0) + "}")
                .status()).isEqualTo(201);
        JsonNode answer = get("?type=" + type + "&attrs=segment&timerel=after&timeAt=" + query(-60)).json();
        assertThat(ids(answer)).containsExactly(withSegment);
        assertThat(answer.get(0).has("speed")).as("projected on attrs").isFalse();
        List<String> both = new ArrayList<>(List.of(withSegment, withoutSegment));
        both.sort(null);
        assertThat(ids(get("?type=" + type + "&attrs=speed&timerel=after&timeAt=" + query(-60)).json())).containsExactlyElementsOf(both);
    }

    /** 5.7.4.4: attrs alone select every entity, of any type, with an instance of one of them in the range. */
    @Test
    void queryTemporalByAttrsAloneCoversEveryType() {
        String attribute = "lux" + UUID.randomUUID().toString().replace("-", "");
        List<String> lit = new ArrayList<>();
        for (String type : List.of(type(), type())) {
            String id = id(type);
            ServerClient.Response r = call("POST", "/entities", "{\"id\":\"" + id + "\",\"type\":\"" + type + "\",\""
                    + attribute + "\":{\"type\":\"Property\",\"value\":3,\"observedAt\":\"" + at(10) + "\"}}");
            assertThat(r.status()).as(r.body()).isEqualTo(201);
            lit.add(id);
        }
        history(type()); // no such attribute
        lit.sort(null);

        ServerClient.Response r = get("?attrs=" + attribute + "&count=true&timerel=after&timeAt=" + query(0));

        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(ids(r.json())).containsExactlyElementsOf(lit);
        assertThat(r.header("NGSILD-Results-Count")).hasValue("2");
        assertThat(r.json().get(0).get(attribute).get(0).get("value").asInt()).isEqualTo(3);
        assertThat(ids(get("?attrs=" + attribute + "&timerel=after&timeAt=" + query(20)).json())).as("out of range").isEmpty();
    }

    /** 5.7.4.4 (lenient): a query by ids alone, which the clause does not require servers to take, is answered. */
    @Test
    void queryTemporalByIdsAloneIsAnswered() {
        String type = type();
        String a = history(type);
        history(type);
        assertThat(ids(get("?id=" + a + "&timerel=after&timeAt=" + query(-60)).json())).containsExactly(a);
    }

    /** 5.7.4.4 (not implemented): q on the temporal query is refused with BadRequestData saying so, not ignored. */
    @Test
    void queryTemporalWithQIsRefusedNotIgnored() {
        ServerClient.Response r = get("?type=" + type() + "&q=speed%3E10&timerel=after&timeAt=" + query(0));
        assertProblem(r, 400, BAD_REQUEST_DATA);
        assertThat(r.json().get("detail").asText()).contains("not supported");
    }

    /**
     * 6.18.3.1, 6.19.3.2, 6.20–6.22 (not implemented): the temporal API's writes are
     * OperationNotSupported, said so (not 405), and write nothing.
     */
    @Test
    void temporalWritesAreOperationNotSupported() {
        String type = type();
        String id = id(type);
        String body = "{\"id\":\"" + id + "\",\"type\":\"" + type + "\",\"speed\":[{\"type\":\"Property\",\"value\":1,"
                + "\"observedAt\":\"" + at(0) + "\"}]}";
        for (String[] request : new String[][] {{"POST", "/temporal/entities", body}, {"DELETE", "/temporal/entities/" + id, null},
            {"POST", "/temporal/entities/" + id + "/attrs", "{}"}, {"DELETE", "/temporal/entities/" + id + "/attrs/speed", null},
            {"PATCH", "/temporal/entities/" + id + "/attrs/speed/urn:ngsi-ld:Instance:1", "{}"}}) {
            ServerClient.Response r = call(request[0], request[1], request[2]);
            assertProblem(r, 422, NOT_SUPPORTED);
            assertThat(r.json().get("detail").asText()).as(request[1]).contains("not supported");
        }
        assertThat(get("/" + id).status()).as("nothing written").isEqualTo(404);
    }

    /** 6.18.3.2 (Accept application/ld+json): each entity of the answer carries the @context. */
    @Test
    void queryTemporalAsLdJsonCarriesTheContextInEachEntity() {
        String type = type();
        history(type);
        ServerClient.Response r = client.send("GET", V1 + "/temporal/entities?type=" + type + "&lastN=1&timerel=after&timeAt="
                + query(0), ADMIN, null, null, Map.of("Accept", "application/ld+json"));
        assertThat(r.contentType()).hasValueSatisfying(c -> assertThat(c).startsWith("application/ld+json"));
        assertThat(r.json().get(0).has("@context")).isTrue();
    }
}
