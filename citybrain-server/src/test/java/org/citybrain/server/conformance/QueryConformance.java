package org.citybrain.server.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.citybrain.server.ServerClient;

/**
 * What the query classes of the suite share: fresh entity types (so that a query's answer is
 * exactly what the test made), entities written as JSON, queries sent with their parameters
 * percent-encoded as clients must (clause 4.9: the query string is URI-encoded), and the ids and
 * problems that come back.
 */
abstract class QueryConformance extends ConformanceServer {
    static final String ERRORS = "https://uri.etsi.org/ngsi-ld/errors/";

    /** A type name no other test uses: {@code <prefix><32 hex digits>}. */
    static String freshType(String prefix) {
        return prefix + UUID.randomUUID().toString().replace("-", "");
    }

    /** An entity with {@code members} (JSON members after id and type, or empty). */
    static String entity(String id, String type, String members) {
        return "{\"id\":\"" + id + "\",\"type\":\"" + type + "\"" + (members.isEmpty() ? "" : "," + members) + "}";
    }

    /** A Property member {@code "name":{"type":"Property","value":<json>}}. */
    static String property(String name, String json) {
        return "\"" + name + "\":{\"type\":\"Property\",\"value\":" + json + "}";
    }

    /** A Relationship member. */
    static String relationship(String name, String object) {
        return "\"" + name + "\":{\"type\":\"Relationship\",\"object\":\"" + object + "\"}";
    }

    /** A GeoProperty member holding the GeoJSON geometry {@code geometry}. */
    static String geoProperty(String name, String geometry) {
        return "\"" + name + "\":{\"type\":\"GeoProperty\",\"value\":" + geometry + "}";
    }

    /** Creates {@code json} (core context only), failing the test unless it is created. */
    void create(String json) {
        created(call("POST", "/entities", json), json);
    }

    /** Creates one entity of {@code type} with {@code members} (core context); its id. */
    String make(String type, String members) {
        String id = id(type);
        create(entity(id, type, members));
        return id;
    }

    /** Creates {@code json} with the Transportation context linked. */
    void createLinked(String json) {
        created(linked("POST", "/entities", json), json);
    }

    private static void created(ServerClient.Response r, String json) {
        assertThat(r.status()).as("creating %s: %s", json, r.body()).isEqualTo(201);
    }

    /**
     * Asserts that a term in query parameter {@code parameter} is expanded with the request's
     * {@code @context} (5.5.7): an entity written with the Transportation context linked, holding
     * {@code averageVehicleSpeed} 55, is found by {@code parameter=value} with that context linked
     * and not with the core context alone, where the same term names another attribute.
     */
    void assertTermsAreExpandedWithTheLinkedContext(String parameter, String value) {
        String type = freshType("Linked");
        String id = id(type);
        createLinked(entity(id, type, property("averageVehicleSpeed", "55")));
        assertThat(ids(queryLinked("type", type, parameter, value))).containsExactly(id);
        assertThat(ids(query("type", type, parameter, value))).isEmpty();
    }

    /** {@code GET /entities} with {@code parameters} (name, value, name, value, ...) encoded, core context. */
    ServerClient.Response query(String... parameters) {
        return call("GET", "/entities?" + encode(parameters), null);
    }

    /** {@code GET /entities} with the Transportation context linked. */
    ServerClient.Response queryLinked(String... parameters) {
        return linked("GET", "/entities?" + encode(parameters), null);
    }

    /** {@code GET /entities} with extra headers (Accept, ...). */
    ServerClient.Response query(Map<String, String> headers, String... parameters) {
        return client.send("GET", V1 + "/entities?" + encode(parameters), ADMIN, null, null, headers);
    }

    static String encode(String... parameters) {
        if (parameters.length % 2 != 0) {
            throw new IllegalArgumentException("parameters come as name, value pairs");
        }
        StringBuilder query = new StringBuilder();
        for (int i = 0; i < parameters.length; i += 2) {
            if (i > 0) {
                query.append('&');
            }
            query.append(parameters[i]).append('=').append(URLEncoder.encode(parameters[i + 1], StandardCharsets.UTF_8)
                    .replace("+", "%20"));
        }
        return query.toString();
    }

    /** The ids of a 200 answer, in the order given. */
    static List<String> ids(ServerClient.Response r) {
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        List<String> ids = new ArrayList<>();
        for (JsonNode e : r.json()) {
            ids.add(e.get("id").asText());
        }
        return ids;
    }

    /** Asserts a ProblemDetails answer of {@code status} and NGSI-LD error type {@code type}. */
    static JsonNode problem(ServerClient.Response r, int status, String type) {
        assertThat(r.status()).as(r.body()).isEqualTo(status);
        JsonNode body = r.json();
        assertThat(body.get("type").asText()).isEqualTo(ERRORS + type);
        assertThat(body.get("title").asText()).isNotBlank();
        return body;
    }
}
