package org.citybrain.hub.subscription;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.citybrain.hub.entity.EntityJson;
import org.citybrain.hub.jsonld.Contexts;
import org.citybrain.hub.jsonld.Expander;
import org.citybrain.hub.store.pg.PostgresDatabase;
import org.citybrain.hub.store.pg.PostgresSubscriptions;
import org.citybrain.hub.store.pg.TestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Every subscription test with the subscriptions in PostgreSQL, a schema per test; and two hubs on
 * one database: each sees the other's subscriptions, and neither overwrites or revives what the
 * other changed.
 */
class PostgresSubscriptionsIT extends SubscriptionManagerTest {
    private TestDatabase schema;
    private PostgresDatabase database;

    @Override
    SubscriptionStore store() {
        if (database == null) {
            schema = TestDatabase.createOrSkip();
            database = PostgresDatabase.open(schema.options(), 2);
        }
        return new PostgresSubscriptions(database);
    }

    @AfterEach
    void dropSchema() {
        close();
        manager = null;
        if (database != null) {
            database.close();
            schema.close();
        }
    }

    private SubscriptionManager hub() {
        return new SubscriptionManager(store(), id -> Optional.empty(), Contexts.shipped(), List.of(transport),
                new NotificationOptions(Duration.ofSeconds(1), 2, Duration.ofMillis(10), 3, 1000, 10, 1),
                Clock.systemUTC(), (ok, nanos) -> { });
    }

    private static JsonNode body(String id, String type) {
        return EntityJson.parse("{\"id\":\"urn:ngsi-ld:Subscription:" + id + "\",\"type\":\"Subscription\",\"entities\":[{\"type\":\""
                + type + "\"}],\"notification\":{\"endpoint\":{\"uri\":\"test://sink/n\"}}}");
    }

    @Test
    void twoHubsSeeEachOthersSubscriptionsAndNeitherRevivesADeletedOne() {
        Expander core = Contexts.shipped().expander(org.citybrain.hub.entity.JsonLdContext.EMPTY);
        try (SubscriptionManager a = hub(); SubscriptionManager b = hub()) {
            a.create(body("one", "Road"), core);
            URI one = URI.create("urn:ngsi-ld:Subscription:one");
            b.refresh();
            assertThat(b.find(one)).isPresent();

            b.update(one, EntityJson.parse("{\"entities\":[{\"type\":\"Parking\"}]}"), core);
            // a's copy is stale: its update is applied again on b's state, not over it
            a.update(one, EntityJson.parse("{\"description\":\"from a\"}"), core);
            b.refresh();
            Subscription seen = b.find(one).orElseThrow().subscription();
            assertThat(seen.entities().get(0).type()).endsWith("Parking");
            assertThat(seen.description()).hasValue("from a");

            b.delete(one);
            a.close(); // writes a's counters: must not bring the deleted subscription back
            assertThat(new PostgresSubscriptions(database).load()).isEmpty();
        }
    }
}
