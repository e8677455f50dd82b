package org.citybrain.hub.subscription;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.citybrain.hub.context.ContextException;
import org.citybrain.hub.context.EntityChange;
import org.citybrain.hub.entity.Entity;
import org.citybrain.hub.entity.EntityJson;
import org.citybrain.hub.entity.JsonLdContext;
import org.citybrain.hub.entity.NgsiLdException;
import org.citybrain.hub.entity.Property;
import org.citybrain.hub.jsonld.ContextRegistry;
import org.citybrain.hub.jsonld.Contexts;
import org.citybrain.hub.jsonld.Expander;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Matching, ordering, retries and durability of subscriptions, with a transport the test drives;
 * kept in a file here, in PostgreSQL by {@code PostgresSubscriptionsIT}, which runs the same tests.
 */
class SubscriptionManagerTest {
    static final String VOCAB = "https://uri.etsi.org/ngsi-ld/default-context/";
    static final Expander CORE = Contexts.shipped().expander(org.citybrain.hub.entity.JsonLdContext.EMPTY);

    @TempDir
    Path dir;

    /** Records notifications; each completes when the test says (or at once). */
    static final class Transport implements NotificationTransport {
        final BlockingQueue<Notification> sent = new LinkedBlockingQueue<>();
        final BlockingQueue<CompletableFuture<Void>> answers = new LinkedBlockingQueue<>();
        volatile boolean manual;
        volatile boolean failing;

        @Override
        public boolean serves(String scheme) {
            return scheme.equals("test");
        }

        @Override
        public void check(URI endpoint) {
        }

        @Override
        public CompletableFuture<Void> send(Notification notification) {
            sent.add(notification);
            if (failing) {
                return CompletableFuture.failedFuture(new IllegalStateException("HTTP 500"));
            }
            CompletableFuture<Void> answer = manual ? new CompletableFuture<>() : CompletableFuture.completedFuture(null);
            answers.add(answer);
            return answer;
        }

        Notification next() throws InterruptedException {
            return sent.poll(5, TimeUnit.SECONDS);
        }
    }

    final Map<URI, Entity> entities = new ConcurrentHashMap<>();
    final Transport transport = new Transport();
    SubscriptionManager manager;

    /** Where the subscriptions are kept: a file here, PostgreSQL in {@code PostgresSubscriptionsIT}. */
    SubscriptionStore store() {
        return SubscriptionStore.file(dir.resolve("subscriptions.json"));
    }

    private SubscriptionManager open(NotificationOptions options) {
        return open(options, Contexts.shipped());
    }

    private SubscriptionManager open(NotificationOptions options, Contexts contexts) {
        Function<URI, Optional<Entity>> find = id -> Optional.ofNullable(entities.get(id));
        manager = new SubscriptionManager(store(), find, contexts, List.of(transport),
                options, Clock.systemUTC(), (ok, nanos) -> { });
        return manager;
    }

    private SubscriptionManager open() {
        return open(Contexts.shipped());
    }

    private SubscriptionManager open(Contexts contexts) {
        return open(new NotificationOptions(Duration.ofSeconds(1), 2, Duration.ofMillis(10), 3, 1000, 10, 1), contexts);
    }

    @AfterEach
    void close() {
        if (manager != null) {
            manager.close();
        }
    }

    private static JsonNode json(String text) {
        return EntityJson.parse(text);
    }

    private static String subscription(String id, String type, String extra) {
        return "{\"id\":\"urn:ngsi-ld:Subscription:" + id + "\",\"type\":\"Subscription\",\"entities\":[{\"type\":\"" + type
                + "\"}],\"notification\":{\"endpoint\":{\"uri\":\"test://sink/" + id + "\"}}" + extra + "}";
    }

    private URI put(String id, String type, double speed) {
        URI uri = URI.create("urn:ngsi-ld:" + type + ":" + id);
        entities.put(uri, Entity.of(uri, VOCAB + type).withAttribute(VOCAB + "speed", Property.of(speed)));
        return uri;
    }

    private void change(URI id, String type, String... attributes) {
        Set<String> names = new java.util.HashSet<>();
        for (String a : attributes) {
            names.add(VOCAB + a);
        }
        manager.accept(new EntityChange(id, VOCAB + type, names, EntityChange.Kind.UPDATED, System.nanoTime()));
    }

    @Test
    void aChangeNotifiesOnlySubscriptionsOfItsEntityType() throws Exception {
        open().create(json(subscription("roads", "Road", "")), CORE);
        manager.create(json(subscription("lights", "Streetlight", "")), CORE);
        change(put("1", "Road", 40), "Road", "speed");
        Notification n = transport.next();
        assertThat(n.endpoint().toString()).isEqualTo("test://sink/roads");
        assertThat(n.body().get("data").get(0).get("speed").get("value").asDouble()).isEqualTo(40);
        assertThat(transport.sent.poll(200, TimeUnit.MILLISECONDS)).isNull();
    }

    @Test
    void oneNotificationOfASubscriptionIsInFlightAtATimeAndLaterChangesAreCoalesced() throws Exception {
        transport.manual = true;
        open().create(json(subscription("ordered", "Road", "")), CORE);
        change(put("1", "Road", 1), "Road", "speed");
        Notification first = transport.next();
        change(put("2", "Road", 2), "Road", "speed");
        change(put("3", "Road", 3), "Road", "speed");
        change(put("2", "Road", 22), "Road", "speed");
        assertThat(transport.sent.poll(200, TimeUnit.MILLISECONDS)).as("waits for the first").isNull();
        transport.answers.take().complete(null);
        Notification second = transport.next();
        assertThat(first.body().get("data")).hasSize(1);
        assertThat(second.body().get("data")).hasSize(2);
        assertThat(second.body().get("data").get(0).get("speed").get("value").asDouble()).as("latest state").isEqualTo(22);
    }

    @Test
    void aFailedNotificationIsRetriedThenRecordedAsFailed() throws Exception {
        transport.failing = true;
        open().create(json(subscription("failing", "Road", "")), CORE);
        change(put("1", "Road", 1), "Road", "speed");
        for (int attempt = 0; attempt < 3; attempt++) {
            assertThat(transport.next()).as("attempt %d", attempt).isNotNull();
        }
        DeliveryStatus status = null;
        for (int i = 0; i < 50 && (status == null || status.timesFailed() == 0); i++) {
            Thread.sleep(20);
            status = manager.find(URI.create("urn:ngsi-ld:Subscription:failing")).orElseThrow().status();
        }
        assertThat(status.timesSent()).isEqualTo(1);
        assertThat(status.timesFailed()).isEqualTo(1);
        assertThat(status.status()).isEqualTo("failed");
        assertThat(transport.sent.poll(100, TimeUnit.MILLISECONDS)).as("two retries only").isNull();
    }

    @Test
    void changesBeyondThePendingLimitAreDroppedAndCounted() throws Exception {
        transport.manual = true;
        open().create(json(subscription("busy", "Road", "")), CORE);
        change(put("0", "Road", 1), "Road", "speed");
        transport.next(); // in flight: the next ones wait
        for (int i = 1; i <= 5; i++) {
            change(put(Integer.toString(i), "Road", i), "Road", "speed");
        }
        assertThat(manager.dropped()).isEqualTo(2);
    }

    @Test
    void aSubscriptionWhoseContextIsNoLongerKnownStaysStoredInactiveAndTheOthersLoad() {
        URI url = URI.create("https://city.example.org/contexts/lighting.jsonld");
        JsonNode document = json("{\"@context\": {\"Lamp\": \"https://city.example.org/ns#Lamp\"}}");
        Contexts contexts = Contexts.shipped().with(ContextRegistry.inMemory());
        String added = contexts.add(Optional.of(url), document, Instant.now()).id();
        open(contexts).create(json(subscription("city", "Lamp", "")), contexts.expander(JsonLdContext.of(url.toString())));
        manager.create(json(subscription("core", "Road", "")), CORE);
        manager.close();
        contexts.remove(added);

        open(contexts);

        assertThat(manager.find(URI.create("urn:ngsi-ld:Subscription:core"))).isPresent();
        assertThat(manager.find(URI.create("urn:ngsi-ld:Subscription:city"))).isEmpty();
        manager.close();
        contexts.add(Optional.of(url), document, Instant.now());
        assertThat(open(contexts).find(URI.create("urn:ngsi-ld:Subscription:city"))).as("still stored").isPresent();
    }

    @Test
    void subscriptionsAreReadBackAfterReopening() {
        open().create(json(subscription("kept", "Road", ",\"q\":\"speed>3\",\"watchedAttributes\":[\"speed\"]")), CORE);
        manager.close();
        SubscriptionManager reopened = open();
        Subscription s = reopened.find(URI.create("urn:ngsi-ld:Subscription:kept")).orElseThrow().subscription();
        assertThat(s.q()).hasValue("speed>3");
        assertThat(s.watchedAttributes()).containsExactly(VOCAB + "speed");
        assertThat(s.entities().get(0).type()).isEqualTo(VOCAB + "Road");
    }

    @Test
    void aTakenIdIsAlreadyExistsAndAnUnknownOneIsNotFound() {
        open().create(json(subscription("once", "Road", "")), CORE);
        assertThatThrownBy(() -> manager.create(json(subscription("once", "Road", "")), CORE))
                .isInstanceOf(ContextException.class).hasMessageContaining("already exists");
        assertThatThrownBy(() -> manager.delete(URI.create("urn:ngsi-ld:Subscription:never")))
                .isInstanceOf(ContextException.class);
        assertThatThrownBy(() -> manager.create(json(subscription("bad", "Road", ",\"throttling\":\"soon\"")), CORE))
                .isInstanceOf(NgsiLdException.class).hasMessageStartingWith("$.throttling");
    }
}
