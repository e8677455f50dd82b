package org.citybrain.server.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.UUID;
import org.citybrain.server.ServerClient;
import org.junit.jupiter.api.Test;

/**
 * JSON-LD @context management (V1.8, 5.13, 6.27; later than the V1.6.1 the rest follows): contexts
 * an administrator adds, by their own URL or hosted by the hub, then used by requests that name
 * them; never fetched. docs/hub/conformance/entities.md lists the rules.
 */
class ContextManagementConformanceIT extends ConformanceServer {
    private static final String DOCUMENT = "{\"@context\": {\"tutorial\": \"https://fiware.example/ns#\", "
            + "\"Building\": \"tutorial:Building\", \"furniture\": \"tutorial:furniture\"}}";

    private static String tutorialUrl() {
        return "https://fiware.example/" + UUID.randomUUID() + "/tutorials-context.jsonld";
    }

    private ServerClient.Response add(String url, String body) {
        return call("POST", "/jsonldContexts" + (url == null ? "" : "?url=" + url), body);
    }

    private static String path(String url) {
        return java.net.URI.create(url).getPath();
    }

    private ServerClient.Response createWith(String context, String id) {
        return client.send("POST", V1 + "/entities", ADMIN, "{\"id\": \"" + id + "\", \"type\": \"Building\", "
                + "\"furniture\": {\"type\": \"Property\", \"value\": 3}, \"@context\": \"" + context + "\"}",
                "application/ld+json", Map.of());
    }

    /** 5.13.2: an added context is used by the requests that name it, and the terms are stored expanded with it. */
    @Test
    void aContextAddedForItsUrlExpandsTheRequestsThatNameIt() {
        String url = tutorialUrl();
        String id = id("Building");
        assertProblem(createWith(url, id), 400, BAD_REQUEST_DATA);

        ServerClient.Response added = add(url, DOCUMENT);

        assertThat(added.status()).as(added.body()).isEqualTo(201);
        assertThat(added.header("Location").orElseThrow()).startsWith("http://localhost:" + port + V1 + "/jsonldContexts/");
        assertThat(createWith(url, id).status()).isEqualTo(201);
        JsonNode expanded = call("GET", "/entities/" + id, null).json();
        assertThat(expanded.has("https://fiware.example/ns#furniture")).as(expanded.toString()).isTrue();
        JsonNode compacted = client.send("GET", V1 + "/entities/" + id, ADMIN, null, "application/json",
                Map.of("Link", "<" + url + ">; rel=\"http://www.w3.org/ns/json-ld#context\"; type=\"application/ld+json\"")).json();
        assertThat(compacted.get("furniture").get("value").asInt()).isEqualTo(3);
        assertThat(compacted.get("type").asText()).isEqualTo("Building");
    }

    /** 5.13.2, 5.13.4: a hosted context is named by the URL the hub answers with, and served there without credentials. */
    @Test
    void aHostedContextIsServedPubliclyAndNamedByItsUrl() {
        ServerClient.Response added = add(null, DOCUMENT);
        assertThat(added.status()).as(added.body()).isEqualTo(201);
        String url = added.header("Location").orElseThrow();
        String location = path(url);

        ServerClient.Response served = client.send("GET", location, null, null);
        assertThat(served.status()).isEqualTo(200);
        assertThat(served.contentType().orElseThrow()).startsWith("application/ld+json");
        assertThat(served.json()).isEqualTo(client.json(DOCUMENT));
        assertThat(createWith(url, id("Building")).status()).as("named by the URL in Location").isEqualTo(201);
    }

    /** 5.13.3: listing gives the URLs, or with details each one's kind and local id; shipped contexts are Cached. */
    @Test
    void listingGivesTheUrlsAndOnRequestTheDetails() {
        String url = tutorialUrl();
        String localId = add(url, DOCUMENT).header("Location").orElseThrow().replaceAll(".*/", "");

        JsonNode urls = call("GET", "/jsonldContexts", null).json();
        assertThat(urls.toString()).contains(url, "https://uri.etsi.org/ngsi-ld/v1/ngsi-ld-core-context.jsonld");
        JsonNode details = call("GET", "/jsonldContexts?details=true&kind=Cached", null).json();
        JsonNode mine = null;
        for (JsonNode each : details) {
            assertThat(each.get("kind").asText()).isEqualTo("Cached");
            if (url.equals(each.path("URL").asText())) {
                mine = each;
            }
        }
        assertThat(mine).isNotNull();
        assertThat(mine.get("localId").asText()).isEqualTo(localId);
        assertThat(mine.get("createdAt").asText()).isNotBlank();
        for (JsonNode each : call("GET", "/jsonldContexts?details=true&kind=Hosted", null).json()) {
            assertThat(each.get("kind").asText()).isEqualTo("Hosted");
        }
        assertProblem(call("GET", "/jsonldContexts?kind=Implicit", null), 400, BAD_REQUEST_DATA);
    }

    /** 5.13.5: a deleted context is refused from then on; deleting an unknown one is ResourceNotFound. */
    @Test
    void aDeletedContextIsRefusedAndAnUnknownOneIsNotFound() {
        String url = tutorialUrl();
        String location = path(add(url, DOCUMENT).header("Location").orElseThrow());
        assertThat(createWith(url, id("Building")).status()).isEqualTo(201);

        assertThat(client.send("DELETE", location, ADMIN, null).status()).isEqualTo(204);

        assertProblem(createWith(url, id("Building")), 400, BAD_REQUEST_DATA);
        assertProblem(client.send("DELETE", location, ADMIN, null), 404, NOT_FOUND);
        assertProblem(client.send("GET", location, null, null), 404, NOT_FOUND);
        assertProblem(call("DELETE", "/jsonldContexts/x?reload=true", null), 422, NOT_SUPPORTED);
    }

    /** A context that a subscription or a device names cannot be deleted while it does: they would stop working. */
    @Test
    void aContextInUseCannotBeDeleted() {
        String url = tutorialUrl();
        String location = path(add(url, DOCUMENT).header("Location").orElseThrow());
        ServerClient.Response subscribed = client.send("POST", V1 + "/subscriptions", ADMIN, "{\"type\": \"Subscription\", "
                + "\"entities\": [{\"type\": \"Building\"}], \"notification\": {\"endpoint\": {\"uri\": "
                + "\"http://127.0.0.1:9/n\"}}, \"@context\": \"" + url + "\"}", "application/ld+json", Map.of());
        assertThat(subscribed.status()).as(subscribed.body()).isEqualTo(201);

        ServerClient.Response refused = client.send("DELETE", location, ADMIN, null);
        assertProblem(refused, 422, NOT_SUPPORTED);
        assertThat(refused.json().get("detail").asText()).contains(subscribed.header("Location").orElseThrow()
                .replaceAll(".*/", ""));
        assertThat(createWith(url, id("Building")).status()).as("still known").isEqualTo(201);

        assertThat(client.send("DELETE", subscribed.header("Location").orElseThrow(), ADMIN, null).status()).isEqualTo(204);
        assertThat(client.send("DELETE", location, ADMIN, null).status()).isEqualTo(204);
    }

    /** Bad documents, URLs taken or shipped: 4xx with the reason, nothing added. */
    @Test
    void badDocumentsAndTakenUrlsAreRefusedAndAddNothing() {
        int before = call("GET", "/jsonldContexts", null).json().size();
        String url = tutorialUrl();
        assertProblem(add(url, "{\"terms\": {}}"), 400, BAD_REQUEST_DATA);
        assertProblem(add(url, "{\"@context\": [\"https://elsewhere.example/c.jsonld\"]}"), 400, BAD_REQUEST_DATA);
        assertProblem(add("not-a-url", DOCUMENT), 400, BAD_REQUEST_DATA);
        assertProblem(add("https://uri.etsi.org/ngsi-ld/v1/ngsi-ld-core-context.jsonld", DOCUMENT), 409,
                "https://uri.etsi.org/ngsi-ld/errors/AlreadyExists");
        assertThat(call("GET", "/jsonldContexts", null).json().size()).isEqualTo(before);
        assertThat(add(url, DOCUMENT).status()).isEqualTo(201);
        assertProblem(add(url, DOCUMENT), 409, "https://uri.etsi.org/ngsi-ld/errors/AlreadyExists");
    }

    /** Adding or deleting a context changes what every request means: the administrator's alone. */
    @Test
    void onlyTheAdministratorAddsOrDeletesContexts() {
        String operator = client.newUser(ADMIN, "ctx-op-" + UUID.randomUUID().toString().substring(0, 8), "OPERATOR");
        String viewer = client.newUser(ADMIN, "ctx-view-" + UUID.randomUUID().toString().substring(0, 8), "VIEWER");
        String location = path(add(null, DOCUMENT).header("Location").orElseThrow());
        assertThat(client.send("POST", V1 + "/jsonldContexts", operator, DOCUMENT).status()).isEqualTo(403);
        assertThat(client.send("DELETE", location, operator, null).status()).isEqualTo(403);
        assertThat(client.send("POST", V1 + "/jsonldContexts", null, DOCUMENT).status()).isEqualTo(401);
        assertThat(client.send("GET", V1 + "/jsonldContexts", viewer, null).status()).isEqualTo(200);
        assertThat(client.send("GET", V1 + "/jsonldContexts", null, null).status()).isEqualTo(401);
    }
}
