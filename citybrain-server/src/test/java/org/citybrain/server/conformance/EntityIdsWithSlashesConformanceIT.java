package org.citybrain.server.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.citybrain.server.ServerClient;
import org.junit.jupiter.api.Test;

/**
 * Entity ids are URIs (clause 4.6.2), and a URI such as {@code http://example.org/roads/1} has
 * slashes: in a path a client percent-encodes the id as one segment (6.3.2), {@code %2F} for each
 * slash, and the broker reads it back whole. docs/hub/conformance/entities.md lists the rules.
 */
class EntityIdsWithSlashesConformanceIT extends ConformanceServer {

    private static String segment(String id) {
        return URLEncoder.encode(id, StandardCharsets.UTF_8);
    }

    private String created() {
        String id = "http://example.org/roads/" + UUID.randomUUID() + "/lane%201";
        ServerClient.Response r = call("POST", "/entities", "{\"id\":\"" + id + "\",\"type\":\"Segment\","
                + "\"speed\":{\"type\":\"Property\",\"value\":50}}");
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        String location = r.header("Location").orElseThrow();
        ServerClient.Response there = client.send("GET", location, ADMIN, null);
        assertThat(there.status()).as("GET " + location).isEqualTo(200);
        assertThat(there.json().get("id").asText()).isEqualTo(id);
        return id;
    }

    /** 4.6.2, 6.3.2: an id with slashes, percent-encoded in the path (the Location given too), is the entity's id. */
    @Test
    void anEntityWhoseIdHasSlashesIsRetrievedByItsPercentEncodedId() {
        String id = created();
        for (String query : new String[] {"", "?options=keyValues", "?attrs=speed"}) { // the fast path and the other
            ServerClient.Response r = call("GET", "/entities/" + segment(id) + query, null);
            assertThat(r.status()).as(query + " " + r.body()).isEqualTo(200);
            assertThat(r.json().get("id").asText()).isEqualTo(id);
        }
    }

    /** 5.6.2, 5.6.3, 5.6.6: its attributes are written and deleted through the same path. */
    @Test
    void anEntityWhoseIdHasSlashesIsUpdatedAndDeletedThroughItsPercentEncodedId() {
        String id = created();
        ServerClient.Response patched = call("PATCH", "/entities/" + segment(id) + "/attrs/speed",
                "{\"type\":\"Property\",\"value\":30}");
        assertThat(patched.status()).as(patched.body()).isEqualTo(204);
        assertThat(call("GET", "/entities/" + segment(id) + "?options=keyValues", null).json().get("speed").asInt())
                .isEqualTo(30);
        assertThat(call("DELETE", "/entities/" + segment(id), null).status()).isEqualTo(204);
        assertThat(call("GET", "/entities/" + segment(id), null).status()).isEqualTo(404);
    }

    /** An encoded slash never takes a request to another route: the id is one path segment. */
    @Test
    void encodedSlashesAndDotsStayInTheIdAndReachNoOtherRoute() {
        ServerClient.Response r = client.send("GET", V1 + "/entities/urn:x%2F..%2F..%2F..%2Fapi%2Fusers", ADMIN, null);
        assertThat(r.status()).as(r.body()).isEqualTo(404);
        assertThat(r.json().get("type").asText()).isEqualTo(NOT_FOUND);
        ServerClient.Response anonymous = client.send("GET", V1 + "/entities/urn:x%2F..%2F..%2F..%2Fapi%2Fusers", null, null);
        assertThat(anonymous.status()).as("no token: denied, whatever the path says").isEqualTo(401);
    }
}
