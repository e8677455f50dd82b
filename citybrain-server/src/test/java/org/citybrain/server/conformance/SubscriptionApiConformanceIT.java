package org.citybrain.server.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.citybrain.server.ServerClient;
import org.junit.jupiter.api.Test;

/**
 * The subscription operations (ETSI GS CIM 009, 5.8.1–5.8.5; HTTP binding 6.10, 6.11; the
 * Subscription data type 5.2.12): what is accepted, what is refused and how, what is answered.
 * Notifications are {@link NotificationConformanceIT}'s. No notification is expected here, so the
 * endpoints need not listen.
 */
class SubscriptionApiConformanceIT extends ConformanceServer {
    private static final String ENDPOINT = "http://127.0.0.1:9/notify";

    /** A subscription {@code id} to entities of {@code Vehicle}, with {@code extra} members. */
    private static String subscription(String id, String extra) {
        return "{\"id\":\"" + id + "\",\"type\":\"Subscription\",\"entities\":[{\"type\":\"Vehicle\"}],"
                + "\"notification\":{\"endpoint\":{\"uri\":\"" + ENDPOINT + "\"}}" + extra + "}";
    }

    private String created(String body) {
        ServerClient.Response r = call("POST", "/subscriptions", body);
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.header("Location").orElseThrow().substring((V1 + "/subscriptions/").length());
    }

    private JsonNode retrieved(String id) {
        ServerClient.Response r = call("GET", "/subscriptions/" + id, null);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json();
    }


    private static void assertBadRequestData(ServerClient.Response r, String jsonPath) {
        assertProblem(r, 400, BAD_REQUEST_DATA);
        assertThat(r.json().get("jsonPath").asText()).as(r.body()).isEqualTo(jsonPath);
    }

    // ------------------------------------------------------------------ 5.8.1 create

    /** 5.8.1.4: an id that is not a URI is BadRequestData. */
    @Test
    void createSubscriptionWithAnIdThatIsNotAUriIsBadRequestData() {
        assertBadRequestData(call("POST", "/subscriptions", subscription("not a uri", "")), "$.id");
    }

    /** 5.8.1.4 (JSON-LD validation, 5.5.4): a body that is not JSON is InvalidRequest. */
    @Test
    void createSubscriptionWithMalformedJsonIsInvalidRequest() {
        assertProblem(call("POST", "/subscriptions", "{\"type\":\"Subscription\","), 400, INVALID_REQUEST);
    }

    /** 5.8.1.4 and 5.2.12: an empty object lacks the mandatory members: BadRequestData. */
    @Test
    void createSubscriptionWithAnEmptyObjectIsBadRequestData() {
        assertProblem(call("POST", "/subscriptions", "{}"), 400, BAD_REQUEST_DATA);
    }

    /** 5.2.12: type is mandatory and is "Subscription". */
    @Test
    void createSubscriptionWhoseTypeIsNotSubscriptionIsBadRequestData() {
        String id = id("Subscription");
        assertBadRequestData(call("POST", "/subscriptions", subscription(id, "").replace("\"Subscription\",", "\"Vehicle\",")),
                "$.type");
        assertThat(call("GET", "/subscriptions/" + id, null).status()).as("nothing stored").isEqualTo(404);
    }

    /** 5.2.12: notification is mandatory. */
    @Test
    void createSubscriptionWithoutNotificationIsBadRequestData() {
        assertBadRequestData(call("POST", "/subscriptions", "{\"type\":\"Subscription\",\"entities\":[{\"type\":\"Vehicle\"}]}"),
                "$.notification");
    }

    /** 5.2.14 and 5.2.15: notification.endpoint.uri is mandatory. */
    @Test
    void createSubscriptionWithoutEndpointUriIsBadRequestData() {
        assertBadRequestData(call("POST", "/subscriptions", "{\"type\":\"Subscription\",\"entities\":[{\"type\":\"Vehicle\"}],"
                + "\"notification\":{\"endpoint\":{\"accept\":\"application/json\"}}}"), "$.notification.endpoint.uri");
    }

    /** 5.2.12: an empty entities array is not allowed. */
    @Test
    void createSubscriptionWithAnEmptyEntitiesArrayIsBadRequestData() {
        assertBadRequestData(call("POST", "/subscriptions", "{\"type\":\"Subscription\",\"entities\":[],"
                + "\"notification\":{\"endpoint\":{\"uri\":\"" + ENDPOINT + "\"}}}"), "$.entities");
    }

    /** 5.2.12: an empty watchedAttributes array is not allowed. */
    @Test
    void createSubscriptionWithAnEmptyWatchedAttributesArrayIsBadRequestData() {
        assertBadRequestData(call("POST", "/subscriptions", subscription(id("Subscription"), ",\"watchedAttributes\":[]")),
                "$.watchedAttributes");
    }

    /** 5.2.8 (EntityInfo): idPattern is a regular expression. */
    @Test
    void createSubscriptionWithAnInvalidIdPatternIsBadRequestData() {
        assertBadRequestData(call("POST", "/subscriptions", "{\"type\":\"Subscription\",\"entities\":[{\"type\":\"Vehicle\","
                + "\"idPattern\":\"urn:(\"}],\"notification\":{\"endpoint\":{\"uri\":\"" + ENDPOINT + "\"}}}"),
                "$.entities[0].idPattern");
    }

    /** 5.2.12: throttling is greater than 0. */
    @Test
    void createSubscriptionWithZeroThrottlingIsBadRequestData() {
        assertBadRequestData(call("POST", "/subscriptions", subscription(id("Subscription"), ",\"throttling\":0")),
                "$.throttling");
    }

    /** 5.2.12: throttling shall not appear with timeInterval: BadRequestData, whatever the server supports. */
    @Test
    void createSubscriptionWithThrottlingAndTimeIntervalIsBadRequestData() {
        assertBadRequestData(call("POST", "/subscriptions", subscription(id("Subscription"),
                ",\"throttling\":5,\"timeInterval\":10")), "$.throttling");
    }

    /** 5.2.12: watchedAttributes shall not appear with timeInterval: BadRequestData, whatever the server supports. */
    @Test
    void createSubscriptionWithWatchedAttributesAndTimeIntervalIsBadRequestData() {
        assertBadRequestData(call("POST", "/subscriptions", subscription(id("Subscription"),
                ",\"watchedAttributes\":[\"speed\"],\"timeInterval\":10")), "$.watchedAttributes");
    }

    /** 5.2.12: expiresAt is a DateTime. */
    @Test
    void createSubscriptionWithAnExpiresAtThatIsNotADateTimeIsBadRequestData() {
        assertBadRequestData(call("POST", "/subscriptions", subscription(id("Subscription"), ",\"expiresAt\":\"tomorrow\"")),
                "$.expiresAt");
    }

    /** 5.2.12: isActive is a Boolean. */
    @Test
    void createSubscriptionWithANonBooleanIsActiveIsBadRequestData() {
        assertBadRequestData(call("POST", "/subscriptions", subscription(id("Subscription"), ",\"isActive\":\"yes\"")),
                "$.isActive");
    }

    /** 5.2.12 (table 5.2.12-2): read-only members given by the client are ignored, not taken. */
    @Test
    void readOnlyMembersGivenAtCreationAreIgnored() {
        String id = created(subscription(id("Subscription"), ",\"status\":\"expired\"").replace("\"endpoint\"",
                "\"timesSent\":99,\"status\":\"failed\",\"lastSuccess\":\"2020-01-01T00:00:00Z\",\"endpoint\""));
        JsonNode s = retrieved(id);
        assertThat(s.get("status").asText()).isEqualTo("active");
        assertThat(s.get("notification").get("timesSent").asInt()).isZero();
        assertThat(s.get("notification").get("status").asText()).isEqualTo("ok");
        assertThat(s.get("notification").has("lastSuccess")).isFalse();
    }

    /** 5.2.12 and 5.2.14: the defaults: isActive true (status active), format normalized, accept application/json. */
    @Test
    void createdSubscriptionHasTheDefaultsOfItsOptionalMembers() {
        JsonNode s = retrieved(created(subscription(id("Subscription"), "")));
        assertThat(s.get("isActive").asBoolean()).isTrue();
        assertThat(s.get("status").asText()).isEqualTo("active");
        assertThat(s.get("notification").get("format").asText()).isEqualTo("normalized");
        assertThat(s.get("notification").get("endpoint").get("accept").asText()).isEqualTo("application/json");
        assertThat(s.has("throttling")).isFalse();
        assertThat(s.has("expiresAt")).isFalse();
    }

    /** 5.8.1.4 and 6.3.5: an application/ld+json body carries its own @context, which expands its names. */
    @Test
    void createSubscriptionAsLdJsonReadsTheBodysContext() {
        String id = id("Subscription");
        ServerClient.Response r = client.send("POST", V1 + "/subscriptions", ADMIN, subscription(id,
                ",\"watchedAttributes\":[\"averageVehicleSpeed\"],\"@context\":\"" + TRANSPORTATION + "\""), "application/ld+json");
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        assertThat(linked("GET", "/subscriptions/" + id, null).json().get("watchedAttributes").get(0).asText())
                .as("compacted again with the same context").isEqualTo("averageVehicleSpeed");
        assertThat(retrieved(id).get("watchedAttributes").get(0).asText()).as("the full name under the core context")
                .startsWith("https://");
    }

    // ------------------------------------------------------------------ 5.8.3 retrieve

    /** 5.8.3.4: every member given at creation is answered as given. */
    @Test
    void retrieveSubscriptionAnswersEveryMemberAsCreated() {
        String id = id("Subscription");
        String vehicle = id("Vehicle");
        Instant expiry = Instant.parse("2099-01-01T00:00:00Z");
        created("{\"id\":\"" + id + "\",\"type\":\"Subscription\",\"subscriptionName\":\"fleet\",\"description\":\"all the fleet\","
                + "\"entities\":[{\"type\":\"Vehicle\",\"id\":\"" + vehicle + "\"},{\"type\":\"Vehicle\",\"idPattern\":\"urn:ngsi-ld:Vehicle:b.*\"}],"
                + "\"watchedAttributes\":[\"speed\",\"fuel\"],\"q\":\"speed>50\","
                + "\"geoQ\":{\"georel\":\"near;maxDistance==2000\",\"geometry\":\"Point\",\"coordinates\":[120.1,30.2]},"
                + "\"notification\":{\"attributes\":[\"speed\"],\"format\":\"keyValues\","
                + "\"endpoint\":{\"uri\":\"" + ENDPOINT + "\",\"accept\":\"application/ld+json\"}},"
                + "\"throttling\":2.5,\"expiresAt\":\"" + expiry + "\",\"isActive\":false}");
        JsonNode s = retrieved(id);
        assertThat(s.get("id").asText()).isEqualTo(id);
        assertThat(s.get("type").asText()).isEqualTo("Subscription");
        assertThat(s.get("subscriptionName").asText()).isEqualTo("fleet");
        assertThat(s.get("description").asText()).isEqualTo("all the fleet");
        assertThat(s.get("entities").get(0).get("id").asText()).isEqualTo(vehicle);
        assertThat(s.get("entities").get(1).get("idPattern").asText()).isEqualTo("urn:ngsi-ld:Vehicle:b.*");
        assertThat(s.get("entities").get(1).get("type").asText()).isEqualTo("Vehicle");
        assertThat(s.get("watchedAttributes")).extracting(JsonNode::asText).containsExactlyInAnyOrder("speed", "fuel");
        assertThat(s.get("q").asText()).isEqualTo("speed>50");
        assertThat(s.get("geoQ").get("georel").asText()).isEqualTo("near;maxDistance==2000");
        assertThat(s.get("geoQ").get("coordinates").toString()).isEqualTo("[120.1,30.2]");
        assertThat(s.get("notification").get("attributes").get(0).asText()).isEqualTo("speed");
        assertThat(s.get("notification").get("format").asText()).isEqualTo("keyValues");
        assertThat(s.get("notification").get("endpoint").get("accept").asText()).isEqualTo("application/ld+json");
        assertThat(s.get("throttling").asDouble()).isEqualTo(2.5);
        assertThat(Instant.parse(s.get("expiresAt").asText())).isEqualTo(expiry);
        assertThat(s.get("isActive").asBoolean()).isFalse();
        assertThat(s.get("status").asText()).isEqualTo("paused");
    }

    /** 5.8.3.4: an unknown subscription is ResourceNotFound. */
    @Test
    void retrieveUnknownSubscriptionIsResourceNotFound() {
        assertProblem(call("GET", "/subscriptions/" + id("Subscription"), null), 404, NOT_FOUND);
    }

    /** 5.8.3.4: an id that is not a URI is BadRequestData. */
    @Test
    void retrieveSubscriptionWithAnIdThatIsNotAUriIsBadRequestData() {
        assertProblem(call("GET", "/subscriptions/not-a-uri", null), 400, BAD_REQUEST_DATA);
    }

    /** 6.3.4: an Accept that allows neither JSON nor JSON-LD is 406, on retrieval and listing alike. */
    @Test
    void subscriptionAnswersToAnAcceptAllowingNeitherJsonNorJsonLdAre406() {
        String id = created(subscription(id("Subscription"), ""));
        for (String path : List.of("/subscriptions/" + id, "/subscriptions")) {
            ServerClient.Response r = client.send("GET", V1 + path, ADMIN, null, null, Map.of("Accept", "text/html"));
            assertThat(r.status()).as(path + " " + r.body()).isEqualTo(406);
            assertThat(client.send("GET", V1 + path, ADMIN, null, null, Map.of("Accept", "*/*")).status()).isEqualTo(200);
        }
    }

    /** 6.3.6 and 6.10.3.1: Accept application/ld+json puts the @context in the body, not in a Link header. */
    @Test
    void retrieveSubscriptionAsLdJsonCarriesTheContextInTheBody() {
        String id = created(subscription(id("Subscription"), ""));
        ServerClient.Response r = client.send("GET", V1 + "/subscriptions/" + id, ADMIN, null, null,
                Map.of("Accept", "application/ld+json"));
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.contentType()).hasValueSatisfying(c -> assertThat(c).startsWith("application/ld+json"));
        assertThat(r.json().has("@context")).isTrue();
        assertThat(r.header("Link")).isEmpty();
    }

    /** 6.3.6 and 6.10.3.1: as application/json the @context is named by a Link header, not in the body. */
    @Test
    void retrieveSubscriptionAsJsonNamesTheContextInALinkHeader() {
        String id = created(subscription(id("Subscription"), ""));
        ServerClient.Response r = linked("GET", "/subscriptions/" + id, null);
        assertThat(r.contentType()).hasValueSatisfying(c -> assertThat(c).startsWith("application/json"));
        assertThat(r.json().has("@context")).isFalse();
        assertThat(r.header("Link")).hasValueSatisfying(l -> assertThat(l).contains(TRANSPORTATION)
                .contains("rel=\"http://www.w3.org/ns/json-ld#context\""));
    }

    // ------------------------------------------------------------------ 5.8.4 query

    /** 5.8.4.4 and 5.5.9: a limit out of range is BadRequestData. */
    @Test
    void querySubscriptionsWithANegativeLimitIsBadRequestData() {
        assertProblem(call("GET", "/subscriptions?limit=-1", null), 400, BAD_REQUEST_DATA);
    }

    /** 5.8.4.4: the answer is an array of subscriptions, each with its status. */
    @Test
    void querySubscriptionsAnswersEachWithItsStatus() {
        String id = created(subscription(id("Subscription"), ",\"isActive\":false"));
        JsonNode all = call("GET", "/subscriptions?limit=1000", null).json();
        assertThat(all.isArray()).isTrue();
        JsonNode mine = null;
        for (JsonNode s : all) {
            if (s.get("id").asText().equals(id)) {
                mine = s;
            }
        }
        assertThat(mine).as("listed").isNotNull();
        assertThat(mine.get("status").asText()).isEqualTo("paused");
    }

    // ------------------------------------------------------------------ 5.8.2 update

    /** 5.8.2.4: an id that is not a URI is BadRequestData. */
    @Test
    void updateSubscriptionWithAnIdThatIsNotAUriIsBadRequestData() {
        assertProblem(call("PATCH", "/subscriptions/not-a-uri", "{\"throttling\":1}"), 400, BAD_REQUEST_DATA);
    }

    /** 5.8.2.4: an unknown subscription is ResourceNotFound. */
    @Test
    void updateUnknownSubscriptionIsResourceNotFound() {
        assertProblem(call("PATCH", "/subscriptions/" + id("Subscription"), "{\"throttling\":1}"), 404, NOT_FOUND);
    }

    /** 5.8.2.4 (5.5.4): a body that is not JSON is InvalidRequest. */
    @Test
    void updateSubscriptionWithMalformedJsonIsInvalidRequest() {
        String id = created(subscription(id("Subscription"), ""));
        assertProblem(call("PATCH", "/subscriptions/" + id, "{\"throttling\":"), 400, INVALID_REQUEST);
    }

    /** 5.8.2.4: a fragment that breaks 5.2.12 is BadRequestData, and the subscription stays as it was. */
    @Test
    void updateSubscriptionWithAnInvalidFragmentIsBadRequestDataAndChangesNothing() {
        String id = created(subscription(id("Subscription"), ",\"throttling\":3"));
        assertBadRequestData(call("PATCH", "/subscriptions/" + id, "{\"throttling\":-1,\"q\":\"speed>1\"}"), "$.throttling");
        JsonNode s = retrieved(id);
        assertThat(s.get("throttling").asInt()).isEqualTo(3);
        assertThat(s.has("q")).isFalse();
    }

    /** 5.2.12: the id cannot be changed by an update. */
    @Test
    void updateSubscriptionCannotChangeItsId() {
        String id = created(subscription(id("Subscription"), ""));
        assertBadRequestData(call("PATCH", "/subscriptions/" + id, "{\"id\":\"" + id("Subscription") + "\"}"), "$.id");
    }

    /** 5.8.2.4: isActive false pauses an active subscription (status paused). */
    @Test
    void updateIsActiveFalsePausesTheSubscription() {
        String id = created(subscription(id("Subscription"), ""));
        assertThat(call("PATCH", "/subscriptions/" + id, "{\"isActive\":false}").status()).isEqualTo(204);
        assertThat(retrieved(id).get("status").asText()).isEqualTo("paused");
    }

    /** 5.8.2.4: an expiresAt in the past is BadRequestData, whatever isActive says. */
    @Test
    void updateExpiresAtInThePastIsBadRequestData() {
        String id = created(subscription(id("Subscription"), ""));
        assertBadRequestData(call("PATCH", "/subscriptions/" + id, "{\"isActive\":true,\"expiresAt\":\"2001-01-01T00:00:00Z\"}"),
                "$.expiresAt");
        assertThat(retrieved(id).has("expiresAt")).isFalse();
    }

    /**
     * 5.8.2.4: isActive true leaves an expired subscription expired; a future expiresAt makes it
     * active again.
     */
    @Test
    void updateExpiresAtInTheFutureMakesAnExpiredSubscriptionActive() throws InterruptedException {
        Instant soon = Instant.now().plusMillis(800);
        String id = created(subscription(id("Subscription"), ",\"expiresAt\":\"" + soon + "\""));
        Thread.sleep(Math.max(0, soon.toEpochMilli() - System.currentTimeMillis()) + 100);
        assertThat(retrieved(id).get("status").asText()).isEqualTo("expired");
        assertThat(call("PATCH", "/subscriptions/" + id, "{\"isActive\":true}").status()).isEqualTo(204);
        assertThat(retrieved(id).get("status").asText()).as("isActive alone does not revive it").isEqualTo("expired");
        assertThat(call("PATCH", "/subscriptions/" + id, "{\"expiresAt\":\"2099-01-01T00:00:00Z\"}").status()).isEqualTo(204);
        assertThat(retrieved(id).get("status").asText()).isEqualTo("active");
    }

    /**
     * 5.4 and 5.8.2.4 (5.5.8): the fragment is a merge patch: a member nested in an object
     * replaces that member only, the object's other members stay.
     */
    @Test
    void updateOfANestedMemberKeepsItsSiblings() {
        String id = created(subscription(id("Subscription"), "").replace("\"uri\"", "\"accept\":\"application/ld+json\",\"uri\""));
        String other = "http://127.0.0.1:9/other";
        assertThat(call("PATCH", "/subscriptions/" + id, "{\"notification\":{\"endpoint\":{\"uri\":\"" + other + "\"}}}")
                .status()).isEqualTo(204);
        JsonNode endpoint = retrieved(id).get("notification").get("endpoint");
        assertThat(endpoint.get("uri").asText()).isEqualTo(other);
        assertThat(endpoint.get("accept").asText()).as("kept").isEqualTo("application/ld+json");
    }

    /** 5.4: a member whose value is null (JSON null or the NGSI-LD Null, "urn:ngsi-ld:null") is removed. */
    @Test
    void updateWithANullMemberRemovesIt() {
        String id = created(subscription(id("Subscription"), ",\"q\":\"speed>50\",\"throttling\":4,\"expiresAt\":\"2099-01-01T00:00:00Z\""));
        assertThat(call("PATCH", "/subscriptions/" + id, "{\"q\":null,\"throttling\":\"urn:ngsi-ld:null\"}").status())
                .isEqualTo(204);
        JsonNode s = retrieved(id);
        assertThat(s.has("q")).isFalse();
        assertThat(s.has("throttling")).isFalse();
        assertThat(s.get("expiresAt").asText()).as("not named, kept").startsWith("2099-01-01");
    }

    /** 5.4 and 5.2.12: removing a mandatory member is BadRequestData. */
    @Test
    void updateRemovingAMandatoryMemberIsBadRequestData() {
        String id = created(subscription(id("Subscription"), ""));
        assertBadRequestData(call("PATCH", "/subscriptions/" + id, "{\"notification\":null}"), "$.notification");
    }

    // ------------------------------------------------------------------ 5.8.5 delete

    /** 5.8.5.4: an unknown subscription is ResourceNotFound. */
    @Test
    void deleteUnknownSubscriptionIsResourceNotFound() {
        assertProblem(call("DELETE", "/subscriptions/" + id("Subscription"), null), 404, NOT_FOUND);
    }

    /** 5.8.5.4: an id that is not a URI is BadRequestData. */
    @Test
    void deleteSubscriptionWithAnIdThatIsNotAUriIsBadRequestData() {
        assertProblem(call("DELETE", "/subscriptions/not-a-uri", null), 400, BAD_REQUEST_DATA);
    }

    /** 5.8.5.4 and 6.11.3.3: 204, and the subscription is gone, from retrieval and from the list. */
    @Test
    void deleteSubscriptionAnswers204AndRemovesIt() {
        String id = created(subscription(id("Subscription"), ""));
        assertThat(call("DELETE", "/subscriptions/" + id, null).status()).isEqualTo(204);
        assertThat(call("GET", "/subscriptions/" + id, null).status()).isEqualTo(404);
        assertThat(call("GET", "/subscriptions?limit=1000", null).body()).doesNotContain(id);
    }
}
