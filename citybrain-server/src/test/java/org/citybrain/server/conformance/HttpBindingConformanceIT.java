package org.citybrain.server.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import org.citybrain.server.ServerClient;
import org.junit.jupiter.api.Test;

/**
 * The HTTP binding of the entity operations (ETSI GS CIM 009 V1.6.1, clauses 5.5 and 6.3):
 * content types asked and given, where the JSON-LD {@code @context} comes from and where it goes,
 * status codes and the shape of errors. docs/hub/conformance/entities.md lists the rules.
 */
class HttpBindingConformanceIT extends ConformanceServer {
    private static final String CORE = "https://uri.etsi.org/ngsi-ld/v1/ngsi-ld-core-context.jsonld";
    private static final String OTHER_CONTEXT =
            "https://raw.githubusercontent.com/smart-data-models/dataModel.Environment/master/context.jsonld";

    private String created() {
        String id = id("Sensor");
        ServerClient.Response r = call("POST", "/entities", EntityProvisionConformanceIT.entity(id, "Sensor"));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return id;
    }

    private ServerClient.Response get(String path, Map<String, String> headers) {
        return client.send("GET", V1 + path, ADMIN, null, null, headers);
    }

    private ServerClient.Response send(String method, String path, String body, String contentType, Map<String, String> headers) {
        return client.send(method, V1 + path, ADMIN, body, contentType, headers);
    }

    /** What the server answers to a request written byte by byte, as clients that do not percent-encode send it. */
    private String raw(String requestLine) throws java.io.IOException {
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write((requestLine + "\r\nHost: localhost\r\nAuthorization: Bearer " + ADMIN
                    + "\r\nConnection: close\r\n\r\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return new String(socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    // ------------------------------------------------------------------ 6.3 query strings as clients send them

    /** Unencoded brackets, comparison signs and quotes in a query (as curl -G -d sends them) are read as if encoded. */
    @Test
    void unencodedBracketsComparisonsAndQuotesInTheQueryAreReadAsEncoded() throws Exception {
        String id = created();
        String answer = raw("GET " + V1 + "/entities?type=Sensor&q=speed>11;speed<13;segment==\"urn:ngsi-ld:RoadSegment:s1\""
                + "&id=" + id + "&attrs=speed HTTP/1.1");
        assertThat(answer).startsWith("HTTP/1.1 200").contains(id);
        String geo = raw("GET " + V1 + "/entities?type=Sensor&georel=near;maxDistance==10&geometry=Point&coordinates=[0,0]"
                + " HTTP/1.1");
        assertThat(geo).startsWith("HTTP/1.1 200");
    }

    /** A request Tomcat cannot parse is a 400 ProblemDetails in JSON, like every other error, not an HTML page. */
    @Test
    void aRequestThatIsNotValidHttpIsAProblemDetails400() throws Exception {
        String answer = raw("GET " + V1 + "/entities?type=Sensor&q=name==a b HTTP/1.1");
        assertThat(answer).startsWith("HTTP/1.1 400").contains("application/json").contains("\"status\":400")
                .doesNotContain("<html");
    }

    // ------------------------------------------------------------------ 6.3.4 Content-Type of requests

    /** 6.3.4: a body in another media type than JSON or JSON-LD is 415, whatever the body holds. */
    @Test
    void aBodyThatIsNeitherJsonNorJsonLdIs415() {
        String id = id("Sensor");
        assertThat(send("POST", "/entities", EntityProvisionConformanceIT.entity(id, "Sensor"), "application/xml", Map.of())
                .status()).isEqualTo(415);
        assertThat(send("POST", "/entities", "speed=12", "text/plain", Map.of()).status()).isEqualTo(415);
        assertThat(call("GET", "/entities/" + id, null).status()).isEqualTo(404);
    }

    /** 6.3.4: the same for every operation with a body (attributes, batches). */
    @Test
    void everyOperationWithABodyRefusesOtherMediaTypesWith415() {
        String id = created();
        String attrs = "{\"speed\":{\"type\":\"Property\",\"value\":1}}";
        assertThat(send("POST", "/entities/" + id + "/attrs", attrs, "text/plain", Map.of()).status()).isEqualTo(415);
        assertThat(send("PATCH", "/entities/" + id + "/attrs", attrs, "text/plain", Map.of()).status()).isEqualTo(415);
        assertThat(send("PATCH", "/entities/" + id + "/attrs/speed", "{\"value\":1}", "text/plain", Map.of()).status())
                .isEqualTo(415);
        assertThat(send("POST", "/entityOperations/upsert", "[]", "application/xml", Map.of()).status()).isEqualTo(415);
    }

    /** 6.3.4: application/merge-patch+json is taken as JSON for PATCH. */
    @Test
    void mergePatchJsonIsAcceptedForPatch() {
        String id = created();
        assertThat(send("PATCH", "/entities/" + id + "/attrs/speed", "{\"value\":2}", "application/merge-patch+json", Map.of())
                .status()).isEqualTo(204);
    }

    // ------------------------------------------------------------------ 6.3.4 Accept

    /** 6.3.4: an Accept that allows neither JSON nor JSON-LD is 406. */
    @Test
    void anAcceptOfNeitherJsonNorJsonLdIs406() {
        String id = created();
        assertThat(get("/entities/" + id, Map.of("Accept", "application/xml")).status()).isEqualTo(406);
        assertThat(get("/entities/" + id, Map.of("Accept", "text/html")).status()).isEqualTo(406);
        assertThat(get("/entities?type=Sensor&id=" + id, Map.of("Accept", "text/csv")).status()).isEqualTo(406);
    }

    // ------------------------------------------------------------------ 6.3.15 GeoJSON

    private String createdWithGeometry() {
        String id = id("Sensor");
        ServerClient.Response r = call("POST", "/entities", "{\"id\":\"" + id + "\",\"type\":\"Sensor\","
                + "\"speed\":{\"type\":\"Property\",\"value\":12},"
                + "\"location\":{\"type\":\"GeoProperty\",\"value\":{\"type\":\"Point\",\"coordinates\":[120.1,30.2]}},"
                + "\"area\":{\"type\":\"GeoProperty\",\"value\":{\"type\":\"Point\",\"coordinates\":[121.0,31.0]}}}");
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return id;
    }

    /** 6.3.15: Accept application/geo+json gives a Feature: geometry from location, the rest in properties. */
    @Test
    void geoJsonRetrievalIsAFeatureWithTheLocationAsGeometry() {
        String id = createdWithGeometry();
        ServerClient.Response r = get("/entities/" + id, Map.of("Accept", "application/geo+json"));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.contentType()).hasValueSatisfying(t -> assertThat(t).startsWith("application/geo+json"));
        JsonNode feature = r.json();
        assertThat(feature.get("type").asText()).isEqualTo("Feature");
        assertThat(feature.get("id").asText()).isEqualTo(id);
        assertThat(feature.get("geometry").get("coordinates").get(0).asDouble()).isEqualTo(120.1);
        assertThat(feature.get("properties").get("type").asText()).isEqualTo("Sensor");
        assertThat(feature.get("properties").get("speed").get("value").asInt()).isEqualTo(12);
        assertThat(feature.get("@context").toString()).contains(CORE);
        JsonNode simplified = get("/entities/" + id + "?options=keyValues", Map.of("Accept", "application/geo+json")).json();
        assertThat(simplified.get("properties").get("speed").asInt()).isEqualTo(12);
    }

    /** 6.3.15: geometryProperty picks the GeoProperty; an entity without it has a null geometry. */
    @Test
    void geometryPropertyPicksTheGeometry() {
        String id = createdWithGeometry();
        JsonNode area = get("/entities/" + id + "?geometryProperty=area", Map.of("Accept", "application/geo+json")).json();
        assertThat(area.get("geometry").get("coordinates").get(0).asDouble()).isEqualTo(121.0);
        JsonNode none = get("/entities/" + created(), Map.of("Accept", "application/geo+json")).json();
        assertThat(none.get("geometry").isNull()).isTrue();
    }

    /** 6.3.15: a query in GeoJSON is a FeatureCollection of the matching entities. */
    @Test
    void geoJsonQueryIsAFeatureCollection() {
        String id = createdWithGeometry();
        ServerClient.Response r = get("/entities?type=Sensor&id=" + id, Map.of("Accept", "application/geo+json"));
        assertThat(r.contentType()).hasValueSatisfying(t -> assertThat(t).startsWith("application/geo+json"));
        assertThat(r.json().get("type").asText()).isEqualTo("FeatureCollection");
        assertThat(r.json().get("features")).extracting(f -> f.get("id").asText()).containsExactly(id);
        assertThat(r.json().get("@context").toString()).contains(CORE);
    }

    /** 6.3.4: JSON comes before GeoJSON when both are equally acceptable; answers about types are never GeoJSON. */
    @Test
    void jsonWinsOverGeoJsonOnATieAndTypesAreNeverGeoJson() {
        String id = createdWithGeometry();
        assertThat(get("/entities/" + id, Map.of("Accept", "application/geo+json, application/json")).contentType())
                .hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
        assertThat(get("/types", Map.of("Accept", "application/geo+json")).status()).isEqualTo(406);
    }

    /** 6.3.4: without a preference (no Accept, or {@code *}/{@code *}) the answer is application/json. */
    @Test
    void noAcceptOrAnyTypeGivesApplicationJson() {
        String id = created();
        for (Map<String, String> headers : java.util.List.of(Map.<String, String>of(), Map.of("Accept", "*/*"),
                Map.of("Accept", "application/*"), Map.of("Accept", "application/ld+json, application/json"))) {
            ServerClient.Response r = get("/entities/" + id, headers);
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.contentType()).as(headers.toString()).hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
            assertThat(r.json().has("@context")).isFalse();
        }
    }

    /** 6.3.4: quality values decide between JSON and JSON-LD. */
    @Test
    void qualityValuesChooseBetweenJsonAndJsonLd() {
        String id = created();
        ServerClient.Response r = get("/entities/" + id, Map.of("Accept", "application/json;q=0.1, application/ld+json;q=0.9"));
        assertThat(r.contentType()).hasValueSatisfying(t -> assertThat(t).startsWith("application/ld+json"));
        assertThat(r.json().has("@context")).isTrue();
        ServerClient.Response q = get("/entities?type=Sensor&id=" + id, Map.of("Accept", "application/ld+json;q=0.5, */*"));
        assertThat(q.contentType()).hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
    }

    // ------------------------------------------------------------------ 6.3.5 @context of requests

    /** 6.3.5: application/ld+json with a JSON-LD Link header as well is BadRequestData. */
    @Test
    void ldJsonWithALinkHeaderIsBadRequestData400() {
        String id = id("TrafficFlowObserved");
        String body = EntityProvisionConformanceIT.trafficFlow(id).replaceFirst("\\{", "{\"@context\":\"" + TRANSPORTATION + "\",");
        ServerClient.Response r = send("POST", "/entities", body, "application/ld+json", Map.of("Link", LINK));
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().get("detail").asText()).contains("Link");
        assertThat(r.json().get("type").asText()).isEqualTo(BAD_REQUEST_DATA);
        assertThat(call("GET", "/entities/" + id, null).status()).isEqualTo(404);
    }

    /** 6.3.5: the @context of an application/ld+json body expands its terms as a Link header would. */
    @Test
    void theBodysContextExpandsTermsLikeALinkHeader() {
        String id = id("TrafficFlowObserved");
        String body = EntityProvisionConformanceIT.trafficFlow(id).replaceFirst("\\{", "{\"@context\":[\"" + TRANSPORTATION + "\",\""
                + CORE + "\"],");
        ServerClient.Response r = send("POST", "/entities", body, "application/ld+json", Map.of());
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        JsonNode linked = linked("GET", "/entities/" + id, null).json();
        assertThat(linked.get("intensity").get("value").asInt()).isEqualTo(7);
        assertThat(call("GET", "/entities/" + id, null).json().has("intensity")).as("core context: a full IRI").isFalse();
    }

    /** 6.3.5 / JSON-LD 1.1 (annex C.7): only one JSON-LD context Link header. */
    @Test
    void twoContextLinkHeadersAreBadRequestData400() {
        String two = LINK + ", <" + OTHER_CONTEXT + ">; rel=\"http://www.w3.org/ns/json-ld#context\"; type=\"application/ld+json\"";
        String id = id("Sensor");
        ServerClient.Response r = send("POST", "/entities", EntityProvisionConformanceIT.entity(id, "Sensor"), "application/json",
                Map.of("Link", two));
        assertThat(r.status()).as(r.body()).isEqualTo(400);
        assertThat(r.json().get("type").asText()).isEqualTo(BAD_REQUEST_DATA);
        assertThat(get("/entities/" + created(), Map.of("Link", two)).status()).isEqualTo(400);
    }

    /** 6.3.5: a Link header of another relation is not a context and is ignored. */
    @Test
    void aLinkHeaderOfAnotherRelationIsIgnored() {
        String id = created();
        ServerClient.Response r = get("/entities/" + id, Map.of("Link", "<https://example.org/doc>; rel=\"describedby\""));
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().get("speed").get("value").asInt()).isEqualTo(12);
    }

    // ------------------------------------------------------------------ 6.3.6 @context of answers

    /** 6.3.6: a JSON answer names its context in a Link header: the core context when the request gave none. */
    @Test
    void aJsonAnswerLinksTheCoreContextWhenNoneWasGiven() {
        String id = created();
        for (String path : new String[] {"/entities/" + id, "/entities/" + id + "?options=keyValues", "/entities?type=Sensor&id=" + id}) {
            ServerClient.Response r = get(path, Map.of());
            assertThat(r.header("Link")).as(path).hasValueSatisfying(l -> assertThat(l).contains("<" + CORE + ">")
                    .contains("rel=\"http://www.w3.org/ns/json-ld#context\""));
        }
    }

    /** 6.3.6: a JSON answer to a request with a Link header links that same context. */
    @Test
    void aJsonAnswerLinksTheRequestsContext() {
        String id = created();
        assertThat(linked("GET", "/entities/" + id, null).header("Link")).hasValueSatisfying(l -> assertThat(l).contains(TRANSPORTATION));
        assertThat(linked("GET", "/entities?type=https://uri.etsi.org/ngsi-ld/default-context/Sensor&id=" + id, null).header("Link")).hasValueSatisfying(l -> assertThat(l).contains(TRANSPORTATION));
    }

    /** 6.3.6: a JSON-LD answer carries the @context in the body (the core one if none was given) and no Link header. */
    @Test
    void aJsonLdAnswerCarriesTheCoreContextInTheBody() {
        String id = created();
        ServerClient.Response r = get("/entities/" + id, Map.of("Accept", "application/ld+json"));
        assertThat(r.json().get("@context").toString()).contains(CORE);
        assertThat(r.header("Link")).isEmpty();
        ServerClient.Response list = get("/entities?type=Sensor&id=" + id, Map.of("Accept", "application/ld+json"));
        assertThat(list.json().get(0).get("@context").toString()).contains(CORE);
    }

    /** 6.3.6 / 5.7.5–5.7.10: answers about types and attributes follow the same rules as entities. */
    @Test
    void typesAndAttributesAnswersNameTheirContextToo() {
        created();
        for (String path : new String[] {"/types", "/types?details=true", "/types/Sensor", "/attributes", "/attributes/speed"}) {
            ServerClient.Response json = get(path, Map.of());
            assertThat(json.header("Link")).as(path).hasValueSatisfying(l -> assertThat(l).contains("<" + CORE + ">"));
            ServerClient.Response ld = get(path, Map.of("Accept", "application/ld+json"));
            assertThat(ld.contentType()).as(path).hasValueSatisfying(t -> assertThat(t).startsWith("application/ld+json"));
            JsonNode first = ld.json().isArray() ? ld.json().get(0) : ld.json();
            assertThat(first.get("@context").toString()).as(path).contains(CORE);
            assertThat(get(path, Map.of("Accept", "text/html")).status()).as(path).isEqualTo(406);
        }
    }

    // ------------------------------------------------------------------ 4.14 tenants (not implemented)

    /** 4.14 (not implemented): a request for a tenant is 501 NoMultiTenantSupport, reads and writes alike. */
    @Test
    void aRequestForATenantIsNoMultiTenantSupport501() {
        String id = created();
        ServerClient.Response read = get("/entities/" + id, Map.of("NGSILD-Tenant", "district7"));
        assertThat(read.status()).isEqualTo(501);
        assertThat(read.json().get("type").asText()).isEqualTo("https://uri.etsi.org/ngsi-ld/errors/NoMultiTenantSupport");
        String other = id("Sensor");
        ServerClient.Response write = send("POST", "/entities", EntityProvisionConformanceIT.entity(other, "Sensor"),
                "application/json", Map.of("NGSILD-Tenant", "district7"));
        assertThat(write.status()).isEqualTo(501);
        assertThat(call("GET", "/entities/" + other, null).status()).as("nothing written to the default tenant").isEqualTo(404);
        assertThat(get("/types", Map.of("NGSILD-Tenant", "district7")).status()).isEqualTo(501);
    }

    // ------------------------------------------------------------------ 6.3.2 statuses, 5.5 errors

    /** 6.3.2: a method the resource does not have is 405 with an Allow header naming those it has. */
    @Test
    void anUnsupportedMethodIs405WithAllow() {
        ServerClient.Response r = send("PUT", "/entities", "{}", "application/json", Map.of());
        assertThat(r.status()).isEqualTo(405);
        assertThat(r.header("Allow")).hasValueSatisfying(a -> assertThat(a).contains("GET", "POST"));
        ServerClient.Response types = send("DELETE", "/types", null, null, Map.of());
        assertThat(types.status()).isEqualTo(405);
        assertThat(types.header("Allow")).hasValueSatisfying(a -> assertThat(a).contains("GET"));
    }

    /** 6.3.2 / 5.6.1: Location of a created entity is its resource path. */
    @Test
    void theLocationOfACreatedEntityRetrievesIt() {
        String id = id("Sensor");
        ServerClient.Response r = call("POST", "/entities", EntityProvisionConformanceIT.entity(id, "Sensor"));
        String location = r.header("Location").orElseThrow();
        assertThat(client.send("GET", location, ADMIN, null).json().get("id").asText()).isEqualTo(id);
    }

    /** 6.3.2 / 5.6.1: the Location of an entity whose id has a '?' or '#' keeps them in its path segment. */
    @Test
    void theLocationOfAnIdWithAQueryOrFragmentCharacterRetrievesIt() {
        String id = id("Sensor") + "?part=1#a";
        ServerClient.Response r = call("POST", "/entities", EntityProvisionConformanceIT.entity(id, "Sensor"));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        String location = r.header("Location").orElseThrow();
        assertThat(location).doesNotContain("?", "#");
        ServerClient.Response read = client.send("GET", location, ADMIN, null);
        assertThat(read.status()).as(location + ": " + read.body()).isEqualTo(200);
        assertThat(read.json().get("id").asText()).isEqualTo(id);
    }

    /** 5.5: every error is ProblemDetails: type, title, status and detail, as application/json. */
    @Test
    void errorsAreProblemDetails() {
        for (ServerClient.Response r : new ServerClient.Response[] {call("GET", "/entities/" + id("Sensor"), null),
            call("POST", "/entities", "{\"id\":\"x\"}"), call("POST", "/entities", "{"),
            get("/entities/" + created(), Map.of("Accept", "text/html")),
            send("POST", "/entities", "a=b", "text/plain", Map.of())}) {
            assertThat(r.contentType()).as(r.body()).hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
            JsonNode problem = r.json();
            assertThat(problem.get("type").asText()).as(r.body()).isNotBlank();
            assertThat(problem.get("title").asText()).isNotBlank();
            assertThat(problem.get("status").asInt()).isEqualTo(r.status());
            assertThat(problem.get("detail").asText()).isNotBlank();
        }
    }
}
