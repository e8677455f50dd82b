package org.citybrain.server.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Predicate;
import org.citybrain.server.NotificationReceiver;
import org.citybrain.server.ServerClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * Notification behaviour (ETSI GS CIM 009, 5.11 in V1.6.1, 5.8.6 in later versions; the
 * notification data type 5.3.1; the HTTP binding of notifications 7.2): which changes notify,
 * what a notification carries and how, and what the subscription records of its deliveries.
 * Notifications go to a real HTTP endpoint in the test ({@link NotificationReceiver}); each test
 * uses its own entity type, so only its own entities can notify its subscriptions.
 */
class NotificationConformanceIT extends ConformanceServer {
    /** How long a test waits for a notification that must come, and for one that must not. */
    private static final double COMES = 10;
    private static final double NEVER = 1.5;
    private static final NotificationReceiver receiver = new NotificationReceiver();

    @AfterAll
    static void stopReceiver() {
        receiver.close();
    }

    /** A type of this test's own (a term of the core context). */
    private static String type() {
        return "T" + UUID.randomUUID().toString().replace("-", "");
    }

    private static String entity(String id, String type, String attributes) {
        return "{\"id\":\"" + id + "\",\"type\":\"" + type + "\"" + (attributes.isEmpty() ? "" : "," + attributes) + "}";
    }

    private static String speed(double value) {
        return "\"speed\":{\"type\":\"Property\",\"value\":" + value + "}";
    }

    private static String point(double lon, double lat) {
        return "\"location\":{\"type\":\"GeoProperty\",\"value\":{\"type\":\"Point\",\"coordinates\":[" + lon + "," + lat + "]}}";
    }

    /** Subscribes {@code name}'s endpoint with {@code members} (entities, watchedAttributes, q, ...) and {@code notification} members. */
    private String subscribe(String name, String members, String notification) {
        String id = id("Subscription");
        ServerClient.Response r = call("POST", "/subscriptions", "{\"id\":\"" + id + "\",\"type\":\"Subscription\"," + members
                + ",\"notification\":{" + notification + (notification.isEmpty() ? "" : ",")
                + "\"endpoint\":{\"uri\":\"" + receiver.url(name) + "\"}}}");
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return id;
    }

    private static String entities(String type) {
        return "\"entities\":[{\"type\":\"" + type + "\"}]";
    }

    private void create(String body) {
        ServerClient.Response r = call("POST", "/entities", body);
        assertThat(r.status()).as(r.body()).isEqualTo(201);
    }

    private void update(String id, String attributes) {
        ServerClient.Response r = call("PATCH", "/entities/" + id + "/attrs", "{" + attributes + "}");
        assertThat(r.status()).as(r.body()).isEqualTo(204);
    }

    private static String name() {
        return UUID.randomUUID().toString();
    }

    /** The next notification to {@code name}, which must come. */
    private static NotificationReceiver.Received notified(String name) {
        NotificationReceiver.Received n = receiver.next(name, COMES);
        assertThat(n).as("a notification to " + name).isNotNull();
        return n;
    }

    /** The ids of the entities in the notifications that come to {@code name} within {@code seconds}. */
    private static List<String> notifiedIds(String name, double seconds) {
        List<String> ids = new ArrayList<>();
        long end = System.nanoTime() + (long) (seconds * 1e9);
        NotificationReceiver.Received n;
        while ((n = receiver.next(name, Math.max(0, (end - System.nanoTime()) / 1e9))) != null) {
            n.body().get("data").forEach(e -> ids.add(e.get("id").asText()));
        }
        return ids;
    }

    // ------------------------------------------------------------------ which changes notify

    /** 5.11: without watchedAttributes, a change of any attribute notifies, with the whole entity. */
    @Test
    void withoutWatchedAttributesAChangeOfAnyAttributeNotifies() {
        String type = type();
        String id = id(type);
        create(entity(id, type, speed(1) + ",\"fuel\":{\"type\":\"Property\",\"value\":50}"));
        String name = name();
        subscribe(name, entities(type), "");
        update(id, "\"fuel\":{\"type\":\"Property\",\"value\":49}");
        JsonNode data = notified(name).body().get("data").get(0);
        assertThat(data.get("fuel").get("value").asInt()).isEqualTo(49);
        assertThat(data.get("speed").get("value").asDouble()).as("without notification.attributes, all of them").isEqualTo(1);
    }

    /** 5.11: an attribute changes when one of its members gets another value; writing the same value again notifies nothing. */
    @Test
    void anUpdateThatChangesNoValueDoesNotNotify() {
        String type = type();
        String id = id(type);
        create(entity(id, type, speed(30)));
        String name = name();
        subscribe(name, entities(type), "");
        update(id, speed(30));
        assertThat(receiver.next(name, NEVER)).as("the same value again").isNull();
        update(id, speed(31));
        assertThat(notified(name).body().get("data").get(0).get("speed").get("value").asDouble()).as("a new value notifies")
                .isEqualTo(31);
    }

    /** 5.2.8 and 5.11: an entities member with a type only selects every entity of that type, and no other. */
    @Test
    void anEntitiesMemberWithATypeOnlySelectsEveryEntityOfThatType() {
        String type = type();
        String other = type();
        String name = name();
        subscribe(name, entities(type), "");
        String a = id(type);
        String b = id(type);
        create(entity(a, type, speed(1)));
        create(entity(b, type, speed(2)));
        create(entity(id(other), other, speed(3)));
        assertThat(notifiedIds(name, 3)).containsExactlyInAnyOrder(a, b);
    }

    /** 5.2.8 and 5.11: idPattern selects the entities of the type whose id matches the regular expression. */
    @Test
    void idPatternSelectsTheEntitiesWhoseIdMatchesIt() {
        String type = type();
        String name = name();
        String prefix = "urn:ngsi-ld:" + type + ":north-";
        subscribe(name, "\"entities\":[{\"type\":\"" + type + "\",\"idPattern\":\"" + prefix + ".*\"}]", "");
        String north = prefix + UUID.randomUUID();
        create(entity(north, type, speed(1)));
        create(entity("urn:ngsi-ld:" + type + ":south-" + UUID.randomUUID(), type, speed(2)));
        assertThat(notifiedIds(name, 3)).containsExactly(north);
    }

    /** 5.2.12 and 5.11: watchedAttributes without entities selects entities of any type that change one of them. */
    @Test
    void watchedAttributesWithoutEntitiesNotifyChangesOfAnyType() {
        String attribute = "a" + UUID.randomUUID().toString().replace("-", "");
        String name = name();
        subscribe(name, "\"watchedAttributes\":[\"" + attribute + "\"]", "");
        String first = type();
        String second = type();
        String a = id(first);
        String b = id(second);
        create(entity(a, first, "\"" + attribute + "\":{\"type\":\"Property\",\"value\":1}"));
        create(entity(b, second, "\"" + attribute + "\":{\"type\":\"Property\",\"value\":2}"));
        create(entity(id(first), first, speed(3)));
        assertThat(notifiedIds(name, 3)).containsExactlyInAnyOrder(a, b);
    }

    /** 5.11 (4.10): geoQ: only entities that meet the geo-query are notified. */
    @Test
    void geoQFiltersTheNotifiedEntities() {
        String type = type();
        String name = name();
        subscribe(name, entities(type) + ",\"geoQ\":{\"georel\":\"near;maxDistance==1000\",\"geometry\":\"Point\","
                + "\"coordinates\":[120.15,30.28]}", "");
        String near = id(type);
        create(entity(near, type, point(120.151, 30.281)));
        create(entity(id(type), type, point(121.47, 31.23)));
        assertThat(notifiedIds(name, 3)).containsExactly(near);
    }

    /** 5.11 (4.9): q is tested on the entity as changed: a change that leaves it unmatched notifies nothing. */
    @Test
    void qIsTestedOnTheChangedEntity() {
        String type = type();
        String id = id(type);
        create(entity(id, type, speed(10)));
        String name = name();
        subscribe(name, entities(type) + ",\"q\":\"speed<20\"", "");
        update(id, speed(25));
        assertThat(receiver.next(name, NEVER)).as("25 is not < 20").isNull();
        update(id, speed(15));
        notified(name); // 15 is
    }

    /** 5.11: a change notifies whatever operation made it: batch upsert (5.6.8) included. */
    @Test
    void aBatchUpsertNotifiesLikeAnyOtherChange() {
        String type = type();
        String name = name();
        subscribe(name, entities(type), "");
        String a = id(type);
        String b = id(type);
        ServerClient.Response r = call("POST", "/entityOperations/upsert", "[" + entity(a, type, speed(1)) + ","
                + entity(b, type, speed(2)) + "]");
        assertThat(r.status()).as(r.body()).isLessThan(300);
        assertThat(notifiedIds(name, 3)).containsExactlyInAnyOrder(a, b);
    }

    /**
     * 5.11 and 5.2.12 (default notificationTrigger: attributeCreated and attributeUpdated): deleting
     * an attribute notifies nothing, watched or not.
     */
    @Test
    void deletingAnAttributeDoesNotNotify() {
        String type = type();
        String id = id(type);
        create(entity(id, type, speed(1) + ",\"fuel\":{\"type\":\"Property\",\"value\":50}"));
        String any = name();
        String watching = name();
        subscribe(any, entities(type), "");
        subscribe(watching, entities(type) + ",\"watchedAttributes\":[\"fuel\"]", "");
        assertThat(call("DELETE", "/entities/" + id + "/attrs/fuel", null).status()).isEqualTo(204);
        assertThat(receiver.next(any, NEVER)).isNull();
        assertThat(receiver.next(watching, 0.1)).isNull();
        update(id, speed(2));
        JsonNode data = notified(any).body().get("data").get(0);
        assertThat(data.get("speed").get("value").asDouble()).isEqualTo(2);
        assertThat(data.has("fuel")).isFalse();
    }

    /** 5.11 and 5.2.12 (default notificationTrigger): deleting an entity notifies nothing. */
    @Test
    void deletingAnEntityDoesNotNotify() {
        String type = type();
        String id = id(type);
        create(entity(id, type, speed(1)));
        String name = name();
        subscribe(name, entities(type), "");
        assertThat(call("DELETE", "/entities/" + id, null).status()).isEqualTo(204);
        assertThat(receiver.next(name, NEVER)).isNull();
    }

    // ------------------------------------------------------------------ what a notification carries

    /** 5.3.1 and 5.11: normalized by default: each attribute with its type and value, and no system attributes. */
    @Test
    void notificationsAreNormalizedByDefaultWithoutSystemAttributes() {
        String type = type();
        String name = name();
        subscribe(name, entities(type), "");
        String id = id(type);
        create(entity(id, type, speed(7) + ",\"owner\":{\"type\":\"Relationship\",\"object\":\"urn:ngsi-ld:Person:1\"}"));
        JsonNode data = notified(name).body().get("data").get(0);
        assertThat(data.get("id").asText()).isEqualTo(id);
        assertThat(data.get("type").asText()).isEqualTo(type);
        assertThat(data.get("speed").get("type").asText()).isEqualTo("Property");
        assertThat(data.get("speed").get("value").asDouble()).isEqualTo(7);
        assertThat(data.get("owner").get("type").asText()).isEqualTo("Relationship");
        assertThat(data.get("owner").get("object").asText()).isEqualTo("urn:ngsi-ld:Person:1");
        assertThat(data.has("createdAt")).isFalse();
        assertThat(data.get("speed").has("modifiedAt")).isFalse();
    }

    /** 5.11 (4.5.4): format keyValues: each attribute as its bare value; as application/json, no @context in the body. */
    @Test
    void keyValuesNotificationsCarryBareValues() {
        String type = type();
        String name = name();
        subscribe(name, entities(type), "\"format\":\"keyValues\"");
        String id = id(type);
        create(entity(id, type, speed(8)));
        NotificationReceiver.Received n = notified(name);
        assertThat(n.header("Content-Type")).startsWith("application/json");
        assertThat(n.body().has("@context")).isFalse();
        assertThat(n.body().get("data").get(0).get("speed").asDouble()).isEqualTo(8);
    }

    /** 5.3.1: id (a URI, new for every notification), type Notification, subscriptionId, notifiedAt, data. */
    @Test
    void everyNotificationHasItsOwnIdAndTheSubscriptionsId() {
        String type = type();
        String name = name();
        String subscription = subscribe(name, entities(type), "");
        Instant before = Instant.now().minusSeconds(1);
        create(entity(id(type), type, speed(1)));
        NotificationReceiver.Received first = notified(name);
        create(entity(id(type), type, speed(2)));
        NotificationReceiver.Received second = notified(name);
        for (NotificationReceiver.Received n : List.of(first, second)) {
            assertThat(n.body().get("type").asText()).isEqualTo("Notification");
            assertThat(n.body().get("subscriptionId").asText()).isEqualTo(subscription);
            assertThat(Instant.parse(n.body().get("notifiedAt").asText())).isAfter(before);
            assertThat(n.body().get("data").isArray()).isTrue();
        }
        assertThat(first.body().get("id").asText()).startsWith("urn:").isNotEqualTo(second.body().get("id").asText());
    }

    // ------------------------------------------------------------------ what the subscription records

    /** 5.11: after a delivery the endpoint took, timesSent, lastNotification and lastSuccess are set and status is ok. */
    @Test
    void aSuccessfulNotificationIsRecordedInTheSubscription() throws InterruptedException {
        String type = type();
        String name = name();
        String subscription = subscribe(name, entities(type), "");
        Instant before = Instant.now().minusSeconds(1);
        create(entity(id(type), type, speed(1)));
        notified(name);
        // the status is written just after the endpoint answered
        JsonNode notification = status(subscription, n -> n.get("timesSent").asInt() > 0);
        assertThat(notification.get("timesSent").asInt()).isEqualTo(1);
        assertThat(notification.get("status").asText()).isEqualTo("ok");
        assertThat(Instant.parse(notification.get("lastNotification").asText())).isAfter(before);
        assertThat(Instant.parse(notification.get("lastSuccess").asText())).isAfter(before);
        assertThat(notification.has("lastFailure")).isFalse();
    }

    /**
     * 5.11: a delivery that fails sets lastFailure and status failed; the next one the endpoint
     * takes sets lastSuccess and status ok again, the failure staying counted.
     */
    @Test
    void aSuccessAfterAFailureMakesTheStatusOkAgain() throws InterruptedException {
        String type = type();
        String name = name();
        String subscription = id("Subscription");
        ServerClient.Response r = call("POST", "/subscriptions", "{\"id\":\"" + subscription + "\",\"type\":\"Subscription\","
                + entities(type) + ",\"notification\":{\"endpoint\":{\"uri\":\"" + receiver.url(name, true) + "\"}}}");
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        create(entity(id(type), type, speed(1)));
        JsonNode failed = status(subscription, n -> n.get("timesFailed").asInt() > 0);
        assertThat(failed.get("status").asText()).isEqualTo("failed");
        assertThat(failed.has("lastFailure")).isTrue();
        assertThat(failed.has("lastSuccess")).isFalse();
        assertThat(call("PATCH", "/subscriptions/" + subscription, "{\"notification\":{\"endpoint\":{\"uri\":\""
                + receiver.url(name) + "\"}}}").status()).isEqualTo(204);
        create(entity(id(type), type, speed(2)));
        notified(name);
        JsonNode ok = status(subscription, n -> n.has("lastSuccess"));
        assertThat(ok.get("status").asText()).isEqualTo("ok");
        assertThat(ok.get("timesSent").asInt()).isEqualTo(2);
        assertThat(ok.get("timesFailed").asInt()).isEqualTo(1);
        assertThat(Instant.parse(ok.get("lastSuccess").asText())).isAfterOrEqualTo(Instant.parse(ok.get("lastFailure").asText()));
    }

    /** The subscription's notification member once {@code until} holds (within 30 s: failures are retried first). */
    private JsonNode status(String subscription, Predicate<JsonNode> until) throws InterruptedException {
        JsonNode notification = null;
        for (int i = 0; i < 300; i++) {
            notification = call("GET", "/subscriptions/" + subscription, null).json().get("notification");
            if (until.test(notification)) {
                return notification;
            }
            Thread.sleep(100);
        }
        return notification;
    }
}
