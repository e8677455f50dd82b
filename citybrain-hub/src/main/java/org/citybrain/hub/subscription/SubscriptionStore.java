package org.citybrain.hub.subscription;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Optional;

/**
 * Where a {@link SubscriptionManager} keeps its subscriptions, each as one JSON object (the
 * subscription with its {@code @context}, {@code createdAt}, {@code modifiedAt} and delivery
 * counters). The manager calls {@link #save} after each change, with every subscription and the
 * one change; a store keeps whichever it needs: a file rewrites everything
 * ({@link #file}), a database applies the change alone, checking that the subscription is still as
 * this process last read it.
 */
public interface SubscriptionStore {

    /** What changed: one subscription created, replaced or deleted, or only the counters of all. */
    enum Kind {
        CREATE,
        REPLACE,
        DELETE,
        COUNTERS
    }

    /**
     * One change.
     *
     * @param id                 the subscription (empty for {@link Kind#COUNTERS})
     * @param expectedModifiedAt for REPLACE and DELETE, the {@code modifiedAt} this process read
     * @param node               for CREATE and REPLACE, the new state
     */
    record Write(Kind kind, String id, Optional<String> expectedModifiedAt, Optional<ObjectNode> node) {
    }

    /** Every subscription stored. */
    List<JsonNode> load();

    /**
     * Makes one change durable.
     *
     * @param all   every subscription this process knows, after the change
     * @return false, changing nothing, if the store holds another state than expected: the id is
     *         taken (CREATE), or the subscription was changed or deleted by another process
     *         (REPLACE, DELETE); COUNTERS skip subscriptions changed elsewhere and return true
     */
    boolean save(List<ObjectNode> all, Write write);

    /**
     * Whether other processes may change the store (a shared database): the manager then reloads
     * it now and then to see their subscriptions.
     */
    default boolean shared() {
        return false;
    }

    /** Subscriptions in one JSON file, rewritten atomically on every change. */
    static SubscriptionStore file(java.nio.file.Path file) {
        return new FileSubscriptionStore(file);
    }
}
